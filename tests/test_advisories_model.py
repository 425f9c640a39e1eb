"""Advisories as read from content/advisories/*.md: scores derived from their vectors, every
mistake reported at its line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from generator.content.advisories import (
    AdvisoryStatus,
    advisory_from,
    as_of,
    for_incident,
    unknown_incidents,
)
from generator.content.schema import Checker
from generator.content.source import front_matter

from .conftest import FIXTURES

ADVISORIES = FIXTURES / "advisories"


def read(text: str, name: str = "2026-11-02-sso-bypass"):
    problems: list = []
    doc = front_matter(text, f"content/advisories/{name}.md", problems)
    assert doc is not None, problems
    return advisory_from(doc, Checker(doc, problems), name), [str(p) for p in problems]


def fixture(name: str) -> str:
    return (ADVISORIES / f"{name}.md").read_text(encoding="utf-8")


def test_a_valid_advisory_derives_its_scores_and_orders_its_revisions():
    advisory, problems = read(fixture("advisory_valid"))
    assert problems == []
    assert advisory.status is AdvisoryStatus.FINAL
    assert [(s.version, s.base, s.severity) for s in advisory.scores] == [
        ("3.1", 9.1, "Critical"),
        ("4.0", 9.3, "Critical"),
    ]
    assert advisory.score.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"
    assert [(u.number, u.text) for u in advisory.updates] == [
        (1, "Initial publication."),
        (2, "Fixed versions are listed; the advisory is final."),
    ]
    assert advisory.published == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert [u.line for u in advisory.updates] == [19, 17]
    assert [(p.name, p.affected, p.vers, p.fixed) for p in advisory.products] == [
        ("Northwind Dashboard", ">= 4.0, < 4.12.3", "vers:generic/>=4.0|<4.12.3", "4.12.3"),
        # YAML reads 2.10 as the number 2.1; the version is kept as written.
        ("Northwind CLI", "< 2.10", "vers:generic/<2.10", "2.10"),
    ]
    assert advisory.cves == ("CVE-2026-41234",)
    assert advisory.credits == ("A. Researcher",)
    assert advisory.incident == "2026-09-24-login-mfa-failures"


def test_an_interim_advisory_may_wait_for_its_fix():
    advisory, problems = read(fixture("advisory_interim_without_fix"))
    assert problems == []
    assert advisory.products[0].vers == "vers:generic/*"
    assert (advisory.score.version, advisory.score.base, advisory.score.severity) == (
        "3.0",
        3.7,
        "Low",
    )


def test_every_mistake_is_reported_at_its_line():
    advisory, problems = read(fixture("advisory_with_bad_values"))
    assert advisory is None
    shown = "content/advisories/2026-11-02-sso-bypass.md"
    hint = (
        "\n  hint: a CVE id is CVE-, the year and a number of four or more digits: CVE-2026-41234"
    )
    assert problems == [
        f"{shown}:3: cve: not a CVE id: 'cve-2026-1'{hint}",
        f"{shown}:3: cve: 'CVE-1998-1234': CVE ids begin in 1999{hint}",
        f"{shown}:3: cve: 'CVE-2026-012345': a number of five or more digits has no leading zero"
        f"{hint}",
        f"{shown}:3: cve: CVE-2026-41234 is listed twice",
        f'{shown}:4: cvss: not a valid CVSS vector: Unknown value "X" in field "AV:X"'
        "\n  hint: e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
        f"{shown}:7: products.affected: not a version range: 'before 4.12'"
        "\n  hint: e.g. '< 4.12.3', '>= 4.0, < 4.12.3', '4.11.0' or '*' (all versions), lowest "
        "first",
        f"{shown}:8: products.fixed: not a version: 'all versions'"
        "\n  hint: one version such as 4.12.3",
        f"{shown}:11: updates.at: time has no offset: '2026-11-02T10:00:00'"
        "\n  hint: add Z for UTC or the offset from UTC, e.g. 2026-11-20T14:10:00Z or "
        "2026-11-20T15:10:00+01:00",
    ]


def test_a_final_advisory_needs_a_fixed_version_or_a_mitigation():
    text = fixture("advisory_final_without_fix")
    advisory, problems = read(text)
    assert advisory is None
    assert problems == [
        "content/advisories/2026-11-02-sso-bypass.md:8: products.fixed: missing; a final "
        "advisory needs each product's fixed version or a mitigation\n  hint: add `fixed:` with "
        "the first version without the vulnerability, or `mitigation:` (what customers can do "
        "until there is one) and keep it interim if a fix is to come"
    ]
    mitigated, problems = read(text.replace("status:", "mitigation: Turn off SSO.\nstatus:"))
    assert problems == []
    assert mitigated.mitigation == "Turn off SSO."


@pytest.mark.parametrize(
    ("vector", "message"),
    [
        (
            "CVSS:3.1/AV:N",
            'not a valid CVSS vector: Missing mandatory metrics "AC, PR, UI, S, C, I, A"',
        ),
        ("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS version '2.0' is not supported"),
        (
            "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
            "expected a CVSS vector starting with CVSS:3.1/ or CVSS:4.0/",
        ),
        ("CVSS:4.0/AV:N/AC:L", "not a valid CVSS vector: Missing mandatory metrics"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N/AV:L", "not a valid CVSS vector"),
    ],
)
def test_a_vector_that_does_not_parse_is_an_error_at_its_line(vector, message):
    text = fixture("advisory_interim_without_fix")
    advisory, problems = read(text.replace("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N", vector))
    assert advisory is None
    assert len(problems) == 1
    assert problems[0].startswith(f"content/advisories/2026-11-02-sso-bypass.md:3: cvss: {message}")


def test_a_stated_score_or_severity_must_agree_with_the_vector():
    text = fixture("advisory_valid").replace("score: 9.1", "score: 9.8\nseverity: high")
    advisory, problems = read(text)
    assert advisory is None
    assert problems == [
        "content/advisories/2026-11-02-sso-bypass.md:7: score: the vector "
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N gives score 9.1; got the number 9.8\n"
        "  hint: remove `score:` (it is derived from the vector) or correct the vector",
        "content/advisories/2026-11-02-sso-bypass.md:8: severity: the vector "
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N gives severity Critical; got 'high'\n"
        "  hint: remove `severity:` (it is derived from the vector) or correct the vector",
    ]


def test_two_vectors_of_one_version_are_an_error():
    text = fixture("advisory_valid").replace(
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N",
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
    )
    advisory, problems = read(text)
    assert advisory is None
    assert problems == [
        "content/advisories/2026-11-02-sso-bypass.md:6: cvss: a second CVSS 3 vector\n"
        "  hint: give one vector per version"
    ]


def test_an_advisory_needs_its_description():
    text = fixture("advisory_interim_without_fix")
    advisory, problems = read(text[: text.rindex("---") + 4])
    assert advisory is None
    assert problems == [
        "content/advisories/2026-11-02-sso-bypass.md:1: body: is empty; the advisory's "
        "description goes below its front matter"
    ]


def test_revisions_yet_to_come_are_not_published():
    advisory, _ = read(fixture("advisory_valid"))
    assert as_of(advisory, datetime(2026, 11, 1, tzinfo=UTC)) is None
    early = as_of(advisory, datetime(2026, 11, 3, tzinfo=UTC))
    assert [u.number for u in early.updates] == [1]
    assert as_of(advisory, datetime(2026, 12, 1, tzinfo=UTC)) is advisory


def test_an_advisory_and_its_incident_find_each_other():
    advisory, _ = read(fixture("advisory_valid"))
    assert for_incident([advisory], "2026-09-24-login-mfa-failures") == [advisory]
    assert for_incident([advisory], "2026-10-29-api-elevated-latency") == []
    assert unknown_incidents([advisory], {"2026-09-24-login-mfa-failures"}) == []
    [problem] = unknown_incidents([advisory], {"2026-10-29-api-elevated-latency"})
    assert str(problem) == (
        "content/advisories/2026-11-02-sso-bypass.md:22: incident: unknown incident "
        "'2026-09-24-login-mfa-failures'\n"
        "  hint: the file name of an incident in content/incidents/, without .md"
    )
