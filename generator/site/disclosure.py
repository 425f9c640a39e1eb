"""The proactive half of the site: maintenance, announcements, commitments, how-we-work pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.facts import derive
from generator.content.vocab import CommitmentStatus

if TYPE_CHECKING:
    from generator.site.pages import Page, Site

def maintenance_pages(site: Site) -> Iterable[Page]:
    content, now = site.content, site.now
    active = derive.active_maintenance(content, now)
    upcoming = derive.upcoming_maintenance(content, now)
    past = [m for m in content.maintenance if derive.maintenance_state(m, now) in derive.FINAL]
    yield site.render(
        "maintenance/index.md", "maintenance_list.html", "Scheduled maintenance", in_nav=True,
        feeds=("feeds/maintenance",), active=active, upcoming=upcoming, past=past,
    )
    for window in content.maintenance:
        yield site.render(
            f"maintenance/{window.id}.md", "maintenance.html", window.title,
            description=f"Scheduled maintenance: {site.clock.text(window.start)} to {site.clock.text(window.end)}",
            feeds=("feeds/maintenance", *(f"feeds/components/{cid}" for cid in window.components)),
            searchable=True, window=window,
        )


def announcement_pages(site: Site) -> Iterable[Page]:
    content = site.content
    yield site.render(
        "announcements/index.md", "announcements.html", "Announcements", in_nav=True,
        feeds=("feeds/announcements",), announcements=content.announcements,
    )
    for item in content.announcements:
        yield site.render(
            f"announcements/{item.id}.md", "announcement.html", item.title,
            feeds=("feeds/announcements", *(f"feeds/components/{cid}" for cid in item.components)),
            searchable=True, item=item,
        )


def commitments_page(site: Site) -> Page:
    promises = derive.promises(site.content)
    groups = [
        (status, [p for p in promises if p.commitment.status is status])
        for status in (CommitmentStatus.IN_PROGRESS, CommitmentStatus.PLANNED, CommitmentStatus.DONE,
                       CommitmentStatus.DROPPED)
    ]
    today = site.today
    return site.render(
        "commitments/index.md", "commitments.html", "Commitments", in_nav=True, groups=groups,
        total=len(promises), overdue=sum(p.overdue(today) for p in promises),
    )


def how_we_work_pages(site: Site) -> Iterable[Page]:
    pages = site.content.pages
    yield site.render("how-we-work/index.md", "how_we_work.html", "How we work", in_nav=True, pages=pages)
    for page in pages:
        yield site.render(f"how-we-work/{page.id}.md", "standing.html", page.title, in_nav=True,
                          standing=page, show_nav=True)
