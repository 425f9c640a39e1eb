"""What the browser tests share: Debian's Chromium driven by Playwright, and a local web server.

A module that imports this is skipped, with the reason, only where Chromium is absent.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from .webserver import served  # noqa: F401 - the browser tests serve their sites with it

# Debian's chromium; OPENBOOK_CHROMIUM points elsewhere (GitHub's runners have Google Chrome).
CHROMIUM = Path(os.environ.get("OPENBOOK_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need the test extras (playwright)"
)

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@contextmanager
def launched():
    """Headless Chromium, as the `browser` fixture in conftest.py hands it to tests."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
