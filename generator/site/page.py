"""One generated page: where it goes, its title and HTML, and how it links to other pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes (a Markdown source path, as MkDocs names pages) and
    its HTML."""

    src: str  # "incidents/2026-11-20-api-errors.md"
    title: str
    html: str
    description: str = ""
    in_nav: bool = False
    meta: dict = field(default_factory=dict)
    searchable: bool | None = None  # in the site search; by default only pages in the navigation

    @property
    def url(self) -> str:
        """The page's URL relative to the site root, as MkDocs writes it with directory URLs."""
        stem = self.src[: -len(".md")]
        if stem == "index":
            return ""
        return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def linker(depth: int) -> Callable[[str], str]:
    """The link to a site path from a page `depth` folders below the root."""
    root = "../" * depth or "./"

    def link(target: str) -> str:
        return root + target if target else root

    return link


def url_of(src: str) -> str:
    return Page(src, "", "").url
