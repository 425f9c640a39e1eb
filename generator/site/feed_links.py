"""The feeds a page offers, each in its formats: for <link rel="alternate"> in the page's head
and for the lists on the Subscribe page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from generator import urls
from generator.content.models import Portal
from generator.words import N_, Words

FEED_NAMES = {
    urls.feed("all"): N_("All updates"),
    urls.feed("incidents"): N_("Incidents"),
    urls.feed("maintenance"): N_("Maintenance"),
    urls.feed("announcements"): N_("Announcements"),
    urls.feed("commitments"): N_("Commitments"),
    urls.feed("changes"): N_("Corrections"),
    urls.feed("policies"): N_("Policies"),
    urls.feed("subprocessors"): N_("Subprocessors"),
    urls.feed("advisories"): N_("Security advisories"),
}


class FeedFormat(TypedDict):
    """One format of a feed: a <link rel="alternate"> and a link on the Subscribe page."""

    title: str
    label: str
    type: str  # the MIME type
    href: str  # relative to the page


class FeedLinks(TypedDict):
    """A feed's name and its formats, as the templates read them."""

    name: str
    alternates: list[FeedFormat]


def feed_links(words: Words, portal: Portal, path: str, link: Callable[[str], str]) -> FeedLinks:
    """The formats of one feed, for <link rel="alternate"> and the Subscribe lists."""
    name = FEED_NAMES.get(path)
    name = words._(name) if name else portal.component(path.rsplit("/", 1)[1]).name
    formats = [("Atom", "atom", "application/atom+xml"), ("RSS", "rss", "application/rss+xml")]
    if path == urls.feed("all"):
        formats.append(("JSON Feed", "json", "application/feed+json"))
    return {
        "name": name,
        "alternates": [
            {
                "title": words._(
                    "%(site)s: %(feed)s (%(format)s)",
                    site=portal.title,
                    feed=name,
                    format=label,
                ),
                "label": label,
                "type": mime,
                "href": link(f"{path}.{ext}"),
            }
            for label, ext, mime in formats
        ],
    }
