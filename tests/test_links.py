"""Integrity of the output: links resolve, also under a subpath; builds survive being killed."""

from __future__ import annotations

import functools
import http.server
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.build import build

from .conftest import EXAMPLE, EXAMPLE_NOW
from .helpers.serving import serve_in_thread
from .helpers.trees import tree_digest
from .linkcheck import check, links


def test_every_internal_link_resolves(example_site):
    checked, broken = check(example_site, "https://status.northwind.example/")
    assert broken == []
    assert checked > 1000


@pytest.mark.slow
def test_hosted_under_a_subpath(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    portal = content / "portal.yml"
    portal.write_text(
        portal.read_text().replace("https://status.northwind.example/", "http://127.0.0.1/status/")
    )
    www = tmp_path / "www"
    build(content, www / "status", EXAMPLE_NOW)
    checked, broken = check(www / "status", "http://127.0.0.1/status/")
    assert broken == [] and checked > 1000

    # Served over HTTP under /status/, as GitHub Pages serves a project site.
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serve_in_thread(server)
    root = f"http://127.0.0.1:{server.server_address[1]}/status/"
    try:
        fetched = set()
        for source, link in links(www / "status", "http://127.0.0.1/status/"):
            if source.suffix != ".html" or link.startswith(("http", "mailto:", "#")):
                continue
            page_url = root + str(source.relative_to(www / "status").parent).replace(".", "") + "/"
            url = urllib.parse.urljoin(
                page_url.replace("//", "/").replace("http:/", "http://"), link.split("#")[0]
            )
            if url not in fetched:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200, url
                fetched.add(url)
        assert len(fetched) > 50
    finally:
        server.shutdown()


@pytest.mark.slow
def test_killed_builds_leave_the_previous_site_complete(tmp_path, tmp_path_factory):
    out = tmp_path / "site"
    build(EXAMPLE, out, EXAMPLE_NOW)
    old = tree_digest(out)
    finished = tmp_path_factory.mktemp("finished") / "site"
    subprocess.run(_build_command(finished), check=True, capture_output=True)
    new = tree_digest(finished)
    # The same files with other contents: only a whole-file comparison tells the sites apart.
    assert new.keys() == old.keys() and new != old
    rng = random.Random(7)
    for _ in range(6):
        proc = subprocess.Popen(
            _build_command(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = tree_digest(out)
        # Either the old site, untouched, or the new one, complete: never a mixture.
        assert after in (old, new), _mixture(after, old, new)
        if after != old:
            build(EXAMPLE, out, EXAMPLE_NOW)  # back to the old one for the next round
    # A later build clears what killed builds left behind.
    build(EXAMPLE, out, EXAMPLE_NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _build_command(out: Path) -> list[str]:
    """`openbook build` of the example content into `out`, a day after EXAMPLE_NOW."""
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(EXAMPLE),
        "--out",
        str(out),
        "--now",
        "2026-11-24T12:00:00Z",
    ]


def _mixture(site: dict[str, str], old: dict[str, str], new: dict[str, str]) -> str:
    """How many of `site`'s files are as in the old site and as in the new one."""
    as_old = sum(site.get(name) == digest for name, digest in old.items())
    as_new = sum(site.get(name) == digest for name, digest in new.items())
    return f"{len(site)} files: {as_old} of {len(old)} as old, {as_new} of {len(new)} as new"


@pytest.mark.slow
def test_file_times_and_listing_order_do_not_change_output(tmp_path):
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    shutil.copytree(EXAMPLE, forward)
    backward.mkdir()
    for path in sorted(EXAMPLE.rglob("*"), reverse=True):  # created in the opposite order
        target = backward / path.relative_to(EXAMPLE)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            os.utime(target, (random.randint(0, 2**31), random.randint(0, 2**31)))
    build(forward, tmp_path / "a", EXAMPLE_NOW)
    build(backward, tmp_path / "b", EXAMPLE_NOW)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
