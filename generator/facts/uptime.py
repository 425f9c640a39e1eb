"""Uptime per component from incident time ranges, as Statuspage weighs them.

Minutes in major_outage count fully, minutes in partial_outage count 30%; degraded
performance and maintenance are shown but are not downtime. Where incidents overlap on
one component, the worst status at each moment counts, once.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.content.models import Content, Incident
from generator.content.vocab import ComponentStatus as CS
from generator.content.vocab import IncidentStatus
from generator.facts import derive, remembered

WEIGHTS = {CS.MAJOR_OUTAGE: 1.0, CS.PARTIAL_OUTAGE: 0.3}
COUNTED = (CS.DEGRADED_PERFORMANCE, CS.PARTIAL_OUTAGE, CS.MAJOR_OUTAGE)


@dataclass(frozen=True)
class Segment:
    start: datetime
    end: datetime
    status: CS


def incident_segments(incident: Incident, now: datetime) -> dict[str, list[Segment]]:
    """When the incident held each component in each status: from each update to the next
    (a resolved update ends it; an open incident runs until now). Only components it held in
    a counted status are keys."""
    out: dict[str, list[Segment]] = {}
    history = derive.affected_history(incident)
    for n, (update, statuses) in enumerate(zip(incident.updates, history, strict=True)):
        end = incident.updates[n + 1].at if n + 1 < len(incident.updates) else now
        if update.status is IncidentStatus.RESOLVED or end <= update.at:
            continue
        for component_id, status in statuses.items():
            if status in COUNTED:
                out.setdefault(component_id, []).append(Segment(update.at, end, status))
    return out


def merge(segments: list[Segment]) -> list[Segment]:
    """Non-overlapping segments, sorted, each in the worst status any input held at that time."""
    events = sorted(
        [(s.start, 1, s.status) for s in segments] + [(s.end, -1, s.status) for s in segments],
        key=lambda e: e[0],
    )
    active: dict[CS, int] = defaultdict(int)
    out: list[Segment] = []
    if not events:
        return out
    status: CS | None = None
    since = events[0][0]
    i = 0
    while i < len(events):
        moment = events[i][0]
        while i < len(events) and events[i][0] == moment:
            active[events[i][2]] += events[i][1]
            i += 1
        worst = _worst(active)
        if worst != status:
            if status is not None:
                out.append(Segment(since, moment, status))
            status, since = worst, moment
    return out


def _worst(active: dict[CS, int]) -> CS | None:
    present = [s for s, count in active.items() if count > 0]
    return max(present, key=lambda s: s.rank) if present else None


@dataclass
class Day:
    """One component's day in the site's zone."""

    day: date
    minutes: dict[CS, float] = field(default_factory=dict)  # minutes in each counted status
    incidents: list[Incident] = field(default_factory=list)
    length: float = 24 * 60  # minutes of the day that have passed (less today, and on DST days)

    @property
    def downtime(self) -> float:
        return sum(self.minutes.get(s, 0.0) * w for s, w in WEIGHTS.items())

    @property
    def worst(self) -> CS:
        seen = [s for s in COUNTED if self.minutes.get(s, 0.0) > 0]
        return max(seen, key=lambda s: s.rank) if seen else CS.OPERATIONAL


_RECENT: dict[tuple, Uptime] = {}


class Uptime:
    """Uptime figures for every component of one build."""

    @classmethod
    def of(cls, content: Content, now: datetime, zone: ZoneInfo) -> Uptime:
        """The figures for `content` at `now` in `zone`, computed once for the pages, the
        availability reports and the feeds of one edition."""
        return remembered(_RECENT, (id(content), now, zone.key), lambda: cls(content, now, zone))

    def __init__(self, content: Content, now: datetime, zone: ZoneInfo):
        self.content, self.now, self.zone = content, now, zone
        self._bounds: dict[date, tuple[datetime, datetime]] = {}
        self.incidents: dict[str, list[Incident]] = defaultdict(list)
        segments: dict[str, list[Segment]] = defaultdict(list)
        for incident in content.incidents:  # once each, however many components there are
            for component_id, mine in incident_segments(incident, now).items():
                segments[component_id] += mine
                self.incidents[component_id].append(incident)
        self.by_component = {c.id: merge(segments[c.id]) for c in content.portal.components}
        self._starts = {cid: [s.start for s in segs] for cid, segs in self.by_component.items()}
        # Each incident under every local day it touched, so a day's incidents are a lookup.
        self._on_day: dict[tuple[str, date], list[Incident]] = defaultdict(list)
        for cid, incidents in self.incidents.items():
            for incident in incidents:
                first = incident.started.astimezone(zone).date()
                last = (derive.resolved_at(incident) or now).astimezone(zone).date()
                for n in range((last - first).days + 1):
                    self._on_day[(cid, first + timedelta(days=n))].append(incident)

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        found = self._bounds.get(day)  # the same days for every component
        if found is None:
            # In UTC: subtracting two times of one ZoneInfo would ignore a DST change between.
            start = datetime.combine(day, time(), self.zone).astimezone(UTC)
            end = datetime.combine(day + timedelta(days=1), time(), self.zone).astimezone(UTC)
            found = self._bounds[day] = (start, min(end, self.now))
        return found

    def minutes(self, component_id: str, start: datetime, end: datetime) -> dict[CS, float]:
        """Minutes in each counted status between start and end."""
        segments = self.by_component[component_id]
        out: dict[CS, float] = defaultdict(float)
        # Segments are sorted and disjoint: start from the last one beginning before `start`.
        i = max(bisect.bisect_left(self._starts[component_id], start) - 1, 0)
        while i < len(segments) and segments[i].start < end:
            s = segments[i]
            overlap = (min(s.end, end) - max(s.start, start)).total_seconds() / 60
            if overlap > 0:
                out[s.status] += overlap
            i += 1
        return dict(out)

    def days(self, component_id: str, count: int) -> list[Day]:
        """The last `count` days, oldest first, today last."""
        today = self.now.astimezone(self.zone).date()
        out = []
        for n in range(count - 1, -1, -1):
            day = today - timedelta(days=n)
            start, end = self.day_bounds(day)
            touched = sorted(
                self._on_day.get((component_id, day), []), key=lambda i: (i.started, i.id)
            )
            out.append(
                Day(
                    day,
                    self.minutes(component_id, start, end),
                    touched,
                    (end - start).total_seconds() / 60,
                )
            )
        return out

    def percent(self, component_id: str, days: int) -> float:
        """Uptime over the last `days` days (today so far included), rounded down to 0.01."""
        today = self.now.astimezone(self.zone).date()
        start, _ = self.day_bounds(today - timedelta(days=days - 1))
        total = (self.now - start).total_seconds() / 60
        if total <= 0:
            return 100.0
        minutes = self.minutes(component_id, start, self.now)
        down = sum(minutes.get(s, 0.0) * w for s, w in WEIGHTS.items())
        return math.floor((1 - down / total) * 10000) / 100
