"""What can be told: every entry the content holds as of a moment, each with a key that stays
the same from one run to the next, so the delivery record can say what was sent.

Keys name what happened, not its words: `incident/ID/2026-11-23T10:50:00Z` is the update at
that time whatever its text says later; a corrected time is a new update. Keys are the same in
every language; only the words differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial

from generator import urls
from generator.content.ids import slugify
from generator.content.models import Announcement, Commitment, Content, Incident, Maintenance
from generator.content.rendering import Renderer
from generator.content.translations import localise
from generator.content.vocab import Impact
from generator.content.vocab import MaintenanceStatus as MS
from generator.facts import derive
from generator.notify.advisory_events import advisory_events
from generator.outputs.policy_entries import happenings
from generator.words import Clock, Words, upper_first


@dataclass(frozen=True)
class Event:
    key: str  # stable between runs and languages
    type: str  # incident.update | maintenance.announced | maintenance.reminder |
    # maintenance.<status> (in_progress, verifying, completed, cancelled, scheduled) |
    # announcement.published | commitment.<status>
    kind: str  # incident | maintenance | announcement | commitment: what channels filter on
    at: datetime
    source: str  # "incidents/ID": the document it comes from
    title: str  # the document's title
    label: str  # the status word: "Identified", "Scheduled maintenance", "Reminder"
    markdown: str  # what the entry says, as written
    link: str  # absolute URL of the entry on the site
    components: tuple[str, ...]  # ids; none: site-wide
    impact: Impact | None = None  # incidents only


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def span_key(delay: timedelta) -> str:
    minutes = int(delay.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes % 60 else f"{minutes // 60}h"


def collect(
    content: Content, now: datetime, language: str = "", reminders: tuple[timedelta, ...] = ()
) -> list[Event]:
    """Every entry published by `now`, oldest first, in `language` (default: the site's)."""
    portal = content.portal
    language = language or portal.language
    found = _entries(content, now, Words(portal.language), reminders)
    if language != portal.language:
        # The same entries in the same order; the keys stay the original's.
        local = localise(content, language, portal.url + f"{language}/")
        words = _entries(local, now, Words(language), reminders)
        found = [replace(e, key=o.key) for e, o in zip(words, found, strict=True)]
    return sorted(found, key=lambda e: (e.at, e.key))


def _entries(
    content: Content, now: datetime, words: Words, reminders: tuple[timedelta, ...]
) -> list[Event]:
    seen = derive.as_of(content, now)
    clock = Clock(content.portal.timezone, words)
    return (
        _incidents(seen, words)
        + _maintenance(seen, now, clock, reminders)
        + _announcements(seen, words)
        + _commitments(seen, now, words)
        + _policies(seen, now, words)
        + advisory_events(seen, words, Event)
    )


def _incidents(content: Content, words: Words) -> list[Event]:
    url, out = content.portal.url, []
    for incident in content.incidents:
        page = urls.incident(incident.id)
        for update, statuses in zip(
            incident.updates, derive.affected_history(incident), strict=True
        ):
            out.append(
                Event(
                    key=f"incident/{incident.id}/{stamp(update.at)}",
                    type="incident.update",
                    kind="incident",
                    at=update.at,
                    source=f"incidents/{incident.id}",
                    title=incident.title,
                    label=words.phase[update.status],
                    markdown=update.text,
                    link=url + urls.update(page, update.number),
                    components=tuple(sorted(set(incident.components) | set(statuses))),
                    impact=incident.impact,
                )
            )
    return out


def _maintenance(
    content: Content, now: datetime, clock: Clock, reminders: tuple[timedelta, ...]
) -> list[Event]:
    url, words, out = content.portal.url, clock.words, []
    for window in content.maintenance:
        page = url + urls.maintenance(window.id)
        when = words._(
            "for %(start)s to %(end)s",
            start=clock.text(window.start),
            end=clock.text(window.end),
        )
        event = _WindowEvents(window, page)
        out.append(
            event(
                "announced",
                "announced",
                window.published,
                words._("Scheduled maintenance"),
                upper_first(when) + ".\n\n" + window.body,
                url + urls.announced(window.id),
            )
        )
        final = derive.maintenance_state(window, now)
        cancelled = final is MS.CANCELLED
        # Only the latest reminder due: a run that comes late sends one, not all.
        due = [d for d in reminders if window.published < window.start - d <= now < window.start]
        if due and not cancelled:
            delay = min(due)
            text = words._("Starts at %(time)s.", time=clock.text(window.start))
            name = f"reminder/{span_key(delay)}"
            out.append(event(name, "reminder", window.start - delay, words._("Reminder"), text))
        for update in window.updates:
            out.append(
                event(
                    f"update/{stamp(update.at)}",
                    update.status.value,
                    update.at,
                    words.maintenance[update.status],
                    update.text,
                    url + urls.update(urls.maintenance(window.id), update.number),
                )
            )
        said = {u.status for u in window.updates}
        # The clock starts and ends a window that no update starts or ends.
        if not cancelled and window.start <= now and not said & {MS.IN_PROGRESS, *derive.FINAL}:
            text = words._("Planned to end at %(time)s.", time=clock.text(window.end))
            label = words.maintenance[MS.IN_PROGRESS]
            out.append(event("started", "in_progress", window.start, label, text))
        if final is MS.COMPLETED and MS.COMPLETED not in said and window.end <= now:
            text = words._("The maintenance window has ended.")
            label = words.maintenance[MS.COMPLETED]
            out.append(event("completed", "completed", window.end, label, text))
    return out


class _WindowEvents:
    """Makes the events of one maintenance window."""

    def __init__(self, window: Maintenance, page: str):
        self.window, self.page = window, page

    def __call__(
        self, name: str, what: str, at: datetime, label: str, markdown: str, link: str = ""
    ) -> Event:
        window = self.window
        return Event(
            key=f"maintenance/{window.id}/{name}",
            type=f"maintenance.{what}",
            kind="maintenance",
            at=at,
            source=f"maintenance/{window.id}",
            title=window.title,
            label=label,
            markdown=markdown,
            link=link or self.page,
            components=window.components,
        )


def _announcements(content: Content, words: Words) -> list[Event]:
    url = content.portal.url
    return [
        Event(
            key=f"announcement/{item.id}",
            type="announcement.published",
            kind="announcement",
            at=item.published,
            source=f"announcements/{item.id}",
            title=item.title,
            label=words.kind[item.kind],
            markdown=(
                words._("Takes effect on %(date)s.", date=words.date(item.effective)) + "\n\n"
                if item.effective
                else ""
            )
            + item.body,
            link=url + urls.announcement(item.id),
            components=item.components,
        )
        for item in content.announcements
    ]


def _policies(content: Content, now: datetime, words: Words) -> list[Event]:
    """Policies' versions (published, then in effect) and the register's changes, as their
    feeds tell them."""
    return [
        Event(h.key, h.type, h.kind, h.at, h.source, h.title, h.label, h.markdown, h.link, ())
        for h in happenings(content, now, words)
    ]


def _commitments(content: Content, now: datetime, words: Words) -> list[Event]:
    """Each commitment in its current status: a new status is a new key. A commitment is
    known by its document and its title's words, so reordering them changes nothing."""
    url, out = content.portal.url, []
    sources: list[tuple[str, Incident | Announcement, datetime, Iterable[str]]] = [
        ("incidents", i, i.updates[0].at, i.components) for i in content.incidents
    ]
    sources += [("announcements", a, a.published, a.components) for a in content.announcements]
    for folder, document, since, components in sources:
        page = url + (
            urls.incident(document.id) if folder == "incidents" else urls.announcement(document.id)
        )
        for commitment in document.commitments:
            key = f"commitment/{folder}/{document.id}/{_name(commitment)}"
            made = words._("Made in: %(title)s", title=document.title)

            event = partial(
                _commitment_event, key, commitment, f"{folder}/{document.id}", page, components
            )

            status = commitment.status
            said = f"{commitment.reason}\n\n{made}" if commitment.reason else made
            out.append(
                event(status.value, _when(commitment, since, now), words.commitment[status], said)
            )
            for note in commitment.progress:
                at = datetime(*note.on.timetuple()[:3], tzinfo=UTC)
                if at <= now:
                    text = f"{note.text}\n\n{made}"
                    out.append(event(f"progress/{note.on}", at, words._("Progress"), text))
    return out


def _commitment_event(
    key: str,
    commitment: Commitment,
    source: str,
    page: str,
    components: Iterable[str],
    what: str,
    at: datetime,
    label: str,
    text: str,
) -> Event:
    return Event(
        key=f"{key}/{what}",
        type=f"commitment.{what.split('/')[0]}",
        kind="commitment",
        at=at,
        source=source,
        title=commitment.title,
        label=label,
        markdown=text,
        link=page,
        components=tuple(components),
    )


def _name(commitment: Commitment) -> str:
    return slugify(commitment.title)


def _when(commitment: Commitment, since: datetime, now: datetime) -> datetime:
    """When its status was reached, as far as the content says: the day it was done, else the
    document's time (a status change carries no time of its own)."""
    if commitment.done is not None:
        done = datetime(*commitment.done.timetuple()[:3], tzinfo=UTC)
        return min(max(done, since), now)
    return since


def render(event: Event, md: Renderer) -> str:
    """The entry's words as sanitised HTML."""
    return str(md.html(event.markdown))
