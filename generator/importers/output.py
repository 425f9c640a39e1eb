"""What every importer shares: writing Openbook content files that `openbook check` accepts,
never over an existing file, and the report of what was read, made and guessed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from generator.content.settings import slugify
from generator.errors import OpenbookError


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order given, long texts as they are."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def front_matter(data: dict) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


@dataclass
class Report:
    """Counts, and one line per guess or problem in the `path:line: …` form."""

    counts: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    def guess(self, path: str, line: int, message: str) -> None:
        self.counts["guesses"] += 1
        self.lines.append(f"{path}:{line}: guessed: {message}")

    def problem(self, path: str, line: int, message: str) -> None:
        self.counts["problems"] += 1
        self.lines.append(f"{path}:{line}: {message}")


@dataclass
class Writer:
    """Writes into `folder`, which must not already hold a file it would write."""

    folder: Path
    files: dict[Path, str] = field(default_factory=dict)
    ids: set[tuple[str, str]] = field(default_factory=set)

    def unique_id(self, kind: str, wanted: str) -> str:
        base = slugify(wanted) or "imported"
        candidate, n = base, 2
        while (kind, candidate) in self.ids or candidate in ("index", "page"):
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add((kind, candidate))
        return candidate

    def document(self, kind: str, ident: str, front: dict, body: str = "") -> Path:
        path = self.folder / kind / f"{ident}.md"
        text = "---\n" + front_matter(front) + "---\n"
        if body.strip():
            text += "\n" + body.strip() + "\n"
        self.files[path] = text
        return path

    def portal(self, data: dict, comment: str) -> None:
        self.files[self.folder / "portal.yml"] = comment + front_matter(data)

    def commit(self) -> None:
        """Write every file, or none: an existing one stops the import before anything is
        written."""
        existing = [p for p in self.files if p.exists()]
        if existing:
            listed = ", ".join(str(p) for p in existing[:3])
            raise OpenbookError(
                f"{listed}{' …' if len(existing) > 3 else ''} already exists; import into an empty "
                "folder (--content DIR) and merge by hand"
            )
        for path, text in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


_NAME = re.compile(r"[\w][\w .&/()+'’-]{0,47}\Z")


def looks_like_a_name(text: str) -> bool:
    """A component name rather than a sentence: short, few words, no sentence punctuation."""
    text = text.strip()
    return bool(_NAME.match(text)) and len(text.split()) <= 5 and not text.endswith(".")
