"""What `openbook` prints cannot drive a terminal or a CI log: file names, ids and texts from
content reach stdout and stderr with their control characters escaped, and only Openbook's own
annotations read as GitHub workflow commands."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.cli.terminal import Escaping, printable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = "2026-11-23T12:00:00Z"
# What a terminal acts on: C0 but newline and tab, DEL, C1, bidi overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b[2J\x1b]0;owned\x07\x1b]8;;evil.example\x07\x9b31m\u202etxt.exe\u2066\x7f"


def valid_incident(title: str = "API errors", text: str = "Looking.") -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\nimpact: major\ncomponents:\n  api: major_outage\n"
        f"updates:\n  - at: 2026-11-20T10:00:00Z\n    status: investigating\n"
        f"    text: {json.dumps(text)}\n---\n"
    )


@pytest.fixture
def hostile(content: Path) -> Path:
    """Content with files whose names hold escape sequences, a newline and a fake annotation."""
    incidents = content / "incidents"
    (incidents / f"2026-11-20-x{HOSTILE}.md").write_text(valid_incident())
    (incidents / "2026-11-20-y\n::set-output name=x::1,line=9%0A.md").write_text(valid_incident())
    (incidents / "2026-11-20-z\r::error::over\r.md").write_text(valid_incident())
    return content


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        env=environment,
        timeout=120,
    )


def shown(output: bytes) -> str:
    text = output.decode("utf-8")
    assert not RAW.findall(text), RAW.findall(text)
    return text


@pytest.mark.slow
def test_hostile_file_names_reach_the_terminal_escaped(hostile, tmp_path):
    done = run("check", "--now", NOW, cwd=tmp_path)
    assert done.returncode == 1
    out = shown(done.stdout) + shown(done.stderr)
    assert "2026-11-20-x\\x1b[2J\\x1b]0;owned\\x07" in out and "\\u202etxt.exe" in out
    assert "2026-11-20-y\\n::set-output" in out and "2026-11-20-z\\r::error::over" in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]


def test_a_terminal_sees_escapes_where_click_would_pass_colours(hostile):
    # color=True: what a real terminal gets, where click strips nothing.
    result = CliRunner().invoke(main, ["check", "--now", NOW], color=True)
    assert result.exit_code == 1
    assert not RAW.findall(result.output)
    assert "x\\x1b[2J\\x1b]0;owned\\x07\\x1b]8;;evil.example\\x07\\x9b31m" in result.output


@pytest.mark.slow
def test_github_annotations_are_one_each_and_nothing_else_reads_as_a_command(hostile, tmp_path):
    done = run("check", "--now", NOW, "--format", "github", cwd=tmp_path)
    assert done.returncode == 1
    lines = (shown(done.stdout) + shown(done.stderr)).splitlines()
    commands = [line for line in lines if line.lstrip().startswith("::") or "##[" in line]
    assert len(commands) == 3
    for line in commands:
        assert re.fullmatch(r"::error file=[^,:]+,line=\d+::[^\r\n]+", line), line
    y = next(line for line in commands if "2026-11-20-y" in line)
    assert (
        "file=content/incidents/2026-11-20-y%0A%3A%3Aset-output name=x%3A%3A1%2Cline=9%250A.md" in y
    )


@pytest.mark.slow
def test_a_folder_name_and_bytes_that_are_not_utf8(tmp_path):
    done = run("check", "--content", f"content{HOSTILE}", cwd=tmp_path)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "content\\x1b[2J\\x1b]0;owned\\x07" in shown(done.stderr)  # the whole name, CSI too
    (tmp_path / "content" / "incidents").mkdir(parents=True)
    (tmp_path / "content" / "portal.yml").write_bytes((FIXTURES / "portal.yml").read_bytes())
    (tmp_path / "content" / "incidents").joinpath(os.fsdecode(b"2026-11-20-\xff.md")).write_text(
        valid_incident()
    )
    done = run("check", cwd=tmp_path)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "2026-11-20-\\xff.md" in shown(done.stderr)


def test_a_hostile_title_in_notify_lines(content, monkeypatch):
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text() + "notify:\n  channels:\n    - kind: slack\n      url_env: SLACK_URL\n"
    )
    monkeypatch.setenv("SLACK_URL", "http://127.0.0.1:9/never")
    args = ["notify", "--content", str(content)]
    first = CliRunner().invoke(main, [*args, "--now", "2026-11-20T09:00:00Z"])  # the baseline
    assert first.exit_code == 0, first.output
    (content / "incidents" / "2026-11-20-api.md").write_text(
        # A title is one line without control characters (check refuses them); what is left
        # to disguise it is the bidirectional marks.
        valid_incident("Down \u202etxt.exe\u2066 \u200f", f"Text{HOSTILE}")
    )
    dry = CliRunner().invoke(main, [*args, "--now", NOW, "--dry-run"], color=True)
    assert dry.exit_code == 0, dry.output
    assert "Down \\u202etxt.exe\\u2066 \\u200f" in dry.output and not RAW.findall(dry.output)


@pytest.mark.parametrize(
    ("written", "shown_as"),
    [
        ("a\x1b[2Jb\n", "a\\x1b[2Jb\n"),
        ("tab\tand\nnewline\n", "tab\tand\nnewline\n"),
        ("\r::error::x\n", "\\x0d::error::x\n"),
        ("::warning::x\n  ::error::y\n", "\\::warning::x\n  \\::error::y\n"),
        ("text ##[add-mask]x ::not-a-command\n", "text ##\\[add-mask]x ::not-a-command\n"),
        ("\u2028\u2029\u200e\u061c\x85", "\\u2028\\u2029\\u200e\\u061c\\x85"),
        ("emoji 👩‍💻 and 日本語\n", "emoji 👩‍💻 and 日本語\n"),
    ],
)
def test_the_stream_shows_escapes_and_defuses_commands(written, shown_as):
    target = io.StringIO()
    stream = Escaping(target)
    stream.write(written)
    assert target.getvalue() == shown_as


def test_a_command_split_across_writes_is_defused_too():
    target = io.StringIO()
    stream = Escaping(target)
    for piece in ("line\n", "  ", "::error::x\n", "ok ", "::error::inline\n"):
        stream.write(piece)
    assert target.getvalue() == "line\n  \\::error::x\nok ::error::inline\n"
    assert printable("\udcff") == "\\xff"


@pytest.mark.slow
def test_a_piped_import_report_names_the_file_as_it_is(tmp_path):
    """click strips what looks like a colour code from text going to a pipe: the report would
    name `bad.md`, a file that does not exist, instead of `bad\\x1b[2J.md`."""
    issues = tmp_path / "cstate" / "content" / "issues"
    issues.mkdir(parents=True)
    (tmp_path / "cstate" / "config.yml").write_text("title: X\nparams:\n  systems: [API]\n")
    (issues / "bad\x1b[2J.md").write_text(
        "---\ntitle: Down\ndate: 2024-03-01 10:00:00\nresolved: true\n"
        "resolvedWhen: 2024-03-01 11:00:00\nseverity: down\naffected: [API]\n---\nIt broke.\n"
    )
    done = run("import", "cstate", "cstate", "--content", "out", cwd=tmp_path)
    out = shown(done.stdout) + shown(done.stderr)
    assert done.returncode == 0, out
    assert "cstate/content/issues/bad\\x1b[2J.md:" in out
