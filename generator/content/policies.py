"""Policies: documents whose wording binds. The file in `content/policies/` is the newest
version; git history holds the earlier ones (`policy_revisions`), each a distinct `effective`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from generator.content.models import Alias, Portal
from generator.content.policy_revisions import Committed
from generator.content.schema import Checker, Field, day, ok, one_line, text
from generator.content.schema import positive_int as _positive
from generator.content.source import Document, KeyPath, front_matter
from generator.errors import Problem

DEFAULT_NOTICE_DAYS = 30  # when neither the policy nor portal.yml says


@dataclass(frozen=True)
class PolicyVersion:
    effective: date  # the day it takes effect, in the site's zone
    title: str
    summary: str = ""  # what changed and why; required once an earlier version exists
    notice_days: int | None = None  # None: the site's default
    body: str = ""  # Markdown
    published: datetime | None = None  # first committed with this date; None: not committed yet
    commit: str = ""  # the commit its text is from; "" for the working tree's file


@dataclass(frozen=True)
class Policy:
    id: str
    versions: tuple[PolicyVersion, ...]  # by effective date; the working tree's is among them
    source: str = ""
    line: int = 1  # where `effective` stands in the file
    aliases: tuple[Alias, ...] = ()
    versions_known: bool = False  # whether git's versions were read; if not, only the file's

    @property
    def newest(self) -> PolicyVersion:
        return self.versions[-1]


def _schema() -> dict[str, Field]:
    from generator.content.documents import aliases  # documents imports the settings

    return {
        "title": Field(one_line, required=True),
        "effective": Field(day, required=True),
        "summary": Field(text, default=""),
        "notice_days": Field(_positive),
        "aliases": Field(aliases, default=()),
    }


def policy_from(doc: Document, c: Checker, doc_id: str, portal: Portal) -> Policy | None:
    """The policy as the working tree has it: one version, until `with_git_versions` adds git's."""
    from generator.content.documents import check_scripts

    f = c.record(doc.data, (), _schema(), "a policy")
    if f is None or not ok(*f.values()):
        return None
    if not doc.body.strip():
        c.report((), "is empty; a policy needs its text below the front matter", field="body")
        return None
    if not check_scripts(c, portal, [(("summary",), f["summary"])], doc.body):
        return None
    version = PolicyVersion(f["effective"], f["title"], f["summary"], f["notice_days"], doc.body)
    return Policy(doc_id, (version,), doc.path, doc.line(("effective",)), f["aliases"])


def _ignored(c: Checker, value: Any, path: KeyPath) -> tuple[Alias, ...]:
    return ()  # an old version's aliases: the page's are the working tree's


def version_of(committed: Committed, shown: str, problems: list[Problem]) -> PolicyVersion | None:
    """A version from git. Its words cannot be corrected any more: what cannot be read is a
    warning (in `problems`) and the version is left out."""
    where = f"{shown} (as of commit {committed.last[:7]})"
    found: list[Problem] = []
    doc = front_matter(committed.text, where, found)
    f = None
    if doc is not None:
        schema = {**_schema(), "aliases": Field(_ignored, default=())}
        f = Checker(doc, found).record(doc.data, (), schema, "a policy")
    if doc is None or f is None or found or not ok(*f.values()):
        problems += [dataclasses.replace(p, level="warning") for p in found[:3]]
        return None
    return PolicyVersion(
        f["effective"],
        f["title"],
        f["summary"],
        f["notice_days"],
        doc.body,
        committed.first_at,
        committed.last,
    )


def with_git_versions(
    policy: Policy, committed: tuple[Committed, ...], known: bool, problems: list[Problem]
) -> Policy:
    """The policy with its versions from git. The working tree's text is the newest of its
    date; a date git has and the file no longer has stays a version with git's last text."""
    current = policy.newest
    versions: dict[date, PolicyVersion] = {}
    for entry in committed:
        version = version_of(entry, policy.source, problems)
        if version is not None:
            versions[version.effective] = version
    first = next((e for e in committed if e.effective == current.effective), None)
    versions[current.effective] = dataclasses.replace(
        current,
        published=first.first_at if first else None,
        commit="",
    )
    ordered = tuple(v for _, v in sorted(versions.items()))
    later = [v for v in ordered if v.effective > current.effective]
    if later:
        problems.append(
            Problem(
                policy.source,
                policy.line,
                "effective",
                f"{current.effective} is before {later[-1].effective}, the date of a version in "
                "git history; both stay versions, and the later one is shown as the newest",
                "a new version takes effect after the last one; on moving a date, see "
                "docs/policies.md",
                level="warning",
            )
        )
    elif len(ordered) > 1 and not current.summary:
        problems.append(
            Problem(
                policy.source,
                1,
                "summary",
                f"missing; this version replaces the one effective {ordered[-2].effective}, "
                "so it needs 'summary': what changed and why",
            )
        )
    return dataclasses.replace(policy, versions=ordered, versions_known=known)
