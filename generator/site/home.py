"""The home page: the overall status, open incidents, maintenance now and soon, pinned
announcements, the components by group (summed up on a large site) and the last days'
incidents."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from generator import urls
from generator.content.vocab import CommitmentStatus, ComponentStatus
from generator.facts import derive
from generator.site.views import ComponentView, GroupView, IncidentView

if TYPE_CHECKING:
    from generator.site.page import Page
    from generator.site.pages import Site

RECENT_DAYS = 14  # days of history on the home page
UPCOMING_DAYS = 14  # maintenance announced on the home page this far ahead
HOME_COMPONENTS = 30  # more than this on the home page, and its groups are summed up
HOME_ROWS = 50  # rows on such a home page at most: each carries 90 days of bars


def home_page(site: Site) -> Page:
    overall = derive.overall(site.content, site.now)
    home_groups, summed = home_components(site)
    open_incidents = site.views(derive.open_incidents(site.content))
    return site.render(
        urls.source(urls.HOME),
        "home.html",
        site.words._("Status"),
        in_nav=True,
        overall=overall,
        feeds=(urls.feed("incidents"), urls.feed("maintenance"), urls.feed("announcements")),
        open_incidents=open_incidents,
        groups=home_groups,
        summed=summed,
        recent_days=recent_days(site),
        active=site.views(derive.active_maintenance(site.content, site.now)),
        upcoming=site.views(
            derive.upcoming_maintenance(
                site.content, site.now, within=timedelta(days=UPCOMING_DAYS)
            )
        ),
        pinned=site.views(a for a in site.content.announcements if derive.is_pinned(a, site.today)),
        promises=promise_counts(site),
    )


def promise_counts(site: Site) -> dict[str, int]:
    """Open commitments, for the home page's one line: in progress, planned, overdue."""
    found = [p.commitment for p in derive.promises(site.content)]
    return {
        "in_progress": sum(c.status is CommitmentStatus.IN_PROGRESS for c in found),
        "planned": sum(c.status is CommitmentStatus.PLANNED for c in found),
        "overdue": sum(derive.commitment_overdue(c, site.today) for c in found),
    }


def grouped_components(site: Site) -> list[tuple[str | None, list[ComponentView]]]:
    """Components the home page lists, by group name, in portal order; ungrouped ones
    first under no heading."""
    return [
        (site.portal.group(g).name if g else None, views)
        for g, views in site.by_group(site.on_home)
    ]


def home_components(site: Site) -> tuple[list, dict | None]:
    """What the home page lists: every component by group, or, on a site with more than
    HOME_COMPONENTS of them, each group as one summary row beside the ungrouped ones, at
    most HOME_ROWS rows (those not operational first). The second value says how many
    rows there are and how many are shown when they are summed up."""
    grouped = grouped_components(site)
    if sum(len(members) for _, members in grouped) <= HOME_COMPONENTS:
        return grouped, None
    rows: list[ComponentView | GroupView] = []
    for name, members in grouped:
        if name is None:
            rows += members
    rows += [view for view in site.groups.values() if view.members]
    # Those not operational first, then the others, each in their order; kept in order.
    calm = [row.status is ComponentStatus.OPERATIONAL for row in rows]
    kept = sorted(sorted(range(len(rows)), key=calm.__getitem__)[:HOME_ROWS])
    return [(None, [rows[n] for n in kept])], {"shown": len(kept), "total": len(rows)}


def recent_days(site: Site) -> list[tuple[date, list[IncidentView]]]:
    """The last RECENT_DAYS days in the site's zone, each with the incidents that started
    then."""
    today = site.clock.local(site.now).date()
    days: dict[date, list[IncidentView]] = {
        today - timedelta(days=n): [] for n in range(RECENT_DAYS)
    }
    for incident in site.incidents.values():
        started = site.clock.local(incident.started).date()
        if started in days:
            days[started].append(incident)
    return list(days.items())
