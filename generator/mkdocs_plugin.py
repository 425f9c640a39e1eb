"""The MkDocs adapter: puts Openbook's rendered pages into a Material site.

Pages are added with `File.generated`; only the section pages (`in_nav`) are in the
navigation, because Material renders the whole nav into every page.
"""

from __future__ import annotations

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .render import Page


class OpenbookPlugin(BasePlugin):
    def __init__(self, pages: list[Page], unchanged: set[str] = frozenset()):
        super().__init__()
        self.pages = {page.src: page for page in pages}
        self.unchanged = unchanged  # pages already in the site folder as they would be built

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
        return output.replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG, 1)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = {
                "title": generated.title,
                "description": generated.description,
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


# Material's search overlay is a dialog without a name (axe: aria-dialog-name).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


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
