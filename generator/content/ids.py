"""Ids: what names a component, a group or a document in URLs and file names, and an id made
from free text."""

from __future__ import annotations

import re
from typing import Any

from generator.content.schema import Checker, Invalid
from generator.content.source import KeyPath

ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
ID_HINT = "ids use lowercase letters, digits and hyphens, and start with a letter or digit"


def slugify(words: str) -> str:
    """A valid id made from free text: 'API errors (EU)' -> 'api-errors-eu'."""
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:60].strip("-") or "untitled"


def identifier(c: Checker, value: Any, path: KeyPath) -> str:
    if isinstance(value, str) and ID.match(value):
        return value
    raise Invalid(f"not a valid id: {value!r}", ID_HINT)
