"""`openbook import cstate PATH`: a cState site (Hugo) as Openbook content.

cState keeps its systems and categories in `config.yml` and each issue in
`content/issues/*.md`: front matter (`title`, `date`, `resolved`, `resolvedWhen`, `severity`,
`affected`, `informational`, …) and a Markdown body in which authors mark updates with the
`{{< track "2018-06-13 12:00:00" >}}` shortcode and emphasised words (`*Resolved* -`,
`**Update** -`). Every sentence is kept: timed paragraphs become updates, the rest stays in
the report; front matter without a place in Openbook is kept, verbatim, at the report's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from generator.content.settings import slugify
from generator.content.source import display_path, read_front_matter, read_yaml_file
from generator.errors import OpenbookError, Problem
from generator.importers.output import Report, Writer, front_matter, looks_like_a_name, stamp

SEVERITY = {  # cState severity -> (impact, component status), as Statuspage ranks them
    "down": ("critical", "major_outage"),
    "disrupted": ("major", "partial_outage"),
    "notice": ("minor", "degraded_performance"),
}
KNOWN = {"title", "date", "resolved", "resolvedwhen", "severity", "affected", "informational"}
IGNORED = {"section", "draft", "pin"}  # used, or meaningless outside cState
STATUS_WORDS = {
    "resolved": "resolved",
    "fixed": "resolved",
    "monitoring": "monitoring",
    "identified": "identified",
    "mitigating": "identified",
    "mitigated": "monitoring",
    "investigating": "investigating",
    "update": None,  # keeps the status before it
    "updated": None,
    "pending": None,
    "initial": "investigating",  # [Initial Message]
    "final": "resolved",  # [Final Message]
}
TRACK = re.compile(r"\{\{<\s*h?track\s+\"([^\"]+)\"\s*>\}\}")
MARKER = re.compile(
    r"^\s*(?:[-*]\s+)?[*_]{0,3}\s*([A-Za-z][A-Za-z ]{1,30}?)\s*[-:–—]?\s*[*_]{0,3}\s*[-:–—]+\s*"
    r"|^\s*[*_]{1,3}\s*([A-Za-z][A-Za-z ]{1,30}?)\s*[-:–—]?\s*[*_]{1,3}\s*"
    r"|^\s*[*_]{0,3}\\?\[\s*([A-Za-z][A-Za-z ]{1,30}?)\s*\\?\][*_]{0,3}\s*[-:–—]?\s*",
)
LIST_ITEM = re.compile(r"^\s{0,3}[-*+]\s+")
INLINE_TIME = re.compile(
    r"[(\[]?\s*(\d{4}-\d\d-\d\d[ T]\d{1,2}:\d\d(?::\d\d)?(?:\s*(?:UTC|Z|[+-]\d\d:?\d\d))?)\s*[)\]]?"
)
MAINTENANCE = re.compile(r"maint|scheduled|planned|upgrade|migration|wartung", re.I)
NEUTRAL = {
    "investigating": "This issue was reported.",
    "resolved": "This issue has been resolved.",
}


@dataclass
class Parsed:
    """One issue's body, split into timed updates and what stays in the report."""

    updates: list[tuple[datetime, str | None, str, int]] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def parse_time(value, zone: ZoneInfo) -> datetime | None:
    """A cState time: YAML's own, or text such as `2018-04-13 15:54:00`, with or without a zone;
    without one it is in `zone`."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=zone)
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace(" UTC", "Z").replace("Z", "+00:00")
        text = re.sub(r"T(\d):", r"T0\1:", text)  # Hugo accepts single-digit hours
        text = re.sub(r"^(\d{4}-\d\d-\d\d) (\d)", r"\1T\2", text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC).replace(microsecond=0)  # Openbook's times are to the second


def split_body(body: str, first_line: int, zone: ZoneInfo) -> Parsed:
    """Paragraphs (and list items) with a time become updates, with the status their marker
    names; every other paragraph stays in the report, in its place. A time is a `track`
    shortcode anywhere, or a date and time written at the start (`* **UPDATE** (2021-01-19
    12:00 UTC) - …`, `**2020-05-22T22:55:00+05:00 Issue Resolved:** …`)."""
    parsed = Parsed()
    line = first_line
    for paragraph in re.split(r"\n\s*\n", body.replace("\ufeff", "")):
        here = line + len(re.match(r"\n*", paragraph).group(0))
        line += paragraph.count("\n") + 2
        kept = []
        for offset, item in _items(paragraph.strip("\n")):
            update = _timed(item, zone)
            if update is None:
                kept.append(item)
            else:
                parsed.updates.append((*update, here + offset))
        if kept:
            parsed.report.append("\n".join(kept))
    return parsed


def _items(paragraph: str) -> list[tuple[int, str]]:
    """A list's items one by one (with their line offsets); any other paragraph whole."""
    lines = paragraph.split("\n")
    if not all(LIST_ITEM.match(x) or x.startswith((" ", "\t")) for x in lines):
        return [(0, paragraph)]
    items: list[tuple[int, list[str]]] = []
    for n, text in enumerate(lines):
        if LIST_ITEM.match(text) or not items:
            items.append((n, [text]))
        else:
            items[-1][1].append(text)
    return [(n, "\n".join(block)) for n, block in items]


