"""What the commands share: option types for times and words, the common options, and how
problems and errors are printed."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from generator.cli import terminal
from generator.content.models import Content
from generator.content.schema import FIRST_YEAR, LAST_YEAR
from generator.errors import ContentErrors, OpenbookError, Problem
from generator.facts.cadence import warnings


class Moment(click.ParamType):
    """A date and time with an offset, as in content files."""

    name = "TIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(
                f"expected a date and time such as 2026-11-20T14:10:00Z; got {value!r}", param, ctx
            )
        if moment.tzinfo is None:
            self.fail(
                f"time has no offset: {value!r}; add Z for UTC or an offset such as +01:00",
                param,
                ctx,
            )
        try:
            in_range = FIRST_YEAR <= moment.astimezone(UTC).year <= LAST_YEAR
        except OverflowError:
            in_range = False
        if not in_range:
            self.fail(f"{value!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}", param, ctx)
        return moment


Value = TypeVar("Value")


def words(ctx: click.Context | None, param: click.Parameter | None, value: Value) -> Value:
    """A title or text from the command line: bytes that are not UTF-8 arrive as surrogates."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise click.BadParameter(
                "is not valid UTF-8 text; check the terminal's encoding"
            ) from None
    return value


class Promise(click.ParamType):
    """When the next update is due: a time with an offset, or a delay such as 45m, 2h or 1h30m."""

    name = "TIME|DURATION"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime | timedelta:
        if isinstance(value, datetime | timedelta):
            return value
        match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?", value.strip())
        if match and any(match.groups()):
            days, hours, minutes = (int(g or 0) for g in match.groups())
            delay = timedelta(days=days, hours=hours, minutes=minutes)
            if not timedelta(0) < delay <= timedelta(days=366):
                self.fail(f"expected a delay from 1 minute to a year; got {value!r}", param, ctx)
            return delay
        if not re.match(r"\d{4}-", value.strip()):
            self.fail(
                f"expected a time such as 2026-11-20T15:00:00Z or a delay such as 45m or 2h; "
                f"got {value!r}",
                param,
                ctx,
            )
        return Moment().convert(value, param, ctx)


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path),
    default="content",
    show_default=True,
    help="The content folder.",
)
now_option = click.option(
    "--now",
    type=Moment(),
    default=None,
    help="Build as of this time (default: SOURCE_DATE_EPOCH, else the clock).",
)


def report(errors: ContentErrors, fmt: str = "text") -> None:
    for problem in errors.problems:
        _print(problem, fmt)
    click.echo(str(errors), err=True)


def warn(content: Content, now: datetime, fmt: str = "text") -> int:
    found = sorted([*warnings(content, now), *content.notes])
    for problem in found:
        _print(problem, fmt)
    return len(found)


def _print(problem: Problem, fmt: str) -> None:
    """A problem as text on stderr, or as a GitHub annotation on stdout."""
    if fmt == "github":
        terminal.command(problem.annotation())
    else:
        click.echo(str(problem), err=True)


def fail(exc: OpenbookError, fmt: str = "text") -> NoReturn:
    if isinstance(exc, ContentErrors):
        report(exc, fmt)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(1)
