"""Replacing a whole folder or file in one step, so readers see the old one or the new one."""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import IO, Any


def replace_file(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Write `path` whole or not at all, even if the machine stops: the bytes go into a file of
    their own beside it, reach the disk, and that file is renamed over `path`. A replaced file
    keeps its mode; a new one gets the mode `open` gives (0o666 less the umask). If anything
    fails, the file of its own is removed and `path` stays as it was. With `sync` the rename is
    on the disk too before this returns.

    Each write has its own file (`.NAME.RANDOM.tmp`, created only if no such file exists), so
    two writers of one path never write into the same one: the last rename wins, whole.
    (tempfile.mkstemp would name it as safely, but make it readable by its owner only.)"""
    try:
        mode: int | None = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        mode = None
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if sync and os.name == "posix":  # a folder can be opened, and synced, only there
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def wait_for_lock(handle: int | IO[Any], wait: float, poll: float) -> bool:
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
