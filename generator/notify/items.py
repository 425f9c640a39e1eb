"""The item a webhook event carries: the entry's document in the JSON API's shape."""

from __future__ import annotations

from generator.content.models import Announcement, Incident
from generator.notify.events import Event, stamp
from generator.outputs.api import Api


def api_item(api: Api, event: Event) -> dict:
    """`event`'s incident, maintenance, announcement or commitment, as `api` publishes it."""
    content = api.content
    folder, _, ident = event.source.partition("/")
    if folder == "incidents" and event.kind == "incident":
        return api.incident(next(i for i in content.incidents if i.id == ident))
    if folder == "maintenance":
        return api.maintenance(next(m for m in content.maintenance if m.id == ident))
    if event.kind == "commitment":
        # Incidents and announcements are told apart by their folder: an id may be in both.
        documents: tuple[Incident, ...] | tuple[Announcement, ...] = (
            content.incidents if folder == "incidents" else content.announcements
        )
        document = next(d for d in documents if d.id == ident)
        found = next(c for c in document.commitments if c.title == event.title)
        return {
            "title": found.title,
            "status": found.status.value,
            "due": found.due.isoformat() if found.due else None,
            "done": found.done.isoformat() if found.done else None,
            "source": {"type": folder.rstrip("s"), "id": ident, "url": event.link},
        }
    announcement = next(a for a in content.announcements if a.id == ident)
    return {
        "id": announcement.id,
        "name": announcement.title,
        "kind": announcement.kind.value,
        "published_at": stamp(announcement.published),
        "effective": announcement.effective.isoformat() if announcement.effective else None,
        "shortlink": event.link,
        "components": list(announcement.components),
    }
