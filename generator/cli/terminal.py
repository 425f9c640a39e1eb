"""Everything the `openbook` command prints passes through here, so no file name, id or text
from content can drive the terminal or the CI log that shows it.

`main` runs every command with `sys.stdout` and `sys.stderr` wrapped in `Escaping`: a new
message cannot forget it, whichever way it prints (click.echo, print, a traceback). The
wrapper shows as escapes (`\\x1b`, `\\u202e`) the characters a terminal acts on or that
disguise text: C0 controls except newline and tab, DEL, C1 controls, bidirectional overrides
and isolates, line and paragraph separators, and lone surrogates (bytes of a file name that
were not UTF-8). A line that GitHub's runner would read as a workflow command (`::` at its
start, `##[` anywhere) is defused with a backslash unless Openbook wrote it as one, through
`command`.
"""

from __future__ import annotations

import io
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TextIO

import click

_SHOWN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
# The runner trims a line before it looks for `::`; `##[` is its older form, found anywhere.
_COMMAND_START = re.compile(r"\A(\s*)(?=::)")


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as its escape."""
    return _SHOWN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not UTF-8, as Python keeps it
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class Escaping(io.TextIOBase):
    """A text stream that writes to another only what `printable` lets through."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._line_start = True  # nothing but spaces written on the current line yet

    # typeshed has these two as attributes one may set; io's own are read-only properties.
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "errors", None) or "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def flush(self) -> None:
        self.stream.flush()

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click tells text streams from binary ones by this
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        lines = printable(text).split("\n")
        for n, line in enumerate(lines):
            if n or self._line_start:
                line = _COMMAND_START.sub(r"\1\\", line, count=1)
            lines[n] = line.replace("##[", "##\\[")
        if text:
            self._line_start = not lines[-1].strip() and (len(lines) > 1 or self._line_start)
        self.stream.write("\n".join(lines))
        return len(text)

    def command(self, line: str) -> None:
        """One workflow command of Openbook's own (already escaped by GitHub's rules)."""
        self.stream.write(printable(line).replace("\n", "\\n") + "\n")
        self.stream.flush()
        self._line_start = True


def command(line: str, err: bool = False) -> None:
    """Print a GitHub workflow command (`::error file=…::…`) as one, not defused."""
    stream = sys.stderr if err else sys.stdout
    if isinstance(stream, Escaping):
        stream.command(line)
    else:
        click.echo(printable(line).replace("\n", "\\n"), err=err)


@contextmanager
def escaped() -> Iterator[None]:
    """Run with the standard streams (and the traceback of a crash) escaped."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if isinstance(s, Escaping) else Escaping(s) for s in saved)
    sys.excepthook = _excepthook
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    Escaping(sys.stderr).write("".join(traceback.format_exception(kind, value, tb)))


class Group(click.Group):
    """The `openbook` group: every command it runs prints through `Escaping`."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # click strips what it takes for colour codes from text going to a file or a pipe, which
        # would print `bad\x1b[2J.md` as `bad.md`, a name that does not exist. Nothing raw
        # reaches the stream past `Escaping`, so click may leave the text whole for it to escape.
        kwargs.setdefault("color", True)
        with escaped():
            return super().main(*args, **kwargs)
