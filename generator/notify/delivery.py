"""Getting a message to a receiver over HTTPS: one POST with retries, all of it within one
deadline (see smtp.py for e-mail).

Plain HTTP is refused, except to this machine (a relay or a test receiver on 127.0.0.1),
because the URLs are secrets. Redirects are not followed and no proxy is used: a webhook that
redirects is misconfigured, and following it could carry the body elsewhere.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator import __version__
from generator.notify.secrets import redact_url

TIMEOUT = 30.0  # seconds for one delivery, however it is spent; `openbook notify --timeout`
MOST_READ = 64 * 1024  # of an answer's body: only its status matters


class Failed(Exception):
    """A delivery that did not happen; `permanent` when trying again cannot help."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Deadline:
    """The time one delivery may take: connecting, sending and reading the answer together,
    so a receiver that answers one byte a second cannot hold a run (a socket's own timeout
    starts again with every byte)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.end

    @contextlib.contextmanager
    def cutting(self, current: Callable[[], socket.socket | None]) -> Iterator[None]:
        """Shut the connection `current()` returns when the time is up; whatever waits on it
        then fails at once."""

        def cut() -> None:
            sock = current()
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.left(), cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()


def loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_url(url: str, variable: str) -> str:
    """The URL in `variable`, if it is one a secret may travel to; else a `Failed`."""
    url = url.strip()
    if any(not " " < ch < "\x7f" for ch in url):
        raise Failed(
            f"${variable} holds spaces, control or non-ASCII characters; percent-encode them",
            permanent=True,
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise Failed(f"${variable} is not a URL", permanent=True) from None
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and loopback(parts.hostname):
        return url
    raise Failed(
        f"${variable} is not an https:// URL (plain http only to this machine)", permanent=True
    )


@dataclass
class Retry:
    attempts: int = 3
    backoff: float = 2.0  # seconds before the second attempt; doubled each time after
    sleep: Callable[[float], None] = time.sleep
    timeout: float = TIMEOUT  # for one delivery, all its attempts and waits included


def post(url: str, body: bytes, headers: dict[str, str], retry: Retry) -> None:
    """POST `body` to `url` (from `check_url`); retried on connection errors, 429 and 5xx, as
    the receiver asks, until `retry.timeout` is spent. Errors name the URL by its host only."""
    request_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"Openbook/{__version__} (+notify)",
        **headers,
    }
    where, deadline, wait = redact_url(url), Deadline(retry.timeout), retry.backoff
    for attempt in range(1, retry.attempts + 1):
        try:
            code, asked = _attempt(url, body, request_headers, deadline)
        except (OSError, http.client.HTTPException) as exc:
            reason = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        else:
            if code < 300:
                return
            if code != 429 and code < 500:
                raise Failed(f"{where} refused it: HTTP {code}")
            reason = f"HTTP {code}"
            if asked.isdigit():
                wait = max(wait, min(float(asked), 60.0))
        if deadline.passed() or wait >= deadline.left() and attempt < retry.attempts:
            raise Failed(f"{where}: no answer within {retry.timeout:g} s ({reason})")
        if attempt == retry.attempts:
            raise Failed(f"{where}: no answer after {attempt} tries ({reason})")
        retry.sleep(wait)
        wait *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _attempt(url: str, body: bytes, headers: dict, deadline: Deadline) -> tuple[int, str]:
    parts = urlsplit(url)
    host = parts.hostname
    if host is None:  # check_url lets no such URL through
        raise ValueError(f"{redact_url(url)}: no host to POST to")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            host,
            parts.port,
            timeout=deadline.left(),
            context=ssl.create_default_context(),
        )
    else:
        connection = http.client.HTTPConnection(host, parts.port, timeout=deadline.left())
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    with deadline.cutting(lambda: connection.sock):
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            response.read(MOST_READ)
            return response.status, response.getheader("Retry-After", "") or ""
        finally:
            connection.close()
