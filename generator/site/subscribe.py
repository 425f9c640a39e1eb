"""The Subscribe page: every feed, the site-wide ones and one per component, and the documents
of the JSON API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import urls
from generator.words import N_

if TYPE_CHECKING:
    from generator.site.page import Page
    from generator.site.pages import Site

API_DOCUMENTS = (
    ("summary", N_("status, components, open incidents, upcoming and active maintenance")),
    ("status", N_("the overall status")),
    ("components", N_("components and their groups")),
    ("incidents", N_("the newest 50 incidents")),
    ("incidents/unresolved", N_("open incidents")),
    ("scheduled-maintenances", N_("maintenance windows")),
    ("scheduled-maintenances/upcoming", N_("upcoming maintenance")),
    ("scheduled-maintenances/active", N_("maintenance in progress")),
)


def subscribe_page(site: Site) -> Page:
    kinds: tuple[str, ...] = (
        urls.feed("incidents"),
        urls.feed("maintenance"),
        urls.feed("announcements"),
        urls.feed("commitments"),
        urls.feed("changes"),
    )
    content = site.content
    binding = (("policies", content.policies), ("subprocessors", content.subprocessors))
    kinds += tuple(urls.feed(name) for name, present in binding if present)
    components = tuple(urls.component_feed(c.id) for c in site.portal.components)
    return site.render(
        urls.source(urls.SUBSCRIBE),
        "subscribe.html",
        site.words._("Subscribe"),
        in_nav=True,
        feeds=kinds + components,
        api=API_DOCUMENTS,
    )
