"""The MkDocs adapter: puts Openbook's rendered pages into a Material site.

Pages are added with `File.generated`; only the section pages (`in_nav`) are in the
navigation, because Material renders the whole nav into every page.
"""

from __future__ import annotations

import yaml
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .render import Page


class OpenbookPlugin(BasePlugin):
    def __init__(self, pages: list[Page]):
        super().__init__()
        self.pages = {page.src: page for page in pages}

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages.values():
            meta = {
                "title": page.title,
                "description": page.description,
                "template": "openbook.html",
                "hide": ["navigation", "toc"],
                **page.meta,
            }
            source = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=source, inclusion=inclusion))
        return files

    def on_page_content(self, html: str, page, config, files) -> str:
        generated = self.pages.get(page.file.src_uri)
        return generated.html if generated is not None else html
