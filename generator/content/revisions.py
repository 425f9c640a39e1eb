"""What git remembers of each page: when it was first published, each revision, and each
correction — an update whose text, time or status changed, or that was removed, after it
had been published. Appending updates and editing a report are revisions, not corrections.

Git is read with the git command itself, in two processes for the whole history: one
`git log` that names the files each commit changed, and one `git cat-file --batch` that
returns the versions of the files that changed more than once. Without git, outside a
repository, or in a shallow clone (whose history would be wrong), there is no history and
the build goes on without it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader

KINDS = ("incidents", "maintenance", "announcements")


@dataclass(frozen=True)
class Correction:
    """An update changed or removed after it was published."""

    commit: str
    at: datetime  # when the correction was committed
    update_at: str  # the corrected update's time, as first published (ISO, UTC)
    old: str  # its text as first published (with its status and time when those changed)
    new: str  # its text now; empty when it was removed
    what: str  # "text" | "time" | "status" | "removed"


@dataclass(frozen=True)
class Revision:
    commit: str
    at: datetime
    added: int  # updates appended
    corrected: int  # updates corrected
    edited: bool  # other words changed (title, report, remedy, …)


@dataclass
class History:
    """One document's history: its revisions oldest first; the first is its publication."""

    revisions: list[Revision] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def published(self) -> datetime | None:
        return self.revisions[0].at if self.revisions else None

    def as_of(self, now: datetime) -> History:
        """What had happened by `now`: a build as of a past moment shows no later commits."""
        return History(
            [r for r in self.revisions if r.at <= now],
            [c for c in self.corrections if c.at <= now],
        )


def read_history(content_dir: Path) -> dict[tuple[str, str], History]:
    """(kind, id) -> History for every incident, maintenance window and announcement that git
    knows; empty without git or a full history."""
    git = shutil.which("git")
    if git is None:
        return {}
    root = _run([git, "-C", str(content_dir), "rev-parse", "--show-toplevel"])
    if root is None or _run([git, "-C", root, "rev-parse", "--is-shallow-repository"]) != "false":
        return {}
    prefix = Path(content_dir).resolve().relative_to(Path(root).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    log = _run(
        [git, "-C", root, "log", "--reverse", "--no-renames", "--format=%x00%H %ct",
         "--name-only", "--", prefix or "."],
    )  # fmt: skip
    if not log:
        return {}
    touched: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
    for block in log.split("\x00")[1:]:
        head, *names = block.strip("\n").split("\n")
        sha, stamp = head.split(" ")
        when = datetime.fromtimestamp(int(stamp), UTC)
        for name in names:
            if name.startswith(prefix) and _document(name[len(prefix) :]):
                touched[name].append((sha, when))
    versions = _versions(git, root, {p: c for p, c in touched.items() if len(c) > 1})
    found = {}
    for path, commits in touched.items():
        kind, ident = _document(path[len(prefix) :])
        found[kind, ident] = _history(commits, versions.get(path, {}))
    return found


def _document(relative: str) -> tuple[str, str] | None:
    parts = relative.split("/")
    if len(parts) != 2 or parts[0] not in KINDS or not parts[1].endswith(".md"):
        return None
    stem = parts[1][: -len(".md")]
    if "." in stem:  # a translation, ID.LANG.md: its original's history is the page's
        return None
    return parts[0], stem


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _versions(git: str, root: str, wanted: dict[str, list]) -> dict[str, dict[str, dict]]:
    """path -> commit -> the front matter at that commit (missing where the file was deleted),
    read in one `git cat-file --batch`."""
    requests = [(path, sha) for path, commits in wanted.items() for sha, _ in commits]
    if not requests:
        return {}
    stdin = "".join(f"{sha}:{path}\n" for path, sha in requests).encode()
    done = subprocess.run(
        [git, "-C", root, "cat-file", "--batch"], input=stdin, capture_output=True, check=False
    )
    data, pos = done.stdout, 0
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for path, sha in requests:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":  # "<spec> missing": deleted here
            continue
        size = int(header[2])
        out[path][sha] = _front(data[pos : pos + size].decode("utf-8", "replace"))
        pos += size + 1
    return out


def _front(text: str) -> dict:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            try:
                data = yaml.load("\n".join(lines[1:end]), Loader=_Loader)  # noqa: S506 - safe
            except yaml.YAMLError:
                return {}
            return {"data": data if isinstance(data, dict) else {}, "body": lines[end + 1 :]}
    return {}


def _updates(version: dict) -> dict[str, tuple[str, str]]:
    """The updates of one version: their time (ISO, UTC) -> (status, text)."""
    found = {}
    for update in (version.get("data") or {}).get("updates") or []:
        if not isinstance(update, dict):
            continue
        at = _iso(update.get("at"))
        if at:
            found[at] = (str(update.get("status") or ""), str(update.get("text") or "").strip())
    return found


def _iso(value) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def _history(commits: list[tuple[str, datetime]], versions: dict[str, dict]) -> History:
    history = History()
    before: dict | None = None
    for sha, when in commits:
        version = versions.get(sha)
        if len(commits) > 1 and version is None:
            before = None  # deleted here; a later version starts afresh
            continue
        if version and (version.get("data") or {}).get("draft") is True:
            continue  # not yet published
        if before is None or version is None:
            history.revisions.append(Revision(sha, when, 0, 0, False))
            before = version
            continue
        old, new = _updates(before), _updates(version)
        fixes = _corrections(sha, when, old, new)
        added = len(set(new) - set(old)) - sum(f.what == "time" for f in fixes)
        rest = {k: v for k, v in version["data"].items() if k != "updates"}
        was = {k: v for k, v in before["data"].items() if k != "updates"}
        edited = rest != was or version["body"] != before["body"]
        if fixes or added or edited:
            history.revisions.append(Revision(sha, when, max(added, 0), len(fixes), edited))
            history.corrections += fixes
        before = version
    return history


def _corrections(sha, when, old: dict, new: dict) -> list[Correction]:
    """Published updates that the new version changed or dropped."""
    out = []
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


def page_of(kind: str, ident: str) -> str:
    """The page a document's history belongs to."""
    from generator import urls

    return {"incidents": urls.incident, "maintenance": urls.maintenance}.get(
        kind, urls.announcement
    )(ident)


def all_corrections(history: dict[tuple[str, str], History]):
    """(kind, id, correction) for every correction, newest first."""
    found = [(kind, ident, c) for (kind, ident), h in history.items() for c in h.corrections]
    return sorted(found, key=lambda f: (f[2].at, f[0], f[1], f[2].update_at), reverse=True)
