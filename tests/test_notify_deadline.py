"""Every delivery ends within `openbook notify --timeout`: a receiver that answers one byte a
second (HTTP or SMTP, real sockets on 127.0.0.1) holds a run no longer than that, is reported,
and nothing is recorded as delivered to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from .helpers.notify_sites import ALL_CHANNELS, T0, incident, site
from .receivers import Drip, Http

pytestmark = pytest.mark.slow

SLACK = "    - kind: slack\n      url_env: SLACK_URL\n"
EMAIL = "    - kind: email" + ALL_CHANNELS.split("    - kind: email")[1]
TIMEOUT = 2.0
SLACK_ROOM = 3.0  # starting Python and reading the content


def _notify(content, state, now, env, *extra):
    command = [
        sys.executable, "-m", "generator", "notify", "--content", str(content),
        "--state", str(state), "--now", f"{now:%Y-%m-%dT%H:%M:%SZ}", "--backoff", "0", *extra,
    ]  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )
    return done, time.monotonic() - started


@pytest.fixture
def drip_http():
    receiver = Drip(http=True).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def drip_smtp():
    receiver = Drip(http=False).start()
    yield receiver
    receiver.stop()


def _pending(state) -> dict:
    return {k: v["pending"] for k, v in json.loads(state.read_text())["channels"].items()}


@pytest.mark.parametrize("attempts", [1, 3])
def test_a_dripping_webhook_ends_within_the_timeout(tmp_path, drip_http, attempts):
    content = site(tmp_path, SLACK)
    state = tmp_path / "state.json"
    env = {"SLACK_URL": drip_http.url + "/slack"}
    _notify(content, state, T0, env)
    incident(content, "2026-11-23-a", [(T0 + timedelta(minutes=1), "investigating", "One.")])
    done, took = _notify(
        content, state, T0 + timedelta(minutes=5), env,
        "--timeout", str(TIMEOUT), "--attempts", str(attempts),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert took < TIMEOUT + SLACK_ROOM, took
    assert "slack:SLACK_URL: not delivered: Investigating: API errors: http://127.0.0.1/…: " in (
        done.stderr
    )
    assert f"no answer within {TIMEOUT:g} s" in done.stderr
    assert _pending(state) == {"slack:SLACK_URL": ["incident/2026-11-23-a/2026-11-23T10:01:00Z"]}


def test_a_dripping_smtp_server_ends_within_the_timeout(tmp_path, drip_smtp):
    content = site(tmp_path, EMAIL)
    subscribers = tmp_path / "subscribers.csv"
    subscribers.write_text("email,components\nana@example.org,\n", encoding="utf-8")
    state = tmp_path / "state.json"
    env = {"SMTP_URL": drip_smtp.url, "SUBSCRIBERS": str(subscribers)}
    _notify(content, state, T0, env)
    incident(content, "2026-11-23-a", [(T0 + timedelta(minutes=1), "investigating", "One.")])
    done, took = _notify(content, state, T0 + timedelta(minutes=5), env, "--timeout", str(TIMEOUT))
    assert done.returncode == 1
    assert took < TIMEOUT + SLACK_ROOM, took
    assert drip_smtp.connections == 1
    assert f"SMTP 127.0.0.1:{drip_smtp.url.rpartition(':')[2]}: no answer within 2 s" in (
        done.stdout + done.stderr
    )
    record = json.loads(state.read_text())["channels"]["email:SUBSCRIBERS"]
    assert record == {"pending": ["incident/2026-11-23-a/2026-11-23T10:01:00Z"], "partial": {}}


def test_the_timeout_is_the_whole_delivery_and_others_still_deliver(tmp_path, drip_http):
    """A slow receiver costs its channel one timeout; the next channel still delivers."""
    http = Http().start()
    try:
        channels = SLACK + "    - kind: discord\n      url_env: DISCORD_URL\n"
        content = site(tmp_path, channels)
        state = tmp_path / "state.json"
        env = {"SLACK_URL": drip_http.url + "/slack", "DISCORD_URL": http.url + "/discord"}
        _notify(content, state, T0, env)
        for n in (1, 2):
            incident(content, f"2026-11-23-{n}", [(T0 + timedelta(minutes=n), "identified", "X.")])
        done, took = _notify(
            content, state, T0 + timedelta(minutes=5), env, "--timeout", str(TIMEOUT)
        )
        assert done.returncode == 1
        assert took < TIMEOUT + SLACK_ROOM, took  # the channel stops at its first failure
        assert [r.path for r in http.accepted] == ["/discord", "/discord"]
        assert _pending(state)["discord:DISCORD_URL"] == []
        assert len(_pending(state)["slack:SLACK_URL"]) == 2
    finally:
        http.stop()


def test_the_default_timeout_is_documented():
    from click.testing import CliRunner

    from generator.cli import main

    help_text = CliRunner().invoke(main, ["notify", "--help"]).output
    assert "--timeout SECONDS" in help_text and "default: 30.0" in help_text
