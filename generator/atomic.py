"""Replacing a whole folder or file in one step, so readers see the old one or the new one."""

from __future__ import annotations

import ctypes
import os
import shutil
import time
from pathlib import Path


def replace_file(path: Path, data: bytes, sync: bool = False) -> None:
    """Write `path` whole or not at all: into a sibling first, then renamed over it; with
    `sync`, on the disk before the rename."""
    staging = path.with_name(path.name + ".new")
    with open(staging, "wb") as out:
        out.write(data)
        if sync:
            out.flush()
            os.fsync(out.fileno())
    os.replace(staging, path)


def wait_for_lock(handle, wait: float, poll: float) -> bool:
    """Take an exclusive `flock` on the open file or folder `handle`, waiting up to `wait`
    seconds for whoever holds it; False if it was not free in time. Closing releases it."""
    import fcntl  # POSIX; callers without it do not lock

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(poll)


def remove_stale(out: Path) -> None:
    """Staging folders left by a build that was killed."""
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


_RENAME_EXCHANGE = 2


def swap_into_place(staging: Path, out: Path) -> None:
    """Make `staging` the site at `out` in one step; the old site ends up in `staging`."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    # No atomic exchange here (not Linux): two renames, the old site kept until the new is in place.
    old = staging.with_name(staging.name + "-old")
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0
