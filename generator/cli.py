"""The `openbook` command."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from generator import __version__
from generator.build import build as build_site
from generator.build import resolve_now
from generator.errors import ContentErrors, OpenbookError
from generator.content import editing
from generator.content.load import load_content, load_portal
from generator.content.schema import FIRST_YEAR, LAST_YEAR
from generator.content.source import display_path
from generator.content.vocab import INCIDENT_COMPONENT_STATUSES, AnnouncementKind, Impact, IncidentStatus, MaintenanceStatus
from generator.facts.cadence import warnings


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
        try:
            in_range = FIRST_YEAR <= moment.astimezone(UTC).year <= LAST_YEAR
        except OverflowError:
            in_range = False
        if not in_range:
            self.fail(f"{value!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}", param, ctx)
        return moment


def _words(ctx, param, value):
    """A title or text from the command line: bytes that are not UTF-8 arrive as surrogates."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise click.BadParameter("is not valid UTF-8 text; check the terminal's encoding") from None
    return value


class Promise(Moment):
    """When the next update is due: a time with an offset, or a delay such as 45m, 2h or 1h30m."""

    name = "TIME|DURATION"

    def convert(self, value, param, ctx):
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
            self.fail(f"expected a time such as 2026-11-20T15:00:00Z or a delay such as 45m or 2h; "
                      f"got {value!r}", param, ctx)
        return super().convert(value, param, ctx)


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


# Authoring ------------------------------------------------------------------------


def _portal(content_dir: Path):
    try:
        return load_portal(content_dir)
    except OpenbookError as exc:
        _fail(exc)


def _components(portal, values: tuple[str, ...], allowed: tuple[str, ...] | None) -> dict[str, str]:
    """`ID=STATUS` options (or bare ids when `allowed` is None), checked against the portal."""
    known = [c.id for c in portal.components]
    out: dict[str, str] = {}
    for value in values:
        cid, _, status = value.partition("=")
        if cid not in known:
            click.echo(f"error: unknown component {cid!r}\n  hint: known components: {', '.join(known)} "
                       f"(ids, case-sensitive; see {portal.source})", err=True)
            sys.exit(1)
        if allowed is not None and status not in allowed:
            raise click.BadParameter(f"{value!r}: expected ID=STATUS with STATUS one of {', '.join(allowed)}",
                                     param_hint="--component")
        out[cid] = status
    return out


@main.group()
def new() -> None:
    """Start a new incident, maintenance window, announcement or page.

    Each command writes one new file and prints its path.
    """


@new.command("incident")
@click.argument("title", callback=_words)
@click.option("--impact", type=click.Choice([i.value for i in Impact]), required=True)
@click.option("--component", "components", multiple=True, metavar="ID=STATUS",
              help="An affected component and its status; repeat for several.")
@click.option("--text", callback=_words, help="The first update (default: a sentence naming the components).")
@content_option
@now_option
def new_incident_command(title, impact, components, text, content_dir, now) -> None:
    """Open an incident: a new file with a first 'investigating' update at now.

    \b
    Example:
        openbook new incident "API errors in the EU" --impact major --component api=partial_outage
    """
    portal = _portal(content_dir)
    allowed = tuple(s.value for s in INCIDENT_COMPONENT_STATUSES)
    changes = _components(portal, components, allowed)
    _write(lambda: editing.new_incident(content_dir, portal, title, impact, changes, text, resolve_now(now)))


@new.command("maintenance")
@click.argument("title", callback=_words)
@click.option("--start", type=Moment(), required=True)
@click.option("--end", type=Moment(), required=True)
@click.option("--component", "components", multiple=True, metavar="ID", help="A component; repeat for several.")
@content_option
@now_option
def new_maintenance_command(title, start, end, components, content_dir, now) -> None:
    """Announce a maintenance window, published now.

    \b
    Example:
        openbook new maintenance "Database upgrade" --start 2026-12-01T02:00:00Z --end 2026-12-01T04:00:00Z --component api
    """
    portal = _portal(content_dir)
    ids = list(_components(portal, components, None))
    _write(lambda: editing.new_maintenance(content_dir, portal, title, start, end, ids, resolve_now(now)), "--end")