def _timed(item: str, zone: ZoneInfo) -> tuple[datetime, str | None, str] | None:
    found = TRACK.search(item)
    if found:
        moment, text = parse_time(found.group(1), zone), TRACK.sub("", item)
    else:
        head = LIST_ITEM.sub("", item, count=1)[:80]
        written = INLINE_TIME.search(head)
        if written is None:
            return None
        moment = parse_time(written.group(1), zone)
        text = LIST_ITEM.sub("", item, count=1).replace(written.group(0), "", 1)
    if moment is None:
        return None
    text = LIST_ITEM.sub("", text.strip(), count=1)
    status = None
    marker = MARKER.match(text)
    if marker:
        words = next(g for g in marker.groups() if g).strip().lower().split()
        said = [STATUS_WORDS[w] for w in words if w in STATUS_WORDS]
        if said:
            status = said[-1]
            text = re.sub(r"^[\s*_]*[-–—:]*\s*", "", text[marker.end() :])  # the marker's rest
    text = re.sub(r"^\s*[-–—:]+\s*", "", re.sub(r"\s*\(\s*\)\s*$", "", text)).strip()
    return moment, status, text


@dataclass
class Site:
    title: str
    url: str
    groups: list[dict]
    components: list[dict]
    names: dict[str, str]  # cState system name -> component id


def read_config(root: Path, report: Report) -> Site:
    config = next((root / n for n in ("config.yml", "config.yaml") if (root / n).is_file()), None)
    if config is None:
        raise OpenbookError(f"{root}: no config.yml here; PATH is the cState site's folder")
    problems: list[Problem] = []
    doc = read_yaml_file(config, problems)
    if doc is None:
        raise OpenbookError("\n".join(str(p) for p in problems))
    params = doc.data.get("params") or {}
    groups, seen = [], set()
    for category in params.get("categories") or []:
        name = str(category.get("name") or "").strip()
        if name and slugify(name) not in seen:
            seen.add(slugify(name))
            groups.append({"id": slugify(name), "name": name})
    components, names = [], {}
    for i, system in enumerate(params.get("systems") or []):
        name = str(system.get("name") or "").strip()
        if not name:
            report.problem(doc.path, doc.line(("params", "systems", i)), "a system without a name")
            continue
        cid = _unique(slugify(name), names.values())
        names[name] = cid
        entry = {"id": cid, "name": name}
        if slugify(str(system.get("category") or "")) in seen:
            entry["group"] = slugify(str(system["category"]))
        if system.get("description"):
            entry["description"] = str(system["description"]).strip()
        components.append(entry)
    url = str(doc.data.get("baseURL") or doc.data.get("baseurl") or "")
    if not re.match(r"https?://[^/\s]+", url):
        report.guess(
            doc.path,
            doc.line(("baseURL",)),
            f"no absolute baseURL ({url!r}); "
            "url set to https://status.example.com/ — change it in portal.yml",
        )
        url = "https://status.example.com/"
    report.counts["systems"] = len(components)
    return Site(str(doc.data.get("title") or "Status"), url, groups, components, names)


