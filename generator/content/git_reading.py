"""Git read with the git command itself, each read split over two processes at once (one per
core): the commits with the files each changed, and the versions of files at given commits."""

from __future__ import annotations

import subprocess
import threading
from collections import defaultdict


def run_git(command: list[str]) -> str | None:
    """What a git command printed, or None when it failed or git could not run."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_log(git: str, root: str, commits: str = "HEAD") -> str:
    """Every commit, oldest first, with the files it changed: two `git log`s over the two
    halves of history at once, one per core. (No pathspec: git would then compare every
    commit's trees twice; the names are filtered here.)"""
    count = run_git([git, "-C", root, "rev-list", "--count", commits])
    if not count or not count.isdigit():
        return ""
    # Later commits have larger trees to compare: the newer part is the smaller one.
    split = int(count) * 3 // 10 + 1
    base = [git, "-C", root, "log", "--no-renames", "--format=%x00%H %ct", "--name-only"]
    runs = [
        subprocess.Popen([*base, f"--max-count={split}", commits], stdout=subprocess.PIPE),
        subprocess.Popen([*base, f"--skip={split}", commits], stdout=subprocess.PIPE),
    ]
    parts: list[bytes] = [b"", b""]

    def drain(n: int) -> None:  # both at once: a full pipe would stop the other
        parts[n] = runs[n].communicate()[0]

    threads = [threading.Thread(target=drain, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(r.returncode for r in runs):
        return ""
    blocks = (parts[0] + parts[1]).decode("utf-8", "replace").split("\x00")[1:]
    return "\x00" + "\x00".join(reversed(blocks))


def file_versions(git: str, root: str, wanted: dict[str, list]) -> dict[str, dict[str, str]]:
    """path -> commit -> the file's text at that commit (missing where the file was deleted),
    read by two `git cat-file --batch` at once."""
    requests = [(path, sha) for path, commits in wanted.items() for sha, _ in commits]
    if not requests:
        return {}
    halves = [requests[: len(requests) // 2], requests[len(requests) // 2 :]]
    data: list[bytes] = [b"", b""]

    def read(n: int) -> None:
        stdin = "".join(f"{sha}:{path}\n" for path, sha in halves[n]).encode()
        done = subprocess.run(
            [git, "-C", root, "cat-file", "--batch"], input=stdin, capture_output=True
        )
        data[n] = done.stdout

    threads = [threading.Thread(target=read, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk, half in zip(data, halves, strict=True):
        _split(chunk, half, out)
    return out


def _split(data: bytes, requests: list[tuple[str, str]], out: dict) -> None:
    """cat-file's answers, one per request, into `out`."""
    pos = 0
    for path, sha in requests:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":  # "<spec> missing": deleted here
            continue
        size = int(header[2])
        out[path][sha] = data[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
