"""What Openbook asks of the engine that lays its pages out: publish an edition into a site
folder, and serve a folder as a live preview. The build and `openbook serve` know the engine
only through this protocol, so another engine is one more package beside
`generator/site/mkdocs_engine/`. Nothing here imports an engine."""

from __future__ import annotations

from collections.abc import Callable, Collection, MutableMapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from generator.content.models import Content
from generator.site.frames import Frame, FrameKey
from generator.site.page import Page
from generator.words import Words


@dataclass(frozen=True)
class Alternate:
    """The same site in another language (or this one), for the switcher and hreflang links."""

    language: str  # "de"
    name: str  # "Deutsch", in its own language
    here: str  # its root relative to this edition's root: "de/", "../", "./"
    url: str  # its root, absolute


@dataclass(frozen=True)
class Fallback:
    """A folder whose frame was not used: its pages went through the engine one by one, the
    slow path, because the frame did not give what the engine wrote for the folder's first
    page. The site is right either way; this says why it was slow."""

    folder: str  # relative to the site's root: "incidents/", "de/incidents/", "" for the root
    page: str  # the page the frame was checked with, relative to the site's root
    pages: int  # pages the engine rendered one by one, the frame's first among them
    reason: str  # where the frame and the engine's page part, or why no frame could be made

    def within(self, prefix: str) -> Fallback:
        """The same fallback in the edition published under `prefix` ("de/")."""
        return replace(self, folder=prefix + self.folder, page=prefix + self.page)

    def __str__(self) -> str:
        count = f"{self.pages} page{'' if self.pages == 1 else 's'}"
        return (
            f"/{self.folder}: the folder's frame was not used, so {count} went through the "
            f"engine one by one (the slow path): checked with /{self.page}, {self.reason}"
        )


@dataclass(frozen=True)
class PublishReport:
    """What publishing one edition tells the build besides the files it wrote."""

    fallbacks: tuple[Fallback, ...] = ()


class LiveServer(Protocol):
    """A preview of a site folder that reloads the browsers showing it."""

    url: str

    def serve(self) -> None:
        """Serve until interrupted, rebuilding when a watched file changes."""

    def shutdown(self) -> None:
        """Stop serving and watching."""

    def reload_now(self) -> None:
        """Reload the browsers now, in the middle of a rebuild, serving the folder as it is
        meanwhile, and once more when the rebuild ends."""


class Engine(Protocol):
    """Lays out an edition's rendered pages around the site's chrome (header, tabs, search)."""

    def publish(
        self,
        *,
        content: Content,
        nav: list[Any],
        pages: list[Page],
        site_dir: Path,
        now: datetime,
        words: Words,
        alternates: tuple[Alternate, ...] = (),
        unchanged: Collection[str] = frozenset(),
        jobs: int = 1,
        frames: MutableMapping[FrameKey, Frame] | None = None,
    ) -> PublishReport:
        """Write `pages` into a site at `site_dir`, with `nav` as its tabs, in the language of
        `words`, linked to its `alternates`, in `jobs` processes, dated `now`. With
        `unchanged`, a dirty build that leaves those pages as they are in `site_dir`. The
        frames that were used go into `frames`, for pages rewritten between builds."""
        ...

    def live_server(
        self,
        rebuild: Callable[[], object],
        site_dir: Path,
        *,
        host: str,
        port: int,
        mount: str,
        watch: list[Path],
    ) -> LiveServer:
        """A server for `site_dir` at the path `mount` that calls `rebuild()` when a file
        under `watch` changes and reloads the browsers once it has returned."""
        ...
