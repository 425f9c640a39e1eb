"""The live preview: rebuilds what changed, keeps serving the last good site on errors."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from generator.build import build

from .conftest import EXAMPLE, EXAMPLE_NOW
from .helpers.trees import tree_digest

pytestmark = pytest.mark.slow


def test_rebuild_after_one_edit_equals_a_full_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    first = build(content, tmp_path / "site", EXAMPLE_NOW, keep_spare=True)
    assert first.built == first.pages and first.spare is None
    # The second build replaces a site, which it keeps as the spare for the third to update.
    second = build(content, tmp_path / "site", EXAMPLE_NOW, previous=first, keep_spare=True)
    assert second.built == second.pages and second.spare is not None
    path = content / "incidents" / "2026-09-24-login-mfa-failures.md"
    path.write_text(path.read_text().replace("title: ", "title: Updated ", 1))
    third = build(content, tmp_path / "site", EXAMPLE_NOW, previous=second, keep_spare=True)
    # The incident, the history, the component pages and the home page show the title, and
    # searchable pages are always rebuilt; the other incidents are not.
    assert 1 < third.built < third.pages
    assert third.spare == second.spare
    build(content, tmp_path / "fresh", EXAMPLE_NOW)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "fresh")


def test_an_edited_incident_is_shown_before_the_site_is_rebuilt(tmp_path):
    """The edited incident's page is rewritten first, as the full build then writes it; the
    rest follows, and editing it back leaves the site as a fresh build of the original."""
    from generator.serve import Rebuilder

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    seen = {}
    out = tmp_path / "site"
    page = out / "incidents" / "2026-09-24-login-mfa-failures" / "index.html"

    def shown():
        seen["page"] = page.read_bytes()
        seen["history"] = (out / "incidents" / "index.html").read_text()

    rebuild = Rebuilder(content, out, EXAMPLE_NOW, shown)
    assert rebuild() and rebuild() and not seen  # nothing changed: no page ahead
    original = tree_digest(out)
    path = content / "incidents" / "2026-09-24-login-mfa-failures.md"
    text = path.read_text()
    path.write_text(text.replace("title: ", "title: Updated ", 1))
    assert rebuild()
    assert rebuild.quick == "incidents/2026-09-24-login-mfa-failures/"
    assert b"Updated " in seen["page"] and "Updated " not in seen["history"]
    assert seen["page"] == page.read_bytes()  # the full build wrote the same page
    assert "Updated " in (out / "incidents" / "index.html").read_text()
    build(content, tmp_path / "fresh", EXAMPLE_NOW)
    assert tree_digest(out) == tree_digest(tmp_path / "fresh")
    # Saved as many editors save: a new file renamed over the old one.
    temporary = path.with_name(".swap")
    temporary.write_text(text)
    temporary.replace(path)
    assert rebuild() and rebuild.quick is not None
    assert tree_digest(out) == original
    # Not ahead: a broken file (the build reports it) and a change to two files.
    seen.clear()
    path.write_text(text.replace("status: resolved", "status: fixed"))
    assert not rebuild() and not seen
    path.write_text(text)
    (content / "portal.yml").write_text((content / "portal.yml").read_text() + "\n")
    assert rebuild() and not seen and rebuild.quick is None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(predicate, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.05)  # as often as the receivers poll (tests/helpers/serving.py)
    return False


@pytest.fixture
def server(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--content",
            str(content),
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--now",
            EXAMPLE_NOW.isoformat(),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield content, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_serve_rebuilds_on_change_and_survives_errors(server):
    content, url, log = server
    page = url + "incidents/2026-09-24-login-mfa-failures/"
    assert wait_for(lambda: "Login" in fetch(url)), log.read_text()
    path = content / "incidents" / "2026-09-24-login-mfa-failures.md"
    original = path.read_text()
    path.write_text(original.replace("title: ", "title: Edited ", 1))
    assert wait_for(lambda: "Edited " in fetch(page)), log.read_text()

    broken = content / "incidents" / "2026-11-22-broken.md"
    broken.write_text("---\ntitle: Broken\nimpact: severe\n---\n")
    assert wait_for(lambda: "Aborted with" in log.read_text()), log.read_text()
    assert "incidents/2026-11-22-broken.md:3: impact: expected one of" in log.read_text()
    assert "Edited " in fetch(page)  # the last good site is still served
    broken.unlink()
    path.write_text(original)
    assert wait_for(lambda: "Edited " not in fetch(page)), log.read_text()
    assert "Rebuilt " in log.read_text()


def test_serve_allows_cross_origin_reads_like_github_pages(server):
    _, url, log = server
    assert wait_for(lambda: "Login" in fetch(url)), log.read_text()
    with urllib.request.urlopen(url + "api/v2/summary.json", timeout=5) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
