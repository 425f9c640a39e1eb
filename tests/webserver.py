"""A folder served over HTTP on 127.0.0.1, for tests that need a web server but no browser."""

from __future__ import annotations

import functools
import http.server
from contextlib import contextmanager
from pathlib import Path

from .helpers.serving import serve_in_thread


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path):
    """`folder` served on 127.0.0.1 and a free port; yields the root URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
