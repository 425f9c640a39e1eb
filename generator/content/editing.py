"""Writing content from the command line: new documents, and updates appended in place.

`append_update` edits the file as text: everything else in it — comments, key order,
quoting, the body — stays byte for byte as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from generator.atomic import wait_for_lock
from generator.content.documents import BUILDERS
from generator.content.ids import ID, slugify
from generator.content.load import RESERVED
from generator.content.models import Portal
from generator.content.schema import Checker, iso
from generator.content.source import Document, decode, display_path, front_matter
from generator.content.translations import translation_from
from generator.errors import ContentErrors, OpenbookError, Problem


class AuthoringError(OpenbookError):
    """A command cannot do what was asked; the message says why in one line."""


def scalar(value: str) -> str:
    """A string as YAML: plain where that reads back the same, else double-quoted with escapes
    (so every line break and control character survives, and none can start a new key)."""
    plain = (
        value.strip() == value
        and not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", value)
        and not re.search(r": |\s#|^[-?:,\[\]{}#&*!|>'\"%@`]", value)
    )
    if plain and value and _reads_back(value, value):
        return value
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")


def _reads_back(written: str, value) -> bool:
    try:
        return yaml.safe_load(written) == value
    except yaml.YAMLError:
        return False


def text_block(key: str, value: str, indent: str) -> list[str]:
    """`key: value` for free text; several lines become a literal block where that reads back
    exactly, else one double-quoted line."""
    value = value.strip()
    lines = value.split("\n")
    if len(lines) > 1:
        block = [f"{key}: |-"] + [f"  {line}" if line else "" for line in lines]
        if _reads_back("\n".join(block), {key: value}):
            return [f"{indent}{line}" if line else "" for line in block]
    return [f"{indent}{key}: {scalar(value)}"]


def new_path(folder: Path, stem: str) -> Path:
    """`folder/stem.md`, or `stem-2.md`, `stem-3.md`… if taken or reserved."""
    folder.mkdir(parents=True, exist_ok=True)
    reserved = RESERVED.get(folder.name, {})
    path, n = folder / f"{stem}.md", 2
    while path.exists() or path.stem in reserved:
        path, n = folder / f"{stem}-{n}.md", n + 1
    return path


def write_new(path: Path, text: str, portal: Portal) -> Path:
    """Write a new document, after checking it as `check` would: never a file the build rejects."""
    problems = check_text(text.encode("utf-8"), path, path.parent.name, portal)
    if problems:
        raise ContentErrors(problems)
    with open(path, "x", encoding="utf-8") as out:  # never overwrite
        out.write(text)
    return path


def dated_stem(title: str, now: datetime, portal: Portal) -> str:
    return f"{now.astimezone(portal.timezone):%Y-%m-%d}-{slugify(title)}"


def new_incident(
    content_dir: Path,
    portal: Portal,
    title: str,
    impact: str,
    components: dict[str, str],
    text: str | None,
    now: datetime,
) -> Path:
    names = [portal.component(cid).name for cid in components]
    if text is None:
        affected = " and ".join(names) if names else "our services"
        minutes = int(portal.update_every.total_seconds() // 60)
        text = (
            f"We are investigating problems with {affected}. "
            f"We will post an update within {minutes} minutes."
        )
    lines = ["---", f"title: {scalar(title)}", f"impact: {impact}"]
    if components:
        lines += ["components:"] + [f"  {cid}: {status}" for cid, status in components.items()]
    lines += [
        "updates:",
        f"  - at: {iso(now)}",
        "    status: investigating",
        *text_block("text", text, "    "),
    ]
    lines += ["---", ""]
    path = new_path(content_dir / "incidents", dated_stem(title, now, portal))
    return write_new(path, "\n".join(lines), portal)


def new_maintenance(
    content_dir: Path,
    portal: Portal,
    title: str,
    start: datetime,
    end: datetime,
    components: list[str],
    now: datetime,
) -> Path:
    if end <= start:
        raise AuthoringError("--end must be later than --start")
    lines = [
        "---",
        f"title: {scalar(title)}",
        f"published: {iso(now)}",
        f"start: {iso(start)}",
        f"end: {iso(end)}",
        f"components: [{', '.join(components)}]",
        "---",
        "",
        "What we will change, why, what customers will notice, and what they should do.",
        "",
    ]
    path = new_path(
        content_dir / "maintenance",
        f"{start.astimezone(portal.timezone):%Y-%m-%d}-{slugify(title)}",
    )
    return write_new(path, "\n".join(lines), portal)


def new_announcement(
    content_dir: Path, portal: Portal, title: str, kind: str, effective: date | None, now: datetime
) -> Path:
    if kind == "change" and effective is None:
        raise AuthoringError("a change needs --effective DATE, the day it takes effect")
    lines = ["---", f"title: {scalar(title)}", f"published: {iso(now)}", f"kind: {kind}"]
    if effective is not None:
        lines.append(f"effective: {effective.isoformat()}")
    lines += ["---", "", "What we decided, why, and what it means for you.", ""]
    path = new_path(content_dir / "announcements", dated_stem(title, now, portal))
    return write_new(path, "\n".join(lines), portal)


def new_page(content_dir: Path, portal: Portal, title: str, order: int) -> Path:
    lines = [
        "---",
        f"title: {scalar(title)}",
        f"order: {order}",
        "---",
        "",
        f"How we approach {' '.join(title.split()).lower()}.",
        "",
    ]
    return write_new(new_path(content_dir / "pages", slugify(title)), "\n".join(lines), portal)


def find_document(content_dir: Path, doc_id: str) -> tuple[str, Path]:
    """The incident or maintenance window with this id (an id, never a path)."""
    if not ID.match(doc_id):
        raise AuthoringError(
            f"{doc_id!r} is not an id; give the file name without .md, e.g. 2026-11-20-api-errors"
        )
    for kind in ("incidents", "maintenance"):
        path = content_dir / kind / f"{doc_id}.md"
        if path.is_file():
            if not path.resolve().is_relative_to(content_dir.resolve()):
                raise AuthoringError(
                    f"{display_path(path)} is a link to a file outside the content folder"
                )
            return kind, path
    known = sorted(
        p.stem for kind in ("incidents", "maintenance") for p in (content_dir / kind).glob("*.md")
    )
    near = [k for k in known if doc_id in k][:3]
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise AuthoringError(
        f"no incident or maintenance with id {doc_id!r} in {display_path(content_dir)}/{hint}"
    )


def append_update(
    path: Path,
    kind: str,
    portal: Portal,
    at: datetime,
    status: str,
    text: str,
    components: dict[str, str],
    next_update: datetime | timedelta | None = None,
) -> None:
    """Add an update at the end of the `updates:` list, touching nothing else in the file but
    an incident's `next_update`: the promise moves with the update (its time plus
    `update_every`, or `next_update`: a time, or a delay after the update), and goes when it
    resolves.

    Under a lock on the folder, so concurrent updates land one after the other; the file must be
    valid before, and the new text is checked before it replaces the file.
    """

    def check(data: bytes) -> list[Problem]:
        return check_text(data, path, kind, portal)

    def edit(doc: Document, lines: list[str]) -> list[str]:
        entry = _update_lines(doc, lines, at, status, text, components)
        lines, at_line = _insert_update(doc, lines, entry)
        if kind == "incidents":
            promise = None if status == "resolved" else _promise(at, next_update, portal)
            lines = _set_next_update(
                doc, lines, promise, at_line, len(entry), explicit=next_update is not None
            )
        return lines

    with _locked(path.parent):
        _edit_file(path, check, edit)


def _insert_update(doc: Document, lines: list[str], entry: list[str]) -> tuple[list[str], int]:
    """`entry` added at the end of `updates:` (made if missing), and where it went."""
    if ("updates",) not in doc.lines:
        at_line = _front_matter_end(lines)
        entry = ["updates:", *entry]
    else:
        at_line = _after_updates(doc, lines)
    return lines[:at_line] + entry + lines[at_line:], at_line


def _edit_file(path: Path, check, edit) -> None:
    """Edit a valid file's lines and replace it, if the result is valid too; line ends and a
    byte order mark stay as they were."""
    raw = path.read_bytes()
    problems = check(raw)
    if problems:
        raise ContentErrors(problems)
    newline = "\r\n" if b"\r\n" in raw else "\n"
    source = decode(raw, display_path(path), problems)  # valid, so not None; line ends now LF
    doc = front_matter(source, display_path(path), problems)
    lines = edit(doc, source.split("\n"))
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    updated = bom + newline.join(lines)
    problems = check(updated.encode("utf-8"))
    if problems:
        raise ContentErrors(problems)
    _replace(path, updated)


def translate_update(
    path: Path, kind: str, portal: Portal, language: str, text: str
) -> tuple[Path, datetime]:
    """Add the `language` text of the newest update of the document at `path` to its sibling
    translation `ID.LANG.md`, creating the file if needed. Returns the file and the update's
    time."""
    if language not in portal.languages[1:]:
        others = ", ".join(portal.languages[1:]) or "none (portal.yml lists one language)"
        raise AuthoringError(
            f"--lang {language}: not one of the site's other languages; they are: {others}"
        )
    target = path.with_name(f"{path.stem}.{language}.md")
    with _locked(path.parent):
        raw = path.read_bytes()
        problems = check_text(raw, path, kind, portal)
        if problems:
            raise ContentErrors(problems)
        original = _model(raw, path, kind, portal)
        if not original.updates:
            raise AuthoringError(f"{display_path(path)} has no update to translate yet")
        at = original.updates[-1].at

        def check(data: bytes) -> list[Problem]:
            return check_translation(data, target, kind, original, language, portal)

        def edit(doc: Document, lines: list[str]) -> list[str]:
            done = translation_from(doc, Checker(doc, []), kind, original, language, portal)
            if done is not None and at in done.updates:
                raise AuthoringError(
                    f"{display_path(target)} already has a text for the update at {iso(at)}; "
                    "edit the file to change it"
                )
            prefix, pad = _item_prefix(doc, lines)
            entry = [f"{prefix}at: {iso(at)}", *text_block("text", text, pad)]
            return _insert_update(doc, lines, entry)[0]

        if not target.exists():
            entry = ["updates:", f"  - at: {iso(at)}", *text_block("text", text, "    ")]
            fresh = "\n".join(["---", *entry, "---", ""])
            problems = check(fresh.encode("utf-8"))
            if problems:
                raise ContentErrors(problems)
            with open(target, "x", encoding="utf-8") as out:  # never overwrite
                out.write(fresh)
        else:
            _edit_file(target, check, edit)
    return target, at


LOCK_WAIT = 30.0  # seconds an edit waits for another to finish


@contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on `folder` (a lock on the folder itself, so no lock file is left)."""
    try:
        import fcntl  # noqa: F401 - only to know whether this system can lock
    except ImportError:  # not POSIX: no locking
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        if not wait_for_lock(handle, LOCK_WAIT, 0.02):
            raise AuthoringError(
                f"another command has been editing {display_path(folder)}/ for "
                f"{LOCK_WAIT:.0f} s; try again when it has finished"
            )
        yield
    finally:
        os.close(handle)  # releases the lock


