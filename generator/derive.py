"""Facts derived from content and a given now: pure functions, no clock of their own."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .models import Component, Content, Incident, Portal
from .vocab import ComponentStatus, Impact, IncidentStatus, Indicator


def as_of(content: Content, now: datetime) -> Content:
    """The content as a visitor sees it at `now`: updates dated later are not yet published."""
    incidents = []
    for incident in content.incidents:
        updates = tuple(u for u in incident.updates if u.at <= now)
        if updates:
            incidents.append(incident if len(updates) == len(incident.updates) else replace(incident, updates=updates))
    return replace(content, incidents=tuple(incidents))


def status(incident: Incident) -> IncidentStatus:
    return incident.updates[-1].status


def is_open(incident: Incident) -> bool:
    return status(incident) is not IncidentStatus.RESOLVED


def resolved_at(incident: Incident) -> datetime | None:
    return None if is_open(incident) else incident.updates[-1].at


def duration(incident: Incident, now: datetime) -> timedelta:
    return (resolved_at(incident) or now) - incident.started


def affected(incident: Incident) -> dict[str, ComponentStatus]:
    """Component statuses as of the latest update: the latest update that sets one wins."""
    statuses = dict(incident.components)
    for update in incident.updates:
        if update.components:
            statuses.update(update.components)
    return statuses


def touched(incident: Incident, portal: Portal) -> list[str]:
    """Every component the incident affected at any point, in portal order."""
    ids = set(incident.components)
    for update in incident.updates:
        ids.update(update.components or {})
    return [c.id for c in portal.components if c.id in ids]


def affected_history(incident: Incident) -> list[dict[str, ComponentStatus]]:
    """For each update (oldest first), the component statuses in force after it."""
    statuses, out = dict(incident.components), []
    for update in incident.updates:
        statuses.update(update.components or {})
        out.append(dict(statuses))
    return out


def next_update_due(incident: Incident, portal: Portal) -> datetime | None:
    """When an open incident promised its next update."""
    if not is_open(incident):
        return None
    last = incident.updates[-1].at
    if incident.next_update is not None and incident.next_update > last:
        return incident.next_update
    return last + portal.update_every


def open_incidents(content: Content) -> list[Incident]:
    return [i for i in content.incidents if is_open(i)]


def component_status(component: Component, content: Content) -> ComponentStatus:
    """The worst status any open incident gives the component."""
    worst = ComponentStatus.OPERATIONAL
    for incident in open_incidents(content):
        found = affected(incident).get(component.id)
        if found is not None and found.rank > worst.rank:
            worst = found
    return worst


def component_statuses(content: Content) -> dict[str, ComponentStatus]:
    return {c.id: component_status(c, content) for c in content.portal.components}


@dataclass(frozen=True)
class Overall:
    indicator: Indicator
    description: str  # Statuspage's wording, for the API
    sentence: str  # the banner
    tone: ComponentStatus  # the banner's colour


DESCRIPTIONS = {
    Indicator.NONE: "All Systems Operational",
    Indicator.MINOR: "Minor Service Outage",
    Indicator.MAJOR: "Partial System Outage",
    Indicator.CRITICAL: "Major Service Outage",
    Indicator.MAINTENANCE: "Service Under Maintenance",
}


def overall(content: Content) -> Overall:
    statuses = component_statuses(content)
    incidents = open_incidents(content)
    impacts = [i.impact for i in incidents]
    worst_impact = max(impacts, key=lambda i: i.rank, default=Impact.NONE)
    worst = max(statuses.values(), key=lambda s: s.rank, default=ComponentStatus.OPERATIONAL)
    indicator = Indicator(worst_impact.value)
    if indicator is Indicator.NONE and worst is ComponentStatus.UNDER_MAINTENANCE:
        indicator = Indicator.MAINTENANCE
    if worst is not ComponentStatus.OPERATIONAL:
        names = [c.name for c in content.portal.components if statuses[c.id] is worst]
        sentence = f"{worst.label} affecting {_join(names)}"
    elif len(incidents) == 1:
        sentence = f"{status(incidents[0]).value.capitalize()}: {incidents[0].title}"
    elif incidents:
        sentence = f"{len(incidents)} open incidents"
    else:
        sentence = "All systems operational"
    return Overall(indicator, DESCRIPTIONS[indicator], sentence, worst)


def _join(names: list[str]) -> str:
    if len(names) > 3:
        return f"{len(names)} components"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
