"""Policies and the subprocessor register as the loader reads them: git's versions read in a
thread while the documents are parsed, and joined to each policy once it is valid. The notice
checks, which need the build's clock, are `facts.policy_checks`."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.content import policy_revisions
from generator.content.policies import Policy, with_git_versions
from generator.content.policy_revisions import PolicyRecord
from generator.errors import Problem

KIND = "policies"
REGISTER = policy_revisions.REGISTER


class RecordReader:
    """`policy_revisions.read` in a thread: git works in its own processes while Python parses
    the documents. The record in the git folder keeps a second read to the commits since."""

    def __init__(self, content_dir: Path):
        self._found = PolicyRecord()
        self._thread = threading.Thread(target=self._read, args=(content_dir,), daemon=True)
        self._thread.start()

    def _read(self, content_dir: Path) -> None:
        self._found = policy_revisions.read(content_dir)

    def result(self) -> PolicyRecord:
        self._thread.join()
        return self._found


def with_versions(
    policies: list[Policy], record: PolicyRecord, problems: list[Problem]
) -> tuple[Policy, ...]:
    """Each valid policy with the versions git has of its file, by id."""
    return tuple(
        with_git_versions(p, record.policies.get(f"{KIND}/{p.id}.md", ()), record.known, problems)
        for p in sorted(policies, key=lambda p: p.id)
    )


def untranslated(path: str) -> Problem:
    """A policy's translation file: refused, not skipped, so nobody thinks it is published."""
    return Problem(
        path,
        1,
        "id",
        "policies are not translated: the binding text is the original, and every edition "
        "shows it in its own language, marked as such",
        "remove this file, or publish the translation as a page of its own",
    )
