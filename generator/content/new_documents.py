"""New documents from the command line: an incident, a maintenance window, an announcement or
a standing page, each in a file of its own, named after its date and title, never over another."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from generator.content.checked_files import AuthoringError, check_text
from generator.content.ids import slugify
from generator.content.load import RESERVED
from generator.content.models import Portal
from generator.content.schema import iso
from generator.content.yaml_text import scalar, text_block
from generator.errors import ContentErrors


def new_path(folder: Path, stem: str) -> Path:
    """`folder/stem.md`, or `stem-2.md`, `stem-3.md`… if taken or reserved."""
    folder.mkdir(parents=True, exist_ok=True)
    reserved = RESERVED.get(folder.name, {})
    path, n = folder / f"{stem}.md", 2
    while path.exists() or path.stem in reserved:
        path, n = folder / f"{stem}-{n}.md", n + 1
    return path


def write_new(path: Path, text: str, portal: Portal) -> Path:
    """Write a new document, after checking it as `check` would: never a file the build rejects."""
    problems = check_text(text.encode("utf-8"), path, path.parent.name, portal)
    if problems:
        raise ContentErrors(problems)
    with open(path, "x", encoding="utf-8") as out:  # never overwrite
        out.write(text)
    return path


def dated_stem(title: str, now: datetime, portal: Portal) -> str:
    return f"{now.astimezone(portal.timezone):%Y-%m-%d}-{slugify(title)}"


def new_incident(
    content_dir: Path,
    portal: Portal,
    title: str,
    impact: str,
    components: dict[str, str],
    text: str | None,
    now: datetime,
) -> Path:
    names = [portal.component(cid).name for cid in components]
    if text is None:
        affected = " and ".join(names) if names else "our services"
        minutes = int(portal.update_every.total_seconds() // 60)
        text = (
            f"We are investigating problems with {affected}. "
            f"We will post an update within {minutes} minutes."
        )
    lines = ["---", f"title: {scalar(title)}", f"impact: {impact}"]
    if components:
        lines += ["components:"] + [f"  {cid}: {status}" for cid, status in components.items()]
    lines += [
        "updates:",
        f"  - at: {iso(now)}",
        "    status: investigating",
        *text_block("text", text, "    "),
    ]
    lines += ["---", ""]
    path = new_path(content_dir / "incidents", dated_stem(title, now, portal))
    return write_new(path, "\n".join(lines), portal)


def new_maintenance(
    content_dir: Path,
    portal: Portal,
    title: str,
    start: datetime,
    end: datetime,
    components: list[str],
    now: datetime,
) -> Path:
    if end <= start:
        raise AuthoringError("--end must be later than --start")
    lines = [
        "---",
        f"title: {scalar(title)}",
        f"published: {iso(now)}",
        f"start: {iso(start)}",
        f"end: {iso(end)}",
        f"components: [{', '.join(components)}]",
        "---",
        "",
        "What we will change, why, what customers will notice, and what they should do.",
        "",
    ]
    path = new_path(
        content_dir / "maintenance",
        f"{start.astimezone(portal.timezone):%Y-%m-%d}-{slugify(title)}",
    )
    return write_new(path, "\n".join(lines), portal)


def new_announcement(
    content_dir: Path, portal: Portal, title: str, kind: str, effective: date | None, now: datetime
) -> Path:
    if kind == "change" and effective is None:
        raise AuthoringError("a change needs --effective DATE, the day it takes effect")
    lines = ["---", f"title: {scalar(title)}", f"published: {iso(now)}", f"kind: {kind}"]
    if effective is not None:
        lines.append(f"effective: {effective.isoformat()}")
    lines += ["---", "", "What we decided, why, and what it means for you.", ""]
    path = new_path(content_dir / "announcements", dated_stem(title, now, portal))
    return write_new(path, "\n".join(lines), portal)


def new_page(content_dir: Path, portal: Portal, title: str, order: int) -> Path:
    lines = [
        "---",
        f"title: {scalar(title)}",
        f"order: {order}",
        "---",
        "",
        f"How we approach {' '.join(title.split()).lower()}.",
        "",
    ]
    return write_new(new_path(content_dir / "pages", slugify(title)), "\n".join(lines), portal)
