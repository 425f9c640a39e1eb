"""The records of what git remembers of a document: its revisions, the first its publication,
and its corrections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
class GitRecord:
    """What git remembers of one document: its revisions oldest first, the first its
    publication, and its corrections."""

    revisions: list[Revision] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def published(self) -> datetime | None:
        return self.revisions[0].at if self.revisions else None

    def as_of(self, now: datetime) -> GitRecord:
        """What had happened by `now`: a build as of a past moment shows no later commits."""
        return GitRecord(
            [r for r in self.revisions if r.at <= now],
            [c for c in self.corrections if c.at <= now],
        )
