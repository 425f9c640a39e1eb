"""The delivery record: what has been seen, what each channel still owes, and who of an
e-mail list already has an entry. It survives a run killed at any point:

- `FILE` (JSON) is replaced atomically, never written in place;
- `FILE.journal` gets one line per delivery, flushed to disk before the next is attempted, and
  is folded into `FILE` at the start of the next run and at the end of this one;
- `FILE.lock` keeps two runs on one machine from working at once: the second waits, then sees
  what the first delivered.

A delivery is recorded right after the receiver accepted it, so a run killed in the moment
between the two sends that one message again on the next run; nothing is ever lost.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic import replace_file, wait_for_lock
from generator.errors import OpenbookError

VERSION = 1


@dataclass
class Owed:
    """What one channel still has to deliver."""

    pending: list[str] = field(default_factory=list)  # event keys, oldest first
    # An e-mail entry part-way through its list: key -> hashes of recipients done.
    partial: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Record:
    path: Path
    site: str = ""
    baseline: str = ""  # when the first run recorded what existed
    known: set[str] = field(default_factory=set)  # every key ever queued or baselined
    channels: dict[str, Owed] = field(default_factory=dict)
    fresh: bool = True  # no record was found: this run records a baseline

    # Loading and saving ------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Record:
        record = cls(path)
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") != VERSION:
                    raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
                record.site = data["site"]
                record.baseline = data["baseline"]
                record.known = set(data["known"])
                record.channels = {
                    name: Owed(list(c["pending"]), {k: set(v) for k, v in c["partial"].items()})
                    for name, c in data["channels"].items()
                }
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise OpenbookError(
                    f"{path}: not a delivery record Openbook can read ({exc}); move it aside to "
                    "start again with a new baseline (nothing old is sent then)"
                ) from None
            record.fresh = False
        record._replay()
        return record

    def save(self) -> None:
        data = {
            "version": VERSION,
            "site": self.site,
            "baseline": self.baseline,
            "known": sorted(self.known),
            "channels": {
                name: {
                    "pending": owed.pending,
                    "partial": {k: sorted(v) for k, v in sorted(owed.partial.items())},
                }
                for name, owed in sorted(self.channels.items())
            },
        }
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(self.path, text.encode("utf-8"), sync=True)
        self.fresh = False
        # Everything the journal said is in the record now.
        with contextlib.suppress(FileNotFoundError):
            self.journal_path.unlink()

    # The journal ---------------------------------------------------------------

    @property
    def journal_path(self) -> Path:
        return self.path.with_name(self.path.name + ".journal")

    def done(self, channel: str, key: str, recipient: str = "") -> None:
        """Record one delivery, durably, before the next is attempted."""
        self._apply(channel, key, recipient)
        line = json.dumps([channel, key, recipient]) + "\n"
        with open(self.journal_path, "a", encoding="utf-8") as journal:
            journal.write(line)
            journal.flush()
            os.fsync(journal.fileno())

    def _apply(self, channel: str, key: str, recipient: str) -> None:
        owed = self.channels.setdefault(channel, Owed())
        if recipient:
            owed.partial.setdefault(key, set()).add(recipient)
        else:
            owed.partial.pop(key, None)
            if key in owed.pending:
                owed.pending.remove(key)

    def _replay(self) -> None:
        """Fold in the deliveries a killed run journalled but did not save."""
        if not self.journal_path.exists():
            return
        for line in self.journal_path.read_text(encoding="utf-8").splitlines():
            try:
                channel, key, recipient = json.loads(line)
            except ValueError:
                continue  # the last line of a run killed while writing it
            self._apply(channel, key, recipient)


@contextlib.contextmanager
def locked(path: Path, wait: float = 600.0) -> Iterator[None]:
    """Hold `path`.lock while the block runs; wait up to `wait` seconds for another run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a") as handle:
        if not wait_for_lock(handle, wait, 0.2):
            raise OpenbookError(
                f"{lock}: another `openbook notify` has held this for {wait:.0f} s; "
                "if none is running, delete the file"
            )
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
