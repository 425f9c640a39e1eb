"""The MkDocs adapter: puts Openbook's rendered pages into a Material site.

Pages are added with `File.generated`; only the section pages (`in_nav`) are in the
navigation, because Material renders the whole nav into every page.

Material's templates print titles, names and descriptions as HTML, without escaping. Every text
Openbook hands them is escaped here first, as `Markup`, so that a template's own `| e` does not
escape it twice.
"""

from __future__ import annotations

import io
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from markupsafe import Markup, escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from generator.content.models import Content
from generator.errors import BuildError
from generator.site.pages import Page, templates_dir
from generator.words import ENGLISH, N_, Words


def theme_languages() -> list[str]:
    """The interface languages Material ships, by their codes (`en`, `pt-BR`, …)."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return sorted(p.stem for p in folder.glob("*.html"))


def as_text(value) -> Markup:
    """A plain text, ready for a template that prints HTML: escaped once, never twice."""
    return value if isinstance(value, Markup) else escape(value)


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
        unchanged: set[str] = frozenset(),
        trusted: bool = False,
        words: Words = ENGLISH,
        alternates: tuple[Alternate, ...] = (),
    ):
        super().__init__()
        self.pages = {page.src: page for page in pages}
        self.unchanged = unchanged  # pages already in the site folder as they would be built
        self.trusted = trusted  # allow_scripts: the `mkdocs:` copyright may be HTML
        self.words = words
        self.alternates = alternates
        self.fixes = (
            (f'<html lang="{escape(words.locale.language)}"', f'<html lang="{words.language}"'),
            *chrome_fixes(words),
        )

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
        return nav

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # The Markdown source is empty: the page's HTML arrives in on_page_content.
            file = File.generated(config, page.src, content="", inclusion=inclusion)
            if page.src in self.unchanged:
                file.is_modified = _unmodified  # a dirty build skips it
            files.append(file)
        return files

    def on_env(self, env, config, files):
        env.globals["openbook_fragments"] = {}  # see overrides/openbook.html
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
        return output

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = {
                "title": as_text(generated.title),
                "description": as_text(generated.description),
                "template": "openbook.html",
                "hide": ["navigation", "toc"],
                **generated.meta,
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


def chrome_fixes(words: Words) -> tuple[tuple[str, str], ...]:
    """Names Material's chrome lacks: its search overlay is a dialog without one (axe:
    aria-dialog-name), and with the table of contents hidden its toggle has no label (pa11y)."""
    search, toc = (escape(words._(message)) for message in (N_("Search"), N_("Table of contents")))
    return (
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" '
            f'aria-label="{search}">',
        ),
        (
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc" '
            f'aria-label="{toc}">',
        ),
    )


# The colour scheme toggles of site_templates/mkdocs.yml, named in the site's language.
PALETTE_NAMES = {"default": N_("Switch to dark mode"), "slate": N_("Switch to light mode")}


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


# The MkDocs run ----------------------------------------------------------------------


def mkdocs_config(content: Content, nav: list, site_dir: Path, words: Words = ENGLISH) -> dict:
    """The MkDocs configuration: the base in site_templates/, the portal's settings, and its
    `mkdocs:`."""
    templates = templates_dir()
    config = yaml.safe_load((templates / "mkdocs.yml").read_text(encoding="utf-8"))
    portal = content.portal
    config.update(
        site_name=portal.title,
        site_url=portal.url,
        site_description=portal.description,
        docs_dir=str(templates / "docs"),
        site_dir=str(site_dir),
        nav=nav,
    )
    config["theme"]["custom_dir"] = str(templates / "overrides")
    config["theme"]["language"] = portal.language
    for scheme in config["theme"]["palette"]:
        name = PALETTE_NAMES[scheme["scheme"]]
        scheme["toggle"]["name"] = words._(name)
    return _merge(config, dict(portal.mkdocs))


def _merge(base: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif isinstance(value, list) and key in (
            "extra_css",
            "extra_javascript",
            "markdown_extensions",
        ):
            base[key] = base.get(key, []) + value
        else:
            base[key] = value
    return base


def publish(
    content: Content,
    nav: list,
    pages: list[Page],
    site_dir: Path,
    now: datetime,
    unchanged: set[str] = frozenset(),
    words: Words = ENGLISH,
    alternates: tuple[Alternate, ...] = (),
) -> None:
    """Write `pages` into a Material site at `site_dir`, with `nav` as its tabs, in the language
    of `words`, linked to its `alternates`; with `unchanged`, a dirty build that leaves those
    pages as they are in `site_dir`."""
    source = io.StringIO(yaml.safe_dump(mkdocs_config(content, nav, site_dir, words)))
    with _fixed_epoch(now), _mkdocs_log() as log:
        try:
            config = load_config(config_file=source)
            config.plugins["openbook"] = OpenbookPlugin(
                pages, unchanged, content.portal.allow_scripts, words, alternates
            )
            mkdocs_build(config, dirty=bool(unchanged))
        except MkDocsException as exc:
            raise BuildError(f"MkDocs failed: {exc}\n" + "\n".join(log)) from None
        except SystemExit:  # MkDocs' Abort for config errors
            raise BuildError("MkDocs failed:\n" + "\n".join(log)) from None


@contextmanager
def _fixed_epoch(now: datetime):
    """MkDocs dates the sitemap with SOURCE_DATE_EPOCH: make it the build's now."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _mkdocs_log():
    """Keep MkDocs' INFO chatter out of the output; keep its warnings for error messages."""
    logger = logging.getLogger("mkdocs")
    handler, level, propagate = _Collect(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, answering cross-origin requests as GitHub Pages does, so a
    Statuspage widget on another local page can read the API from the preview."""

    def serve_request(self, environ, start_response):
        def with_cors(status, headers, exc_info=None):
            return start_response(
                status, [*headers, ("Access-Control-Allow-Origin", "*")], exc_info
            )

        return super().serve_request(environ, with_cors)


def live_server(
    rebuild, site_dir: Path, host: str, port: int, mount: str, watch: list[Path]
) -> _Server:
    """A server for `site_dir` at `mount` that calls `rebuild()` when a file under `watch`
    changes and reloads the browser when it returns true."""
    server = _Server(builder=rebuild, host=host, port=port, root=str(site_dir), mount_path=mount)
    for folder in watch:
        server.watch(str(folder))
    return server
