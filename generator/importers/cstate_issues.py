"""One cState issue as an Openbook incident, maintenance window or notice: its updates from the
body, its components from `affected`, its old address as an alias, every guess reported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.content.source import Document, read_front_matter
from generator.errors import Problem
from generator.importers import markup
from generator.importers.cstate import Site
from generator.importers.cstate_body import Parsed, parse_time, split_body
from generator.importers.names import Aliases, hugo_segment, readable
from generator.importers.output import Report, Writer, front_matter, looks_like_a_name, stamp

SEVERITY = {  # cState severity -> (impact, component status), as Statuspage ranks them
    "down": ("critical", "major_outage"),
    "disrupted": ("major", "partial_outage"),
    "notice": ("minor", "degraded_performance"),
}
KNOWN = {"title", "date", "resolved", "resolvedwhen", "severity", "affected", "informational"}
IGNORED = {"section", "draft", "pin"}  # used, or meaningless outside cState
MAINTENANCE = re.compile(r"maint|scheduled|planned|upgrade|migration|wartung", re.I)
NEUTRAL = {
    "investigating": "This issue was reported.",
    "resolved": "This issue has been resolved.",
}


@dataclass
class Issue:
    """What one issue's file says, read once, for the builder of its kind."""

    path: Path
    doc: Document
    data: dict  # front matter with lower-cased keys, as Hugo reads them
    title: str
    started: datetime
    components: list[str]
    parsed: Parsed
    body: str
    alias: str

    @property
    def shown(self) -> str:
        return self.doc.path


def read_issue(path: Path, site: Site, zone: ZoneInfo, writer: Writer, report: Report) -> None:
    problems: list[Problem] = []
    doc = read_front_matter(path, problems)
    if doc is None:
        for p in problems:
            report.problem(p.path, p.line, f"not imported: {p.message}")
        report.counts["skipped"] += 1
        return
    shown, data = doc.path, {str(k).lower(): v for k, v in doc.data.items()}
    title = " ".join(str(data.get("title") or "").split()) or path.stem
    started = parse_time(data.get("date"), zone)
    if started is None:
        report.problem(
            shown, doc.line(("date",)), f"not imported: no readable date ({data.get('date')!r})"
        )
        report.counts["skipped"] += 1
        return
    if data.get("draft") is True:
        report.note(shown, 1, "a draft in cState; imported as a draft")
    components, unlinked = _components(doc, data, site, report)

    def guess_at(first: int) -> markup.Guess:
        return lambda offset, message: report.guess(shown, first + offset, message)

    parsed = split_body(markup.convert(doc.body, guess_at(doc.body_line)), doc.body_line, zone)
    if unlinked:
        listed = "Affected, as cState listed it: " + "; ".join(unlinked)
        parsed.report.append(markup.convert(listed, guess_at(doc.line(("affected",)))))
    report.counts["updates from timestamps"] += len(parsed.updates)
    issue = Issue(path, doc, data, title, started, components, parsed, "", "")
    issue.body = _body(issue)
    issue.alias = _alias(path, site.aliases, shown, report)
    kind = _kind(data, title)
    if kind == "announcements":
        _notice(issue, writer, report)
    elif kind == "maintenance":
        _maintenance(issue, zone, writer, report)
    else:
        _incident(issue, zone, writer, report)


def _body(issue: Issue) -> str:
    """The report: untimed paragraphs, then front matter without a place in Openbook."""
    body = "\n\n".join(issue.parsed.report)
    extra = {k: v for k, v in issue.doc.data.items() if str(k).lower() not in KNOWN | IGNORED}
    if extra:
        kept = front_matter(extra).strip()
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", kept)), default=0))
        note = "<!-- Imported from cState: fields without a place in Openbook -->"
        body += f"\n\n{note}\n{fence}yaml\n{kept}\n{fence}"
    return body


def _alias(path: Path, aliases: Aliases, shown: str, report: Report) -> str:
    """The issue's address on the cState site, kept as an alias if it can be one."""
    alias, why = Aliases.path("issues", hugo_segment(path.stem))
    if alias is None:
        report.note(shown, 1, f"its old address cannot be kept as an alias: {why}")
        return ""
    if not aliases.claim(alias):
        report.note(shown, 1, f"its old address {alias} is another file's too; not kept")
        return ""
    return alias


