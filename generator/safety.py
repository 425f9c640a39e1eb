"""Raw HTML in Markdown that could run script on the organisation's domain.

A trust page must not be a way in: unless `portal.yml` sets `allow_scripts: true`, script
elements, event-handler attributes and script URLs are content errors.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKED_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
                  "ping", "lowsrc", "dynsrc", "cite"}
_SAFE_DATA = re.compile(r"data:image/(png|jpe?g|gif|webp|avif);", re.I)
_WORTH_A_LOOK = re.compile(r"[<&]|script|data:", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (message, what to look for in the source)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCKED_TAGS:
            self.found.append((f"<{tag}> can run script or take over the page", tag))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((f"the {name}= attribute on <{tag}> runs script", name))
            elif name in URL_ATTRIBUTES or name == "style":
                # Browsers ignore whitespace and control characters inside a URL's scheme.
                squeezed = _INVISIBLE.sub("", value).lower()
                for scheme in ("javascript:", "vbscript:", "livescript:"):
                    if scheme in squeezed:
                        self.found.append((f"a {scheme} URL in {name}= on <{tag}> runs script", scheme[:-1]))
                if "data:" in squeezed and name != "style" and not _SAFE_DATA.match(squeezed):
                    self.found.append((f"a data: URL in {name}= on <{tag}> can carry script", "data:"))

    handle_startendtag = handle_starttag


def script_risks(source: str, render) -> list[tuple[int, str]]:
    """(0-based line in `source`, message) for everything that could run script in the HTML
    `render(source)` makes of it; most texts are cleared without rendering."""
    if not _WORTH_A_LOOK.search(source):
        return []
    finder = _Finder()
    finder.feed(str(render(source)))
    finder.close()
    out = []
    lowered = source.lower()
    for message, needle in finder.found:
        at = lowered.find(needle.lower())
        out.append((lowered.count("\n", 0, at) if at >= 0 else 0, message))
    return out


HINT = "remove it, or set allow_scripts: true in portal.yml if every author is trusted"
