"""Keeping the channels' secrets out of everything `openbook notify` prints or writes.

Webhook URLs, SMTP URLs and signing keys come from the environment. Every line a run reports,
and the traceback of anything unexpected, passes through `Secrets.scrub`, which replaces each
secret, and each part of a secret URL that is not its scheme and host, wherever it appears and
in whatever form an error may quote it (as written, percent-decoded, or as Python's repr).
Messages that name a URL on purpose name it through `redact_url`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

HIDDEN = "[redacted]"
SHORTEST = 4  # shorter pieces (a path of "/") would blot out ordinary words


def redact_url(url: str) -> str:
    """`scheme://host`, all an error message may show of a secret URL."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return HIDDEN
    if not parts.scheme.isalpha() or not host:
        return HIDDEN
    return f"{parts.scheme}://{host}/…" if parts.path or parts.query else f"{parts.scheme}://{host}"


@dataclass
class Secrets:
    values: set[str] = field(default_factory=set)

    def add(self, value: str) -> None:
        """`value` and, if it is a URL, every part of it that is not the scheme or host."""
        value = value or ""
        pieces = {value, value.strip()}
        try:
            parts = urlsplit(value.strip())
            after_host = value.strip().split(parts.netloc, 1)[-1] if parts.netloc else ""
            pieces |= {
                parts.username or "",
                parts.password or "",
                parts.path,
                parts.query,
                parts.fragment,
                after_host,
                parts.netloc.rpartition("@")[0],
            }
        except ValueError:
            pass  # not a URL: the value as a whole is the secret
        for piece in pieces:
            for form in (piece, unquote(piece), repr(piece)[1:-1], repr(unquote(piece))[1:-1]):
                if len(form.strip()) >= SHORTEST:
                    self.values.add(form)

    def scrub(self, text: str) -> str:
        for secret in sorted(self.values, key=len, reverse=True):
            text = text.replace(secret, HIDDEN)
        return text
