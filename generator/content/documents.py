"""The schema of each kind of content document, and its model once valid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from generator.content import safety, site_paths
from generator.content.advisories import Advisory, advisory_from
from generator.content.commitments import COMMITMENT, commitments_from
from generator.content.component_references import component_list, component_statuses
from generator.content.models import (
    Alias,
    Announcement,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceUpdate,
    Portal,
    StandingPage,
)
from generator.content.rendering import Renderer
from generator.content.safety import script_risks
from generator.content.schema import (
    FAILED,
    Checker,
    Field,
    Invalid,
    boolean,
    choice,
    day,
    describe,
    list_of,
    moment,
    ok,
    one_line,
    record_of,
    text,
)
from generator.content.schema import positive_int as _positive
from generator.content.source import Document, KeyPath
from generator.content.vocab import (
    INCIDENT_COMPONENT_STATUSES,
    AnnouncementKind,
    ComponentStatus,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
)
from generator.errors import Problem

_MARKDOWN = Renderer(sanitise=False)  # the check reports what the sanitiser would remove


def check_scripts(
    c: Checker, portal: Portal, texts: Sequence[tuple[KeyPath, str]], body: str = ""
) -> bool:
    """Report raw HTML that could run script, in Markdown fields (at their line) and the body."""
    if portal.allow_scripts:
        return True
    clean = True
    for path, source in texts:
        for _, message in script_risks(source, _MARKDOWN.html):
            c.report(path, message, safety.HINT)
            clean = False
    for offset, message in script_risks(body, _MARKDOWN.html) if body else []:
        c.problems.append(
            Problem(c.doc.path, c.doc.body_line + offset, "body", message, safety.HINT)
        )
        clean = False
    return clean


def aliases(c: Checker, value: Any, path: KeyPath) -> tuple[Alias, ...]:
    """Old addresses of this page, each a path from the site's root: `/issues/2021-03-01-db/`."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise Invalid(
            f"expected a list of paths; got {describe(value)}", "e.g. [/issues/2021-03-01-db/]"
        )
    found = []
    for i, item in enumerate(value):
        where = path + (i,)
        written = item if isinstance(item, str) else describe(item)
        try:
            site_paths.address_file(item)
        except ValueError as exc:
            c.report(
                where,
                f"expected a path on this site such as /issues/2021-03-01-db/; got {written!r}: "
                f"{exc}",
                "start it with /; no host, query or fragment; percent-encode other characters",
            )
            continue
        found.append(Alias(item.lstrip("/"), c.doc.line(where)))
    return tuple(found)


def _component_ids(portal: Portal) -> list[str]:
    return [comp.id for comp in portal.components]


def _updates(raw: Any) -> list[dict] | None:
    """The valid updates, sorted by time (equal times keep file order); None if any failed."""
    if raw is FAILED or any(u is FAILED or not ok(*u.values()) for u in raw):
        return None
    return sorted(raw, key=lambda u: u["at"])


def incident_from(doc: Document, c: Checker, doc_id: str, portal: Portal) -> Incident | None:
    statuses = component_statuses(
        INCIDENT_COMPONENT_STATUSES, _component_ids(portal), portal.source
    )
    # An update may also say a component has recovered while the incident goes on.
    update_statuses = component_statuses(
        (ComponentStatus.OPERATIONAL, *INCIDENT_COMPONENT_STATUSES),
        _component_ids(portal),
        portal.source,
    )
    update = {
        "at": Field(moment, required=True),
        "status": Field(choice(IncidentStatus), required=True),
        "text": Field(text, required=True),
        "components": Field(update_statuses),
    }
    schema = {
        "title": Field(one_line, required=True),
        "impact": Field(choice(Impact), required=True),
        "components": Field(statuses, default={}),
        "updates": Field(
            list_of(record_of(update, "an update"), at_least=1, what="update"), required=True
        ),
        "next_update": Field(moment),
        "remedy": Field(text, default=""),
        "commitments": Field(list_of(record_of(COMMITMENT, "a commitment")), default=[]),
        "draft": Field(boolean, default=False),
        "aliases": Field(aliases, default=()),
    }
    f = c.record(doc.data, (), schema, "an incident")
    if f is None:
        return None
    commitments = commitments_from(c, f["commitments"])
    updates = _updates(f["updates"])
    if updates is None or not ok(*f.values()):
        return None
    texts = [(("updates", n, "text"), u["text"]) for n, u in enumerate(f["updates"])]
    if not check_scripts(c, portal, texts + [(("remedy",), f["remedy"])], doc.body):
        return None
    place = {id(u): n for n, u in enumerate(f["updates"])}  # where each update stands in the file
    return Incident(
        id=doc_id,
        title=f["title"],
        impact=f["impact"],
        components=f["components"],
        updates=tuple(
            IncidentUpdate(
                u["at"],
                u["status"],
                u["text"],
                u["components"],
                number=n,
                line=doc.line(("updates", place[id(u)])),
            )
            for n, u in enumerate(updates, start=1)
        ),
        next_update=f["next_update"],
        remedy=f["remedy"],
        commitments=commitments,
        draft=f["draft"],
        body=doc.body,
        source=doc.path,
        line=doc.line(("next_update",) if f["next_update"] else ("updates",)),
        aliases=f["aliases"],
    )


