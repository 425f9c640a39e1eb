"""The engine behind its protocol: frames fill the pages outside the navigation, and a frame that
is not used is reported, by the build and by the commands, with where it parts from the page."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.serve import Rebuilder
from generator.site.frames import Frame, FrameError, difference

from .conftest import EXAMPLE, EXAMPLE_NOW, FIXTURES, ROOT

# A hook that puts the length of each page's title into its <head>: the same chrome around
# every page of a folder no longer, so no frame can stand for them.
TITLE_LENGTH_HOOK = """
def on_post_page(output, page, config):
    meta = f'<meta name="title-length" content="{len(page.title)}">'
    return output.replace("</head>", meta + "</head>", 1)
"""


def corpus(folder: Path, count: int) -> Path:
    """benchmarks/run.py's generated history of `count` incidents, in `folder`."""
    spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, count)
    return folder


def hooked(tmp_path: Path) -> Path:
    """Two incidents, with TITLE_LENGTH_HOOK in the portal's `mkdocs:` (allow_scripts)."""
    content = tmp_path / "content"
    (content / "incidents").mkdir(parents=True)
    hook = tmp_path / "title_length.py"
    hook.write_text(TITLE_LENGTH_HOOK, encoding="utf-8")
    portal = (FIXTURES / "portal.yml").read_text(encoding="utf-8")
    portal += f"allow_scripts: true\nmkdocs:\n  hooks: [{hook}]\n"
    (content / "portal.yml").write_text(portal, encoding="utf-8")
    valid = (FIXTURES / "incident_valid.md").read_text(encoding="utf-8")
    (content / "incidents" / "2026-11-20-api-errors.md").write_text(valid, encoding="utf-8")
    other = re.sub(r"(?m)^title: .*$", "title: Another one", valid, count=1)
    (content / "incidents" / "2026-11-21-other.md").write_text(other, encoding="utf-8")
    return content


@pytest.mark.slow
def test_the_example_fills_every_frame(tmp_path):
    result = build(EXAMPLE, tmp_path / "site", EXAMPLE_NOW)
    assert result.fallbacks == ()
    assert result.cache.edition("en").frames and result.cache.edition("de").frames


@pytest.mark.slow
def test_a_thousand_incidents_fill_their_frames(tmp_path):
    content = corpus(tmp_path / "content", 1000)
    result = build(content, tmp_path / "site", EXAMPLE_NOW, jobs=2)
    assert result.pages > 1000 and result.fallbacks == ()
    assert {key[0] for key in result.cache.edition("en").frames} >= {"incidents", "components"}


