"""Translations: sibling files `ID.LANG.md` that carry only the words of a document.

A translation holds the title, each update's text matched by its `at`, the remedy, the
commitments' titles (in the original's order) and the body. Everything else (statuses, times,
components, impact) lives only in the original and is never repeated. A translation that lags
its original is not an error: what it lacks is shown in the original language, marked, and
`check` warns. A translation with words the original does not have is an error.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from generator.content.documents import check_scripts
from generator.content.models import (
    Announcement,
    Content,
    Incident,
    Maintenance,
    Portal,
    StandingPage,
)
from generator.content.schema import (
    Checker,
    Field,
    describe,
    did_you_mean,
    iso,
    list_of,
    moment,
    ok,
    one_line,
    record_of,
    text,
)
from generator.content.source import Document, KeyPath
from generator.errors import Problem

# `2026-10-08-postgres-outage.de.md`: the original's id, then the language.
NAME = re.compile(r"(?P<id>[a-z0-9][a-z0-9-]*)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\Z")

# The word fields each kind of document may translate.
WORDS = {
    "incidents": ("title", "updates", "remedy", "commitments"),
    "maintenance": ("title", "updates"),
    "announcements": ("title", "commitments"),
    "pages": ("title",),
}
# The documents a translation gives words to: the kinds in WORDS.
Original = Incident | Maintenance | Announcement | StandingPage
_Original = TypeVar("_Original", Incident, Maintenance, Announcement, StandingPage)  # one of them
STRUCTURE_HINT = (
    "a translation holds only words (title, updates' text by their `at`, remedy, commitments' "
    "titles, the body); statuses, times and components live only in the original"
)


@dataclass(frozen=True)
class Translation:
    kind: str  # "incidents"
    id: str  # the original's id
    language: str
    title: str = ""
    updates: Mapping[datetime, str] = field(default_factory=dict)  # text by the update's `at`
    remedy: str = ""
    commitments: tuple[str, ...] = ()  # titles, in the original's order
    body: str = ""
    source: str = ""


def translation_from(
    doc: Document, c: Checker, kind: str, original: Original, language: str, portal: Portal
) -> Translation | None:
    """Check a translation against its original; None if it has errors (reported)."""
    allowed = WORDS[kind]
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        c.report((), f"expected the fields of a translation; got {describe(data)}")
        return None
    structure = _structure_fields(kind)
    for key in data:
        if key in allowed:
            continue
        if key in structure:
            c.report((key,), f"'{key}' belongs to the original only", STRUCTURE_HINT)
        else:
            hint = did_you_mean(str(key), list(allowed)) or "fields of a translation: " + ", ".join(
                allowed
            )
            c.report((key,), f"unknown field '{key}'", hint, field=str(key))
    update = {"at": Field(moment, required=True), "text": Field(text, required=True)}
    commitment = {"title": Field(one_line, required=True)}
    schema = {
        "title": Field(one_line),
        "updates": Field(list_of(record_of(update, "a translated update")), default=[]),
        "remedy": Field(text, default=""),
        "commitments": Field(list_of(record_of(commitment, "a commitment")), default=[]),
    }
    f = c.record({k: v for k, v in data.items() if k in allowed}, (), schema, "a translation")
    if f is None or not ok(*f.values()):
        return None
    before = len(c.problems)
    texts = _updates(c, f["updates"], original)
    if f["remedy"] and not getattr(original, "remedy", ""):
        c.report(("remedy",), "the original has no remedy to translate")
    commitments = tuple(item["title"] for item in f["commitments"])
    theirs = getattr(original, "commitments", ())
    if len(commitments) > len(theirs):
        c.report(
            ("commitments", len(theirs)),
            f"the original has {len(theirs)} commitment(s); this translation has "
            f"{len(commitments)}",
            "translate the original's commitments in their order, one title each",
        )
    if doc.body.strip() and not original.body.strip():
        c.problems.append(
            Problem(doc.path, doc.body_line, "body", "the original has no body to translate")
        )
    if len(c.problems) > before:
        return None
    words = [(("updates", n, "text"), u["text"]) for n, u in enumerate(f["updates"])]
    if not check_scripts(c, portal, words + [(("remedy",), f["remedy"])], doc.body):
        return None
    return Translation(
        kind,
        original.id,
        language,
        title=f["title"] or "",
        updates=texts,
        remedy=f["remedy"],
        commitments=commitments,
        body=doc.body,
        source=doc.path,
    )


def _updates(c: Checker, raw: list[dict[str, Any]], original: Original) -> dict[datetime, str]:
    """Each translated text by the `at` of the original's update it belongs to."""
    known = {u.at: u for u in getattr(original, "updates", ())}
    shown = ", ".join(_when(at) for at in sorted(known)) or "none"
    out: dict[datetime, str] = {}
    for n, item in enumerate(raw):
        at = item["at"]
        if at not in known:
            c.report(
                ("updates", n, "at"),
                f"the original has no update at {_when(at)}",
                f"translated updates are matched by `at`; the original's: {shown}",
            )
        elif at in out:
            c.report(("updates", n, "at"), f"a second translation of the update at {_when(at)}")
        else:
            out[at] = item["text"]
    return out


