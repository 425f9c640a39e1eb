"""What the feeds tell: every published update as its own entry, with a stable id.

A reader shows "Identified" and "Resolved" as new items rather than silently editing one,
because each update has its own id (its URL on the site). Which feed carries which entry is
`generator/outputs/feeds.py`; how an entry is written is `generator/outputs/feed_formats.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from markupsafe import escape

from generator import urls
from generator.content import revisions
from generator.content.models import Content, IncidentUpdate
from generator.content.rendering import Renderer
from generator.content.vocab import CommitmentStatus, ComponentStatus
from generator.content.vocab import MaintenanceStatus as MS
from generator.facts import Facts, derive
from generator.facts.availability import Availability
from generator.words import Clock, Words, upper_first


@dataclass(frozen=True)
class Entry:
    """One feed item: an incident update, a maintenance notice, an announcement, a report, a
    commitment's step or a correction."""

    id: str  # absolute URL of the item's anchor; never changes between builds
    title: str
    link: str
    published: datetime
    body: str | Callable[[], str]  # its HTML, or what makes it: most entries reach no feed
    # "incident", "maintenance", "announcement", "report", "commitment" or "correction"
    kind: str
    components: tuple[str, ...]

    @functools.cached_property
    def html(self) -> str:
        return self.body() if callable(self.body) else self.body


def incident_entries(content: Content, md: Renderer, words: Words) -> list[Entry]:
    portal = content.portal
    out = []
    for incident in content.incidents:
        history = derive.affected_history(incident)
        for update, statuses in zip(incident.updates, history, strict=True):
            link = portal.url + urls.update(urls.incident(incident.id), update.number)
            label = words.phase[update.status]
            out.append(
                Entry(
                    id=link,
                    title=words.labelled(label, incident.title),
                    link=link,
                    published=update.at,
                    body=functools.partial(_update_body, update, statuses, content, md, words),
                    kind="incident",
                    components=tuple(
                        sorted(set(incident.components) | set(update.components or {}))
                    ),
                )
            )
    return out


def _update_body(
    update: IncidentUpdate,
    statuses: dict[str, ComponentStatus],
    content: Content,
    md: Renderer,
    words: Words,
) -> str:
    changed = _changes(update, statuses, content, words)
    label = words.phase[update.status]
    return f"<p><strong>{escape(label)}</strong>{changed}</p>\n" + str(md.html(update.text))


def maintenance_entries(content: Content, md: Renderer, clock: Clock) -> list[Entry]:
    """The announcement of each window, then each of its updates."""
    portal, words = content.portal, clock.words
    out = []
    for window in content.maintenance:
        page = portal.url + urls.maintenance(window.id)
        names = words.join(portal.component(cid).name for cid in window.components)
        when = words._(
            "for %(start)s to %(end)s",
            start=clock.text(window.start),
            end=clock.text(window.end),
        )
        intro = (
            f"<p><strong>{escape(words.maintenance[MS.SCHEDULED])}</strong> {escape(when)}"
            + (f" — {escape(names)}" if names else "")
            + "</p>\n"
        )
        out.append(
            Entry(
                portal.url + urls.announced(window.id),
                words.labelled(words._("Scheduled maintenance"), window.title),
                page,
                window.published,
                intro + str(md.html(window.body)),
                "maintenance",
                window.components,
            )
        )
        for update in window.updates:
            label = words.maintenance[update.status]
            link = portal.url + urls.update(urls.maintenance(window.id), update.number)
            out.append(
                Entry(
                    link,
                    words.labelled(label, window.title),
                    link,
                    update.at,
                    f"<p><strong>{escape(label)}</strong></p>\n" + str(md.html(update.text)),
                    "maintenance",
                    window.components,
                )
            )
    return out


def announcement_entries(content: Content, md: Renderer, clock: Clock) -> list[Entry]:
    portal, words = content.portal, clock.words
    out = []
    for item in content.announcements:
        link = portal.url + urls.announcement(item.id)
        label = words.kind[item.kind]
        effective = ""
        if item.effective:
            takes = words._("Takes effect on %(date)s.", date=words.date(item.effective))
            effective = f"<p>{escape(takes)}</p>\n"
        out.append(
            Entry(
                link,
                words.labelled(label, item.title),
                link,
                item.published,
                effective + str(md.html(item.body)),
                "announcement",
                item.components,
            )
        )
    return out


