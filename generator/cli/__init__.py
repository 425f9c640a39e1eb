"""The `openbook` command."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from generator import __version__
from generator.build import build as build_site
from generator.build import check as check_content
from generator.build import resolve_now
from generator.cli import authoring, importing, init, terminal
from generator.cli.options import content_option, fail, now_option, warn
from generator.errors import OpenbookError


@click.group(cls=terminal.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openbook")
def main() -> None:
    """Openbook: a status and transparency site from Markdown files.

    \b
    Example:
        openbook check
        openbook build --out site
    """


@main.command()
@content_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default="site",
    show_default=True,
    help="Where to write the site; replaced only when the build succeeds.",
)
@now_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to build with (default: one per core); the site is the same whatever N.",
)
def build(content_dir: Path, out: Path, now: datetime | None, jobs: int | None) -> None:
    """Check the content, then build the whole site.

    Nothing is written unless every file is valid; the previous site stays
    in place until the new one is complete.

    \b
    Example:
        openbook build --content content --out site --now 2026-11-20T15:00:00Z
    """
    try:
        moment = resolve_now(now)
        result = build_site(content_dir, out, moment, jobs=jobs)
    except OpenbookError as exc:
        fail(exc)
    warn(result.content, moment)
    for fallback in result.fallbacks:
        click.echo(f"warning: {fallback}", err=True)
    click.echo(
        f"Built {result.pages} pages ({result.files} files, {result.bytes / 1e6:.1f} MB) in {out}"
    )


@main.command()
@content_option
@now_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: print GitHub workflow annotations.",
)
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
        content = check_content(content_dir, moment)
    except OpenbookError as exc:
        fail(exc, fmt)
    count = warn(content, moment, fmt)
    summary = ", ".join(
        _count(n, noun)
        for n, noun in (
            (len(content.incidents), "incident"),
            (len(content.maintenance), "maintenance window"),
            (len(content.announcements), "announcement"),
            (len(content.pages), "page"),
            (len(content.portal.components), "component"),
        )
    )
    if len(content.portal.languages) > 1:
        summary += f", {_count(len(content.translations), 'translation')}"
    click.echo(f"Content OK: {summary}" + (f"; {_count(count, 'warning')}." if count else "."))


@main.command()
@content_option
@click.option(
    "--site",
    type=click.Path(path_type=Path),
    default=None,
    help="The built site: only entries whose page it holds are sent.",
)
@click.option(
    "--state",
    type=click.Path(path_type=Path),
    default=".openbook/notify-state.json",
    show_default=True,
    help="The delivery record kept between runs.",
)
@now_option
@click.option("--dry-run", is_flag=True, help="Print what would go where; send nothing.")
@click.option(
    "--attempts",
    type=click.IntRange(1, 10),
    default=3,
    show_default=True,
    help="Tries per message when a receiver fails or asks to wait.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(0, 300),
    default=2.0,
    show_default=True,
    help="Seconds before the second try; doubled for each try after it.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Most time one delivery may take, its connection, tries and answer included.",
)
def notify(
    content_dir: Path,
    site: Path | None,
    state: Path,
    now: datetime | None,
    dry_run: bool,
    attempts: int,
    backoff: float,
    timeout: float,
) -> None:
    """Send what is new since the last run to the channels under `notify:`.

    Each incident update, maintenance notice, reminder, announcement and
    commitment change goes to each channel that wants it, once. The first run
    records what exists and sends nothing old. Secrets come from the
    environment variables that portal.yml names, and are never printed. Each
    delivery ends within --timeout seconds. Exits 1 if anything could not be
    delivered; it is kept for the next run.

    \b
    Example:
        openbook notify --site site --dry-run
    """
    from generator.notify.delivery import Retry
    from generator.notify.run import notify as run_notify

    try:
        outcome = run_notify(
            content_dir,
            state,
            resolve_now(now),
            dry_run=dry_run,
            site=site,
            retry=Retry(attempts, backoff, timeout=timeout),
        )
    except OpenbookError as exc:
        fail(exc)
    for line in outcome.lines:
        click.echo(line, err=outcome.failed and "not delivered" in line)
    if outcome.failed:
        raise SystemExit(1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@main.command()
@content_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the preview.",
)
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


main.add_command(authoring.new)
main.add_command(authoring.update)
main.add_command(importing.importing)
main.add_command(init.init)
