"""What content may put on the organisation's domain: one allowlist of HTML, a sanitiser built on
it, and the errors that tell authors what the sanitiser would remove.

A trust page must not be a way in. Every fragment rendered from Markdown passes `clean` (an
allowlist sanitiser that parses HTML as browsers do); `check` reports, at the author's line,
whatever falls outside the allowlist, so nothing is removed silently. `allow_scripts: true` in
portal.yml turns both off, for sites whose every author is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang", "target"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style", "align"},
    "th": {"colspan", "rowspan", "style", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
}
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align columns with it
SCRIPT_TAGS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "meta",
        "base",
        "svg",
        "math",
        "template",
        "noscript",
        "xmp",
        "noembed",
        "noframes",
    }
)
RESOURCE_TAGS = frozenset(
    {
        "style",
        "link",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "video",
        "audio",
        "source",
        "picture",
        "portal",
        "title",
    }
)
LINK_SCHEMES = ("http", "https", "mailto", "tel")
_IMAGE_DATA = re.compile(r"data:image/(png|jpe?g|gif|webp|avif)[;,]", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Texts without these cannot make HTML outside the allowlist; most update texts have none.
_WORTH_A_LOOK = re.compile(r"[<&{!]|script|data:", re.I)

HINT = "remove it, or set allow_scripts: true in portal.yml if every author is trusted"


def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why a URL in content is refused, or None when it may stay."""
    squeezed = _INVISIBLE.sub("", value).lower()  # browsers ignore these inside a scheme
    scheme = urlsplit(squeezed).scheme if re.match(r"[a-z][a-z0-9+.-]*:", squeezed) else ""
    if scheme in ("javascript", "vbscript", "livescript"):
        return f"a {scheme}: URL in {attribute}= on <{tag}> runs script"
    if tag == "img" and attribute == "src":
        if scheme == "data":
            return (
                None
                if _IMAGE_DATA.match(squeezed)
                else f"a data: URL in src= on <{tag}> can carry script"
            )
        if scheme or squeezed.startswith("//"):
            return (
                f"the image at {value.strip()!r} would load from another host and tell it who "
                "reads this page; link to it instead"
            )
        return None
    if scheme == "data":
        return f"a data: URL in {attribute}= on <{tag}> can carry script"
    if scheme and scheme not in LINK_SCHEMES:
        return (
            f"a {scheme}: URL in {attribute}= on <{tag}> is not allowed; "
            "use http, https, mailto or tel"
        )
    return None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src", "cite"):
        return None if url_problem(tag, attribute, value) else value
    if attribute == "target":
        return value if value in ("_blank", "_self") else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_filter,
    strip_comments=True,
    link_rel=None,
    url_schemes={*LINK_SCHEMES, "data"},
    filter_style_properties=set(STYLE_PROPERTIES),
    clean_content_tags={
        "script",
        "style",
        "template",
        "noscript",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "textarea",
        "title",
        "math",
        "svg",
        "object",
    },
)

_NEW_TAB_LINK = re.compile(r"<a\b(?![^>]*\brel=)([^>]*\btarget=[^>]*)>", re.I)


def clean(html: str) -> str:
    """Rendered Markdown as browsers may safely show it: only the allowlist, parsed as browsers
    parse it. A link that opens a new tab gets no handle on this page."""
    out = _CLEANER.clean(html)
    return _NEW_TAB_LINK.sub(r'<a rel="noopener noreferrer"\1>', out) if "target=" in out else out


class _Finder(HTMLParser):
    """Everything in rendered HTML that the sanitiser would remove, as messages for authors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (message, what to look for in the source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_TAGS:
            self.found.append((f"<{tag}> can run script or take over the page", tag))
            return
        if tag in RESOURCE_TAGS:
            self.found.append((f"<{tag}> can load from other hosts or change the page", tag))
            return
        if tag not in TAGS:
            self.found.append((f"<{tag}> is not allowed in content", tag))
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((f"the {name}= attribute on <{tag}> runs script", name))
            elif name in (
                "href",
                "src",
                "cite",
                "action",
                "formaction",
                "xlink:href",
                "data",
                "poster",
                "background",
                "srcset",
                "ping",
            ):
                problem = url_problem(tag, name, value)
                if problem:
                    self.found.append((problem, value.strip()[:20] or name))
                elif name not in allowed:
                    self.found.append(
                        (f"the {name}= attribute on <{tag}> is not allowed in content", name)
                    )
            elif name == "style" and name in allowed:
                properties = {
                    p.split(":")[0].strip().lower() for p in value.split(";") if p.strip()
                }
                if not properties <= STYLE_PROPERTIES:
                    self.found.append((f"style= on <{tag}> may only set text-align", "style"))
            elif name not in allowed:
                self.found.append(
                    (f"the {name}= attribute on <{tag}> is not allowed in content", name)
                )

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        if re.search(r"[<>\"']", data):
            self.found.append(
                ("an HTML comment with markup in it is not allowed in content", "<!--")
            )


def script_risks(source: str, render: Callable[[str], str]) -> list[tuple[int, str]]:
    """(0-based line in `source`, message) for everything in the HTML `render(source)` makes of it
    that the sanitiser would remove; most texts are cleared without rendering."""
    if not _WORTH_A_LOOK.search(source):
        return []
    finder = _Finder()
    finder.feed(str(render(source)))
    finder.close()
    out = []
    lowered = source.lower()
    for message, needle in dict.fromkeys(finder.found):
        at = lowered.find(needle.lower())
        out.append((lowered.count("\n", 0, at) if at >= 0 else 0, message))
    return out
