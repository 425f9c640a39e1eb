"""Every URL the site publishes, relative to its root, in one place: pages, feeds, the API,
badges, the calendar and the anchors of updates. A URL changes here or nowhere.

Page URLs end in "/"; `source` names the Markdown file MkDocs makes each page from.
"""

from __future__ import annotations

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
}
