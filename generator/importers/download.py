"""Reading documents from a web address with two limits a server cannot stretch: a number of
bytes per document and one deadline for the whole download.

A socket timeout bounds each read, not the sum of them: a server that sends one byte a second
never trips it. So a timer closes every socket of the download when the deadline passes,
which ends whatever read is waiting, and the body is read in chunks against the byte limit.
"""

from __future__ import annotations

import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from generator import __version__
from generator.errors import OpenbookError

MAX_BYTES = 50_000_000  # per document; a Statuspage export is a few megabytes at most
TIMEOUT = 60.0  # seconds for the whole download
_CHUNK = 65536


class Download:
    """One download session: `get(url)` as often as needed, all within `seconds` of the
    first; use it as a context manager so its timer ends with it."""

    def __init__(self, max_bytes: int = MAX_BYTES, seconds: float = TIMEOUT) -> None:
        self.max_bytes, self.seconds = max_bytes, seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._opener = urllib.request.build_opener(
            _Handler(functools.partial(_TrackedHTTP, track=self._track)),
            _SecureHandler(functools.partial(_TrackedHTTPS, track=self._track)),
        )

    def __enter__(self) -> Download:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        self._expire(quietly=True)

    def get(self, url: str, optional: bool = False) -> bytes | None:
        """The document at `url`; None if `optional` and the server has none (404)."""
        left = self.deadline - time.monotonic()
        if left <= 0 or self.expired:
            raise self._late(url)
        request = urllib.request.Request(url, headers={"User-Agent": f"Openbook/{__version__}"})
        try:
            with self._opener.open(request, timeout=left) as response:
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise self._large(url)
                data = bytearray()
                while chunk := response.read(_CHUNK):
                    data += chunk
                    if len(data) > self.max_bytes:
                        raise self._large(url)
                    if self.expired:
                        raise self._late(url)
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and optional:
                return None
            raise OpenbookError(f"{url}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            if self.expired:
                raise self._late(url) from None
            reason = getattr(exc, "reason", None) or exc
            raise OpenbookError(f"{url}: {reason}") from None
        if self.expired:
            raise self._late(url)
        return bytes(data)

    def _late(self, url: str) -> OpenbookError:
        return OpenbookError(
            f"{url}: the download took longer than {self.seconds:g} seconds; "
            "try again, or allow more with --timeout SECONDS"
        )

    def _large(self, url: str) -> OpenbookError:
        return OpenbookError(
            f"{url}: larger than {self.max_bytes:,} bytes; "
            "if the page really is that large, allow more with --max-bytes N"
        )

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            late = self.expired
        if late:
            _close(sock)

    def _expire(self, quietly: bool = False) -> None:
        with self._lock:
            self.expired = self.expired or not quietly
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _close(sock)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread
    except OSError:
        pass
    sock.close()


class _Tracking(http.client.HTTPConnection):
    """Mixed into a connection class: hands each socket the connection opens to `track`."""

    def __init__(self, *args: Any, track: Callable[[socket.socket], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._track = track

    def connect(self) -> None:
        super().connect()
        self._track(self.sock)


class _TrackedHTTP(_Tracking, http.client.HTTPConnection):
    pass


class _TrackedHTTPS(_Tracking, http.client.HTTPSConnection):
    pass


_Connection = Callable[..., http.client.HTTPConnection]


class _Handler(urllib.request.HTTPHandler):
    def __init__(self, connection: _Connection) -> None:
        super().__init__()
        self._connection = connection

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _SecureHandler(urllib.request.HTTPSHandler):
    """HTTPS with http.client's default context: certificates and host names verified."""

    def __init__(self, connection: _Connection) -> None:
        super().__init__()
        self._connection = connection

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)
