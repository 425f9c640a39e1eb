"""`openbook import`: content from the status page a team already has."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import available_timezones

import click

from generator.build import resolve_now
from generator.cli.options import content_option, fail
from generator.content.load import load_content
from generator.errors import ContentErrors, OpenbookError
from generator.facts.cadence import warnings
from generator.importers.download import MAX_BYTES, TIMEOUT
from generator.importers.output import Report


@click.group("import")
def importing() -> None:
    """Write Openbook content from a cState site or a Statuspage page.

    \b
    Example:
        openbook import cstate ../old-status --content content --timezone Europe/Berlin
        openbook import statuspage https://status.example.com --content content
    """


@importing.command("cstate")
@click.argument("path", type=click.Path(path_type=Path, exists=True, file_okay=False))
@content_option
@click.option(
    "--timezone",
    "zone",
    default="UTC",
    show_default=True,
    help="The zone of cState's times, which carry none.",
)
def cstate_command(path: Path, content_dir: Path, zone: str) -> None:
    """Import a cState site: its config.yml and content/issues/*.md.

    Systems and categories become components and groups; issues become
    incidents with timed updates (from `track` shortcodes and markers such as
    `*Resolved* -`), notices (`informational`) or maintenance windows (titles
    that read like maintenance). Every sentence is kept; every guess is listed.

    \b
    Example:
        openbook import cstate ../status --content content --timezone Europe/Berlin
    """
    from generator.importers.cstate import import_cstate

    if zone not in available_timezones():
        raise click.BadParameter(f"unknown time zone {zone!r}", param_hint="--timezone")
    try:
        report = import_cstate(path, content_dir, zone)
    except OpenbookError as exc:
        fail(exc)
    click.echo(f"Times without a zone were read as {zone} (--timezone).")
    _summarise(report, content_dir)


@importing.command("statuspage")
@click.argument("source")
@content_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=MAX_BYTES,
    show_default=True,
    help="The most bytes read of one document; a larger one stops the import.",
)
@click.option(
    "--timeout",
    "seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=TIMEOUT,
    show_default=True,
    help="Seconds for the whole download from a page's address, however slow the server.",
)
def statuspage_command(source: str, content_dir: Path, max_bytes: int, seconds: float) -> None:
    """Import a Statuspage page: saved API v2 JSON, or the page's address.

    SOURCE is a folder holding summary.json, components.json, incidents.json
    and scheduled-maintenances.json, or the page's base URL (the same documents
    are fetched from its /api/v2/, within --timeout seconds in all and at most
    --max-bytes a document). Components, groups, incidents with their updates
    and maintenance windows map one to one; Statuspage's addresses of incidents
    become aliases when their ids change. A document of the wrong shape stops
    the import with an error naming the file, the item and the field.

    \b
    Example:
        openbook import statuspage https://status.example.com --content content
        openbook import statuspage saved-json/ --content content --max-bytes 200000000
    """
    from generator.importers.statuspage import Limits, import_statuspage

    try:
        report = import_statuspage(source, content_dir, Limits(max_bytes, seconds))
    except OpenbookError as exc:
        fail(exc)
    _summarise(report, content_dir)


def _summarise(report: Report, content_dir: Path) -> None:
    """The counts, each guess and problem, then what `openbook check` says of the result."""
    counts = report.counts
    if report.kind == "statuspage":
        click.echo(
            f"Read {counts['components']} components, {counts['files']} incidents and maintenance "
            f"windows: {counts['incidents']} incidents, {counts['maintenance']} maintenance "
            f"windows, {counts['updates']} updates; {counts['guesses']} guesses."
        )
    else:
        click.echo(
            f"Read {counts['files']} files: {counts['incidents']} incidents, "
            f"{counts['maintenance']} maintenance windows, {counts['announcements']} "
            f"announcements; {counts['updates from timestamps']} updates from timestamps; "
            f"{counts['components created']} components created; {counts['guesses']} guesses"
            + (f"; {counts['skipped']} files not imported" if counts["skipped"] else "")
            + "."
        )
    for line in report.lines:
        click.echo(line)
    try:
        content = load_content(content_dir)
    except ContentErrors as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"openbook check: {exc}", err=True)
        raise SystemExit(1) from None
    found = warnings(content, resolve_now(None))
    for problem in sorted(found):
        click.echo(str(problem))
    click.echo(
        f"openbook check: no errors, {len(found)} warning{'' if len(found) == 1 else 's'}"
        + (" (the source's dates are worth a look)." if found else ".")
    )
