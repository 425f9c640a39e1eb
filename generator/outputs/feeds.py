"""The feeds a site publishes, RSS 2.0, Atom 1.0 and JSON Feed 1.1, and the page each is about.

What an entry says is `generator/outputs/feed_entries.py`; how a document is written is
`generator/outputs/feed_formats.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from generator import urls
from generator.content.models import Content, Portal
from generator.facts import Facts
from generator.outputs import feed_entries, feed_formats
from generator.outputs.feed_entries import Entry

# notify writes its messages' HTML as the feeds do: with absolute links.
from generator.outputs.feed_formats import absolute_links as absolute_links
from generator.words import N_, Words

# Every site-wide feed: its name, its title (none: the site's own), the page it is about (what
# readers show as its website), the kinds of entry it carries, and whether it has a JSON Feed.
# A component's feed is about the component's page.
SITE_FEEDS = (
    ("all", None, urls.HOME, ("incident", "maintenance", "announcement", "report"), True),
    ("incidents", N_("Incidents"), urls.INCIDENTS, ("incident",), False),
    ("maintenance", N_("Maintenance"), urls.MAINTENANCE, ("maintenance",), False),
    ("announcements", N_("Announcements"), urls.ANNOUNCEMENTS, ("announcement", "report"), False),
    ("changes", N_("Corrections"), urls.CHANGES, ("correction",), False),
    ("commitments", N_("Commitments"), urls.COMMITMENTS, ("commitment",), False),
)


@dataclass(frozen=True)
class Feed:
    path: str  # "feeds/all", without extension
    title: str
    page: str  # the HTML page the feed is about, relative to the edition's root
    select: Callable[[Entry], bool]
    json: bool = False

    def url(self, portal: Portal, extension: str) -> str:
        """The feed file's own address: `extension` is ".atom", ".rss" or ".json"."""
        return portal.url + self.path + extension

    def page_url(self, portal: Portal) -> str:
        return portal.url + self.page


def feeds_for(content: Content, words: Words) -> list[Feed]:
    """Every feed the site publishes."""
    site = content.portal.title

    def title(name: str) -> str:
        return words._("%(site)s: %(feed)s", site=site, feed=name)

    feeds = [
        Feed(
            urls.feed(name),
            title(words._(label)) if label else site,
            page,
            _of_kinds(kinds),
            json,
        )
        for name, label, page, kinds, json in SITE_FEEDS
    ]
    for component in content.portal.components:
        feeds.append(
            Feed(
                urls.component_feed(component.id),
                title(component.name),
                urls.component(component.id),
                _about(component.id),
            )
        )
    return feeds


def _of_kinds(kinds: tuple[str, ...]) -> Callable[[Entry], bool]:
    """A site-wide feed's choice: the entries of these kinds."""
    return lambda e: e.kind in kinds


def _about(component: str) -> Callable[[Entry], bool]:
    """A component's feed's choice: the entries that name it."""
    return lambda e: component in e.components


def render_feeds(
    content: Content, entries: Iterable[Entry], now: datetime, words: Words
) -> dict[str, bytes]:
    """All feed files, path -> bytes, newest entries first, at most `feed_size` each."""
    portal = content.portal
    ordered = sorted(entries, key=lambda e: (e.published, e.id), reverse=True)
    hubs = feed_formats.websub_hubs(portal)
    files: dict[str, bytes] = {}
    for feed in feeds_for(content, words):
        chosen = [e for e in ordered if feed.select(e)][: portal.feed_size]
        updated = chosen[0].published if chosen else now
        files[feed.path + ".atom"] = feed_formats.atom(portal, feed, chosen, updated, hubs)
        files[feed.path + ".rss"] = feed_formats.rss(portal, feed, chosen, updated, hubs)
        if feed.json:
            files[feed.path + ".json"] = feed_formats.json_feed(portal, feed, chosen, hubs)
    return files


def files(facts: Facts) -> dict[str, bytes]:
    return render_feeds(facts.content, feed_entries.published(facts), facts.now, facts.words)
