"""Maintenance windows as an iCalendar feed, `/feeds/maintenance.ics`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vText

from generator import __version__, urls
from generator.content.models import Content
from generator.content.rendering import Renderer
from generator.content.vocab import MaintenanceStatus
from generator.facts import Facts, derive
from generator.outputs.plaintext import plain_text
from generator.words import ENGLISH, Words


def calendar(content: Content, now: datetime, md: Renderer, words: Words = ENGLISH) -> bytes:
    portal = content.portal
    _ = words._
    host = urlsplit(portal.url).hostname or "openbook"
    cal = Calendar()
    cal.add("prodid", f"-//Openbook//Openbook {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # icalendar escapes only the properties it knows; these it would write raw, line breaks too.
    name = _("%(site)s: %(feed)s", site=portal.title, feed=_("Maintenance"))
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-caldesc", vText(_("Scheduled maintenance announced on %(url)s", url=portal.url)))
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for window in sorted(content.maintenance, key=lambda m: (m.start, m.id)):
        state = derive.maintenance_state(window, now)
        changed = window.updates[-1].at if window.updates else window.published
        names = words.join(portal.component(cid).name for cid in window.components)
        url = portal.url + urls.maintenance(window.id)
        event = Event()
        event.add("uid", f"maintenance-{window.id}@{host}")
        # DTSTAMP is when this version was made: the latest change, so the file is reproducible.
        event.add("dtstamp", changed.astimezone(UTC))
        event.add("last-modified", changed.astimezone(UTC))
        event.add("created", window.published.astimezone(UTC))
        event.add("sequence", len(window.updates))
        event.add("dtstart", window.start.astimezone(UTC))
        event.add("dtend", window.end.astimezone(UTC))
        summary = words.labelled(_("Maintenance"), window.title)
        event.add("summary", summary + (" " + _("(%(names)s)", names=names) if names else ""))
        # A calendar shows no markup: the words a reader sees, with each link's address, absolute.
        description = [
            _("Affects: %(names)s", names=names) if names else "",
            plain_text(str(md.html(window.body)), url),
            _("Details and updates: %(url)s", url=url),
        ]
        if window.updates:
            latest = window.updates[-1]
            said = plain_text(str(md.html(latest.text)), url)
            description.insert(
                0, _("%(label)s: %(title)s", label=words.maintenance[latest.status], title=said)
            )
        event.add("description", "\n\n".join(part for part in description if part))
        event.add("url", url)
        event.add("status", "CANCELLED" if state is MaintenanceStatus.CANCELLED else "CONFIRMED")
        event.add(
            "transp", "TRANSPARENT"
        )  # a window on a status page is not the subscriber's busy time
        cal.add_component(event)
    return cal.to_ical()


def files(facts: Facts) -> dict[str, bytes]:
    return {urls.CALENDAR: calendar(facts.content, facts.now, facts.md, facts.words)}
