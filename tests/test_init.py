"""`openbook init`: the repository it writes, what it refuses, and when it asks."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import __version__
from generator.cli import main
from generator.cli.init import portal_text
from generator.content.load import load_content, load_portal
from generator.errors import OpenbookError

from .conftest import EXAMPLE, ROOT
from .helpers.workflow_checks import (
    actionlint,
    assert_scripts_are_safe,
    assert_zizmor_finds_nothing,
)

NOW = ["--now", "2026-12-02T12:00:00Z"]
ACME = ["--title", "Acme Status", "--url", "https://status.acme.example/"]
FILES = [
    ".github/workflows/check.yml",
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "content/announcements/.gitkeep",
    "content/incidents/.gitkeep",
    "content/maintenance/.gitkeep",
    "content/pages/.gitkeep",
    "content/portal.yml",
    "requirements.txt",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_writes_the_repository_and_says_what_next(here):
    result = run(
        "init", "status", *ACME, "--component", "api=Public API", "--component", "db=Database"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Created a status repository in status (10 files) with Openbook {__version__}. Next:\n"
        "  cd status\n"
        "  openbook build        # the site, in site/\n"
        "  git init -b main && git add . && git commit -m 'Status site'\n"
        "  then push it to GitHub and choose Settings → Pages → Source: GitHub Actions\n"
    )
    assert sorted(tree(here / "status")) == FILES
    assert (here / "status" / "content" / "portal.yml").read_text() == (
        "# The site's settings; Openbook's reference describes every one.\n"
        "title: Acme Status                      # the site's name, on every page and feed\n"
        "url: https://status.acme.example/       # the address the site is published under\n"
        "timezone: UTC                           # times are shown in this zone (and the visitor's)\n"
        "language: en                            # the language of the site's own words\n"
        "update_every: 30                        # minutes; an open incident promises its next update this soon\n"
        "\n"
        "# Incidents and maintenance name these ids: keep them stable once published.\n"
        "components:\n"
        "  - id: api\n"
        "    name: Public API\n"
        "  - id: db\n"
        "    name: Database\n"
    )


@pytest.mark.slow
def test_the_result_checks_builds_and_takes_a_first_incident_with_the_default_paths(
    here, monkeypatch
):
    assert (
        run(
            "init",
            *ACME,
            "--timezone",
            "Europe/Berlin",
            "--language",
            "de",
            "--component",
            "api=API",
        ).exit_code
        == 0
    )
    result = run("check", *NOW)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "Content OK: 0 incidents, 0 maintenance windows, 0 announcements, 0 pages, 1 component.\n"
    )
    assert run("build", *NOW).exit_code == 0
    assert '<html lang="de"' in (here / "site" / "index.html").read_text()
    result = run(
        "new",
        "incident",
        "API errors",
        "--impact",
        "minor",
        "--component",
        "api=partial_outage",
        *NOW,
    )
    assert result.stdout == "content/incidents/2026-12-02-api-errors.md\n"
    result = run(
        "update",
        "2026-12-02-api-errors",
        "--status",
        "resolved",
        "--component",
        "api=operational",
        "Fixed.",
        *NOW,
    )
    assert result.exit_code == 0, result.output
    assert run("check", *NOW).exit_code == 0


def test_the_version_is_pinned_once_and_the_workflows_install_it(here):
    run("init", *ACME)
    assert (here / "requirements.txt").read_text().splitlines()[-1] == f"openbook=={__version__}"
    for name in ("pages.yml", "check.yml"):
        text = (here / ".github" / "workflows" / name).read_text()
        assert "python -m pip install -r requirements.txt" in text, name
        assert "openbook==" not in text, name  # one place to bump
    check = yaml.safe_load((here / ".github" / "workflows" / "check.yml").read_text())
    assert list(check[True]) == ["pull_request"]
    assert (
        check["jobs"]["check"]["steps"][-1]["run"]
        == "openbook check --content content --format github"
    )
    readme = (here / "README.md").read_text()
    assert readme.startswith(
        "# Acme Status\n\nThe source of https://status.acme.example/, built with"
    )
    assert "--component website=partial_outage" in readme  # the default component
    assert "https://status.acme.example/feeds/maintenance.ics" in readme


@pytest.mark.slow
def test_the_workflows_it_writes_pass_zizmor_shellcheck_and_actionlint(here):
    run("init", *ACME)
    workflows = sorted((here / ".github" / "workflows").glob("*.yml"))
    for path in workflows:
        assert_scripts_are_safe(path)
    assert_zizmor_finds_nothing(*workflows)
    linted = actionlint(here)
    assert linted.returncode == 0, linted.stdout


@pytest.mark.parametrize(
    "existing",
    ["content/portal.yml", "content", ".github/workflows/ci.yml", "README.md", ".gitignore"],
)
def test_a_folder_holding_what_init_would_write_is_refused_and_left_as_it_was(here, existing):
    (here / existing).parent.mkdir(parents=True, exist_ok=True)
    if existing == "content":
        (here / "content").mkdir()
    else:
        (here / existing).write_text("ours\n")
    before = tree(here)
    result = run("init", *ACME)
    assert result.exit_code == 1
    taken = existing.split("/")[0] if existing.startswith("content") else existing
    taken = ".github/workflows" if existing.startswith(".github") else taken
    assert result.stderr == (
        f"error: '.' already holds {taken}; nothing was changed\n"
        "  hint: run openbook init in an empty folder, or move those away first\n"
    )
    assert tree(here) == before and sorted(p.name for p in here.iterdir()) == sorted(
        {existing.split("/")[0]}
    )


def test_a_file_in_place_of_the_folder_is_refused(here):
    (here / "status").write_text("")
    result = run("init", "status", *ACME)
    assert (result.exit_code, result.stderr) == (1, "error: 'status' is a file, not a folder\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--component", "API=Public API"],
            "Invalid value for '--component': not a valid id: 'API' (ids use lowercase letters, digits and hyphens, and start with a letter or digit)",
        ),
        (
            ["--component", "api=A", "--component", "api=B"],
            "Invalid value for '--component': duplicate id 'api'",
        ),
        (
            ["--component", "api"],
            "Invalid value for '--component': expected ID=NAME, such as api=Public API; got 'api'",
        ),
        (
            ["--component", "=API"],
            "Invalid value for '--component': expected ID=NAME, such as api=Public API; got '=API'",
        ),
        (
            ["--url", "ftp://status.acme.example/"],
            "Invalid value for '--url': expected an absolute http(s) URL; got 'ftp://status.acme.example/' (e.g. https://status.example.com/)",
        ),
        (
            ["--url", 'https://x.example/"><script>'],
            "Invalid value for '--url': the site URL may not contain '\"'; got 'https://x.example/\"><script>' (a site's address has no query, fragment, quotes or markup; percent-encode other characters in its path)",
        ),
        (
            ["--timezone", "Europe/Berln"],
            "Invalid value for '--timezone': unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
        ),
        (
            ["--language", "klingon"],
            "Invalid value for '--language': not a language code: 'klingon' (a code such as en, de, pt-BR or ja)",
        ),
        (["--title", ""], "Invalid value for '--title': is empty"),
    ],
)
def test_bad_options_are_usage_errors_and_nothing_is_written(here, args, message):
    given = dict(zip(ACME[::2], ACME[1::2], strict=True))
    for option in args[::2]:
        given.pop(option, None)
    result = run("init", "status", *[x for kv in given.items() for x in kv], *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("missing", ["--title", "--url"])
def test_without_a_terminal_a_missing_title_or_url_is_a_usage_error(here, missing):
    given = {"--title": "Acme Status", "--url": "https://status.acme.example/"}
    del given[missing]
    result = run("init", *[x for kv in given.items() for x in kv])
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == f"Error: Missing option '{missing}' (there is no terminal to ask on)."
    )
    assert list(here.iterdir()) == []


@pytest.mark.slow
def test_in_a_terminal_it_asks_only_for_what_was_not_given(tmp_path):
    """A real terminal (a pseudo-terminal): the title was given; the rest is asked for."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "init", "status", "--title", "Acme Status"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=tmp_path,
        env={**os.environ, "TERM": "dumb"},
    )
    os.close(follower)
    answers = iter(
        [b"https://status.acme.example/\n", b"Europe/Paris\n", b"\n", b"api=API, web=Web site\n"]
    )
    seen = b""
    while child.poll() is None or select.select([leader], [], [], 0)[0]:
        if not select.select([leader], [], [], 10)[0]:
            break
        try:
            chunk = os.read(leader, 1024)
        except OSError:
            break
        seen += chunk
        if chunk.endswith(b": "):  # click's prompt waits there
            os.write(leader, next(answers))
    child.wait(timeout=30)
    os.close(leader)
    text = seen.decode().replace("\r\n", "\n")
    assert "Title" not in text
    assert "Address (URL): " in text and "Time zone [UTC]: " in text and "Language [en]: " in text
    assert "Components, as ID=NAME, comma-separated [website=Website]: " in text
    assert child.returncode == 0, text
    portal = yaml.safe_load((tmp_path / "status" / "content" / "portal.yml").read_text())
    assert portal["timezone"] == "Europe/Paris" and portal["language"] == "en"
    assert portal["components"] == [{"id": "api", "name": "API"}, {"id": "web", "name": "Web site"}]