def _unique(wanted: str, taken) -> str:
    taken = set(taken)
    candidate, n = wanted or "component", 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def import_cstate(root: Path, out: Path, zone_name: str = "UTC") -> Report:
    """Read the cState site at `root`, write Openbook content into `out`; the report says
    what was made and every guess."""
    zone = ZoneInfo(zone_name)
    report = Report(kind="cstate")
    site = read_config(root, report)
    writer = Writer(out)
    issues = sorted((root / "content" / "issues").glob("*.md"))
    if not issues:
        raise OpenbookError(f"{root}/content/issues: no issues (*.md) to import")
    for path in issues:
        report.counts["files"] += 1
        _issue(path, site, zone, writer, report)
    if site.components == []:
        site.components.append({"id": "service", "name": "Service"})
        report.guess(display_path(root), 1, "no systems in config.yml; added one component")
    portal = {
        "title": site.title,
        "url": site.url.rstrip("/") + "/",
        "timezone": zone_name,
        **({"groups": site.groups} if site.groups else {}),
        "components": site.components,
    }
    writer.portal(portal, f"# Imported from the cState site at {display_path(root)}.\n")
    writer.commit()
    return report


def _issue(path: Path, site: Site, zone: ZoneInfo, writer: Writer, report: Report) -> None:
    problems: list[Problem] = []
    doc = read_front_matter(path, problems)
    if doc is None:
        for p in problems:
            report.problem(p.path, p.line, f"not imported: {p.message}")
        report.counts["skipped"] += 1
        return
    shown, data = doc.path, {str(k).lower(): v for k, v in doc.data.items()}
    title = str(data.get("title") or "").strip() or path.stem
    started = parse_time(data.get("date"), zone)
    if started is None:
        report.problem(
            shown, doc.line(("date",)), f"not imported: no readable date ({data.get('date')!r})"
        )
        report.counts["skipped"] += 1
        return
    if data.get("draft") is True:
        report.lines.append(f"{shown}:1: a draft in cState; imported as a draft")
    components, unlinked = _components(doc, data, site, writer, report)
    parsed = split_body(doc.body, doc.body_line, zone)
    if unlinked:
        parsed.report.append("Affected, as cState listed it: " + "; ".join(unlinked))
    extra = {k: v for k, v in doc.data.items() if str(k).lower() not in KNOWN | IGNORED}
    alias = "/issues/" + quote(path.stem.lower(), safe="-._~") + "/"
    report.counts["updates from timestamps"] += len(parsed.updates)
    kind = _kind(data, title)
    body = "\n\n".join(parsed.report)
    if extra:
        kept = front_matter(extra).strip()
        note = "<!-- Imported from cState: fields without a place in Openbook -->"
        body += f"\n\n{note}\n```yaml\n{kept}\n```"
    if kind == "announcements":
        _notice(path, data, title, started, components, parsed, body, alias, writer, report, shown)
    elif kind == "maintenance":
        _maintenance(
            path, doc, data, title, started, components, parsed, body, alias, zone, writer, report
        )
    else:
        _incident(
            path, doc, data, title, started, components, parsed, body, alias, zone, writer, report
        )


def _kind(data: dict, title: str) -> str:
    if data.get("informational") is True:
        return "announcements"
    if MAINTENANCE.search(title):
        return "maintenance"
    return "incidents"


def _components(doc, data, site: Site, writer, report: Report) -> list[str]:
    """The ids of the systems an issue names; new components for names that are not systems
    but look like names; the rest reported."""
    affected = data.get("affected") or []
    if isinstance(affected, str):
        affected = [affected]
    found, unlinked = [], []
    by_slug = {slugify(known): cid for known, cid in site.names.items()}
    for i, name in enumerate(affected):
        name = str(name).strip()
        where = (
            doc.line(("affected", i)) if ("affected", i) in doc.lines else doc.line(("affected",))
        )
        if name in site.names:
            found.append(site.names[name])
        elif slugify(name) in by_slug:
            found.append(by_slug[slugify(name)])
            report.guess(
                doc.path, where, f"{name!r} taken as the system {by_slug[slugify(name)]!r}"
            )
        elif looks_like_a_name(name):
            cid = _unique(slugify(name), site.names.values())
            site.names[name] = cid
            site.components.append({"id": cid, "name": name})
            report.counts["components created"] += 1
            report.guess(
                doc.path, where, f"{name!r} is not a system in config.yml; made it a component"
            )
            found.append(cid)
        else:
            report.problem(
                doc.path,
                where,
                f"affected: {name!r} is not a component name; not linked "
                "(the text stays in the report)",
            )
            unlinked.append(name)
    return list(dict.fromkeys(found)), unlinked