@pytest.mark.slow
def test_a_frame_the_chrome_does_not_fit_is_reported_and_the_site_stays_right(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = build(hooked(tmp_path), tmp_path / "site", EXAMPLE_NOW)
    incidents = [f for f in result.fallbacks if f.folder == "incidents/"]
    assert len(incidents) == 1 and incidents[0].pages == 2
    (fallback,) = incidents
    assert fallback.page == "incidents/2026-11-21-other/"
    assert 'MkDocs wrote \'title-length" content="11"></head>' in fallback.reason
    assert 'the frame \'title-length" content="16"></head>' in fallback.reason
    # Every page went through MkDocs whole: each shows its own title's length.
    titles = {
        "2026-11-20-api-errors": "Elevated API error rates in the EU region",
        "2026-11-21-other": "Another one",
    }
    for name, title in titles.items():
        page = (tmp_path / "site" / "incidents" / name / "index.html").read_text()
        assert f"<title>{title} – Example Cloud Status</title>" in page
        assert f'<meta name="title-length" content="{len(title)}">' in page
        assert Frame.MARKS["title"] not in page and Frame.SLUG not in page


@pytest.mark.slow
def test_openbook_build_warns_of_each_fallback_with_its_folder_and_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = hooked(tmp_path)
    done = CliRunner().invoke(
        main, ["build", "--content", str(content), "--out", "site", "--now", "2026-11-23T12:00Z"]
    )
    assert done.exit_code == 0, done.output
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    (incidents,) = [line for line in warnings if line.startswith("warning: /incidents/:")]
    assert re.fullmatch(
        r"warning: /incidents/: the folder's frame was not used, so 2 pages went through the "
        r"engine one by one \(the slow path\): checked with /incidents/2026-11-21-other/, "
        r"MkDocs wrote '.*content=\"11\"></head>\\n.*' at byte \d+, "
        r"the frame '.*content=\"16\"></head>\\n.*'",
        incidents,
    )
    assert "Built " in done.stdout


@pytest.mark.slow
def test_openbook_serve_warns_of_each_fallback(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    rebuild = Rebuilder(hooked(tmp_path), tmp_path / "site", EXAMPLE_NOW)
    assert rebuild()
    printed = capsys.readouterr().err
    assert "warning: /incidents/: the folder's frame was not used" in printed
    assert "Rebuilt " in printed


@pytest.mark.slow
def test_the_example_site_prints_no_warning(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    done = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "site"),
            "--now",
            "2026-11-23T12:00Z",
        ],
    )
    assert done.exit_code == 0 and "frame" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "layout, problem",
    [
        ("<title>{title}</title>{url}{feeds}", "content 0 times where a frame needs it once"),
        ("<title>{title}</title>{url}{feeds}{content}{content}", "content 2 times"),
        ("<title>{title}</title>{url}{content}", "feeds 0 times"),
        ("<title>TITLE</title>{url}{feeds}{content}", "title 0 times where a frame needs it at"),
        ("<title>{title}</title>{feeds}{content}", "url 0 times"),
    ],
)
def test_a_frame_refuses_a_layout_without_its_marks(layout, problem):
    marks = {**Frame.MARKS, "url": f"incidents/{Frame.SLUG}/"}
    output = layout.format(**marks)
    with pytest.raises(FrameError, match=re.escape(problem)):
        Frame("incidents", output, described=False)
    good = "<title>{title}</title>{url}{feeds}{content}".format(**marks)
    Frame("incidents", good, described=False)
    with pytest.raises(FrameError, match="description 0 times"):
        Frame("incidents", good, described=True)


def test_a_difference_names_the_first_byte_and_escapes_both_sides():
    assert difference("<p>same</p>", "<p>same</p>") is None
    found = difference("é<p>one\n</p>", "é<p>two\n</p>", around=5)
    assert found is not None and found.at == 5  # é is two bytes
    assert (found.expected, found.got) == ("é<p>one\n<", "é<p>two\n<")
    assert repr(found.expected) == "'é<p>one\\n<'"
    cut = difference("é<p>one\n</p>", "é<p>two\n</p>", around=4)  # half of é
    assert cut is not None and cut.expected == "\\xa9<p>one\n"
    shorter = difference("abc", "ab")
    assert shorter is not None and (shorter.at, shorter.expected, shorter.got) == (2, "abc", "ab")


def test_the_protocol_imports_no_engine():
    source = (ROOT / "generator" / "site" / "engine.py").read_text(encoding="utf-8")
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    assert not {m for m in modules if m.split(".")[0] in ("mkdocs", "material")}
    assert not {m for m in modules if m.startswith("generator.site.mkdocs_engine")}


@pytest.mark.slow
def test_the_preview_serves_its_folder_while_a_page_shown_ahead_waits_for_the_rest(tmp_path):
    """A page rewritten ahead is served as soon as the browsers are reloaded, in the middle of
    the rebuild, not when the rebuild ends; the browsers reload again then."""
    from generator.build import ENGINE

    (tmp_path / "index.html").write_text("shown ahead")
    watched = tmp_path / "watched"
    watched.mkdir()
    seen: dict[str, object] = {}
    done = threading.Event()

    def rebuild() -> bool:
        server.reload_now()
        try:
            with urllib.request.urlopen(server.url, timeout=3) as response:
                seen["page"] = response.read()
        except OSError as exc:
            seen["page"] = exc
        done.set()
        return True

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = ENGINE.live_server(
        rebuild, tmp_path, host="127.0.0.1", port=port, mount="/", watch=[watched]
    )
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)
        (watched / "change.md").write_text("changed")
        assert done.wait(20)
        assert isinstance(seen["page"], bytes) and seen["page"].startswith(b"shown ahead")
    finally:
        server.shutdown()
        thread.join(10)
