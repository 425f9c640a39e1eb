"""Frames: Material's layout rendered once per folder, around a stand-in page whose holes hold
marks, and filled with each page of that folder. Pure text work: no MkDocs here, so a frame can
be made, checked and filled by any engine adapter."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from generator.site.page import Page

ENCODING = ("utf-8", "xmlcharrefreplace")  # as MkDocs encodes a page


def as_text(value: Any) -> Markup:
    """A plain text, ready for a template that prints HTML: escaped once, never twice."""
    return value if isinstance(value, Markup) else escape(value)


def framed(page: Page) -> bool:
    """Whether a page is filled into its folder's frame rather than rendered by MkDocs: pages
    outside the navigation and the search, whose chrome is their folder's."""
    return not page.in_nav and not page.searchable


def feed_links(feeds: list[dict]) -> Markup:
    """The <link rel="alternate"> of a page's feeds, for the <head>."""
    return Markup("".join(_feed_link(feed["type"], feed["title"], feed["href"]) for feed in feeds))


@functools.lru_cache(maxsize=4096)  # pages share most of their feeds
def _feed_link(kind: str, title: str, href: str) -> str:
    kind, title, href = escape(kind), escape(title), escape(href)
    return f'\n  <link rel="alternate" type="{kind}" title="{title}" href="{href}">\n  '


class FrameError(ValueError):
    """The layout around a stand-in does not hold its marks as a frame needs them."""


class Frame:
    """Material's page around a stand-in whose holes hold marks, split at the marks: a page of
    the same folder and kind is the pieces with its own values in the holes.

    A layout that shows a page's content or feed links other than once, or its title, address
    or (given one) description nowhere, cannot be a frame: `Frame` refuses it."""

    MARKS = {
        "title": "obframetitle6d2f",
        "description": "obframedescription6d2f",
        "feeds": "obframefeeds6d2f",
        "content": "obframecontent6d2f",
    }
    SLUG = "obframe-6d2f"

    def __init__(self, folder: str, output: str, *, described: bool = True):
        """The frame of `folder` from `output`, the layout around its stand-in (`described`:
        a stand-in with a description)."""
        self.url = f"{folder}/{self.SLUG}/" if folder else f"{self.SLUG}/"
        holes = {**{mark: name for name, mark in self.MARKS.items()}, self.url: "url"}
        pattern = "(" + "|".join(re.escape(mark) for mark in holes) + ")"
        self.parts: list[tuple[str | None, str]] = [
            (holes[part], "") if i % 2 else (None, part)
            for i, part in enumerate(re.split(pattern, output))
        ]
        _check_holes([hole for hole, _ in self.parts if hole], described)
        # Material indents its layout generously; a frame's own text is its layout only, so
        # its blank lines and indentation go (a browser reads a line break as any other space).
        self.compact = [(hole, text and _INDENT.sub("\n", text)) for hole, text in self.parts]

    @classmethod
    def stand_in(cls, folder: str, like: Page) -> Page:
        src = f"{folder}/{cls.SLUG}.md" if folder else f"{cls.SLUG}.md"
        meta = {**like.meta, "feeds": cls.MARKS["feeds"]}
        description = cls.MARKS["description"] if like.description else ""
        return Page(src, cls.MARKS["title"], cls.MARKS["content"], description, False, meta, False)

    def fill(self, page: Page, compact: bool = True) -> str:
        """The page in this frame; `compact=False`: as MkDocs would write it."""
        values = {
            "title": as_text(page.title),
            "description": as_text(page.description),
            "feeds": feed_links(page.meta.get("feeds") or []),
            "content": page.html,
            "url": page.url,
        }
        parts = self.compact if compact else self.parts
        return "".join(values[hole] if hole else text for hole, text in parts)


_INDENT = re.compile(r"\n\s+")

# How often each hole may appear in a frame: (at least, at most); None: no most.
_HOLES: dict[str, tuple[int, int | None]] = {
    "content": (1, 1),
    "feeds": (1, 1),
    "title": (1, None),
    "description": (1, None),
    "url": (1, None),
}


def _check_holes(found: list[str], described: bool) -> None:
    for hole, (least, most) in _HOLES.items():
        count = found.count(hole)
        if (count < least and (hole != "description" or described)) or (
            most is not None and count > most
        ):
            times = "once" if least == most else "at least once"
            raise FrameError(
                f"the layout shows the page's {hole} {count} times where a frame needs it "
                f"{times}: a template prints it changed, more than once or not at all"
            )


@dataclass(frozen=True)
class Difference:
    """Where two renderings of a page part: the first byte that differs, and the bytes around
    it in each, as text."""

    at: int
    expected: str
    got: str


def difference(expected: str, got: str, around: int = 24) -> Difference | None:
    """Where `got` first differs from `expected`, as the two are written (ENCODING), with
    `around` bytes either side; None if they are the same."""
    want, have = expected.encode(*ENCODING), got.encode(*ENCODING)
    if want == have:
        return None
    at = next((i for i, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), None)
    at = min(len(want), len(have)) if at is None else at

    def excerpt(data: bytes) -> str:
        return data[max(0, at - around) : at + around].decode("utf-8", "backslashreplace")

    return Difference(at, excerpt(want), excerpt(have))


FrameKey = tuple[str, bool, str]  # the folder, whether described, the rest of the meta


def frame_key(page: Page) -> FrameKey:
    """Pages with the same key share a frame: same folder, same kind of <head>."""
    folder = page.url.rstrip("/").rpartition("/")[0]
    meta = {k: v for k, v in page.meta.items() if k != "feeds"}
    return folder, bool(page.description), repr(sorted(meta.items()))
