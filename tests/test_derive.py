"""Derived facts are pure functions of content and a given now."""

from __future__ import annotations

from datetime import timedelta

from generator.content.models import Content, Incident
from generator.content.vocab import ComponentStatus as CS
from generator.content.vocab import Impact, Indicator
from generator.facts import derive
from generator.words import ENGLISH

from .helpers.incident_models import PORTAL, T0, incident, update


def content(*incidents: Incident) -> Content:
    return Content(PORTAL, incidents)


def test_open_until_the_latest_update_is_resolved():
    i = incident(update(0, "investigating"), update(30, "monitoring"))
    assert derive.is_open(i)
    assert derive.resolved_at(i) is None
    closed = incident(update(0, "investigating"), update(45, "resolved"))
    assert not derive.is_open(closed)
    assert derive.resolved_at(closed) == T0 + timedelta(minutes=45)
    assert derive.duration(closed, T0 + timedelta(days=3)) == timedelta(minutes=45)


def test_reopened_incident_is_open_again():
    i = incident(update(0, "investigating"), update(10, "resolved"), update(20, "investigating"))
    assert derive.is_open(i)


def test_as_of_hides_updates_after_now():
    i = incident(update(0, "investigating"), update(60, "resolved"))
    early = derive.as_of(content(i), T0 + timedelta(minutes=30))
    assert len(early.incidents[0].updates) == 1
    assert derive.is_open(early.incidents[0])
    assert derive.as_of(content(i), T0 - timedelta(minutes=1)).incidents == ()
    # Exactly at an update's time it is published.
    assert len(derive.as_of(content(i), T0 + timedelta(minutes=60)).incidents[0].updates) == 2


def test_latest_update_that_sets_a_component_wins():
    i = incident(
        update(0, "investigating"),
        update(10, "identified", {"api": CS.MAJOR_OUTAGE, "db": CS.DEGRADED_PERFORMANCE}),
        update(20, "monitoring", {"api": CS.OPERATIONAL}),
    )
    assert derive.affected(i) == {"api": CS.OPERATIONAL, "db": CS.DEGRADED_PERFORMANCE}
    assert derive.affected_history(i) == [
        {"api": CS.PARTIAL_OUTAGE},
        {"api": CS.MAJOR_OUTAGE, "db": CS.DEGRADED_PERFORMANCE},
        {"api": CS.OPERATIONAL, "db": CS.DEGRADED_PERFORMANCE},
    ]


def test_component_status_is_the_worst_of_open_incidents():
    a = incident(update(0, "investigating"), components={"api": CS.DEGRADED_PERFORMANCE}, id="a")
    b = incident(update(5, "identified"), components={"api": CS.MAJOR_OUTAGE}, id="b")
    resolved = incident(
        update(0, "investigating"), update(9, "resolved"), components={"dashboard": CS.MAJOR_OUTAGE}
    )
    statuses = derive.component_statuses(content(a, b, resolved), T0)
    assert statuses == {"api": CS.MAJOR_OUTAGE, "dashboard": CS.OPERATIONAL, "db": CS.OPERATIONAL}


def test_overall_all_operational():
    o = derive.overall(content(incident(update(0, "investigating"), update(5, "resolved"))), T0)
    assert (o.indicator, o.description, ENGLISH.banner(o), o.tone) == (
        Indicator.NONE,
        "All Systems Operational",
        "All systems operational",
        CS.OPERATIONAL,
    )


def test_overall_names_the_worst_components():
    a = incident(
        update(0, "investigating"),
        components={"api": CS.PARTIAL_OUTAGE, "db": CS.PARTIAL_OUTAGE},
        impact=Impact.MAJOR,
    )
    b = incident(
        update(0, "investigating"),
        components={"dashboard": CS.DEGRADED_PERFORMANCE},
        impact=Impact.MINOR,
        id="b",
    )
    o = derive.overall(content(a, b), T0)
    assert o.indicator is Indicator.MAJOR
    assert o.description == "Partial System Outage"
    assert ENGLISH.banner(o) == "Partial outage affecting Public API and Database"
    assert o.tone is CS.PARTIAL_OUTAGE


def test_overall_for_an_incident_without_component_impact():
    i = incident(
        update(0, "identified"), components={"api": CS.DEGRADED_PERFORMANCE}, impact=Impact.NONE
    )
    i = Incident(i.id, "Delayed status e-mails", Impact.MINOR, {}, i.updates)
    o = derive.overall(content(i), T0)
    assert (o.indicator, ENGLISH.banner(o)) == (
        Indicator.MINOR,
        "Identified: Delayed status e-mails",
    )


def test_critical_impact_is_the_indicator():
    i = incident(
        update(0, "investigating"), impact=Impact.CRITICAL, components={"db": CS.MAJOR_OUTAGE}
    )
    o = derive.overall(content(i), T0)
    assert (o.indicator, o.description, ENGLISH.banner(o)) == (
        Indicator.CRITICAL,
        "Major Service Outage",
        "Major outage affecting Database",
    )


def test_next_update_defaults_to_last_update_plus_cadence():
    i = incident(update(0, "investigating"), update(20, "identified"))
    assert derive.next_update_due(i, PORTAL) == T0 + timedelta(minutes=50)
    promised = incident(update(0, "investigating"), next_update=T0 + timedelta(minutes=15))
    assert derive.next_update_due(promised, PORTAL) == T0 + timedelta(minutes=15)
    # A promise older than the latest update was kept; the cadence applies again.
    stale = incident(
        update(0, "investigating"), update(20, "identified"), next_update=T0 + timedelta(minutes=15)
    )
    assert derive.next_update_due(stale, PORTAL) == T0 + timedelta(minutes=50)
    assert derive.next_update_due(incident(update(0, "resolved")), PORTAL) is None
