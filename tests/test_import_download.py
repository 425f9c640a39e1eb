"""`openbook import statuspage URL` against servers on 127.0.0.1 that never finish: one that
sends a byte a second, one whose body never ends, one larger than --max-bytes. Each ends with a
clear error within the one deadline for the whole download."""

from __future__ import annotations

import http.server
import time
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from generator.cli import main

from .helpers.serving import serve_in_thread

pytestmark = pytest.mark.slow


class _Hostile(http.server.BaseHTTPRequestHandler):
    mode = "drip"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        try:
            if self.mode == "drip-headers":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            if self.mode == "drip":
                for byte in b'{"page": {"name": "slow"}' + b" " * 10_000:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
            else:  # endless
                self.wfile.write(b'{"page": "')
                while True:
                    self.wfile.write(b"x" * 65536)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def hostile(mode: str):
    handler = type("Handler", (_Hostile,), {"mode": mode})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run(url: str, tmp_path, *options: str):
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["import", "statuspage", url, "--content", str(tmp_path / "content"), *options]
    )
    return result, time.monotonic() - started


def test_a_server_that_sends_a_byte_a_second_is_stopped_at_the_deadline(tmp_path):
    with hostile("drip") as url:
        result, took = run(url, tmp_path, "--timeout", "3")
    assert result.exit_code == 1
    assert result.output == (
        f"error: {url}/api/v2/summary.json: the download took longer than 3 seconds; "
        "try again, or allow more with --timeout SECONDS\n"
    )
    assert took < 5
    assert not (tmp_path / "content").exists()


def test_headers_sent_a_byte_a_second_are_stopped_too(tmp_path):
    with hostile("drip-headers") as url:
        result, took = run(url, tmp_path, "--timeout", "2")
    assert result.exit_code == 1 and "the download took longer than 2 seconds" in result.output
    assert took < 4


def test_an_endless_body_stops_at_max_bytes(tmp_path):
    with hostile("endless") as url:
        result, took = run(url, tmp_path, "--max-bytes", "1000000", "--timeout", "20")
    assert result.exit_code == 1
    assert result.output == (
        f"error: {url}/api/v2/summary.json: larger than 1,000,000 bytes; "
        "if the page really is that large, allow more with --max-bytes N\n"
    )
    assert took < 10


def test_the_limits_are_in_the_help():
    result = CliRunner().invoke(main, ["import", "statuspage", "--help"])
    assert "--max-bytes INTEGER RANGE" in result.output and "[default: 50000000" in result.output
    assert "--timeout FLOAT RANGE" in result.output and "[default: 60.0" in result.output
