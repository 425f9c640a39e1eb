"""The MkDocs plugin that puts Openbook's rendered pages into a Material site.

Pages are added with `File.generated`; only the section pages (`in_nav`) are in the
navigation, because Material renders the whole nav into every page.

Most pages (incidents, components, history pages, …) are out of the navigation and the search,
so Material's layout around them is the same for every page of one folder but for a few holes:
title, description, address, feed links and content. Such a page is not rendered by MkDocs one
by one: its folder's `Frame` is rendered once, from a stand-in page whose holes hold marks, and
each page is the frame with its own values in the holes. The first page of every frame also
goes through MkDocs whole, as a witness: if the filled frame is not byte for byte what MkDocs
wrote, the frame is not used, its pages are rendered by MkDocs' own steps instead, and the
folder is reported as a `Fallback`.

Material's templates print titles, names and descriptions as HTML, without escaping. Every text
Openbook hands them is escaped here first, as `Markup`, so that a template's own `| e` does not
escape it twice.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, MutableMapping
from typing import Any

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from generator import parallel
from generator.errors import BuildError
from generator.output_folder import OutputFolder
from generator.site.engine import Alternate, Fallback
from generator.site.engine_config import chrome_fixes
from generator.site.frames import (
    ENCODING,
    Frame,
    FrameError,
    FrameKey,
    as_text,
    difference,
    feed_links,
    frame_key,
    framed,
)
from generator.site.mkdocs_engine.private import give_html, mark_unmodified, render_page
from generator.site.page import Page
from generator.words import Words


class OpenbookPlugin(BasePlugin):  # type: ignore[no-untyped-call]
    def __init__(
        self,
        *,
        pages: list[Page],
        folder: OutputFolder,
        words: Words,
        unchanged: Collection[str] = frozenset(),
        trusted: bool = False,
        alternates: tuple[Alternate, ...] = (),
        jobs: int = 1,
        frames: MutableMapping[FrameKey, Frame] | None = None,
    ):
        super().__init__()
        self.folder = folder  # where the site is written: the only place a page may go
        self.jobs = jobs
        self.kept = {} if frames is None else frames  # the frames that matched their witness
        self.pages = {page.src: page for page in pages}
        self.unchanged = unchanged  # pages already in the site folder as they would be built
        self.trusted = trusted  # allow_scripts: the `mkdocs:` copyright may be HTML
        self.words = words
        self.alternates = alternates
        self.fixes = (
            (f'<html lang="{escape(words.locale.language)}"', f'<html lang="{words.language}"'),
            *chrome_fixes(words),
        )
        # Framed pages by frame; the first of each is its witness, which MkDocs renders whole.
        self.frames: dict[FrameKey, list[Page]] = {}
        for page in pages:
            if framed(page):
                self.frames.setdefault(frame_key(page), []).append(page)
        self.witnesses: dict[str, str | None] = {
            found[0].src: None for found in self.frames.values()
        }
        self.stand_ins: dict[str, Page] = {}
        self.fallbacks: list[Fallback] = []  # frames not used: their pages went through MkDocs

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.site_name = as_text(config.site_name)
        if config.site_description:
            config.site_description = as_text(config.site_description)
        if config.copyright and not self.trusted:
            config.copyright = as_text(config.copyright)
        return config

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        items: list[Any] = list(nav.items)
        while items:
            item = items.pop()
            if getattr(item, "title", None):
                item.title = as_text(item.title)
            items.extend(getattr(item, "children", None) or [])
        self.nav = nav
        return nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # The Markdown source is empty: the page's HTML arrives in on_page_markdown.
            file = File.generated(config, page.src, content="", inclusion=inclusion)
            if page.src not in self.witnesses and (page.src in self.unchanged or framed(page)):
                mark_unmodified(file)  # MkDocs skips it; a framed one is filled later
            files.append(file)
        for file in files:  # Material's assets and the stand-ins as well as the pages
            if not self.folder.contains(file.abs_dest_path):
                raise BuildError(f"refused to write {file.dest_uri!r}: it leads out of the site")
        self.files = files
        return files

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["openbook_fragments"] = {}  # see overrides/openbook.html
        self.env = env
        return env

    def on_page_context(
        self, context: Any, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        # Material links every language in the switcher and in <link rel="alternate" hreflang>;
        # each points to this same page in that language (every edition has the same pages).
        if self.alternates:
            config.extra["alternate"] = [
                {
                    "name": alt.name,
                    "lang": alt.language,
                    "link": alt.url + page.url,
                    "here": alt.here + page.url,
                }
                for alt in self.alternates
            ]
        return context

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        for before, after in self.fixes:
            output = output.replace(before, after, 1)
        if page.file.src_uri in self.witnesses:
            self.witnesses[page.file.src_uri] = output
        return output

    def on_page_markdown(
        self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.pages.get(page.file.src_uri) or self.stand_ins.get(page.file.src_uri)
        if generated is not None:
            feeds = generated.meta.get("feeds") or []
            page.meta = {
                "title": as_text(generated.title),
                "description": as_text(generated.description),
                "template": "openbook.html",
                "hide": ["navigation", "toc"],
                **generated.meta,
                "feeds": feed_links(feeds) if isinstance(feeds, list) else feeds,
            }
            if not generated.in_nav:
                page.meta["openbook_fragments"] = True
            if not generated.searchable:
                # Thousands of incident pages would make the search index huge and slow to load;
                # the incident history has its own filter over a compact index instead.
                page.meta["search"] = {"exclude": True}
            give_html(page, generated.html)
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the framed pages: each frame rendered once, checked against its witness, and
        filled with every page of its folder, in `jobs` processes."""
        work: list[tuple[Frame | None, Page]] = []
        for key, found in self.frames.items():
            first, rest = found[0], [p for p in found[1:] if p.src not in self.unchanged]
            frame = self._checked(key[0], first, 1 + len(rest), config)
            if frame is None:
                work += [(None, page) for page in rest]
            else:  # the witness too, so that every page of the folder is alike
                self.kept[key] = frame
                work += [(frame, page) for page in (first, *rest)]
        parallel.run(functools.partial(self._write_page, config), work, self.jobs)

    def _checked(self, folder: str, first: Page, pages: int, config: MkDocsConfig) -> Frame | None:
        """The frame of `folder`, if filled with its first page it is what MkDocs wrote for
        that page; else None, and the folder's fallback reported (its `pages` go through
        MkDocs one by one)."""
        witness = self.witnesses[first.src]
        try:
            frame = self._frame(folder, first, config)
        except FrameError as exc:
            reason = str(exc)
        else:
            if witness is None:
                reason = "MkDocs did not write that page"
            else:
                parted = difference(witness, frame.fill(first, compact=False))
                if parted is None:
                    return frame
                reason = (
                    f"MkDocs wrote {parted.expected!r} at byte {parted.at}, the frame "
                    f"{parted.got!r}"
                )
        where = f"{folder}/" if folder else ""
        self.fallbacks.append(Fallback(folder=where, page=first.url, pages=pages, reason=reason))
        return None

    def _write_page(self, config: MkDocsConfig, work: tuple[Frame | None, Page]) -> None:
        frame, page = work
        file = self.files.get_file_from_path(page.src)
        assert file is not None and file.page is not None
        output = frame.fill(page) if frame else self._render(file.page, config)
        self.folder.write(file.dest_uri, output.encode(*ENCODING))

    def _frame(self, folder: str, like: Page, config: MkDocsConfig) -> Frame:
        stand_in = Frame.stand_in(folder, like)
        self.stand_ins[stand_in.src] = stand_in
        file = File.generated(config, stand_in.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        output = self._render(MkDocsPage(None, file, config), config)
        return Frame(folder, output, described=bool(like.description))

    def _render(self, page: MkDocsPage, config: MkDocsConfig) -> str:
        return render_page(page, config, files=self.files, nav=self.nav, env=self.env)
