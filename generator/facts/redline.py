"""A redline: what changed between two versions of a document, word by word, as HTML.

Both versions come in rendered and sanitised; the result is one fragment where removed words
stand in `<del>` and added words in `<ins>`, each with words a screen reader reads out, and
the markup is balanced whatever changed: the new version's elements are all kept, and the old
version's only where they are whole within what was removed and allowed where they land.

The diff is diff-match-patch over tokens (tags, words, spaces), each token one character:
first over top-level blocks, so that only the blocks that changed are compared word by word
and a long document costs little more than its changes. It never runs against a clock (the
library's timeout would make the result depend on the machine), so regions too large to
compare word by word within a bounded cost are shown as removed and added whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TypeVar

from diff_match_patch import diff_match_patch
from markupsafe import Markup

from generator.facts import redline_html as _html
from generator.facts.redline_html import Token, allowed, wrappers

EQUAL, DELETE, INSERT = 0, -1, 1
KEPT = 2  # a whole block of the new version that did not change
WORD_LIMIT = 6_000  # tokens in a changed region compared word by word (a few pages of text)
REWRITE_SIZE = 40  # tokens from which a region with little in common is shown as a rewrite
SIMILAR = 0.25  # the share of word pairs in common below which a region is a rewrite


@dataclass(frozen=True)
class Marks:
    """What a screen reader reads around each change; the site passes its language's words."""

    added: str = "[added: "
    removed: str = "[removed: "
    end: str = "]"


def redline(old: str, new: str, marks: Marks = Marks()) -> Markup:
    """The two rendered versions as one fragment with the changes marked."""
    script = _slide(_script(old, new))
    return Markup(_Emitter(marks).emit(script))


# An edit script: (op, old token, new token); EQUAL has both, DELETE the old, INSERT and KEPT
# the new.
Edit = tuple[int, Token | None, Token | None]
OLD, NEW = 1, 2  # an edit's sides


def _token(edit: Edit, side: int) -> Token:
    """The token an edit holds on `side`, one its op says it has."""
    token = edit[side]
    assert isinstance(token, Token), edit
    return token


def _script(old: str, new: str) -> list[Edit]:
    script: list[Edit] = []
    gone: list[str] = []
    came: list[str] = []
    for op, olds, news in _diff(_html.blocks(old), _html.blocks(new), key=_html.block_key):
        if op != EQUAL:
            (gone if op == DELETE else came).extend(olds if op == DELETE else news)
            continue
        script += _region(gone, came)
        gone, came = [], []
        script += [(KEPT, None, Token("block", block)) for block in news]
    return script + _region(gone, came)


def _region(old: list[str], new: list[str]) -> list[Edit]:
    """Blocks that changed, word by word when that is cheap and telling; else removed, then
    added. A large region is compared block by block in order, so its cost stays bounded."""
    if len(old) + len(new) > 2 and sum(map(len, old)) + sum(map(len, new)) > WORD_LIMIT * 4:
        out: list[Edit] = []
        for n in range(max(len(old), len(new))):
            out += _region(old[n : n + 1], new[n : n + 1])
        return out
    return _words(_html.tokens("".join(old)), _html.tokens("".join(new)))


def _words(old: list[Token], new: list[Token]) -> list[Edit]:
    whole: list[Edit] = [(DELETE, t, None) for t in old] + [(INSERT, None, t) for t in new]
    if not old or not new or len(old) + len(new) > WORD_LIMIT:
        return whole
    if len(old) + len(new) > REWRITE_SIZE and _similarity(old, new) < SIMILAR:
        return whole  # a rewrite reads better as the old text, then the new
    script: list[Edit] = []
    for op, olds, news in _diff(old, new, key=_html.token_key):
        if op == EQUAL:
            script += [(EQUAL, a, b) for a, b in zip(olds, news, strict=True)]
        elif op == DELETE:
            script += [(DELETE, t, None) for t in olds]
        else:
            script += [(INSERT, None, t) for t in news]
    return script


