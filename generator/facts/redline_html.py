"""The HTML side of a redline: rendered HTML as tokens and top-level blocks, and which element
may stand where, so that what was removed is shown only where the markup stays valid."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_MARKUP = r"""(?P<raw><(?P<rawname>script|style|textarea)\b.*?</(?P=rawname)\s*>)
    |(?P<comment><!--.*?-->)
    |(?P<tag></?[A-Za-z][^\s/>]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)|[^>=])*>)"""
_TOKEN = re.compile(_MARKUP + r"""|(?P<space>\s+)|(?P<word>[^\s<]+|<)""", re.S | re.X | re.I)
_TAG = re.compile(_MARKUP, re.S | re.X | re.I)
_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_ID = re.compile(r"""\s+id\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
INLINE = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img"),
        *("ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup"),
        *("time", "u", "var", "wbr"),
    }
)
# Elements that may stand only in one kind of parent.
CHILD_OF = {
    "li": {"ul", "ol"},
    "dt": {"dl"},
    "dd": {"dl"},
    "tr": {"table", "thead", "tbody", "tfoot"},
    "td": {"tr"},
    "th": {"tr"},
    "thead": {"table"},
    "tbody": {"table"},
    "tfoot": {"table"},
    "caption": {"table"},
    "colgroup": {"table"},
    "col": {"colgroup"},
    "summary": {"details"},
}
# Where text cannot stand: removed words there go into the child element that holds text.
_TEXT_INSIDE = {
    "ul": ("li",),
    "ol": ("li",),
    "dl": ("dd",),
    "table": ("tbody", "tr", "td"),
    "thead": ("tr", "td"),
    "tbody": ("tr", "td"),
    "tfoot": ("tr", "td"),
    "tr": ("td",),
}
PHRASING = INLINE | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "summary", "caption"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # start | end | void | word | space
    text: str  # as written
    name: str = ""  # an element's name, lower case
    key: str = ""  # what the diff compares: any run of spaces is one space

    @staticmethod
    def of(text: str, group: str) -> Token:
        if group == "space":
            return Token("space", text, key=" ")
        if group == "word":
            # A "<" that starts no tag (raw HTML cut short) must not start one in the redline.
            return Token("word", text.replace("<", "&lt;"), key=text)
        if group in ("raw", "comment"):
            return Token("void", text, key=text)
        read = _read_as(text)
        if read == "word":
            return Token("word", text.replace("<", "&lt;"), key=text)
        found = _NAME.match(text)
        assert found, text  # the tokens' pattern starts every tag with a name
        name = found.group(1).lower()
        if read == "end":
            return Token("end", text, name, f"</{name}>")
        kind = "void" if name in VOID or read == "void" else "start"
        return Token(kind, text, name, text)


class _Reading(HTMLParser):
    """What html.parser makes of one piece of markup: the kinds of the events it gives."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.kinds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.kinds.append("start")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.kinds.append("void")

    def handle_endtag(self, tag: str) -> None:
        self.kinds.append("end")

    def handle_data(self, data: str) -> None:
        self.kinds.append("word")


@functools.lru_cache(maxsize=4096)
def _read_as(tag: str) -> str:
    """How html.parser, whose reading the redline must agree with, reads what the pattern took
    for one tag: "start", "void" (`<b/>`, `<b=/>` whose name is "b="; not `<a href=x/>`, whose
    "/" is the value's), "end", or "word" when it is not one whole tag (`<b/<='>` is text,
    `<b/='><b>'>` two tags), which is then shown as text."""
    parser = _Reading()
    parser.feed(tag)
    parser.close()
    return parser.kinds[0] if len(parser.kinds) == 1 else "word"


def tokens(html: str) -> list[Token]:
    return [Token.of(m.group(), m.lastgroup or "word") for m in _TOKEN.finditer(html)]


def token_key(token: Token) -> str:
    return token.key


def _step(stack: list[str], token: Token) -> None:
    """Follow one token's effect on the open elements (an end tag closes up to its element)."""
    if token.kind == "start":
        stack.append(token.name)
    elif token.kind == "end" and token.name in stack:
        while stack.pop() != token.name:
            pass


def blocks(html: str) -> list[str]:
    """The top-level blocks of `html`: each element at the top with what it holds and the
    spaces after it, and each run of loose text between them. Only tags are parsed here: the
    blocks that did not change are never cut into words."""
    out: list[str] = []
    start = 0  # where the current block starts
    begun = False  # the current block has more than spaces
    loose = False  # the current block is loose text, not an element
    stack: list[str] = []
    pos = 0

    def item(kind: str, at: int) -> None:
        nonlocal start, begun, loose
        if not stack and kind != "space":
            if begun and (kind == "start" or not loose):
                out.append(html[start:at])
                start = at
            begun, loose = True, kind in ("word", "void")

    for match in _TAG.finditer(html):
        if match.start() > pos:
            gap = html[pos : match.start()]
            item("word" if gap.strip() else "space", pos)
        token = Token.of(match.group(), match.lastgroup or "tag")
        item(token.kind, match.start())
        _step(stack, token)
        pos = match.end()
    if pos < len(html):
        item("word" if html[pos:].strip() else "space", pos)
    if start < len(html):
        out.append(html[start:])
    return out


def follow(stack: list[str], html: str) -> bool:
    """Update the open elements with `html`; False, leaving `stack` as it was, if some end tag
    in it does not close the innermost element, or some tag is not one (raw HTML written
    carelessly)."""
    after = list(stack)
    pos = 0
    for match in _TAG.finditer(html):
        if "<" in html[pos : match.start()]:
            return False  # a "<" that starts no tag, which the word path escapes
        pos = match.end()
        token = Token.of(match.group(), match.lastgroup or "tag")
        if token.kind == "word" or (token.kind == "end" and (not after or after[-1] != token.name)):
            return False
        _step(after, token)
    if "<" in html[pos:]:
        return False
    stack[:] = after
    return True


def block_key(block: str) -> str:
    return " ".join(block.split())


def pairs(run: list[Token]) -> dict[int, int]:
    """Start tag index -> its end tag's index, for the elements whole within `run`."""
    found: dict[int, int] = {}
    open_: list[tuple[int, str]] = []
    for n, token in enumerate(run):
        if token.kind == "start":
            open_.append((n, token.name))
        elif token.kind == "end" and any(name == token.name for _, name in open_):
            while True:
                start, name = open_.pop()
                if name == token.name:
                    found[start] = n
                    break
    return found


def unpaired(run: list[Token]) -> int:
    """How many tags in `run` are not part of an element whole within it."""
    tags = sum(t.kind in ("start", "end") for t in run)
    return tags - 2 * len(pairs(run))


def allowed(name: str, stack: list[str]) -> bool:
    """Whether an element `name` may open inside the elements `stack` (innermost last)."""
    context = stack[-1] if stack else ""
    if name == "a" and "a" in stack:
        return False
    if name in CHILD_OF:
        return context in CHILD_OF[name]
    if context in _TEXT_INSIDE or context == "colgroup":
        return False
    if context in PHRASING:
        return name in INLINE
    return True


def wrappers(context: str) -> tuple[str, ...]:
    """The elements text needs around it to stand inside `context`."""
    return _TEXT_INSIDE.get(context, ())


def without_id(tag: str) -> str:
    """A removed element's start tag without its id: the new version may use the same one."""
    return _ID.sub("", tag)
