"""The MkDocs adapter: puts Openbook's rendered pages into a Material site.

Pages are added with `File.generated`; only the section pages (`in_nav`) are in the
navigation, because Material renders the whole nav into every page.

Material's templates print titles, names and descriptions as HTML, without escaping. Every text
Openbook hands them is escaped here first, as `Markup`, so that a template's own `| e` does not
escape it twice.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from generator.site.pages import Page


def theme_languages() -> list[str]:
    """The interface languages Material ships, by their codes (`en`, `pt-BR`, …)."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return sorted(p.stem for p in folder.glob("*.html"))


def as_text(value) -> Markup:
    """A plain text, ready for a template that prints HTML: escaped once, never twice."""
    return value if isinstance(value, Markup) else escape(value)


class OpenbookPlugin(BasePlugin):
    def __init__(self, pages: list[Page], unchanged: set[str] = frozenset(), trusted: bool = False):
        super().__init__()
        self.pages = {page.src: page for page in pages}
        self.unchanged = unchanged  # pages already in the site folder as they would be built
        self.trusted = trusted  # allow_scripts: the `mkdocs:` copyright may be HTML

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

    def on_post_page(self, output: str, page, config) -> str:
        for before, after in _CHROME_FIXES:
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


# Names Material's chrome lacks: its search overlay is a dialog without one (axe:
# aria-dialog-name), and with the table of contents hidden its toggle has no label (pa11y).
_CHROME_FIXES = (
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
    ('<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
     '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc" aria-label="Table of contents">'),
)


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
