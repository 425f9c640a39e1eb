"""E-mails as Python's strict parser reads them (real aiosmtpd on 127.0.0.1): one-click
unsubscribe (RFC 8058) with an https address and not with mailto, dated when sent, the
entry's own time in the text."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from .helpers.notify_sites import ALL_CHANNELS, FAST, T0, incident, site
from .helpers.notify_sites import run as notify_run

EMAIL = "    - kind: email" + ALL_CHANNELS.split("    - kind: email")[1]
ONE_CLICK = "https://zorblat.example/status/unsubscribe?email={email}"


def _mail(tmp_path, smtp, unsubscribe: str, title: str = "API errors"):
    content = site(tmp_path, EMAIL.replace("mailto:leave@zorblat.example", unsubscribe))
    subscribers = tmp_path / "subscribers.csv"
    subscribers.write_text("email,components\nana+x@example.org,\n", encoding="utf-8")
    env = {"SMTP_URL": smtp.url, "SUBSCRIBERS": str(subscribers)}
    notify_run(content, env, T0, retry=FAST)
    incident(
        content,
        "2026-11-23-a",
        [(T0 + timedelta(minutes=1), "identified", "Found it.")],
        title=title,
    )
    # A catch-up run, weeks after the entry.
    outcome = notify_run(content, env, T0 + timedelta(days=30), retry=FAST)
    assert not outcome.failed, outcome.lines
    (raw,) = smtp.raw
    return email.message_from_bytes(raw, policy=email.policy.strict)


def test_https_unsubscribe_is_one_click_and_the_date_is_the_sending_time(tmp_path, smtp):
    before = datetime.now(UTC).replace(microsecond=0)
    message = _mail(tmp_path, smtp, ONE_CLICK)
    assert message.defects == []
    assert message["List-Unsubscribe"].strip() == (
        "<https://zorblat.example/status/unsubscribe?email=ana%2Bx%40example.org>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent = parsedate_to_datetime(message["Date"])
    assert before <= sent <= datetime.now(UTC) + timedelta(seconds=1)
    text = message.get_body(("plain",)).get_content()
    assert "23 Nov 2026, 11:01 CET" in text  # the entry's own time, as the site writes it
    for part in message.walk():
        assert part.defects == []


def test_mailto_unsubscribe_has_no_one_click(tmp_path, smtp):
    message = _mail(tmp_path, smtp, "mailto:leave@zorblat.example")
    assert message["List-Unsubscribe"].strip().startswith("<mailto:leave@zorblat.example?subject=")
    assert message["List-Unsubscribe-Post"] is None


def test_hostile_titles_make_headers_the_strict_parser_reads(tmp_path, smtp):
    title = '"Ünïcode \\"quoted\\" <angle> (paren) ; semi, comma \\\\ back =?utf-8?q?x?="'
    message = _mail(tmp_path, smtp, ONE_CLICK, title=title)
    assert message.defects == []
    assert message["Subject"] == (
        '[Zorblat Status] Identified: Ünïcode "quoted" <angle> (paren) ; semi, comma \\ back '
        "=\u2060?utf-8?q?x?="  # a word joiner: shown as written, not decoded as "x"
    )
    assert message["List-Id"] == '"Zorblat Status" <status.status.zorblat.example>'
