"""The body of a cState issue: paragraphs and list items with a time (a `track` shortcode, or a
date written at the start) become updates, with the status their marker names (`*Resolved* -`,
`**Update** -`, `[Final Message]`); every other paragraph stays in the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

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


@dataclass
class Parsed:
    """One issue's body, split into timed updates and what stays in the report."""

    updates: list[tuple[datetime, str | None, str, int]] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


def parse_time(value: object, zone: ZoneInfo) -> datetime | None:
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
    try:
        return moment.astimezone(UTC).replace(microsecond=0)  # Openbook's times are to the second
    except OverflowError:  # the first or last days of year 1 or 9999, in another zone
        return None


def split_body(body: str, first_line: int, zone: ZoneInfo) -> Parsed:
    """Paragraphs (and list items) with a time become updates, with the status their marker
    names; every other paragraph stays in the report, in its place. A time is a `track`
    shortcode anywhere, or a date and time written at the start (`* **UPDATE** (2021-01-19
    12:00 UTC) - …`, `**2020-05-22T22:55:00+05:00 Issue Resolved:** …`)."""
    parsed = Parsed()
    line = first_line
    for paragraph in re.split(r"\n\s*\n", body.replace("\ufeff", "")):
        here = line + len(paragraph) - len(paragraph.lstrip("\n"))
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
        text = LIST_ITEM.sub("", item, count=1)
        before = re.findall(r"[A-Za-z]+", head[: written.start()])
        if all(w.lower() in STATUS_WORDS or w.lower() in ("at", "message") for w in before):
            text = text.replace(written.group(0), " ", 1)  # a time that heads the update
        # else the time is part of a sentence ("back to normal since 11:08"), which stays whole
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
