"""The names an import gives things: every id and file name comes from `Ids.make`, every old
address kept as an alias from `Aliases`, so no source, however written, yields a name that
`openbook check` refuses or a path outside the site."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, unquote

MAX_ID = 60  # characters; with `.md` and a `-NN` suffix far inside any file system's limit
RESERVED = {"index", "page"}  # names the site's own pages use in every folder
MAX_SEGMENT = 200  # bytes of one decoded alias segment: a folder name of the built site
# What a decoded alias segment may hold: letters, digits and marks of any script, and the
# punctuation `_ALIAS` in content/documents.py accepts without escaping (no `%`, which a server
# would decode once more).
_SEGMENT_PUNCTUATION = set("-._~!$&'()*+,;=:@")
_SAFE_IN_ALIAS = "-._~!$&'()*+,;=:@"


def readable(text: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens from free text, at most MAX_ID long;
    accents are dropped rather than the letters they sit on ("Störung" -> "storung")."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:MAX_ID].strip("-")


class Ids:
    """Openbook ids, one namespace per kind of thing (components and groups share one, as
    portal.yml's references do), each given once: the same wish twice gets `-2`, `-3`, … in
    the order asked, so an import is deterministic."""

    def __init__(self) -> None:
        self.taken: dict[str, set[str]] = {}

    def make(self, kind: str, *wishes: str, fallback: str = "imported") -> str:
        base = next((r for r in map(readable, wishes) if r), "") or fallback
        taken = self.taken.setdefault(kind, set())
        candidate, n = base, 2
        while candidate in taken or candidate in RESERVED:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate


def segment_problem(decoded: str) -> str | None:
    """Why one decoded path segment cannot be a folder of the built site, or None."""
    if decoded in ("", ".", ".."):
        return f"would be the segment {decoded!r}"
    if len(decoded.encode("utf-8", "surrogatepass")) > MAX_SEGMENT:
        return f"is longer than {MAX_SEGMENT} bytes"
    for ch in decoded:
        if ch in "/\\":
            return f"holds the separator {ch!r}"
        if ch.isalnum() or ch in _SEGMENT_PUNCTUATION:
            continue
        if unicodedata.category(ch).startswith("M"):
            continue
        return f"holds {ch!r} (U+{ord(ch):04X})"
    return None


class Aliases:
    """Old addresses kept as aliases: each checked as a site path and given once (compared as
    a case-insensitive file system compares them), so two sources never claim one folder."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {_key(p) for p in taken}

    @staticmethod
    def path(section: str, segment: str) -> tuple[str | None, str]:
        """`/section/segment/`, percent-encoded, from a segment as the old site wrote it
        (it may hold escapes such as `%20`); or None and why it cannot be kept."""
        try:
            decoded = unquote(segment, errors="strict")
        except UnicodeDecodeError:
            return None, f"{segment!r} decodes to bytes that are not UTF-8"
        problem = segment_problem(decoded)
        if problem and decoded != segment:
            return None, f"{segment!r} decodes to {decoded!r}, which {problem}"
        if problem:
            return None, f"{segment!r} {problem}"
        return f"/{section}/{quote(decoded, safe=_SAFE_IN_ALIAS)}/", ""

    def claim(self, alias: str) -> bool:
        """True if `alias` was free and is now taken."""
        key = _key(alias)
        if key in self.taken:
            return False
        self.taken.add(key)
        return True


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", unquote(path).strip("/")).casefold()


def hugo_segment(stem: str) -> str:
    """The URL segment Hugo makes of a content file's name: lowercased, spaces as hyphens,
    letters, digits, marks, `.`, `_`, `~`, `+`, `-`, `@` and valid `%XX` escapes kept, the
    rest dropped (Hugo's `UnicodeSanitize`; `#` is left out, as a browser never sends it)."""
    out: list[str] = []
    pending_hyphen = False
    for i, ch in enumerate(stem.lower()):
        allowed = ch in "._~+-@" or ch.isalnum() or unicodedata.category(ch).startswith("M")
        allowed = allowed or (
            ch == "%" and re.match(r"%[0-9a-f]{2}", stem.lower()[i : i + 3]) is not None
        )
        if allowed:
            if pending_hyphen and ch != "-":
                out.append("-")
            pending_hyphen = False
            out.append(ch)
        elif ch.isspace() and out and out[-1] != "-":
            pending_hyphen = True
    return "".join(out)
