"""Lint, formatting and types run with the tests, so style never depends on memory (ruff and
mypy, as configured in pyproject.toml). The Python shown in the documentation is formatted like
the code: ruff formats the ```python blocks of Markdown files (and unlabelled ones that parse as
Python)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

PATHS = ["generator", "tests", "benchmarks"]
DOCUMENTS = ["README.md", "CHANGELOG.md", "generator/starter/README.md", "docs"]


def ruff(*arguments: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *arguments], cwd=cwd, capture_output=True, text=True
    )


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command):
    result = ruff(*command, *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_types():
    """mypy over generator/ with the settings in pyproject.toml: the annotations hold."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", "generator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_type_check_refuses_an_unannotated_function(tmp_path):
    """The settings are strict enough to matter: a function without annotations, and a value
    that may be None passed where it may not, both fail."""
    (tmp_path / "example.py").write_text(
        "def send(host):\n    return host\n\n\n"
        "def connect(host: str | None) -> int:\n    return len(host)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "example.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[no-untyped-def]" in result.stdout
    assert "[arg-type]" in result.stdout


def test_python_in_the_documentation_is_formatted():
    """`ruff format --check .` at the root checks these too; the diff shows what to change."""
    documents = [name for name in DOCUMENTS if (ROOT / name).exists()]
    result = ruff("format", "--diff", *documents)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_documentation_check_sees_a_badly_formatted_block(tmp_path):
    """The check above is only as good as ruff's reading of Markdown: show it fails when it
    should."""
    (tmp_path / "README.md").write_text(
        "# Example\n\n```python\nimport hmac\ndef verify( body ):\n    return body\n```\n",
        encoding="utf-8",
    )
    result = ruff("format", "--diff", "README.md", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "+def verify(body):" in result.stdout
