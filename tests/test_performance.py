"""What makes large builds fast must not change what they build: worker processes, frames."""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator import parallel
from generator.build import build
from generator.site import frames
from generator.site.mkdocs_engine import plugin as mkdocs_plugin

from .conftest import EXAMPLE, EXAMPLE_NOW, FIXTURES

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HOSTILE = '</title><script>alert(1)</script> "quotes" & <b>tags</b> Ünïcode – ✓'


def write_history(content: Path, count: int) -> None:
    """`count` resolved incidents, a hostile title among them, and one still open."""
    (content / "incidents").mkdir(parents=True)
    shutil.copy(FIXTURES / "portal.yml", content / "portal.yml")
    for n in range(count):
        started = NOW - timedelta(hours=7 * n + 1)
        title = HOSTILE if n == 7 else f"Case {n}"
        status = "investigating" if n == 0 else "resolved"
        (content / "incidents" / f"{started:%Y-%m-%d}-case-{n}.md").write_text(
            f"---\ntitle: {title!r}\nimpact: minor\ncomponents: {{api: partial_outage}}\n"
            f"updates:\n"
            f"  - at: {started:%Y-%m-%dT%H:%M:%SZ}\n    status: investigating\n"
            f"    text: Looking at case {n} & <i>more</i>.\n"
            f"  - at: {started + timedelta(minutes=30):%Y-%m-%dT%H:%M:%SZ}\n"
            f"    status: {status}\n    text: Update {n}.\n"
            "---\n",
            encoding="utf-8",
        )


