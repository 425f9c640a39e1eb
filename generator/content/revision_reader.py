"""Reading what git remembers of each incident, maintenance window and announcement: git run in
its own processes, in a thread beside the build, with what was read kept in the repository's git
folder from one build to the next.

Git is read with the git command itself, in two processes for the whole history: one
`git log` that names the files each commit changed, and one `git cat-file --batch` that
returns the versions of the files that changed more than once (git_reading.py). Without git,
outside a repository, or in a shallow clone (whose history would be wrong), there are no
revisions and the build goes on without them. Telling a document's revisions and corrections
from its versions is corrections.py's part.
"""

from __future__ import annotations

import json
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.atomic import replace_file
from generator.content.corrections import revisions_from
from generator.content.git_reading import file_versions, git_log, run_git
from generator.content.revision_records import Correction, GitRecord, Revision

KINDS = ("incidents", "maintenance", "announcements")
STORE = "openbook-history.json"  # in the git folder, never committed
STORE_VERSION = 1

Commits = list[tuple[str, datetime]]  # (sha, commit time), oldest first


class Reader:
    """Reads the revisions in a thread while the build reads the content: git does its work in
    its own processes, on another core. `cache` (kept by `openbook serve` between builds)
    holds the last revisions read with the commit they were read at; they are read again only
    after a new commit."""

    def __init__(self, content_dir: Path, cache: dict[str, Any] | None = None):
        self._found: dict[tuple[str, str], GitRecord] = {}
        self._cache = {} if cache is None else cache
        self._thread = threading.Thread(target=self._read, args=(content_dir,), daemon=True)
        self._thread.start()

    def _read(self, content_dir: Path) -> None:
        git = shutil.which("git")
        head = run_git([git, "-C", str(content_dir), "rev-parse", "HEAD"]) if git else None
        if head and self._cache.get("head") == head:
            self._found = self._cache["revisions"]
            return
        self._found = read_revisions(content_dir)
        if head:
            self._cache.update(head=head, revisions=self._found)

    def result(self) -> dict[tuple[str, str], GitRecord]:
        self._thread.join()
        return self._found


def read_revisions(content_dir: Path) -> dict[tuple[str, str], GitRecord]:
    """(kind, id) -> its revisions and corrections, for every incident, maintenance window and
    announcement that git knows; empty without git or a full history.

    What was read is kept in the repository's git folder (`STORE`), with the commit it was
    read at: the next build reads only the commits since and the files they changed. A history
    rewritten since (a rebase, a force push) is read again whole."""
    git = shutil.which("git")
    if git is None:
        return {}
    root = run_git([git, "-C", str(content_dir), "rev-parse", "--show-toplevel"])
    if (
        root is None
        or run_git([git, "-C", root, "rev-parse", "--is-shallow-repository"]) != "false"
    ):
        return {}
    head = run_git([git, "-C", root, "rev-parse", "HEAD"])
    store = Path(run_git([git, "-C", root, "rev-parse", "--absolute-git-dir"]) or root) / STORE
    prefix = Path(content_dir).resolve().relative_to(Path(root).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    if not head:
        return {}
    kept = _load(store, prefix)
    since = kept.get("head")
    if since == head:
        touched, found = kept["touched"], kept["revisions"]
        changed: set[str] = set()
    elif since and run_git([git, "-C", root, "merge-base", "--is-ancestor", since, head]) == "":
        touched, found = kept["touched"], kept["revisions"]
        changed = _add(git_log(git, root, f"{since}..{head}"), prefix, touched)
    else:
        touched, found = {}, {}
        changed = _add(git_log(git, root), prefix, touched)
    wanted = {p: touched[p] for p in changed if len(touched[p]) > 1}
    versions = file_versions(git, root, wanted)
    for path in changed:
        found[path] = revisions_from(touched[path], versions.get(path, {}))
    if changed or since != head:
        _save(store, prefix, head, touched, found)
    by_document = {}
    for path, revisions in found.items():
        document = _document(path[len(prefix) :])
        if document is not None:
            by_document[document] = revisions
    return by_document


def _add(log: str, prefix: str, touched: dict[str, Commits]) -> set[str]:
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


def _load(store: Path, prefix: str) -> dict[str, Any]:
    """What an earlier build read: {"head", "touched", "revisions"}; empty if there is none
    that fits this content folder and this version of the store."""
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
        if data.get("version") != STORE_VERSION or data.get("prefix") != prefix:
            return {}
        touched = {
            path: [(sha, datetime.fromtimestamp(t, UTC)) for sha, t in commits]
            for path, commits in data["touched"].items()
        }
        revisions = {
            path: GitRecord(
                [Revision(r[0], datetime.fromtimestamp(r[1], UTC), *r[2:]) for r in h["r"]],
                [Correction(c[0], datetime.fromtimestamp(c[1], UTC), *c[2:]) for c in h["c"]],
            )
            for path, h in data["histories"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {"head": data["head"], "touched": touched, "revisions": revisions}


def _save(
    store: Path,
    prefix: str,
    head: str,
    touched: dict[str, Commits],
    revisions: dict[str, GitRecord],
) -> None:
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
            for path, h in revisions.items()
        },
    }
    try:
        replace_file(store, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only repository: the next build reads the revisions again, that is all


def _document(relative: str) -> tuple[str, str] | None:
    parts = relative.split("/")
    if len(parts) != 2 or parts[0] not in KINDS or not parts[1].endswith(".md"):
        return None
    stem = parts[1][: -len(".md")]
    if "." in stem:  # a translation, ID.LANG.md: its original's revisions are the page's
        return None
    return parts[0], stem
