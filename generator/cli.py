"""The `openbook` command."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from . import __version__
from .build import build as build_site
from .build import resolve_now
from .errors import ContentErrors, OpenbookError
from .load import load_content
from .warnings import warnings


class Moment(click.ParamType):
    """A date and time with an offset, as in content files."""

    name = "TIME"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"expected a date and time such as 2026-11-20T14:10:00Z; got {value!r}", param, ctx)
        if moment.tzinfo is None:
            self.fail(f"time has no offset: {value!r}; add Z for UTC or an offset such as +01:00", param, ctx)
        return moment


content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default="content", show_default=True,
    help="The content folder.",
)
now_option = click.option(
    "--now", type=Moment(), default=None,
    help="Build as of this time (default: SOURCE_DATE_EPOCH, else the clock).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openbook")
def main() -> None:
    """Openbook: a status and transparency site from Markdown files.

    \b
    Example:
        openbook check
        openbook build --out site
    """


def _report(errors: ContentErrors, fmt: str = "text") -> None:
    for problem in errors.problems:
        click.echo(problem.annotation() if fmt == "github" else str(problem), err=fmt != "github")
    click.echo(str(errors), err=True)


def _warn(content, now: datetime, fmt: str = "text") -> int:
    found = warnings(content, now)
    for problem in found:
        click.echo(problem.annotation() if fmt == "github" else str(problem), err=fmt != "github")
    return len(found)


def _fail(exc: OpenbookError, fmt: str = "text") -> None:
    if isinstance(exc, ContentErrors):
        _report(exc, fmt)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@main.command()
@content_option
@click.option("--out", type=click.Path(path_type=Path), default="site", show_default=True,
              help="Where to write the site; replaced only when the build succeeds.")
@now_option
def build(content_dir: Path, out: Path, now: datetime | None) -> None:
    """Check the content, then build the whole site.

    Nothing is written unless every file is valid; the previous site stays
    in place until the new one is complete.

    \b
    Example:
        openbook build --content content --out site --now 2026-11-20T15:00:00Z
    """
    try:
        moment = resolve_now(now)
        result = build_site(content_dir, out, moment)
    except OpenbookError as exc:
        _fail(exc)
    _warn(result.content, moment)
    click.echo(f"Built {result.pages} pages ({result.files} files, {result.bytes / 1e6:.1f} MB) in {out}")


@main.command()
@content_option
@now_option
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: print GitHub workflow annotations.")
def check(content_dir: Path, now: datetime | None, fmt: str) -> None:
    """Validate the content without building.

    Reports every problem as `path:line: field: message` and exits 1 if there
    are any.

    \b
    Example:
        openbook check --format github
    """
    try:
        moment = resolve_now(now)
        content = load_content(content_dir)
    except OpenbookError as exc:
        _fail(exc, fmt)
    count = _warn(content, moment, fmt)
    summary = ", ".join(_count(n, noun) for n, noun in (
        (len(content.incidents), "incident"), (len(content.maintenance), "maintenance window"),
        (len(content.announcements), "announcement"), (len(content.pages), "page"),
        (len(content.portal.components), "component"),
    ))
    click.echo(f"Content OK: {summary}" + (f"; {_count(count, 'warning')}." if count else "."))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