@pytest.mark.slow
def test_example_copies_the_example_content_byte_for_byte(here):
    result = run("init", "demo", "--example")
    assert result.exit_code == 0, result.output
    written = tree(here / "demo" / "content")
    assert written == tree(EXAMPLE)
    assert (here / "demo" / "README.md").read_text().startswith("# Northwind Cloud Status\n")
    assert run("check", "--content", "demo/content", *NOW).exit_code == 0


def test_example_takes_no_settings(here):
    result = run("init", "--example", "--title", "Acme")
    assert result.exit_code == 2
    assert (
        "--example copies the example's own settings; edit content/portal.yml afterwards"
        in result.stderr
    )


HOSTILE = [
    "a: b",
    "# not a comment",
    "x\ny",
    "'single'",
    '"double"',
    "- item",
    "{a: 1}",
    "[1, 2]",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "%TAG",
    "@at",
    "`tick`",
    "null",
    "true",
    "0x10",
    "1e3",
    "~",
    "tab\there",
    "line\u2028sep",
    "<script>alert(1)</script>",
    "Ünïcödé ステータス",
    " padded ",
    "x\x00y",
    "x\x1by",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_titles_and_names_are_written_as_given_or_refused(here, name):
    result = run(
        "init",
        "status",
        "--title",
        name,
        "--url",
        "https://s.example/",
        "--component",
        f"api={name}",
    )
    if result.exit_code == 2:
        assert list(here.iterdir()) == []
        return
    assert result.exit_code == 0, result.output
    portal = load_portal(here / "status" / "content")
    # Every text is read without the spaces around it, as check reads it.
    assert portal.title == name.strip() and portal.components[0].name == name.strip()


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(min_size=1, max_size=40), name=st.text(min_size=1, max_size=40))
def test_any_text_reads_back_exactly_or_is_refused(tmp_path, title, name):
    """The loader is the judge: what portal_text writes is read back as given, or reported."""
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "portal.yml").write_text(
        portal_text(title, "https://s.example/", "UTC", "en", (("api", name),)), encoding="utf-8"
    )
    try:
        portal = load_content(folder).portal
    except OpenbookError:
        return
    assert (portal.title, portal.components[0].name) == (title.strip(), name.strip())


def test_the_starter_files_name_no_placeholder_left_unfilled(here):
    run("init", *ACME)
    for path, data in tree(here).items():
        assert b"__" not in data.replace(b"__pycache__", b""), path
    assert ROOT.joinpath("generator", "starter", "README.md").is_file()
