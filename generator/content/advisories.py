"""Security advisories, `content/advisories/*.md`: what is vulnerable, how badly (derived from a
CVSS vector), what is fixed, and every revision since publication."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from generator.content.cvss_scores import Score, scores, stated
from generator.content.schema import (
    FAILED,
    LAST_YEAR,
    Checker,
    Field,
    Invalid,
    boolean,
    choice,
    describe,
    list_of,
    moment,
    ok,
    one_line,
    record_of,
    text,
)
from generator.content.source import Document, KeyPath
from generator.errors import Problem


class AdvisoryStatus(StrEnum):
    INTERIM = "interim"  # more is expected: a fix, a fuller analysis
    FINAL = "final"  # complete: each product has a fixed version or the advisory a mitigation


@dataclass(frozen=True)
class Product:
    name: str
    affected: str  # as written: ">= 4.0, < 4.12.3"
    vers: str  # the same range as a vers URI (CSAF's product_version_range): "vers:generic/…"
    fixed: str = ""  # the first version without the vulnerability


@dataclass(frozen=True)
class AdvisoryUpdate:
    at: datetime
    text: str
    number: int  # 1 for the publication, in time order
    line: int = 1


@dataclass(frozen=True)
class Advisory:
    id: str
    title: str
    status: AdvisoryStatus
    updates: tuple[AdvisoryUpdate, ...]  # oldest first; the first is the publication
    products: tuple[Product, ...]
    cves: tuple[str, ...] = ()
    scores: tuple[Score, ...] = ()  # the first is the one pages show
    credits: tuple[str, ...] = ()
    mitigation: str = ""
    incident: str = ""  # the id of the incident this advisory is about
    draft: bool = False
    body: str = ""
    source: str = ""
    line: int = 1
    incident_line: int = 1

    @property
    def published(self) -> datetime:
        return self.updates[0].at

    @property
    def updated(self) -> datetime:
        return self.updates[-1].at

    @property
    def score(self) -> Score | None:
        return self.scores[0] if self.scores else None


CVE = re.compile(r"CVE-(\d{4})-(\d{4,})\Z")
FIRST_CVE_YEAR = 1999  # the year CVE ids began
CVE_HINT = "a CVE id is CVE-, the year and a number of four or more digits: CVE-2026-41234"


def cve(c: Checker, value: Any, path: KeyPath) -> str:
    written = text(c, value, path)
    match = CVE.match(written)
    if match is None:
        capital = CVE.match(written.upper())
        hint = f"did you mean {written.upper()!r}? (CVE ids are in capitals)" if capital else ""
        raise Invalid(f"not a CVE id: {written!r}", hint or CVE_HINT)
    year, number = match.groups()
    if not FIRST_CVE_YEAR <= int(year) <= LAST_YEAR:
        raise Invalid(f"{written!r}: CVE ids begin in {FIRST_CVE_YEAR}", CVE_HINT)
    if len(number) > 4 and number.startswith("0"):
        raise Invalid(f"{written!r}: a number of five or more digits has no leading zero", CVE_HINT)
    return written


def cves(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid(f"expected a list of CVE ids; got {describe(value)}", "e.g. [CVE-2026-41234]")
    found: list[str] = []
    for i, item in enumerate(items):
        where = path + (i,) if isinstance(value, list) else path
        one = c.value(cve, item, where)
        if one is not FAILED and one in found:
            c.report(where, f"{one} is listed twice")
            one = FAILED
        found.append(one)
    return tuple(found) if ok(*found) else FAILED


_VERSION = r"[A-Za-z0-9][A-Za-z0-9.+_~-]*"
_CONSTRAINT = re.compile(rf"(<=|>=|<|>|!=|=)?\s*({_VERSION})\Z")
# CSAF 2.0 6.1.31: words that make a product version a range.
RANGE_WORDS = ("after", "all", "before", "earlier", "later", "prior", "versions")
RANGE_HINT = "e.g. '< 4.12.3', '>= 4.0, < 4.12.3', '4.11.0' or '*' (all versions), lowest first"


def version_range(c: Checker, value: Any, path: KeyPath) -> tuple[str, str]:
    """Affected versions as written and as a vers URI: comparisons joined by commas."""
    written = _as_text(c, value, path)
    if written == "*":
        return written, "vers:generic/*"
    parts = []
    for part in written.split(","):
        match = _CONSTRAINT.match(part.strip())
        if match is None:
            raise Invalid(f"not a version range: {written!r}", RANGE_HINT)
        operator, version = match.groups()
        parts.append(("" if operator in (None, "=") else operator) + quote(version, safe=".-_~"))
    return written, "vers:generic/" + "|".join(parts)


def _as_text(c: Checker, value: Any, path: KeyPath) -> str:
    """A version as written: YAML reads `4.10` as the number 4.1."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return c.doc.written(path, value).strip()
    return text(c, value, path)


def version(c: Checker, value: Any, path: KeyPath) -> str:
    written = _as_text(c, value, path)
    if not re.fullmatch(_VERSION, written):
        raise Invalid(f"not a version: {written!r}", "one version such as 4.12.3")
    if any(word in RANGE_WORDS for word in re.split(r"[^a-z]+", written.lower())):
        raise Invalid(f"{written!r} reads as a range", "give the first fixed version: 4.12.3")
    return written


