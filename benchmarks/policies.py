"""What reading a policy's git history costs: `python benchmarks/policies.py --versions 1000`.

It writes a repository (with `git fast-import`) where one policy of about 3,000 words got a
new version in each of N commits: a few words changed, the next `effective` date, a summary.
It then reads the history as a build does (`policy_revisions.read`: one `git log`, one `git
cat-file --batch`), in a fresh process each time: first from scratch, then with the record
that read kept in the git folder, and prints wall time, CPU time (the process and its git
children) and peak memory (the larger of the two) for each. `--build` also times
`openbook build` of the policy's pages (every version and every redline, in every language).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "data account customer service process keep delete request right access provider "
    "transfer storage period contract notice change support ticket log address invoice "
    "security review purpose consent legal basis processing region backup retention"
).split()
PORTAL = (ROOT / "content" / "portal.yml").read_bytes()

# Run in a child process, so its peak memory and CPU time are the read's own.
READ = """
import json, resource, sys, time
from pathlib import Path
from generator.content import policy_revisions
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
found = policy_revisions.read(Path(sys.argv[1]))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)
versions = sum(len(v) for v in found.policies.values())
size = sum(len(c.text) for v in found.policies.values() for c in v)
print(json.dumps({"wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime,
    "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   children.ru_maxrss) / 1024, "imports_mb": before / 1024, "versions": versions,
    "text_mb": size / 1e6}))
"""


def policy(rng: random.Random, paragraphs: list[list[str]], n: int, effective: date) -> bytes:
    if n:
        for _ in range(3):  # each version changes three words somewhere
            words = rng.choice(paragraphs)
            words[rng.randrange(len(words))] = rng.choice(WORDS)
    body = "\n\n".join(" ".join(p).capitalize() + "." for p in paragraphs)
    summary = f"summary: Version {n + 1}, three words changed.\n" if n else ""
    head = f"---\ntitle: Privacy policy\neffective: {effective.isoformat()}\n{summary}---\n"
    return (head + body + "\n").encode()


def make_repository(folder: Path, versions: int, words: int = 3000) -> None:
    rng = random.Random(27)
    paragraphs = [[rng.choice(WORDS) for _ in range(50)] for _ in range(words // 50)]
    first = date(2020, 1, 1)
    stream = []
    for n in range(versions):
        effective = first + timedelta(days=2 * n + 40)
        stamp = int(time.mktime((first + timedelta(days=2 * n)).timetuple()))
        data = policy(rng, paragraphs, n, effective)
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Legal <legal@example.com> {stamp} +0000\n".encode())
        stream.append(b"data 8\nversion\n")
        if n == 0:
            stream.append(b"M 644 inline content/portal.yml\n")
            stream.append(f"data {len(PORTAL)}\n".encode() + PORTAL + b"\n")
        stream.append(f"M 644 inline content/policies/privacy.md\ndata {len(data)}\n".encode())
        stream.append(data + b"\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(stream),
                   check=True)  # fmt: skip
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "-f", "main"], check=True)


def timed_read(content: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", READ, str(content)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time a whole build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openbook-policies-bench-") as work:
        repo = Path(work) / "repo"
        started = time.perf_counter()
        make_repository(repo, args.versions)
        made = time.perf_counter() - started
        store = repo / ".git" / "openbook-policies.json"
        cold, warm = [], []
        for _ in range(args.repeat):
            store.unlink(missing_ok=True)
            cold.append(timed_read(repo / "content"))
            warm.append(timed_read(repo / "content"))
        assert cold[0]["versions"] == args.versions, cold[0]
        print(f"{args.versions} versions, {cold[0]['text_mb']:.1f} MB of text, repository made "
              f"in {made:.1f} s; record kept: {store.stat().st_size / 1e3:.0f} kB")  # fmt: skip
        print(f"read | wall | CPU | peak memory (Python and imports alone: "
              f"{cold[0]['imports_mb']:.0f} MB)")  # fmt: skip
        for name, runs in (("from scratch", cold), ("with the record", warm)):
            wall, cpu, peak = (
                statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "peak_mb")
            )
            print(f"{name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {peak:.0f} MB")
        if args.build:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "generator", "build", "--content", str(repo / "content"),
                 "--out", str(Path(work) / "site"), "--now", "2026-01-01T00:00:00Z"],
                check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
            )  # fmt: skip
            pages = len(list((Path(work) / "site").rglob("index.html")))
            print(f"build: {time.perf_counter() - start:.1f} s, {pages} pages")
        shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()