def _similarity(old: list[Token], new: list[Token]) -> float:
    """The share of pairs of neighbouring words the two have in common: an edit keeps most,
    a rewrite in the same vocabulary few."""
    pairs = []
    for side in (old, new):
        words = [t.key for t in side if t.kind == "word"]
        pairs.append(Counter(zip(words, words[1:], strict=False)))
    common = sum((pairs[0] & pairs[1]).values())
    return common / max(1, min(sum(pairs[0].values()), sum(pairs[1].values())))


Item = TypeVar("Item")


def _diff(
    old: list[Item], new: list[Item], key: Callable[[Item], str]
) -> list[tuple[int, list[Item], list[Item]]]:
    """diff-match-patch over sequences: each distinct key becomes one character. Items found on
    one side only are set aside first (they can only be removed or added): a rewrite then costs
    no more than an edit, where the library would compare every item with every other."""
    keys_old, keys_new = [key(x) for x in old], [key(x) for x in new]
    shared = set(keys_old) & set(keys_new)
    where_old = [n for n, k in enumerate(keys_old) if k in shared]
    where_new = [n for n, k in enumerate(keys_new) if k in shared]
    codes: dict[str, str] = {}

    def encode(keys: list[str], where: list[int]) -> str:
        out = []
        for n in where:
            code = codes.get(keys[n])
            if code is None:
                number = len(codes) + 0x100
                code = codes[keys[n]] = chr(number + 0x800 if number >= 0xD800 else number)
            out.append(code)
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never against the clock: the same input, the same redline
    diffs = dmp.diff_main(
        encode(keys_old, where_old), encode(keys_new, where_new), checklines=False
    )
    dmp.diff_cleanupSemantic(diffs)
    found: list[tuple[int, list[Item], list[Item]]] = []
    i = j = 0  # the next item of old and new not yet placed
    a = b = 0  # the next shared item of old and new
    for op, chars in diffs:
        if op != EQUAL:
            a, b = (a + len(chars), b) if op == DELETE else (a, b + len(chars))
            continue
        for _ in chars:
            _gap(found, old[i : where_old[a]], new[j : where_new[b]])
            found.append((EQUAL, [old[where_old[a]]], [new[where_new[b]]]))
            i, j = where_old[a] + 1, where_new[b] + 1
            a, b = a + 1, b + 1
    _gap(found, old[i:], new[j:])
    return found


def _gap(
    found: list[tuple[int, list[Item], list[Item]]], removed: list[Item], added: list[Item]
) -> None:
    if removed:
        found.append((DELETE, removed, []))
    if added:
        found.append((INSERT, [], added))


SLIDE_LIMIT = 64


def _slide(script: list[Edit]) -> list[Edit]:
    """Move each run of only removals or only additions, where the tokens around it allow, to
    where its tags pair up: `<p>b</p>` removed rather than `b</p><p>`."""
    script = list(script)
    n = 0
    while n < len(script):
        op = script[n][0]
        if op == EQUAL:
            n += 1
            continue
        end = n
        while end < len(script) and script[end][0] == op:
            end += 1
        other = INSERT if op == DELETE else DELETE
        if (n == 0 or script[n - 1][0] != other) and (
            end == len(script) or script[end][0] != other
        ):
            end = _best_place(script, n, end, op)
        n = end
    return script


def _best_place(script: list[Edit], start: int, end: int, op: int) -> int:
    """Slide script[start:end] (all `op`) to its best place; the index after it."""
    side = OLD if op == DELETE else NEW

    def mine(edit: Edit) -> Token:
        return _token(edit, side)

    # How far the run can move left, then right, keeping both documents the same.
    left = 0
    while (
        left < SLIDE_LIMIT
        and start - left - 1 >= 0
        and script[start - left - 1][0] == EQUAL
        and mine(script[start - left - 1]).key == mine(script[end - left - 1]).key
    ):
        left += 1
    right = 0
    while (
        right < SLIDE_LIMIT
        and end + right < len(script)
        and script[end + right][0] == EQUAL
        and mine(script[end + right]).key == mine(script[start + right]).key
    ):
        right += 1
    if not left and not right:
        return end
    run = [mine(e) for e in script[start - left : end + right]]
    eq = script[start - left : end + right]
    size = end - start
    best = min(range(left + right + 1), key=lambda s: (_html.unpaired(run[s : s + size]), s))
    # Rebuild the stretch: equal items before, the run, equal items after.
    other = OLD + NEW - side
    equal_other = [_token(e, other) for e in eq if e[0] == EQUAL]
    out: list[Edit] = []
    for k, token in enumerate(run):
        if best <= k < best + size:
            out.append((op, token, None) if op == DELETE else (op, None, token))
        else:
            partner = equal_other.pop(0)
            out.append((EQUAL, token, partner) if op == DELETE else (EQUAL, partner, token))
    script[start - left : end + right] = out
    return start - left + best + size


