"""The MkDocs adapter: puts Openbook's rendered pages into a Material site.

Pages are added with `File.generated`; only the section pages (`in_nav`) are in the
navigation, because Material renders the whole nav into every page.

Most pages (incidents, components, history pages, …) are out of the navigation and the search,
so Material's layout around them is the same for every page of one folder but for a few holes:
title, description, address, feed links and content. Such a page is not rendered by MkDocs one
by one: its folder's `Frame` is rendered once, from a stand-in page whose holes hold marks, and
each page is the frame with its own values in the holes. The first page of every frame also
goes through MkDocs whole, as a witness: if the filled frame is not byte for byte what MkDocs
wrote, the frame is not used and its pages are rendered by MkDocs' own steps instead.

Material's templates print titles, names and descriptions as HTML, without escaping. Every text
Openbook hands them is escaped here first, as `Markup`, so that a template's own `| e` does not
escape it twice.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _timestamp
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from generator import parallel
from generator.content.models import Content
from generator.errors import BuildError
from generator.output_folder import OutputFolder
from generator.site.engine_config import chrome_fixes, fixed_epoch, mkdocs_config, quiet_log
from generator.site.frames import ENCODING, Frame, as_text, feed_links, frame_key, framed
from generator.site.pages import Page
from generator.words import ENGLISH, Words


def theme_languages() -> list[str]:
    """The interface languages Material ships, by their codes (`en`, `pt-BR`, …)."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return sorted(p.stem for p in folder.glob("*.html"))


@dataclass(frozen=True)
class Alternate:
    """The same site in another language (or this one), for the switcher and hreflang links."""

    language: str  # "de"
    name: str  # "Deutsch", in its own language
    here: str  # its root relative to this edition's root: "de/", "../", "./"
    url: str  # its root, absolute


