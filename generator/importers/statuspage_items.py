"""Statuspage's incidents and scheduled maintenances as Openbook documents: each update with its
time, status, words and the components it changed; everything not imported is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from generator.content.vocab import ComponentStatus, IncidentStatus, MaintenanceStatus
from generator.importers import markup
from generator.importers.jsonshape import Node
from generator.importers.output import stamp
from generator.importers.statuspage import Page, kept_id

IMPACT_STATUS = {  # what an incident's impact says of its components, when its updates do not
    "none": "degraded_performance",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
}
INCIDENT_STATUSES = tuple(s.value for s in IncidentStatus)
MAINTENANCE_STATUSES = tuple(s.value for s in MaintenanceStatus)
COMPONENT_STATUSES = tuple(s.value for s in ComponentStatus)
EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass
class Item:
    """One document to write, with Statuspage's address of it if its id changed."""

    kind: str
    ident: str
    front: dict
    body: str
    where: str
    alias: str = ""


def _text(page: Page, node: Node) -> str:
    """An update's or report's words, with markup the allowlist refuses made safe."""
    written = node.text().strip()

    def guess(offset: int, message: str) -> None:
        page.report.guess(node.where, None, message)

    return markup.convert(written, guess).strip() if written else ""


def _updates(item: Node) -> list[Node]:
    return sorted(item["incident_updates"].items(), key=_when)


def _when(update: Node) -> datetime:
    return update["display_at"].time() or update["created_at"].time() or EARLIEST


def _ident(page: Page, kind: str, item: Node, when: datetime, name: str) -> tuple[str, str]:
    """The Openbook id, and Statuspage's own address (`/incidents/ID/`) if the id differs."""
    source_id = item["id"].key()
    ident = page.ids.make(kind, kept_id(source_id), f"{when:%Y-%m-%d}-{name}")
    if source_id and source_id != ident and re.fullmatch(r"[A-Za-z0-9_-]{1,100}", source_id):
        return ident, f"/incidents/{source_id}/"
    if source_id and source_id != ident:
        page.report.note(item.where, None, f"the id {source_id!r} is not a path; not kept")
    return ident, ""


def incidents(page: Page, items: list[Node]) -> list[Item]:
    out = []
    for incident in items:
        page.report.counts["files"] += 1
        found = _incident(page, incident)
        if found:
            out.append(found)
    return out


def _incident(page: Page, incident: Node) -> Item | None:
    report = page.report
    name = incident["name"].text().strip() or "Incident"
    created = incident["started_at"].time() or incident["created_at"].time()
    where = incident.where
    if created is None:
        report.problem(where, None, f"not imported: {name!r} has no created_at")
        return None
    ident, alias = _ident(page, "incidents", incident, created, name)
    updates: list[dict[str, object]] = []
    first: dict[str, str] = {}
    postmortem: list[str] = []
    for update in _updates(incident):
        status = update["status"].text().strip()
        body = _text(page, update["body"])
        at = update["display_at"].time() or update["created_at"].time() or created
        if status == "postmortem":
            postmortem.append(body)
            continue
        if status not in INCIDENT_STATUSES:
            report.guess(update.where, None, f"update status {status!r}; taken as identified")
            status = "identified"
        if not body:
            body = "This issue has been resolved." if status == "resolved" else "An update."
            report.guess(update.where, None, "an update without words; wrote a neutral sentence")
        changed = _changed(page, update)
        entry: dict[str, object] = {"at": stamp(at), "status": status, "text": body}
        if not updates:
            first = {k: v for k, v in changed.items() if v != "operational"}
        elif changed and status != "resolved":
            entry["components"] = changed
        updates.append(entry)
    if not updates:
        updates.append({"at": stamp(created), "status": "investigating", "text": name})
        report.guess(where, None, "no updates; the title is the first update")
    impact = incident["impact"].text().strip() or "none"
    if impact not in IMPACT_STATUS:
        report.guess(incident["impact"].where, None, f"impact {impact!r}; taken as minor")
        impact = "minor"
    touched = [page.components[k] for k in _listed(incident) if k in page.components]
    statuses = first or {cid: IMPACT_STATUS[impact] for cid in touched}
    postmortem.append(_text(page, incident["postmortem_body"]))
    front = {"title": name, "impact": impact, "components": statuses, "updates": updates}
    report.counts["incidents"] += 1
    report.counts["updates"] += len(updates)
    body = "\n\n".join(p for p in postmortem if p)
    return Item("incidents", ident, front, body, where, alias)


def _changed(page: Page, update: Node) -> dict[str, str]:
    """The components an update says changed, by Openbook id, with their new status; for an
    incident update, only the statuses an incident may give (maintenance is not one)."""
    changed = {}
    for affected in update["affected_components"].items():
        code, status = affected["code"].key(), affected["new_status"].text().strip()
        if code not in page.components:
            continue
        if status not in COMPONENT_STATUSES or status == "under_maintenance":
            page.report.guess(
                affected.where, None, f"component status {status!r} left out of the update"
            )
            continue
        changed[page.components[code]] = status
    return changed


def _listed(item: Node) -> list[str]:
    return [c["id"].key() for c in item["components"].items()]


def maintenances(page: Page, items: list[Node]) -> list[Item]:
    out = []
    for window in items:
        page.report.counts["files"] += 1
        found = _maintenance(page, window)
        if found:
            out.append(found)
    return out


def _maintenance(page: Page, window: Node) -> Item | None:
    report = page.report
    name = window["name"].text().strip() or "Maintenance"
    where = window.where
    start, end = window["scheduled_for"].time(), window["scheduled_until"].time()
    created = window["created_at"].time()
    if start is None or end is None or end <= start:
        report.problem(
            where, None, f"not imported: {name!r} has no scheduled_for before scheduled_until"
        )
        return None
    published = created or start
    ident, alias = _ident(page, "maintenance", window, start, name)
    updates = []
    for update in _updates(window):
        status = update["status"].text().strip()
        at = update["display_at"].time() or update["created_at"].time() or published
        if status not in MAINTENANCE_STATUSES:
            report.guess(update.where, None, f"update status {status!r}; taken as in_progress")
            status = "in_progress"
        if status == "completed" and at < start:
            status = "cancelled"  # done before it began: Statuspage has no other way to say so
            report.guess(update.where, None, "completed before it began; taken as cancelled")
        text = _text(page, update["body"])
        if not text:
            text = name
            report.guess(update.where, None, "an update without words; the title is its text")
        updates.append({"at": stamp(at), "status": status, "text": text})
    components = list(
        dict.fromkeys(page.components[k] for k in _listed(window) if k in page.components)
    )
    front = {
        "title": name,
        "published": stamp(min(published, start)),
        "start": stamp(start),
        "end": stamp(end),
        "components": components,
        "updates": updates,
    }
    report.counts["maintenance"] += 1
    report.counts["updates"] += len(updates)
    return Item("maintenance", ident, front, "", where, alias)
