"""`openbook import cstate PATH`: a cState site (Hugo) as Openbook content.

cState keeps its systems and categories in `config.yml` and each issue in
`content/issues/*.md`: front matter (`title`, `date`, `resolved`, `resolvedWhen`, `severity`,
`affected`, `informational`, …) and a Markdown body in which authors mark updates with the
`{{< track "2018-06-13 12:00:00" >}}` shortcode and emphasised words (`*Resolved* -`,
`**Update** -`). Every sentence is kept: timed paragraphs become updates, the rest stays in
the report; front matter without a place in Openbook is kept, verbatim, at the report's end.

Only files inside PATH are read: a link (to a file or a folder) that leads outside it is
reported and left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.content.source import display_path, read_yaml_file
from generator.errors import OpenbookError, Problem
from generator.importers.names import Aliases, Ids
from generator.importers.output import Report, Writer


@dataclass
class Site:
    title: str
    url: str
    groups: list[dict]
    components: list[dict]
    names: dict[str, str]  # cState system name -> component id
    ids: Ids
    aliases: Aliases


def inside(root: Path, path: Path, report: Report) -> bool:
    """Whether `path` (a file or a folder) really lies inside the site at `root`, links
    followed; one that leads outside is reported."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop of links
        report.problem(display_path(path), 1, "not imported: a link that leads nowhere")
        return False
    if real.is_relative_to(root.resolve()):
        return True
    report.problem(display_path(path), 1, "not imported: a link to a place outside the cState site")
    return False


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value)


def read_config(root: Path, report: Report) -> Site:
    config = next((root / n for n in ("config.yml", "config.yaml") if (root / n).is_file()), None)
    if config is None:
        raise OpenbookError(f"{root}: no config.yml here; PATH is the cState site's folder")
    if not inside(root, config, Report()):
        raise OpenbookError(f"{config}: a link to a place outside the cState site; not read")
    problems: list[Problem] = []
    doc = read_yaml_file(config, problems)
    if doc is None:
        raise OpenbookError("\n".join(str(p) for p in problems))
    params = doc.data.get("params") if isinstance(doc.data.get("params"), dict) else {}
    ids = Ids()
    groups, group_ids = [], {}
    for category in _listed(params.get("categories")):
        name = _text(category.get("name"))
        if name and name.lower() not in group_ids:
            group_ids[name.lower()] = ids.make("groups", name, fallback="group")
            groups.append({"id": group_ids[name.lower()], "name": name})
    components, names = [], {}
    for i, system in enumerate(_listed(params.get("systems"))):
        name = _text(system.get("name"))
        if not name:
            report.problem(doc.path, doc.line(("params", "systems", i)), "a system without a name")
            continue
        names[name] = ids.make("components", name, fallback="component")
        entry = {"id": names[name], "name": name}
        group = group_ids.get(_text(system.get("category")).lower())
        if group:
            entry["group"] = group
        if _text(system.get("description")):
            entry["description"] = _text(system.get("description"))
        components.append(entry)
    url = _text(doc.data.get("baseURL") or doc.data.get("baseurl"))
    if not re.match(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9\-._~%/]*)?\Z", url):
        report.guess(
            doc.path,
            doc.line(("baseURL",)),
            f"no plain absolute baseURL ({url!r}); "
            "url set to https://status.example.com/ — change it in portal.yml",
        )
        url = "https://status.example.com/"
    report.counts["systems"] = len(components)
    title = _text(doc.data.get("title")) or "Status"
    return Site(title, url, groups, components, names, ids, Aliases())


def _listed(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def issue_files(root: Path, report: Report) -> list[Path]:
    """The issues' files, each inside the site; none is an error."""
    folder = root / "content" / "issues"
    if not folder.is_dir():
        raise OpenbookError(f"{root}/content/issues: no issues (*.md) to import")
    for part in (root / "content", folder):
        if not inside(root, part, Report()):
            raise OpenbookError(f"{part}: a link to a place outside the cState site; not read")
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".md" or not (path.is_file() or path.is_symlink()):
            continue
        if inside(root, path, report) and path.is_file():
            found.append(path)
        else:
            report.counts["skipped"] += 1
    if not found:
        raise OpenbookError(f"{root}/content/issues: no issues (*.md) to import")
    return found


def import_cstate(root: Path, out: Path, zone_name: str = "UTC") -> Report:
    """Read the cState site at `root`, write Openbook content into `out`; the report says
    what was made and every guess."""
    from generator.importers.cstate_issues import read_issue

    zone = ZoneInfo(zone_name)
    report = Report(kind="cstate")
    site = read_config(root, report)
    writer = Writer(out)
    for path in issue_files(root, report):
        report.counts["files"] += 1
        read_issue(path, site, zone, writer, report)
    if site.components == []:
        site.components.append({"id": site.ids.make("components", "service"), "name": "Service"})
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
