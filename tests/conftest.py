"""Shared fixtures: content folders made from tests/fixtures, and the example site built once."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "content"
# The example content's "now": its open incident was last updated at 11:20 UTC.
EXAMPLE_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def content(tmp_path, monkeypatch):
    """An empty-but-valid content folder under a temporary working directory.

    Messages name files relative to the working directory, so paths read
    `content/incidents/...` as they would for a user.
    """
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content"
    (folder / "incidents").mkdir(parents=True)
    shutil.copy(FIXTURES / "portal.yml", folder / "portal.yml")
    return folder


def add_incident(content: Path, fixture: str, name: str | None = None) -> Path:
    """Copy tests/fixtures/<fixture> into content/incidents/ as <name>.md."""
    target = content / "incidents" / f"{name or '2026-11-20-api-errors'}.md"
    shutil.copy(FIXTURES / fixture, target)
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example content built as of EXAMPLE_NOW (read-only: tests must not change it)."""
    out = tmp_path_factory.mktemp("example") / "site"
    build(EXAMPLE, out, EXAMPLE_NOW)
    return out


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the browser tests (modules that import tests/chromium.py)."""
    from .chromium import launched

    with launched() as chromium:
        yield chromium
