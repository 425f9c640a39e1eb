"""The JSON API against the Statuspage v2 shapes in shared/reference, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import FIXTURES

# The shape of Atlassian Statuspage's public API v2 summary.json, with example values.
REFERENCE = FIXTURES / "statuspage_v2_summary.json"
ENDPOINTS = {
    "summary": {"page", "status", "components", "incidents", "scheduled_maintenances"},
    "status": {"page", "status"},
    "components": {"page", "components"},
    "incidents": {"page", "incidents"},
    "incidents/unresolved": {"page", "incidents"},
    "scheduled-maintenances": {"page", "scheduled_maintenances"},
    "scheduled-maintenances/upcoming": {"page", "scheduled_maintenances"},
    "scheduled-maintenances/active": {"page", "scheduled_maintenances"},
}


def load(site: Path, name: str) -> dict:
    return json.loads((site / "api" / "v2" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_endpoint_has_its_collections(example_site, name):
    assert set(load(example_site, name)) == ENDPOINTS[name]


def test_shapes_match_the_reference_field_by_field(example_site, reference):
    summary = load(example_site, "summary")
    assert set(summary) == set(reference)
    assert set(summary["page"]) == set(reference["page"])
    assert set(summary["status"]) == set(reference["status"])
    ref_group, ref_component = reference["components"][0], reference["components"][1]
    for component in summary["components"]:
        expected = ref_group if component["group"] else ref_component
        assert set(component) == set(expected), component["id"]
    (incident,) = summary["incidents"]
    ref_incident = reference["incidents"][0]
    assert set(incident) == set(ref_incident)
    assert set(incident["components"][0]) == set(ref_incident["components"][0])
    for update in incident["incident_updates"]:
        assert set(update) == set(ref_incident["incident_updates"][0])
        for change in update["affected_components"]:
            assert set(change) == set(ref_incident["incident_updates"][0]["affected_components"][0])


def test_values_use_statuspage_vocabularies(example_site):
    summary = load(example_site, "summary")
    assert summary["page"] == {
        "id": "northwind-cloud-status",
        "name": "Northwind Cloud Status",
        "url": "https://status.northwind.example",
        "time_zone": "Europe/Berlin",
        "updated_at": "2026-11-23T11:20:00.000Z",
    }
    assert summary["status"] == {"indicator": "major", "description": "Partial System Outage"}
    components = {c["id"]: c for c in summary["components"]}
    assert [c["id"] for c in summary["components"]] == [
        "platform",
        "api",
        "dashboard",
        "login",
        "webhooks",
        "data",
        "postgres",
        "object-storage",
    ]
    assert [c["position"] for c in summary["components"]] == list(range(1, 9))
    assert components["platform"]["components"] == ["api", "dashboard", "login", "webhooks"]
    assert components["platform"]["status"] == "partial_outage"  # its worst member
    assert components["webhooks"]["status"] == "partial_outage"
    assert components["webhooks"]["group_id"] == "platform"
    assert components["api"]["status"] == "operational"


def test_incident_with_updates_and_component_changes(example_site):
    (incident,) = load(example_site, "incidents/unresolved")["incidents"]
    assert incident["id"] == "2026-11-23-webhook-delivery-failures"
    assert (incident["status"], incident["impact"]) == ("identified", "major")
    assert incident["started_at"] == incident["created_at"] == "2026-11-23T10:50:00.000Z"
    assert incident["resolved_at"] is None
    assert (
        incident["shortlink"]
        == "https://status.northwind.example/incidents/2026-11-23-webhook-delivery-failures/"
    )
    assert incident["components"] == [
        {
            "id": "webhooks",
            "name": "Webhooks",
            "status": "partial_outage",
            "group_id": "platform",
            "position": 5,
        }
    ]
    updates = incident["incident_updates"]
    assert [u["id"] for u in updates] == [
        "2026-11-23-webhook-delivery-failures-2",
        "2026-11-23-webhook-delivery-failures-1",
    ]
    assert [u["affected_components"] for u in updates] == [
        [
            {
                "code": "webhooks",
                "name": "Webhooks",
                "old_status": "degraded_performance",
                "new_status": "partial_outage",
            }
        ],
        [
            {
                "code": "webhooks",
                "name": "Webhooks",
                "old_status": "operational",
                "new_status": "degraded_performance",
            }
        ],
    ]
    assert updates[0]["body"].startswith("This is worse than we first reported.")


def test_resolved_incidents_return_components_to_operational(example_site):
    incidents = {i["id"]: i for i in load(example_site, "incidents")["incidents"]}
    assert len(incidents) == 8
    outage = incidents["2026-10-08-postgres-eu-central-outage"]
    assert outage["status"] == "resolved"
    assert outage["resolved_at"] == "2026-10-08T05:22:00.000Z"
    assert outage["monitoring_at"] == "2026-10-08T04:31:00.000Z"
    assert {c["status"] for c in outage["components"]} == {"operational"}
    resolved = outage["incident_updates"][0]
    assert resolved["status"] == "resolved"
    assert resolved["affected_components"] == [
        {
            "code": "postgres",
            "name": "Managed Postgres",
            "old_status": "partial_outage",
            "new_status": "operational",
        }
    ]
    times = [i["started_at"] for i in load(example_site, "incidents")["incidents"]]
    assert times == sorted(times, reverse=True)
