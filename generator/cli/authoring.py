"""The authoring commands: `openbook new …` and `openbook update`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import click

from generator.build import resolve_now
from generator.cli.options import Moment, Promise, content_option, fail, now_option, words
from generator.content import editing, new_policies
from generator.content.load import load_content, load_portal
from generator.content.models import Portal, StandingPage
from generator.content.schema import iso
from generator.content.source import display_path
from generator.content.vocab import (
    INCIDENT_COMPONENT_STATUSES,
    AnnouncementKind,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
)
from generator.errors import OpenbookError


def _portal(content_dir: Path) -> Portal:
    try:
        return load_portal(content_dir)
    except OpenbookError as exc:
        fail(exc)


def _components(
    portal: Portal, values: tuple[str, ...], allowed: tuple[str, ...] | None
) -> dict[str, str]:
    """`ID=STATUS` options (or bare ids when `allowed` is None), checked against the portal."""
    known = [c.id for c in portal.components]
    out: dict[str, str] = {}
    for value in values:
        cid, _, status = value.partition("=")
        if cid not in known:
            click.echo(
                f"error: unknown component {cid!r}\n  hint: known components: {', '.join(known)} "
                f"(ids, case-sensitive; see {portal.source})",
                err=True,
            )
            sys.exit(1)
        if allowed is not None and status not in allowed:
            raise click.BadParameter(
                f"{value!r}: expected ID=STATUS with STATUS one of {', '.join(allowed)}",
                param_hint="--component",
            )
        out[cid] = status
    return out


@click.group()
def new() -> None:
    """Start a new incident, maintenance window, announcement, page, policy or policy version.

    Each command writes one new file and prints its path.
    """


@new.command("incident")
@click.argument("title", callback=words)
@click.option("--impact", type=click.Choice([i.value for i in Impact]), required=True)
@click.option(
    "--component",
    "components",
    multiple=True,
    metavar="ID=STATUS",
    help="An affected component and its status; repeat for several.",
)
@click.option(
    "--text", callback=words, help="The first update (default: a sentence naming the components)."
)
@content_option
@now_option
def new_incident_command(
    title: str,
    impact: str,
    components: tuple[str, ...],
    text: str | None,
    content_dir: Path,
    now: datetime | None,
) -> None:
    """Open an incident: a new file with a first 'investigating' update at now.

    \b
    Example:
        openbook new incident "API errors in the EU" --impact major --component api=partial_outage
    """
    portal = _portal(content_dir)
    allowed = tuple(s.value for s in INCIDENT_COMPONENT_STATUSES)
    changes = _components(portal, components, allowed)
    _write(
        lambda: editing.new_incident(
            content_dir, portal, title, impact, changes, text, resolve_now(now)
        )
    )


@new.command("maintenance")
@click.argument("title", callback=words)
@click.option("--start", type=Moment(), required=True)
@click.option("--end", type=Moment(), required=True)
@click.option(
    "--component",
    "components",
    multiple=True,
    metavar="ID",
    help="A component; repeat for several.",
)
@content_option
@now_option
def new_maintenance_command(
    title: str,
    start: datetime,
    end: datetime,
    components: tuple[str, ...],
    content_dir: Path,
    now: datetime | None,
) -> None:
    """Announce a maintenance window, published now.

    \b
    Example:
        openbook new maintenance "Database upgrade" --component api \\
            --start 2026-12-01T02:00:00Z --end 2026-12-01T04:00:00Z
    """
    portal = _portal(content_dir)
    ids = list(_components(portal, components, None))
    _write(
        lambda: editing.new_maintenance(
            content_dir, portal, title, start, end, ids, resolve_now(now)
        ),
        "--end",
    )


@new.command("announcement")
@click.argument("title", callback=words)
@click.option("--kind", type=click.Choice([k.value for k in AnnouncementKind]), required=True)
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="For a change: the day it takes effect.",
)
@content_option
@now_option
def new_announcement_command(
    title: str, kind: str, effective: datetime | None, content_dir: Path, now: datetime | None
) -> None:
    """Publish an announcement: a change with its reasoning, a report, or a notice.

    \b
    Example:
        openbook new announcement "New API rate limits" --kind change --effective 2027-01-01
    """
    portal = _portal(content_dir)
    day = effective.date() if effective else None
    _write(
        lambda: editing.new_announcement(content_dir, portal, title, kind, day, resolve_now(now)),
        "--effective",
    )


@new.command("page")
@click.argument("title", callback=words)
@content_option
def new_page_command(title: str, content_dir: Path) -> None:
    """Add a "how we work" page, listed after the existing ones.

    \b
    Example:
        openbook new page "How we handle your data"
    """
    portal = _portal(content_dir)
    orders = [p.order for p in _pages(content_dir)]
    _write(lambda: editing.new_page(content_dir, portal, title, max(orders, default=0) + 1))


@new.command("policy")
@click.argument("title", callback=words)
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="The day it takes effect, in the site's time zone.",
)
@content_option
def new_policy_command(title: str, effective: datetime, content_dir: Path) -> None:
    """Add a policy: terms, a privacy policy, an SLA. Its text follows the front matter.

    \b
    Example:
        openbook new policy "Privacy policy" --effective 2027-01-01
    """
    portal = _portal(content_dir)
    _write(lambda: new_policies.new_policy(content_dir, portal, title, effective.date()))


@new.command("version")
@click.argument("policy_id", metavar="POLICY")
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="The day the new version takes effect, in the site's time zone.",
)
@click.option("--summary", callback=words, required=True, help="What changes, and why.")
@content_option
@now_option
def new_version_command(
    policy_id: str, effective: datetime, summary: str, content_dir: Path, now: datetime | None
) -> None:
    """Start a new version of a policy: its file gets the new effective date and the summary;
    then edit its text. The version it replaces stays in git history, and on the site.

    \b
    Example:
        openbook new version privacy --effective 2027-01-01 --summary "Mailgun replaces Postmark."
    """
    portal = _portal(content_dir)
    day = effective.date()
    replaced = []

    def create() -> Path:
        path, earlier = new_policies.new_version(content_dir, portal, policy_id, day, summary)
        replaced.append(earlier)
        return path

    _write(create, "--effective")
    today = resolve_now(now).astimezone(portal.timezone).date()
    click.echo(
        f"replaces the version effective {replaced[0]}; takes effect {day}, "
        f"{(day - today).days} days from today (notice promised: {portal.policy_notice_days})"
    )


def _write(create: Callable[[], Path], option: str = "") -> None:
    """Run a `new` command's writer and print the new file's path; its own problems exit 1 with
    the content's messages, a wrong option is a usage error."""
    try:
        path = create()
    except editing.AuthoringError as exc:
        if not option:
            fail(exc)
        raise click.BadParameter(str(exc), param_hint=option) from None
    except OpenbookError as exc:
        fail(exc)
    click.echo(display_path(path))


