"""`openbook serve`: a live preview that rebuilds when content changes.

Every rebuild is an ordinary atomic build into a private folder, so a content error leaves the
last good site serving; only pages whose HTML changed go through MkDocs again. When the change
is an edit to one incident, its page is rewritten first, from the last build's facts, and the
browser shown it at once; the whole site follows.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from urllib.parse import urlsplit

import click

from generator.build import ENGINE, build, quick_incident, resolve_now
from generator.build_state import Result
from generator.errors import ContentErrors, OpenbookError
from generator.site.pages import templates_dir


class Rebuilder:
    """Called by the server on every change; prints what happened, never raises."""

    def __init__(
        self,
        content_dir: Path,
        out: Path,
        now: datetime | None,
        shown: Callable[[], None] | None = None,
    ):
        self.content_dir, self.out, self.now = content_dir, out, now
        self.last: Result | None = None
        self.templates = self._templates_stamp()
        self.files = self._files()
        self.shown = shown  # called when a page was rewritten ahead of the build
        self.quick: str | None = None  # the URL of the last page rewritten ahead

    def _files(self) -> dict[Path, tuple[int, int]]:
        """Every content file with its size and modification time (not folders: an editor
        that saves through a new file and a rename changes its folder's time too)."""
        found = {}
        for path in self.content_dir.rglob("*"):
            try:
                stat = path.stat()
            except OSError:
                continue
            if S_ISREG(stat.st_mode):
                found[path] = (stat.st_size, stat.st_mtime_ns)
        return found

    def _ahead(self) -> str | None:
        """If the one change is an edit to an incident, its page, rewritten now."""
        files = self._files()
        changed = [p for p in files.keys() | self.files.keys() if files.get(p) != self.files.get(p)]
        self.files = files
        if self.last is None or len(changed) != 1:
            return None
        path = changed[0]
        if path not in files or path.parent != self.content_dir / "incidents":
            return None
        if path.suffix != ".md" or "." in path.stem:  # a translation: `ID.de.md`
            return None
        return quick_incident(self.last, path, resolve_now(self.now))

    def _templates_stamp(self) -> float:
        return max(
            (p.stat().st_mtime for p in templates_dir().rglob("*") if p.is_file()), default=0.0
        )

    def __call__(self) -> bool:
        started = time.perf_counter()
        stamp = self._templates_stamp()
        try:
            self.quick = self._ahead() if stamp == self.templates else None
        except OpenbookError:
            self.quick = None
        if self.quick is not None:
            took = time.perf_counter() - started
            click.echo(f"Updated /{self.quick} in {took:.2f} s; rebuilding the rest", err=True)
            if self.shown:
                self.shown()
        try:
            self.last = build(
                self.content_dir,
                self.out,
                resolve_now(self.now),
                previous=self.last,
                keep_spare=True,
                full=stamp != self.templates,  # a template change rebuilds all
            )
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
        for fallback in self.last.fallbacks:
            click.echo(f"warning: {fallback}", err=True)
        click.echo(
            f"Rebuilt {self.last.built} of {self.last.pages} pages in {took:.2f} s", err=True
        )
        return True


def serve(content_dir: Path, host: str, port: int, now: datetime | None) -> None:
    """Build `content_dir` into a private folder, serve it at `host:port` and rebuild it on
    every change until interrupted."""
    work = Path(tempfile.mkdtemp(prefix="openbook-serve-"))
    rebuild = Rebuilder(content_dir, work / "site", now)
    try:
        if not rebuild() or rebuild.last is None:
            raise SystemExit(1)
        mount = urlsplit(rebuild.last.content.portal.url).path or "/"
        server = ENGINE.live_server(
            rebuild,
            work / "site",
            host=host,
            port=port,
            mount=mount,
            watch=[content_dir.resolve(), templates_dir()],
        )
        rebuild.shown = server.reload_now
        click.echo(f"Serving on {server.url} (Ctrl+C to stop)", err=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            click.echo("Stopping.", err=True)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
