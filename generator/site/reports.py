"""The availability pages: `/reports/` with quarters and years, a page per month, and how the
figures are counted, in words."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator import urls
from generator.facts.availability import Availability, Month, Row
from generator.words import Words

if TYPE_CHECKING:
    from generator.site.pages import Page, Site


def report_pages(site: Site) -> list[Callable[[], Page]]:
    """The availability pages, each as a task that renders it: the months are many and each
    costs its rows, so they can go to different processes."""
    return [
        functools.partial(_reports_page, site),
        functools.partial(_measure_page, site),
        *(
            functools.partial(_month_page, site, month)
            for month in Availability.of(site.content, site.now).months()
        ),
    ]


def _reports_page(site: Site) -> Page:
    availability = Availability.of(site.content, site.now)
    months = availability.months()
    words = site.words
    return site.render(
        urls.source(urls.REPORTS),
        "reports.html",
        words._("Availability"),
        in_nav=True,
        feeds=(urls.feed("announcements"),),
        months=[_summary(availability, m, words) for m in reversed(months)],
        years=_years(availability, months, words),
    )


def _measure_page(site: Site) -> Page:
    availability = Availability.of(site.content, site.now)
    return site.render(
        urls.source(urls.MEASURE),
        "how_we_measure.html",
        site.words._("How we measure availability"),
        rules=availability.rules,
        zone=availability.zone.key,
    )


def _month_page(site: Site, month: Month) -> Page:
    availability = Availability.of(site.content, site.now)
    words = site.words
    start, end = month.bounds(availability.zone)
    rows = availability.rows(start, end)
    return site.render(
        urls.source(urls.report(month.key)),
        "report.html",
        words._("Availability in %(month)s", month=words.month(month.first_day())),
        key=month.key,
        name=words.month(month.first_day()),
        complete=availability.closed(month),
        rows=rows,
        windows=sorted(
            {w.id: w for r in rows for w in r.maintenance}.values(), key=lambda w: w.start
        ),
    )


def _summary(availability: Availability, month: Month, words: Words) -> dict:
    start, end = month.bounds(availability.zone)
    rows = availability.rows(start, end)
    targeted = [r for r in rows if r.met is not None]
    return {
        "key": month.key,
        "name": words.month(month.first_day()),
        "complete": availability.closed(month),
        "met": sum(bool(r.met) for r in targeted),
        "targets": len(targeted),
        "missed": [r.component.name for r in targeted if not r.met],
    }


def _years(availability: Availability, months: list[Month], words: Words) -> list[dict]:
    """Per year, newest first: each component's availability per quarter and for the year."""
    out = []
    for year in sorted({m.year for m in months}, reverse=True):
        quarters = sorted({m.quarter for m in months if m.year == year})
        columns = []
        for q in quarters:
            first = Month(year, 3 * q - 2)
            start = first.bounds(availability.zone)[0]
            end = Month(year, 3 * q).bounds(availability.zone)[1]
            columns.append((words.quarter(first.first_day()), availability.rows(start, end)))
        start = Month(year, 1).bounds(availability.zone)[0]
        end = Month(year, 12).bounds(availability.zone)[1]
        columns.append((str(year), availability.rows(start, end)))
        out.append(
            {"year": year, "columns": [name for name, _ in columns], "rows": _by_component(columns)}
        )
    return out


def _by_component(columns: list[tuple[str, list[Row]]]) -> list[tuple[object, list[Row]]]:
    first = columns[0][1]
    return [(row.component, [rows[n] for _, rows in columns]) for n, row in enumerate(first)]