def _update_lines(doc: Document, lines: list[str], at, status, text, components) -> list[str]:
    prefix, pad = _item_prefix(doc, lines)
    out = [f"{prefix}at: {iso(at)}", f"{pad}status: {status}", *text_block("text", text, pad)]
    if components:
        out.append(f"{pad}components: {{{', '.join(f'{k}: {v}' for k, v in components.items())}}}")
    return out


def _item_prefix(doc: Document, lines: list[str]) -> tuple[str, str]:
    """How the file writes an item of `updates:` ("  - "), and the indent of its other keys."""
    items = doc.data.get("updates") if isinstance(doc.data, dict) else None
    if ("updates",) in doc.lines and not isinstance(items, list):
        raise AuthoringError(f"{doc.path}: updates: expected a list; fix the file first")
    prefix = "  - "
    if items:
        first = doc.lines[("updates", 0)] - 1
        match = re.match(r"(\s*-\s+)", lines[first])
        if match is None:
            raise AuthoringError(
                f"{doc.path}:{first + 1}: updates: written as a [flow] list; "
                "write one '- at: …' item per line to use openbook update"
            )
        prefix = match.group(1)
    return prefix, " " * len(prefix)


def _promise(at: datetime, given: datetime | timedelta | None, portal: Portal) -> datetime:
    if isinstance(given, datetime):
        return given
    return at + (given if given is not None else portal.update_every)