def files_of(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("many") / "content"
    write_history(content, 3 * parallel.SMALL)
    return content


def test_workers_build_the_same_bytes_as_one_process(history, tmp_path, monkeypatch):
    one = build(history, tmp_path / "one", NOW, jobs=1)
    two = build(history, tmp_path / "two", NOW, jobs=2)
    assert one.pages == two.pages > 3 * parallel.SMALL
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")
    # Without fork (as on Windows or macOS' default), the work stays in this process.
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    build(history, tmp_path / "nofork", NOW, jobs=2)
    assert files_of(tmp_path / "nofork") == files_of(tmp_path / "one")


def test_workers_really_run_in_other_processes(monkeypatch):
    def pid(_):
        time.sleep(0.002)  # long enough that both workers get a share
        return os.getpid()

    items = list(range(parallel.SMALL * 2))
    pids = set(parallel.run(pid, items, jobs=2))
    assert os.getpid() not in pids and len(pids) == 2
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert set(parallel.run(pid, items, jobs=2)) == {os.getpid()}


def test_results_come_back_in_order_and_errors_come_through():
    items = list(range(parallel.SMALL * 3))
    assert parallel.run(lambda n: n * n, items, jobs=2) == [n * n for n in items]

    def fails(n):
        if n == 450:
            raise ValueError("item 450")
        return n

    with pytest.raises(ValueError, match="item 450"):
        parallel.run(fails, items, jobs=2)


def _unframed(monkeypatch):
    """Every page through MkDocs' own steps, as before frames."""
    monkeypatch.setattr(mkdocs_plugin, "framed", lambda page: False)


def test_framed_pages_are_what_mkdocs_renders(history, tmp_path, monkeypatch):
    """A frame filled with a page is MkDocs' page for it, hostile title included, but for the
    layout's indentation."""
    build(history, tmp_path / "framed", NOW, jobs=1)
    with monkeypatch.context() as m:
        _unframed(m)
        build(history, tmp_path / "mkdocs", NOW, jobs=1)
    framed, plain = files_of(tmp_path / "framed"), files_of(tmp_path / "mkdocs")
    assert framed.keys() == plain.keys()
    squeeze = lambda b: re.sub(rb"\s+", b" ", b)  # noqa: E731
    differ = [name for name in framed if squeeze(framed[name]) != squeeze(plain[name])]
    assert differ == []
    hostile = next(n for n, b in plain.items() if b"Looking at case 7 " in b and "incidents/" in n)
    assert b"&lt;/title&gt;&lt;script&gt;" in framed[hostile]
    assert b"<script>alert(1)" not in framed[hostile]
    # The frames are lighter: incident pages lose the layout's indentation.
    incidents = [n for n in framed if re.match(r"incidents/\d{4}-", n)]
    assert sum(len(framed[n]) for n in incidents) < 0.9 * sum(len(plain[n]) for n in incidents)


def test_a_frame_that_disagrees_with_its_witness_is_not_used(history, tmp_path, monkeypatch):
    """If Material printed a page's title in a way the frame does not reproduce, the frame is
    dropped and its pages are rendered by MkDocs."""
    real_fill = frames.Frame.fill
    plugins = []

    def wrong(self, page, compact=True):
        return real_fill(self, page, compact).replace("Case", "Kase")

    real_init = mkdocs_plugin.OpenbookPlugin.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        plugins.append(self)

    monkeypatch.setattr(frames.Frame, "fill", wrong)
    monkeypatch.setattr(mkdocs_plugin.OpenbookPlugin, "__init__", init)
    build(history, tmp_path / "site", NOW, jobs=1)
    assert len(plugins[0].fallbacks) > 0
    page = next((tmp_path / "site" / "incidents").glob("*-case-50/index.html")).read_bytes()
    assert b"Case 50" in page and b"Kase" not in page


def test_the_example_uses_its_frames(tmp_path, monkeypatch):
    plugins = []
    real_init = mkdocs_plugin.OpenbookPlugin.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        plugins.append(self)

    monkeypatch.setattr(mkdocs_plugin.OpenbookPlugin, "__init__", init)
    build(EXAMPLE, tmp_path / "site", EXAMPLE_NOW)
    assert plugins and all(p.fallbacks == [] and p.frames for p in plugins)


def test_history_pages_do_not_grow_with_the_history(history, tmp_path):
    """24 pages of history: each page's pager names its neighbours and the ends, not all."""
    from lxml import html as lhtml

    build(history, tmp_path / "site", NOW, jobs=1)
    page = lhtml.fromstring((tmp_path / "site/incidents/page/10/index.html").read_bytes())
    shown = [li.text_content() for li in page.cssselect(".ob-pager li")]
    assert shown == ["1", "…", "8", "9", "10", "11", "12", "…", "24"]
    hrefs = [a.get("href") for a in page.cssselect(".ob-pager li a")]
    assert hrefs[0] == "../../../incidents/" and hrefs[-1] == "../../../incidents/page/24/"


def test_workers_report_the_same_problems_in_the_same_order(tmp_path, monkeypatch):
    from generator.errors import ContentErrors

    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    write_history(content, 2 * parallel.SMALL)
    broken = sorted((content / "incidents").glob("*.md"))
    broken[3].write_text(broken[3].read_text().replace("impact: minor", "impact: huge"))
    broken[300].write_text(broken[300].read_text().replace("status: resolved", "status: done"))
    reports = []
    for jobs in (1, 2):
        with pytest.raises(ContentErrors) as caught:
            build(content, tmp_path / "site", NOW, jobs=jobs)
        reports.append([str(p) for p in caught.value.problems])
    assert reports[0] == reports[1] and len(reports[0]) == 2
    assert reports[0][0].startswith(f"content/incidents/{broken[3].name}:3: impact:")
    assert not (tmp_path / "site").exists()


def test_the_jobs_option(history, tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()
    now = ["--now", NOW.isoformat()]
    one = runner.invoke(
        main,
        ["build", "--content", str(history), "--out", str(tmp_path / "a"), "--jobs", "1", *now],
    )
    two = runner.invoke(
        main, ["build", "--content", str(history), "--out", str(tmp_path / "b"), *now]
    )
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    bad = runner.invoke(main, ["build", "--content", str(history), "--jobs", "0"])
    assert bad.exit_code == 2 and "0 is not in the range x>=1" in bad.output
