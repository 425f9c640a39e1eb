"""`openbook serve`: a live preview that rebuilds when content changes.

Every rebuild is an ordinary atomic build into a private folder, so a content error leaves the
last good site serving; only pages whose HTML changed go through MkDocs again.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

from generator.build import Result, build, resolve_now
from generator.errors import ContentErrors, OpenbookError
from generator.site.mkdocs_adapter import live_server
from generator.site.pages import templates_dir


class Rebuilder:
    """Called by the server on every change; prints what happened, never raises."""

    def __init__(self, content_dir: Path, out: Path, now: datetime | None):
        self.content_dir, self.out, self.now = content_dir, out, now
        self.last: Result | None = None
        self.templates = self._templates_stamp()

    def _templates_stamp(self) -> float:
        return max(
            (p.stat().st_mtime for p in templates_dir().rglob("*") if p.is_file()), default=0.0
        )

    def __call__(self) -> bool:
        started = time.perf_counter()
        stamp = self._templates_stamp()
        try:
            self.last = build(
                self.content_dir,
                self.out,
                resolve_now(self.now),
                self.last,
                keep_spare=True,
                full=stamp != self.templates,
            )  # a template change rebuilds all
        except ContentErrors as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{exc} The last good site is still being served.", err=True)
            return False
        except OpenbookError as exc:
            click.echo(f"error: {exc}\nThe last good site is still being served.", err=True)
            return False
        self.templates = stamp
        took = time.perf_counter() - started
        click.echo(
            f"Rebuilt {self.last.built} of {self.last.pages} pages in {took:.2f} s", err=True
        )
        return True


def serve(content_dir: Path, host: str, port: int, now: datetime | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="openbook-serve-"))
    rebuild = Rebuilder(content_dir, work / "site", now)
    try:
        if not rebuild():
            raise SystemExit(1)
        mount = urlsplit(rebuild.last.content.portal.url).path or "/"
        server = live_server(
            rebuild, work / "site", host, port, mount, [content_dir.resolve(), templates_dir()]
        )
        click.echo(f"Serving on {server.url} (Ctrl+C to stop)", err=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            click.echo("Stopping.", err=True)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
