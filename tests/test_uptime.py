"""Uptime arithmetic: weights, partial days, open incidents, overlaps, time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.content.models import Content
from generator.content.vocab import ComponentStatus as CS
from generator.facts.uptime import Segment, Uptime, incident_segments, merge

from .helpers.incident_models import PORTAL, T0, incident, update

BERLIN = ZoneInfo("Europe/Berlin")


def test_segments_follow_the_updates_and_stop_at_resolution():
    i = incident(
        update(0, "investigating"),
        update(30, "identified", {"api": CS.MAJOR_OUTAGE}),
        update(90, "resolved"),
        components={"api": CS.PARTIAL_OUTAGE},
    )
    assert incident_segments(i, T0 + timedelta(days=1)) == {
        "api": [
            Segment(T0, T0 + timedelta(minutes=30), CS.PARTIAL_OUTAGE),
            Segment(T0 + timedelta(minutes=30), T0 + timedelta(minutes=90), CS.MAJOR_OUTAGE),
        ]
    }


def test_an_open_incident_counts_up_to_now():
    i = incident(update(0, "investigating"), components={"api": CS.MAJOR_OUTAGE})
    now = T0 + timedelta(minutes=45)
    assert incident_segments(i, now) == {"api": [Segment(T0, now, CS.MAJOR_OUTAGE)]}


def test_overlapping_incidents_count_the_worst_status_once():
    t = lambda m: T0 + timedelta(minutes=m)  # noqa: E731
    merged = merge(
        [
            Segment(t(0), t(60), CS.PARTIAL_OUTAGE),
            Segment(t(30), t(45), CS.MAJOR_OUTAGE),
            Segment(t(50), t(120), CS.PARTIAL_OUTAGE),
        ]
    )
    assert merged == [
        Segment(t(0), t(30), CS.PARTIAL_OUTAGE),
        Segment(t(30), t(45), CS.MAJOR_OUTAGE),
        Segment(t(45), t(120), CS.PARTIAL_OUTAGE),
    ]


def test_weights_major_full_partial_30_percent_degraded_none():
    # 14:00-15:00 UTC major, 15:00-16:40 partial, 16:40-17:00 degraded; all on 20 Nov.
    i = incident(
        update(0, "investigating"),
        update(60, "identified", {"api": CS.PARTIAL_OUTAGE}),
        update(160, "monitoring", {"api": CS.DEGRADED_PERFORMANCE}),
        update(180, "resolved"),
        components={"api": CS.MAJOR_OUTAGE},
    )
    now = datetime(2026, 11, 21, 22, 0, tzinfo=UTC)  # 21 Nov 23:00 in Berlin
    u = Uptime(Content(PORTAL, (i,)), now, BERLIN)
    (day20, day21) = u.days("api", 2)
    assert day20.day.isoformat() == "2026-11-20"
    assert day20.minutes == {
        CS.MAJOR_OUTAGE: 60,
        CS.PARTIAL_OUTAGE: 100,
        CS.DEGRADED_PERFORMANCE: 20,
    }
    assert day20.downtime == 60 + 30
    assert day20.worst is CS.MAJOR_OUTAGE and day20.incidents == [i]
    assert day21.downtime == 0 and day21.incidents == []
    assert day21.length == 23 * 60
    assert u.percent("api", 2) == 96.80  # 1 - 90 / (24 h + 23 h), rounded down
    assert u.percent("dashboard", 2) == 100.0


def test_days_are_local_days_and_today_is_partial():
    # 22:30-23:30 UTC on 20 Nov is 23:30-00:30 in Berlin.
    i = incident(
        update(510, "investigating"), update(570, "resolved"), components={"api": CS.MAJOR_OUTAGE}
    )
    now = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)  # 06:00 in Berlin
    (yesterday, today) = Uptime(Content(PORTAL, (i,)), now, BERLIN).days("api", 2)
    assert yesterday.day.isoformat() == "2026-11-20"
    assert yesterday.minutes == {CS.MAJOR_OUTAGE: 30}  # 23:30-00:00 Berlin
    assert today.minutes == {CS.MAJOR_OUTAGE: 30}
    assert today.length == 6 * 60


def test_a_daylight_saving_day_has_23_hours():
    now = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
    days = Uptime(Content(PORTAL, ()), now, BERLIN).days("api", 3)
    assert [d.length for d in days] == [
        24 * 60,
        23 * 60,
        14 * 60,
    ]  # 28, 29 (clocks go forward), 30 Mar


def test_incident_spanning_midnight_splits_across_days():
    i = incident(
        update(0, "investigating"),
        update(24 * 60, "resolved"),
        components={"api": CS.PARTIAL_OUTAGE},
    )
    now = T0 + timedelta(days=3)
    days = Uptime(Content(PORTAL, (i,)), now, ZoneInfo("UTC")).days("api", 4)
    assert [round(d.minutes.get(CS.PARTIAL_OUTAGE, 0)) for d in days] == [600, 840, 0, 0]
    assert [len(d.incidents) for d in days] == [1, 1, 0, 0]
