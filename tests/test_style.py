"""Lint and formatting run with the tests, so style never depends on memory (ruff, as configured
in pyproject.toml). The Python shown in the documentation is formatted like the code: ruff
formats the ```python blocks of Markdown files (and unlabelled ones that parse as Python)."""

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
