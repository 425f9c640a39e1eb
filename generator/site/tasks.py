"""The pages of one build as tasks: what renders each, where its pages go in the site, and
which are kept from build to build.

`Site.tasks` lists them, `parallel.run` renders them in any process and `Site.pages` puts the
results in their places. A task itself never travels: workers are forked with the list, and
only the pages come back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import NamedTuple

from generator.site.page import Page


class Section(IntEnum):
    """The parts of the site, in the order their pages come in the output (and so in the
    sitemap)."""

    HOME = 0
    HISTORY = 1
    INCIDENTS = 2
    COMPONENTS = 3
    COMPONENT_LIST = 4
    GROUPS = 5
    MAINTENANCE = 6
    ANNOUNCEMENTS = 7
    COMMITMENTS = 8
    REPORTS = 9
    CHANGES = 10
    HOW_WE_WORK = 11
    SUBSCRIBE = 12
    POLICIES = 13
    SUBPROCESSORS = 14
    ADVISORIES = 15


class Slot(NamedTuple):
    """Where a task's pages go: their section and their order within it; and, for a page the
    site's cache keeps between builds (a resolved incident's), the key it is kept under."""

    section: Section
    order: int = 0
    cache_key: str | None = None

    @property
    def place(self) -> tuple[int, int]:
        return (self.section, self.order)


Render = Callable[[], Page | Iterable[Page]]


class Task(NamedTuple):
    """One page, or a run of pages, to render: `slot, render = task`."""

    slot: Slot
    render: Render


def in_order(placed: Iterable[tuple[Slot, Page | Iterable[Page]]]) -> list[Page]:
    """The pages of every slot, in the site's order."""
    out: list[Page] = []
    for _, found in sorted(placed, key=lambda item: item[0].place):
        out += [found] if isinstance(found, Page) else list(found)
    return out
