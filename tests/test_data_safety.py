"""No command-line mistake destroys sources, and every hostile input ends in a message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.load import load_content

from .conftest import add_incident

NOW = ["--now", "2026-11-21T12:00:00Z"]
OPEN = "2026-11-20-api-errors"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def tree(folder):
    return sorted(
        (str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"")
        for p in folder.rglob("*")
    )


@pytest.fixture
def repo(content):
    """A content folder inside a git repository, with one open incident."""
    subprocess.run(["git", "init", "-q", str(content.parent)], check=True)
    add_incident(content, "incident_valid.md")
    return content.parent


@pytest.mark.parametrize(
    "out, message",
    [
        ("content", "--out content: the site would overwrite the content folder content"),
        (
            "content/incidents",
            "--out content/incidents: the site would overwrite the content folder content",
        ),
        (".", "--out .: the site would replace the current folder"),
        ("..", "--out ..: the site would replace the current folder"),
        (
            ".git",
            "--out .git: the folder is not empty and was not built by Openbook, so it is left alone",
        ),
        (
            "notes",
            "--out notes: the folder is not empty and was not built by Openbook, so it is left alone",
        ),
        ("notes/todo.txt", "--out notes/todo.txt: is a file, not a folder"),
    ],
)
def test_build_refuses_folders_that_hold_sources(repo, out, message):
    (repo / "notes").mkdir()
    (repo / "notes" / "todo.txt").write_text("keep me")
    before = tree(repo)
    result = run("build", "--out", out, *NOW)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {message}\n  hint: ")
    assert tree(repo) == before


def test_build_refuses_the_repository_from_a_subfolder(repo, monkeypatch):
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    result = run("build", "--content", "../content", "--out", "..", *NOW)
    assert result.exit_code == 1
    assert "the site would replace the current folder" in result.stderr
    result = run("build", "--content", "../content", "--out", str(repo), *NOW)
    assert result.exit_code == 1


@pytest.mark.slow
def test_build_replaces_only_its_own_sites(repo):
    assert run("build", "--out", "site", *NOW).exit_code == 0
    assert (repo / "site" / ".openbook-site").is_file()
    (repo / "site" / "leftover.html").write_text("old")
    assert run("build", "--out", "site", *NOW).exit_code == 0
    assert not (repo / "site" / "leftover.html").exists()
    (repo / "empty").mkdir()
    assert run("build", "--out", "empty", *NOW).exit_code == 0


@pytest.mark.parametrize(
    "doc_id",
    ["../../outside", "/etc/passwd", "incidents/2026-11-20-api-errors", "2026-11-20-api-errors.md"],
)
def test_update_takes_only_ids(repo, doc_id):
    outside = repo.parent / "outside.md"
    outside.write_text("---\ntitle: x\n---\n")
    result = run("update", doc_id, "--status", "identified", "text", *NOW)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {doc_id!r} is not an id; give the file name without .md, "
        "e.g. 2026-11-20-api-errors\n"
    )
    assert outside.read_text() == "---\ntitle: x\n---\n"


def test_update_does_not_follow_a_link_out_of_the_content_folder(repo):
    outside = repo.parent / "outside.md"
    outside.write_text((repo / "content" / "incidents" / f"{OPEN}.md").read_text())
    os.symlink(outside, repo / "content" / "incidents" / "2026-11-20-link.md")
    before = outside.read_text()
    result = run("update", "2026-11-20-link", "--status", "identified", "text", *NOW)
    assert result.exit_code == 1
    assert "is a link to a file outside the content folder" in result.stderr
    assert outside.read_text() == before


@pytest.mark.parametrize(
    "text",
    [
        "a\nb\rdraft: true",
        "line one\r\nline two",
        "a\x85draft: true",
        "a\u2028draft: true\u2029components: {}",
        "tab\there\n\tand a tab-indented line",
        "trailing spaces make a break  \nnext line",
        "  indented first line\nsecond",
        "ends with a backslash \\",
        "'quoted' \"both\" and: colon # hash",
    ],
)
def test_update_text_round_trips_exactly(repo, text):
    result = run("update", OPEN, "--status", "identified", text, *NOW)
    assert result.exit_code == 0, result.output
    (incident,) = load_content(repo / "content").incidents
    assert incident.updates[-1].text == text.strip()
    assert not incident.draft
    assert incident.components == {"api": "partial_outage"}


def test_new_writes_only_files_the_build_accepts(repo):
    result = run("new", "incident", "   ", "--impact", "minor", *NOW)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "content/incidents/2026-11-21-untitled.md:2: title: is empty\nAborted with 1 content error.\n"
    )
    assert not (repo / "content" / "incidents" / "2026-11-21-untitled.md").exists()
    result = run(
        "new", "incident", "Tab\tin the title", "--impact", "minor", "--text", "a\tb", *NOW
    )
    assert result.exit_code == 0, result.output
    result = run("new", "page", "Index")
    assert (result.exit_code, result.stdout) == (0, "content/pages/index-2.md\n")
    assert run("check", *NOW).exit_code == 0


@pytest.mark.slow
def test_concurrent_updates_all_land(repo):
    command = [sys.executable, "-c", "from generator.cli import main; main()"]

    def update(n: int) -> int:
        return subprocess.run(
            [
                *command,
                "update",
                OPEN,
                "--status",
                "identified",
                f"update {n}",
                "--now",
                f"2026-11-21T12:{n:02d}:00Z",
            ],
            cwd=repo,
            capture_output=True,
        ).returncode

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(update, range(20)))
    assert codes == [0] * 20
    (incident,) = load_content(repo / "content").incidents
    assert sorted(u.text for u in incident.updates if u.text.startswith("update ")) == sorted(
        f"update {n}" for n in range(20)
    )


@pytest.mark.parametrize(
    "now", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z"]
)
def test_times_out_of_range_are_usage_errors(repo, now):
    result = run("build", "--now", now)
    assert result.exit_code == 2
    assert f"Invalid value for '--now': {now!r} is outside the years 1970 to 2999" in result.output


def test_links_that_lead_nowhere_are_reported(repo):
    incidents = repo / "content" / "incidents"
    os.symlink("loop.md", incidents / "loop.md")
    os.symlink("missing.md", incidents / "dangling.md")
    result = run("check", *NOW)
    assert result.exit_code == 1
    nowhere = (
        "is a link that leads nowhere (its target is missing, or links lead in a loop)\n"
        "  hint: remove the link, or point it into the content folder"
    )
    assert result.stderr == (
        f"content/incidents/dangling.md:1: {nowhere}\n"
        f"content/incidents/loop.md:1: {nowhere}\nAborted with 2 content errors.\n"
    )


def test_billion_laughs_is_refused_quickly(repo):
    laughs = "\n".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)
    )
    (repo / "content" / "portal.yml").write_text(
        (repo / "content" / "portal.yml").read_text() + "l0: &l0 [lol]\n" + laughs + "\n"
    )
    result = run("check", *NOW)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "content/portal.yml:1: YAML: aliases expand to more than 100,000 values\n"
    )


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "2026-11-20-a,line=1::forged.md",
            "file=content/incidents/2026-11-20-a%2Cline=1%3A%3Aforged.md,line=1::",
        ),
    ],
)
def test_github_annotations_escape_file_names(content, name, expected):
    (content / "incidents" / name).write_text("---\ntitle: x\n---\n")
    result = run("check", "--format", "github", *NOW)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error {expected}")


@pytest.mark.parametrize(
    "stem, reason",
    [
        ("index", "/incidents/ is the incident history"),
        ("page", "/incidents/page/ holds the history's pages"),
    ],
)
def test_reserved_ids_are_errors(repo, stem, reason):
    add_incident(repo / "content", "incident_valid.md", stem)
    result = run("check", *NOW)
    assert result.exit_code == 1
    assert result.stderr == (
        f"content/incidents/{stem}.md:1: id: the id {stem!r} is reserved: {reason}\n"
        f"  hint: rename the file, e.g. {stem}-1.md\nAborted with 1 content error.\n"
    )
