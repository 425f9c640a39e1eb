"""Availability against targets: the arithmetic at month edges and daylight-saving changes,
the rules for maintenance and partial outages, and the CSV and JSON each month publishes."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from generator.build import build
from generator.content.load import load_content
from generator.facts.availability import Availability, Month
from generator.outputs.reports import COLUMNS

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def incident(content, name: str, start: str, end: str, status: str = "major_outage") -> None:
    (content / "incidents" / f"{name}.md").write_text(
        f"---\ntitle: {name}\nimpact: major\ncomponents:\n  api: {status}\nupdates:\n"
        f"  - at: {start}\n    status: investigating\n    text: Down.\n"
        f"  - at: {end}\n    status: resolved\n    text: Up.\n---\n"
    )


def maintenance(content, start: str, end: str) -> None:
    (content / "maintenance").mkdir(exist_ok=True)
    (content / "maintenance" / "2026-10-10-db.md").write_text(
        f"---\ntitle: Upgrade\npublished: 2026-10-01T00:00:00Z\nstart: {start}\nend: {end}\n"
        "components: [api]\n---\nUpgrade.\n"
    )


def rules(content, text: str) -> None:
    portal = content / "portal.yml"
    portal.write_text(portal.read_text() + text)


def row(content, month: Month, component: str = "api"):
    availability = Availability(load_content(content), NOW)
    start, end = month.bounds(availability.zone)
    return next(r for r in availability.rows(start, end) if r.component.id == component)


def test_an_incident_across_the_last_midnight_of_a_month_counts_in_both(content):
    # 23:30 to 00:30 in Berlin (CET, UTC+1) across 31 October / 1 November.
    incident(content, "2026-10-31-night", "2026-10-31T22:30:00Z", "2026-10-31T23:30:00Z")
    assert row(content, Month(2026, 10)).downtime == 30
    assert row(content, Month(2026, 11)).downtime == 30


def test_daylight_saving_months_have_an_hour_more_or_less(content):
    incident(content, "2026-03-02-x", "2026-03-02T10:00:00Z", "2026-03-02T10:01:00Z")
    assert row(content, Month(2026, 3)).measured == (31 * 24 - 1) * 60  # clocks go forward
    assert row(content, Month(2026, 10)).measured == (31 * 24 + 1) * 60  # and back
    assert row(content, Month(2026, 11)).measured == 30 * 24 * 60


@pytest.mark.parametrize(
    ("rule", "measured", "downtime"),
    [
        ("ignore", 44_700, 10),  # maintenance is up time; the incident's 10 minutes count
        ("downtime", 44_700, 120),  # the 2-hour window counts fully, its incident once
        ("exclude", 44_700 - 120, 0),  # the window is not measured, nor the incident inside it
    ],
)
def test_maintenance_by_the_rule(content, rule, measured, downtime):
    maintenance(content, "2026-10-10T01:00:00Z", "2026-10-10T03:00:00Z")
    incident(content, "2026-10-10-during", "2026-10-10T02:00:00Z", "2026-10-10T02:10:00Z")
    rules(content, f"availability:\n  maintenance: {rule}\n")
    found = row(content, Month(2026, 10))
    assert (found.measured, found.downtime) == (measured, downtime)
    assert [w.id for w in found.maintenance] == ["2026-10-10-db"]


def test_partial_outages_weigh_as_the_rules_say(content):
    incident(
        content, "2026-10-05-x", "2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z", "partial_outage"
    )
    assert row(content, Month(2026, 10)).downtime == 18  # 60 minutes at 0.3
    rules(
        content, "availability:\n  partial_outage_weight: 0.5\n  degraded_performance_weight: 0.1\n"
    )
    assert row(content, Month(2026, 10)).downtime == 30


def test_targets_met_missed_and_the_error_budget(content):
    rules(content, "availability:\n  slo: 99.9\n")
    incident(content, "2026-10-05-x", "2026-10-05T10:00:00Z", "2026-10-05T11:34:00Z")
    found = row(content, Month(2026, 10))
    assert found.target == 99.9 and found.met is False
    assert found.availability == 99.789  # 1 - 94 / 44,700, rounded down
    assert found.budget_used == 210.3  # 94 of 44.7 minutes
    assert row(content, Month(2026, 11)).met is True
    assert row(content, Month(2026, 10), "dashboard").budget_used == 0.0


@pytest.mark.slow
def test_each_month_as_csv_and_json(content, tmp_path):
    rules(content, "availability:\n  slo: 99.9\n")
    incident(content, "2026-10-05-x", "2026-10-05T10:00:00Z", "2026-10-05T11:34:00Z")
    out = tmp_path / "site"
    build(content, out, NOW)
    data = json.loads((out / "reports" / "2026-10.json").read_text())
    assert set(data) == {
        "schema_version", "month", "complete", "timezone", "from", "until", "rules", "page",
        "components", "remedies",
    }  # fmt: skip
    assert (data["schema_version"], data["month"], data["complete"]) == (1, "2026-10", True)
    assert (data["from"], data["until"]) == ("2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z")
    assert data["rules"] == {
        "major_outage": 1.0, "partial_outage": 0.3, "degraded_performance": 0.0, "maintenance": "ignore"
    }  # fmt: skip
    api = data["components"][0]
    assert api == {
        "component_id": "api", "component_name": "Public API", "target_percent": 99.9,
        "availability_percent": 99.789, "downtime_minutes": 94.0, "measured_minutes": 44700.0,
        "met": False, "error_budget_used_percent": 210.3, "incidents": ["2026-10-05-x"],
        "maintenance": [],
    }  # fmt: skip
    rows = list(csv.DictReader(io.StringIO((out / "reports" / "2026-10.csv").read_text())))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["met"] == "false" and rows[0]["downtime_minutes"] == "94.0"
    assert rows[1]["component_id"] == "dashboard" and rows[1]["incidents"] == ""
    current = json.loads((out / "reports" / "2026-12.json").read_text())
    assert current["complete"] is False and current["until"] == "2026-12-05T12:00:00Z"


@pytest.mark.slow
def test_a_closed_month_is_announced_and_explained(content, tmp_path):
    import feedparser

    rules(content, "availability:\n  slo: 99.9\n")
    incident(content, "2026-10-05-x", "2026-10-05T10:00:00Z", "2026-10-05T11:34:00Z")
    out = tmp_path / "site"
    build(content, out, NOW)
    feed = feedparser.parse((out / "feeds" / "announcements.atom").read_bytes())
    titles = [e.title for e in feed.entries]
    assert titles == ["Availability in November 2026", "Availability in October 2026"]
    assert "missed: Public API" in feed.entries[1].content[0].value
    page = (out / "reports" / "how-we-measure" / "index.html").read_text()
    assert "a minute in a partial outage counts 30%" in page
    assert "Announced maintenance windows count as available time." in page
    assert (out / "reports" / "2026-10" / "index.html").is_file()
