"""The URLs of security disclosures, relative to the site's root: security.txt, advisories and the
CSAF provider's files. Kept beside `generator/urls.py` until they join it.
"""

from __future__ import annotations

import re

SECURITY_TXT = ".well-known/security.txt"
ADVISORIES = "advisories/"
CSAF = ".well-known/csaf/"
PROVIDER_METADATA = f"{CSAF}provider-metadata.json"
CSAF_WHITE = f"{CSAF}white/"  # TLP:WHITE (CLEAR) documents: everything a public site publishes
CSAF_INDEX = f"{CSAF_WHITE}index.txt"
CSAF_CHANGES = f"{CSAF_WHITE}changes.csv"
CSAF_FEED = f"{CSAF}feed-tlp-white.json"  # the ROLIE feed

_NOT_IN_FILE_NAMES = re.compile(r"[^+\-a-z0-9]+")


def openpgp_key(fingerprint: str) -> str:
    """The public key CSAF documents are signed with (CSAF 2.0 7.1.20)."""
    return f"{CSAF}openpgp/{fingerprint}.asc"


def advisory(advisory_id: str) -> str:
    return f"{ADVISORIES}{advisory_id}/"


def csaf_file_name(tracking_id: str) -> str:
    """CSAF 2.0 section 5.1: the tracking id in lowercase, each run of other characters than
    `+`, `-`, a-z and 0-9 replaced by `_`, and `.json`."""
    return _NOT_IN_FILE_NAMES.sub("_", tracking_id.lower()) + ".json"


def csaf_document(tracking_id: str, year: int) -> str:
    """`.well-known/csaf/white/2026/ID.json`: the folder is the year of the initial release."""
    return f"{CSAF_WHITE}{year:04d}/{csaf_file_name(tracking_id)}"


def in_white(path: str) -> str:
    """A path inside the white folder as index.txt and changes.csv name it: `2026/ID.json`."""
    return path.removeprefix(CSAF_WHITE)
