"""The Site's pages: an incident's page from a view given by the caller."""

from __future__ import annotations

import dataclasses

from generator import urls
from generator.content.load import load_content
from generator.content.models import Content
from generator.content.rendering import Renderer
from generator.content.vocab import ComponentStatus
from generator.facts import Facts
from generator.site.pages import Site
from generator.site.views import IncidentView

from .conftest import EXAMPLE, EXAMPLE_NOW

INCIDENT = "2026-11-12-postgres-restore-delays"


def _site() -> Site:
    content: Content = load_content(EXAMPLE)
    return Site(Facts.of(content, EXAMPLE_NOW, Renderer()))


def test_an_incident_page_from_a_given_view_leaves_the_site_as_it_was():
    site = _site()
    before = dict(site.incidents)
    incident = next(i for i in site.content.incidents if i.id == INCIDENT)
    # As edited since the build: a new title, and a component it did not touch before.
    edited = dataclasses.replace(
        incident,
        title="Restores slowed by a backup rate limit",
        components={**incident.components, "dashboard": ComponentStatus.DEGRADED_PERFORMANCE},
    )
    view = IncidentView(edited, site.now, site.portal, site.today)

    page = site.incident_page(edited, view=view)

    assert site.incidents == before and site.incidents[INCIDENT] is before[INCIDENT]
    assert "dashboard" not in site.incidents[INCIDENT].touched
    assert page.title == "Restores slowed by a backup rate limit"
    assert "<h1>Restores slowed by a backup rate limit</h1>" in page.html
    assert incident.title not in page.html
    feeds = {alt["href"] for alt in page.meta["feeds"]}
    dashboard = urls.component_feed("dashboard")
    assert any(dashboard in href for href in feeds), feeds
    assert site.incident_page(incident).html != page.html


def test_an_incident_page_without_a_view_shows_the_builds_view():
    site = _site()
    incident = next(i for i in site.content.incidents if i.id == INCIDENT)
    page = site.incident_page(incident)
    assert page.title == incident.title
    feeds = {alt["href"] for alt in page.meta["feeds"]}
    assert not any(urls.component_feed("dashboard") in href for href in feeds)
