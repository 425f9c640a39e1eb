"""Getting e-mail to an SMTP server with TLS, each message within one deadline.

SMTP without TLS is refused, except to this machine (a relay or a test server on 127.0.0.1),
because the credentials are secrets.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from generator.notify.delivery import Deadline, Failed, loopback


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    tls: str  # "implicit" | "starttls" | "none" (only to this machine)
    user: str
    password: str

    @classmethod
    def parse(cls, url: str, variable: str) -> Smtp:
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise Failed(f"${variable} is not smtp:// or smtps://HOST", permanent=True) from None
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise Failed(f"${variable} is not smtp:// or smtps://HOST", permanent=True)
        tls = "implicit" if parts.scheme == "smtps" else "starttls"
        if tls == "starttls" and loopback(parts.hostname):
            tls = "none"  # a local relay or test server; the secret stays on this machine
        return cls(
            parts.hostname,
            port or (465 if tls == "implicit" else 587),
            tls,
            unquote(parts.username or ""),
            unquote(parts.password or ""),
        )

    @property
    def where(self) -> str:
        return f"SMTP {self.host}:{self.port}"

    def connect(self, client: smtplib.SMTP) -> None:
        """Connect `client` (from `client()`), with TLS and the login."""
        try:
            client.connect(self.host, self.port)
            if self.tls == "starttls":
                client.starttls(context=ssl.create_default_context())  # raises if it cannot
            if self.user:
                client.login(self.user, self.password)
        except (smtplib.SMTPException, OSError) as exc:
            raise Failed(f"{self.where}: {type(exc).__name__}: {exc}") from None

    def client(self, timeout: float) -> smtplib.SMTP:
        """A client not yet connected, so that a deadline can hold its socket from the start."""
        client: smtplib.SMTP
        if self.tls == "implicit":
            client = smtplib.SMTP_SSL(timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(timeout=timeout)
        # The name TLS checks the certificate against: smtplib sets it only when the
        # constructor connects (Python 3.11, 3.12), which would be before a deadline holds it.
        # It is the one private name of smtplib used here, and typeshed's stubs leave it out.
        client._host = self.host  # type: ignore[attr-defined]  # noqa: SLF001
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
        raise Failed(f"SMTP: {type(exc).__name__}: {exc}") from None
    if refused:
        raise Failed(f"refused: {refused}", permanent=True)


class Mailer:
    """SMTP connections opened as needed, `per_connection` messages each, at most
    `per_second` messages a second, each message (and the connection it needs) within
    `timeout` seconds."""

    def __init__(self, smtp: Smtp, per_second: int, per_connection: int, timeout: float):
        self.smtp, self.timeout = smtp, timeout
        self.per_second, self.per_connection = per_second, per_connection
        self.client: smtplib.SMTP | None = None
        self.sent = self.entries = self.on_connection = 0
        self.last = 0.0

    def send(self, letter: EmailMessage) -> None:
        gap = 1.0 / self.per_second - (time.monotonic() - self.last)
        if gap > 0:
            time.sleep(gap)
        if self.client is not None and self.on_connection >= self.per_connection:
            self.close()
        deadline = Deadline(self.timeout)
        with deadline.cutting(lambda: getattr(self.client, "sock", None)):
            try:
                if self.client is None:
                    self.client, self.on_connection = self.smtp.client(self.timeout), 0
                    try:
                        self.smtp.connect(self.client)
                    except Failed:
                        self.drop()
                        raise
                self.last = time.monotonic()
                send_mail(self.client, letter)
            except Failed as exc:
                if not deadline.passed():
                    raise
                self.drop()
                raise Failed(f"{self.smtp.where}: no answer within {self.timeout:g} s") from exc
        self.sent += 1
        self.on_connection += 1

    def close(self) -> None:
        """Say goodbye, briefly: the messages were accepted, a lost goodbye is no failure."""
        if self.client is None:
            return
        deadline = Deadline(min(5.0, self.timeout))
        with deadline.cutting(lambda: getattr(self.client, "sock", None)):
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.drop()
        self.client = None

    def drop(self) -> None:
        if self.client is not None:
            with contextlib.suppress(OSError):
                self.client.close()
            self.client = None
