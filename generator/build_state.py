"""What a build makes and what it hands the next: each language's edition, the result, the
cache `openbook serve` keeps from build to build, and the plan a build makes from the last one
(which pages of the site it replaced can stay as they are). Typed records and one pure
function: nothing here reads or writes a file."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.models import Content
from generator.site.engine import Fallback
from generator.site.frames import Frame, FrameKey
from generator.site.page import Page
from generator.site.pages import Site
from generator.words import Words


@dataclass(frozen=True, kw_only=True)
class Edition:
    """The site in one of its languages: the default at the root, each other under /LANG/."""

    language: str
    prefix: str  # "" or "de/"
    content: Content  # as its readers see it: their words, the edition's URL
    words: Words
    pages: list[Page]
    nav: list[Any]
    extra: dict[str, bytes]  # feeds, calendar, API, badges: path -> bytes
    moved: dict[str, bytes]  # redirects from the pages' old addresses


@dataclass
class EditionCache:
    """What one language's edition keeps from build to build."""

    site: Site | None = None  # the last build's, for a page rewritten before the next build
    pages: dict[str, Any] = field(default_factory=dict)  # the Site's resolved incidents' pages
    frames: dict[FrameKey, Frame] = field(default_factory=dict)  # the frames the engine used


@dataclass
class BuildCache:
    """What a build keeps for the next: the documents read, what git remembers, each
    edition's Site, pages and frames, and what each page in the site folder shows now."""

    documents: dict[Any, Any] = field(default_factory=dict)  # load_content's
    revisions: dict[str, Any] = field(default_factory=dict)  # the revision reader's
    editions: dict[str, EditionCache] = field(default_factory=dict)  # by language
    # Page ("de/incidents/x.md") -> digest of what the site folder holds: the last build's
    # pages, and any rewritten since (openbook serve rewrites an edited incident ahead).
    held: dict[str, str] = field(default_factory=dict)

    def edition(self, language: str) -> EditionCache:
        return self.editions.setdefault(language, EditionCache())


@dataclass(frozen=True, kw_only=True)
class Result:
    """What a build did, and what the next build starts from."""

    content: Content
    out: Path
    pages: int
    files: int
    bytes: int
    built: int  # pages that went through the engine
    nav: Mapping[str, list[Any]]  # by language
    fallbacks: tuple[Fallback, ...] = ()  # folders the engine rendered page by page
    cache: BuildCache = field(default_factory=BuildCache, repr=False)
    spare: Path | None = None  # the replaced site, kept for the next build to update
    spare_digests: Mapping[str, str] = field(default_factory=dict, repr=False)  # what it holds


def page_digest(page: Page) -> str:
    """A hash of everything a page shows: equal digests, the same page."""
    return hashlib.sha256(
        repr((page.title, page.description, page.meta, page.searchable, page.html)).encode()
    ).hexdigest()


@dataclass(frozen=True)
class Plan:
    """How a build writes the site: into the spare the last build kept, leaving the pages it
    already holds as they are, or into a new folder."""

    spare: Path | None  # the folder to update in place; None: a new one, every page written
    unchanged: Mapping[str, frozenset[str]]  # by language: pages the spare holds as they are


def plan(
    previous: Result | None,
    editions: Sequence[Edition],
    *,
    digests: Mapping[str, str],
    nav: Mapping[str, list[Any]],
    full: bool,
) -> Plan:
    """The plan of a build of `editions`, whose pages have `digests` and whose tabs are `nav`,
    after `previous`. Its spare is updated when there is one, `full` is not asked, the tabs
    are the same and no page it holds is gone; then a page is left as it is when the spare
    holds it with the same digest and it is not in the search index (a page left out of the
    build would drop out of it). `previous.spare` must be a folder that still exists."""
    nothing = {edition.language: frozenset[str]() for edition in editions}
    if previous is None or previous.spare is None or full or previous.nav != nav:
        return Plan(None, nothing)
    held = previous.spare_digests
    if not set(held) <= set(digests):
        return Plan(None, nothing)
    unchanged = {
        edition.language: frozenset(
            page.src
            for page in edition.pages
            if not page.searchable
            and held.get(edition.prefix + page.src) == digests[edition.prefix + page.src]
        )
        for edition in editions
    }
    return Plan(previous.spare, unchanged)
