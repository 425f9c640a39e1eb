"""A history nobody can quietly rewrite: revisions and corrections read from a real git
repository made in the test, shown on the page, on /changes/ and in its feed."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from lxml import html as lhtml

from generator.build import build
from generator.content.revision_reader import read_revisions

from .conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ID = "2026-11-20-api-errors"

FIRST = """\
---
title: API errors
impact: major
components:
  api: partial_outage
updates:
  - at: 2026-11-20T14:10:00Z
    status: investigating
    text: We are investigating errors.
---
"""


def git(repo: Path, *args: str, when: str = "2026-11-20T14:15:00Z") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Status",
        "GIT_AUTHOR_EMAIL": "status@example.com",
        "GIT_COMMITTER_NAME": "Status",
        "GIT_COMMITTER_EMAIL": "status@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path):
    """A status repository with one incident, committed when it was published."""
    content = tmp_path / "repo" / "content"
    (content / "incidents").mkdir(parents=True)
    shutil.copy(FIXTURES / "portal.yml", content / "portal.yml")
    (content / "incidents" / f"{ID}.md").write_text(FIRST)
    git(tmp_path / "repo", "init", "-q", "-b", "main")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-qm", "Incident: API errors")
    return content


def commit(content: Path, text: str, when: str) -> str:
    (content / "incidents" / f"{ID}.md").write_text(text)
    git(content.parent, "commit", "-qam", "Edit", when=when)
    return git(content.parent, "rev-parse", "HEAD")


def appended(text: str = "The fix is rolling out.") -> str:
    """The first version with a second update at 15:00."""
    second = f"  - at: 2026-11-20T15:00:00Z\n    status: identified\n    text: {text}\n"
    return FIRST.removesuffix("---\n") + second + "---\n"


def record(content: Path):
    return read_revisions(content)[("incidents", ID)]


def test_appending_updates_is_a_revision_not_a_correction(repo):
    sha = commit(repo, appended(), "2026-11-20T15:05:00Z")
    found = record(repo)
    assert [(r.commit, r.added, r.corrected) for r in found.revisions][1:] == [(sha, 1, 0)]
    assert found.corrections == []
    assert found.published == datetime(2026, 11, 20, 14, 15, tzinfo=UTC)


def test_a_changed_text_is_a_correction_with_the_old_words(repo):
    commit(repo, appended(), "2026-11-20T15:05:00Z")
    sha = commit(repo, appended().replace("investigating errors", "investigating timeouts"),
                 "2026-11-21T09:00:00Z")  # fmt: skip
    (correction,) = record(repo).corrections
    assert (correction.commit, correction.what, correction.update_at) == (
        sha, "text", "2026-11-20T14:10:00Z"
    )  # fmt: skip
    assert correction.old == "We are investigating errors."
    assert correction.new == "We are investigating timeouts."


def test_a_removed_update_and_a_moved_time(repo):
    commit(repo, appended(), "2026-11-20T15:05:00Z")
    commit(repo, FIRST, "2026-11-21T09:00:00Z")  # the second update is gone
    commit(repo, FIRST.replace("14:10:00Z", "14:05:00Z"), "2026-11-22T09:00:00Z")
    removed, moved = record(repo).corrections
    assert (removed.what, removed.old, removed.new) == ("removed", "The fix is rolling out.", "")
    assert (moved.what, moved.old, moved.new) == (
        "time", "2026-11-20T14:10:00Z", "2026-11-20T14:05:00Z"
    )  # fmt: skip


@pytest.mark.slow
def test_the_page_shows_its_corrections_and_revisions(repo, tmp_path):
    portal = repo / "portal.yml"
    portal.write_text(portal.read_text() + "repository: https://github.com/example/status\n")
    git(repo.parent, "commit", "-qam", "Repository link", when="2026-11-20T14:20:00Z")
    commit(repo, appended(), "2026-11-20T15:05:00Z")
    sha = commit(repo, appended().replace("investigating errors", "investigating timeouts"),
                 "2026-11-21T09:00:00Z")  # fmt: skip
    out = tmp_path / "site"
    build(repo, out, NOW)
    page = lhtml.fromstring((out / "incidents" / ID / "index.html").read_bytes())
    (note,) = page.cssselect("#update-1 .ob-correction")
    assert note.text_content().startswith(
        "Corrected on 21 Nov 2026. It first said: We are investigating errors."
    )
    assert note.cssselect("a")[0].get("href") == f"https://github.com/example/status/commit/{sha}"
    revisions = page.cssselect(".ob-revisions")[0].text_content()
    assert "First published 20 Nov 2026, 15:15 CET." in revisions
    assert "21 Nov 2026, 10:00 CET: 1 update corrected" in revisions
    assert "20 Nov 2026, 16:05 CET: 1 update added" in revisions
    changes = lhtml.fromstring((out / "changes" / "index.html").read_bytes())
    (row,) = changes.cssselect(".ob-correction")
    assert "text corrected" in row.text_content()
    assert row.cssselect("del")[0].text == "We are investigating errors."
    assert row.cssselect("ins")[0].text == "We are investigating timeouts."
    feed = feedparser.parse((out / "feeds" / "changes.atom").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == ["Text corrected: API errors"]


@pytest.mark.slow
def test_a_build_as_of_an_earlier_time_shows_no_later_commits(repo, tmp_path):
    commit(repo, appended().replace("investigating errors", "investigating timeouts"),
           "2026-11-24T09:00:00Z")  # fmt: skip
    out = tmp_path / "site"
    build(repo, out, datetime(2026, 11, 22, tzinfo=UTC))
    page = (out / "incidents" / ID / "index.html").read_text()
    assert "ob-correction" not in page and "First published" in page


@pytest.mark.slow
def test_without_git_or_with_a_shallow_clone_there_is_no_history(repo, tmp_path):
    commit(repo, appended(), "2026-11-20T15:05:00Z")
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain)  # no .git
    assert read_revisions(plain) == {}
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(shallow)],
                   check=True)  # fmt: skip
    assert read_revisions(shallow / "content") == {}
    out = tmp_path / "site"
    build(plain, out, NOW)
    assert "built without its git history" in (out / "changes" / "index.html").read_text()
    assert "ob-revisions" not in (out / "incidents" / ID / "index.html").read_text()


@pytest.mark.slow
def test_a_preview_reads_history_again_only_after_a_commit(repo, tmp_path):
    """`openbook serve` keeps the history between builds; a new commit is seen."""
    out = tmp_path / "site"
    first = build(repo, out, NOW, keep_spare=True)
    assert first.cache.revisions["head"] == git(repo.parent, "rev-parse", "HEAD")
    commit(repo, FIRST.replace("investigating errors", "investigating timeouts"),
           "2026-11-21T09:00:00Z")  # fmt: skip
    second = build(repo, out, NOW, previous=first, keep_spare=True)
    assert second.cache.revisions["head"] == git(repo.parent, "rev-parse", "HEAD")
    assert "ob-correction" in (out / "incidents" / ID / "index.html").read_text()


def test_the_next_build_reads_only_the_new_commits(repo, monkeypatch):
    """What was read is kept in the git folder; later commits are added to it, and a rewritten
    history is read again whole."""
    import generator.content.revision_reader as reader

    commit(repo, appended(), "2026-11-20T15:05:00Z")
    assert len(record(repo).revisions) == 2
    store = repo.parent / ".git" / "openbook-history.json"
    assert store.is_file()
    ranges = []
    real_log = reader.git_log
    monkeypatch.setattr(
        reader,
        "git_log",
        lambda git, root, commits="HEAD": ranges.append(commits) or real_log(git, root, commits),
    )
    head = git(repo.parent, "rev-parse", "HEAD")
    sha = commit(repo, appended().replace("investigating errors", "investigating timeouts"),
                 "2026-11-21T09:00:00Z")  # fmt: skip
    found = record(repo)
    assert ranges == [f"{head}..{sha}"]  # only what is new
    assert [c.commit for c in found.corrections] == [sha]
    assert len(found.revisions) == 3
    # Rewritten: the correction amended into an appended update; read again, it is gone.
    third = "  - at: 2026-11-20T16:00:00Z\n    status: monitoring\n    text: Watching.\n---\n"
    (repo / "incidents" / f"{ID}.md").write_text(appended().removesuffix("---\n") + third)
    git(repo.parent, "commit", "-q", "--amend", "-am", "Edit", when="2026-11-21T09:30:00Z")
    found = record(repo)
    assert ranges[-1] == "HEAD" and found.corrections == []
