"""`openbook import statuspage SOURCE`: a Statuspage page (or any page that speaks its public
API v2, Openbook's own included) as Openbook content.

SOURCE is a folder of saved API documents (`summary.json`, `components.json`,
`incidents.json`, `scheduled-maintenances.json`) or the page's address, from which the same
documents are fetched under `api/v2/`. Components, groups, incidents with their updates and
affected components, and maintenance windows map one to one.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator import __version__
from generator.content.settings import ID, slugify
from generator.errors import OpenbookError
from generator.importers.output import Report, Writer, stamp

DOCUMENTS = ("summary", "components", "incidents", "scheduled-maintenances")
RANDOM = re.compile(r"(?=.*\d)(?=.*[a-z])[a-z0-9]{12}\Z")  # Statuspage's generated ids
IMPACT_STATUS = {  # what an incident's impact says of its components, when its updates do not
    "none": "degraded_performance",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
}
INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "verifying", "completed", "cancelled")


def read_documents(source: str) -> dict[str, dict]:
    """The four API documents, from a folder or from a page's address."""
    found = {}
    for name in DOCUMENTS:
        if re.match(r"https?://", source):
            url = source.rstrip("/") + f"/api/v2/{name}.json"
            request = urllib.request.Request(url, headers={"User-Agent": f"Openbook/{__version__}"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    data = response.read()
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                raise OpenbookError(f"{url}: {getattr(exc, 'reason', exc)}") from None
            where = url
        else:
            path = Path(source) / f"{name}.json"
            if not path.is_file():
                if name == "summary":
                    raise OpenbookError(
                        f"{source}: no summary.json here; SOURCE is a folder of "
                        "saved API v2 documents or the page's address"
                    )
                continue
            data, where = path.read_bytes(), str(path)
        try:
            found[name] = json.loads(data)
        except ValueError as exc:
            raise OpenbookError(f"{where}: not JSON ({exc})") from None
    return found


def _time(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).replace(microsecond=0)


class _Ids:
    """Openbook ids for Statuspage's: kept when they are readable, else made from the name."""

    def __init__(self):
        self.map: dict[str, str] = {}
        self.taken: set[str] = set()

    def make(self, source_id: str, name: str, prefix: str = "") -> str:
        if source_id in self.map:
            return self.map[source_id]
        wanted = source_id if ID.match(source_id) and not RANDOM.match(source_id) else ""
        wanted = wanted or (prefix + slugify(name))[:80].strip("-") or "imported"
        candidate, n = wanted, 2
        while candidate in self.taken or candidate in ("index", "page"):
            candidate, n = f"{wanted}-{n}", n + 1
        self.taken.add(candidate)
        self.map[source_id] = candidate
        return candidate


def import_statuspage(source: str, out: Path) -> Report:
    documents = read_documents(source)
    report = Report()
    page = documents["summary"].get("page") or {}
    listed = (documents.get("components") or documents["summary"]).get("components") or []
    components = _components(listed, report)
    ids = components.pop("_ids")
    writer = Writer(out)
    incidents = (documents.get("incidents") or {}).get("incidents") or []
    for incident in incidents:
        report.counts["files"] += 1
        _incident(incident, ids, writer, report, source)
    windows = (documents.get("scheduled-maintenances") or {}).get("scheduled_maintenances") or []
    for window in windows:
        report.counts["files"] += 1
        _maintenance(window, ids, writer, report, source)
    zone = str(page.get("time_zone") or "UTC")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        report.guess(source, 1, f"time zone {zone!r} unknown; UTC")
        zone = "UTC"
    url = str(page.get("url") or "")
    if not re.match(r"https?://[^/\s]+", url):
        report.guess(source, 1, "the page has no address; url set to https://status.example.com/")
        url = "https://status.example.com/"
    portal = {
        "title": str(page.get("name") or "Status"),
        "url": url.rstrip("/") + "/",
        "timezone": zone,
        **({"groups": components["groups"]} if components["groups"] else {}),
        "components": components["components"] or [{"id": "service", "name": "Service"}],
    }
    writer.portal(portal, f"# Imported from the Statuspage API of {source}.\n")
    writer.commit()
    return report


def _components(listed: list[dict], report: Report) -> dict:
    ids = _Ids()
    ordered = sorted(listed, key=lambda c: c.get("position") or 0)
    groups = []
    for entry in ordered:
        if entry.get("group"):
            groups.append(
                {
                    "id": ids.make(str(entry["id"]), str(entry.get("name"))),
                    "name": str(entry.get("name") or entry["id"]),
                }
            )
    components = []
    for entry in ordered:
        if entry.get("group"):
            continue
        item = {
            "id": ids.make(str(entry["id"]), str(entry.get("name"))),
            "name": str(entry.get("name") or entry["id"]),
        }
        if entry.get("group_id"):
            item["group"] = ids.make(str(entry["group_id"]), "")
        if entry.get("description"):
            item["description"] = str(entry["description"]).strip()
        components.append(item)
    report.counts["components"] = len(components)
    return {"groups": groups, "components": components, "_ids": ids}


def _incident(incident: dict, ids: _Ids, writer: Writer, report: Report, source: str) -> None:
    name = str(incident.get("name") or "Incident")
    created = _time(incident.get("started_at")) or _time(incident.get("created_at"))
    where = f"{source}#incident {incident.get('id')}"
    if created is None:
        report.problem(where, 1, "not imported: no created_at")
        return
    ident = writer.unique_id("incidents", _document_id(incident, created, name))
    updates, first, report_body = [], {}, []
    for n, update in enumerate(sorted(incident.get("incident_updates") or [], key=_when)):
        status = str(update.get("status") or "")
        body = str(update.get("body") or "").strip()
        at = _time(update.get("display_at")) or _time(update.get("created_at")) or created
        if status == "postmortem":
            report_body.append(body)
            continue
        if status not in INCIDENT_STATUSES:
            report.guess(where, 1, f"update status {status!r}; taken as identified")
            status = "identified"
        if not body:
            body = "This issue has been resolved." if status == "resolved" else "An update."
            report.guess(where, 1, "an update without words; wrote a neutral sentence")
        changed = {
            str(a.get("code")): str(a.get("new_status"))
            for a in update.get("affected_components") or []
            if a.get("code") in ids.map
        }
        changed = {ids.map[k]: v for k, v in changed.items()}
        entry = {"at": stamp(at), "status": status, "text": body}
        if n == 0 or not updates:
            first = {k: v for k, v in changed.items() if v != "operational"}
        elif changed and status != "resolved":
            entry["components"] = changed
        updates.append(entry)
    if not updates:
        updates.append({"at": stamp(created), "status": "investigating", "text": name})
        report.guess(where, 1, "no updates; the title is the first update")
    impact = str(incident.get("impact") or "none")
    if impact not in IMPACT_STATUS:
        report.guess(where, 1, f"impact {impact!r}; taken as minor")
        impact = "minor"
    touched = [ids.map[c["id"]] for c in incident.get("components") or [] if c.get("id") in ids.map]
    statuses = first or {cid: IMPACT_STATUS[impact] for cid in touched}
    if incident.get("postmortem_body"):
        report_body.append(str(incident["postmortem_body"]).strip())
    front = {"title": name, "impact": impact, "components": statuses, "updates": updates}
    alias = _alias(incident, ident)
    if alias:
        front["aliases"] = [alias]
    writer.document("incidents", ident, front, "\n\n".join(report_body))
    report.counts["incidents"] += 1
    report.counts["updates"] += len(updates)


def _maintenance(window: dict, ids: _Ids, writer: Writer, report: Report, source: str) -> None:
    name = str(window.get("name") or "Maintenance")
    where = f"{source}#maintenance {window.get('id')}"
    start, end = _time(window.get("scheduled_for")), _time(window.get("scheduled_until"))
    published = _time(window.get("created_at")) or start
    if start is None or end is None or end <= start:
        report.problem(where, 1, "not imported: no scheduled_for before scheduled_until")
        return
    ident = writer.unique_id("maintenance", _document_id(window, start, name))
    updates = []
    for update in sorted(window.get("incident_updates") or [], key=_when):
        status = str(update.get("status") or "")
        at = _time(update.get("display_at")) or _time(update.get("created_at")) or published
        if status not in MAINTENANCE_STATUSES:
            report.guess(where, 1, f"update status {status!r}; taken as in_progress")
            status = "in_progress"
        if status == "completed" and at < start:
            status = "cancelled"  # done before it began: Statuspage has no other way to say so
            report.guess(where, 1, "completed before it began; taken as cancelled")
        text = str(update.get("body") or "").strip() or name
        updates.append({"at": stamp(at), "status": status, "text": text})
    components = [
        ids.map[c["id"]] for c in window.get("components") or [] if c.get("id") in ids.map
    ]
    front = {
        "title": name,
        "published": stamp(min(published, start)),
        "start": stamp(start),
        "end": stamp(end),
        "components": components,
        "updates": updates,
    }
    alias = _alias(window, ident)
    if alias:
        front["aliases"] = [alias]
    writer.document("maintenance", ident, front, name)
    report.counts["maintenance"] += 1
    report.counts["updates"] += len(updates)


EARLIEST = datetime.min.replace(tzinfo=UTC)


def _when(update: dict) -> datetime:
    return _time(update.get("display_at")) or _time(update.get("created_at")) or EARLIEST


def _document_id(item: dict, when: datetime, name: str) -> str:
    source_id = str(item.get("id") or "")
    if ID.match(source_id) and not RANDOM.match(source_id):
        return source_id
    return f"{when:%Y-%m-%d}-{slugify(name)}"


def _alias(item: dict, ident: str) -> str:
    """Statuspage's own address of an incident, `/incidents/ID`, when the id changed."""
    source_id = str(item.get("id") or "")
    if source_id and source_id != ident and re.fullmatch(r"[A-Za-z0-9_-]+", source_id):
        return f"/incidents/{source_id}/"
    return ""