def _pages(content_dir: Path) -> Sequence[StandingPage]:
    try:
        return load_content(content_dir).pages
    except OpenbookError:
        return []


@click.command()
@click.argument("doc_id", metavar="ID")
@click.argument("text", callback=words)
@click.option(
    "--status",
    help="incidents: investigating, identified, monitoring, resolved; "
    "maintenance: scheduled, in_progress, verifying, completed, cancelled.",
)
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    help="Instead of a new update: TEXT translates the newest update into LANG (one of the "
    "site's other languages), in the sibling file ID.LANG.md.",
)
@click.option(
    "--component",
    "components",
    multiple=True,
    metavar="ID=STATUS",
    help="Incidents: a component's status from this update on; repeat for several.",
)
@click.option(
    "--next-update",
    "promise",
    type=Promise(),
    default=None,
    help="Incidents: when the next update is due, as a time or a delay after this update "
    "(45m, 2h); default: this update plus update_every from portal.yml.",
)
@content_option
@now_option
def update(
    doc_id: str,
    text: str,
    status: str | None,
    language: str | None,
    components: tuple[str, ...],
    promise: datetime | timedelta | None,
    content_dir: Path,
    now: datetime | None,
) -> None:
    """Append a timestamped update to an incident or maintenance window.

    The file is edited in place: comments, key order, quoting and the report stay as they were.
    An incident's promised next update moves with it (this update plus update_every, or
    --next-update), and is removed when the incident is resolved.

    \b
    With --lang, the text is the translation of the newest update instead, added to (or
    starting) the translation file next to the original; nothing else is given.

    \b
    Examples:
        openbook update 2026-11-20-api-errors --status identified \\
            --component api=degraded_performance --next-update 45m \\
            "A configuration change sent traffic to a drained node. We are rolling it back."
        openbook update 2026-11-20-api-errors --lang de \\
            "Eine Konfigurationsänderung leitete Anfragen auf einen geleerten Knoten."
    """
    portal = _portal(content_dir)
    try:
        kind, path = editing.find_document(content_dir, doc_id)
    except OpenbookError as exc:
        fail(exc)
    if language is not None:
        given = [
            name
            for name, value in (
                ("--status", status),
                ("--component", components),
                ("--next-update", promise),
            )
            if value
        ]
        if given:
            raise click.BadParameter(
                "a translation carries only words; the original has the status and components",
                param_hint=given[0],
            )
        try:
            target, at = editing.translate_update(path, kind, portal, language, text)
        except OpenbookError as exc:
            fail(exc)
        click.echo(f"{display_path(target)}: added the {language} text of the update at {iso(at)}")
        return
    if status is None:
        raise click.BadParameter("the update's status is required", param_hint="--status")
    vocabulary = IncidentStatus if kind == "incidents" else MaintenanceStatus
    if status not in [s.value for s in vocabulary]:
        raise click.BadParameter(
            f"{status!r} is not a status for {kind}; use one of "
            f"{', '.join(s.value for s in vocabulary)}",
            param_hint="--status",
        )
    if components and kind != "incidents":
        raise click.BadParameter(
            "maintenance updates do not set component statuses", param_hint="--component"
        )
    if promise is not None and (kind != "incidents" or status == "resolved"):
        raise click.BadParameter(
            "only an open incident promises its next update", param_hint="--next-update"
        )
    at = resolve_now(now)
    if isinstance(promise, datetime) and promise <= at:
        raise click.BadParameter(
            f"{promise.isoformat()} is not after this update ({at.isoformat()})",
            param_hint="--next-update",
        )
    allowed = ("operational", *(s.value for s in INCIDENT_COMPONENT_STATUSES))
    changes = _components(portal, components, allowed)
    try:
        editing.append_update(path, kind, portal, at, status, text, changes, promise)
    except OpenbookError as exc:
        fail(exc)
    click.echo(f"{display_path(path)}: added {status} update")
    if status == "resolved":
        click.echo(
            "  hint: add the report below the front matter (what happened, impact, root cause, "
            "what we are changing), a remedy if customers are owed one, and the commitments you "
            "are making"
        )
