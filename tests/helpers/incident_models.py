"""Incidents made as models, not files, for the tests of what is derived from them: a portal of
three components and updates counted in minutes from one start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from generator.content.models import Component, Incident, IncidentUpdate, Portal
from generator.content.vocab import ComponentStatus as CS
from generator.content.vocab import Impact, IncidentStatus

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
PORTAL = Portal(
    title="Example",
    url="https://status.example.com/",
    timezone=ZoneInfo("Europe/Berlin"),
    components=(
        Component("api", "Public API"),
        Component("dashboard", "Dashboard"),
        Component("db", "Database"),
    ),
)


def update(minutes: int, status: str, components: dict | None = None) -> IncidentUpdate:
    return IncidentUpdate(
        T0 + timedelta(minutes=minutes), IncidentStatus(status), "text", components
    )


def incident(
    *updates: IncidentUpdate, impact=Impact.MAJOR, components=None, id="i", **kw
) -> Incident:
    numbered = tuple(
        IncidentUpdate(u.at, u.status, u.text, u.components, n) for n, u in enumerate(updates, 1)
    )
    return Incident(id, "Title", impact, components or {"api": CS.PARTIAL_OUTAGE}, numbered, **kw)
