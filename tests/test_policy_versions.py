"""Versions of a policy from a real git history committed at chosen dates: their texts, when
each was published, the notice warnings, and the record kept for the next build."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content import policy_revisions
from generator.content.policies import policy_from, with_git_versions
from generator.content.source import read_front_matter
from generator.errors import Problem
from generator.facts.policies import in_effect, policy_notices, previous, upcoming

BERLIN = ZoneInfo("Europe/Berlin")


class Repo:
    def __init__(self, root: Path):
        self.root = root
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "a@example.com")
        self.git("config", "user.name", "A")

    def git(self, *args: str, at: str = "2026-01-01T12:00:00Z") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout.strip()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, at: str, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, at=at)
        return self.git("rev-parse", "HEAD")


def privacy(effective: str, words: str, summary: str = "") -> str:
    line = f"summary: {summary}\n" if summary else ""
    return f"---\ntitle: Privacy policy\neffective: {effective}\n{line}---\n{words}\n"


def policy(content: Path, problems: list[Problem]):
    from generator.content.schema import Checker

    from .helpers.policy_models import PORTAL

    doc = read_front_matter(content / "policies" / "privacy.md", problems)
    found = policy_from(doc, Checker(doc, problems), "privacy", PORTAL)
    record = policy_revisions.read(content)
    return with_git_versions(
        found, record.policies.get("policies/privacy.md", ()), record.known, problems
    )


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Repo(tmp_path)


def test_each_effective_date_is_a_version_with_its_last_text_and_first_commit(repo):
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "We keep tickets 3 yeras."))
    first = repo.commit("2025-12-01T09:00:00Z")
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "We keep tickets 3 years."))
    fixed = repo.commit("2025-12-10T09:00:00Z")
    repo.write(
        "content/policies/privacy.md",
        privacy("2026-06-01", "We keep tickets 2 years.", "Two years, not three."),
    )
    second = repo.commit("2026-05-20T09:00:00Z")
    repo.write("content/README.md", "unrelated\n")
    repo.commit("2026-05-21T09:00:00Z")
    repo.write(
        "content/policies/privacy.md",
        privacy("2027-01-01", "We keep tickets 1 year.", "One year."),
    )  # not committed yet
    problems: list[Problem] = []
    found = policy(repo.root / "content", problems)
    assert [(v.effective, v.commit, v.published) for v in found.versions] == [
        (date(2026, 1, 1), fixed, datetime(2025, 12, 1, 9, tzinfo=UTC)),
        (date(2026, 6, 1), second, datetime(2026, 5, 20, 9, tzinfo=UTC)),
        (date(2027, 1, 1), "", None),
    ]
    assert found.versions[0].body == "We keep tickets 3 years.\n" and found.versions_known
    assert first != fixed and problems == []
    today = date(2026, 7, 1)
    assert in_effect(found, today).effective == date(2026, 6, 1)
    assert [v.effective for v in upcoming(found, today)] == [date(2027, 1, 1)]
    assert previous(found, found.newest).effective == date(2026, 6, 1)
    assert in_effect(found, date(2025, 12, 31)) is None


def test_a_version_published_with_less_notice_than_promised_is_a_warning(repo):
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "One."))
    repo.commit("2025-11-01T09:00:00Z")
    repo.write("content/policies/privacy.md", privacy("2026-06-01", "Two.", "Shorter."))
    repo.commit("2026-05-20T23:30:00Z")  # 21 May in Berlin
    found = policy(repo.root / "content", [])
    now = datetime(2026, 5, 25, tzinfo=UTC)
    assert [str(p) for p in policy_notices(found, BERLIN, now)] == [
        "content/policies/privacy.md:3: warning: effective: the version effective 2026-06-01 "
        "was first committed, 2026-05-21: 11 days before it takes effect; the promise is 30 "
        "days' notice\n  hint: set effective to 2026-06-20 or later, or notice_days to the "
        "notice given"
    ]
    # Once in effect, an old version's short notice is a fact on its page, not a warning.
    repo.write("content/policies/privacy.md", privacy("2026-09-01", "Three.", "Again."))
    repo.commit("2026-08-20T09:00:00Z")
    later = policy(repo.root / "content", [])
    now = datetime(2026, 8, 25, tzinfo=UTC)
    assert [p.message[:33] for p in policy_notices(later, BERLIN, now)] == [
        "the version effective 2026-09-01 "
    ]
    assert policy_notices(later, BERLIN, now, default=60)[0].message.endswith("60 days' notice")
    assert policy_notices(later, BERLIN, now, default=7) == []


def test_an_uncommitted_version_is_checked_as_if_published_now(repo):
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "One."))
    repo.commit("2025-11-01T09:00:00Z")
    repo.write("content/policies/privacy.md", privacy("2026-01-10", "Two.", "Sooner."))
    found = policy(repo.root / "content", [])
    warning = policy_notices(found, BERLIN, datetime(2026, 1, 5, tzinfo=UTC))[0]
    assert "was not committed yet; published today, 2026-01-05: 5 days before" in warning.message


def test_a_second_version_needs_a_summary(repo):
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "One."))
    repo.commit("2025-11-01T09:00:00Z")
    repo.write("content/policies/privacy.md", privacy("2026-06-01", "Two."))
    problems: list[Problem] = []
    policy(repo.root / "content", problems)
    assert [str(p) for p in problems] == [
        "content/policies/privacy.md:1: summary: missing; this version replaces the one "
        "effective 2026-01-01, so it needs 'summary': what changed and why"
    ]


def test_an_old_version_git_cannot_read_is_a_warning_and_left_out(repo):
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "One.") + "")
    repo.commit("2025-11-01T09:00:00Z")
    broken = "---\ntitle: [Privacy\neffective: 2026-01-01\n---\nOne.\n"
    repo.write("content/policies/privacy.md", broken.replace("[Privacy", "Privacy\ntitel: x"))
    repo.commit("2025-11-02T09:00:00Z")
    repo.write("content/policies/privacy.md", privacy("2026-06-01", "Two.", "Two."))
    problems: list[Problem] = []
    found = policy(repo.root / "content", problems)
    assert [v.effective for v in found.versions] == [date(2026, 6, 1)]
    assert [p.level for p in problems] == ["warning"]
    assert str(problems[0]).startswith("content/policies/privacy.md (as of commit ")


def test_without_git_only_the_file_is_known(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "policies").mkdir(parents=True)
    (tmp_path / "content" / "policies" / "privacy.md").write_text(privacy("2026-01-01", "One."))
    found = policy(tmp_path / "content", [])
    assert len(found.versions) == 1 and not found.versions_known


def test_a_version_counts_from_when_it_reached_the_main_line(repo):
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "One."))
    repo.commit("2025-11-01T09:00:00Z")
    repo.git("checkout", "-q", "-b", "draft")
    repo.write("content/policies/privacy.md", privacy("2026-06-01", "Two.", "Two."))
    repo.commit("2026-03-01T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "draft", at="2026-05-25T09:00:00Z")
    found = policy(repo.root / "content", [])
    assert found.versions[1].published == datetime(2026, 5, 25, 9, tzinfo=UTC)


def test_the_next_read_takes_only_new_commits_and_finds_the_same(repo):
    content = repo.root / "content"
    repo.write("content/policies/privacy.md", privacy("2026-01-01", "One."))
    repo.commit("2025-11-01T09:00:00Z")
    first = policy_revisions.read(content)
    store = Path(repo.git("rev-parse", "--absolute-git-dir")) / policy_revisions.STORE
    assert store.exists()
    repo.write("content/policies/privacy.md", privacy("2026-06-01", "Two.", "Two."))
    repo.write("content/policies/terms.md", privacy("2026-02-01", "Terms."))
    head = repo.commit("2026-04-01T09:00:00Z")
    again = policy_revisions.read(content)
    assert f'"head": "{head}"' in store.read_text()
    store.unlink()
    fresh = policy_revisions.read(content)
    assert again == fresh and again != first
    assert [v.effective for v in again.policies["policies/privacy.md"]] == [
        date(2026, 1, 1),
        date(2026, 6, 1),
    ]
    assert set(again.policies) == {"policies/privacy.md", "policies/terms.md"}
