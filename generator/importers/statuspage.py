"""`openbook import statuspage SOURCE`: a Statuspage page (or any page that speaks its public
API v2, Openbook's own included) as Openbook content.

SOURCE is a folder of saved API documents (`summary.json`, `components.json`,
`incidents.json`, `scheduled-maintenances.json`) or the page's address, from which the same
documents are fetched under `api/v2/`. Components, groups, incidents with their updates and
affected components, and maintenance windows map one to one; what is in several documents
(`summary.json` repeats the others in part) is read once, and what is in only one is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.content.portal_values import absolute_url
from generator.content.schema import Checker, Invalid
from generator.content.source import Document
from generator.errors import OpenbookError
from generator.importers import download
from generator.importers.jsonshape import Errors, Node, parse
from generator.importers.names import Aliases, Ids
from generator.importers.output import Report, Writer

DOCUMENTS = ("summary", "components", "incidents", "scheduled-maintenances")


@dataclass
class Limits:
    """How much of a page's address may be read: bytes per document, seconds in all."""

    max_bytes: int = download.MAX_BYTES
    seconds: float = download.TIMEOUT


def read_documents(source: str, limits: Limits, errors: Errors) -> dict[str, Node]:
    """The API documents, from a folder or from a page's address; summary.json must be there."""
    found: dict[str, Node] = {}
    if re.match(r"https?://", source, re.I):
        with download.Download(limits.max_bytes, limits.seconds) as session:
            for name in DOCUMENTS:
                url = source.rstrip("/") + f"/api/v2/{name}.json"
                data = session.get(url, optional=name != "summary")
                if data is not None:
                    found[name] = parse(data, f"{name}.json", errors)
        return found
    for name in DOCUMENTS:
        path = Path(source) / f"{name}.json"
        if not path.is_file():
            if name == "summary":
                raise OpenbookError(
                    f"{source}: no summary.json here; SOURCE is a folder of "
                    "saved API v2 documents or the page's address"
                )
            continue
        if path.stat().st_size > limits.max_bytes:
            raise OpenbookError(
                f"{path}: larger than {limits.max_bytes:,} bytes; allow more with --max-bytes N"
            )
        found[name] = parse(path.read_bytes(), str(path), errors)
    return found


@dataclass
class Page:
    """What the documents say, read once: ids given, components known, items to write."""

    report: Report
    ids: Ids = field(default_factory=Ids)
    components: dict[str, str] = field(default_factory=dict)  # Statuspage id -> Openbook id
    groups: list[dict] = field(default_factory=list)
    listed: list[dict] = field(default_factory=list)  # portal.yml's components


def import_statuspage(source: str, out: Path, limits: Limits | None = None) -> Report:
    from generator.importers.statuspage_items import incidents, maintenances

    errors = Errors()
    documents = read_documents(source, limits or Limits(), errors)
    report = Report(kind="statuspage")
    page = Page(report)
    summary = documents["summary"]
    _components(page, [documents.get("components"), summary])
    writer = Writer(out, ids=page.ids)
    written = incidents(page, _all(documents, "incidents", "incidents"))
    written += maintenances(
        page, _all(documents, "scheduled-maintenances", "scheduled_maintenances")
    )
    portal = _portal(page, summary["page"].object(), source)
    errors.raise_if_any()
    aliases = Aliases({f"/incidents/{d.ident}/" for d in written if d.kind == "incidents"})
    for item in written:
        if item.alias and not aliases.claim(item.alias):
            report.note(item.where, None, f"the old address {item.alias} is taken; not kept")
        elif item.alias:
            item.front["aliases"] = [item.alias]
        writer.document(item.kind, item.ident, item.front, item.body, item.where)
    writer.portal(portal, f"# Imported from the Statuspage API of {source}.\n", source)
    writer.commit()
    return report


def _all(documents: dict[str, Node], name: str, key: str) -> list[Node]:
    """The items of `name`.json, then those only summary.json has (its open incidents and
    coming maintenance), each id once."""
    main = documents.get(name)
    out = main[key].items() if main is not None else []
    seen = {item["id"].key() for item in out} - {""}
    return out + [i for i in documents["summary"][key].items() if i["id"].key() not in seen]


def _components(page: Page, documents: list[Node | None]) -> None:
    """Groups and components from components.json and summary.json, each id once, in
    Statuspage's order; a component whose group is in neither is kept without one."""
    entries: dict[str, Node] = {}
    for document in documents:
        for entry in document["components"].items() if document is not None else []:
            key = entry["id"].key()
            if not key:
                name = entry["name"].text().strip()
                page.report.problem(
                    entry.where, None, f"not imported: a component without an id ({name!r})"
                )
                continue
            if key in entries and entries[key].file == entry.file:
                page.report.problem(
                    entry.where, None, f"not imported: the component id {key!r} is listed twice"
                )
            entries.setdefault(key, entry)
    ordered = sorted(entries.items(), key=lambda kv: kv[1]["position"].number())
    group_ids = {}
    for key, entry in ordered:
        if entry["group"].flag():
            name = entry["name"].text().strip() or key
            group_ids[key] = page.ids.make("components", kept_id(key), name, fallback="group")
            page.groups.append({"id": group_ids[key], "name": name})
    for key, entry in ordered:
        if entry["group"].flag():
            continue
        name = entry["name"].text().strip() or key
        cid = page.ids.make("components", kept_id(key), name, fallback="component")
        page.components[key] = cid
        item = {"id": cid, "name": name}
        group = entry["group_id"].key()
        if group and group in group_ids:
            item["group"] = group_ids[group]
        elif group:
            page.report.note(
                entry.where,
                None,
                f"{name!r} belongs to the group {group!r}, which no document describes; "
                "kept without a group",
            )
        description = entry["description"].text().strip()
        if description:
            item["description"] = description
        page.listed.append(item)
    page.report.counts["components"] = len(page.listed)


RANDOM = re.compile(r"(?=.*\d)(?=.*[a-z])[a-z0-9]{12}\Z")  # Statuspage's generated ids


def kept_id(source_id: str) -> str:
    """A Statuspage id worth keeping as the Openbook id: readable, not generated."""
    return "" if RANDOM.match(source_id) else source_id


def _portal(page: Page, info: Node, source: str) -> dict:
    zone = info["time_zone"].text().strip() or "UTC"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        page.report.guess(info["time_zone"].where, None, f"time zone {zone!r} unknown; UTC")
        zone = "UTC"
    url = info["url"].text().strip()
    try:
        url = absolute_url(Checker(Document("portal.yml", None), []), url, ("url",))
    except Invalid:
        page.report.guess(
            info["url"].where,
            None,
            f"{url!r} is not a plain http(s) address; url set to https://status.example.com/ "
            "— change it in portal.yml",
        )
        url = "https://status.example.com/"
    if not page.listed:
        page.listed.append({"id": page.ids.make("components", "service"), "name": "Service"})
        page.report.guess(source, None, "no components; added one")
    return {
        "title": info["name"].text().strip() or "Status",
        "url": url,
        "timezone": zone,
        **({"groups": page.groups} if page.groups else {}),
        "components": page.listed,
    }