def maintenance_from(doc: Document, c: Checker, doc_id: str, portal: Portal) -> Maintenance | None:
    update = {
        "at": Field(moment, required=True),
        "status": Field(choice(MaintenanceStatus), required=True),
        "text": Field(text, required=True),
    }
    schema = {
        "title": Field(one_line, required=True),
        "published": Field(moment, required=True),
        "start": Field(moment, required=True),
        "end": Field(moment, required=True),
        "components": Field(component_list(_component_ids(portal), portal.source), default=()),
        "updates": Field(list_of(record_of(update, "an update")), default=[]),
        "draft": Field(boolean, default=False),
        "aliases": Field(aliases, default=()),
    }
    f = c.record(doc.data, (), schema, "a maintenance window")
    if f is None:
        return None
    if ok(f["start"], f["end"]) and f["end"] <= f["start"]:
        c.report(("end",), "the window ends before it starts", "end must be later than start")
        return None
    updates = _updates(f["updates"])
    if updates is None or not ok(*f.values()):
        return None
    texts = [(("updates", n, "text"), u["text"]) for n, u in enumerate(f["updates"])]
    if not check_scripts(c, portal, texts, doc.body):
        return None
    return Maintenance(
        id=doc_id,
        title=f["title"],
        published=f["published"],
        start=f["start"],
        end=f["end"],
        components=f["components"],
        updates=tuple(
            MaintenanceUpdate(u["at"], u["status"], u["text"], n) for n, u in enumerate(updates, 1)
        ),
        draft=f["draft"],
        body=doc.body,
        source=doc.path,
        aliases=f["aliases"],
        line=doc.line(("updates",) if updates else ("end",)),
    )


def announcement_from(
    doc: Document, c: Checker, doc_id: str, portal: Portal
) -> Announcement | None:
    schema = {
        "title": Field(one_line, required=True),
        "published": Field(moment, required=True),
        "kind": Field(choice(AnnouncementKind), required=True),
        "effective": Field(day),
        "components": Field(component_list(_component_ids(portal), portal.source), default=()),
        "pinned": Field(boolean, default=False),
        "commitments": Field(list_of(record_of(COMMITMENT, "a commitment")), default=[]),
        "draft": Field(boolean, default=False),
        "aliases": Field(aliases, default=()),
    }
    f = c.record(doc.data, (), schema, "an announcement")
    if f is None:
        return None
    commitments = commitments_from(c, f["commitments"])
    if f["kind"] is AnnouncementKind.CHANGE and f["effective"] is None:
        c.report(
            (), "missing; a change needs 'effective', the date it takes effect", field="effective"
        )
        return None
    if not ok(*f.values()) or not check_scripts(c, portal, [], doc.body):
        return None
    return Announcement(
        id=doc_id,
        title=f["title"],
        published=f["published"],
        kind=f["kind"],
        effective=f["effective"],
        components=f["components"],
        pinned=f["pinned"],
        commitments=commitments,
        draft=f["draft"],
        body=doc.body,
        source=doc.path,
        aliases=f["aliases"],
    )


def page_from(doc: Document, c: Checker, doc_id: str, portal: Portal) -> StandingPage | None:
    schema = {
        "title": Field(one_line, required=True),
        "order": Field(_positive, default=1000),
        "aliases": Field(aliases, default=()),
    }
    f = c.record(doc.data, (), schema, "a page")
    if f is None or not ok(*f.values()):
        return None
    if not doc.body.strip():
        c.report((), "is empty; a page needs Markdown text below its front matter", field="body")
        return None
    if not check_scripts(c, portal, [], doc.body):
        return None
    return StandingPage(
        id=doc_id,
        title=f["title"],
        order=f["order"],
        body=doc.body,
        source=doc.path,
        aliases=f["aliases"],
    )


def _advisory(doc: Document, c: Checker, doc_id: str, portal: Portal) -> Advisory | None:
    found = advisory_from(doc, c, doc_id, portal)
    if found is None:
        return None
    texts: list[tuple[KeyPath, str]] = [
        (("updates", n, "text"), u["text"]) for n, u in enumerate(doc.data["updates"])
    ]
    texts.append((("mitigation",), found.mitigation))
    return found if check_scripts(c, portal, texts, doc.body) else None


# The model of a document of one of these kinds; a builder returns None after reporting why.
Model = Incident | Maintenance | Announcement | StandingPage | Advisory
Builder = Callable[[Document, Checker, str, Portal], Model | None]
BUILDERS: dict[str, Builder] = {
    "incidents": incident_from,
    "maintenance": maintenance_from,
    "announcements": announcement_from,
    "pages": page_from,
    "advisories": _advisory,
}
