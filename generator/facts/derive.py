"""Facts derived from content and a given now: pure functions, no clock of their own."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from generator.content import advisories
from generator.content.models import (
    Announcement,
    Commitment,
    Component,
    Content,
    Incident,
    Maintenance,
    Portal,
)
from generator.content.vocab import (
    AnnouncementKind,
    CommitmentStatus,
    ComponentStatus,
    Impact,
    IncidentStatus,
    Indicator,
)
from generator.content.vocab import MaintenanceStatus as MS


def incident_as_of(incident: Incident, now: datetime) -> Incident | None:
    """The incident with the updates published by `now`; None before its first."""
    updates = tuple(u for u in incident.updates if u.at <= now)
    if not updates:
        return None
    return incident if len(updates) == len(incident.updates) else replace(incident, updates=updates)


def as_of(content: Content, now: datetime) -> Content:
    """The content as a visitor sees it at `now`: updates dated later are not yet published."""
    incidents = [i for i in (incident_as_of(i, now) for i in content.incidents) if i is not None]
    maintenance = []
    for window in content.maintenance:
        if window.published <= now:
            updates = tuple(u for u in window.updates if u.at <= now)
            maintenance.append(
                window if len(updates) == len(window.updates) else replace(window, updates=updates)
            )
    return replace(
        content,
        incidents=tuple(incidents),
        maintenance=tuple(maintenance),
        announcements=tuple(a for a in content.announcements if a.published <= now),
        advisories=tuple(
            found for found in (advisories.as_of(a, now) for a in content.advisories) if found
        ),
    )


# Maintenance -----------------------------------------------------------------

ACTIVE = (MS.IN_PROGRESS, MS.VERIFYING)
FINAL = (MS.COMPLETED, MS.CANCELLED)


def maintenance_state(window: Maintenance, now: datetime) -> MS:
    """Scheduled, in progress, completed by the clock, unless the latest update says otherwise
    (started early, verifying, completed early, cancelled, overran)."""
    if window.updates and window.updates[-1].status is not MS.SCHEDULED:
        return window.updates[-1].status
    if now < window.start:
        return MS.SCHEDULED
    return MS.IN_PROGRESS if now < window.end else MS.COMPLETED


def state_follows_clock(window: Maintenance) -> bool:
    """True when no update fixes the state, so a browser may move it on with its own clock."""
    return not window.updates or window.updates[-1].status is MS.SCHEDULED


def active_maintenance(content: Content, now: datetime) -> list[Maintenance]:
    return [m for m in content.maintenance if maintenance_state(m, now) in ACTIVE]


def upcoming_maintenance(
    content: Content, now: datetime, within: timedelta | None = None
) -> list[Maintenance]:
    """Scheduled windows, soonest first; only those starting within `within` if given."""
    found = [m for m in content.maintenance if maintenance_state(m, now) is MS.SCHEDULED]
    if within is not None:
        found = [m for m in found if m.start - now <= within]
    return sorted(found, key=lambda m: (m.start, m.id))


# Announcements and commitments --------------------------------------------------


def is_pinned(announcement: Announcement, today: date) -> bool:
    """Pinned announcements stay on the home page until their effective date has passed."""
    return announcement.pinned and (
        announcement.effective is None or announcement.effective >= today
    )


@dataclass(frozen=True)
class Promise:
    """A commitment with where it was made."""

    commitment: Commitment
    kind: str  # "incidents" | "announcements"
    source_id: str
    source_title: str
    made: datetime
    number: int = 1  # its place among its document's commitments, from 1

    @property
    def anchor(self) -> str:
        """Its id on the commitments page and on its document's page."""
        return f"c-{self.source_id}-{self.number}"

    def overdue(self, today: date) -> bool:
        return commitment_overdue(self.commitment, today)


def commitment_overdue(commitment: Commitment, today: date) -> bool:
    """Promised by a day that has passed, and neither done nor dropped."""
    open_ = commitment.status in (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)
    return open_ and commitment.due is not None and commitment.due < today


def promises(content: Content) -> list[Promise]:
    """Every commitment, soonest due first (undated last), then by title."""
    out = [
        Promise(c, "incidents", i.id, i.title, i.started, n)
        for i in content.incidents
        for n, c in enumerate(i.commitments, start=1)
    ]
    out += [
        Promise(c, "announcements", a.id, a.title, a.published, n)
        for a in content.announcements
        for n, c in enumerate(a.commitments, start=1)
    ]
    return sorted(
        out,
        key=lambda p: (p.commitment.due is None, p.commitment.due or date.min, p.commitment.title),
    )


def is_change_pending(announcement: Announcement, today: date) -> bool:
    return (
        announcement.kind is AnnouncementKind.CHANGE
        and announcement.effective is not None
        and announcement.effective > today
    )


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
    return portal.in_order(ids)


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


def on_home(component: Component, today: date) -> bool:
    """Whether the home page lists it: not hidden, and not retired before `today`."""
    return not component.hidden and (component.retired is None or today <= component.retired)


def component_status(component: Component, content: Content, now: datetime) -> ComponentStatus:
    """The worst status any open incident gives the component; under maintenance while a window
    covering it is active (an incident's outage still wins)."""
    return component_statuses(content, now)[component.id]


def component_statuses(content: Content, now: datetime) -> dict[str, ComponentStatus]:
    """Every component's status, from one pass over open incidents and active maintenance."""
    found = {c.id: ComponentStatus.OPERATIONAL for c in content.portal.components}
    for window in active_maintenance(content, now):
        for cid in window.components:
            found[cid] = ComponentStatus.UNDER_MAINTENANCE
    for incident in open_incidents(content):
        for cid, status in affected(incident).items():
            if status.rank > found[cid].rank:
                found[cid] = status
    return found


@dataclass(frozen=True)
class Overall:
    indicator: Indicator
    description: str  # Statuspage's wording, for the API
    tone: ComponentStatus  # the worst component status: the banner's colour
    affected: tuple[str, ...] = ()  # the names of the components in that status
    open_incidents: tuple = ()

    @property
    def notice(self) -> bool:
        """Something is going on (an open incident) though every component works."""
        return self.indicator is not Indicator.NONE and self.tone is ComponentStatus.OPERATIONAL


DESCRIPTIONS = {
    Indicator.NONE: "All Systems Operational",
    Indicator.MINOR: "Minor Service Outage",
    Indicator.MAJOR: "Partial System Outage",
    Indicator.CRITICAL: "Major Service Outage",
    Indicator.MAINTENANCE: "Service Under Maintenance",
}


def overall(content: Content, now: datetime) -> Overall:
    statuses = component_statuses(content, now)
    incidents = open_incidents(content)
    impacts = [i.impact for i in incidents]
    worst_impact = max(impacts, key=lambda i: i.rank, default=Impact.NONE)
    worst = max(statuses.values(), key=lambda s: s.rank, default=ComponentStatus.OPERATIONAL)
    indicator = Indicator(worst_impact.value)
    if indicator is Indicator.NONE and worst is ComponentStatus.UNDER_MAINTENANCE:
        indicator = Indicator.MAINTENANCE
    affected = tuple(c.name for c in content.portal.components if statuses[c.id] is worst)
    return Overall(indicator, DESCRIPTIONS[indicator], worst, affected, tuple(incidents))
