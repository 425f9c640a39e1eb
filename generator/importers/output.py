"""What every importer shares: writing Openbook content files that `openbook check` accepts,
never over an existing file, and the report of what was read, made and guessed."""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from generator.content.source import display_path
from generator.errors import ContentErrors, OpenbookError
from generator.importers.names import Ids


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order given, long texts as they are."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
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


def where(path: str, line: int | None) -> str:
    """`path:line`, or `path` alone for sources without lines (a JSON document's item is
    named by its JSON path instead: `incidents.json: incidents[3].name`)."""
    return f"{path}:{line}" if line is not None else path


@dataclass
class Report:
    """Counts, and one line per guess, problem or note in the `path:line: …` form."""

    kind: str = ""  # which importer: each prints its own summary
    counts: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    def guess(self, path: str, line: int | None, message: str) -> None:
        self.counts["guesses"] += 1
        self.lines.append(f"{where(path, line)}: guessed: {message}")

    def problem(self, path: str, line: int | None, message: str) -> None:
        self.counts["problems"] += 1
        self.lines.append(f"{where(path, line)}: {message}")

    def note(self, path: str, line: int | None, message: str) -> None:
        self.lines.append(f"{where(path, line)}: {message}")


@dataclass
class Writer:
    """Collects the files of an import, then writes them into `folder` only if `openbook check`
    accepts them and none would replace an existing file: an import never leaves content
    that fails its own check."""

    folder: Path
    files: dict[Path, str] = field(default_factory=dict)
    sources: dict[Path, str] = field(default_factory=dict)  # file -> where it came from
    ids: Ids = field(default_factory=Ids)

    def unique_id(self, kind: str, *wishes: str) -> str:
        return self.ids.make(kind, *wishes)

    def document(
        self, kind: str, ident: str, front: dict, body: str = "", source: str = ""
    ) -> Path:
        path = self.folder / kind / f"{ident}.md"
        text = "---\n" + front_matter(front) + "---\n"
        if body.strip():
            text += "\n" + body.strip() + "\n"
        self.files[path] = text
        self.sources[path] = source
        return path

    def portal(self, data: dict, comment: str, source: str = "") -> None:
        path = self.folder / "portal.yml"
        self.files[path] = comment + front_matter(data)
        self.sources[path] = source

    def commit(self) -> None:
        """Write every file, or none: an existing one, or a file `openbook check` would refuse,
        stops the import before anything is written."""
        existing = [p for p in self.files if p.exists()]
        if existing:
            listed = ", ".join(str(p) for p in existing[:3])
            raise OpenbookError(
                f"{listed}{' …' if len(existing) > 3 else ''} already exists; import into an empty "
                "folder (--content DIR) and merge by hand"
            )
        self._check()
        for path, text in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def _check(self) -> None:
        from generator.content.load import load_content  # the whole checker, only when needed

        with tempfile.TemporaryDirectory(prefix="openbook-import-") as staging:
            root = Path(staging)
            for path, text in self.files.items():
                target = root / path.relative_to(self.folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            try:
                load_content(root)
            except ContentErrors as exc:
                raise OpenbookError(self._refused(root, exc)) from None

    def _refused(self, root: Path, exc: ContentErrors) -> str:
        lines = []
        for problem in exc.problems:
            if problem.level != "error":
                continue
            try:
                relative = Path(os.path.realpath(problem.path)).relative_to(root.resolve())
            except ValueError:
                relative = Path(problem.path)
            written = self.folder / relative
            source = self.sources.get(written) or "the import"
            lines.append(
                f"{source}: not imported; as {display_path(written)} it would fail "
                f"openbook check: {problem.field + ': ' if problem.field else ''}{problem.message}"
            )
        return "\n".join(lines) or str(exc)


_NAME = re.compile(r"[\w][\w .&/()+'’-]{0,47}\Z")


def looks_like_a_name(text: str) -> bool:
    """A component name rather than a sentence: short, few words, no sentence punctuation."""
    text = text.strip()
    return bool(_NAME.match(text)) and len(text.split()) <= 5 and not text.endswith(".")
