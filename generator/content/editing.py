"""Updates appended in place, and their translations, from the command line.

`append_update` edits the file as text: everything else in it — comments, key order,
quoting, the body — stays byte for byte as it was. New documents are made in
new_documents.py; both check what they write as `check` would (checked_files.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from generator.content.checked_files import AuthoringError as AuthoringError
from generator.content.checked_files import (
    check_text,
    check_translation,
    edit_file,
    locked,
    model_of,
)
from generator.content.ids import ID
from generator.content.models import Incident, Maintenance, Portal
from generator.content.new_documents import new_announcement as new_announcement
from generator.content.new_documents import new_incident as new_incident
from generator.content.new_documents import new_maintenance as new_maintenance
from generator.content.new_documents import new_page as new_page
from generator.content.schema import Checker, iso
from generator.content.source import Document, display_path
from generator.content.translations import translation_from
from generator.content.yaml_text import scalar as scalar
from generator.content.yaml_text import text_block
from generator.errors import ContentErrors, Problem


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

    with locked(path.parent):
        edit_file(path, check, edit)


def _insert_update(doc: Document, lines: list[str], entry: list[str]) -> tuple[list[str], int]:
    """`entry` added at the end of `updates:` (made if missing), and where it went."""
    if ("updates",) not in doc.lines:
        at_line = _front_matter_end(lines)
        entry = ["updates:", *entry]
    else:
        at_line = _after_updates(doc, lines)
    return lines[:at_line] + entry + lines[at_line:], at_line


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
    with locked(path.parent):
        raw = path.read_bytes()
        problems = check_text(raw, path, kind, portal)
        if problems:
            raise ContentErrors(problems)
        original = model_of(raw, path, kind, portal)
        if not isinstance(original, Incident | Maintenance):  # as `find_document` finds
            raise AuthoringError(
                f"{display_path(path)}: only incidents and maintenance have updates to translate"
            )
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
            edit_file(target, check, edit)
    return target, at


def _update_lines(
    doc: Document,
    lines: list[str],
    at: datetime,
    status: str,
    text: str,
    components: dict[str, str],
) -> list[str]:
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
