"""The pages of components: every component with its status, one page per group, and one per
component with its uptime, its recent incidents and its maintenance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import urls
from generator.content.models import Component, Group

if TYPE_CHECKING:
    from generator.site.page import Page
    from generator.site.pages import Site

UPTIME_DAYS = 90  # daily bars on the home and component pages
COMPONENT_RECENT = 25  # incidents listed on a component page


def components_page(site: Site) -> Page:
    """Every group and component with its status: the list a large site's home page sums
    up."""
    return site.render(
        urls.source(urls.COMPONENTS),
        "components.html",
        site.words._("All components"),
        groups=[
            (site.groups[group] if group else None, members) for group, members in site.by_group()
        ],
    )


def group_page(site: Site, group: Group) -> Page:
    view = site.groups[group.id]
    return site.render(
        urls.source(urls.group(group.id)),
        "group.html",
        group.name,
        feeds=tuple(urls.component_feed(m.id) for m in view.members),
        group=view,
    )


def component_page(site: Site, component: Component) -> Page:
    incidents = [v for v in site.incidents.values() if component.id in v.touched]
    return site.render(
        urls.source(urls.component(component.id)),
        "component.html",
        component.name,
        description=component.description,
        feeds=(urls.component_feed(component.id),),
        component=site.components[component.id],
        status=site.statuses[component.id],
        incidents=incidents[:COMPONENT_RECENT],
        total=len(incidents),
        open_incidents=[i for i in incidents if i.is_open],
        maintenance=[v for v in site.windows.values() if component.id in v.components],
        figures=[(n, site.uptime.percent(component.id, n)) for n in (30, 90, 365)],
        bad_days=[
            (d, site.views(d.incidents))
            for d in reversed(site.uptime.days(component.id, UPTIME_DAYS))
            if d.incidents
        ],
    )
