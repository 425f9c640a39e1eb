"""The `openbook` command: exact output and exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import add_incident

NOW = ["--now", "2026-11-21T12:00:00Z"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_accepts_valid_content(content):
    add_incident(content, "incident_valid.md")
    result = run("check", *NOW)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "Content OK: 1 incident, 0 maintenance windows, 0 announcements, 0 pages, 2 components.\n"
    )


def test_check_reports_problems_then_the_count_and_exits_1(content):
    add_incident(content, "incident_with_unknown_impact_and_component.md")
    result = run("check", *NOW)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "content/incidents/2026-11-20-api-errors.md:3: impact: expected one of none, minor, major, critical; "
        "got 'severe'\n"
        "content/incidents/2026-11-20-api-errors.md:5: components: unknown component 'API'\n"
        "  hint: known components: api, dashboard (ids, case-sensitive; see content/portal.yml)\n"
        "content/incidents/2026-11-20-api-errors.md:6: components.dashboard: expected one of "
        "degraded_performance, partial_outage, major_outage; got 'down'\n"
        "Aborted with 3 content errors.\n"
    )


def test_check_github_annotations(content):
    add_incident(content, "incident_with_naive_time.md")
    result = run("check", "--format", "github", *NOW)
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=content/incidents/2026-11-20-api-errors.md,line=5::updates.at: time has no offset: "
        "'2026-11-20T14:10:00' (hint: add Z for UTC or the offset from UTC, e.g. 2026-11-20T14:10:00Z or "
        "2026-11-20T15:10:00+01:00)\n"
    )
    assert result.stderr == "Aborted with 1 content error.\n"


@pytest.mark.slow
def test_build_writes_the_site(content, tmp_path):
    add_incident(content, "incident_valid.md")
    result = run("build", "--out", "public", *NOW)
    assert result.exit_code == 0, result.output
    # 10 pages, and availability (its index, how we measure, November 2026) and corrections
    assert result.stdout.startswith("Built 16 pages (")  # with /components/ and a group
    assert result.stdout.endswith(" in public\n")
    assert (tmp_path / "public" / "incidents" / "2026-11-20-api-errors" / "index.html").is_file()


def test_build_with_errors_writes_nothing(content, tmp_path):
    add_incident(content, "incident_without_updates.md")
    result = run("build", *NOW)
    assert result.exit_code == 1
    assert result.stderr.endswith("Aborted with 1 content error.\n")
    assert not (tmp_path / "site").exists()


def test_missing_content_folder_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "--content", "nowhere")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no content folder at 'nowhere'\n"
        "  hint: run Openbook in your status site's repository, or pass --content DIR\n"
    )


def test_now_without_offset_is_a_usage_error(content):
    result = run("build", "--now", "2026-11-21T12:00:00")
    assert result.exit_code == 2
    assert "time has no offset: '2026-11-21T12:00:00'" in result.stderr


@pytest.mark.slow
def test_source_date_epoch_fixes_the_clock(content, tmp_path, monkeypatch):
    add_incident(content, "incident_valid.md")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795694400")  # 2026-11-26T12:00:00Z
    assert run("build", "--out", "a").exit_code == 0
    assert run("build", "--out", "b", "--now", "2026-11-26T13:00:00+01:00").exit_code == 0
    assert (tmp_path / "a" / "index.html").read_bytes() == (
        tmp_path / "b" / "index.html"
    ).read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("build")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "error: SOURCE_DATE_EPOCH: expected whole seconds since 1970; got 'yesterday'\n"
    )


@pytest.mark.slow
def test_console_script_runs_without_a_traceback(content):
    add_incident(content, "incident_with_python_tag.md")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check"], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.endswith("Aborted with 1 content error.\n")


def test_every_command_is_documented_in_the_readme():
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"openbook {name}" in readme, f"README does not document `openbook {name}`"


@pytest.mark.slow
def test_warnings_are_printed_but_do_not_fail(content):
    path = add_incident(content, "incident_valid.md")
    text = path.read_text()
    path.write_text(
        text[: text.index("  - at: 2026-11-20T16:30:00+01:00")] + text[text.index("remedy:") :]
    )
    result = run("check", "--now", "2026-11-20T15:30:00Z")
    assert result.exit_code == 0
    assert result.stderr == (
        "content/incidents/2026-11-20-api-errors.md:6: warning: next_update: the next update was promised by "
        "20 Nov 2026, 16:15 CET and is 15 min overdue\n"
        "  hint: add an update to `updates`, even if nothing has changed, or promise a later next_update\n"
    )
    assert result.stdout.endswith("; 1 warning.\n")
    github = run("check", "--format", "github", "--now", "2026-11-20T15:30:00Z")
    assert github.exit_code == 0
    assert github.stdout.startswith(
        "::warning file=content/incidents/2026-11-20-api-errors.md,line=6::next_update:"
    )


def _incident_with_updates(content, *updates: tuple[str, str]) -> None:
    lines = "".join(
        f"  - at: {at}\n    status: {status}\n    text: Said.\n" for at, status in updates
    )
    (content / "incidents" / "2026-11-20-typo.md").write_text(
        f"---\ntitle: Login errors\nimpact: minor\ncomponents: {{api: degraded_performance}}\nupdates:\n{lines}---\n"
    )


def test_a_resolution_dated_before_the_incident_began_is_a_warning_at_its_line(content):
    _incident_with_updates(
        content, ("2026-11-20T14:10:00Z", "investigating"), ("2025-11-20T15:10:00Z", "resolved")
    )
    result = run("check", "--now", "2026-11-20T14:20:00Z")
    assert result.exit_code == 0
    assert result.stderr == (
        "content/incidents/2026-11-20-typo.md:9: warning: updates.at: the incident is resolved at "
        "20 Nov 2025, 16:10 CET, before its first other update (20 Nov 2026, 15:10 CET), so it stays open; "
        "a date is probably wrong\n  hint: check the year, month and day of both updates\n"
    )


@pytest.mark.slow
def test_updates_months_apart_are_a_warning_but_a_reopening_is_not(content):
    _incident_with_updates(
        content,
        ("2026-11-20T14:10:00Z", "investigating"),
        ("2026-11-20T15:10:00Z", "resolved"),
        ("2026-11-20T18:00:00Z", "investigating"),
        ("2026-11-20T19:00:00Z", "resolved"),
    )
    assert run("check", "--now", "2026-11-21T12:00:00Z").stderr == ""
    _incident_with_updates(
        content, ("2026-11-20T14:10:00Z", "investigating"), ("2027-11-20T15:10:00Z", "resolved")
    )
    result = run("check", "--now", "2027-11-21T12:00:00Z")
    assert result.stderr.startswith(
        "content/incidents/2026-11-20-typo.md:9: warning: updates.at: this update "
        "comes 365 days 1 h after the one before it (20 Nov 2026, 15:10 CET)"
    )