def _when(at: datetime) -> str:
    return iso(at)


def _structure_fields(kind: str) -> set[str]:
    return {
        "incidents": {"impact", "components", "next_update", "draft", "status"},
        "maintenance": {"published", "start", "end", "components", "draft"},
        "announcements": {"published", "kind", "effective", "components", "pinned", "draft"},
        "pages": {"order"},
    }[kind]


def lagging(translation: Translation, original: Original, lines: Document) -> list[Problem]:
    """Warnings for the words a translation does not have yet."""
    language, path = translation.language, translation.source
    found: list[Problem] = []

    def warn(where: KeyPath, field: str, message: str) -> None:
        found.append(
            Problem(
                path,
                lines.line(where),
                field,
                message + f"; readers of /{language}/ see the original, marked not yet translated",
                f"add the {language} text to {path}",
                level="warning",
            )
        )

    if not translation.title:
        warn(("title",), "title", "no translated title")
    for update in getattr(original, "updates", ()):
        if update.at not in translation.updates:
            warn(
                ("updates",), "updates", f"no {language} text for the update at {_when(update.at)}"
            )
    if getattr(original, "remedy", "") and not translation.remedy:
        warn(("remedy",), "remedy", "no translated remedy")
    for n, commitment in enumerate(getattr(original, "commitments", ())):
        if n >= len(translation.commitments):
            warn(("commitments",), "commitments", f"no translated title for {commitment.title!r}")
    if original.body.strip() and not translation.body.strip():
        found.append(
            Problem(
                path,
                lines.body_line,
                "body",
                f"no translated body; readers of /{language}/ see the original, marked not yet "
                "translated",
                f"add the {language} text below the front matter of {path}",
                level="warning",
            )
        )
    return found


# A document as the readers of one language see it -------------------------------------------


def localise(content: Content, language: str, url: str) -> Content:
    """`content` in `language`, published at `url`: each document with its translation's words;
    what is not translated keeps the original's words, marked with the original's language."""
    portal = content.portal
    if language == portal.language:
        return content
    found = {(t.kind, t.id): t for t in content.translations if t.language == language}
    original = portal.language

    def each(kind: str, documents: tuple[_Original, ...]) -> tuple[_Original, ...]:
        return tuple(_translated(d, found.get((kind, d.id)), original) for d in documents)

    return dataclasses.replace(
        content,
        portal=portal.localised(language, url),
        incidents=each("incidents", content.incidents),
        maintenance=each("maintenance", content.maintenance),
        announcements=each("announcements", content.announcements),
        pages=each("pages", content.pages),
    )


def _translated(document: _Original, translation: Translation | None, original: str) -> _Original:
    t = translation or Translation("", document.id, "")
    changes: dict[str, Any] = {}
    missing = set()
    for name in ("title", "remedy", "body"):
        mine = getattr(document, name, None)
        if not mine or not str(mine).strip():
            continue
        theirs = getattr(t, name)
        if theirs and theirs.strip():
            changes[name] = theirs
        else:
            missing.add(name)
    updates = getattr(document, "updates", None)  # announcements and pages have none
    if updates:
        changes["updates"] = tuple(
            dataclasses.replace(u, text=t.updates[u.at])
            if u.at in t.updates
            else dataclasses.replace(u, original=original)
            for u in updates
        )
    commitments = getattr(document, "commitments", None)  # maintenance and pages have none
    if commitments:
        changes["commitments"] = tuple(
            dataclasses.replace(c, title=t.commitments[n])
            if n < len(t.commitments)
            else dataclasses.replace(c, original=original)
            for n, c in enumerate(commitments)
        )
    return dataclasses.replace(
        document, **changes, untranslated=frozenset(missing), original=original
    )


def split_name(stem: str) -> tuple[str, str] | None:
    """`ID.LANG` -> (ID, LANG), for a file name that names a translation."""
    match = NAME.match(stem)
    return (match["id"], match["lang"]) if match else None
