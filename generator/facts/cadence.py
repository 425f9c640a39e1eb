"""Promises the content has not kept: printed by check and build, never failing them."""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.content.models import Content, Incident
from generator.content.vocab import IncidentStatus
from generator.errors import Problem
from generator.facts import derive
from generator.words import ENGLISH, Clock

span = ENGLISH.span  # warnings are for the command line, in English


def warnings(content: Content, now: datetime) -> list[Problem]:
    """Overdue incident updates and maintenance windows that ended without a final update."""
    content = derive.as_of(content, now)
    clock = Clock(content.portal.timezone)
    found = []
    for incident in derive.open_incidents(content):
        due = derive.next_update_due(incident, content.portal)
        if due is not None and due < now:
            found.append(
                Problem(
                    incident.source,
                    incident.line,
                    "next_update",
                    f"the next update was promised by {clock.text(due)} and is {span(now - due)} "
                    "overdue",
                    "add an update to `updates`, even if nothing has changed, or promise a later "
                    "next_update",
                    level="warning",
                )
            )
    for incident in content.incidents:
        found.extend(implausible(incident, clock))
    for window in content.maintenance:
        last = window.updates[-1].status if window.updates else None
        if now >= window.end and last not in derive.FINAL:
            found.append(
                Problem(
                    window.source,
                    window.line,
                    "updates",
                    f"the window ended at {clock.text(window.end)} without a final update",
                    "add an update with status completed (or cancelled) saying how it went",
                    level="warning",
                )
            )
    return sorted(found)


LONG_GAP = timedelta(days=90)  # between two updates of one incident: more likely a typo in a date


def implausible(incident: Incident, clock: Clock) -> list[Problem]:
    """Timelines that are possible but probably a typo: resolved before anything else was said,
    or updates months apart. A reopening (an update after a resolved one) is fine."""
    updates = incident.updates
    found = []
    resolved_first = len(updates) > 1 and updates[0].status is IncidentStatus.RESOLVED
    if resolved_first:
        found.append(
            Problem(
                incident.source,
                updates[0].line,
                "updates.at",
                f"the incident is resolved at {clock.text(updates[0].at)}, before its first other "
                f"update ({clock.text(updates[1].at)}), so it stays open; a date is probably wrong",
                "check the year, month and day of both updates",
                level="warning",
            )
        )
    later = updates[1:] if resolved_first else updates  # that gap is the same mistake
    for before, after in zip(later, later[1:], strict=False):
        if after.at - before.at > LONG_GAP:
            found.append(
                Problem(
                    incident.source,
                    after.line,
                    "updates.at",
                    f"this update comes {span(after.at - before.at)} after the one before it "
                    f"({clock.text(before.at)}); a date is probably wrong",
                    "check the year, month and day of both updates",
                    level="warning",
                )
            )
    return found
