"""A small typed reader of JSON documents: each value knows the JSON path it was read from, and
a value of the wrong type becomes one error naming the file, the item and the field
(`incidents.json: incidents[3].incident_updates[0].body: expected a string; got a list`).

Every error is collected, so one run lists them all; `null` is read as absent, as Statuspage
writes it for every empty field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from generator.errors import OpenbookError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # not tab or line breaks
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


@dataclass
class Errors:
    """Every wrong type found, in the order read."""

    found: list[str] = field(default_factory=list)

    def raise_if_any(self) -> None:
        found = list(dict.fromkeys(self.found))  # a value read twice is wrong once
        if found:
            more = len(found) - 20
            raise OpenbookError(
                "\n".join(found[:20]) + (f"\n… and {more} more" if more > 0 else "")
            )


def parse(data: bytes, name: str, errors: Errors) -> Node:
    """A whole document; an unreadable one is an error at once."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise OpenbookError(f"{name}: nested too deeply to be a Statuspage document") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise OpenbookError(f"{name}: not JSON ({exc})") from None
    node = Node(value, name, "", errors)
    if not isinstance(value, dict):
        node.wrong("an object")
        return Node({}, name, "", errors)
    return node


@dataclass
class Node:
    value: Any
    file: str
    path: str  # `incidents[3].name`; "" for the document itself
    errors: Errors

    @property
    def where(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file

    def wrong(self, expected: str) -> None:
        self.errors.found.append(f"{self.where}: expected {expected}; got {describe(self.value)}")

    def __getitem__(self, key: str) -> Node:
        here = f"{self.path}.{key}" if self.path else key
        if isinstance(self.value, dict):
            return Node(self.value.get(key), self.file, here, self.errors)
        return Node(None, self.file, here, self.errors)

    @property
    def present(self) -> bool:
        return self.value is not None

    def object(self) -> Node:
        """This value if it is an object (or absent); else an error and an empty object."""
        if self.value is None or isinstance(self.value, dict):
            return self
        self.wrong("an object")
        return Node({}, self.file, self.path, self.errors)

    def items(self) -> list[Node]:
        """The objects of a list; a list of anything else, or no list, is an error."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            self.wrong("a list")
            return []
        out = []
        for n, item in enumerate(self.value):
            node = Node(item, self.file, f"{self.path}[{n}]", self.errors)
            if isinstance(item, dict):
                out.append(node)
            else:
                node.wrong("an object")
        return out

    def text(self, default: str = "") -> str:
        """A string, with line breaks made `\\n` and other control characters left out."""
        if self.value is None:
            return default
        if not isinstance(self.value, str):
            self.wrong("a string")
            return default
        if _SURROGATE.search(self.value):
            self.errors.found.append(f"{self.where}: holds a lone surrogate, which is not text")
            return default
        return _CONTROL.sub("", self.value.replace("\r\n", "\n").replace("\r", "\n"))

    def key(self) -> str:
        """An id as Statuspage writes it: a string, or a number written as one."""
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            return str(self.value)
        return self.text().strip()

    def flag(self) -> bool:
        if self.value is None or isinstance(self.value, bool):
            return bool(self.value)
        self.wrong("true or false")
        return False

    def number(self) -> float:
        if self.value is None:
            return 0
        if isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            return self.value if self.value == self.value else 0  # NaN sorts nowhere
        self.wrong("a number")
        return 0

    def time(self) -> datetime | None:
        """An ISO 8601 time, to the second; without a zone it is UTC."""
        written = self.text().strip()
        if not written:
            return None
        try:
            moment = datetime.fromisoformat(written.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC).replace(microsecond=0)
        except (ValueError, OverflowError):
            self.errors.found.append(
                f"{self.where}: expected a time such as 2026-03-01T19:05:00Z; got {written!r}"
            )
            return None
