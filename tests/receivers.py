"""Real receivers on 127.0.0.1 for the notification tests: an HTTP server that stands in for
Slack, Teams, Discord, Mattermost, a webhook consumer and a WebSub hub, and an SMTP server
(aiosmtpd). Each records what it accepted, and can be told to fail."""

from __future__ import annotations

import email
import email.policy
import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from .helpers.serving import serve_in_thread


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Http:
    """Answers POSTs on 127.0.0.1. `answers` is consumed one per request (default 200); the
    `hold_at`-th request (counting from 1) is never answered: it waits until `release`."""

    accepted: list[Request] = field(default_factory=list)  # answered 2xx
    seen: list[Request] = field(default_factory=list)  # every request, whatever the answer
    answers: list[int] = field(default_factory=list)
    hold_at: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def start(self) -> Http:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = Request(self.path, dict(self.headers), body)
                receiver.seen.append(request)
                if receiver.hold_at == len(receiver.seen):
                    receiver.held.set()
                    receiver.release.wait(30)
                    return  # the sender was killed meanwhile: nothing was answered
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                if code == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                if code < 300:
                    receiver.accepted.append(request)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        serve_in_thread(self.server)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class _Mailbox:
    def __init__(self, smtp: Smtp):
        self.smtp = smtp

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.smtp.refuse:
            return "550 5.1.1 no such mailbox"
        if self.smtp.fail_after is not None and len(self.smtp.messages) >= self.smtp.fail_after:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.smtp.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        self.smtp.raw.append(envelope.original_content or envelope.content)
        self.smtp.connections.add(id(session))
        return "250 Message accepted"


@dataclass
class Smtp:
    """aiosmtpd on 127.0.0.1: keeps every message with its envelope; refuses the addresses in
    `refuse` for good, and everyone for now once it holds `fail_after` messages."""

    messages: list = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # each message's bytes as received
    refuse: set[str] = field(default_factory=set)
    fail_after: int | None = None
    connections: set = field(default_factory=set)

    def start(self) -> Smtp:
        with socket.socket() as probe:  # a free port: aiosmtpd checks it can connect to it
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(_Mailbox(self), hostname="127.0.0.1", port=port)
        self.controller.start()
        self.url = f"smtp://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        self.controller.stop()


@dataclass
class Drip:
    """A receiver on 127.0.0.1 that accepts connections and answers one byte a second, for
    ever: `http` speaks as an HTTP server would (after reading the request), else as an SMTP
    server greeting. A socket's own timeout never fires on it; only a deadline ends it."""

    http: bool = True
    connections: int = 0
    url: str = ""

    def start(self) -> Drip:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()
        port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}" if self.http else f"smtp://127.0.0.1:{port}"
        return self

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        answer = b"HTTP/1.1 200 OK\r\n" if self.http else b"220 slow.example ESMTP\r\n"
        with conn:
            try:
                if self.http:
                    conn.recv(65536)
                for i in range(10_000):
                    if self.stopped.is_set():
                        return
                    conn.sendall(answer[i % len(answer) : i % len(answer) + 1] or b" ")
                    time.sleep(1)
            except OSError:
                return

    def stop(self) -> None:
        self.stopped.set()
        self.server.close()
