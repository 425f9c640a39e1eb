"""What git remembers of policies and the subprocessor register: each policy's versions (a
distinct `effective` date; its text as last committed with that date, and when it was first
committed) and when each subprocessor entry first appeared, and first had an `until`.

Read as corrections are (`revisions`): one `git log` over the commits that changed
`policies/` or `subprocessors.yml`, and one `git cat-file --batch` for the file versions. Only
the main line counts (`--first-parent`): a version is published when it reaches the branch
the site is built from, not when it was written on another. What was read is kept in the git
folder (`openbook-policies.json`) with the commit it was read at, so the next build reads
only the commits since. Without git, outside a repository or in a shallow clone, nothing is
known and `known` is False.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import yaml

from generator.atomic import replace_file
from generator.content.source import SAFE_LOADER

STORE = "openbook-policies.json"
STORE_VERSION = 1
REGISTER = "subprocessors.yml"
_DELETED = "0" * 40


@dataclass(frozen=True)
class Committed:
    """One version of a policy file as git has it."""

    effective: date
    first: str  # the first commit with this effective date
    first_at: datetime  # when it was committed: when the version was published
    last: str  # the last commit with this date, whose text is the version's
    blob: str
    text: str = ""


@dataclass(frozen=True)
class EntryDates:
    """When a subprocessor entry was first committed, and when its `until` first was."""

    added: datetime
    commit: str
    ended: datetime | None = None


@dataclass
class PolicyRecord:
    """What git remembers of the policies and the register: each policy's versions, and when
    each subprocessor entry was first committed."""

    # "policies/privacy.md" (relative to the content folder) -> versions, by effective date
    policies: dict[str, tuple[Committed, ...]] = field(default_factory=dict)
    entries: dict[str, EntryDates] = field(default_factory=dict)  # subprocessor id ->
    known: bool = False  # whether git history was read at all


@dataclass
class _Kept:
    """What an earlier build read, as the store keeps it: the commit it read up to, and what it
    found by then."""

    head: str | None = None
    policies: dict[str, list[Committed]] = field(default_factory=dict)
    entries: dict[str, EntryDates] = field(default_factory=dict)


class _Logged(NamedTuple):
    """One commit of the main line that changed policies or the register."""

    sha: str
    when: datetime
    changes: list[tuple[str, str]]  # (path under the content folder, blob)


def read(content_dir: Path) -> PolicyRecord:
    git = shutil.which("git")
    if git is None:
        return PolicyRecord()
    root = _run([git, "-C", str(content_dir), "rev-parse", "--show-toplevel"])
    if root is None or _run([git, "-C", root, "rev-parse", "--is-shallow-repository"]) != "false":
        return PolicyRecord()
    head = _run([git, "-C", root, "rev-parse", "HEAD"])
    if not head:
        return PolicyRecord()
    store = Path(_run([git, "-C", root, "rev-parse", "--absolute-git-dir"]) or root) / STORE
    prefix = Path(content_dir).resolve().relative_to(Path(root).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    kept = _load(store, prefix)
    since = kept.head
    if since and _run([git, "-C", root, "merge-base", "--is-ancestor", since, head]) == "":
        commits = _log(git, root, prefix, f"{since}..{head}")
    else:
        kept, commits = _Kept(), _log(git, root, prefix, head)
    versions: dict[str, dict[date, Committed]] = {
        path: {v.effective: v for v in found} for path, found in kept.policies.items()
    }
    entries = kept.entries
    wanted = {blob for _, _, changes in commits for _, blob in changes if blob != _DELETED}
    wanted |= {v.blob for found in versions.values() for v in found.values()}
    texts = _blobs(git, root, sorted(wanted))
    for sha, when, changes in commits:
        for path, blob in changes:
            text = texts.get(blob)
            if text is None:
                continue  # deleted here; its versions stay in the record
            if path == REGISTER:
                _entries(text, sha, when, entries)
                continue
            effective = _effective(text)
            if effective is None:
                continue  # a version git has that cannot be read: the working tree is checked
            found = versions.setdefault(path, {})
            first = found.get(effective)
            found[effective] = Committed(
                effective,
                first.first if first else sha,
                first.first_at if first else when,
                sha,
                blob,
            )
    if since != head:
        _save(store, prefix, head, versions, entries)
    return PolicyRecord(
        {
            path: tuple(
                Committed(v.effective, v.first, v.first_at, v.last, v.blob, texts.get(v.blob, ""))
                for _, v in sorted(found.items())
            )
            for path, found in versions.items()
        },
        entries,
        True,
    )


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _log(git: str, root: str, prefix: str, commits: str) -> list[_Logged]:
    """The commits of the main line that changed policies or the register, oldest first."""
    out = _run(
        [
            *(git, "-C", root, "log", "--first-parent", "--no-renames", "--raw", "--no-abbrev"),
            *("--format=%x00%H %ct", commits, "--", f"{prefix}policies/", f"{prefix}{REGISTER}"),
        ]
    )
    found: list[_Logged] = []
    for block in reversed((out or "").split("\x00")[1:]):
        head, *lines = block.strip("\n").split("\n")
        sha, stamp = head.split(" ")
        changes: list[tuple[str, str]] = []
        for line in lines:
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, path = line.split("\t", 1)
            path = path[len(prefix) :]
            if path == REGISTER or (path.startswith("policies/") and path.endswith(".md")):
                changes.append((path, meta.split(" ")[3]))
        found.append(_Logged(sha, datetime.fromtimestamp(int(stamp), UTC), changes))
    return found


def _blobs(git: str, root: str, blobs: list[str]) -> dict[str, str]:
    if not blobs:
        return {}
    done = subprocess.run(
        [git, "-C", root, "cat-file", "--batch"],
        input="".join(f"{b}\n" for b in blobs).encode(),
        capture_output=True,
    )
    data, pos, out = done.stdout, 0, {}
    for blob in blobs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        out[blob] = data[pos : pos + size].decode("utf-8", "replace").replace("\r\n", "\n")
        pos += size + 1
    return out


def _yaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - the safe loader
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


def _effective(text: str) -> date | None:
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), 0)
    data = _yaml("\n".join(lines[1:end])) if end else None
    value = data.get("effective") if isinstance(data, dict) else None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return None
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


def _entries(text: str, sha: str, when: datetime, entries: dict[str, EntryDates]) -> None:
    data = _yaml(text)
    listed = data.get("subprocessors") if isinstance(data, dict) else None
    for entry in listed if isinstance(listed, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        ident = entry["id"]
        known = entries.get(ident)
        if known is None:
            known = entries[ident] = EntryDates(when, sha)
        if entry.get("until") is not None and known.ended is None:
            entries[ident] = EntryDates(known.added, known.commit, when)


def _load(store: Path, prefix: str) -> _Kept:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
        if data.get("version") != STORE_VERSION or data.get("prefix") != prefix:
            return _Kept()
        return _Kept(
            data["head"],
            {
                path: [
                    Committed(date.fromisoformat(v[0]), v[1], _time(v[2]), v[3], v[4])
                    for v in found
                ]
                for path, found in data["policies"].items()
            },
            {
                ident: EntryDates(_time(e[0]), e[1], None if e[2] is None else _time(e[2]))
                for ident, e in data["entries"].items()
            },
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return _Kept()


def _save(
    store: Path,
    prefix: str,
    head: str,
    versions: dict[str, dict[date, Committed]],
    entries: dict[str, EntryDates],
) -> None:
    data = {
        "version": STORE_VERSION,
        "prefix": prefix,
        "head": head,
        "policies": {
            path: [
                (v.effective.isoformat(), v.first, _stamp(v.first_at), v.last, v.blob)
                for v in found.values()
            ]
            for path, found in versions.items()
        },
        "entries": {
            i: (_stamp(e.added), e.commit, None if e.ended is None else _stamp(e.ended))
            for i, e in entries.items()
        },
    }
    try:
        replace_file(store, json.dumps(data, sort_keys=True).encode("utf-8"))
    except OSError:
        pass  # a read-only repository: the next build reads the history again, that is all


def _time(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, UTC)


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())
