"""Secrets never appear in anything `openbook notify` prints or writes: webhook URLs (their
path, query and userinfo), the signing key and the SMTP password, whatever fails — a closed
port, a refusal, a server error, an address Python's HTTP client rejects, a refused login."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from generator.notify.run import notify

from .helpers.notify_sites import ALL_CHANNELS, FAST, T0, incident, site
from .receivers import Http

MARK = "Zq9"  # in every secret below, and nowhere else


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Every channel, and a second Slack channel whose URL names a port.
CHANNELS = ALL_CHANNELS.replace(
    "      url_env: SLACK_URL\n",
    "      url_env: SLACK_URL\n    - kind: slack\n      id: slack-port\n      url_env: SLACK_PORT_URL\n",
    1,
)


@pytest.fixture
def refusing_smtp():
    """aiosmtpd that asks for a login and refuses every one."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Box:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    port = closed_port()
    controller = Controller(
        Box(), hostname="127.0.0.1", port=port, auth_required=True, auth_require_tls=False,
        authenticator=lambda *args: AuthResult(success=False),
    )  # fmt: skip
    controller.start()
    yield port
    controller.stop()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_no_secret_in_any_output_or_file(tmp_path, refusing_smtp):
    http = Http().start()
    try:
        http.answers = [404, 500, 500, 500]  # Teams refuses; Mattermost fails its three tries
        content = site(tmp_path, CHANNELS)
        subscribers = tmp_path / "subscribers.csv"
        subscribers.write_text("email,components\nana@example.org,\n", encoding="utf-8")
        env = {
            "SLACK_URL": f"http://127.0.0.1:{closed_port()}/services/{MARK}Path?token={MARK}Q",
            "SLACK_PORT_URL": f"http://127.0.0.1:{MARK}Port/services/x",
            "TEAMS_URL": f"{http.url}/{MARK}TeamsPath?sig={MARK}Sig",
            "DISCORD_URL": f"{http.url}/api/webhooks/1/{MARK}Token with a space",
            "MATTERMOST_URL": http.url.replace("//", f"//{MARK}User:{MARK}Pass@")
            + f"/hooks/{MARK}Key",
            "HOOK_URL": f"{http.url}/hook/{MARK}Hook",
            "HOOK_SECRET": f"{MARK}HmacKey",
            "SMTP_URL": f"smtp://status:{MARK}Smtp%40Pass@127.0.0.1:{refusing_smtp}",
            "SUBSCRIBERS": str(subscribers),
        }
        state = tmp_path / "state" / "notify.json"
        outputs = []

        def command(now, *extra):
            done = subprocess.run(
                [sys.executable, "-m", "generator", "notify", "--content", str(content),
                 "--state", str(state), "--now", f"{now:%Y-%m-%dT%H:%M:%SZ}",
                 "--backoff", "0", "--timeout", "5", *extra],
                env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            outputs.append(done.stdout + done.stderr)
            return done

        command(T0)
        incident(content, "2026-11-23-a", [(T0 + timedelta(minutes=1), "identified", "One.")])
        command(T0 + timedelta(minutes=5), "--dry-run")
        done = command(T0 + timedelta(minutes=5))
        assert done.returncode == 1
        report = done.stdout + done.stderr
        # Each failure is reported, naming at most the scheme and the host.
        assert "slack:SLACK_URL: not delivered: Identified: API errors: http://127.0.0.1/…: " in (
            report
        )
        assert (
            "slack-port: not delivered: Identified: API errors: $SLACK_PORT_URL is not a URL"
            in (report)
        )
        assert "teams:TEAMS_URL: not delivered: Identified: API errors: http://127.0.0.1/… " in (
            report
        )
        assert "$DISCORD_URL holds spaces" in report
        assert "mattermost:MATTERMOST_URL: not delivered: Identified: API errors: " in report
        assert "email:SUBSCRIBERS: stopped: SMTP 127.0.0.1:" in report
        assert "Traceback" not in report
        assert [r.path for r in http.accepted] == [f"/hook/{MARK}Hook"]  # the one that works
        written = [p for p in state.parent.iterdir() if p.is_file()]
        assert written
        for path in written:
            assert MARK not in path.read_text(encoding="utf-8", errors="replace"), path
        for output in outputs:
            assert MARK not in output, output
    finally:
        http.stop()


def test_a_traceback_is_shown_scrubbed():
    """Whatever goes wrong unforeseen is reported with its traceback, the secrets taken out."""
    from generator.notify.secrets import HIDDEN, Secrets, redact_url

    secrets = Secrets()
    secrets.add(f"https://u{MARK}:p%40{MARK}@hooks.example.com/a/{MARK}b?c={MARK}d")
    try:
        raise ValueError(f"bad: 'https://hooks.example.com/a/{MARK}b?c={MARK}d' p@{MARK}")
    except ValueError:
        import traceback

        text = secrets.scrub(traceback.format_exc())
    assert MARK not in text and HIDDEN in text and "hooks.example.com" in text
    assert redact_url(f"https://u:{MARK}@hooks.example.com/x?y") == "https://hooks.example.com/…"
    assert redact_url("not a url") == HIDDEN


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_email_progress_survives_a_new_smtp_password(tmp_path):
    """Who has an entry is keyed by the server, the sender and the channel, not the
    password: after a rotation mid-list, nobody gets it twice."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    got, passwords, busy = [], [], [False]

    class Box:
        async def handle_RCPT(self, server, session, envelope, address, options):
            if busy[0] and len(got) >= 2:
                return "451 4.3.0 try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            got.append(envelope.rcpt_tos[0])
            return "250 OK"

    def login(server, session, envelope, mechanism, data):
        passwords.append(data.password.decode())
        return AuthResult(success=True)

    port = closed_port()
    controller = Controller(
        Box(), hostname="127.0.0.1", port=port, auth_required=True, auth_require_tls=False,
        authenticator=login,
    )  # fmt: skip
    controller.start()
    try:
        channels = "    - kind: email" + CHANNELS.split("    - kind: email")[1]
        content = site(tmp_path, channels)
        subscribers = tmp_path / "subscribers.csv"
        subscribers.write_text(
            "email,components\n" + "".join(f"u{i}@example.org,\n" for i in range(4)),
            encoding="utf-8",
        )
        env = {"SMTP_URL": f"smtp://status:old@127.0.0.1:{port}", "SUBSCRIBERS": str(subscribers)}
        state = tmp_path / "state.json"
        notify(content, state, T0, retry=FAST, environ=env)
        incident(content, "2026-11-23-a", [(T0 + timedelta(minutes=1), "identified", "One.")])
        busy[0] = True
        assert notify(content, state, T0 + timedelta(minutes=5), retry=FAST, environ=env).failed
        assert got == ["u0@example.org", "u1@example.org"]
        busy[0] = False
        env["SMTP_URL"] = f"smtp://status:new@127.0.0.1:{port}"
        outcome = notify(content, state, T0 + timedelta(minutes=6), retry=FAST, environ=env)
        assert not outcome.failed, outcome.lines
        assert got == [f"u{i}@example.org" for i in range(4)]  # the rest, nobody twice
        assert passwords[0] == "old" and passwords[-1] == "new"
    finally:
        controller.stop()
