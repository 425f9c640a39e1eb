"""Work spread over the machine's cores.

Workers are forked: they share the parent's memory as it was when the work began, so the work
itself (closures over facts, templates, caches) needs no pickling; only results travel back,
and they come back in the order of the work. Where `fork` is not available, or the work is too
small to be worth a process, it runs in this process instead, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

SMALL = 200  # fewer items than this run in this process: a worker costs about a millisecond
FIRST = 32  # the first items go out one by one: callers put the costly ones there
MIN_SLICE = 50

_work: tuple[Callable, Sequence] | None = None  # what the forked workers run, by index


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run(function: Callable[[T], R], items: Sequence[T], jobs: int = 1) -> list[R]:
    """[function(item) for item in items], in `jobs` worker processes when that helps.

    Put the costly items first: the work is handed out in slices that start at one item and
    grow, so the costly ones spread over the workers and the cheap ones follow in bulk."""
    jobs = min(jobs, len(items) // (SMALL // 2)) if len(items) >= SMALL else 1
    if jobs <= 1 or not can_fork():
        return [function(item) for item in items]
    global _work
    _work = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_slice, _slices(len(items), jobs), chunksize=1)
    finally:
        _work = None
    return [result for part in parts for result in part]


def _slices(count: int, jobs: int) -> list[tuple[int, int]]:
    """(start, stop) of each slice: single items first, then 1/(4·jobs) of what remains."""
    bounds, start = [], 0
    while start < count:
        size = 1 if start < FIRST else max(MIN_SLICE, (count - start) // (4 * jobs))
        bounds.append((start, min(count, start + size)))
        start += size
    return bounds


def _slice(bounds: tuple[int, int]) -> list:
    assert _work is not None, "a worker runs only work that `run` set before it forked"
    function, items = _work
    start, stop = bounds
    return [function(item) for item in items[start:stop]]