def identifier(c: Checker, value: Any, path: KeyPath) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        return value
    raise Invalid(f"not an incident id: {describe(value)}", "the incident's file name without .md")


def names(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid(f"expected a list of names; got {describe(value)}", "e.g. [A. Researcher]")
    found = [c.value(text, item, path + (i,)) for i, item in enumerate(items)]
    return tuple(found) if ok(*found) else FAILED


def _as_written(c: Checker, value: Any, path: KeyPath) -> Any:
    return value


PRODUCT = {
    "name": Field(one_line, required=True),
    "affected": Field(version_range, required=True),
    "fixed": Field(version, default=""),
}
UPDATE = {"at": Field(moment, required=True), "text": Field(text, required=True)}
ADVISORY = {
    "title": Field(one_line, required=True),
    "cve": Field(cves, default=()),
    "cvss": Field(scores, default=()),
    "score": Field(_as_written),  # checked against the vector once it is read
    "severity": Field(_as_written),
    "products": Field(
        list_of(record_of(PRODUCT, "a product"), at_least=1, what="product"), required=True
    ),
    "status": Field(choice(AdvisoryStatus), required=True),
    "updates": Field(
        list_of(record_of(UPDATE, "an update"), at_least=1, what="update"), required=True
    ),
    "credits": Field(names, default=()),
    "mitigation": Field(text, default=""),
    "incident": Field(identifier, default=""),
    "draft": Field(boolean, default=False),
}


def advisory_from(doc: Document, c: Checker, doc_id: str, portal: Any = None) -> Advisory | None:
    """The advisory in `doc`, or None after reporting every problem at its line."""
    before = len(c.problems)
    f = c.record(doc.data, (), ADVISORY, "an advisory")
    if f is None:
        return None
    for name in ("score", "severity"):
        if f[name] is not None and ok(f["cvss"]):
            if f["cvss"]:
                stated(c, f["cvss"][0], f[name], (name,))
            else:
                c.report((name,), f"a {name} needs the vector it comes from", "add `cvss:`")
    products = _products(c, f["products"], f["status"], f["mitigation"])
    if not doc.body.strip():
        c.report((), "is empty; the advisory's description goes below its front matter", "", "body")
        return None
    if products is None or not ok(*f.values()) or any(u is FAILED for u in f["updates"]):
        return None
    if len(c.problems) > before:
        return None
    place = {id(u): n for n, u in enumerate(f["updates"])}
    updates = sorted(f["updates"], key=lambda u: u["at"])
    return Advisory(
        id=doc_id,
        title=f["title"],
        status=f["status"],
        updates=tuple(
            AdvisoryUpdate(u["at"], u["text"], n, doc.line(("updates", place[id(u)])))
            for n, u in enumerate(updates, start=1)
        ),
        products=products,
        cves=f["cve"],
        scores=f["cvss"],
        credits=f["credits"],
        mitigation=f["mitigation"],
        incident=f["incident"],
        draft=f["draft"],
        body=doc.body,
        source=doc.path,
        line=doc.line(("updates",)),
        incident_line=doc.line(("incident",)),
    )


def _products(c: Checker, raw: Any, status: Any, mitigation: Any) -> tuple[Product, ...] | None:
    if raw is FAILED or any(p is FAILED or not ok(*p.values()) for p in raw):
        return None
    found = []
    for i, p in enumerate(raw):
        if status is AdvisoryStatus.FINAL and not p["fixed"] and not mitigation:
            c.report(
                ("products", i),
                "missing; a final advisory needs each product's fixed version or a mitigation",
                "add `fixed:` with the first version without the vulnerability, or "
                "`mitigation:` (what customers can do until there is one) and keep it interim "
                "if a fix is to come",
                field="products.fixed",
            )
            return None
        written, vers = p["affected"]
        found.append(Product(p["name"], written, vers, p["fixed"]))
    return tuple(found)


def as_of(advisory: Advisory, now: datetime) -> Advisory | None:
    """The advisory as a reader sees it at `now`: revisions yet to come are not published, and
    neither is an advisory before its publication."""
    shown = tuple(u for u in advisory.updates if u.at <= now)
    if not shown:
        return None
    return (
        advisory
        if len(shown) == len(advisory.updates)
        else dataclasses.replace(advisory, updates=shown)
    )


def unknown_incidents(advisories: Iterable[Advisory], incident_ids: set[str]) -> list[Problem]:
    """`incident:` naming no incident of the site (checked once every file is read)."""
    return [
        Problem(
            a.source,
            a.incident_line,
            "incident",
            f"unknown incident {a.incident!r}",
            "the file name of an incident in content/incidents/, without .md",
        )
        for a in advisories
        if a.incident and a.incident not in incident_ids
    ]


def for_incident(advisories: Iterable[Advisory], incident_id: str) -> list[Advisory]:
    """The advisories that name `incident_id`, newest first: shown on the incident's page."""
    return sorted(
        (a for a in advisories if a.incident == incident_id),
        key=lambda a: a.published,
        reverse=True,
    )
