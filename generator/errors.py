"""The errors Openbook reports: where, what, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in one content file, at one line."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    level: str = "error"  # or "warning": printed, but the build goes on

    def __str__(self) -> str:
        where = f"{_one_line(self.path)}:{self.line}: " + (
            "warning: " if self.level == "warning" else ""
        )
        text = where + (f"{_one_line(self.field)}: " if self.field else "") + self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def annotation(self) -> str:
        """The same problem as a GitHub workflow command (`::error file=…,line=…::…`)."""
        message = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            message += f" (hint: {self.hint})"
        return f"::{self.level} file={_property(self.path)},line={self.line}::{_data(message)}"


def _one_line(text: str) -> str:
    """A file name or field as it reads in a message: a line break in it cannot start a line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _data(text: str) -> str:
    """A workflow command's message: it ends at a newline, so `%`, CR and LF are escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value (a file name): `:` and `,` end it too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class OpenbookError(Exception):
    """Base for errors the CLI reports without a traceback."""


class ContentErrors(OpenbookError):
    """The content has one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        noun = "error" if len(self.problems) == 1 else "errors"
        super().__init__(f"Aborted with {len(self.problems)} content {noun}.")


class BuildError(OpenbookError):
    """The site could not be built or written; the previous site is unchanged."""
