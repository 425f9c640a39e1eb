"""Read content files: bytes -> text -> front matter + body, with a line for every value.

Nothing here knows what an incident is; `validate` gives the values meaning.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem

# libyaml's parser where PyYAML has it (several times faster); values are still built by the
# safe constructor, so no tag can create a Python object either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str | int, ...]  # a value's place in a document: ("updates", 2, "status")


@dataclass
class Document:
    """One content file as read: its YAML data, and where each value stands."""

    path: str  # as shown in messages, relative to the working directory where possible
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)  # key or item -> 1-based line
    raw: dict[KeyPath, str] = field(default_factory=dict)  # scalar -> its text as written
    body: str = ""
    body_line: int = 1

    def line(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def written(self, path: KeyPath, value: Any) -> str:
        """A value as the author wrote it, for messages."""
        return self.raw.get(path, str(value))


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 1, "", f"cannot read file: {exc.strerror}"))
        return None
    return decode(data, shown, problems)


def decode(data: bytes, shown: str, problems: list[Problem]) -> str | None:
    """A file's bytes as text with LF line ends, or None after reporting why they are not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                "",
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                "save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(shown, line, "", "file contains a NUL character"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(
    text: str, shown: str, problems: list[Problem], first_line: int = 1
) -> Document | None:
    """Parse YAML `text` (which starts at `first_line` of the file) into a Document."""
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        expanded = _expanded_size(node) if "*" in text else 0  # no alias, nothing to expand
        if expanded is None or expanded > MAX_EXPANDED and expanded > 10 * len(text):
            line = first_line + (node.start_mark.line if node is not None else 0)
            what = (
                "an alias refers to the value that contains it"
                if expanded is None
                else f"aliases expand to more than {MAX_EXPANDED:,} values"
            )
            problems.append(
                Problem(
                    shown,
                    line,
                    "YAML",
                    what,
                    "write the values out instead of using aliases (*name)",
                )
            )
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = ": ".join(p for p in (exc.context, exc.problem) if p)
        marks = [m.line for m in (exc.problem_mark, exc.context_mark) if m is not None]
        hint = next(
            filter(
                None, (quoting_hint(text.split("\n")[n]) for n in marks if n < text.count("\n") + 1)
            ),
            "",
        )
        problems.append(Problem(shown, line, "YAML", what or "invalid YAML", hint))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, first_line, "YAML", str(exc).splitlines()[0]))
        return None
    except RecursionError:
        problems.append(Problem(shown, first_line, "YAML", "nesting is too deep"))
        return None
    except (ValueError, OverflowError, TypeError) as exc:
        # PyYAML matched a value's form but could not build it: a date such as 2026-02-30.
        line = first_line + _bad_value_line(loader, node)
        problems.append(Problem(shown, line, "YAML", f"not a valid date or time: {exc}"))
        return None
    finally:
        loader.dispose()
    doc = Document(shown, data)
    duplicates: list[Problem] = []
    _index(node, (), doc, first_line, duplicates)
    if duplicates:
        problems.extend(duplicates)
        return None
    return doc


_KEY_VALUE = re.compile(r"(\s*(?:-\s+)?[A-Za-z_][\w-]*:[ \t]+)(\S.*?)\s*\Z")
_STARTS = {"[": "[", "{": "{", "*": "*", "&": "&", "!": "!", "%": "%", "@": "@", "`": "a backtick"}


def quoting_hint(line: str) -> str:
    """For the usual YAML mistake in a `key: value` line, a value that YAML reads as syntax, the
    line with its value quoted."""
    match = _KEY_VALUE.match(line)
    if match is None:
        return ""
    key, value = match.groups()
    if value[0] in "\"'" or value.startswith("!!"):  # quoted already, or a YAML tag on purpose
        return ""
    closes = {"[": "]", "{": "}"}.get(value[0])
    if closes and (closes not in value or value.endswith(closes)):
        return ""  # "[EU] API errors" is a title; "[api, dashboard" is a list that lost its bracket
    if value[0] in _STARTS:
        why = f"a value that starts with {_STARTS[value[0]]} must be quoted"
    elif ": " in value or value.endswith(":"):
        why = "a value with ': ' in it must be quoted"
    else:
        return ""
    quoted = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30).strip()
    return f"{why}: {key.strip()} {quoted}"


MAX_EXPANDED = 100_000  # values a document may have once its aliases are expanded


def _expanded_size(root: yaml.Node | None) -> int | None:
    """How many values `root` stands for with every alias expanded (a billion laughs is
    small as text and huge expanded); None if an alias refers to a value containing it."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), 1 << 62)
            continue
        if key in sizes:
            continue
        if key in open_:
            return None
        open_.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                return None
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes.get(id(root), 0)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _bad_value_line(loader: yaml.constructor.SafeConstructor, node: yaml.Node | None) -> int:
    """The 0-based line of the first scalar the constructor cannot build."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                loader.construct_object(current, deep=True)
            except (ValueError, OverflowError, TypeError, yaml.YAMLError):
                return current.start_mark.line
        elif isinstance(current, yaml.MappingNode):
            stack.extend(v for pair in reversed(current.value) for v in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return 0


def _index(
    node: yaml.Node | None, path: KeyPath, doc: Document, base: int, dups: list[Problem]
) -> None:
    """Record the line of every key and item under `node` (iteratively: no recursion limit)."""
    stack: list[tuple[yaml.Node | None, KeyPath]] = [(node, path)]
    seen_nodes: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is None or id(node) in seen_nodes:  # aliases share nodes
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
                if key == "<<":  # a merge key; its values arrive through the constructor
                    continue
                line = base + key_node.start_mark.line
                if key in seen:
                    dups.append(
                        Problem(
                            doc.path,
                            line,
                            str(key),
                            "duplicate key; the earlier value would be lost",
                        )
                    )
                seen.add(key)
                doc.lines[path + (key,)] = line
                stack.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                doc.lines[path + (index,)] = base + item.start_mark.line
                stack.append((item, path + (index,)))
        elif isinstance(node, yaml.ScalarNode):
            doc.raw[path] = node.value


def read_front_matter(path: Path, problems: list[Problem]) -> Document | None:
    """A Markdown file with YAML front matter between `---` lines."""
    shown = display_path(path)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    return front_matter(text, shown, problems)


def front_matter(text: str, shown: str, problems: list[Problem]) -> Document | None:
    """The front matter and body of a Markdown document's text (lines already split on LF)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.append(
            Problem(
                shown,
                1,
                "front matter",
                "missing; the file must start with a line '---'",
                "put the fields between two '---' lines at the top of the file",
            )
        )
        return None
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        problems.append(
            Problem(shown, 1, "front matter", "not closed; add a line '---' after the last field")
        )
        return None
    doc = parse_yaml("\n".join(lines[1:end]), shown, problems, first_line=2)
    if doc is None:
        return None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 2, "front matter", "expected fields (`name: value` lines)"))
        return None
    doc.lines[()] = 1
    rest = "\n".join(lines[end + 1 :])
    body = rest.strip("\n")
    doc.body = body + "\n" if body.strip() else ""
    doc.body_line = end + 2 + (len(rest) - len(rest.lstrip("\n")))  # the body's first line
    return doc


def read_yaml_file(path: Path, problems: list[Problem]) -> Document | None:
    """A whole-file YAML document such as portal.yml."""
    shown = display_path(path)
    text = read_text(path, shown, problems)
    if text is None:
        return None
    doc = parse_yaml(text, shown, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, "", "expected settings (`name: value` lines)"))
        return None
    doc.lines[()] = 1
    return doc
