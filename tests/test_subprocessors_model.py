"""The subprocessor register and a policy's front matter: what is valid, the errors at their
lines, and the register's lists and notice checks on a given day."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from generator.content import policy_revisions
from generator.content.policies import policy_from
from generator.content.schema import Checker
from generator.content.source import front_matter, parse_yaml
from generator.content.subprocessors import read_register, register_from
from generator.errors import Problem
from generator.facts.policies import State, register_facts, register_notices

from .helpers.policy_models import PORTAL

BERLIN = ZoneInfo("Europe/Berlin")

REGISTER = """\
notice_days: 30
objection: mailto:privacy@example.com
subprocessors:
  - id: aws
    name: Amazon Web Services EMEA SARL
    purpose: Hosting
    location: Ireland (EU)
    data: [customer content, account data]
    since: 2021-03-01
  - id: mailgun
    name: Mailgun Technologies, Inc.
    purpose: Transactional e-mail
    location: United States
    data: [e-mail addresses]
    announced: 2026-12-01
    since: 2027-01-01
  - id: old-cdn
    name: Example CDN Ltd
    purpose: Static assets
    location: United Kingdom
    data: [IP addresses]
    since: 2019-05-01
    until: 2026-12-31
"""


def errors(text: str) -> list[str]:
    problems: list[Problem] = []
    doc = parse_yaml(text, "content/subprocessors.yml", problems)
    assert register_from(doc, problems) is None
    return [str(p) for p in problems]


def register(text: str = REGISTER):
    problems: list[Problem] = []
    found = register_from(parse_yaml(text, "content/subprocessors.yml", problems), problems)
    assert problems == []
    return found


def test_a_valid_register_is_read_in_file_order():
    found = register()
    assert [s.id for s in found.subprocessors] == ["aws", "mailgun", "old-cdn"]
    assert found.subprocessors[1].data == ("e-mail addresses",)
    assert found.subprocessors[1].line == 10 and found.notice_days == 30


def test_errors_name_the_line_and_field():
    bad = (
        REGISTER.replace("objection: mailto:privacy@example.com", "objection: privacy@example.com")
        .replace("    since: 2021-03-01", "    since: soon")
        .replace("    data: [e-mail addresses]", "    data: []\n    purpos: x")
    )
    assert sorted(errors(bad)) == [
        "content/subprocessors.yml:14: subprocessors.data: needs at least 1 kind of data; the "
        "list is empty",
        "content/subprocessors.yml:15: subprocessors.purpos: unknown field 'purpos'\n"
        "  hint: did you mean 'purpose'?",
        "content/subprocessors.yml:2: objection: expected a mailto: address or an https:// "
        "link; got 'privacy@example.com'\n  hint: e.g. mailto:privacy@example.com or "
        "https://example.com/object",
        "content/subprocessors.yml:9: subprocessors.since: expected a date; got 'soon'\n"
        "  hint: e.g. 2026-12-15",
    ]


def test_a_repeated_id_and_an_end_before_the_start_are_errors():
    bad = REGISTER.replace("id: mailgun", "id: aws").replace(
        "until: 2026-12-31", "until: 2019-01-01"
    )
    assert errors(bad) == [
        "content/subprocessors.yml:10: subprocessors.id: 'aws' is listed twice; the first is at "
        "line 4\n  hint: give each subprocessor its own id",
        "content/subprocessors.yml:23: subprocessors.until: 2019-01-01 is before since, 2019-05-01",
    ]


def test_current_upcoming_and_former_with_the_last_day_to_object():
    now = datetime(2026, 12, 10, 12, tzinfo=UTC)
    facts = register_facts(register(), policy_revisions.PolicyRecord(known=True), BERLIN, now)
    assert [s.entry.id for s in facts.current] == ["aws", "old-cdn"]
    assert facts.current[1].leaving and not facts.current[0].leaving
    assert [(s.entry.id, s.announced, s.object_by) for s in facts.upcoming] == [
        ("mailgun", date(2026, 12, 1), date(2026, 12, 31))
    ]
    assert register_notices(register(), facts, now.date()) == []
    later = register_facts(
        register(), policy_revisions.PolicyRecord(), BERLIN, datetime(2027, 2, 1, tzinfo=UTC)
    )
    assert [s.entry.id for s in later.former] == ["old-cdn"]
    assert {s.state for s in later.current} == {State.CURRENT}


def test_an_upcoming_entry_nothing_dates_is_an_error_and_a_late_one_a_warning():
    undated = REGISTER.replace("    announced: 2026-12-01\n", "")
    now = datetime(2026, 12, 10, tzinfo=UTC)
    facts = register_facts(register(undated), policy_revisions.PolicyRecord(), BERLIN, now)
    assert [str(p) for p in register_notices(register(undated), facts, now.date())] == [
        "content/subprocessors.yml:10: subprocessors.since: 2027-01-01 is still to come, and "
        "neither 'announced' nor git history says when customers were told of 'mailgun'\n"
        "  hint: add announced: DATE, the day customers were told"
    ]
    late = REGISTER.replace("announced: 2026-12-01", "announced: 2026-12-20")
    facts = register_facts(register(late), policy_revisions.PolicyRecord(), BERLIN, now)
    assert [str(p) for p in register_notices(register(late), facts, now.date())] == [
        "content/subprocessors.yml:10: warning: subprocessors.since: 'mailgun' starts "
        "2027-01-01, 12 days after it was announced (2026-12-20); the promise is 30 days' "
        "notice\n  hint: set since to 2027-01-19 or later",
        "content/subprocessors.yml:10: warning: subprocessors.announced: 2026-12-20 is still "
        "to come; readers see 'mailgun' from the day this is published\n"
        "  hint: set announced to the day customers were told",
    ]


def test_without_announced_an_entry_dates_from_the_commit_that_added_it(tmp_path):
    def git(*args, at="2026-11-01T09:00:00Z"):
        env = {**os.environ, "GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at}
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "a@example.com")
    git("config", "user.name", "A")
    content = tmp_path / "content"
    content.mkdir()
    (content / "subprocessors.yml").write_text(REGISTER.split("  - id: mailgun")[0])
    git("add", "-A")
    git("commit", "-q", "-m", "register")
    undated = REGISTER.replace("    announced: 2026-12-01\n", "")
    (content / "subprocessors.yml").write_text(
        undated.replace("until: 2026-12-31", "until: 2027-01-31")
    )
    git("add", "-A")
    git("commit", "-q", "-m", "mailgun", at="2026-12-05T22:00:00Z")  # 5 Dec 23:00 in Berlin
    problems: list[Problem] = []
    found = read_register(content, problems)
    record = policy_revisions.read(content)
    facts = register_facts(found, record, BERLIN, datetime(2026, 12, 10, tzinfo=UTC))
    assert (facts.upcoming[0].announced, facts.upcoming[0].object_by) == (
        date(2026, 12, 5),
        date(2027, 1, 4),
    )
    assert facts.current[1].left_announced == date(2026, 12, 5)
    assert (
        "27 days after it was announced (2026-12-05)"
        in register_notices(found, facts, date(2026, 12, 10))[0].message
    )


def test_a_policy_front_matter_is_checked_like_any_document():
    problems: list[Problem] = []
    text = "---\ntitle: Privacy\neffective: 2027-01-01T00:00:00Z\nnotice: 30\n---\nText.\n"
    doc = front_matter(text, "content/policies/privacy.md", problems)
    assert policy_from(doc, Checker(doc, problems), "privacy", PORTAL) is None
    assert [str(p) for p in problems] == [
        "content/policies/privacy.md:4: notice: unknown field 'notice'\n"
        "  hint: did you mean 'notice_days'?",
        "content/policies/privacy.md:3: effective: expected a date without a time; got "
        "'2027-01-01T00:00:00Z'\n  hint: e.g. 2026-12-15",
    ]
    problems = []
    doc = front_matter("---\ntitle: Privacy\neffective: 2027-01-01\n---\n", "p.md", problems)
    assert policy_from(doc, Checker(doc, problems), "privacy", PORTAL) is None
    assert [str(p) for p in problems] == [
        "p.md:1: body: is empty; a policy needs its text below the front matter"
    ]
