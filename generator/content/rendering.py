"""Markdown fields (update texts, remedies, reports, bodies) to HTML, through the allowlist
sanitiser, with one reused parser per kind of fragment."""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup

from generator.content import safety

# Text that Markdown (with extra, sane_lists and smarty) turns into exactly <p>text</p>:
# one line, no markup characters, no list or heading start, no quotes, dashes or ellipses.
_PLAIN = re.compile(r"(?![ \t]|\d+[.)]|[-+*])[^\n\t\\`*_\[\]<>&#!~'\"|:=^{}]*\Z")
_SMARTY = re.compile(r"--|\.\.\.|\s\s\Z")


def _as_written(html: str) -> str:
    return html


def _smarty_before_prettify(md: markdown.Markdown) -> None:
    """Python-Markdown runs smarty's inline pass after `prettify` has given every top-level block
    a newline tail, and that pass looks up the position of each block with a tail in the list of
    all blocks: quadratic in the length of a report (1 MB took 15 s). Before prettify there are
    no such tails; the HTML is the same."""
    smarty = md.treeprocessors["smarty"]
    md.treeprocessors.deregister("smarty")
    md.treeprocessors.register(smarty, "smarty", 11)  # after inline (20), before prettify (10)


class Renderer:
    """Markdown to HTML with one reused parser: creating one per page is the slow part.

    Every fragment passes the allowlist sanitiser (`safety.clean`) unless `sanitise` is off:
    for sites with `allow_scripts: true`, and for the check that tells authors what it would remove.
    """

    def __init__(self, sanitise: bool = True) -> None:
        self._clean = safety.clean if sanitise else _as_written
        extensions = ["extra", "sane_lists", "smarty"]
        self._done: dict[str, Markup] = {}
        self._md = markdown.Markdown(extensions=extensions, output_format="html")
        # A report sits under the page's own <h2>: its `## What happened` becomes an <h3>.
        self._nested = markdown.Markdown(
            extensions=[*extensions, "toc"],
            extension_configs={"toc": {"baselevel": 2}},
            output_format="html",
        )
        for md in (self._md, self._nested):
            _smarty_before_prettify(md)

    def html(self, source: str) -> Markup:
        # The same text appears on a page, on the home page and in feeds: convert it once.
        found = self._done.get(source)
        if found is None:
            if _PLAIN.match(source) and not _SMARTY.search(source):
                # A one-paragraph sentence with nothing Markdown or smarty would change: the
                # parser's result is known, and most update texts are like this.
                found = Markup(f"<p>{source.strip()}</p>")
            else:
                found = Markup(self._clean(self._md.reset().convert(source)))
            self._done[source] = found
        return found

    def section(self, source: str) -> Markup:
        """Markdown that goes under a heading of the page: its headings move one level down."""
        return Markup(self._clean(self._nested.reset().convert(source)))

    def inline(self, source: str) -> Markup:
        """A short text (an update) without a wrapping paragraph when it is one."""
        out = self._clean(self._md.reset().convert(source))
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)
