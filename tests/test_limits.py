"""Big inputs build: a 5 MB report, an incident with 1,200 updates, a portal with 200 components."""

from __future__ import annotations

import resource
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from generator.build import build

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_limits(tmp_path):
    content = tmp_path / "content"
    (content / "incidents").mkdir(parents=True)
    components = "".join(
        f"  - id: c{n}\n    name: Component {n}\n    group: g{n % 10}\n" for n in range(200)
    )
    groups = "".join(f"  - id: g{n}\n    name: Group {n}\n" for n in range(10))
    (content / "portal.yml").write_text(
        f"title: Big\nurl: https://status.example.com/\ntimezone: UTC\ngroups:\n{groups}components:\n{components}"
    )
    section = (
        "## Section\n\n" + "The change at 02:04 UTC cut the **hosts** off; see "
        "[the runbook](https://example.com/).\n\n" * 20
    )
    report = section * (5_000_000 // len(section) + 1)
    start = NOW - timedelta(days=30)
    (content / "incidents" / "2026-10-24-big-report.md").write_text(
        "---\ntitle: Big report\nimpact: major\ncomponents: {c1: major_outage}\nupdates:\n"
        f"  - at: {start:%Y-%m-%dT%H:%M:%SZ}\n    status: investigating\n    text: Looking.\n"
        f"  - at: {start + timedelta(hours=1):%Y-%m-%dT%H:%M:%SZ}\n    status: resolved\n    text: Done.\n"
        f"---\n{report}"
    )
    updates = "".join(
        f"  - at: {start + timedelta(minutes=5 * n):%Y-%m-%dT%H:%M:%SZ}\n    status: monitoring\n"
        f"    text: Still watching, check {n}.\n"
        for n in range(1200)
    )
    (content / "incidents" / "2026-10-24-long-watch.md").write_text(
        f"---\ntitle: Long watch\nimpact: minor\ncomponents: {{c2: degraded_performance, c199: partial_outage}}\n"
        f"updates:\n{updates}---\n"
    )
    result = build(content, tmp_path / "site", NOW)
    site = tmp_path / "site"
    assert (
        result.pages == 1 + 1 + 2 + 200 + 1 + 10 + 4 + 1 + 4 + 1
    )  # home, history, incidents, components, their list, ten groups, sections, subscribe,
    # availability (index, how we measure, two months), corrections
    big = (site / "incidents" / "2026-10-24-big-report" / "index.html").read_text()
    assert len(big) > 5_000_000 and big.count("<h3") > 1000
    watch = (site / "incidents" / "2026-10-24-long-watch" / "index.html").read_text()
    assert watch.count('class="ob-timeline__item') == 1200
    assert 'id="update-1200"' in watch
    feed = feedparser.parse((site / "feeds" / "all.atom").read_bytes())
    assert len(feed.entries) == 50 and not feed.bozo
    home = (site / "index.html").read_text()
    assert home.count('class="ob-component ob-component--group"') == 10  # summed up by group
    listed = (site / "components" / "index.html").read_text()
    assert listed.count('class="ob-row"') == 200
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 2048, f"peak memory {peak_mb:.0f} MB"
