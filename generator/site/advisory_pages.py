"""The pages of security advisories: /advisories/ lists them, /advisories/ID/ shows one with
its score, products, revisions and credits; an incident's page lists the advisories naming it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator import urls
from generator.content.advisories import Advisory, for_incident
from generator.outputs import csaf
from generator.site.page import Page

if TYPE_CHECKING:
    from generator.site.pages import Site  # which imports this module


def advisory_pages(site: Site) -> Iterable[Page]:
    content = site.content
    if not content.advisories:
        return
    feeds = (urls.feed("advisories"),)
    yield site.render(
        urls.source(urls.ADVISORIES),
        "advisories.html",
        site.words._("Security advisories"),
        in_nav=True,
        feeds=feeds,
        advisories=content.advisories,
    )
    for advisory in content.advisories:
        yield site.render(
            urls.source(urls.advisory(advisory.id)),
            "advisory.html",
            advisory.title,
            feeds=feeds,
            searchable=True,
            advisory=advisory,
            csaf_url=csaf_url(site, advisory),
            incident=site.incidents.get(advisory.incident),
        )


def csaf_url(site: Site, advisory: Advisory) -> str:
    """The CSAF document, at the site's root whatever the edition: there is one of each."""
    return csaf.url(site.portal, advisory) or ""


def of_incident(site: Site, incident_id: str) -> list[Advisory]:
    return for_incident(site.content.advisories, incident_id)
