"""The incident history at a size that pages: pages of 25, archive links, the filter's index."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from lxml import html as lhtml

from generator.build import build

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
COUNT = 60


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("history")
    content = root / "content"
    (content / "incidents").mkdir(parents=True)
    (content / "portal.yml").write_text(
        "title: Example\nurl: https://status.example.com/status/\ntimezone: UTC\n"
        "components:\n  - id: api\n    name: Public API\n  - id: web\n    name: Website\n"
    )
    for n in range(COUNT):
        started = NOW - timedelta(days=3 * n + 1)
        component = "api" if n % 3 else "web"
        impact = ("minor", "major", "critical", "none")[n % 4]
        (content / "incidents" / f"{started:%Y-%m-%d}-case-{n}.md").write_text(
            f"---\ntitle: Case {n}\nimpact: {impact}\ncomponents: {{{component}: partial_outage}}\nupdates:\n"
            f"  - at: {started:%Y-%m-%dT%H:%M:%SZ}\n    status: investigating\n    text: Looking.\n"
            f"  - at: {started + timedelta(minutes=40 + n):%Y-%m-%dT%H:%M:%SZ}\n    status: resolved\n    text: Done.\n"
            "---\n"
        )
    build(content, root / "site", NOW)
    return root / "site"


def load(site, url):
    return lhtml.fromstring((site / url / "index.html").read_bytes())


def test_history_pages_hold_25_newest_first(history_site):
    pages = [
        load(history_site, "incidents"),
        load(history_site, "incidents/page/2"),
        load(history_site, "incidents/page/3"),
    ]
    titles = [
        [a.text_content() for a in p.cssselect("[data-ob-history] .ob-row__title")] for p in pages
    ]
    assert [len(t) for t in titles] == [25, 25, 10]
    assert sum(titles, []) == [f"Case {n}" for n in range(COUNT)]
    assert not (history_site / "incidents" / "page" / "4").exists()
    pager = pages[1].cssselect(".ob-pager")[0]
    assert pager.cssselect("a[rel=prev]")[0].get("href") == "../../../incidents/"
    assert pager.cssselect("a[rel=next]")[0].get("href") == "../../../incidents/page/3/"
    assert pager.cssselect("[aria-current=page]")[0].text == "2"


def test_history_pages_stay_small(history_site):
    sizes = [
        (history_site / p / "index.html").stat().st_size for p in ("incidents", "incidents/page/2")
    ]
    assert all(size < 100_000 for size in sizes), sizes


def test_archive_links_to_the_page_where_a_month_starts(history_site):
    page = load(history_site, "incidents/page/3")
    links = {a.text_content(): a.get("href") for a in page.cssselect(".ob-archive a")}
    # Cases start every 3 days back from 22 Nov: September begins with case 18 (on page 1),
    # August with case 28 (on page 2).
    assert links["November"] == "../../../incidents/#m-2026-11"
    assert links["September"] == "../../../incidents/#m-2026-09"
    assert links["August"] == "../../../incidents/page/2/#m-2026-08"
    target = load(history_site, "incidents/page/2")
    assert target.get_element_by_id("m-2026-08") is not None


def test_statistics_on_the_first_page(history_site):
    page = load(history_site, "incidents")
    months = page.cssselect(".ob-chart tbody tr")
    assert len(months) == 12
    assert months[-1].cssselect("th")[0].text_content() == "Nov 2026"
    resolve = {
        r.cssselect("th")[0].text_content(): [c.text_content() for c in r.cssselect("td")]
        for r in page.cssselect(".ob-resolve tbody tr")
    }
    # Durations are 40 + n minutes for n = 0..59: the lower median of 60 values is 40 + 29.
    assert resolve["All incidents"] == ["60", "1 h 9 min"]


def test_filter_index_is_compact_and_complete(history_site):
    script = (history_site / "incidents" / "index.js").read_text(encoding="utf-8")
    prefix = "window.openbookIncidents="
    assert script.startswith(prefix)
    rows = json.loads(script[len(prefix) :].rstrip().rstrip(";"))
    assert len(rows) == COUNT
    assert rows[0] == [
        "2026-11-22-case-0",
        "Case 0",
        "2026-11-22T12:00:00Z",
        "minor",
        ["web"],
        40,
        False,
    ]
    form = load(history_site, "incidents").cssselect("form[data-ob-filter]")[0]
    assert (
        form.get("hidden") is not None
    )  # shown by the script; without it the pages are the history
    assert form.get("data-ob-index") == "../incidents/index.js"


def test_the_pager_shows_the_ends_and_the_neighbours():
    from generator.site.history_pages import pager_numbers

    assert pager_numbers(1, 3) == [1, 2, 3]
    assert pager_numbers(10, 400) == [1, 0, 8, 9, 10, 11, 12, 0, 400]
    assert pager_numbers(2, 400) == [1, 2, 3, 4, 0, 400]
    assert pager_numbers(400, 400) == [1, 0, 398, 399, 400]