class _Emitter:
    """Writes an edit script as balanced HTML."""

    def __init__(self, marks: Marks):
        self.marks = marks
        self.out: list[str] = []
        self.stack: list[str] = []  # open elements, innermost last

    def emit(self, script: list[Edit]) -> str:
        n = 0
        while n < len(script):
            op = script[n][0]
            end = n
            while end < len(script) and script[end][0] == op:
                end += 1
            if op == DELETE:
                self._removed([_token(e, OLD) for e in script[n:end]])
            elif op == KEPT:
                for edit in script[n:end]:
                    block = _token(edit, NEW).text
                    if _html.follow(self.stack, block):
                        self.out.append(block)
                    else:  # a stray end tag in raw HTML: written again, balanced
                        self._kept(_html.tokens(block), added=False)
            else:
                self._kept([_token(e, NEW) for e in script[n:end]], op == INSERT)
            n = end
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)

    @property
    def context(self) -> str:
        return self.stack[-1] if self.stack else ""

    def _kept(self, tokens: list[Token], added: bool) -> None:
        """Tokens of the new version: every element, and the words marked when added."""
        text: list[str] = []
        for token in tokens:
            if token.kind in ("word", "space"):
                text.append(token.text)
                continue
            self._text(text, added)
            text = []
            if token.kind == "start":
                self.out.append(token.text)
                self.stack.append(token.name)
            elif token.kind == "end":
                self._close(token.name)
            else:
                self.out.append(token.text)
        self._text(text, added)

    def _close(self, name: str) -> None:
        if name not in self.stack:
            return  # a stray end tag: dropped
        while self.stack:
            top = self.stack.pop()
            self.out.append(f"</{top}>")
            if top == name:
                return

    def _removed(self, tokens: list[Token]) -> None:
        """Tokens of the old version only: words marked, elements kept where whole and allowed."""
        pairs = _html.pairs(tokens)
        kept: set[int] = set()
        text: list[str] = []
        for n, token in enumerate(tokens):
            if token.kind in ("word", "space"):
                text.append(token.text)
                continue
            self._deleted_text(text)
            text = []
            if token.kind == "start" and n in pairs and allowed(token.name, self.stack):
                kept.add(pairs[n])
                self.out.append(_html.without_id(token.text))
                self.stack.append(token.name)
            elif token.kind == "end" and n in kept:
                self.out.append(f"</{self.stack.pop()}>")
            elif token.kind == "void" and token.name == "img" and allowed("img", self.stack):
                self.out.append(self._mark(token.text, removed=True))
        self._deleted_text(text)

    def _deleted_text(self, text: list[str]) -> None:
        if not "".join(text).strip():
            self._text(text, False)
            return
        around = wrappers(self.context)
        self.out.append("".join(f"<{w}>" for w in around))
        self.out.append(self._mark("".join(text), removed=True))
        self.out.append("".join(f"</{w}>" for w in reversed(around)))

    def _text(self, text: list[str], added: bool) -> None:
        joined = "".join(text)
        if not joined:
            return
        # Words of the new version are kept even where it put them out of place (raw HTML).
        self.out.append(self._mark(joined, removed=False) if added and joined.strip() else joined)

    def _mark(self, html: str, removed: bool) -> str:
        tag, start = ("del", self.marks.removed) if removed else ("ins", self.marks.added)
        return (
            f'<{tag}><span class="ob-sr">{escape(start)}</span>{html}'
            f'<span class="ob-sr">{escape(self.marks.end)}</span></{tag}>'
        )
