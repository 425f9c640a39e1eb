"""The e-mail list: a CSV file (`email,components[,language]`) or a YAML list of the same
fields, at a path an environment variable names, so the addresses never enter the repository."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.models import Portal
from generator.content.schema import EMAIL
from generator.errors import OpenbookError
from generator.notify.events import Event


@dataclass(frozen=True)
class Subscriber:
    address: str
    components: tuple[str, ...] = ()  # none: every component
    language: str = ""  # none: the channel's

    def wants(self, event: Event) -> bool:
        """Entries about the components chosen, and everything site-wide."""
        return (
            not self.components
            or not event.components
            or bool(set(self.components) & set(event.components))
        )


def read_subscribers(path: Path, portal: Portal) -> list[Subscriber]:
    """Every subscriber once, in the file's order; any bad row stops the run, naming its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OpenbookError(f"{path}: cannot read the subscriber list: {exc}") from None
    rows = _yaml(path, text) if path.suffix in (".yml", ".yaml") else _csv(path, text)
    known = {c.id for c in portal.components}
    found: dict[str, Subscriber] = {}
    problems = []
    for line, row in rows:
        address = str(row.get("email") or "").strip()
        if not EMAIL.match(address):
            problems.append(f"{path}:{line}: email: not an e-mail address: {address!r}")
            continue
        wanted = row.get("components") or ""
        ids = tuple(wanted.split() if isinstance(wanted, str) else (str(x) for x in wanted))
        unknown = [i for i in ids if i not in known]
        language = str(row.get("language") or "").strip()
        if unknown:
            problems.append(f"{path}:{line}: components: unknown {', '.join(unknown)}")
        elif language and language not in portal.languages:
            problems.append(
                f"{path}:{line}: language: {language!r} is not one of the site's languages "
                f"({', '.join(portal.languages)})"
            )
        else:
            found.setdefault(address.lower(), Subscriber(address, ids, language))
    if problems:
        raise OpenbookError("\n".join(problems))
    return list(found.values())


def _csv(path: Path, text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "email" not in reader.fieldnames:
        raise OpenbookError(f"{path}:1: expected a header line naming email (and components)")
    return [(reader.line_num, row) for row in reader]


def _yaml(path: Path, text: str) -> list[tuple[int, dict]]:
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise OpenbookError(f"{path}: not valid YAML: {exc}") from None
    # An empty list is written `[]`: an empty file is no list (and composes to no node).
    if (
        not isinstance(data, list)
        or not isinstance(node, yaml.SequenceNode)
        or not all(isinstance(x, dict) for x in data)
    ):
        raise OpenbookError(f"{path}:1: expected a list of subscribers, each with email:")
    return [(item.start_mark.line + 1, row) for item, row in zip(node.value, data, strict=True)]
