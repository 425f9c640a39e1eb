"""Frames: Material's layout rendered once per folder, around a stand-in page whose holes hold
marks, and filled with each page of that folder. Pure text work: no MkDocs here, so a frame can
be made, checked and filled by any engine adapter."""

from __future__ import annotations

import functools
import re

from markupsafe import Markup, escape

from generator.site.pages import Page

ENCODING = ("utf-8", "xmlcharrefreplace")  # as MkDocs encodes a page


def as_text(value) -> Markup:
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


class Frame:
    """Material's page around a stand-in whose holes hold marks, split at the marks: a page of
    the same folder and kind is the pieces with its own values in the holes."""

    MARKS = {
        "title": "obframetitle6d2f",
        "description": "obframedescription6d2f",
        "feeds": "obframefeeds6d2f",
        "content": "obframecontent6d2f",
    }
    SLUG = "obframe-6d2f"

    def __init__(self, folder: str, output: str):
        self.url = f"{folder}/{self.SLUG}/" if folder else f"{self.SLUG}/"
        holes = {**{mark: name for name, mark in self.MARKS.items()}, self.url: "url"}
        pattern = "(" + "|".join(re.escape(mark) for mark in holes) + ")"
        self.parts = [
            (holes[part], None) if i % 2 else (None, part)
            for i, part in enumerate(re.split(pattern, output))
        ]
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


def frame_key(page: Page) -> tuple:
    """Pages with the same key share a frame: same folder, same kind of <head>."""
    folder = page.url.rstrip("/").rpartition("/")[0]
    meta = {k: v for k, v in page.meta.items() if k != "feeds"}
    return folder, bool(page.description), repr(sorted(meta.items()))
