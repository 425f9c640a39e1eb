"""The contract with MkDocs' private names, all used in generator/site/mkdocs_engine/private.py:
each still exists and behaves as Openbook uses it. A MkDocs upgrade that changes one fails the
test named after it, on a small real MkDocs site, not somewhere in a status site."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
import yaml
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.livereload import LiveReloadServer, _timestamp
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.utils.yaml import RelativeDirPlaceholder

from generator.site.mkdocs_engine import private
from generator.site.mkdocs_engine.server import live_server


class Probe(BasePlugin):
    """A plugin that does, in a real MkDocs build, what Openbook's plugin does with `private`."""

    def __init__(self, given: dict[str, str] | None = None, unmodified: tuple[str, ...] = ()):
        super().__init__()
        self.given = given or {}  # src -> the HTML give_html hands MkDocs
        self.unmodified = unmodified
        self.relative: dict[str, str] = {}  # src -> what `!relative` read while it rendered
        self.rendered: dict[str, str] = {}  # src -> render_page's output, after the build

    def on_files(self, files, config):
        for file in files:
            if file.src_uri in self.unmodified:
                private.mark_unmodified(file)
        self.files = files
        return files

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        self.env = env
        return env

    def on_page_markdown(self, markdown, page, config, files):
        self.relative[page.file.src_uri] = RelativeDirPlaceholder(config).value()
        if page.file.src_uri in self.given:
            private.give_html(page, self.given[page.file.src_uri])
        return markdown

    def on_post_build(self, config):
        self.relative.clear()  # what MkDocs' own build read: render_page's is read next
        for file in self.files.documentation_pages():
            if file.page is not None and file.src_uri not in self.unmodified:
                self.rendered[file.src_uri] = private.render_page(
                    file.page, config, files=self.files, nav=self.nav, env=self.env
                )


def site(tmp_path: Path, probe: Probe, dirty: bool = False) -> tuple[MkDocsConfig, Path]:
    """A Material site of two pages in tmp_path, built with `probe`."""
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Home\n\nSee [the guide](guide/steps.md).\n")
    (docs / "guide" / "steps.md").write_text("# Steps\n\n## First\n\nDo *this*.\n")
    settings = {
        "site_name": "Probe",
        "site_url": "https://example.com/",
        "docs_dir": str(docs),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "font": False},
        "plugins": [],
        "validation": {"anchors": "warn"},
    }
    config = load_config(config_file=io.StringIO(yaml.safe_dump(settings)))
    config.plugins["probe"] = probe
    mkdocs_build(config, dirty=dirty)
    return config, tmp_path / "site"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def test_build_page_steps_render_as_mkdocs_writes(tmp_path):
    """`render_page` repeats `_populate_page` and `_build_page`: its page is the file MkDocs
    wrote, byte for byte."""
    assert callable(mkdocs_build_module._populate_page)
    assert callable(mkdocs_build_module._build_page)
    probe = Probe()
    _, out = site(tmp_path, probe)
    assert set(probe.rendered) == {"index.md", "guide/steps.md"}
    for src, written in (("index.md", "index.html"), ("guide/steps.md", "guide/steps/index.html")):
        on_disk = (out / written).read_bytes()
        assert probe.rendered[src].encode("utf-8", "xmlcharrefreplace") == on_disk
    assert b'<h2 id="first">First' in (out / "guide/steps/index.html").read_bytes()


def test_current_page_is_what_relative_paths_read(tmp_path):
    """MkDocs' `!relative` paths read `config._current_page`: render_page sets it while a page
    renders and clears it after."""
    assert MkDocsConfig._current_page is None
    probe = Probe()
    config, _ = site(tmp_path, probe)
    docs = str(tmp_path / "docs")
    # Read while render_page rendered each page, after the build (on_post_build).
    assert probe.relative == {"index.md": docs, "guide/steps.md": f"{docs}/guide"}
    assert config._current_page is None
    with pytest.raises(ConfigurationError, match="current file is not set"):
        RelativeDirPlaceholder(config).value()


def test_is_modified_false_leaves_a_page_out_of_a_dirty_build(tmp_path):
    """MkDocs asks `File.is_modified()` in a dirty build: a file marked unmodified is neither
    read nor written."""
    assert callable(File.is_modified)
    stale = tmp_path / "site" / "guide" / "steps" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("as the last build left it")
    probe = Probe(unmodified=("guide/steps.md",))
    _, out = site(tmp_path, probe, dirty=True)
    assert stale.read_text() == "as the last build left it"
    assert b"See <a" in (out / "index.html").read_bytes()
    page = next(f.page for f in probe.files if f.src_uri == "guide/steps.md")
    assert page is not None and page.markdown is None  # never read


def test_given_html_replaces_the_markdown_pass(tmp_path):
    """A page given its HTML renders it as it is, with what `Page.render` sets for the later
    steps: no table of contents, no anchors (read by MkDocs' link validation)."""
    probe = Probe(given={"guide/steps.md": "<p>Given <b>as is</b></p>"})
    _, out = site(tmp_path, probe)
    written = (out / "guide/steps/index.html").read_text()
    assert "<p>Given <b>as is</b></p>" in written and 'id="first"' not in written
    files = {f.src_uri: f.page for f in probe.files}
    given, plain = files["guide/steps.md"], files["index.md"]
    assert given is not None and plain is not None
    assert list(given.toc) == [] and given.present_anchor_ids == set()
    assert plain.present_anchor_ids == {"home"}  # the attribute MkDocs itself fills


def test_timestamp_is_an_int_that_grows():
    first = _timestamp()
    time.sleep(0.005)
    second = _timestamp()
    assert isinstance(first, int) and isinstance(second, int) and second > first


def test_the_server_has_its_epochs():
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    assert isinstance(server._epoch_cond, threading.Condition)
    assert isinstance(server._visible_epoch, int) and isinstance(server._wanted_epoch, int)
    assert server._visible_epoch == server._wanted_epoch


def poll(server: LiveReloadServer, epoch: int) -> int:
    """What the live-reload script's long poll for a site newer than `epoch` is answered."""
    statuses = []
    answer = server.serve_request(
        {"PATH_INFO": f"/livereload/{epoch}/1", "REQUEST_METHOD": "GET"},
        lambda status, headers, exc_info=None: statuses.append(status),
    )
    assert answer is not None and statuses == ["200 OK"]
    return int(b"".join(answer))


@pytest.mark.slow
def test_reload_now_reloads_at_once_and_again_when_the_rebuild_ends(tmp_path):
    """In the middle of a rebuild, `reload_now` answers the browsers' poll with a new epoch;
    when the rebuild returns, `reload_when_rebuilt` has MkDocs' build loop show a newer one."""
    watched = tmp_path / "watched"
    watched.mkdir()
    seen: dict[str, int] = {}
    done = threading.Event()

    def rebuild() -> None:
        before = server._visible_epoch
        private.reload_now(server)
        seen["during"] = poll(server, before)
        assert server._wanted_epoch == server._visible_epoch  # nothing held back
        done.set()

    server = live_server(rebuild, tmp_path, host="127.0.0.1", port=0, mount="/", watch=[watched])
    server.poll_response_timeout = 5
    started = server._visible_epoch
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)
        (watched / "change.md").write_text("changed")
        assert done.wait(20)
        assert seen["during"] > started
        assert poll(server, seen["during"]) > seen["during"]  # the rebuild's end
    finally:
        server.shutdown()
        thread.join(10)
