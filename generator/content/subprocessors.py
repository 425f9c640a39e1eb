"""The subprocessor register, `content/subprocessors.yml`: who processes customers' data for
the organisation, since when, until when, and how a customer objects to a new one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.content.ids import identifier
from generator.content.schema import (
    Checker,
    Field,
    day,
    list_of,
    ok,
    one_line,
    record_of,
    text,
    url_like,
)
from generator.content.schema import positive_int as _positive
from generator.content.source import Document, KeyPath, read_yaml_file
from generator.errors import Problem

DEFAULT_NOTICE_DAYS = 30


@dataclass(frozen=True)
class Subprocessor:
    id: str
    name: str
    purpose: str
    location: str
    data: tuple[str, ...]  # the kinds of data it processes
    since: date  # when it starts (or started) processing
    announced: date | None = None  # when customers were told; None: as git first had the entry
    until: date | None = None  # when it stops
    line: int = 1  # where the entry stands in the file


@dataclass(frozen=True)
class Register:
    notice_days: int
    objection: str  # mailto: or https: — how a customer objects
    subprocessors: tuple[Subprocessor, ...]  # in file order
    source: str = "content/subprocessors.yml"


def objection(c: Checker, value: Any, path: KeyPath) -> str:
    return url_like(
        c,
        value,
        path,
        r"(mailto:[^\s@/]+@[^\s@/]+\.[^\s@/]+|https://[^/\s]+\S*)\Z",
        "a mailto: address or an https:// link",
        "mailto:privacy@example.com or https://example.com/object",
    )


ENTRY = {
    "id": Field(identifier, required=True),
    "name": Field(one_line, required=True),
    "purpose": Field(text, required=True),
    "location": Field(text, required=True),
    "data": Field(list_of(text, at_least=1, what="kind of data"), required=True),
    "since": Field(day, required=True),
    "announced": Field(day),
    "until": Field(day),
}
SCHEMA = {
    "notice_days": Field(_positive, default=DEFAULT_NOTICE_DAYS),
    "objection": Field(objection, required=True),
    "subprocessors": Field(list_of(record_of(ENTRY, "a subprocessor")), required=True),
}


def register_from(doc: Document, problems: list[Problem]) -> Register | None:
    c = Checker(doc, problems)
    f = c.record(doc.data, (), SCHEMA, "the subprocessor register")
    if f is None or not ok(*f.values()) or not all(ok(*e.values()) for e in f["subprocessors"]):
        return None
    found: list[Subprocessor] = []
    seen: dict[str, int] = {}  # id -> the line of its first entry
    for n, e in enumerate(f["subprocessors"]):
        line = doc.line(("subprocessors", n))
        if e["id"] in seen:
            c.report(
                ("subprocessors", n, "id"),
                f"'{e['id']}' is listed twice; the first is at line {seen[e['id']]}",
                "give each subprocessor its own id",
            )
            continue
        seen[e["id"]] = line
        if e["until"] is not None and e["until"] < e["since"]:
            c.report(("subprocessors", n, "until"), f"{e['until']} is before since, {e['since']}")
            continue
        if e["announced"] is not None and e["until"] is not None and e["announced"] > e["until"]:
            c.report(("subprocessors", n, "announced"), f"{e['announced']} is after until")
            continue
        found.append(
            Subprocessor(
                e["id"],
                e["name"],
                e["purpose"],
                e["location"],
                tuple(e["data"]),
                e["since"],
                e["announced"],
                e["until"],
                line,
            )
        )
    if len(found) != len(f["subprocessors"]):
        return None
    return Register(f["notice_days"], f["objection"], tuple(found), doc.path)


def read_register(content_dir: Path, problems: list[Problem]) -> Register | None:
    """The register, None without the file (or after reporting what is wrong with it)."""
    path = content_dir / "subprocessors.yml"
    if not path.exists():
        return None
    doc = read_yaml_file(path, problems)
    return None if doc is None else register_from(doc, problems)
