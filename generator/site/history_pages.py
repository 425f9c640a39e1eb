"""The incident history: every incident, newest first, over numbered pages with a short pager,
an archive by month, and the first page's figures per month."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator import urls
from generator.content.models import Incident
from generator.facts import history
from generator.site.page import linker, url_of
from generator.site.views import IncidentView

Archive = list[tuple[str, list[tuple[str, str, int, int]]]]  # facts.history.archive

if TYPE_CHECKING:
    from generator.site.page import Page
    from generator.site.pages import Site


def pager_numbers(current: int, count: int, around: int = 2) -> list[int]:
    """The page numbers a pager shows: the first, the last and those near `current`, with a 0
    where numbers are left out, so that a long history's pager stays short."""
    shown = sorted({1, count, *range(max(1, current - around), min(count, current + around) + 1)})
    out: list[int] = []
    for number in shown:
        if out and number > out[-1] + 1:
            out.append(0)
        out.append(number)
    return out


def history_pages(site: Site) -> list[Callable[[], Page]]:
    """The pages of the incident history, each as a task that renders it."""
    incidents = list(site.content.incidents)
    pieces = history.chunks(incidents)
    sources = [urls.source(urls.history_page(n)) for n in range(1, len(pieces) + 1)]
    months = history.archive(incidents, site.portal.timezone)
    return [
        functools.partial(_history_page, site, n, chunk, sources, months)
        for n, chunk in enumerate(pieces, start=1)
    ]


def _history_page(
    site: Site, n: int, chunk: list[Incident], sources: list[str], months: Archive
) -> Page:
    incidents = list(site.content.incidents)
    pager = {
        "number": n,
        "count": len(sources),
        "total": len(incidents),
        "previous": url_of(sources[n - 2]) if n > 1 else None,
        "next": url_of(sources[n]) if n < len(sources) else None,
        "pages": [
            (k, url_of(sources[k - 1]) if k else None) for k in pager_numbers(n, len(sources))
        ],
        "url": lambda number: url_of(sources[number - 1]),
    }
    stats = None
    if n == 1:
        stats = {
            "months": history.per_month(incidents, site.portal.timezone, site.now),
            "resolve": history.resolve_times(incidents, site.now),
        }
    title = site.words._("Incident history")
    if n > 1:
        title = site.words._("Incident history – page %(number)s", number=n)
    return site.render(
        sources[n - 1],
        "history.html",
        title,
        in_nav=n == 1,
        feeds=(urls.feed("incidents"),),
        months=by_month(site, [site.incidents[i.id] for i in chunk]),
        pager=pager,
        archive=_archive(site, url_of(sources[n - 1]).count("/"), months, pager),
        stats=stats,
    )


def _archive(site: Site, depth: int, months: Archive, pager: dict) -> Markup:
    """The history's archive by month: the same on every page at one depth, so rendered
    once for each."""
    key = ("archive", depth)
    if key not in site.rendered:
        html = site.env.get_template("_archive.html").render(
            archive=months, pager=pager, link=linker(depth)
        )
        site.rendered[key] = Markup(html)
    return site.rendered[key]


def by_month(
    site: Site, incidents: list[IncidentView]
) -> list[tuple[str, str, list[IncidentView]]]:
    """(key, heading, incidents) for each month of a page of the history."""
    months: dict[str, list[IncidentView]] = {}
    for incident in incidents:
        key = history.month_key(incident.model, site.portal.timezone)
        months.setdefault(key, []).append(incident)
    return [
        (key, site.words.month(site.clock.local(found[0].started)), found)
        for key, found in months.items()
    ]
