"""The incident history: pages of 25, an archive by month (in the site's zone), statistics."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.content.models import Incident
from generator.content.vocab import Impact
from generator.facts import derive

PAGE_SIZE = 25


def chunks(incidents: list[Incident]) -> list[list[Incident]]:
    return [incidents[i : i + PAGE_SIZE] for i in range(0, len(incidents), PAGE_SIZE)] or [[]]


def month_key(incident: Incident, zone: ZoneInfo) -> str:
    return f"{incident.started.astimezone(zone):%Y-%m}"


def archive(
    incidents: list[Incident], zone: ZoneInfo
) -> list[tuple[str, list[tuple[str, str, int, int]]]]:
    """Years, newest first, each with its months: (key, the month's first day, incident count,
    page number)."""
    months: dict[str, list] = {}
    for n, incident in enumerate(incidents):
        key = month_key(incident, zone)
        if key not in months:
            months[key] = [date.fromisoformat(key + "-01"), 0, n // PAGE_SIZE + 1]
        months[key][1] += 1
    years: dict[str, list] = {}
    for key, (name, count, page) in months.items():
        years.setdefault(key[:4], []).append((key, name, count, page))
    return list(years.items())


def per_month(
    incidents: list[Incident], zone: ZoneInfo, now: datetime, count: int = 12
) -> list[dict]:
    """The last `count` months, oldest first: incidents by impact."""
    this = now.astimezone(zone).date().replace(day=1)
    keys = []
    for _ in range(count):
        keys.append(f"{this:%Y-%m}")
        this = (this - timedelta(days=1)).replace(day=1)
    tally: dict[str, Counter] = {k: Counter() for k in keys}
    for incident in incidents:
        key = month_key(incident, zone)
        if key in tally:
            tally[key][incident.impact] += 1
    return [
        {
            "key": k,
            "first": date.fromisoformat(k + "-01"),
            "total": sum(tally[k].values()),
            "by_impact": [(i, tally[k][i]) for i in Impact if tally[k][i]],
        }
        for k in reversed(keys)
    ]


def resolve_times(
    incidents: list[Incident], now: datetime
) -> list[tuple[Impact | None, int, timedelta]]:
    """Median time to resolve, overall (None) and by impact: (impact, incidents counted,
    median)."""
    out = []
    for impact in (None, *Impact):
        durations = [
            derive.duration(i, now)
            for i in incidents
            if not derive.is_open(i) and (impact is None or i.impact is impact)
        ]
        if durations:
            out.append((impact, len(durations), statistics.median_low(durations)))
    return out
