"""`openbook import cstate`: a cState site (tests/fixtures/cstate, one file per form that real
sites use) becomes content that `openbook check` accepts, with every guess reported."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import main

SOURCE = Path(__file__).parent / "fixtures" / "cstate"
ISSUES = "cstate/content/issues"


@pytest.fixture
def imported(tmp_path, monkeypatch):
    shutil.copytree(SOURCE, tmp_path / "cstate")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["import", "cstate", "cstate", "--content", "content", "--timezone", "Europe/Berlin"]
    )
    return result, tmp_path / "content"


def front(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_summary_and_every_guess_with_its_line(imported):
    result, _ = imported
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Times without a zone were read as Europe/Berlin (--timezone)."
    assert lines[1] == (
        "Read 11 files: 7 incidents, 1 maintenance windows, 1 announcements; 10 updates from "
        "timestamps; 1 components created; 14 guesses; 2 files not imported."
    )
    assert (
        f"{ISSUES}/2024-04-02-slow_web.md:7: guessed: 'Web-App' taken as the system 'web-app'"
        in lines
    )
    assert (
        f"{ISSUES}/2024-04-02-slow_web.md:7: affected: 'the whole platform is slow for everyone.' "
        "is not a component name; not linked (the text stays in the report)"
    ) in lines
    assert (
        f"{ISSUES}/2024-08-06-ongoing.md:7: guessed: 'Webhooks' is not a system in config.yml; made it a component"
        in lines
    )
    assert (
        f"{ISSUES}/2024-07-05-typo-in-dates.md:7: guessed: severity 'custom' is not down, disrupted or notice; impact minor"
        in lines
    )
    assert (
        f"{ISSUES}/2024-06-04-scheduled-maintenance.md:3: guessed: the title reads like maintenance; imported as a maintenance window"
        in lines
    )
    assert (
        f"{ISSUES}/2024-09-07-broken-date.md:4: not imported: no readable date ('2024-09-07T015:00:00+02:00')"
        in lines
    )
    assert (
        f"{ISSUES}/2024-10-08-no-front-matter.md:1: not imported: missing; the file must start with a line '---'"
        in lines
    )
    # The source's typo (resolved a year before it began) comes back as check's warning.
    assert any(
        "content/incidents/2024-07-05-typo-in-dates.md:10: warning: updates.at: the incident is "
        "resolved at 5 Jul 2023" in line
        for line in lines
    )
    assert (
        lines[-1] == "openbook check: no errors, 3 warnings (the source's dates are worth a look)."
    )


def test_tracked_updates_markers_and_zones(imported):
    _, content = imported
    data, body = front(content / "incidents" / "2024-03-01-api-down.md")
    assert data["impact"] == "critical"
    assert data["components"] == {"api": "major_outage", "web-app": "major_outage"}
    assert data["updates"] == [  # Berlin is UTC+1 in March
        {"at": "2024-03-01T09:00:00Z", "status": "investigating",
         "text": "The API answers with errors for most requests."},
        {"at": "2024-03-01T09:40:00Z", "status": "investigating",
         "text": "We are rolling back the release."},
        {"at": "2024-03-01T10:30:00Z", "status": "resolved",
         "text": "The fix is deployed and error rates are normal."},
    ]  # fmt: skip
    assert data["aliases"] == ["/issues/2024-03-01-api-down/"]
    assert body.strip() == "We will publish a full report next week."  # untimed: the report

    data, body = front(content / "incidents" / "2024-04-02-slow-web.md")
    assert data["updates"][0] == {  # U+FEFF before the marker, and a single-digit hour
        "at": "2024-04-02T06:00:00Z", "status": "monitoring", "text": "A cache node was replaced."
    }  # fmt: skip
    assert data["updates"][-1]["status"] == "resolved"
    assert data["aliases"] == ["/issues/2024-04-02-slow_web/"]  # the id changed; the URL stays
    assert "Affected, as cState listed it: the whole platform is slow for everyone." in body
    assert "automated: true\nid: 4711" in body  # front matter without a place, verbatim

    data, _ = front(content / "incidents" / "2024-08-06-ongoing.md")
    assert [u["status"] for u in data["updates"]] == ["investigating", "identified"]
    assert data["components"] == {"webhooks": "partial_outage"}


def test_times_written_at_the_start_of_list_items_and_paragraphs(imported):
    _, content = imported
    data, body = front(content / "incidents" / "2024-11-09-inline-times.md")
    assert data["updates"][1:] == [
        {"at": "2024-11-09T11:00:00Z", "status": "investigating",
         "text": "Power is back; we are starting the services."},
        {"at": "2024-11-09T11:30:00Z", "status": "investigating", "text": "The network is back."},
        {"at": "2024-11-09T13:00:00Z", "status": "resolved", "text": "Everything runs again."},
    ]  # fmt: skip
    assert body.strip() == "The cloud was down after a power failure."


def test_bracket_markers_and_a_missing_resolved(imported):
    result, content = imported
    data, _ = front(content / "incidents" / "2024-12-10-bracket-markers.md")
    assert [(u["status"], u["text"]) for u in data["updates"]] == [
        ("investigating", "Search returns errors."),  # [Initial Message]
        ("resolved", "Search works again."),  # **[Final Message]** -
    ]
    # cState shows an issue without `resolved:` as not ongoing; so does the import, saying so.
    data, _ = front(content / "incidents" / "2025-01-11-no-resolved-key.md")
    assert data["updates"][-1]["status"] == "resolved"
    assert (
        f"{ISSUES}/2025-01-11-no-resolved-key.md:1: guessed: no `resolved:`; cState does not show "
        "it as ongoing, so resolved"
    ) in result.output.splitlines()


def test_notices_maintenance_and_components(imported):
    _, content = imported
    data, body = front(content / "announcements" / "2024-05-03-cert-renewal.md")
    assert data["kind"] == "notice" and data["pinned"] is True and data["components"] == ["api"]
    assert "We renewed the TLS certificates" in body
    data, _ = front(content / "maintenance" / "2024-06-04-scheduled-maintenance.md")
    assert (data["start"], data["end"]) == ("2024-06-04T20:00:00Z", "2024-06-04T22:00:00Z")
    assert data["components"] == ["mail-relay"]
    assert data["updates"][-1]["status"] == "completed"
    portal = yaml.safe_load((content / "portal.yml").read_text())
    assert portal["url"] == "https://status.zorblat.example/"
    assert portal["timezone"] == "Europe/Berlin"
    assert [g["id"] for g in portal["groups"]] == ["core", "extras"]
    assert [c["id"] for c in portal["components"]] == ["api", "web-app", "mail-relay", "webhooks"]


@pytest.mark.slow
def test_the_imported_site_builds_and_keeps_the_old_addresses(imported, tmp_path):
    _, content = imported
    out = tmp_path / "site"
    build(content, out, datetime(2024, 12, 1, tzinfo=UTC))
    moved = (out / "issues" / "2024-04-02-slow_web" / "index.html").read_text()
    assert 'url=../../incidents/2024-04-02-slow-web/"' in moved
    assert (out / "incidents" / "2024-04-02-slow-web" / "index.html").is_file()


def test_an_import_never_writes_over_content(imported, tmp_path):
    _, content = imported
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    again = CliRunner().invoke(main, ["import", "cstate", "cstate", "--content", "content"])
    assert again.exit_code == 1
    assert again.output.startswith("error: content/incidents/2024-03-01-api-down.md, ")
    assert "already exists; import into an empty folder" in again.output
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def test_unknown_zone_and_missing_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["import", "cstate", "empty"])
    assert result.exit_code == 1 and "empty: no config.yml here" in result.output
    shutil.copytree(SOURCE, tmp_path / "cstate")
    result = CliRunner().invoke(main, ["import", "cstate", "cstate", "--timezone", "Mars/Olympus"])
    assert result.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in result.output
    assert not (tmp_path / "content").exists()
