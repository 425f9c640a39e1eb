"""The site as a CSAF 2.0 provider (section 7): `/.well-known/csaf/provider-metadata.json`, each
advisory's document with its SHA-256 (and OpenPGP signature when a key is given), the folder's
index.txt and changes.csv, and a ROLIE feed, so aggregators and scanners find every advisory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from generator import urls
from generator.content.advisories import Advisory
from generator.content.schema import iso
from generator.content.security_settings import CsafPublisher
from generator.outputs import csaf

SCHEMA = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"
ROLIE_CSAF = {"scheme": "urn:ietf:params:rolie:category:information-type", "term": "csaf"}


class Signer(Protocol):
    """Makes detached ASCII-armored OpenPGP signatures with the provider's key
    (generator.outputs.openpgp.GpgSigner)."""

    fingerprint: str
    public_key: bytes  # ASCII-armored, published beside the documents

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class _Published:
    advisory: Advisory
    path: str  # from the site's root
    body: bytes


def files(
    advisories: Sequence[Advisory],
    publisher: CsafPublisher,
    site_url: str,
    now: datetime,
    language: str = "en",
    signer: Signer | None = None,
) -> dict[str, bytes]:
    """Every file of the provider, by its path from the site's root. `advisories` are the
    published ones, as of `now`."""
    published = [
        _Published(a, csaf.path(a), csaf.encoded(csaf.document(a, publisher, site_url, language)))
        for a in sorted(advisories, key=lambda a: (a.published, a.id))
    ]
    out: dict[str, bytes] = {}
    for item in published:
        name = item.path.rsplit("/", 1)[-1]
        out[item.path] = item.body
        out[item.path + ".sha256"] = sha256_line(item.body, name)
        if signer is not None:
            out[item.path + ".asc"] = signer.sign(item.body)
    if signer is not None:
        out[urls.openpgp_key(signer.fingerprint)] = signer.public_key
    out[urls.CSAF_INDEX] = index(published)
    out[urls.CSAF_CHANGES] = changes(published)
    updated = max((p.advisory.updated for p in published), default=now)
    out[urls.CSAF_FEED] = _json(feed(published, publisher, site_url, updated, signer))
    out[urls.PROVIDER_METADATA] = _json(metadata(publisher, site_url, updated, signer))
    return out


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def sha256_line(body: bytes, name: str) -> bytes:
    """The digest as `sha256sum` writes it, so `sha256sum -c` checks the file (7.1.18)."""
    return f"{hashlib.sha256(body).hexdigest()}  {name}\n".encode()


def index(published: Sequence[_Published]) -> bytes:
    """index.txt (7.1.12): each document's path within the folder, one a line."""
    return "".join(urls.in_white(p.path) + "\n" for p in published).encode()


def changes(published: Sequence[_Published]) -> bytes:
    """changes.csv (7.1.13): path and time of the latest change, the latest change first."""
    newest = sorted(published, key=lambda p: (p.advisory.updated, p.path), reverse=True)
    return "".join(
        f'"{urls.in_white(p.path)}","{iso(p.advisory.updated)}"\n' for p in newest
    ).encode()


def feed(
    published: Sequence[_Published],
    publisher: CsafPublisher,
    site_url: str,
    updated: datetime,
    signer: Signer | None,
) -> dict:
    """The ROLIE feed of TLP:WHITE documents (7.1.15), newest change first."""
    entries = []
    for item in sorted(published, key=lambda p: (p.advisory.updated, p.path), reverse=True):
        url = site_url + item.path
        links = [{"rel": "self", "href": url}, {"rel": "hash", "href": url + ".sha256"}]
        if signer is not None:
            links.append({"rel": "signature", "href": url + ".asc"})
        entries.append(
            {
                "id": csaf.tracking_id(item.advisory),
                "title": item.advisory.title,
                "link": links,
                "published": iso(item.advisory.published),
                "updated": iso(item.advisory.updated),
                "summary": {"content": item.advisory.title},
                "content": {"type": "application/json", "src": url},
                "format": {"schema": SCHEMA, "version": csaf.CSAF_VERSION},
            }
        )
    return {
        "feed": {
            "id": "csaf-feed-tlp-white",
            "title": f"{publisher.name} CSAF feed (TLP:WHITE)",
            "link": [{"rel": "self", "href": site_url + urls.CSAF_FEED}],
            "category": [ROLIE_CSAF],
            "updated": iso(updated),
            "entry": entries,
        }
    }


def metadata(
    publisher: CsafPublisher, site_url: str, updated: datetime, signer: Signer | None
) -> dict:
    """provider-metadata.json (7.1.7). Without signatures the site is a `csaf_provider`; a
    `csaf_trusted_provider` also signs every document (7.1.19) and names its key (7.1.20)."""
    out = {
        "canonical_url": site_url + urls.PROVIDER_METADATA,
        "distributions": [
            {"directory_url": site_url + urls.CSAF_WHITE},
            {
                "rolie": {
                    "feeds": [
                        {
                            "summary": f"All TLP:WHITE advisories of {publisher.name}.",
                            "tlp_label": "WHITE",
                            "url": site_url + urls.CSAF_FEED,
                        }
                    ]
                }
            },
        ],
        "last_updated": iso(updated),
        "list_on_CSAF_aggregators": True,
        "metadata_version": csaf.CSAF_VERSION,
        "mirror_on_CSAF_aggregators": True,
        "publisher": csaf.publisher_json(publisher),
        "role": "csaf_provider" if signer is None else "csaf_trusted_provider",
    }
    if signer is not None:
        key_url = site_url + urls.openpgp_key(signer.fingerprint)
        out["pgp_keys"] = [{"fingerprint": signer.fingerprint, "url": key_url}]
    return out
