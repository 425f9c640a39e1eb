"""Rendered HTML as plain text, for places that show no markup (calendar descriptions, and
later the text part of e-mails): paragraphs and list items on their own lines, each link's
address, made absolute, after its words."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

_BLOCKS = {
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "tr",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "dt",
    "dd",
    "figure",
    "details",
    "summary",
    "hr",
}


class _Text(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("td", "th"):
            self.out.append(" ")
        if tag == "pre":
            self.pre += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(
                urljoin(self.base, href) if href and not href.startswith("#") else None
            )
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"[{alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f" ({href})")
        elif tag in _BLOCKS:
            self.out.append("\n\n")
        if tag == "pre":
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.pre else re.sub(r"\s+", " ", data))


def plain_text(html: str, base: str) -> str:
    """The text a reader would see in `html`, with links written out against `base`."""
    parser = _Text(base)
    parser.feed(html)
    parser.close()
    text = "\n".join(line.rstrip() for line in "".join(parser.out).split("\n"))
    text = re.sub(r"(?m)^ (?=\S)", "", text)  # the space a new block's first word kept
    return re.sub(r"\n{3,}", "\n\n", text).strip()
