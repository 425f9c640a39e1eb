"""CVSS vectors -> base scores and severities, by RedHat's `cvss` library: a score is derived from
its vector, never typed by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cvss
from cvss.exceptions import CVSSError

from generator.content.schema import FAILED, Checker, Invalid, describe, text
from generator.content.source import KeyPath

V3_PREFIXES = ("CVSS:3.0/", "CVSS:3.1/")
V4_PREFIX = "CVSS:4.0/"
EXAMPLE = "e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"


@dataclass(frozen=True)
class Score:
    version: str  # "3.0", "3.1" or "4.0"
    vector: str  # as the library writes it back: metrics in their standard order
    base: float  # 0.0 to 10.0
    severity: str  # None, Low, Medium, High or Critical

    @property
    def major(self) -> int:
        return int(self.version[0])


def parsed(vector: str) -> cvss.CVSS3 | cvss.CVSS4:
    """The library's object for a vector of a version it knows; raises Invalid otherwise."""
    try:
        if vector.startswith(V3_PREFIXES):
            return cvss.CVSS3(vector)
        if vector.startswith(V4_PREFIX):
            return cvss.CVSS4(vector)
    except CVSSError as exc:
        raise Invalid(f"not a valid CVSS vector: {exc}", EXAMPLE) from None
    if vector.startswith("CVSS:"):
        version = vector.split("/", 1)[0].removeprefix("CVSS:")
        raise Invalid(f"CVSS version {version!r} is not supported", "use 3.0, 3.1 or 4.0")
    raise Invalid(
        f"expected a CVSS vector starting with CVSS:3.1/ or CVSS:4.0/; got {vector!r}", EXAMPLE
    )


def score_of(vector: str) -> Score:
    found = parsed(vector)
    if isinstance(found, cvss.CVSS4):
        return Score("4.0", found.clean_vector(), float(found.base_score), str(found.severity))
    version = vector[len("CVSS:") : len("CVSS:3.1")]
    return Score(version, found.clean_vector(), float(found.base_score), found.severities()[0])


def score(c: Checker, value: Any, path: KeyPath) -> Score:
    return score_of(text(c, value, path))


def scores(c: Checker, value: Any, path: KeyPath) -> tuple[Score, ...]:
    """One vector, or a list of them with at most one per major version (3.x and 4.0): the
    first is the one pages show."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise Invalid(f"expected a CVSS vector or a list of them; got {describe(value)}", EXAMPLE)
    found: list[Score] = []
    for i, item in enumerate(items):
        where = path + (i,) if isinstance(value, list) else path
        one = c.value(score, item, where)
        if not isinstance(one, Score):
            continue
        if any(s.major == one.major for s in found):
            c.report(where, f"a second CVSS {one.major} vector", "give one vector per version")
            continue
        found.append(one)
    return tuple(found) if len(found) == len(items) else FAILED  # each problem was reported


def stated(c: Checker, primary: Score, value: Any, path: KeyPath) -> None:
    """A score or severity written beside the vector must be the one derived from it."""
    name = path[-1]
    derived: Any = primary.base if name == "score" else primary.severity
    if name == "score":
        agrees = isinstance(value, int | float) and not isinstance(value, bool) and value == derived
    else:
        agrees = isinstance(value, str) and value.strip().lower() == derived.lower()
    if not agrees:
        c.report(
            path,
            f"the vector {primary.vector} gives {name} {derived}; got {describe(value)}",
            f"remove `{name}:` (it is derived from the vector) or correct the vector",
        )
