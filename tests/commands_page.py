"""The help of every command, as docs/commands.md shows it below its introduction.

The page's generated part is click's own help for each command, so it cannot say something the
command does not do. tests/test_docs.py fails when the page and the help differ; to write the
page again:

    python -m tests.commands_page
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from generator.cli import main

PAGE = Path(__file__).resolve().parent.parent / "docs" / "commands.md"
MARK = "<!-- Everything below is written by `python -m tests.commands_page`. -->\n"
WIDTH = 96


def commands(
    group: click.Group = main, prefix: str = "openbook"
) -> Iterator[tuple[str, click.Command]]:
    for name in sorted(group.commands):
        command = group.commands[name]
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


def help_text(name: str, command: click.Command) -> str:
    parent = None
    for part in name.split()[:-1]:
        # As `openbook` runs: the group's settings (`-h` beside `--help`) reach every command.
        # click keeps each command's help option once made, so help made without them would
        # differ with the tests that ran before.
        parent = click.Context(main, info_name=part, parent=parent, **main.context_settings)
    ctx = click.Context(
        command,
        info_name=name.split()[-1],
        parent=parent,
        terminal_width=WIDTH,
        max_content_width=WIDTH,
    )
    return command.get_help(ctx)


def generated() -> str:
    parts = []
    for name, command in commands():
        parts.append(f"## `{name}`\n\n```text\n{help_text(name, command)}\n```\n")
    return "\n".join(parts)


def page(current: str) -> str:
    """`current` with its generated part written again."""
    head, mark, _ = current.partition(MARK)
    assert mark, f"{PAGE} has lost its line {MARK.strip()!r}"
    return head + MARK + "\n" + generated()


if __name__ == "__main__":
    PAGE.write_text(page(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
