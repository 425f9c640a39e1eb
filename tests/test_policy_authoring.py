"""`openbook new policy` and `openbook new version`: the file they write, what they refuse,
and that what they write is what `check` accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import EXAMPLE

FIXTURES = Path(__file__).parent / "fixtures" / "policies"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def example(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    shutil.rmtree(content / "policies", ignore_errors=True)
    (content / "policies").mkdir()
    return content


@pytest.mark.slow
def test_new_policy_writes_a_file_check_accepts(tmp_path):
    content = example(tmp_path)
    result = run("new", "policy", "Terms of service", "--effective", "2027-02-01",
                 "--content", str(content))  # fmt: skip
    assert result.exit_code == 0, result.output
    path = content / "policies" / "terms-of-service.md"
    assert result.output.strip().endswith("policies/terms-of-service.md")
    assert path.read_text().startswith("---\ntitle: Terms of service\neffective: 2027-02-01\n---\n")
    assert run("check", "--content", str(content)).exit_code == 0


def test_new_version_moves_the_date_and_writes_the_summary(tmp_path):
    content = example(tmp_path)
    shutil.copy(FIXTURES / "privacy-v2.md", content / "policies" / "privacy.md")
    result = run(
        *("new", "version", "privacy", "--effective", "2027-01-01", "--content", str(content)),
        *("--summary", "Mailgun replaces Postmark.", "--now", "2026-11-20T10:00:00Z"),
    )
    assert result.exit_code == 0, result.output
    assert "replaces the version effective 2026-02-01; takes effect 2027-01-01, 42 days" in (
        result.output
    )
    text = (content / "policies" / "privacy.md").read_text()
    assert text.startswith(
        "---\ntitle: Privacy policy\neffective: 2027-01-01\nsummary: Mailgun replaces Postmark.\n"
        "---\n## Who we are\n"
    )
    assert "We send transactional e-mail through Postmark and now say so" not in text


def test_new_version_refuses_a_date_not_after_the_last_and_an_unknown_policy(tmp_path):
    content = example(tmp_path)
    shutil.copy(FIXTURES / "privacy-v2.md", content / "policies" / "privacy.md")
    before = (content / "policies" / "privacy.md").read_bytes()
    same = run("new", "version", "privacy", "--effective", "2026-02-01", "--summary", "x",
               "--content", str(content))  # fmt: skip
    assert same.exit_code == 2
    assert "the version in the file takes effect 2026-02-01; a new version takes effect after" in (
        same.output
    )
    unknown = run("new", "version", "terms", "--effective", "2027-02-01", "--summary", "x",
                  "--content", str(content))  # fmt: skip
    assert unknown.exit_code == 2 and "no policy 'terms'" in unknown.output
    assert "policies: privacy" in unknown.output
    assert (content / "policies" / "privacy.md").read_bytes() == before