def _set_next_update(
    doc: Document,
    lines: list[str],
    promise: datetime | None,
    inserted_at: int,
    inserted: int,
    explicit: bool,
) -> list[str]:
    """Move, add or remove the top-level `next_update` line (after `inserted` lines went in at
    `inserted_at`). Without one, and without an explicit promise, the default already holds."""
    if ("next_update",) not in doc.lines:
        if promise is None or not explicit:
            return lines
        end = _front_matter_end(lines)
        return lines[:end] + [f"next_update: {iso(promise)}"] + lines[end:]
    n = doc.lines[("next_update",)] - 1
    n += inserted if n >= inserted_at else 0
    if promise is None:
        return lines[:n] + lines[n + 1 :]
    match = re.match(r"(next_update:\s*)(\S+)(.*)\Z", lines[n])
    if match is None:  # written over several lines, or oddly: replace it whole
        return lines[:n] + [f"next_update: {iso(promise)}"] + lines[n + 1 :]
    return lines[:n] + [match.group(1) + iso(promise) + match.group(3)] + lines[n + 1 :]


def _front_matter_end(lines: list[str]) -> int:
    return next(n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "..."))


def _after_updates(doc: Document, lines: list[str]) -> int:
    """The index of the first line after the `updates:` block (before trailing blank and
    comment lines)."""
    start = doc.lines[("updates",)] - 1
    key_indent = len(lines[start]) - len(lines[start].lstrip())
    end = _front_matter_end(lines)
    last = start
    for n in range(start + 1, end):
        stripped = lines[n].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[n]) - len(lines[n].lstrip())
        if indent <= key_indent and not stripped.startswith("-"):
            break
        if indent < key_indent:
            break
        last = n
    return last + 1


def _replace(path: Path, text: str) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _model(data: bytes, path: Path, kind: str, portal: Portal):
    """The model of a document known to be valid."""
    problems: list[Problem] = []
    doc = front_matter(decode(data, display_path(path), problems), display_path(path), problems)
    return BUILDERS[kind](doc, Checker(doc, problems), path.stem, portal)


def check_translation(
    data: bytes, path: Path, kind: str, original, language: str, portal: Portal
) -> list[Problem]:
    """Problems in a translation's bytes, as `check` would report them for `path`."""
    problems: list[Problem] = []
    shown = display_path(path)
    text = decode(data, shown, problems)
    doc = front_matter(text, shown, problems) if text is not None else None
    if doc is not None:
        translation_from(doc, Checker(doc, problems), kind, original, language, portal)
    return problems


def check_text(data: bytes, path: Path, kind: str, portal: Portal) -> list[Problem]:
    """Problems in one document's bytes, as `check` would report them for `path`."""
    problems: list[Problem] = []
    shown = display_path(path)
    text = decode(data, shown, problems)
    doc = front_matter(text, shown, problems) if text is not None else None
    if doc is not None:
        BUILDERS[kind](doc, Checker(doc, problems), path.stem, portal)
    return problems
