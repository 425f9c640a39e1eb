"""Shared fixtures: content folders made from tests/fixtures, and the example site built once;
the `browser` and `slow` marks the quick loop (`pytest -m "not slow"`) leaves out."""

from __future__ import annotations

import ast
import functools
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build import build

from .receivers import Http, Smtp

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser tests `browser` and `slow`: those that take the `browser` fixture, and
    every test of a module that imports tests/chromium.py (each starts a web server and waits
    for Chromium to render), so no browser module has to remember the marks itself."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or _imports_chromium(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@functools.cache
def _imports_chromium(path: Path) -> bool:
    """Whether the test module at `path` imports tests/chromium.py."""
    if path.suffix != ".py":
        return False
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if (node.level == 1 and node.module == "chromium") or node.module == "tests.chromium":
                return True
            if node.level == 1 and node.module is None:
                if any(alias.name == "chromium" for alias in node.names):
                    return True
        elif isinstance(node, ast.Import):
            if any(alias.name == "tests.chromium" for alias in node.names):
                return True
    return False


@pytest.fixture
def http():
    """An HTTP receiver on 127.0.0.1 that records what webhooks and chat services are sent."""
    receiver = Http().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp():
    """An SMTP server on 127.0.0.1 (aiosmtpd) that records the mail it is sent."""
    receiver = Smtp().start()
    yield receiver
    receiver.stop()
