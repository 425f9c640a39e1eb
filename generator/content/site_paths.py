"""What a file of the published site may be called: the rules every alias and every file a build
writes obey, so that no text a contributor writes can name a place outside the site.

A site path is relative to the site's root, decoded (no percent-escapes), with `/` between
folders: `issues/2021-03-01-db/index.html`.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

MAX_NAME_BYTES = 255  # one file or folder name, as most file systems allow
MAX_PATH_BYTES = 1024  # the whole path, well inside PATH_MAX with the output folder before it
# Characters a file name may not hold, beyond the controls: a backslash is a separator on some
# systems, a percent sign would be decoded again by some servers, and the others cannot be
# reached by an address without escaping.
FORBIDDEN = frozenset('\\%?#"<>')
_CONTROL = frozenset({"Cc", "Cs", "Zl", "Zp"})  # controls, lone surrogates, line breaks
# Direction overrides and isolates make a name read differently from what it is.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def problem(path: str) -> str | None:
    """Why `path` cannot be a file of the site, or None if it can."""
    if not isinstance(path, str) or not path:
        return "is empty"
    if path.startswith("/"):
        return "is absolute"
    for ch in path:
        if unicodedata.category(ch) in _CONTROL or ch in _BIDI:
            return f"holds the control character U+{ord(ch):04X}"
        if ch in FORBIDDEN:
            return f"holds {ch!r}"
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes"
    for name in path.split("/"):
        if name == "":
            return "has an empty segment (//)"
        if name in (".", ".."):
            return f"has a {name!r} segment"
        if len(name.encode("utf-8")) > MAX_NAME_BYTES:
            return f"has a name longer than {MAX_NAME_BYTES} bytes"
    return None


def folders(path: str) -> list[str]:
    """The folders `path` lies in, outermost first, each with its `/`: `a/b/c` -> `a/`, `a/b/`."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def key(path: str) -> str:
    """`path` as a case-insensitive, normalising file system sees it: two paths with one key
    are one file on macOS and Windows, so a site must not hold both."""
    return unicodedata.normalize("NFC", path).casefold()


# An address as written: unreserved characters, sub-delimiters, `:`, `@`, `/` and %XX escapes.
_ADDRESS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+\Z")
_SEPARATOR = re.compile(r"%(?:2f|5c)", re.IGNORECASE)


def address_file(address: str) -> str:
    """The site file an old address of this site is served from: `/issues/x/` ->
    `issues/x/index.html`; `/old/page.html` (a last segment with a dot) stays as it is.
    Raises ValueError saying why `address` cannot be one."""
    if not isinstance(address, str) or not address.startswith("/") or address.startswith("//"):
        raise ValueError("it must start with a single / (no scheme or host)")
    bad = next((ch for ch in address[1:] if not _ADDRESS.match(ch) and ch != "%"), None)
    if bad is not None:
        raise ValueError(f"it holds {bad!r}; percent-encode it (no query or fragment)")
    if not _ADDRESS.match(address[1:]):
        raise ValueError("a % must begin an escape such as %20")
    if _SEPARATOR.search(address):
        raise ValueError("it encodes a separator (%2F or %5C)")
    try:
        path = unquote(address[1:], errors="strict")
    except UnicodeDecodeError:
        raise ValueError("its escapes are not UTF-8") from None
    if path.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        path = (path if path.endswith("/") else path + "/") + "index.html"
    why = problem(path)
    if why is not None:
        raise ValueError(f"once decoded it {why}")
    return path
