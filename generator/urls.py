"""Every URL the site publishes, relative to its root, in one place: pages, feeds, the API,
badges, the calendar and the anchors of updates. A URL changes here or nowhere.

Page URLs end in "/"; `source` names the Markdown file MkDocs makes each page from.
"""

from __future__ import annotations

import re
from datetime import date

HOME = ""
INCIDENTS = "incidents/"
INCIDENT_INDEX = "incidents/index.js"
MAINTENANCE = "maintenance/"
ANNOUNCEMENTS = "announcements/"
COMMITMENTS = "commitments/"
HOW_WE_WORK = "how-we-work/"
SUBSCRIBE = "subscribe/"
REPORTS = "reports/"
CHANGES = "changes/"
ADVISORIES = "advisories/"  # security advisories
MEASURE = "reports/how-we-measure/"
CALENDAR = "feeds/maintenance.ics"
BADGE = "badge.svg"
API = "api/v2/"


def incident(incident_id: str) -> str:
    return f"{INCIDENTS}{incident_id}/"


def history_page(number: int) -> str:
    """Page `number` of the incident history; the first is the history itself."""
    return INCIDENTS if number == 1 else f"{INCIDENTS}page/{number}/"


def maintenance(window_id: str) -> str:
    return f"{MAINTENANCE}{window_id}/"


def announcement(item_id: str) -> str:
    return f"{ANNOUNCEMENTS}{item_id}/"


def component(component_id: str) -> str:
    return f"components/{component_id}/"


COMPONENTS = "components/"  # every group and component


def group(group_id: str) -> str:
    return f"groups/{group_id}/"


def standing(page_id: str) -> str:
    return f"{HOW_WE_WORK}{page_id}/"


def update_anchor(number: int) -> str:
    """The id of the `number`-th update (in time) on an incident or maintenance page."""
    return f"update-{number}"


def update(page: str, number: int) -> str:
    return f"{page}#{update_anchor(number)}"


ANNOUNCED = "announced"  # the id of a maintenance window's announcement on its page


def announced(window_id: str) -> str:
    return f"{maintenance(window_id)}#{ANNOUNCED}"


def component_badge(component_id: str) -> str:
    return f"{component(component_id)}{BADGE}"


def feed(name: str) -> str:
    """A feed without its extension (.atom, .rss, .json): all, incidents, maintenance or
    announcements."""
    return f"feeds/{name}"


def component_feed(component_id: str) -> str:
    return f"feeds/components/{component_id}"


API_DOCUMENTS = (
    "summary",
    "status",
    "components",
    "incidents",
    "incidents/unresolved",
    "scheduled-maintenances",
    "scheduled-maintenances/upcoming",
    "scheduled-maintenances/active",
)  # as Statuspage names them


def report(month: str) -> str:
    """A month's availability report: "reports/2026-10/"."""
    return f"{REPORTS}{month}/"


def report_data(month: str, extension: str) -> str:
    """The same report as data: "reports/2026-10.csv" or ".json"."""
    return f"{REPORTS}{month}.{extension}"


def api(document: str) -> str:
    """A Statuspage-compatible API document, one of API_DOCUMENTS."""
    return f"{API}{document}.json"


# Policies and the subprocessor register: binding texts, each version at its own address.
POLICIES = "policies/"
POLICY_CALENDAR = "feeds/policies.ics"  # each version's effective day
POLICIES_API = "api/policies.json"  # Openbook's own document, not one of Statuspage's
SUBPROCESSORS = "subprocessors/"
SUBPROCESSORS_CSV = f"{SUBPROCESSORS}list.csv"
SUBPROCESSORS_JSON = f"{SUBPROCESSORS}list.json"


def policy(policy_id: str) -> str:
    """The version in effect now."""
    return f"{POLICIES}{policy_id}/"


def policy_version(policy_id: str, effective: date) -> str:
    """One version, permanently: "policies/privacy/2027-01-01/"."""
    return f"{POLICIES}{policy_id}/{effective.isoformat()}/"


def policy_changes(policy_id: str, effective: date) -> str:
    """What a version changed against the one before: its redline."""
    return f"{policy_version(policy_id, effective)}changes/"


def source(url: str) -> str:
    """The Markdown source MkDocs names a page by: "" -> index.md, "incidents/" ->
    incidents/index.md, "incidents/x/" -> incidents/x.md."""
    if url == HOME:
        return "index.md"
    stem = url.rstrip("/")
    return f"{stem}/index.md" if url in _SECTIONS else f"{stem}.md"


_SECTIONS = {
    INCIDENTS,
    MAINTENANCE,
    ANNOUNCEMENTS,
    COMMITMENTS,
    HOW_WE_WORK,
    SUBSCRIBE,
    REPORTS,
    CHANGES,
    ADVISORIES,
    POLICIES,
    SUBPROCESSORS,
}


# Security disclosures: security.txt, advisories and the CSAF provider's files.
SECURITY_TXT = ".well-known/security.txt"
ADVISORIES_API = "api/advisories.json"  # Openbook's own document, not one of Statuspage's
CSAF = ".well-known/csaf/"
PROVIDER_METADATA = f"{CSAF}provider-metadata.json"
CSAF_WHITE = f"{CSAF}white/"  # TLP:WHITE (CLEAR) documents: everything a public site publishes
CSAF_INDEX = f"{CSAF_WHITE}index.txt"
CSAF_CHANGES = f"{CSAF_WHITE}changes.csv"
CSAF_FEED = f"{CSAF}feed-tlp-white.json"  # the ROLIE feed

_NOT_IN_CSAF_NAMES = re.compile(r"[^+\-a-z0-9]+")


def advisory(advisory_id: str) -> str:
    return f"{ADVISORIES}{advisory_id}/"


def openpgp_key(fingerprint: str) -> str:
    """The public key CSAF documents are signed with (CSAF 2.0 7.1.20)."""
    return f"{CSAF}openpgp/{fingerprint}.asc"


def csaf_file_name(tracking_id: str) -> str:
    """CSAF 2.0 section 5.1: the tracking id in lowercase, each run of other characters than
    `+`, `-`, a-z and 0-9 replaced by `_`, and `.json`."""
    return _NOT_IN_CSAF_NAMES.sub("_", tracking_id.lower()) + ".json"


def csaf_document(tracking_id: str, year: int) -> str:
    """`.well-known/csaf/white/2026/ID.json`: the folder is the year of the initial release."""
    return f"{CSAF_WHITE}{year:04d}/{csaf_file_name(tracking_id)}"


def in_white(path: str) -> str:
    """A path inside the white folder as index.txt and changes.csv name it: `2026/ID.json`."""
    return path.removeprefix(CSAF_WHITE)
