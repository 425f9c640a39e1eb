"""Small typed checks for YAML values, which report problems instead of raising.

A schema is a dict of field name -> `Field`. `Checker.record` checks a mapping
against one, reports every problem with its line, and returns the values it
could read; `FAILED` stands for a value that was reported.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from generator.content.source import Document, KeyPath
from generator.errors import Problem


class _Failed:
    def __repr__(self) -> str:
        return "FAILED"


FAILED: Any = _Failed()
MISSING: Any = object()


FIRST_YEAR, LAST_YEAR = 1970, 2999  # the times and dates a status page can mean


class Invalid(Exception):
    """Raised by a parser: the value at hand is wrong."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


Parser = Callable[["Checker", Any, KeyPath], Any]


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = False
    default: Any = None


def did_you_mean(word: str, choices: list[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean '{lowered[word.lower()]}'? (case matters)"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def describe(value: Any) -> str:
    """How a wrong value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime | date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


def label(path: KeyPath) -> str:
    """`("updates", 2, "status")` -> `updates.status`: the line says which update."""
    return ".".join(str(p) for p in path if isinstance(p, str))


class Checker:
    """Checks the values of one document, collecting problems."""

    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def report(self, path: KeyPath, message: str, hint: str = "", field: str | None = None) -> None:
        name = label(path) if field is None else field
        self.problems.append(Problem(self.doc.path, self.doc.line(path), name, message, hint))

    def value(self, parse: Parser, value: Any, path: KeyPath) -> Any:
        try:
            return parse(self, value, path)
        except Invalid as exc:
            self.report(path, exc.message, exc.hint)
            return FAILED

    def record(self, data: Any, path: KeyPath, schema: dict[str, Field], what: str) -> dict | None:
        """Check a mapping; None if it is not one (reported)."""
        if not isinstance(data, dict):
            self.report(path, f"expected the fields of {what}; got {describe(data)}")
            return None
        out: dict[str, Any] = {}
        for key in data:
            if str(key) not in schema:
                hint = did_you_mean(
                    str(key), list(schema)
                ) or "fields of " + what + ": " + ", ".join(schema)
                self.report(
                    path + (key,), f"unknown field '{key}'", hint, field=label(path + (str(key),))
                )
        for name, spec in schema.items():
            if name not in data or data[name] is None:
                out[name] = FAILED if spec.required else spec.default
                if spec.required and name not in data:
                    self.report(
                        path, f"missing; {what} needs '{name}'", field=label(path + (name,))
                    )
                elif spec.required:
                    self.report(path + (name,), "is empty")
                continue
            out[name] = self.value(spec.parse, data[name], path + (name,))
        return out


# Parsers: (checker, value, path) -> typed value, or raise Invalid.


def text(c: Checker, value: Any, path: KeyPath) -> str:
    if not isinstance(value, str):
        raise Invalid(f"expected text; got {describe(value)}", "put the text in quotes")
    if not value.strip():
        raise Invalid("is empty")
    return value.strip()


def one_line(c: Checker, value: Any, path: KeyPath) -> str:
    """A text of one line: a title or a name, which headings, feeds, calendars, e-mail subjects
    and chat messages all show on one line. A tab is a space there; a line break is not."""
    value = text(c, value, path)
    bad = next(
        (ch for ch in value if ch != "\t" and unicodedata.category(ch) in ("Cc", "Zl", "Zp")),
        None,
    )
    if bad is not None:
        raise Invalid(
            f"expected one line; got a text holding U+{ord(bad):04X}",
            "write it on one line, without line breaks or control characters",
        )
    return value


def choice(enum: type[StrEnum], only: tuple | None = None) -> Parser:
    allowed = [e.value for e in (only or enum)]

    def parse(c: Checker, value: Any, path: KeyPath) -> StrEnum:
        if isinstance(value, str) and value in allowed:
            return enum(value)
        got = repr(c.doc.written(path, value)) if isinstance(value, str) else describe(value)
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        raise Invalid(f"expected one of {', '.join(allowed)}; got {got}", hint)

    return parse


def one_of(allowed: tuple[str, ...]) -> Parser:
    """A parser for one of a few fixed words that are not an enum."""

    def parse(c: Checker, value: Any, path: KeyPath) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        hint = did_you_mean(value, list(allowed)) if isinstance(value, str) else ""
        raise Invalid(f"expected one of {', '.join(allowed)}; got {describe(value)}", hint)

    return parse


def moment(c: Checker, value: Any, path: KeyPath) -> datetime:
    """A date and time with an offset, kept in UTC."""
    written = c.doc.written(path, value)
    example = "e.g. 2026-11-20T14:10:00Z or 2026-11-20T15:10:00+01:00"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(f"expected a date and time; got {written!r}", example) from None
    if isinstance(value, datetime):
        offset = value.utcoffset()  # None without a time zone
        if offset is None:
            raise Invalid(
                f"time has no offset: {written!r}",
                "add Z for UTC or the offset from UTC, " + example,
            )
        # Far from now, arithmetic on times (durations, the next update due) would overflow.
        if (
            not FIRST_YEAR <= value.year <= LAST_YEAR
            or not FIRST_YEAR <= (value - offset).year <= LAST_YEAR
        ):
            raise Invalid(f"{written!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
        return value.astimezone(UTC)
    if isinstance(value, date):
        raise Invalid(f"expected a date and time; got only a date {written!r}", example)
    raise Invalid(f"expected a date and time; got {describe(value)}", example)


def day(c: Checker, value: Any, path: KeyPath) -> date:
    written = c.doc.written(path, value)
    if isinstance(value, datetime):
        raise Invalid(f"expected a date without a time; got {written!r}", "e.g. 2026-12-15")
    if isinstance(value, date):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise Invalid(f"{written!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"expected a date; got {describe(value)}", "e.g. 2026-12-15")


def boolean(c: Checker, value: Any, path: KeyPath) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"expected true or false; got {describe(value)}")


def positive_int(c: Checker, value: Any, path: KeyPath) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 1_000_000:
        return value
    raise Invalid(f"expected a whole number from 1 to 1000000; got {describe(value)}")


def mapping(c: Checker, value: Any, path: KeyPath) -> dict:
    if isinstance(value, dict):
        return value
    raise Invalid(f"expected a set of fields; got {describe(value)}")


def list_of(item: Parser, at_least: int = 0, what: str = "item") -> Parser:
    def parse(c: Checker, value: Any, path: KeyPath) -> list:
        if not isinstance(value, list):
            raise Invalid(f"expected a list; got {describe(value)}", "start each item with '- '")
        if len(value) < at_least:
            raise Invalid(
                f"needs at least {at_least} {what}{'s' if at_least > 1 else ''}; the list is empty"
            )
        return [c.value(item, v, path + (i,)) for i, v in enumerate(value)]

    return parse


def record_of(schema: dict[str, Field], what: str) -> Parser:
    def parse(c: Checker, value: Any, path: KeyPath) -> dict:
        out = c.record(value, path, schema, what)
        return FAILED if out is None else out

    return parse


def ok(*values: Any) -> bool:
    """True when none of `values` failed, so a model can be built from them."""
    return all(v is not FAILED for v in values)


def iso(moment: datetime) -> str:
    """UTC, to the second, with Z: the form in `datetime` attributes, feeds and the API."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def url_like(
    c: Checker, value: Any, path: KeyPath, pattern: str, expected: str, example: str
) -> str:
    """A text that is a web address of the form `pattern`, or an error naming what was
    `expected`, with an example."""
    url = text(c, value, path)
    if not re.match(pattern, url):
        raise Invalid(f"expected {expected}; got {url!r}", f"e.g. {example}")
    return url


HTTPS = r"https://[^/\s]+\S*\Z"
HTTP_OR_HTTPS = r"https?://[^/\s]+(/\S*)?\Z"
# An address as the settings write one: the site's contact, a sender, a security contact.
EMAIL = re.compile(r"[A-Za-z0-9.!#$%*+/=?^_{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")


def email(c: Checker, value: Any, path: KeyPath) -> str:
    address = text(c, value, path)
    if not EMAIL.match(address):
        raise Invalid(f"not an e-mail address: {address!r}", "e.g. status@example.com")
    return address
