"""A document's revisions and corrections, told from the versions of its file: a revision that
only appends updates is seen in the text alone; the YAML is read only when a published update
changed, to say what changed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import yaml

from generator.content.revision_records import Correction, GitRecord, Revision
from generator.content.source import SAFE_LOADER

# What an update says: (status, text).
_StatusAndText = tuple[str, str]


def _front(text: str) -> dict[Any, Any]:
    """The fields of a version's front matter; none if it has none that can be read."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            try:
                data = yaml.load("\n".join(lines[1:end]), Loader=SAFE_LOADER)  # noqa: S506 - safe
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _updates(fields: dict[Any, Any]) -> dict[str, _StatusAndText]:
    """The updates of one version: their time (ISO, UTC) -> (status, text)."""
    found = {}
    for update in fields.get("updates") or []:
        if not isinstance(update, dict):
            continue
        at = _iso(update.get("at"))
        if at:
            found[at] = (str(update.get("status") or ""), str(update.get("text") or "").strip())
    return found


def _iso(value: object) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def revisions_from(commits: list[tuple[str, datetime]], versions: dict[str, str]) -> GitRecord:
    """A document's revisions and corrections from its commits (oldest first) and its file's
    text at each commit that `versions` holds."""
    record = GitRecord()
    before: _Version | None = None
    for sha, when in commits:
        text = versions.get(sha)
        if len(commits) > 1 and text is None:
            before = None  # deleted here; a later version starts afresh
            continue
        version = _Version(text) if text is not None else None
        if version is not None and version.draft:
            continue  # not yet published
        if before is None or version is None:
            record.revisions.append(Revision(sha, when, 0, 0, False))
            before = version
            continue
        added, fixes = version.compared(before, sha, when)
        edited = version.rest != before.rest
        if fixes or added or edited:
            record.revisions.append(Revision(sha, when, max(added, 0), len(fixes), edited))
            record.corrections += fixes
        before = version
    return record


class _Version:
    """One version of a file, split as text: its updates' items and everything else. Most
    revisions only append items, which the text shows without parsing YAML; only when a
    published item changed is the YAML read, to say what changed."""

    def __init__(self, text: str):
        self.text = text
        lines = text.split("\n")
        end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), 0)
        head, self.body = lines[1:end], lines[end + 1 :]
        start = next((n for n, line in enumerate(head) if line.startswith("updates:")), None)
        self.items: list[str] = []
        if start is None:
            self.rest = text
            return
        stop = start + 1
        while stop < len(head) and (not head[stop] or head[stop][0] in " \t-#"):
            stop += 1
        block = head[start + 1 : stop]
        indent = next((len(x) - len(x.lstrip()) for x in block if x.lstrip().startswith("- ")), 0)
        for line in block:
            if line[:indent].strip() == "" and line[indent : indent + 2] == "- ":
                self.items.append(line.rstrip())
            elif self.items:
                self.items[-1] += "\n" + line.rstrip()
        self.rest = "\n".join(head[:start] + head[stop:] + ["---"] + self.body)

    @property
    def draft(self) -> bool:
        return bool(re.search(r"^draft:\s*true\s*$", self.rest, re.M))

    def compared(self, before: _Version, sha: str, when: datetime) -> tuple[int, list[Correction]]:
        """(updates added, corrections) from `before` to this version."""
        mine = {item.strip() for item in self.items}
        theirs = {item.strip() for item in before.items}
        if theirs <= mine:
            return len(mine - theirs), []
        old, new = _updates(_front(before.text)), _updates(_front(self.text))
        fixes = _corrections(sha, when, old, new)
        return len(set(new) - set(old)) - sum(f.what == "time" for f in fixes), fixes


def _corrections(
    sha: str, when: datetime, old: dict[str, _StatusAndText], new: dict[str, _StatusAndText]
) -> list[Correction]:
    """Published updates that the new version changed or dropped."""
    out: list[Correction] = []
    moved = {text: at for at, (_, text) in new.items() if at not in old}
    for at, (status, text) in sorted(old.items()):
        if at in new:
            now_status, now_text = new[at]
            if now_text != text:
                out.append(Correction(sha, when, at, text, now_text, "text"))
            elif now_status != status:
                out.append(
                    Correction(
                        sha, when, at, f"{status}: {text}", f"{now_status}: {text}", "status"
                    )
                )
        elif text in moved:
            out.append(Correction(sha, when, at, at, moved[text], "time"))
        else:
            out.append(Correction(sha, when, at, text, "", "removed"))
    return out
