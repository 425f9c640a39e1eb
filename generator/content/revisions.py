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

import json
import re
import shutil
import subprocess
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from generator.atomic import replace_file

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


class Reader:
    """Reads the history in a thread while the build reads the content: git does its work in
    its own processes, on another core. `cache` (kept by `openbook serve` between builds)
    holds the last history with the commit it was read at; it is read again only after a
    new commit."""

    def __init__(self, content_dir: Path, cache: dict | None = None):
        self._found: dict = {}
        self._cache = {} if cache is None else cache
        self._thread = threading.Thread(target=self._read, args=(content_dir,), daemon=True)
        self._thread.start()

    def _read(self, content_dir: Path) -> None:
        git = shutil.which("git")
        head = _run([git, "-C", str(content_dir), "rev-parse", "HEAD"]) if git else None
        if head and self._cache.get("head") == head:
            self._found = self._cache["history"]
            return
        self._found = read_history(content_dir)
        if head:
            self._cache.update(head=head, history=self._found)

    def result(self) -> dict[tuple[str, str], History]:
        self._thread.join()
        return self._found


def read_history(content_dir: Path) -> dict[tuple[str, str], History]:
    """(kind, id) -> History for every incident, maintenance window and announcement that git
    knows; empty without git or a full history.

    What was read is kept in the repository's git folder (`openbook-history.json`, never
    committed), with the commit it was read at: the next build reads only the commits since
    and the files they changed. A history rewritten since (a rebase, a force push) is read
    again whole."""
    git = shutil.which("git")
    if git is None:
        return {}
    root = _run([git, "-C", str(content_dir), "rev-parse", "--show-toplevel"])
    if root is None or _run([git, "-C", root, "rev-parse", "--is-shallow-repository"]) != "false":
        return {}
    head = _run([git, "-C", root, "rev-parse", "HEAD"])
    store = Path(_run([git, "-C", root, "rev-parse", "--absolute-git-dir"]) or root)
    store = store / "openbook-history.json"
    prefix = Path(content_dir).resolve().relative_to(Path(root).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    if not head:
        return {}
    kept = _load(store, prefix)
    since = kept.get("head")
    if since == head:
        touched, histories = kept["touched"], kept["histories"]
        changed: set[str] = set()
    elif since and _run([git, "-C", root, "merge-base", "--is-ancestor", since, head]) == "":
        touched, histories = kept["touched"], kept["histories"]
        changed = _add(_log(git, root, f"{since}..{head}"), prefix, touched)
    else:
        touched, histories = {}, {}
        changed = _add(_log(git, root), prefix, touched)
    wanted = {p: touched[p] for p in changed if len(touched[p]) > 1}
    versions = _versions(git, root, wanted)
    for path in changed:
        histories[path] = _history(touched[path], versions.get(path, {}))
    if changed or since != head:
        _save(store, prefix, head, touched, histories)
    found = {}
    for path, history in histories.items():
        kind, ident = _document(path[len(prefix) :])
        found[kind, ident] = history
    return found


def _add(log: str, prefix: str, touched: dict) -> set[str]:
    """The commits of `log` (oldest first) added to each file's list; the files they changed."""
    changed = set()
    for block in log.split("\x00")[1:]:
        head, *names = block.strip("\n").split("\n")
        sha, stamp = head.split(" ")
        when = datetime.fromtimestamp(int(stamp), UTC)
        for name in names:
            if name.startswith(prefix) and _document(name[len(prefix) :]):
                touched.setdefault(name, []).append((sha, when))
                changed.add(name)
    return changed


STORE_VERSION = 1


def _load(store: Path, prefix: str) -> dict:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
        if data.get("version") != STORE_VERSION or data.get("prefix") != prefix:
            return {}
        touched = {
            path: [(sha, datetime.fromtimestamp(t, UTC)) for sha, t in commits]
            for path, commits in data["touched"].items()
        }
        histories = {
            path: History(
                [Revision(r[0], datetime.fromtimestamp(r[1], UTC), *r[2:]) for r in h["r"]],
                [Correction(c[0], datetime.fromtimestamp(c[1], UTC), *c[2:]) for c in h["c"]],
            )
            for path, h in data["histories"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {"head": data["head"], "touched": touched, "histories": histories}


def _save(store: Path, prefix: str, head: str, touched: dict, histories: dict) -> None:
    def ts(moment: datetime) -> int:
        return int(moment.timestamp())

    data = {
        "version": STORE_VERSION,
        "prefix": prefix,
        "head": head,
        "touched": {p: [(sha, ts(w)) for sha, w in c] for p, c in touched.items()},
        "histories": {
            path: {
                "r": [(r.commit, ts(r.at), r.added, r.corrected, r.edited) for r in h.revisions],
                "c": [
                    (c.commit, ts(c.at), c.update_at, c.old, c.new, c.what) for c in h.corrections
                ],
            }
            for path, h in histories.items()
        },
    }
    try:
        replace_file(store, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only repository: the next build reads the history again, that is all


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


def _log(git: str, root: str, commits: str = "HEAD") -> str:
    """Every commit, oldest first, with the files it changed: two `git log`s over the two
    halves of history at once, one per core. (No pathspec: git would then compare every
    commit's trees twice; the names are filtered here.)"""
    count = _run([git, "-C", root, "rev-list", "--count", commits])
    if not count or not count.isdigit():
        return ""
    # Later commits have larger trees to compare: the newer part is the smaller one.
    split = int(count) * 3 // 10 + 1
    base = [git, "-C", root, "log", "--no-renames", "--format=%x00%H %ct", "--name-only"]
    runs = [
        subprocess.Popen([*base, f"--max-count={split}", commits], stdout=subprocess.PIPE),
        subprocess.Popen([*base, f"--skip={split}", commits], stdout=subprocess.PIPE),
    ]
    parts: list[bytes] = [b"", b""]

    def drain(n: int) -> None:  # both at once: a full pipe would stop the other
        parts[n] = runs[n].communicate()[0]

    threads = [threading.Thread(target=drain, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(r.returncode for r in runs):
        return ""
    blocks = (parts[0] + parts[1]).decode("utf-8", "replace").split("\x00")[1:]
    return "\x00" + "\x00".join(reversed(blocks))


def _versions(git: str, root: str, wanted: dict[str, list]) -> dict[str, dict[str, str]]:
    """path -> commit -> the file's text at that commit (missing where the file was deleted),
    read by two `git cat-file --batch` at once."""
    requests = [(path, sha) for path, commits in wanted.items() for sha, _ in commits]
    if not requests:
        return {}
    halves = [requests[: len(requests) // 2], requests[len(requests) // 2 :]]
    data: list[bytes] = [b"", b""]

    def read(n: int) -> None:
        stdin = "".join(f"{sha}:{path}\n" for path, sha in halves[n]).encode()
        done = subprocess.run(
            [git, "-C", root, "cat-file", "--batch"], input=stdin, capture_output=True
        )
        data[n] = done.stdout

    threads = [threading.Thread(target=read, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk, half in zip(data, halves, strict=True):
        _split(chunk, half, out)
    return out


def _split(data: bytes, requests: list[tuple[str, str]], out: dict) -> None:
    """cat-file's answers, one per request, into `out`."""
    pos = 0
    for path, sha in requests:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":  # "<spec> missing": deleted here
            continue
        size = int(header[2])
        out[path][sha] = data[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1


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


def _history(commits: list[tuple[str, datetime]], versions: dict[str, str]) -> History:
    history = History()
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
            history.revisions.append(Revision(sha, when, 0, 0, False))
            before = version
            continue
        added, fixes = version.compared(before, sha, when)
        edited = version.rest != before.rest
        if fixes or added or edited:
            history.revisions.append(Revision(sha, when, max(added, 0), len(fixes), edited))
            history.corrections += fixes
        before = version
    return history


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

    def compared(self, before: _Version, sha: str, when: datetime) -> tuple[int, list]:
        """(updates added, corrections) from `before` to this version."""
        mine = {item.strip() for item in self.items}
        theirs = {item.strip() for item in before.items}
        if theirs <= mine:
            return len(mine - theirs), []
        old, new = _updates(_front(before.text)), _updates(_front(self.text))
        fixes = _corrections(sha, when, old, new)
        return len(set(new) - set(old)) - sum(f.what == "time" for f in fixes), fixes


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


def all_corrections(content) -> list[tuple[str, str, Correction]]:
    """(page, title, correction) for every correction of a published document, newest first."""
    titles = {("incidents", i.id): i.title for i in content.incidents}
    titles |= {("maintenance", m.id): m.title for m in content.maintenance}
    titles |= {("announcements", a.id): a.title for a in content.announcements}
    found = [
        (kind, ident, c)
        for (kind, ident), h in content.history.items()
        if (kind, ident) in titles
        for c in h.corrections
    ]
    found.sort(key=lambda f: (f[2].at, f[0], f[1], f[2].update_at), reverse=True)
    return [(page_of(kind, ident), titles[kind, ident], c) for kind, ident, c in found]
