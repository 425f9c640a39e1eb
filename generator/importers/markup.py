"""Markup in imported texts that Openbook's allowlist refuses, turned into its safe equivalent,
each change a guess with its line, every sentence kept.

Old status pages were written for renderers that allowed more (or showed less): images from
other hosts, obsolete tags such as `<strike>`, bare `<host.example.org>` autolinks, comments
holding markup, attributes that load or style. What the allowlist refuses would make
`openbook check` fail; each construct becomes what a reader can safely see, and whatever is
left that `check` would still refuse is kept as code, which shows every character and runs
nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from generator.content.rendering import Renderer
from generator.content.safety import ATTRIBUTES, TAGS, script_risks, url_problem

RENAMED = {  # obsolete tags and the allowed ones that mean the same to a reader
    "strike": "del",
    "tt": "code",
    "acronym": "abbr",
    "center": "div",
    "font": "span",
    "big": "span",
    "blink": "span",
    "marquee": "span",
    "nobr": "span",
}
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.M | re.S)
URL = r"(?:[^\s()<>]|\([^\s()<>]*\))+"  # balanced parentheses, as in javascript:alert(1)
TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?"
_CONSTRUCT = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|<(?P<host>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?"
    r"(?:/[^\s<>]*)?)>"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[^\s=>/\"']+"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>)"
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\]\(\s*<?(?P<src>" + URL + r")>?" + TITLE + r"\s*\))"
    r"|(?P<link>(?<!!)\[(?P<label>[^\]\n]*)\]\(\s*<?(?P<href>" + URL + r")>?" + TITLE + r"\s*\))",
    re.S,
)
_ATTRIBUTE = re.compile(r"([^\s=>/\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_RENDER = Renderer(sanitise=False)  # as `openbook check` renders, to see what it would refuse

Guess = Callable[[int, str], None]  # (line offset in the text, message)


def convert(text: str, guess: Guess) -> str:
    """`text` with every construct the allowlist refuses made safe; `guess(offset, message)` for
    each change, `offset` the 0-based line within `text`."""
    if "<" not in text and "](" not in text:
        return text  # nothing to convert, and most texts are like this
    parts, last = [], 0
    for code in _CODE.finditer(text):
        parts.append(_outside_code(text, last, code.start(), guess))
        parts.append(code.group(0))
        last = code.end()
    parts.append(_outside_code(text, last, len(text), guess))
    out = "".join(parts)
    risks = script_risks(out, _RENDER.html)
    if not risks:
        return out
    offset, message = risks[0]
    guess(offset, f"{message}, and the import cannot convert it; the text is kept as code")
    fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", out)), default=0))
    return f"{fence}text\n{out}\n{fence}"


def _outside_code(text: str, start: int, end: int, guess: Guess) -> str:
    def replace(found: re.Match) -> str:
        line = text.count("\n", 0, start + found.start())
        changed, message = _safe(found)
        if message:
            guess(line, message)
        return changed

    return _CONSTRUCT.sub(replace, text[start:end])


def _safe(found: re.Match) -> tuple[str, str]:
    """The construct's safe equivalent and what was changed ("" when it may stay)."""
    written = found.group(0)
    if found.group("comment"):
        if not re.search(r"[<>\"']", written[4:-3]):
            return written, ""
        shown = " ".join(written[4:-3].split())[:60]
        # A comment was never shown to readers; the line breaks stay so lines still match.
        return "\n" * written.count("\n"), f"dropped an HTML comment holding markup ({shown!r})"
    if found.group("host"):
        host = found.group("host")
        return f"[{host}](https://{host})", f"<{host}> became a link to https://{host}"
    if found.group("image"):
        return _image(found.group("alt"), found.group("src"), written)
    if found.group("link"):
        href = found.group("href")
        if url_problem("a", "href", href) is None:
            return written, ""
        label = found.group("label") or href
        return f"{label} ({_inert(href)})", f"the link to {href!r} became text: {label!r}"
    return _tag(found.group("name").lower(), found.group("attrs") or "", written)


def _image(alt: str, src: str, written: str) -> tuple[str, str]:
    if url_problem("img", "src", src) is None:
        return written, ""
    label = alt.strip() or src
    said = f"{label!r}" if alt.strip() else "its address (it had no alt text)"
    if url_problem("a", "href", src) is None:
        return f"[{label}]({src})", f"the image at {src!r} became a link showing {said}"
    return f"{label} ({_inert(src)})", f"the image at {src!r} became text: {label!r}"


def _tag(name: str, attrs: str, written: str) -> tuple[str, str]:
    closing = written.startswith("</")
    if name not in TAGS and name not in RENAMED:
        return "&lt;" + written[1:], f"{written[:40]!r} is shown as text"
    new = RENAMED.get(name, name)
    kept, dropped = [], []
    for attribute, value in _ATTRIBUTE.findall(attrs):
        bare = value[1:-1] if value[:1] in "\"'" else value
        if _allowed(new, attribute.lower(), bare):
            kept.append(f"{attribute}={value}" if value else attribute)
        else:
            dropped.append(attribute)
    if new == "img" and not closing:
        src = next((v for a, v in _ATTRIBUTE.findall(attrs) if a.lower() == "src"), "")
        src = src[1:-1] if src[:1] in "\"'" else src
        if src and url_problem("img", "src", src):
            alt = next((v for a, v in _ATTRIBUTE.findall(attrs) if a.lower() == "alt"), "")
            label = (alt[1:-1] if alt[:1] in "\"'" else alt).strip()
            link, message = _image(label, src, written)
            if link.startswith("["):  # inside HTML, Markdown is not read: a link in HTML
                link = f'<a href="{html.escape(src)}">{html.escape(label or src)}</a>'
            return link, message
    if new == name and not dropped:
        return written, ""
    rebuilt = f"<{'/' if closing else ''}{new}{''.join(' ' + k for k in kept)}>"
    said = [f"<{name}> became <{new}>"] if new != name and not closing else []
    if dropped:
        said.append(f"dropped {', '.join(d + '=' for d in dropped)} from <{name}>")
    return rebuilt, "; ".join(said)


def _allowed(tag: str, attribute: str, value: str) -> bool:
    if attribute not in ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set()):
        return False
    if attribute in ("href", "src", "cite"):
        return url_problem(tag, attribute, value) is None
    if attribute == "style":
        return all(p.split(":")[0].strip().lower() == "text-align" for p in value.split(";") if p)
    return True


def _inert(url: str) -> str:
    """A URL shown as code, so no renderer makes a link or markup of it."""
    fence = "`" * (1 + max((len(r) for r in re.findall(r"`+", url)), default=0))
    return f"{fence} {url} {fence}"
