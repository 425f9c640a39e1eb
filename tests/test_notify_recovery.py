"""A delivery record or journal cut short at any byte (a full disk, a killed run, a broken
cache) is reported in one line and recovered: never a traceback, never a message sent twice.
The record and journal are real: written by a run killed while a receiver held its answer."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from datetime import timedelta

import pytest

from generator.notify.state import Record

from .helpers.notify_sites import FAST, T0, command, incident, site
from .helpers.notify_sites import run as notify_run
from .receivers import Http

pytestmark = pytest.mark.slow

SLACK = "    - kind: slack\n      url_env: SLACK_URL\n"
KEYS = [f"incident/2026-11-23-{n}/2026-11-23T10:0{n}:00Z" for n in range(1, 5)]


@pytest.fixture
def killed(tmp_path, http):
    """The content, its record and the journal of a run killed at its fourth message."""
    return _kill(tmp_path, http)


@pytest.fixture(scope="module")
def killed_once(tmp_path_factory):
    """The same as `killed`, made once for the tests that only read the saved record and journal
    and write their cuts to a state folder of their own, not to a receiver."""
    receiver = Http().start()
    try:
        return _kill(tmp_path_factory.mktemp("killed"), receiver)
    finally:
        receiver.stop()


@pytest.fixture
def killed_copy(killed_once, tmp_path):
    """`killed_once` copied into this test's own folder, as `killed` gives it."""
    content, state, saved = killed_once
    root = state.parent.parent
    shutil.copytree(root, tmp_path, dirs_exist_ok=True)
    return (
        tmp_path / content.relative_to(root),
        tmp_path / state.relative_to(root),
        tmp_path / saved.relative_to(root),
    )


def _kill(tmp_path, http):
    """Run notify once, add four incidents, and kill the next run while `http` holds the fourth."""
    content = site(tmp_path, SLACK)
    state = tmp_path / "state" / "notify.json"
    environ = {**os.environ, "SLACK_URL": http.url + "/slack"}
    subprocess.run(command(content, state, T0), env=environ, check=True, capture_output=True)
    for n in range(1, 5):
        incident(content, f"2026-11-23-{n}", [(T0 + timedelta(minutes=n), "identified", f"N{n}.")])
    http.hold_at = 4
    running = subprocess.Popen(
        command(content, state, T0 + timedelta(minutes=10)),
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert http.held.wait(30)
    running.send_signal(signal.SIGKILL)
    running.wait()
    http.release.set()
    journal = state.with_name("notify.json.journal")
    saved = tmp_path / "saved"
    saved.mkdir()
    shutil.copy(state, saved / "notify.json")
    shutil.copy(journal, saved / "notify.json.journal")
    return content, state, saved


def _pending(record: Record) -> list[str]:
    return record.channels["slack:SLACK_URL"].pending


def test_a_journal_cut_at_every_byte(killed_copy):
    content, state, saved = killed_copy
    journal = (saved / "notify.json.journal").read_bytes()
    lines = journal.splitlines(keepends=True)
    assert [line.split(b" ")[0] for line in lines] == [b"try", b"done"] * 3 + [b"try"]
    done_at = {}  # where each delivered key's `done` line begins
    offset = 0
    for line in lines:
        if line.startswith(b"done"):
            done_at[json.loads(line[5:])[1]] = offset
        offset += len(line)
    for cut in range(len(journal) + 1):
        shutil.copy(saved / "notify.json", state)
        state.with_name("notify.json.journal").write_bytes(journal[:cut])
        record = Record.load(state)
        # Delivered: every key of which any byte of its `done` line survives.
        assert _pending(record) == [k for k in KEYS if not done_at.get(k, len(journal)) < cut], cut
        at_line_end = cut == 0 or journal[cut - 1 : cut] == b"\n"
        assert bool(record.notes) == (not at_line_end), (cut, record.notes)
        for note in record.notes:
            assert "\n" not in note and "cut short" in note


def test_a_record_cut_at_every_byte(killed_copy):
    content, state, saved = killed_copy
    data = (saved / "notify.json").read_bytes()
    for cut in range(len(data)):
        state.write_bytes(data[:cut])
        state.with_name("notify.json.journal").unlink(missing_ok=True)
        record = Record.load(state)
        if cut == len(data) - 1:  # only the last newline lost: still the whole record
            assert not record.fresh and not record.notes
            continue
        assert record.fresh, cut  # a new baseline: nothing old is sent, so nothing twice
        (note,) = record.notes
        assert note.startswith(f"{state}: not a delivery record Openbook can read (")
        assert "moved to notify.json.unreadable" in note and "\n" not in note
        assert state.with_name("notify.json.unreadable").read_bytes() == data[:cut]


@pytest.mark.parametrize("part", ["record", "journal"])
def test_a_run_after_a_cut_sends_nothing_twice(killed, http, part):
    content, state, saved = killed
    before = [r.json()["blocks"][0]["text"]["text"].split("\n")[1] for r in http.accepted]
    assert before == ["N1.", "N2.", "N3."]
    shutil.copy(saved / "notify.json", state)
    journal = (saved / "notify.json.journal").read_bytes()
    if part == "record":
        state.write_bytes(state.read_bytes()[:100])
        state.with_name("notify.json.journal").write_bytes(journal)
    else:  # cut inside the third delivery's `done` line
        third = journal.index(b"done", journal.index(b"done", journal.index(b"done") + 1) + 1)
        state.with_name("notify.json.journal").write_bytes(journal[: third + 3])
    env = {"SLACK_URL": http.url + "/slack"}
    outcome = notify_run(content, env, T0 + timedelta(minutes=15), retry=FAST)
    assert not outcome.failed, outcome.lines
    assert any("cut short" in line or "not a delivery record" in line for line in outcome.lines)
    texts = [r.json()["blocks"][0]["text"]["text"].split("\n")[1] for r in http.accepted]
    # The fourth was never answered: sent now, unless the record was lost (a new baseline).
    assert texts == before + ([] if part == "record" else ["N4."])
    incident(content, "2026-11-23-5", [(T0 + timedelta(minutes=16), "identified", "N5.")])
    notify_run(content, env, T0 + timedelta(minutes=20), retry=FAST)
    texts = [r.json()["blocks"][0]["text"]["text"].split("\n")[1] for r in http.accepted]
    assert texts[-1] == "N5." and len(texts) == len(set(texts))


def test_garbage_lines_in_a_journal_are_reported_and_skipped(killed_copy):
    content, state, saved = killed_copy
    shutil.copy(saved / "notify.json", state)
    journal = (saved / "notify.json.journal").read_bytes()
    state.with_name("notify.json.journal").write_bytes(b"\xff\xfe garbage\n[1, 2]\n" + journal)
    record = Record.load(state)
    assert record.notes == [
        f"{state.with_name('notify.json.journal')}:1: unreadable "
        "('utf-8' codec can't decode byte 0xff in position 0: invalid start byte); skipped",
        f"{state.with_name('notify.json.journal')}:2: unreadable (expected text, got int); skipped",
    ]
    assert _pending(record) == KEYS[3:]
