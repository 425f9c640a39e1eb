"""`openbook new` and `openbook update`: files written byte for byte, errors in one line."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.load import load_content

from .conftest import FIXTURES, add_incident

NOW = ["--now", "2026-11-20T14:40:00Z"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_new_incident_writes_a_valid_file(content):
    result = run(
        "new",
        "incident",
        "API errors: EU & US",
        "--impact",
        "major",
        "--component",
        "api=partial_outage",
        *NOW,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/incidents/2026-11-20-api-errors-eu-us.md\n"
    assert (content / "incidents" / "2026-11-20-api-errors-eu-us.md").read_text() == (
        "---\n"
        'title: "API errors: EU & US"\n'
        "impact: major\n"
        "components:\n"
        "  api: partial_outage\n"
        "updates:\n"
        "  - at: 2026-11-20T14:40:00Z\n"
        "    status: investigating\n"
        "    text: We are investigating problems with Public API. We will post an update within 30 minutes.\n"
        "---\n"
    )
    (incident,) = load_content(content).incidents
    assert incident.title == "API errors: EU & US"
    again = run(
        "new",
        "incident",
        "API errors: EU & US",
        "--impact",
        "minor",
        "--text",
        "Line one.\nLine two.",
        *NOW,
    )
    assert again.stdout == "content/incidents/2026-11-20-api-errors-eu-us-2.md\n"
    assert (
        "    text: |-\n      Line one.\n      Line two.\n"
        in (content / "incidents" / "2026-11-20-api-errors-eu-us-2.md").read_text()
    )
    assert len(load_content(content).incidents) == 2


def test_new_maintenance_announcement_and_page(content):
    assert (
        run(
            "new",
            "maintenance",
            "Database upgrade",
            "--start",
            "2026-12-01T02:00:00Z",
            "--end",
            "2026-12-01T04:00:00Z",
            "--component",
            "api",
            "--component",
            "dashboard",
            *NOW,
        ).stdout
        == "content/maintenance/2026-12-01-database-upgrade.md\n"
    )
    assert (
        run(
            "new",
            "announcement",
            "New rate limits",
            "--kind",
            "change",
            "--effective",
            "2027-01-01",
            *NOW,
        ).stdout
        == "content/announcements/2026-11-20-new-rate-limits.md\n"
    )
    assert (
        run("new", "page", "How we handle incidents").stdout
        == "content/pages/how-we-handle-incidents.md\n"
    )
    assert run("new", "page", "Data handling").stdout == "content/pages/data-handling.md\n"
    loaded = load_content(content)
    assert loaded.maintenance[0].components == ("api", "dashboard")
    assert loaded.announcements[0].effective.isoformat() == "2027-01-01"
    assert [(p.title, p.order) for p in loaded.pages] == [
        ("How we handle incidents", 1),
        ("Data handling", 2),
    ]


def test_new_errors(content):
    unknown = run(
        "new", "incident", "X", "--impact", "major", "--component", "API=partial_outage", *NOW
    )
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "error: unknown component 'API'\n  hint: known components: api, dashboard "
        "(ids, case-sensitive; see content/portal.yml)\n"
    )
    bad_status = run("new", "incident", "X", "--impact", "major", "--component", "api=down", *NOW)
    assert bad_status.exit_code == 2
    assert (
        "'api=down': expected ID=STATUS with STATUS one of degraded_performance, partial_outage, "
        "major_outage"
    ) in bad_status.stderr
    assert run("new", "incident", "X", "--impact", "severe").exit_code == 2
    assert run("new", "announcement", "X", "--kind", "change").exit_code == 2
    assert list((content / "incidents").iterdir()) == []


def test_update_appends_and_leaves_everything_else_as_it_was(content):
    path = add_incident(content, "incident_with_comments_and_quoting.md")
    before = path.read_text()
    result = run(
        "update",
        "2026-11-20-api-errors",
        "--status",
        "identified",
        "--component",
        "api=degraded_performance",
        "A configuration change sent traffic to a drained node.",
        *NOW,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/incidents/2026-11-20-api-errors.md: added identified update\n"
    after = path.read_text()
    added = (
        "  - at: 2026-11-20T14:40:00Z\n"
        "    status: identified\n"
        "    text: A configuration change sent traffic to a drained node.\n"
        "    components: {api: degraded_performance}\n"
    )
    cut = before.index("  # The next update is still being written.")
    # Everything else stays as it was, but the promise, which moves with the update.
    promise = ("next_update: 2026-11-20T15:00:00Z", "next_update: 2026-11-20T15:10:00Z")
    assert after == (before[:cut] + added + before[cut:]).replace(*promise)
    (incident,) = load_content(content).incidents
    assert [u.status.value for u in incident.updates] == ["investigating", "identified"]


def test_update_resolved_reminds_about_the_report(content):
    add_incident(content, "incident_valid.md")
    result = run(
        "update",
        "2026-11-20-api-errors",
        "--status",
        "resolved",
        "All good: really.",
        "--now",
        "2026-11-20T17:00:00Z",
    )
    assert result.exit_code == 0, result.output
    assert "hint: add the report below the front matter" in result.stdout
    assert load_content(content).incidents[0].updates[-1].text == "All good: really."


def test_update_keeps_crlf_line_endings(content):
    path = add_incident(content, "incident_valid.md")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert (
        run(
            "update",
            "2026-11-20-api-errors",
            "--status",
            "monitoring",
            "Watching.",
            "--now",
            "2026-11-20T17:00:00Z",
        ).exit_code
        == 0
    )
    data = path.read_bytes()
    assert b"\r\n    status: monitoring\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_update_maintenance(content):
    folder = content / "maintenance"
    folder.mkdir()
    shutil.copy(FIXTURES / "maintenance_valid.md", folder / "2026-12-01-db-upgrade.md")
    result = run(
        "update",
        "2026-12-01-db-upgrade",
        "--status",
        "completed",
        "Finished early.",
        "--now",
        "2026-12-01T03:20:00Z",
    )
    assert result.exit_code == 0, result.output
    (window,) = load_content(content).maintenance
    assert [(u.status.value, u.text) for u in window.updates] == [("completed", "Finished early.")]
    wrong = run("update", "2026-12-01-db-upgrade", "--status", "resolved", "x")
    assert wrong.exit_code == 2
    assert (
        "'resolved' is not a status for maintenance; use one of scheduled, in_progress, verifying, "
        "completed, cancelled"
    ) in wrong.stderr


def test_update_errors_leave_the_file_alone(content):
    path = add_incident(content, "incident_valid.md")
    before = path.read_bytes()
    missing = run("update", "2026-11-20-api-error", "--status", "resolved", "x")
    assert missing.exit_code == 1
    assert missing.stderr == (
        "error: no incident or maintenance with id '2026-11-20-api-error' in content/; "
        "did you mean 2026-11-20-api-errors?\n"
    )
    assert run("update", "2026-11-20-api-errors", "--status", "fixed", "x").exit_code == 2
    assert (
        run(
            "update",
            "2026-11-20-api-errors",
            "--status",
            "resolved",
            "--component",
            "web=operational",
            "x",
        ).exit_code
        == 1
    )
    assert path.read_bytes() == before


def test_no_content_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "incident", "X", "--impact", "minor")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no content folder at 'content'")


def _open_incident(content, next_update: str = "") -> str:
    """An open incident opened at 14:10 (update_every is 30 minutes in the fixture portal)."""
    path = content / "incidents" / "2026-11-20-api-errors.md"
    path.write_text(
        "---\ntitle: API errors\nimpact: major\ncomponents: {api: partial_outage}\nupdates:\n"
        "  - at: 2026-11-20T14:10:00Z\n    status: investigating\n    text: Looking.\n"
        + (f"next_update: {next_update}  # promised on the page\n" if next_update else "")
        + "---\n"
    )
    return "2026-11-20-api-errors"


def test_an_update_moves_the_promised_next_update(content):
    doc_id = _open_incident(content, "2026-11-20T14:30:00Z")
    result = run(
        "update", doc_id, "--status", "identified", "Found it.", "--now", "2026-11-20T14:25:00Z"
    )
    assert result.exit_code == 0, result.output
    text = (content / "incidents" / f"{doc_id}.md").read_text()
    assert "next_update: 2026-11-20T14:55:00Z  # promised on the page\n---\n" in text
    check = run("check", "--now", "2026-11-20T14:40:00Z")
    assert (check.exit_code, check.stderr) == (0, "")  # the old promise (14:30) is not overdue


def test_next_update_takes_a_delay_or_a_time(content):
    doc_id = _open_incident(content)
    run(
        "update",
        doc_id,
        "--status",
        "identified",
        "One.",
        "--next-update",
        "1h30m",
        "--now",
        "2026-11-20T14:20:00Z",
    )
    path = content / "incidents" / f"{doc_id}.md"
    assert path.read_text().endswith("    text: One.\nnext_update: 2026-11-20T15:50:00Z\n---\n")
    run(
        "update",
        doc_id,
        "--status",
        "monitoring",
        "Two.",
        "--next-update",
        "2026-11-20T18:00:00+01:00",
        "--now",
        "2026-11-20T14:30:00Z",
    )
    assert path.read_text().endswith("    text: Two.\nnext_update: 2026-11-20T17:00:00Z\n---\n")
    (incident,) = load_content(content).incidents
    assert incident.next_update.isoformat() == "2026-11-20T17:00:00+00:00"


def test_without_a_promise_line_the_default_holds_and_none_is_written(content):
    doc_id = _open_incident(content)
    run("update", doc_id, "--status", "identified", "One.", "--now", "2026-11-20T14:20:00Z")
    assert "next_update" not in (content / "incidents" / f"{doc_id}.md").read_text()


def test_resolving_removes_the_promise(content):
    doc_id = _open_incident(content, "2026-11-20T14:30:00Z")
    result = run(
        "update", doc_id, "--status", "resolved", "Fixed.", "--now", "2026-11-20T14:25:00Z"
    )
    assert result.exit_code == 0, result.output
    assert "next_update" not in (content / "incidents" / f"{doc_id}.md").read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--next-update", "soon"],
            "expected a time such as 2026-11-20T15:00:00Z or a delay such as 45m or 2h",
        ),
        (["--next-update", "0m"], "expected a delay from 1 minute to a year"),
        (["--next-update", "2026-11-20T14:00:00Z"], "is not after this update"),
        (
            ["--status", "resolved", "--next-update", "1h"],
            "only an open incident promises its next update",
        ),
    ],
)
def test_next_update_mistakes_are_usage_errors(content, args, message):
    doc_id = _open_incident(content)
    status = [] if "--status" in args else ["--status", "identified"]
    result = run("update", doc_id, *status, *args, "text", "--now", "2026-11-20T14:20:00Z")
    assert result.exit_code == 2
    assert message in result.output