@new.command("announcement")
@click.argument("title", callback=_words)
@click.option("--kind", type=click.Choice([k.value for k in AnnouncementKind]), required=True)
@click.option("--effective", type=click.DateTime(formats=["%Y-%m-%d"]), help="For a change: the day it takes effect.")
@content_option
@now_option
def new_announcement_command(title, kind, effective, content_dir, now) -> None:
    """Publish an announcement: a change with its reasoning, a report, or a notice.

    \b
    Example:
        openbook new announcement "New API rate limits" --kind change --effective 2027-01-01
    """
    portal = _portal(content_dir)
    day = effective.date() if effective else None
    _write(lambda: editing.new_announcement(content_dir, portal, title, kind, day, resolve_now(now)), "--effective")


@new.command("page")
@click.argument("title", callback=_words)
@content_option
def new_page_command(title, content_dir) -> None:
    """Add a "how we work" page, listed after the existing ones.

    \b
    Example:
        openbook new page "How we handle your data"
    """
    portal = _portal(content_dir)
    orders = [p.order for p in _pages(content_dir)]
    _write(lambda: editing.new_page(content_dir, portal, title, max(orders, default=0) + 1))


def _write(create, option: str = "") -> None:
    """Run a `new` command's writer and print the new file's path; its own problems exit 1 with
    the content's messages, a wrong option is a usage error."""
    try:
        path = create()
    except editing.AuthoringError as exc:
        if not option:
            _fail(exc)
        raise click.BadParameter(str(exc), param_hint=option) from None
    except OpenbookError as exc:
        _fail(exc)
    click.echo(display_path(path))


def _pages(content_dir: Path):
    try:
        return load_content(content_dir).pages
    except OpenbookError:
        return []


@main.command()
@click.argument("doc_id", metavar="ID")
@click.argument("text", callback=_words)
@click.option("--status", required=True, help="incidents: investigating, identified, monitoring, resolved; "
              "maintenance: scheduled, in_progress, verifying, completed, cancelled.")
@click.option("--component", "components", multiple=True, metavar="ID=STATUS",
              help="Incidents: a component's status from this update on; repeat for several.")
@click.option("--next-update", "promise", type=Promise(), default=None,
              help="Incidents: when the next update is due, as a time or a delay after this update "
                   "(45m, 2h); default: this update plus update_every from portal.yml.")
@content_option
@now_option
def update(doc_id, text, status, components, promise, content_dir, now) -> None:
    """Append a timestamped update to an incident or maintenance window.

    The file is edited in place: comments, key order, quoting and the report stay as they were.
    An incident's promised next update moves with it (this update plus update_every, or
    --next-update), and is removed when the incident is resolved.

    \b
    Example:
        openbook update 2026-11-20-api-errors --status identified --component api=degraded_performance \\
            --next-update 45m "A configuration change sent traffic to a drained node. We are rolling it back."
    """
    portal = _portal(content_dir)
    try:
        kind, path = editing.find_document(content_dir, doc_id)
    except OpenbookError as exc:
        _fail(exc)
    vocabulary = IncidentStatus if kind == "incidents" else MaintenanceStatus
    if status not in [s.value for s in vocabulary]:
        raise click.BadParameter(f"{status!r} is not a status for {kind}; use one of "
                                 f"{', '.join(s.value for s in vocabulary)}", param_hint="--status")
    if components and kind != "incidents":
        raise click.BadParameter("maintenance updates do not set component statuses", param_hint="--component")
    if promise is not None and (kind != "incidents" or status == "resolved"):
        raise click.BadParameter("only an open incident promises its next update", param_hint="--next-update")
    at = resolve_now(now)
    if isinstance(promise, datetime) and promise <= at:
        raise click.BadParameter(f"{promise.isoformat()} is not after this update ({at.isoformat()})",
                                 param_hint="--next-update")
    allowed = ("operational", *(s.value for s in INCIDENT_COMPONENT_STATUSES))
    changes = _components(portal, components, allowed)
    try:
        editing.append_update(path, kind, portal, at, status, text, changes, promise)
    except OpenbookError as exc:
        _fail(exc)
    click.echo(f"{display_path(path)}: added {status} update")
    if status == "resolved":
        click.echo("  hint: add the report below the front matter (what happened, impact, root cause, what we "
                   "are changing), a remedy if customers are owed one, and the commitments you are making")


@main.command()
@content_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Where to serve the preview.")
@now_option
def serve(content_dir: Path, dev_addr: str, now: datetime | None) -> None:
    """Preview the site, rebuilding and reloading the browser when content changes.

    A content error is printed here and the last good site keeps serving.

    \b
    Example:
        openbook serve --dev-addr 127.0.0.1:8000
    """
    from generator.serve import serve as run_server

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"expected HOST:PORT; got {dev_addr!r}", param_hint="--dev-addr")
    run_server(content_dir, host.strip("[]"), int(port), now)
