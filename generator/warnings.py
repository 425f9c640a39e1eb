"""Promises the content has not kept: printed by check and build, never failing them."""

from __future__ import annotations

from datetime import datetime

from . import derive
from .errors import Problem
from .models import Content
from .present import Clock, span


def warnings(content: Content, now: datetime) -> list[Problem]:
    """Overdue incident updates and maintenance windows that ended without a final update."""
    content = derive.as_of(content, now)
    clock = Clock(content.portal.timezone)
    found = []
    for incident in derive.open_incidents(content):
        due = derive.next_update_due(incident, content.portal)
        if due is not None and due < now:
            found.append(Problem(
                incident.source, incident.line, "next_update",
                f"the next update was promised by {clock.text(due)} and is {span(now - due)} overdue",
                "add an update to `updates`, even if nothing has changed, or promise a later next_update",
                level="warning",
            ))
    for window in content.maintenance:
        last = window.updates[-1].status if window.updates else None
        if now >= window.end and last not in derive.FINAL:
            found.append(Problem(
                window.source, window.line, "updates",
                f"the window ended at {clock.text(window.end)} without a final update",
                "add an update with status completed (or cancelled) saying how it went",
                level="warning",
            ))
    return sorted(found)
