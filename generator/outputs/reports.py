"""Each month's availability report as data: `reports/YYYY-MM.csv` and `.json`.

The schema is stable (version 1) and documented on the site's "How we measure" page and in
the README, so anyone can recompute the figures from the incidents and the rules.
"""

from __future__ import annotations

import json

from generator import urls
from generator.content.schema import iso
from generator.facts import Facts
from generator.facts.availability import Availability, Month, Row
from generator.outputs import csvcells

SCHEMA = 1
COLUMNS = (
    "month",
    "component_id",
    "component_name",
    "target_percent",
    "availability_percent",
    "downtime_minutes",
    "measured_minutes",
    "met",
    "error_budget_used_percent",
    "incidents",
    "maintenance",
)


def record(row: Row) -> dict:
    used = row.budget_used
    return {
        "component_id": row.component.id,
        "component_name": row.component.name,
        "target_percent": row.target,
        "availability_percent": row.availability,
        "downtime_minutes": round(row.downtime, 1),
        "measured_minutes": round(row.measured, 1),
        "met": row.met,
        "error_budget_used_percent": None if used is None or used == float("inf") else used,
        "incidents": [i.id for i in row.incidents],
        "maintenance": [m.id for m in row.maintenance],
    }


def document(availability: Availability, month: Month, base: str) -> dict:
    start, end = month.bounds(availability.zone)
    rules = availability.rules
    rows = availability.rows(start, end)
    return {
        "schema_version": SCHEMA,
        "month": month.key,
        "complete": availability.closed(month),
        "timezone": availability.zone.key,
        "from": iso(start),
        "until": iso(min(end, availability.now)),
        "rules": {
            "major_outage": 1.0,
            "partial_outage": rules.partial_outage,
            "degraded_performance": rules.degraded_performance,
            "maintenance": rules.maintenance,
        },
        "page": base + urls.report(month.key),
        "components": [record(r) for r in rows],
        "remedies": sorted({(i.id, i.remedy) for r in rows for i in r.remedies}),
    }


def csv_text(data: dict) -> str:
    rows = []
    for c in data["components"]:
        cells = {**c, "month": data["month"]}
        cells["incidents"] = " ".join(c["incidents"])
        cells["maintenance"] = " ".join(c["maintenance"])
        rows.append([cells[k] for k in COLUMNS])
    return csvcells.text(COLUMNS, rows)


def files(facts: Facts) -> dict[str, bytes]:
    availability = Availability.of(facts.content, facts.now)
    base = facts.content.portal.url
    out = {}
    for month in availability.months():
        data = document(availability, month, base)
        data["remedies"] = [{"incident": i, "remedy": r} for i, r in data["remedies"]]
        out[urls.report_data(month.key, "json")] = (
            json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8")
        out[urls.report_data(month.key, "csv")] = csv_text(data).encode("utf-8")
    return out