def _kind(data: dict, title: str) -> str:
    if data.get("informational") is True:
        return "announcements"
    if MAINTENANCE.search(title):
        return "maintenance"
    return "incidents"


def _components(doc: Document, data: dict, site: Site, report: Report) -> tuple[list, list]:
    """The ids of the systems an issue names; new components for names that are not systems
    but look like names; the rest reported."""
    affected = data.get("affected") or []
    if not isinstance(affected, list):
        affected = [affected] if isinstance(affected, (str, int, float)) else []
    found, unlinked = [], []
    by_slug = {readable(known): cid for known, cid in site.names.items()}
    for i, name in enumerate(affected):
        name = " ".join(str(name).split()) if name is not None else ""
        line = doc.line(("affected", i) if ("affected", i) in doc.lines else ("affected",))
        if not name:
            continue
        if name in site.names:
            found.append(site.names[name])
        elif readable(name) and readable(name) in by_slug:
            found.append(by_slug[readable(name)])
            report.guess(
                doc.path, line, f"{name!r} taken as the system {by_slug[readable(name)]!r}"
            )
        elif looks_like_a_name(name):
            cid = site.ids.make("components", name, fallback="component")
            site.names[name] = cid
            site.components.append({"id": cid, "name": name})
            report.counts["components created"] += 1
            report.guess(
                doc.path, line, f"{name!r} is not a system in config.yml; made it a component"
            )
            found.append(cid)
        else:
            report.problem(
                doc.path,
                line,
                f"affected: {name!r} is not a component name; not linked "
                "(the text stays in the report)",
            )
            unlinked.append(name)
    return list(dict.fromkeys(found)), unlinked


def _incident(issue: Issue, zone: ZoneInfo, writer: Writer, report: Report) -> None:
    doc, data, shown = issue.doc, issue.data, issue.shown
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
    timed = sorted(issue.parsed.updates, key=lambda u: u[0])
    if not timed or timed[0][0] > issue.started:
        updates.append(
            {
                "at": stamp(issue.started),
                "status": "investigating",
                "text": NEUTRAL["investigating"],
            }
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
            when = timed[-1][0] if timed else issue.started  # the last update's time
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
    front: dict[str, object] = {
        "title": issue.title,
        "impact": impact,
        "components": {cid: status for cid in issue.components},
        "updates": updates,
        **({"aliases": [issue.alias]} if issue.alias else {}),
    }
    if data.get("draft") is True:
        front["draft"] = True
    ident = writer.unique_id("incidents", issue.path.stem, issue.title)
    writer.document("incidents", ident, front, issue.body, shown)
    report.counts["incidents"] += 1


def _maintenance(issue: Issue, zone: ZoneInfo, writer: Writer, report: Report) -> None:
    doc, shown, started = issue.doc, issue.shown, issue.started
    end = parse_time(issue.data.get("resolvedwhen"), zone)
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
    for at, said, text, _ in sorted(issue.parsed.updates, key=lambda u: u[0]):
        status = {"resolved": "completed", None: "in_progress"}.get(said, "in_progress")
        updates.append({"at": stamp(at), "status": status, "text": text or issue.title})
    if issue.data.get("resolved") is True and not any(u["status"] == "completed" for u in updates):
        updates.append({"at": stamp(end), "status": "completed", "text": NEUTRAL["resolved"]})
    front = {
        "title": issue.title,
        "published": stamp(started),
        "start": stamp(started),
        "end": stamp(end),
        "components": issue.components,
        "updates": updates,
        **({"aliases": [issue.alias]} if issue.alias else {}),
    }
    ident = writer.unique_id("maintenance", issue.path.stem, issue.title)
    writer.document("maintenance", ident, front, issue.body, shown)
    report.counts["maintenance"] += 1


def _notice(issue: Issue, writer: Writer, report: Report) -> None:
    texts = [text for _, _, text, _ in sorted(issue.parsed.updates, key=lambda u: u[0])]
    front: dict[str, object] = {
        "title": issue.title,
        "published": stamp(issue.started),
        "kind": "notice",
        "components": issue.components,
        **({"aliases": [issue.alias]} if issue.alias else {}),
    }
    if issue.data.get("pin") is True:
        front["pinned"] = True
    body = "\n\n".join([*texts, issue.body]).strip() or issue.title
    ident = writer.unique_id("announcements", issue.path.stem, issue.title)
    writer.document("announcements", ident, front, body, issue.shown)
    report.counts["announcements"] += 1
