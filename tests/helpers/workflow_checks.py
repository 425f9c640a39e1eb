"""Checks every GitHub workflow and action in the project must pass: actions pinned to commits,
scripts that take their values from the environment and pass shellcheck, zizmor's audit and
actionlint."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w.-]+)?@[0-9a-f]{40}")


def steps(document: dict) -> list[dict]:
    if "runs" in document:
        return document["runs"]["steps"]
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def assert_scripts_are_safe(path: Path) -> None:
    """Every action pinned to a commit; every script takes its values from the environment
    (an expression pasted into a script is run as shell) and passes shellcheck."""
    for step in steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if "uses" in step and not step["uses"].startswith("./"):
            assert PINNED.fullmatch(step["uses"]), (path.name, step["uses"])
        if "run" in step:
            assert "${{" not in step["run"], (path.name, step["run"])
            checked = subprocess.run(
                ["shellcheck", "--shell=bash", "--severity=style", "-"],
                input=step["run"],
                capture_output=True,
                text=True,
            )
            assert checked.returncode == 0, (path.name, step["run"], checked.stdout)


def assert_zizmor_finds_nothing(*paths: Path) -> None:
    """zizmor's strictest persona, offline (no GitHub token is needed or used)."""
    found = subprocess.run(
        ["zizmor", "--offline", "--persona=auditor", "--no-progress", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stdout + found.stderr
    assert "No findings to report" in found.stdout


def actionlint(repository: Path) -> subprocess.CompletedProcess:
    if shutil.which("actionlint") is None:
        pytest.skip("actionlint is not installed (its PyPI wrapper downloads it from GitHub)")
    (repository / ".git").mkdir(exist_ok=True)  # how actionlint finds the repository's root
    return subprocess.run(["actionlint"], cwd=repository, capture_output=True, text=True)
