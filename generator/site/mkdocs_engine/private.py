"""Every name of MkDocs' that is not its public API, in one place: the steps of its build for
one page, the page it is rendering (`config._current_page`), a file marked unmodified for a
dirty build, a page whose HTML is given, and the live-reload server's epochs.

Each is checked by tests/test_engine_private.py, so an upgrade of MkDocs that changes one
fails that test by its name rather than a site somewhere else.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _timestamp
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


def render_page(
    page: Page, config: MkDocsConfig, *, files: Files, nav: Navigation, env: Environment
) -> str:
    """What MkDocs' build does for one page (`_populate_page`, then `_build_page`), the
    plugins' events included, returned instead of written."""
    config._current_page = page  # read by `!relative` paths in markdown_extensions
    try:
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        page.render(config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )
        page.active = True  # the theme marks the current page in the navigation
        context = get_context(nav, files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False
        config._current_page = None


def mark_unmodified(file: File) -> None:
    """A dirty build leaves `file`'s page as it is in the site folder: MkDocs asks each file
    `is_modified()` and neither reads nor writes a page whose file says no."""
    file.is_modified = _unmodified  # type: ignore[method-assign]


def _unmodified() -> bool:
    return False


def give_html(page: Page, html: str) -> None:
    """`page` renders to `html`, already HTML: MkDocs' Markdown pass is skipped, which builds
    a new Markdown instance with every extension for each page. What `Page.render` sets for
    the steps after it is set here: the content, an empty table of contents, and no anchors
    (read when MkDocs validates links)."""
    page.render = _Given(page, html)  # type: ignore[method-assign]


class _Given:
    def __init__(self, page: Page, html: str):
        self.page, self.html = page, html

    def __call__(self, config: MkDocsConfig, files: Files) -> None:
        self.page.content = self.html
        self.page.toc = get_toc([])
        self.page.present_anchor_ids = set()


def reload_now(server: LiveReloadServer) -> None:
    """Reload the browsers of `server` now, in the middle of a rebuild, and serve the site
    folder as it is meanwhile: MkDocs answers the browsers' poll once an epoch newer than
    theirs is visible, and holds every other request while the epoch it wants is not."""
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch = _timestamp()
        server._epoch_cond.notify_all()


def reload_when_rebuilt(server: LiveReloadServer) -> None:
    """As a rebuild returns: the epoch MkDocs' build loop then makes visible is newer than any
    shown during the rebuild, so the browsers reload once more."""
    with server._epoch_cond:
        server._wanted_epoch = max(_timestamp(), server._visible_epoch + 1)
