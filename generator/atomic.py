"""Replacing a whole folder in one step, so readers see the old site or the new one."""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path


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
