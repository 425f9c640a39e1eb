"""A new policy, and a new version of one, from the command line. A new version keeps the
file (its git history holds the old one): its `effective` date moves on, its `summary` says
what changes and why, and the text is then edited in place."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator.content.checked_files import AuthoringError, edit_file
from generator.content.ids import ID, slugify
from generator.content.models import Portal
from generator.content.new_documents import new_path
from generator.content.policies import Policy, policy_from
from generator.content.schema import Checker
from generator.content.source import Document, decode, display_path, front_matter
from generator.content.yaml_text import scalar, text_block
from generator.errors import ContentErrors, Problem

FOLDER = "policies"
# A key at the start of a front matter line: where the previous field's value ends.
_KEY = re.compile(r"[^\s#\-][^:]*:")


def check_policy(data: bytes, path: Path, portal: Portal) -> tuple[Policy | None, list[Problem]]:
    problems: list[Problem] = []
    shown = display_path(path)
    text = decode(data, shown, problems)
    doc = front_matter(text, shown, problems) if text is not None else None
    policy = policy_from(doc, Checker(doc, problems), path.stem, portal) if doc else None
    return policy, problems


def new_policy(content_dir: Path, portal: Portal, title: str, effective: date) -> Path:
    lines = [
        "---",
        f"title: {scalar(title)}",
        f"effective: {effective.isoformat()}",
        "---",
        "",
        f"The {' '.join(title.split()).lower()} in full: what we promise, and what we ask of you.",
        "",
    ]
    path = new_path(content_dir / FOLDER, slugify(title))
    text = "\n".join(lines)
    _, problems = check_policy(text.encode("utf-8"), path, portal)
    if problems:
        raise ContentErrors(problems)
    with open(path, "x", encoding="utf-8") as out:  # never overwrite
        out.write(text)
    return path


def new_version(
    content_dir: Path, portal: Portal, policy_id: str, effective: date, summary: str
) -> tuple[Path, date]:
    """Move the policy's file on to a new version; returns its path and the date it replaced."""
    path = content_dir / FOLDER / f"{policy_id}.md"
    if not ID.match(policy_id) or not path.is_file():
        known = sorted(p.stem for p in (content_dir / FOLDER).glob("*.md") if ID.match(p.stem))
        raise AuthoringError(
            f"no policy {policy_id!r} in {display_path(content_dir / FOLDER)}/"
            + (f"; policies: {', '.join(known)}" if known else "")
        )
    policy, problems = check_policy(path.read_bytes(), path, portal)
    if problems or policy is None:
        raise ContentErrors(problems)
    replaced = policy.newest.effective
    if effective <= replaced:
        raise AuthoringError(
            f"{effective}: the version in the file takes effect {replaced}; "
            "a new version takes effect after the one it replaces"
        )
    if not summary.strip():
        raise AuthoringError("--summary: say what changes and why; readers see it first")

    def check(data: bytes) -> list[Problem]:
        return check_policy(data, path, portal)[1]

    def edit(doc: Document, lines: list[str]) -> list[str]:
        end = next(n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "..."))
        fields = _fields(lines, end)
        start, stop = fields["effective"]
        summary_lines = text_block("summary", summary, "")
        out = [*lines[:start], f"effective: {effective.isoformat()}", *lines[stop:]]
        if "summary" in fields:
            first, last = fields["summary"]
            shift = 0 if first < start else 1 - (stop - start)
            return [*out[: first + shift], *summary_lines, *out[last + shift :]]
        return [*out[: start + 1], *summary_lines, *out[start + 1 :]]

    edit_file(path, check, edit)
    return path, replaced


def _fields(lines: list[str], end: int) -> dict[str, tuple[int, int]]:
    """Each top-level field of the front matter: the lines its key and value take."""
    starts = [n for n in range(1, end) if _KEY.match(lines[n])]
    found = {}
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else end
        found[lines[first].split(":", 1)[0].strip().strip("\"'")] = (first, last)
    return found