def commitment_entries(content: Content, clock: Clock) -> list[Entry]:
    """Each commitment made, each progress note, each completion and each drop."""
    portal, words = content.portal, clock.words
    out = []
    for promise in derive.promises(content):
        c = promise.commitment
        link = portal.url + urls.COMMITMENTS + "#" + promise.anchor
        source = portal.url + (
            urls.incident(promise.source_id)
            if promise.kind == "incidents"
            else urls.announcement(promise.source_id)
        )
        made = words._("Made in %(page)s.", page="\x00")
        before, _, after = made.partition("\x00")
        origin = (
            f'<p>{escape(before)}<a href="{escape(source)}">{escape(promise.source_title)}</a>'
            f"{escape(after)}</p>\n"
        )

        entry = partial(_commitment_entry, link, words.labelled, c.title, origin)

        out.append(entry("made", words._("New commitment"), promise.made))
        for note in c.progress:
            day = clock.start_of(note.on)
            out.append(entry(f"progress-{note.on}", words._("Progress"), day, note.text))
        if c.status is CommitmentStatus.DONE and c.done:
            out.append(entry("done", words.commitment[c.status], clock.start_of(c.done)))
        if c.status is CommitmentStatus.DROPPED:
            when = clock.start_of(c.progress[-1].on) if c.progress else promise.made
            out.append(entry("dropped", words.commitment[c.status], when, c.reason))
    return out


def report_entries(content: Content, now: datetime, words: Words) -> list[Entry]:
    """A month's availability report, announced when the month has closed."""
    availability = Availability.of(content, now)
    out = []
    for month in availability.months():
        start, end = month.bounds(availability.zone)
        if end > now:
            continue
        link = content.portal.url + urls.report(month.key)
        out.append(
            Entry(
                link,
                words._("Availability in %(month)s", month=words.month(month.first_day())),
                link,
                end,
                functools.partial(_report_body, availability, start, end, words),
                "report",
                (),
            )
        )
    return out


def _report_body(availability: Availability, start: datetime, end: datetime, words: Words) -> str:
    rows = [r for r in availability.rows(start, end) if r.met is not None]
    if not rows:
        return ""
    missed = [r.component.name for r in rows if not r.met]
    said = words._("%(met)s of %(total)s targets met", met=len(rows) - len(missed), total=len(rows))
    if missed:
        said += " · " + words._("missed: %(names)s", names=words.join(missed))
    return f"<p>{escape(said)}</p>\n"


def correction_entries(content: Content, clock: Clock) -> list[Entry]:
    """Each update changed or removed after it was published."""
    words, url = clock.words, content.portal.url
    out = []
    for path, title, c in revisions.all_corrections(content):
        page = url + path
        said = words._("update of %(time)s", time=clock.text(datetime.fromisoformat(c.update_at)))
        body = f"<p>{escape(words.correction[c.what])} · {escape(said)}</p>\n"
        if c.what != "time":
            body += f"<p><del>{escape(c.old)}</del></p>\n"
            body += f"<p><ins>{escape(c.new)}</ins></p>\n" if c.new else ""
        out.append(
            Entry(
                f"{page}#correction-{c.commit[:12]}-{c.update_at}",
                words.labelled(upper_first(words.correction[c.what]), title),
                page,
                c.at,
                body,
                "correction",
                (),
            )
        )
    return out


def _commitment_entry(
    link: str,
    labelled: Callable[[str, str], str],
    title: str,
    origin: str,
    what: str,
    label: str,
    when: datetime,
    text: str = "",
) -> Entry:
    said = f"<p>{escape(text)}</p>\n" if text else ""
    return Entry(
        f"{link}-{what}", labelled(label, title), link, when, said + origin, "commitment", ()
    )


def published(facts: Facts) -> list[Entry]:
    """Every entry published by the facts' "now", in no particular order."""
    content, now = facts.content, facts.now
    clock = Clock(content.portal.timezone, facts.words)
    entries = (
        incident_entries(content, facts.md, clock.words)
        + maintenance_entries(content, facts.md, clock)
        + announcement_entries(content, facts.md, clock)
        + commitment_entries(content, clock)
        + correction_entries(content, clock)
    )
    return [e for e in entries if e.published <= now] + report_entries(content, now, facts.words)


def _changes(
    update: IncidentUpdate, statuses: dict[str, ComponentStatus], content: Content, words: Words
) -> str:
    shown = update.components if update.number > 1 else statuses
    if not shown:
        return ""
    names = [
        words._(
            "%(name)s: %(status)s", name=content.portal.component(cid).name, status=words.phrase[s]
        )
        for cid, s in shown.items()
    ]
    return " — " + "; ".join(escape(n) for n in names)
