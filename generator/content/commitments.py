"""Commitments: what the organisation has promised to do, with progress notes, a due date and,
for a dropped one, the reason."""

from __future__ import annotations

from typing import Any

from generator.content.models import Commitment, Progress
from generator.content.schema import (
    FAILED,
    Checker,
    Field,
    choice,
    day,
    list_of,
    ok,
    one_line,
    record_of,
    text,
)
from generator.content.vocab import CommitmentStatus

PROGRESS = {"at": Field(day, required=True), "text": Field(text, required=True)}
COMMITMENT = {
    "title": Field(one_line, required=True),
    "status": Field(choice(CommitmentStatus), required=True),
    "due": Field(day),
    "done": Field(day),
    "progress": Field(list_of(record_of(PROGRESS, "a progress note")), default=[]),
    "reason": Field(text, default=""),
}


def commitments_from(c: Checker, raw: Any) -> tuple[Commitment, ...]:
    out = []
    for i, item in enumerate(raw if raw is not FAILED and raw else []):
        if item is FAILED:
            continue
        if (
            ok(item["done"], item["status"])
            and item["done"]
            and item["status"] is not CommitmentStatus.DONE
        ):
            c.report(
                ("commitments", i, "done"),
                f"a completion date needs status done; the status is {item['status']}",
            )
            continue
        status = item["status"]
        if status is FAILED:
            continue
        if status is CommitmentStatus.DROPPED and not item["reason"]:
            c.report(
                ("commitments", i, "status"),
                "a dropped commitment needs `reason:`",
                "say why it was dropped: readers judge the decision by its reason",
            )
            continue
        if item["reason"] and status is not CommitmentStatus.DROPPED:
            c.report(
                ("commitments", i, "reason"),
                f"a reason belongs to a dropped commitment; the status is {status}",
                "give progress as `progress:` notes instead",
            )
            continue
        notes_ok = ok(item["progress"]) and all(
            n is not FAILED and ok(*n.values()) for n in item["progress"]
        )
        if ok(*item.values()) and notes_ok:
            notes = sorted((p["at"], p["text"]) for p in item["progress"])
            out.append(
                Commitment(
                    item["title"],
                    status,
                    item["due"],
                    item["done"],
                    progress=tuple(Progress(on, note) for on, note in notes),
                    reason=item["reason"],
                )
            )
    return tuple(out)
