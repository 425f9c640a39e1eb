"""What every command that writes content shares: a file is checked as `check` would check it
before it is written, edits wait for each other under a lock on the folder, and a file is
replaced whole, never left half-written."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.atomic import replace_file, wait_for_lock
from generator.content.documents import BUILDERS, Model
from generator.content.models import Portal
from generator.content.schema import Checker
from generator.content.source import Document, decode, display_path, front_matter
from generator.content.translations import Original, translation_from
from generator.errors import ContentErrors, OpenbookError, Problem


class AuthoringError(OpenbookError):
    """A command cannot do what was asked; the message says why in one line."""


def edit_file(
    path: Path,
    check: Callable[[bytes], list[Problem]],
    edit: Callable[[Document, list[str]], list[str]],
) -> None:
    """Edit a valid file's lines and replace it, if the result is valid too; line ends and a
    byte order mark stay as they were."""
    raw = path.read_bytes()
    problems = check(raw)
    if problems:
        raise ContentErrors(problems)
    newline = "\r\n" if b"\r\n" in raw else "\n"
    source, doc = _read(raw, path)  # line ends now LF
    lines = edit(doc, source.split("\n"))
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    updated = bom + newline.join(lines)
    problems = check(updated.encode("utf-8"))
    if problems:
        raise ContentErrors(problems)
    replace_file(path, updated.encode("utf-8"))


LOCK_WAIT = 30.0  # seconds an edit waits for another to finish


@contextmanager
def locked(folder: Path) -> Iterator[None]:
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


def model_of(data: bytes, path: Path, kind: str, portal: Portal) -> Model:
    """The model of a document known to be valid."""
    problems: list[Problem] = []
    _, doc = _read(data, path)
    model = BUILDERS[kind](doc, Checker(doc, problems), path.stem, portal)
    if model is None:
        raise ContentErrors(problems)
    return model


def _read(data: bytes, path: Path) -> tuple[str, Document]:
    """The text and front matter of a file known to be valid."""
    problems: list[Problem] = []
    source = decode(data, display_path(path), problems)
    doc = front_matter(source, display_path(path), problems) if source is not None else None
    if source is None or doc is None:
        raise ContentErrors(problems)
    return source, doc


def check_translation(
    data: bytes, path: Path, kind: str, original: Original, language: str, portal: Portal
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
