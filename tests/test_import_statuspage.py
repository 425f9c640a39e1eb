"""`openbook import statuspage`: saved API v2 JSON or a page's address becomes content; an
Openbook site's own API imports back into content that publishes the same API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import main

from .conftest import EXAMPLE_NOW
from .webserver import served

SOURCE = Path(__file__).parent / "fixtures" / "statuspage"
API = [
    "summary", "status", "components", "incidents", "incidents/unresolved",
    "scheduled-maintenances", "scheduled-maintenances/upcoming", "scheduled-maintenances/active",
]  # fmt: skip


def front(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def run(*args):
    return CliRunner().invoke(main, ["import", "statuspage", *args])


def test_a_statuspage_export(tmp_path):
    result = run(str(SOURCE), "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "Read 3 components, 4 incidents and maintenance windows: 2 incidents, 2 maintenance "
        "windows, 9 updates; 2 guesses."
    )
    assert lines[-1] == "openbook check: no errors, 0 warnings."
    content = tmp_path / "content"
    portal = yaml.safe_load((content / "portal.yml").read_text())
    assert (portal["title"], portal["url"], portal["timezone"]) == (
        "Acme Status", "https://status.acme.test/", "America/New_York"
    )  # fmt: skip
    assert portal["groups"] == [{"id": "platform", "name": "Platform"}]
    assert [(c["id"], c.get("group")) for c in portal["components"]] == [
        ("api", "platform"),
        ("dashboard", "platform"),
        ("email-delivery", None),
    ]  # fmt: skip: Statuspage's generated ids become readable ones

    data, body = front(content / "incidents" / "2026-03-01-elevated-api-errors.md")
    assert data["aliases"] == ["/incidents/p31zjtct2jer/"]  # Statuspage's address of it
    assert data["impact"] == "major"
    assert data["components"] == {"api": "partial_outage", "dashboard": "degraded_performance"}
    assert [(u["at"], u["status"]) for u in data["updates"]] == [
        ("2026-03-01T19:05:00Z", "investigating"),
        ("2026-03-01T19:30:00Z", "identified"),
        ("2026-03-01T20:30:00Z", "resolved"),
    ]
    assert data["updates"][1]["components"] == {"api": "degraded_performance"}
    assert data["updates"][2]["text"] == "This issue has been resolved."  # it had no words
    assert body.strip() == "A bad deploy. We added a canary stage."  # the postmortem

    data, _ = front(content / "maintenance" / "2026-02-05-network-work.md")
    assert data["updates"] == [
        {"at": "2026-02-03T10:00:00Z", "status": "cancelled", "text": "Not needed after all."}
    ]
    data, _ = front(content / "maintenance" / "2026-02-25-database-upgrade.md")
    assert [u["status"] for u in data["updates"]] == ["scheduled", "in_progress", "completed"]
    assert data["components"] == ["api"]


def _api(site: Path) -> dict[str, bytes]:
    return {name: (site / "api" / "v2" / f"{name}.json").read_bytes() for name in API}


@pytest.mark.slow
def test_an_openbook_site_imports_back_to_the_same_api(example_site, tmp_path):
    """The example's API, imported into an empty folder and built again, is the same API."""
    content = tmp_path / "content"
    result = run(str(example_site / "api" / "v2"), "--content", str(content))
    assert result.exit_code == 0, result.output
    out = tmp_path / "site"
    build(content, out, EXAMPLE_NOW)
    assert _api(out) == _api(example_site)


@pytest.mark.slow
def test_from_the_pages_address(example_site, tmp_path):
    with served(example_site) as url:
        result = run(url, "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    folder = run(str(example_site / "api" / "v2"), "--content", str(tmp_path / "again"))
    assert folder.exit_code == 0
    written = sorted(
        p.relative_to(tmp_path / "content") for p in (tmp_path / "content").rglob("*.md")
    )
    assert written == sorted(
        p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*.md")
    )
    for path in written:
        assert (tmp_path / "content" / path).read_bytes() == (
            tmp_path / "again" / path
        ).read_bytes()


def test_sources_that_are_not_statuspage(tmp_path):
    result = run(str(tmp_path), "--content", str(tmp_path / "content"))
    assert result.exit_code == 1 and "no summary.json here" in result.output
    (tmp_path / "summary.json").write_text("{not json")
    result = run(str(tmp_path), "--content", str(tmp_path / "content"))
    assert result.exit_code == 1 and "summary.json: not JSON" in result.output
    result = run("http://127.0.0.1:9/", "--content", str(tmp_path / "content"))
    assert result.exit_code == 1 and "http://127.0.0.1:9/api/v2/summary.json" in result.output
    assert not (tmp_path / "content").exists()


# A real export: discordstatus.com's API v2 documents as saved in the public repository
# Dziurwa14/discord-undoc.github.io (src/status_api.md), trimmed to one response each. Its
# summary.json lists a component under a group no document describes.
DISCORD = Path(__file__).parent / "fixtures" / "statuspage_discord"


def test_a_real_statuspage_export_imports_with_nothing_lost(tmp_path):
    content = tmp_path / "content"
    result = run(str(DISCORD), "--content", str(content))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Read 2 components, 2 incidents and maintenance windows: 1 incidents, 1 maintenance "
        "windows, 8 updates; 0 guesses.",
        f"{DISCORD}/summary.json: components[0]: 'South Korea' belongs to the group "
        "'jk03xttfcz9b', which no document describes; kept without a group",
        "openbook check: no errors, 0 warnings.",
    ]
    portal = yaml.safe_load((content / "portal.yml").read_text())
    assert [(c["id"], c["name"]) for c in portal["components"]] == [
        ("api", "API"), ("south-korea", "South Korea")
    ]  # fmt: skip
    data, body = front(content / "maintenance" / "2015-09-22-server-juice.md")
    assert body.strip() == ""  # the title is not repeated as a body; the words are the updates'
    assert [u["status"] for u in data["updates"]] == [
        "scheduled", "in_progress", "verifying", "completed"
    ]  # fmt: skip
    assert data["updates"][-1]["text"] == (
        "Everything seems to be working! \nSorry for the brief interruption."
    )
    assert data["aliases"] == ["/incidents/chkt3cr0jf7b/"]
    texts = {u["text"] for p in content.rglob("*.md") for u in front(p)[0]["updates"]}
    for name in ("incidents", "scheduled-maintenances"):
        source = json.loads((DISCORD / f"{name}.json").read_text())
        for item in source[name.replace("-", "_")]:
            for update in item["incident_updates"]:  # every update's words, as written
                assert update["body"].replace("\r\n", "\n").strip() in texts


def test_a_folder_with_only_summary_json(tmp_path):
    """summary.json alone: its open incidents and coming maintenance are imported, and the
    summary is Statuspage's, not cState's."""
    folder = tmp_path / "saved"
    folder.mkdir()
    summary = json.loads((SOURCE / "summary.json").read_text())
    incidents = json.loads((SOURCE / "incidents.json").read_text())["incidents"]
    summary["incidents"] = incidents[:1]
    (folder / "summary.json").write_text(json.dumps(summary))
    result = run(str(folder), "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("Read 3 components, 1 incidents and ")
    assert "Read 0 files" not in result.output
    assert len(list((tmp_path / "content" / "incidents").glob("*.md"))) == 1
