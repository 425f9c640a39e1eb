"""Advisories the tests read: three read into models from tests/fixtures/advisories (a valid
one, an interim one without a fix, one with hostile text), and the disclosure fixtures a site is
built with (its security.yml, a normal and a hostile advisory, the disclosure page)."""

from __future__ import annotations

import shutil

from generator.content.advisories import Advisory, advisory_from
from generator.content.schema import Checker
from generator.content.source import front_matter

from ..conftest import FIXTURES, add_incident

FIXTURE_NAMES = ("advisory_valid", "advisory_interim_without_fix", "advisory_with_hostile_text")
DISCLOSURES = FIXTURES / "disclosures"


def advisory(name: str) -> Advisory:
    """tests/fixtures/advisories/<name>.md as the model the build makes of it."""
    problems: list = []
    text = (FIXTURES / "advisories" / f"{name}.md").read_text(encoding="utf-8")
    doc = front_matter(text, f"content/advisories/{name}.md", problems)
    found = advisory_from(doc, Checker(doc, problems), name.replace("_", "-"))
    assert found is not None, [str(p) for p in problems]
    return found


def with_disclosures(content, advisories=("advisory_normal", "advisory_hostile"), page=True):
    """`content` with the disclosure fixtures: its security settings, an incident, the
    `advisories` named and, if `page`, the disclosure page."""
    with (content / "portal.yml").open("a") as portal:
        portal.write((DISCLOSURES / "security.yml").read_text())
    add_incident(content, "incident_valid.md")
    (content / "advisories").mkdir()
    for name in advisories:
        shutil.copy(
            DISCLOSURES / f"{name}.md",
            content / "advisories" / f"2026-11-02-{name.replace('_', '-')}.md",
        )
    if page:
        (content / "pages").mkdir()
        shutil.copy(DISCLOSURES / "disclosure.md", content / "pages" / "disclosure.md")
    return content
