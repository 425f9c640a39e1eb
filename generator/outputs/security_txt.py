"""`/.well-known/security.txt` (RFC 9116): where to report a vulnerability, and until when that
is true."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from generator import urls
from generator.content.schema import iso
from generator.content.security_settings import Security, absolute

# RFC 9116 2.5: the field names, in the order the file lists them.
_LINKS = (
    ("Encryption", "encryption"),
    ("Acknowledgments", "acknowledgments"),
    ("Policy", "policy"),
    ("Hiring", "hiring"),
)


def expires(security: Security, now: datetime) -> datetime:
    """Build time plus `expires_days`: the scheduled rebuild keeps the file from expiring."""
    return now + timedelta(days=security.expires_days)


def text(security: Security, site_url: str, languages: tuple[str, ...], now: datetime) -> str:
    """The file's text. `site_url` is the site's absolute URL, ending in `/`."""
    lines = [f"Contact: {uri}" for uri in security.contact]
    lines.append(f"Expires: {iso(expires(security, now))}")
    for name, key in _LINKS:
        link = security.links().get(key)
        if link:
            lines.append(f"{name}: {absolute(link, site_url)}")
    lines.append(f"Preferred-Languages: {', '.join(languages)}")
    lines.append(f"Canonical: {site_url}{urls.SECURITY_TXT}")
    if security.csaf is not None:
        lines.append(f"CSAF: {site_url}{urls.PROVIDER_METADATA}")
    return "\n".join(lines) + "\n"


class ClearSigner(Protocol):
    def clearsign(self, data: bytes) -> bytes: ...


def files(
    security: Security | None,
    site_url: str,
    languages: tuple[str, ...],
    now: datetime,
    signer: ClearSigner | None = None,
) -> dict[str, bytes]:
    """The file by its path, or nothing without `security:`; signed when a key is given."""
    if security is None:
        return {}
    body = text(security, site_url, languages, now).encode("utf-8")
    return {urls.SECURITY_TXT: signer.clearsign(body) if signer else body}
