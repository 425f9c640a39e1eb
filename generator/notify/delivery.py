"""Getting a message to a receiver: HTTPS posts with retries, and SMTP with TLS.

Plain HTTP and SMTP without TLS are refused, except to this machine (a relay or a test
receiver on 127.0.0.1), because the URLs and credentials are secrets.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from generator import __version__

TIMEOUT = 15  # seconds for one request or SMTP command


class Failed(Exception):
    """A delivery that did not happen; `permanent` when trying again cannot help."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_url(url: str, variable: str) -> str:
    """The URL in `variable`, if it is one a secret may travel to; else a `Failed`."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip()
    if parts.scheme == "http" and loopback(parts.hostname):
        return url.strip()
    raise Failed(
        f"${variable} is not an https:// URL (plain http only to this machine)", permanent=True
    )


@dataclass
class Retry:
    attempts: int = 3
    backoff: float = 2.0  # seconds before the second attempt; doubled each time after
    sleep: Callable[[float], None] = time.sleep


def post(url: str, body: bytes, headers: dict[str, str], retry: Retry) -> None:
    """POST `body`; retried on connection errors, 429 and 5xx, as the receiver asks."""
    request_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"Openbook/{__version__} (+notify)",
        **headers,
    }
    wait = retry.backoff
    for attempt in range(1, retry.attempts + 1):
        request = urllib.request.Request(url, data=body, headers=request_headers, method="POST")
        try:
            with _opener().open(request, timeout=TIMEOUT) as response:
                response.read()
                return
        except urllib.error.HTTPError as exc:
            code = exc.code
            if code != 429 and code < 500:
                raise Failed(f"the receiver refused it: HTTP {code}", permanent=False) from None
            reason = f"HTTP {code}"
            asked = exc.headers.get("Retry-After", "")
            if asked.isdigit():
                wait = max(wait, min(float(asked), 60.0))
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = str(getattr(exc, "reason", exc))
        if attempt == retry.attempts:
            raise Failed(f"no answer after {attempt} tries ({reason})")
        retry.sleep(wait)
        wait *= 2


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook that redirects is misconfigured; following it could carry the body elsewhere."""

    def redirect_request(self, *args, **kwargs):
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    tls: str  # "implicit" | "starttls" | "none" (only to this machine)
    user: str
    password: str

    @classmethod
    def parse(cls, url: str, variable: str) -> Smtp:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise Failed(f"${variable} is not smtp:// or smtps://HOST", permanent=True)
        tls = "implicit" if parts.scheme == "smtps" else "starttls"
        if tls == "starttls" and loopback(parts.hostname):
            tls = "none"  # a local relay or test server; the secret stays on this machine
        return cls(
            parts.hostname,
            parts.port or (465 if tls == "implicit" else 587),
            tls,
            unquote(parts.username or ""),
            unquote(parts.password or ""),
        )

    def connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        try:
            if self.tls == "implicit":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=TIMEOUT, context=context
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
                if self.tls == "starttls":
                    client.starttls(context=context)  # raises if the server cannot
            if self.user:
                client.login(self.user, self.password)
        except (smtplib.SMTPException, OSError) as exc:
            raise Failed(f"SMTP {self.host}:{self.port}: {exc}") from None
        return client


def send_mail(client: smtplib.SMTP, message: EmailMessage) -> None:
    """One message to its one recipient; `Failed(permanent=True)` if the server refuses it."""
    try:
        refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code = next(iter(exc.recipients.values()))[0]
        raise Failed(f"refused: {code}", permanent=500 <= code < 600) from None
    except smtplib.SMTPResponseException as exc:
        raise Failed(f"SMTP {exc.smtp_code}", permanent=500 <= exc.smtp_code < 600) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise Failed(f"SMTP: {exc}") from None
    if refused:
        raise Failed(f"refused: {refused}", permanent=True)
