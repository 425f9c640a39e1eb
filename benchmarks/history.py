"""What reading git history costs a build: `python benchmarks/history.py --incidents 10000`.

It writes the history of `benchmarks/run.py` (N incidents, three updates each) into a git
repository as it would have grown: one commit per update, so 3N commits (with `git
fast-import`, which takes seconds), plus one correction in every 100th incident. It then
builds the same content, alternately, three times each: in the repository with the history
read from scratch, again with what that build kept in `.git/openbook-history.json` (as the
next CI build has it from the Actions cache), and in a copy without `.git` (no history), and
prints the medians and the differences.
"""

from __future__ import annotations

import argparse
import calendar
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import run  # noqa: E402 - the corpus of the main benchmark

NOW = "2027-06-01T00:00:00Z"


def _versions(text: str) -> list[str]:
    """The file after its first, second and third update: each version has one more."""
    head, rest = text.split("updates:\n", 1)
    updates = re.findall(r"  - at: .*\n    status: .*\n    text: .*\n", rest)
    tail = rest.split("---\n", 1)[1] if "---\n" in rest else ""
    return [head + "updates:\n" + "".join(updates[:n]) + "---\n" + tail for n in (1, 2, 3)]


def _day_after(moment: str) -> str:
    later = datetime.fromisoformat(moment.replace("Z", "+00:00")) + timedelta(days=1)
    return later.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_repository(folder: Path, count: int) -> int:
    run.generate(folder / "content", count)
    files = sorted((folder / "content" / "incidents").glob("*.md"))
    commits = []  # (time, path, text)
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        times = re.findall(r"- at: (\S+)", text)
        versions = _versions(text)
        for at, version in zip(times, versions, strict=True):
            commits.append((at, path.relative_to(folder).as_posix(), version))
        if n % 100 == 0:  # a correction: the first update's words changed a day later
            fixed = versions[-1].replace("We're investigating", "We are investigating", 1)
            commits.append((_day_after(times[-1]), path.relative_to(folder).as_posix(), fixed))
    commits.sort(key=lambda c: c[0])
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    stream = []
    portal = (folder / "content" / "portal.yml").read_bytes()
    for mark, (at, path, text) in enumerate(commits, start=1):
        stamp = calendar.timegm(time.strptime(at, "%Y-%m-%dT%H:%M:%SZ"))
        data = text.encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Status <s@example.com> {stamp} +0000\n".encode())
        stream.append(b"data 6\nupdate\n")
        if mark == 1:
            stream.append(
                f"M 644 inline content/portal.yml\ndata {len(portal)}\n".encode() + portal + b"\n"
            )
        stream.append(f"M 644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(stream),
                   check=True)  # fmt: skip
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "-f", "main"], check=True)
    return len(commits)


def timed_build(content: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--out",
         str(out), "--now", NOW],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openbook-history-bench-") as work:
        work = Path(work)
        started = time.perf_counter()
        commits = make_repository(work / "repo", args.incidents)
        made = time.perf_counter() - started
        shutil.copytree(work / "repo" / "content", work / "plain")
        store = work / "repo" / ".git" / "openbook-history.json"
        cold, warm, without = [], [], []
        for _ in range(args.repeat):
            store.unlink(missing_ok=True)
            cold.append(timed_build(work / "repo" / "content", work / "site-git"))
            warm.append(timed_build(work / "repo" / "content", work / "site-git"))
            without.append(timed_build(work / "plain", work / "site-plain"))
        corrections = len(list((work / "site-git").glob("incidents/*/index.html")))
        changes = (work / "site-git" / "changes" / "index.html").read_text().count("ob-correction")
        kept = store.stat().st_size / 1e6
    a, w, b = (statistics.median(x) for x in (cold, warm, without))
    print("incidents | commits | repository made in | history read | history kept | without | kept")
    print(
        f"{args.incidents} | {commits} | {made:.1f} s | {a:.1f} s ({a - b:+.1f} s) | "
        f"{w:.1f} s ({w - b:+.1f} s) | {b:.1f} s | {kept:.1f} MB"
    )
    print(f"corrections listed on /changes/: {changes}")
    assert corrections >= args.incidents


if __name__ == "__main__":
    main()