class OpenbookPlugin(BasePlugin):
    def __init__(
        self,
        pages: list[Page],
        folder: OutputFolder,
        unchanged: set[str] = frozenset(),
        trusted: bool = False,
        words: Words = ENGLISH,
        alternates: tuple[Alternate, ...] = (),
        jobs: int = 1,
        frames: dict | None = None,
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
        self.frames: dict[tuple, list[Page]] = {}
        for page in pages:
            if framed(page):
                self.frames.setdefault(frame_key(page), []).append(page)
        self.witnesses = {found[0].src: None for found in self.frames.values()}
        self.stand_ins: dict[str, Page] = {}
        self.fallbacks = 0  # frames whose witness disagreed: their pages went through MkDocs

    def on_config(self, config):
        config.site_name = as_text(config.site_name)
        if config.site_description:
            config.site_description = as_text(config.site_description)
        if config.copyright and not self.trusted:
            config.copyright = as_text(config.copyright)
        return config

    def on_nav(self, nav, config, files):
        items = list(nav.items)
        while items:
            item = items.pop()
            if getattr(item, "title", None):
                item.title = as_text(item.title)
            items.extend(getattr(item, "children", None) or [])
        self.nav = nav
        return nav

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # The Markdown source is empty: the page's HTML arrives in on_page_markdown.
            file = File.generated(config, page.src, content="", inclusion=inclusion)
            if page.src not in self.witnesses and (page.src in self.unchanged or framed(page)):
                file.is_modified = _unmodified  # MkDocs skips it; a framed one is filled later
            files.append(file)
        for file in files:  # Material's assets and the stand-ins as well as the pages
            if not self.folder.contains(file.abs_dest_path):
                raise BuildError(f"refused to write {file.dest_uri!r}: it leads out of the site")
        self.files = files
        return files

    def on_env(self, env, config, files):
        env.globals["openbook_fragments"] = {}  # see overrides/openbook.html
        self.env = env
        return env

    def on_page_context(self, context, page, config, nav):
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

    def on_post_page(self, output: str, page, config) -> str:
        for before, after in self.fixes:
            output = output.replace(before, after, 1)
        if page.file.src_uri in self.witnesses:
            self.witnesses[page.file.src_uri] = output
        return output

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
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
            # The page is already HTML: skip MkDocs' Markdown pass, which builds a new
            # Markdown instance with every extension for each page.
            page.render = _Rendered(page, generated.html)
        return markdown

    def on_post_build(self, config) -> None:
        """Write the framed pages: each frame rendered once, checked against its witness, and
        filled with every page of its folder, in `jobs` processes."""
        work = []
        for key, found in self.frames.items():
            frame = self._frame(key[0], found[0], config)
            witness = self.witnesses[found[0].src]
            if witness is None or frame.fill(found[0], compact=False) != witness:
                self.fallbacks += 1
                work += [(None, page) for page in found[1:] if page.src not in self.unchanged]
            else:  # the witness too, so that every page of the folder is alike
                self.kept[key] = frame
                work += [
                    (frame, page)
                    for page in found
                    if page is found[0] or page.src not in self.unchanged
                ]
        parallel.run(functools.partial(self._write_page, config), work, self.jobs)

    def _write_page(self, config, work: tuple[Frame | None, Page]) -> None:
        frame, page = work
        file = self.files.get_file_from_path(page.src)
        output = frame.fill(page) if frame else self._render(file.page, config)
        self.folder.write(file.dest_uri, output.encode(*ENCODING))

    def _frame(self, folder: str, like: Page, config) -> Frame:
        stand_in = Frame.stand_in(folder, like)
        self.stand_ins[stand_in.src] = stand_in
        file = File.generated(config, stand_in.src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        return Frame(folder, self._render(MkDocsPage(None, file, config), config))

    def _render(self, page: MkDocsPage, config) -> str:
        """What MkDocs' build does for one page, returned instead of written."""
        config._current_page = page
        try:
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=self.files
            )
            page.render(config, self.files)
            page.content = config.plugins.on_page_content(
                page.content, page=page, config=config, files=self.files
            )
            page.active = True
            context = get_context(self.nav, self.files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=self.nav
            )
            output = template.render(context)
            return config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None


class _Rendered:
    """Stands in for `Page.render` on a generated page: the content is already HTML."""

    def __init__(self, page, html: str):
        self.page, self.html = page, html

    def __call__(self, config, files) -> None:
        self.page.content = self.html
        self.page.toc = get_toc([])
        self.page.present_anchor_ids = set()


def _unmodified() -> bool:
    return False


def publish(
    content: Content,
    nav: list,
    pages: list[Page],
    site_dir: Path,
    now: datetime,
    unchanged: set[str] = frozenset(),
    words: Words = ENGLISH,
    alternates: tuple[Alternate, ...] = (),
    jobs: int = 1,
    frames: dict | None = None,
) -> None:
    """Write `pages` into a Material site at `site_dir`, with `nav` as its tabs, in the language
    of `words`, linked to its `alternates`, in `jobs` processes; with `unchanged`, a dirty build
    that leaves those pages as they are in `site_dir`. The frames used go into `frames`."""
    source = io.StringIO(yaml.safe_dump(mkdocs_config(content, nav, site_dir, words)))
    with fixed_epoch(now), quiet_log() as log:
        try:
            config = load_config(config_file=source)
            plugin = OpenbookPlugin(
                pages,
                OutputFolder(site_dir),
                unchanged,
                content.portal.allow_scripts,
                words,
                alternates,
                jobs,
                frames,
            )
            config.plugins["openbook"] = plugin
            # Dirty: MkDocs skips the pages marked unmodified, the framed ones among them; a
            # full build writes into an empty staging folder, so there is nothing to clean.
            mkdocs_build(config, dirty=True)
        except MkDocsException as exc:
            raise BuildError(f"MkDocs failed: {exc}\n" + "\n".join(log)) from None
        except SystemExit:  # MkDocs' Abort for config errors
            raise BuildError("MkDocs failed:\n" + "\n".join(log)) from None


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, answering cross-origin requests as GitHub Pages does, so a
    Statuspage widget on another local page can read the API from the preview."""

    def serve_request(self, environ, start_response):
        def with_cors(status, headers, exc_info=None):
            return start_response(
                status, [*headers, ("Access-Control-Allow-Origin", "*")], exc_info
            )

        return super().serve_request(environ, with_cors)

    def reload_now(self) -> None:
        """Reload the browsers now, in the middle of a rebuild, and once more when it ends."""
        with self._epoch_cond:
            moment = _timestamp()
            self._visible_epoch = moment
            self._wanted_epoch = moment + 1  # what the rebuild's end makes visible
            self._epoch_cond.notify_all()


def live_server(
    rebuild, site_dir: Path, host: str, port: int, mount: str, watch: list[Path]
) -> _Server:
    """A server for `site_dir` at `mount` that calls `rebuild()` when a file under `watch`
    changes and reloads the browser when it returns true."""
    server = _Server(builder=rebuild, host=host, port=port, root=str(site_dir), mount_path=mount)
    for folder in watch:
        server.watch(str(folder))
    return server
