"""The example's policies told as a story in git: a new repository whose privacy policy and
register of subprocessors are committed version by version, as an editor would."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from ..conftest import EXAMPLE, FIXTURES

POLICY_FIXTURES = FIXTURES / "policies"
# The story read after its last version was committed, before that version takes effect.
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
# (when, {fixture: path in the content folder}): the example's story, oldest first.
STORY = (
    ("2025-01-15T10:00:00Z", {"privacy-v1.md": "policies/privacy.md"}),
    (
        "2025-12-20T10:00:00Z",
        {"privacy-v2.md": "policies/privacy.md", "subprocessors-v2.yml": "subprocessors.yml"},
    ),
    (
        "2026-11-20T10:00:00Z",
        {"privacy-v3.md": "policies/privacy.md", "subprocessors-v3.yml": "subprocessors.yml"},
    ),
)


def commit(repo: Path, when: str, message: str) -> None:
    """Commit everything in `repo` as an editor would, at `when`."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.com",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.com",
    }
    subprocess.run(["git", "-C", repo, "add", "-A"], check=True)
    subprocess.run(["git", "-C", repo, "commit", "-qm", message], check=True, env=env)


def story(repo: Path, steps=STORY) -> Path:
    """The example's content in a new repository, its policies committed version by version."""
    content = repo / "content"
    shutil.copytree(EXAMPLE, content)
    shutil.rmtree(content / "policies", ignore_errors=True)
    (content / "subprocessors.yml").unlink(missing_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    commit(repo, "2024-06-01T09:00:00Z", "The status site")
    (content / "policies").mkdir()
    for when, files in steps:
        for fixture, path in files.items():
            shutil.copy(POLICY_FIXTURES / fixture, content / path)
        commit(repo, when, f"Content as of {when}")
    return content
