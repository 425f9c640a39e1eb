"""The proactive half of the site's pages: maintenance, announcements, commitments, how we work."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator import urls
from generator.content import revisions
from generator.content.vocab import CommitmentStatus
from generator.facts import derive
from generator.site.views import PromiseView

if TYPE_CHECKING:
    from generator.site.pages import Page, Site


def maintenance_pages(site: Site) -> Iterable[Page]:
    content, now = site.content, site.now
    active = site.views(derive.active_maintenance(content, now))
    upcoming = site.views(derive.upcoming_maintenance(content, now))
    past = [v for v in site.windows.values() if v.state in derive.FINAL]
    yield site.render(
        urls.source(urls.MAINTENANCE),
        "maintenance_list.html",
        site.words._("Scheduled maintenance"),
        in_nav=True,
        feeds=(urls.feed("maintenance"),),
        active=active,
        upcoming=upcoming,
        past=past,
    )
    for window in content.maintenance:
        yield site.render(
            urls.source(urls.maintenance(window.id)),
            "maintenance.html",
            window.title,
            description=site.words._(
                "Scheduled maintenance: %(start)s to %(end)s",
                start=site.clock.text(window.start),
                end=site.clock.text(window.end),
            ),
            feeds=(
                urls.feed("maintenance"),
                *(urls.component_feed(cid) for cid in window.components),
            ),
            searchable=True,
            window=site.windows[window.id],
        )


def announcement_pages(site: Site) -> Iterable[Page]:
    content = site.content
    yield site.render(
        urls.source(urls.ANNOUNCEMENTS),
        "announcements.html",
        site.words._("Announcements"),
        in_nav=True,
        feeds=(urls.feed("announcements"),),
        announcements=site.views(content.announcements),
    )
    for item in content.announcements:
        yield site.render(
            urls.source(urls.announcement(item.id)),
            "announcement.html",
            item.title,
            feeds=(
                urls.feed("announcements"),
                *(urls.component_feed(cid) for cid in item.components),
            ),
            searchable=True,
            item=site.announcements[item.id],
        )


def commitments_page(site: Site) -> Page:
    today = site.today
    promises = [PromiseView(p, today) for p in derive.promises(site.content)]
    groups = [
        (status, [p for p in promises if p.commitment.status is status])
        for status in (
            CommitmentStatus.IN_PROGRESS,
            CommitmentStatus.PLANNED,
            CommitmentStatus.DONE,
            CommitmentStatus.DROPPED,
        )
    ]
    return site.render(
        urls.source(urls.COMMITMENTS),
        "commitments.html",
        site.words._("Commitments"),
        in_nav=True,
        feeds=(urls.feed("commitments"),),
        groups=groups,
        total=len(promises),
        overdue=sum(p.commitment.overdue for p in promises),
    )


def how_we_work_pages(site: Site) -> Iterable[Page]:
    pages = site.content.pages
    yield site.render(
        urls.source(urls.HOW_WE_WORK),
        "how_we_work.html",
        site.words._("How we work"),
        in_nav=True,
        pages=pages,
        policies=bool(site.content.policies),
        register=site.content.subprocessors is not None,
    )
    for page in pages:
        yield site.render(
            urls.source(urls.standing(page.id)),
            "standing.html",
            page.title,
            in_nav=True,
            standing=page,
            show_nav=True,
        )


def changes_page(site: Site) -> Page:
    """Every correction made after publication, newest first."""
    return site.render(
        urls.source(urls.CHANGES),
        "changes.html",
        site.words._("Corrections"),
        feeds=(urls.feed("changes"),),
        corrections=revisions.all_corrections(site.content),
        known=bool(site.content.revisions),
    )
