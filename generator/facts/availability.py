"""Monthly availability per component against its target, by the rules in `availability:`.

A month is a calendar month in the rules' zone (so a month with a daylight-saving change has
an hour more or less). Its measured minutes are the month's minutes up to now, less any
maintenance when the rules exclude it. Downtime is the minutes in each status times its
weight (major outage 1, partial outage 0.3, degraded performance 0 by default), with the
worst status counting where incidents overlap; maintenance counts fully as downtime when
the rules say so. Availability is 1 - downtime / measured; the error budget is what the
target allows: (1 - target) x measured.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.content.models import Component, Content, Incident, Maintenance
from generator.content.vocab import ComponentStatus as CS
from generator.facts import derive, remembered
from generator.facts.uptime import Uptime

# A component's incidents: their starts in order, then (number, start, end, incident) in that
# order, and the longest of them, so a period's incidents are found by bisection.
_Spans = tuple[list[datetime], list[tuple[int, datetime, datetime, Incident]], timedelta]


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Its first and last moment (exclusive), in UTC."""
        start = datetime.combine(self.first_day(), time(), zone).astimezone(UTC)
        end = datetime.combine(self.next().first_day(), time(), zone).astimezone(UTC)
        return start, end


@dataclass(frozen=True)
class Row:
    """One component in one period."""

    component: Component
    measured: float  # minutes
    downtime: float  # weighted minutes
    target: float | None  # percent
    incidents: tuple[Incident, ...]
    maintenance: tuple[Maintenance, ...]

    @property
    def availability(self) -> float:
        """Percent, rounded down to 0.001: a report never shows more than was delivered."""
        if self.measured <= 0:
            return 100.0
        return math.floor((1 - self.downtime / self.measured) * 100_000) / 1000

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.measured <= 0 or 1 - self.downtime / self.measured >= self.target / 100

    @property
    def budget(self) -> float | None:
        """Minutes of downtime the target allows."""
        return None if self.target is None else (1 - self.target / 100) * self.measured

    @property
    def budget_used(self) -> float | None:
        """Percent of the error budget used (above 100 when the target was missed)."""
        if self.budget is None:
            return None
        if self.budget <= 0:
            return 0.0 if self.downtime <= 0 else math.inf
        return round(self.downtime / self.budget * 100, 1)

    @property
    def remedies(self) -> tuple[Incident, ...]:
        return tuple(i for i in self.incidents if i.remedy)


class Availability:
    """Every month's rows for one build. `Availability.of` gives the pages, the data and the
    feeds of one edition the same instance, so each figure is computed once."""

    @classmethod
    def of(cls, content: Content, now: datetime) -> Availability:
        return remembered(_RECENT, (id(content), now), lambda: cls(content, now))

    def __init__(self, content: Content, now: datetime):
        portal = content.portal
        self.content, self.now = content, now
        self.rules = portal.accounting
        self.zone = self.rules.timezone or portal.timezone
        self.uptime = Uptime.of(content, now, self.zone)
        self._rows: dict[tuple[datetime, datetime], list[Row]] = {}
        self._by_start: dict[str, _Spans] = {}  # each component's incidents by their start
        self.weights = {
            CS.MAJOR_OUTAGE: 1.0,
            CS.PARTIAL_OUTAGE: self.rules.partial_outage,
            CS.DEGRADED_PERFORMANCE: self.rules.degraded_performance,
        }

    def months(self) -> list[Month]:
        """From the month of the first incident or window to this one, oldest first."""
        starts = [i.started for i in self.content.incidents]
        starts += [m.start for m in self.content.maintenance if m.start <= self.now]
        first = min(starts, default=self.now).astimezone(self.zone)
        last = self.now.astimezone(self.zone)
        month, out = Month(first.year, first.month), []
        while (month.year, month.month) <= (last.year, last.month):
            out.append(month)
            month = month.next()
        return out

    def closed(self, month: Month) -> bool:
        return month.bounds(self.zone)[1] <= self.now

    def rows(self, start: datetime, end: datetime) -> list[Row]:
        end = min(end, self.now)
        if (start, end) not in self._rows:
            self._rows[start, end] = [
                self.row(c, start, end) for c in self.content.portal.components
            ]
        return self._rows[start, end]

    def row(self, component: Component, start: datetime, end: datetime) -> Row:
        windows = self._windows(component.id, start, end)
        spans = [(max(w.start, start), min(w.end, end)) for w in windows]
        spans = [(a, b) for a, b in spans if b > a]
        length = max((end - start).total_seconds() / 60, 0.0)
        downtime = self._weighted(self.uptime.minutes(component.id, start, end))
        maintained = sum((b - a).total_seconds() / 60 for a, b in _union(spans))
        if self.rules.maintenance == "exclude":
            inside = sum(
                self._weighted(self.uptime.minutes(component.id, a, b)) for a, b in _union(spans)
            )
            length, downtime = length - maintained, downtime - inside
        elif self.rules.maintenance == "downtime":
            inside = sum(
                self._weighted(self.uptime.minutes(component.id, a, b)) for a, b in _union(spans)
            )
            downtime += maintained - inside  # a minute counts once, fully
        incidents = self._overlapping(component.id, start, end)
        return Row(
            component,
            round(length, 3),
            round(max(downtime, 0.0), 3),
            component.slo if component.slo is not None else self.content.portal.slo,
            incidents,
            tuple(windows),
        )

    def _overlapping(self, component_id: str, start: datetime, end: datetime) -> tuple:
        """The component's incidents that were open at some time between start and end, in
        the order Uptime lists them: found by their start among those of the same length."""
        starts, spans, longest = self._spans(component_id)
        first = bisect.bisect_left(starts, start - longest)
        last = bisect.bisect_left(starts, end)
        found = [(n, i) for n, began, ended, i in spans[first:last] if ended > start]
        return tuple(i for _, i in sorted(found, key=lambda item: item[0]))

    def _spans(self, component_id: str) -> _Spans:
        if component_id not in self._by_start:
            spans = sorted(
                (i.started, n, derive.resolved_at(i) or self.now, i)
                for n, i in enumerate(self.uptime.incidents.get(component_id, []))
            )
            longest = max((ended - began for began, _, ended, _ in spans), default=timedelta(0))
            self._by_start[component_id] = (
                [began for began, _, _, _ in spans],
                [(n, began, ended, i) for began, n, ended, i in spans],
                longest,
            )
        return self._by_start[component_id]

    def _weighted(self, minutes: dict) -> float:
        return sum(minutes.get(s, 0.0) * w for s, w in self.weights.items())

    def _windows(self, component_id: str, start: datetime, end: datetime) -> list[Maintenance]:
        """Maintenance windows on the component that overlap the period and took place."""
        found = []
        for window in self.content.maintenance:
            if component_id not in window.components or window.start >= end or window.end <= start:
                continue
            if derive.maintenance_state(window, self.now).value == "cancelled":
                continue
            found.append(window)
        return found


_RECENT: dict[tuple[int, datetime], Availability] = {}


def _union(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
