"""Facts: what the content means as of a given moment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from generator.content.models import Content
from generator.content.rendering import Renderer
from generator.facts.derive import as_of
from generator.words import ENGLISH, Words

T = TypeVar("T")


@dataclass(frozen=True)
class Facts:
    """One build's view of the content, computed once and handed to every page and output."""

    content: Content  # as a visitor sees it at `now`: later updates are not yet published
    now: datetime
    md: Renderer  # the build's Markdown renderer: each text is converted once, for all outputs
    words: Words = ENGLISH  # the language pages, feeds, the calendar and badges speak

    @classmethod
    def of(cls, content: Content, now: datetime, md: Renderer, words: Words = ENGLISH) -> Facts:
        return cls(as_of(content, now), now, md, words)


def remembered(table: dict, key: tuple, make: Callable[[], T], keep: int = 4) -> T:
    """`table[key]`, made once: figures several parts of one build share. Only the newest
    `keep` are kept, for a live preview builds again and again. A key holds `id(content)`, so
    the value must hold `content` too, or another object could take that id."""
    if key not in table:
        table[key] = make()
        while len(table) > keep:
            table.pop(next(iter(table)))
    return table[key]
