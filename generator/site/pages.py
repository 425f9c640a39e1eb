"""Content as of now -> the HTML of every status page, from the templates in site_templates/pages.

The result is independent of MkDocs: `mkdocs_plugin` places each page into the
Material layout; another theme would need only another adapter. `Site` holds what every page
shares (the views, the template environment, the cache) and renders a page; each kind of
page is made in a module of its own (home, history_pages, component_pages, subscribe,
proactive, reports).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime

from markupsafe import Markup

from generator import urls
from generator.content.models import Announcement, Component, Incident, Maintenance
from generator.content.revision_records import GitRecord
from generator.content.schema import iso
from generator.facts import Facts, derive
from generator.facts.uptime import Uptime
from generator.site import advisory_pages, component_pages, home, policy_pages, proactive, reports
from generator.site.component_pages import UPTIME_DAYS
from generator.site.feed_links import feed_links
from generator.site.history_pages import history_pages
from generator.site.page import Page as Page
from generator.site.page import linker, url_of
from generator.site.subscribe import subscribe_page
from generator.site.tasks import Section, Slot, Task, in_order
from generator.site.templates import corrections_at, environment, in_original, lang
from generator.site.templates import script_asset as script_asset
from generator.site.templates import templates_dir as templates_dir
from generator.site.views import (
    AnnouncementView,
    ComponentView,
    GroupView,
    IncidentView,
    MaintenanceView,
    View,
)
from generator.words import STATUS_ICONS, Clock


class Site:
    """Renders every page of one build from its facts, in the site's zone."""

    def __init__(self, facts: Facts, cache: dict | None = None):
        self.content = facts.content
        self.now = now = facts.now
        self.portal = facts.content.portal
        self.words = words = facts.words
        self.clock = Clock(self.portal.timezone, words)
        self.md = facts.md
        # Pages of resolved incidents depend only on the incident and the date; a live preview
        # passes the same cache from build to build.
        self.cache = {} if cache is None else cache
        self.rendered: dict[tuple, Markup] = {}  # fragments shared by pages of one build
        self.statuses = derive.component_statuses(self.content, now)
        self.uptime = Uptime.of(self.content, now, self.portal.timezone)
        today = self.today
        self.incidents = {
            i.id: IncidentView(i, now, self.portal, today) for i in self.content.incidents
        }
        self.windows = {m.id: MaintenanceView(m, now) for m in self.content.maintenance}
        self.announcements = {a.id: AnnouncementView(a, today) for a in self.content.announcements}
        self.components = {
            c.id: ComponentView(c, self.statuses[c.id], self.uptime, UPTIME_DAYS)
            for c in self.portal.components
        }
        self.env = environment(words)
        self.env.globals.update(
            portal=self.portal,
            clock=self.clock,
            md=self.md,
            words=words,
            icons=STATUS_ICONS,
            lang=lang,
            in_original=in_original,
            urls=urls,
            iso=iso,
            revisions_of=self.revisions_of,
            iso_parse=datetime.fromisoformat,
            corrections_at=corrections_at,
            span=words.span,
            now=now,
            UPTIME_DAYS=UPTIME_DAYS,
            advisories_of=functools.partial(advisory_pages.of_incident, self),
        )

    # Pages -----------------------------------------------------------------

    @property
    def today(self) -> date:
        """The date in the site's zone."""
        return self.clock.local(self.now).date()

    def tasks(self) -> list[Task]:
        """Every page to render, as tasks (`slot, render = task`); a task renders in any
        process, and its slot puts its pages in their place. A resolved incident's page
        already in the cache is no task: `pages` takes it from there. The costly tasks come
        first (the home page, the history, the availability months), so that workers share
        them out before the many small ones."""
        partial = functools.partial
        return [
            Task(Slot(Section.HOME), partial(home.home_page, self)),
            *(Task(Slot(Section.HISTORY, n), t) for n, t in enumerate(history_pages(self))),
            *(Task(Slot(Section.REPORTS, n), t) for n, t in enumerate(reports.report_pages(self))),
            Task(Slot(Section.MAINTENANCE), partial(proactive.maintenance_pages, self)),
            Task(Slot(Section.ANNOUNCEMENTS), partial(proactive.announcement_pages, self)),
            Task(Slot(Section.COMMITMENTS), partial(proactive.commitments_page, self)),
            Task(Slot(Section.CHANGES), partial(proactive.changes_page, self)),
            Task(Slot(Section.HOW_WE_WORK), partial(proactive.how_we_work_pages, self)),
            Task(Slot(Section.SUBSCRIBE), partial(subscribe_page, self)),
            Task(Slot(Section.POLICIES), partial(policy_pages.policy_pages, self)),
            Task(Slot(Section.SUBPROCESSORS), partial(policy_pages.subprocessor_page, self)),
            Task(Slot(Section.ADVISORIES), partial(advisory_pages.advisory_pages, self)),
            *(
                Task(Slot(Section.COMPONENTS, n), partial(component_pages.component_page, self, c))
                for n, c in enumerate(self.portal.components)
            ),
            Task(Slot(Section.COMPONENT_LIST), partial(component_pages.components_page, self)),
            *(
                Task(Slot(Section.GROUPS, n), partial(component_pages.group_page, self, g))
                for n, g in enumerate(self.portal.groups)
            ),
            *(
                Task(slot, partial(self.incident_page, incident))
                for slot, incident in self._kept()
                if self._cached(incident.id) is None
            ),
        ]

    def pages(
        self, tasks: list[Task] | None = None, results: list[Page | Iterable[Page]] | None = None
    ) -> list[Page]:
        """Every page in its order: from the results of `tasks` where given (rendered
        elsewhere), else rendered here; resolved incidents' pages from the cache, which keeps
        the new ones."""
        if tasks is None or results is None:
            tasks = self.tasks()
            results = [render() for _, render in tasks]
        placed = [(slot, found) for (slot, _), found in zip(tasks, results, strict=True)]
        rendered = {slot for slot, _ in placed}
        for slot, found in placed:
            if slot.cache_key is not None:
                self.cache[slot.cache_key] = (self._depends(slot.cache_key), found)
        for slot, incident in self._kept():
            if slot not in rendered:  # `tasks` found its page in the cache
                placed.append((slot, self.cache[incident.id][1]))
        return in_order(placed)

    def nav(self) -> list[dict]:
        """The site navigation (the header tabs): sections, never individual incidents."""
        _ = self.words._
        standing = [{_("Overview"): urls.source(urls.HOW_WE_WORK)}] + [
            {page.title: urls.source(urls.standing(page.id))} for page in self.content.pages
        ]
        # Policies and the register bind the organisation: they belong with how it works.
        if self.content.policies:
            standing.append({_("Policies"): urls.source(urls.POLICIES)})
        if self.content.subprocessors is not None:
            standing.append({_("Subprocessors"): urls.source(urls.SUBPROCESSORS)})
        if self.content.advisories:
            standing.append({_("Security advisories"): urls.source(urls.ADVISORIES)})
        return [
            {_("Status"): urls.source(urls.HOME)},
            {_("Incidents"): urls.source(urls.INCIDENTS)},
            {_("Maintenance"): urls.source(urls.MAINTENANCE)},
            {_("Announcements"): urls.source(urls.ANNOUNCEMENTS)},
            {_("Commitments"): urls.source(urls.COMMITMENTS)},
            {_("Availability"): urls.source(urls.REPORTS)},
            {_("How we work"): standing},
            {_("Subscribe"): urls.source(urls.SUBSCRIBE)},
        ]

    def render(
        self,
        src: str,
        template: str,
        title: str,
        description: str = "",
        in_nav: bool = False,
        feeds: tuple[str, ...] = (),
        show_nav: bool = False,
        searchable: bool | None = None,
        **context: object,
    ) -> Page:
        here = url_of(src)
        link = linker(here.count("/"))
        # Every page offers the site-wide feeds, then those of what it shows.
        subscriptions = [
            feed_links(self.words, self.portal, path, link) for path in (urls.feed("all"), *feeds)
        ]
        alternates = [alt for links in subscriptions for alt in links["alternates"]]
        body = self.env.get_template(template).render(
            link=link, page_url=here, subscriptions=subscriptions, **context
        )
        # The site's zone travels with the page, so a script can add the visitor's own time.
        html = f'<div class="ob-page" data-ob-zone="{self.portal.timezone.key}">\n{body}</div>\n'
        hide = ["toc"] if show_nav else ["navigation", "toc"]
        meta = {"feeds": alternates, "hide": hide}
        return Page(
            src,
            title,
            html,
            description or self.portal.description,
            in_nav,
            meta,
            in_nav if searchable is None else searchable,
        )

    def revisions_of(self, kind: str, ident: str) -> GitRecord | None:
        """What git remembers of a page, or None."""
        record = self.content.revisions.get((kind, ident))
        return record if record and record.revisions else None

    def _kept(self) -> list[tuple[Slot, Incident]]:
        """The incidents, whose pages the cache keeps between builds once resolved, each with
        its slot."""
        return [
            (Slot(Section.INCIDENTS, n, incident.id), incident)
            for n, incident in enumerate(self.content.incidents)
        ]

    def _depends(self, incident_id: str) -> tuple | None:
        """What the page of a resolved incident depends on: the incident, the date, the
        settings, its revisions; None for an open one, whose page changes with the clock."""
        view = self.incidents[incident_id]
        if view.is_open:
            return None
        return (
            view.model,
            self.today,
            self.portal,
            self.content.revisions.get(("incidents", incident_id)),
            tuple(advisory_pages.of_incident(self, incident_id)),
        )

    def _cached(self, incident_id: str) -> Page | None:
        """The incident's page from an earlier build, if nothing it depends on has changed
        (unchanged models are the same objects, so comparing them is quick)."""
        found = self.cache.get(incident_id)
        if found is not None and found[0] is not None and found[0] == self._depends(incident_id):
            return found[1]
        return None

    def incident_page(self, incident: Incident, *, view: IncidentView | None = None) -> Page:
        """The page of `incident`, from its view in this build or from the given `view` (of an
        incident edited since, as `openbook serve` shows it at once); a given view leaves the
        Site as it was."""
        if view is None:
            view = self.incidents[incident.id]
        elif view.model.id != incident.id:
            raise ValueError(f"a view of {view.model.id!r} for the page of {incident.id!r}")
        incident = view.model
        # The description is text: the latest update as a reader sees it, not its Markdown.
        latest = self.md.html(incident.updates[-1].text).striptags()
        return self.render(
            urls.source(urls.incident(incident.id)),
            "incident.html",
            incident.title,
            description=latest[:200],
            feeds=(
                urls.feed("incidents"),
                *(urls.component_feed(cid) for cid in view.touched),
            ),
            incident=view,
        )

    def by_group(
        self, shown: Callable[[Component], bool] = lambda component: True
    ) -> list[tuple[str | None, list[ComponentView]]]:
        """The views of the components `shown` (by default all, hidden and retired ones too)
        by group id, in portal order; ungrouped ones first."""
        found: dict[str | None, list[ComponentView]] = {}
        for component in self.portal.components:
            if shown(component):
                found.setdefault(component.group, []).append(self.components[component.id])
        order = [None] + [g.id for g in self.portal.groups]
        return [(g, found[g]) for g in order if g in found]

    def on_home(self, component: Component) -> bool:
        return derive.on_home(component, self.today)

    # Helpers the templates use ----------------------------------------------

    def views(self, models: Iterable[Incident | Maintenance | Announcement]) -> list[View]:
        """The views of incidents, maintenance windows or announcements, in the same order."""
        out: list[View] = []
        for model in models:
            table: Mapping[str, View] = (
                self.incidents
                if isinstance(model, Incident)
                else self.windows
                if isinstance(model, Maintenance)
                else self.announcements
            )
            out.append(table[model.id])
        return out

    @functools.cached_property
    def groups(self) -> dict[str, GroupView]:
        """Each group with the components of it the home page would list."""
        shown = dict(self.by_group(self.on_home))
        return {g.id: GroupView(g, shown.get(g.id, [])) for g in self.portal.groups}
