"""The delivery record: what has been seen, what each channel still owes, and who of an
e-mail list already has an entry. It survives a run killed at any point:

- `FILE` (JSON) is replaced atomically, never written in place;
- `FILE.journal` gets a line before each delivery and one after it, each flushed to disk, and
  is folded into `FILE` at the start of the next run and at the end of this one;
- an unreadable `FILE` (truncated, overwritten) is moved aside and a new baseline taken, so
  nothing is sent twice; a journal's unreadable or cut-short lines are reported and skipped;
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
    notes: list[str] = field(default_factory=list)  # what reading it found wrong, and did

    # Loading and saving ------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Record:
        """The record at `path`, the journal folded in. An unreadable record is moved aside and
        the run starts a new baseline: nothing is sent twice, and what the lost record still
        owed is said to be lost, in `notes`."""
        record = cls(path)
        try:
            data = path.read_bytes() if path.exists() else None
        except OSError as exc:
            raise OpenbookError(f"{path}: cannot read the delivery record: {exc}") from None
        if data is not None:
            try:
                record._read(json.loads(data.decode("utf-8")))
            except _Newer as exc:
                raise OpenbookError(
                    f"{path}: written by a newer Openbook ({exc}); update Openbook to use it"
                ) from None
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                record = cls(path)
                aside = path.with_name(path.name + ".unreadable")
                os.replace(path, aside)
                record.notes.append(
                    f"{path}: not a delivery record Openbook can read ({_why(exc)}); moved to "
                    f"{aside.name} and a new baseline recorded: nothing is sent twice, but "
                    "what it still owed is not sent"
                )
                with contextlib.suppress(FileNotFoundError):
                    os.replace(record.journal_path, aside.with_name(aside.name + ".journal"))
                return record
            record.fresh = False
        record._replay()
        return record

    def _read(self, data: object) -> None:
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        if data.get("version") != VERSION:
            if isinstance(data.get("version"), int) and data["version"] > VERSION:
                raise _Newer(f"version {data['version']}")
            raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
        self.site = _text(data["site"])
        self.baseline = _text(data["baseline"])
        self.known = set(_texts(data["known"]))
        channels = data["channels"]
        if not isinstance(channels, dict):
            raise TypeError("channels: not an object")
        self.channels = {
            _text(name): Owed(
                _texts(c["pending"]),
                {_text(k): set(_texts(v)) for k, v in _items(c["partial"])},
            )
            for name, c in channels.items()
        }

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

    def sending(self, channel: str, key: str, recipient: str = "") -> None:
        """Say, durably, that a delivery is about to be attempted: if the record of its end is
        cut short later, this says which delivery it was."""
        self._write("try", channel, key, recipient)

    def done(self, channel: str, key: str, recipient: str = "") -> None:
        """Record one delivery, durably, before the next is attempted."""
        self._apply(channel, key, recipient)
        self._write("done", channel, key, recipient)

    def _write(self, kind: str, channel: str, key: str, recipient: str) -> None:
        line = f"{kind} {json.dumps([channel, key, recipient])}\n"
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
        """Fold in the deliveries a killed run journalled but did not save.

        Each delivery is a `try` line written before it and a `done` line after the receiver
        accepted it. A last line cut short (a run killed while writing it, a full disk) is a
        `done` if it begins with its `d`: that delivery happened. A `try` with no `done` after
        it is a run killed while the receiver answered; it is sent again, as nothing may be
        lost."""
        path = self.journal_path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return
        *lines, tail = data.split(b"\n")
        attempted = None
        for number, line in enumerate(lines, 1):
            try:
                kind, _, rest = line.decode("utf-8").partition(" ")
                found = json.loads(rest) if kind in ("try", "done") else json.loads(line)
                channel, key, recipient = (_text(x) for x in found)
            except (ValueError, TypeError) as exc:
                self.notes.append(f"{path}:{number}: unreadable ({_why(exc)}); skipped")
                attempted = None
                continue
            if kind == "try":
                attempted = (channel, key, recipient)
            else:  # "done", or a line of the journal's first form: [channel, key, recipient]
                self._apply(channel, key, recipient)
                attempted = None
        if tail:
            if tail.startswith(b"d") and attempted is not None:
                self._apply(*attempted)
                said = "counted as delivered: its receiver had accepted it"
            else:
                said = "dropped: it was not sent"
            self.notes.append(f"{path}:{len(lines) + 1}: cut short; {said}")


class _Newer(Exception):
    pass


def _why(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _texts(value: object) -> list[str]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return [_text(x) for x in value]


def _items(value: object) -> list[tuple[object, object]]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return list(value.items())


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
