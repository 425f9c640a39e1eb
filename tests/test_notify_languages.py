"""Notifications speak each language with the words the site shows: a maintenance notice's
"For 25 Nov 2026, 11:00 CET to …" keeps the month and the zone as the site writes them (a
sentence's first letter is upper-cased, nothing else lowered), in every language."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.build import build
from generator.words import LANGUAGES, Clock, Words, upper_first

from .helpers.notify_sites import FAST, T0, maintenance, site
from .helpers.notify_sites import run as notify_run
from .receivers import Http


@pytest.fixture(scope="module")
def heard(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("languages")
    http = Http().start()
    try:
        channels = "".join(
            f"    - kind: slack\n      id: slack-{lang}\n      url_env: SLACK_{i}\n"
            f"      language: {lang}\n"
            for i, lang in enumerate(LANGUAGES)
        )
        content = site(tmp_path, channels, languages=f"languages: [{', '.join(LANGUAGES)}]")
        env = {f"SLACK_{i}": f"{http.url}/{lang}" for i, lang in enumerate(LANGUAGES)}
        notify_run(content, env, T0 - timedelta(minutes=1), retry=FAST)
        start = T0 + timedelta(days=2)
        maintenance(content, start)
        outcome = notify_run(content, env, T0 + timedelta(minutes=5), retry=FAST)
        assert not outcome.failed, outcome.lines
        out = tmp_path / "site"
        build(content, out, T0 + timedelta(minutes=5))
        texts = {r.path.strip("/"): r.json()["blocks"][0]["text"]["text"] for r in http.accepted}
        return texts, out, start
    finally:
        http.stop()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_maintenance_notice_reads_as_the_site_writes_it(heard, language):
    from zoneinfo import ZoneInfo

    texts, out, start = heard
    words, clock = Words(language), Clock(ZoneInfo("Europe/Berlin"), Words(language))
    begins, ends = clock.text(start), clock.text(start + timedelta(hours=2))
    # What the site shows for the window, on its own page in that language.
    prefix = "" if language == "en" else f"{language}/"
    page = lhtml.fromstring(
        (Path(out) / prefix / "maintenance" / "2026-11-25-db" / "index.html").read_bytes()
    )
    shown = {t.text_content() for t in page.iter("time")}
    end_time = clock.text(start + timedelta(hours=2), "time")  # the site gives the day once
    assert begins in shown and end_time in shown and end_time in ends, (begins, ends, shown)
    sentence = upper_first(words._("for %(start)s to %(end)s", start=begins, end=ends))
    text = texts[language].split("\n", 1)[1]
    assert text.startswith(sentence + "."), (text, sentence)
    if language in ("en", "de"):  # the issue's own examples: the month and zone as written
        assert ("Nov" if language == "en" else "Nov.") in text and "CET" in text
