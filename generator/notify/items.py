"""The item a webhook event carries: the entry it is about, as the site's JSON publishes it.

Incidents and maintenance windows are in the Statuspage-compatible API's shape, advisories as
`api/advisories.json` lists them, a policy's version as `api/policies.json` lists it under its
policy (with that policy's id), a subprocessor as the register's `list.json` has its row.
Announcements and commitments, which no JSON document lists, have Openbook's own shape.
`ITEMS` has a maker for each kind of entry a channel can be sent (notify_settings.KINDS).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from generator.content.models import Announcement, Incident
from generator.notify.events import Event, stamp
from generator.outputs import advisory_files, policy_files
from generator.outputs.api import Api

T = TypeVar("T")


def api_item(api: Api, event: Event) -> dict:
    """`event`'s entry as `api`'s content has it, in the shape its JSON document publishes."""
    make = ITEMS.get(event.kind)
    if make is None:
        raise LookupError(f"{event.key}: no webhook item for kind {event.kind!r}")
    return make(api, event)


def _one(found: Iterable[T], event: Event) -> T:
    for each in found:
        return each
    # Named, where next() would raise a StopIteration that says nothing.
    raise LookupError(f"{event.key}: {event.source} has no such entry as of the run")


def _ident(event: Event) -> str:
    return event.source.partition("/")[2]


def _incident(api: Api, event: Event) -> dict:
    ident = _ident(event)
    return api.incident(_one((i for i in api.content.incidents if i.id == ident), event))


def _maintenance(api: Api, event: Event) -> dict:
    ident = _ident(event)
    return api.maintenance(_one((m for m in api.content.maintenance if m.id == ident), event))


def _announcement(api: Api, event: Event) -> dict:
    ident = _ident(event)
    announcement = _one((a for a in api.content.announcements if a.id == ident), event)
    return {
        "id": announcement.id,
        "name": announcement.title,
        "kind": announcement.kind.value,
        "published_at": stamp(announcement.published),
        "effective": announcement.effective.isoformat() if announcement.effective else None,
        "shortlink": event.link,
        "components": list(announcement.components),
    }


def _commitment(api: Api, event: Event) -> dict:
    content = api.content
    folder, _, ident = event.source.partition("/")
    # Incidents and announcements are told apart by their folder: an id may be in both.
    documents: tuple[Incident, ...] | tuple[Announcement, ...] = (
        content.incidents if folder == "incidents" else content.announcements
    )
    document = _one((d for d in documents if d.id == ident), event)
    found = _one((c for c in document.commitments if c.title == event.title), event)
    return {
        "title": found.title,
        "status": found.status.value,
        "due": found.due.isoformat() if found.due else None,
        "done": found.done.isoformat() if found.done else None,
        "source": {"type": folder.rstrip("s"), "id": ident, "url": event.link},
    }


def _advisory(api: Api, event: Event) -> dict:
    ident = _ident(event)
    advisory = _one((a for a in api.content.advisories if a.id == ident), event)
    return advisory_files.entry(api.portal, advisory)


def _policy(api: Api, event: Event) -> dict:
    # The key names the version by its effective day: policy/ID/YYYY-MM-DD/published.
    ident, effective = event.key.split("/")[1:3]
    policy = _one((p for p in api.content.policies if p.id == ident), event)
    version = _one((v for v in policy.versions if v.effective.isoformat() == effective), event)
    return {**policy_files.version_entry(api.portal, policy, version), "policy_id": policy.id}


def _subprocessor(api: Api, event: Event) -> dict:
    # The register is one document: the key names its entry, subprocessor/ID/added.
    ident = event.key.split("/")[1]
    register = api.content.subprocessors
    listed = register.subprocessors if register is not None else ()
    entry = _one((e for e in listed if e.id == ident), event)
    row = policy_files.register_row(api.content, entry)
    return dict(zip(policy_files.COLUMNS, row, strict=True))


ITEMS: dict[str, Callable[[Api, Event], dict]] = {
    "incident": _incident,
    "maintenance": _maintenance,
    "announcement": _announcement,
    "commitment": _commitment,
    "policy": _policy,
    "subprocessor": _subprocessor,
    "advisory": _advisory,
}