def _incident(
    path, doc, data, title, started, components, parsed, body, alias, zone, writer, report
) -> None:
    shown = doc.path
    impact, status = SEVERITY.get(str(data.get("severity") or "").lower(), (None, None))
    if impact is None:
        impact, status = "minor", "degraded_performance"
        report.guess(
            shown,
            doc.line(("severity",)),
            f"severity {data.get('severity')!r} is not down, disrupted or notice; impact minor",
        )
    updates = []
    phase = "investigating"
    timed = sorted(parsed.updates, key=lambda u: u[0])
    if not timed or timed[0][0] > started:
        updates.append(
            {"at": stamp(started), "status": "investigating", "text": NEUTRAL["investigating"]}
        )
        report.guess(
            shown, doc.line(("date",)), "no update at the start; wrote a neutral first update"
        )
    for at, said, text, line in timed:
        phase = said or (phase if updates else "investigating")
        if not text:
            text = NEUTRAL.get(phase, "An update without words.")
            report.guess(shown, line, "an update without words; wrote a neutral sentence")
        updates.append({"at": stamp(at), "status": phase, "text": text})
    resolved = data.get("resolved")
    if resolved is None and phase != "resolved":
        # cState counts only `resolved: false` as ongoing; without the key nothing is affected.
        resolved = True
        report.guess(shown, 1, "no `resolved:`; cState does not show it as ongoing, so resolved")
    if resolved is True and phase != "resolved":
        when = parse_time(data.get("resolvedwhen"), zone)
        if when is None:
            when = max(parse_time(u["at"], zone) for u in updates)
            report.guess(
                shown,
                doc.line(("resolved",)),
                "resolved without resolvedWhen; resolved at its last update",
            )
        updates.append({"at": stamp(when), "status": "resolved", "text": NEUTRAL["resolved"]})
        report.guess(
            shown,
            doc.line(("resolvedWhen",)) if "resolvedWhen" in doc.data else doc.line(("resolved",)),
            "resolved without words; wrote a neutral sentence",
        )
    front = {
        "title": title,
        "impact": impact,
        "components": {cid: status for cid in components},
        "updates": updates,
        "aliases": [alias],
    }
    if data.get("draft") is True:
        front["draft"] = True
    writer.document("incidents", writer.unique_id("incidents", path.stem), front, body)
    report.counts["incidents"] += 1


def _maintenance(
    path, doc, data, title, started, components, parsed, body, alias, zone, writer, report
) -> None:
    shown = doc.path
    end = parse_time(data.get("resolvedwhen"), zone)
    if end is None or end <= started:
        end = started + timedelta(hours=1)
        report.guess(
            shown,
            doc.line(("date",)),
            "maintenance without a later resolvedWhen; the window is one hour",
        )
    report.guess(
        shown,
        doc.line(("title",)),
        "the title reads like maintenance; imported as a maintenance window",
    )
    updates = []
    for at, said, text, _ in sorted(parsed.updates, key=lambda u: u[0]):
        status = {"resolved": "completed", None: "in_progress"}.get(said, "in_progress")
        updates.append({"at": stamp(at), "status": status, "text": text or title})
    if data.get("resolved") is True and not any(u["status"] == "completed" for u in updates):
        updates.append({"at": stamp(end), "status": "completed", "text": NEUTRAL["resolved"]})
    front = {
        "title": title,
        "published": stamp(started),
        "start": stamp(started),
        "end": stamp(end),
        "components": components,
        "updates": updates,
        "aliases": [alias],
    }
    writer.document("maintenance", writer.unique_id("maintenance", path.stem), front, body or title)
    report.counts["maintenance"] += 1


def _notice(
    path, data, title, started, components, parsed, body, alias, writer, report, shown
) -> None:
    texts = [text for _, _, text, _ in sorted(parsed.updates, key=lambda u: u[0])]
    front = {
        "title": title,
        "published": stamp(started),
        "kind": "notice",
        "components": components,
        "aliases": [alias],
    }
    if data.get("pin") is True:
        front["pinned"] = True
    writer.document(
        "announcements",
        writer.unique_id("announcements", path.stem),
        front,
        "\n\n".join([*texts, body]).strip() or title,
    )
    report.counts["announcements"] += 1
