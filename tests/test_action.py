"""action.yml, the composite action: its inputs, its scripts run as the runner would, and the
linters (zizmor, shellcheck, actionlint where installed) over it. The workflows `openbook init`
writes are linted with the same helpers (tests/test_init.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import __version__

from .conftest import FIXTURES, ROOT
from .helpers.workflow_checks import (
    actionlint,
    assert_scripts_are_safe,
    assert_zizmor_finds_nothing,
    steps,
)

ACTION = ROOT / "action.yml"


def test_inputs_and_defaults_are_the_documented_ones():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "version": "",
        "content": "content",
        "out": "site",
        "now": "",
        "check-only": "false",
    }
    assert action["runs"]["using"] == "composite"
    build = steps(action)[-1]
    assert build["if"] == "inputs.check-only != 'true'"
    assert build["run"].startswith("openbook build ")


def test_scripts_are_pinned_safe_and_pass_shellcheck():
    assert_scripts_are_safe(ACTION)


def test_zizmor_finds_nothing_in_the_action():
    assert_zizmor_finds_nothing(ACTION)


def test_actionlint_reads_the_action_through_a_workflow_that_uses_it(tmp_path):
    """actionlint checks a workflow's use of a local action against its action.yml."""
    shutil.copy(ACTION, tmp_path / "action.yml")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    use = {
        "name": "Use",
        "on": "push",
        "permissions": {"contents": "read"},
        "jobs": {"site": {"runs-on": "ubuntu-latest", "steps": [{"uses": "./", "with": {}}]}},
    }
    use["jobs"]["site"]["steps"][0]["with"] = {"version": __version__, "check-only": True}
    (workflows / "use.yml").write_text(yaml.safe_dump(use, sort_keys=False))
    assert actionlint(tmp_path).returncode == 0
    use["jobs"]["site"]["steps"][0]["with"]["chek-only"] = True
    (workflows / "use.yml").write_text(yaml.safe_dump(use, sort_keys=False))
    assert 'input "chek-only" is not defined' in actionlint(tmp_path).stdout


def run_step(name: str, env: dict[str, str], cwd: Path, runner: Path):
    """One of the action's scripts, run by bash as the runner runs it: the step's environment,
    GITHUB_OUTPUT and GITHUB_ACTION_PATH (this checkout)."""
    (step,) = [
        s for s in steps(yaml.safe_load(ACTION.read_text())) if s.get("id", s.get("name")) == name
    ]
    output = runner / "output"
    output.touch()
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env={**os.environ, **env, "GITHUB_OUTPUT": str(output), "GITHUB_ACTION_PATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    values = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done, values


def test_settings_default_to_this_version_and_the_current_time(tmp_path):
    done, values = run_step(
        "settings", {"VERSION": "", "NOW": "", "CHECK_ONLY": "false"}, tmp_path, tmp_path
    )
    assert done.returncode == 0, done.stdout
    assert values["version"] == __version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", values["now"])


@pytest.mark.parametrize(
    "env, message",
    [
        (
            {"VERSION": "0.2.0\nnow=1999-01-01T00:00:00Z"},
            "::error::version: expected a version such as 0.2.0; got $'0.2.0\\nnow=1999-01-01T00:00:00Z'",
        ),
        ({"VERSION": "latest"}, "::error::version: expected a version such as 0.2.0; got latest"),
        (
            {"VERSION": "0.2.0 --index-url=https://evil.example/"},
            "::error::version: expected a version such as 0.2.0; got 0.2.0\\ --index-url=https://evil.example/",
        ),
        (
            {"NOW": "2026-12-02T12:00:00Z\nversion=6.6.6"},
            "::error::now: expected a time such as 2026-12-02T12:00:00Z; got $'2026-12-02T12:00:00Z\\nversion=6.6.6'",
        ),
        ({"CHECK_ONLY": "yes"}, "::error::check-only: expected true or false; got yes"),
    ],
)
def test_settings_refuse_values_that_could_add_outputs_or_options(tmp_path, env, message):
    given = {"VERSION": "0.2.0", "NOW": "", "CHECK_ONLY": "false", **env}
    done, values = run_step("settings", given, tmp_path, tmp_path)
    assert done.returncode == 1
    assert done.stdout == message + "\n"
    assert values == {}


@pytest.mark.slow
def test_check_and_build_steps_on_a_content_folder(tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURES / "portal.yml", tmp_path / "content" / "portal.yml")
    env = {"CONTENT": "content", "OUT": "public", "NOW": "2026-12-02T12:00:00Z"}
    done, _ = run_step("Check the content", env, tmp_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Content OK: ")
    done, _ = run_step("Build the site", env, tmp_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "public" / "index.html").is_file()
    (tmp_path / "content" / "incidents").mkdir()
    (tmp_path / "content" / "incidents" / "2026-12-01-x.md").write_text("---\ntitle: X\n---\n")
    done, _ = run_step("Check the content", env, tmp_path, tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=content/incidents/2026-12-01-x.md,line=")
