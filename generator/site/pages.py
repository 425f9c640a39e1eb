"""Content as of now -> the HTML of every status page, from the templates in site_templates/pages.

The result is independent of MkDocs: `mkdocs_plugin` places each page into the
Material layout; another theme would need only another adapter.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import urls
from generator.content.models import Component, Group, Incident, Maintenance
from generator.content.schema import iso
from generator.content.vocab import CommitmentStatus, ComponentStatus
from generator.facts import Facts, derive, history
from generator.facts.uptime import Uptime
from generator.site import proactive, reports
from generator.site.views import (
    AnnouncementView,
    ComponentView,
    GroupView,
    IncidentView,
    MaintenanceView,
)
from generator.words import N_, STATUS_ICONS, Clock, Words

RECENT_DAYS = 14  # days of history on the home page
UPCOMING_DAYS = 14  # maintenance announced on the home page this far ahead
UPTIME_DAYS = 90  # daily bars on the home and component pages
COMPONENT_RECENT = 25  # incidents listed on a component page
HOME_COMPONENTS = 30  # more than this on the home page, and its groups are summed up
HOME_ROWS = 50  # rows on such a home page at most: each carries 90 days of bars
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
FEED_NAMES = {
    urls.feed("all"): N_("All updates"),
    urls.feed("incidents"): N_("Incidents"),
    urls.feed("maintenance"): N_("Maintenance"),
    urls.feed("announcements"): N_("Announcements"),
    urls.feed("commitments"): N_("Commitments"),
    urls.feed("changes"): N_("Corrections"),
}


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes (a Markdown source path, as MkDocs names pages) and
    its HTML."""

    src: str  # "incidents/2026-11-20-api-errors.md"
    title: str
    html: str
    description: str = ""
    in_nav: bool = False
    meta: dict = field(default_factory=dict)
    searchable: bool | None = None  # in the site search; by default only pages in the navigation

    @property
    def url(self) -> str:
        """The page's URL relative to the site root, as MkDocs writes it with directory URLs."""
        stem = self.src[: -len(".md")]
        if stem == "index":
            return ""
        return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def corrections_at(history, update) -> list:
    """The corrections of one update as it stands now: its text or status changed, or its time
    (then it was published at another)."""
    if history is None:
        return []
    at = iso(update.at)
    return [
        c
        for c in history.corrections
        if (c.update_at == at and c.what in ("text", "status"))
        or (c.what == "time" and c.new == at)
    ]


def pager_numbers(current: int, count: int, around: int = 2) -> list[int]:
    """The page numbers a pager shows: the first, the last and those near `current`, with a 0
    where numbers are left out, so that a long history's pager stays short."""
    shown = sorted({1, count, *range(max(1, current - around), min(count, current + around) + 1)})
    out: list[int] = []
    for number in shown:
        if out and number > out[-1] + 1:
            out.append(0)
        out.append(number)
    return out


def linker(depth: int) -> Callable[[str], str]:
    """The link to a site path from a page `depth` folders below the root."""
    root = "../" * depth or "./"

    def link(target: str) -> str:
        return root + target if target else root

    return link


def url_of(src: str) -> str:
    return Page(src, "", "").url


def lang(item, field: str) -> Markup:
    """` lang="en"` for a field a translation does not have yet (shown in the original's
    language), else nothing; a function, not a macro, because every title goes through it."""
    if field in item.untranslated:
        return Markup(' lang="{}"').format(item.original)
    return Markup("")


def in_original(item, field: str, html: Markup) -> Markup:
    """A field's HTML, marked with the original's language if it is not translated yet."""
    if field in item.untranslated:
        return Markup('<div lang="{}">{}</div>').format(item.original, html)
    return html


def _environment(words: Words) -> jinja2.Environment:
    """The templates' environment, speaking `words`' language through `_` and `ngettext`.

    They work as jinja2.ext.i18n's "newstyle" gettext does (the message is markup, the values
    are escaped into it), as plain functions: a page calls them dozens of times."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = words.translations

    def gettext(message: str, **values) -> Markup:
        text = Markup(translations.gettext(message))
        return text % values if values else text

    def ngettext(singular: str, plural: str, count: int, **values) -> Markup:
        values.setdefault("num", words.number(count))
        return Markup(translations.ngettext(singular, plural, count)) % values

    env.globals.update(_=gettext, ngettext=ngettext)
    return env


def templates_dir() -> Path:
    """site_templates/, beside the package in a checkout or inside it when installed."""
    here = Path(__file__).resolve().parents[1]  # the generator package
    for candidate in (here / "site_templates", here.parent / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("site_templates/ not found next to the generator package")


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
        self._rendered: dict[tuple, Markup] = {}  # fragments shared by pages of one build
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
        self.env = _environment(words)
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
            history_of=self.history_of,
            iso_parse=datetime.fromisoformat,
            corrections_at=corrections_at,
            span=words.span,
            now=now,
            UPTIME_DAYS=UPTIME_DAYS,
        )

    # Pages -----------------------------------------------------------------

    @property
    def today(self):
        """The date in the site's zone."""
        return self.clock.local(self.now).date()

    def tasks(self) -> list[tuple[tuple, Callable[[], Page | Iterable[Page]]]]:
        """Every page to render, as (place, task) pairs; a task renders in any process, and the
        places put the pages in their order. A resolved incident's page already in the cache
        is no task: `pages` takes it from there. The costly tasks come first, so that workers
        share them out before the many small ones."""
        found = [
            ((0,), self.home),
            *(((1, n), task) for n, task in enumerate(self.history_pages())),
            *(((7, n), task) for n, task in enumerate(reports.report_pages(self))),
            ((4,), functools.partial(proactive.maintenance_pages, self)),
            ((5,), functools.partial(proactive.announcement_pages, self)),
            ((6,), functools.partial(proactive.commitments_page, self)),
            ((8,), functools.partial(proactive.changes_page, self)),
            ((9,), functools.partial(proactive.how_we_work_pages, self)),
            ((10,), self.subscribe_page),
            *(
                ((3, n), functools.partial(self.component_page, component))
                for n, component in enumerate(self.portal.components)
            ),
            ((3, len(self.portal.components)), self.components_page),
            *(
                ((3, len(self.portal.components) + 1 + n), functools.partial(self.group_page, g))
                for n, g in enumerate(self.portal.groups)
            ),
            *(
                ((2, n), functools.partial(self.incident_page, incident))
                for n, incident in enumerate(self.content.incidents)
                if self._cached(incident) is None
            ),
        ]
        return found

    def pages(self, tasks=None, results=None) -> list[Page]:
        """Every page in its order: from the results of `tasks` where given (rendered
        elsewhere), else rendered here; resolved incidents' pages from the cache, which keeps
        the new ones."""
        if tasks is None:
            tasks = self.tasks()
            results = [task() for _, task in tasks]
        placed = dict(zip((place for place, _ in tasks), results, strict=True))
        for n, incident in enumerate(self.content.incidents):
            if (2, n) not in placed:
                placed[2, n] = self._cached(incident)
            else:
                self.cache[incident.id] = (self._depends(incident), placed[2, n])
        out = []
        for place in sorted(placed):
            found = placed[place]
            out += [found] if isinstance(found, Page) else list(found)
        return out

    def subscribe_page(self) -> Page:
        kinds = (
            urls.feed("incidents"),
            urls.feed("maintenance"),
            urls.feed("announcements"),
            urls.feed("commitments"),
            urls.feed("changes"),
        )
        components = tuple(urls.component_feed(c.id) for c in self.portal.components)
        return self.render(
            urls.source(urls.SUBSCRIBE),
            "subscribe.html",
            self.words._("Subscribe"),
            in_nav=True,
            feeds=kinds + components,
            api=API_DOCUMENTS,
        )

    def nav(self) -> list[dict]:
        """The site navigation (the header tabs): sections, never individual incidents."""
        _ = self.words._
        standing = [{_("Overview"): urls.source(urls.HOW_WE_WORK)}] + [
            {page.title: urls.source(urls.standing(page.id))} for page in self.content.pages
        ]
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
        in_nav=False,
        feeds: tuple[str, ...] = (),
        show_nav: bool = False,
        searchable: bool | None = None,
        **context,
    ) -> Page:
        here = url_of(src)
        link = linker(here.count("/"))
        # Every page offers the site-wide feeds, then those of what it shows.
        subscriptions = [self.feed_links(path, link) for path in (urls.feed("all"), *feeds)]
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

    def feed_links(self, path: str, link) -> dict:
        """The formats of one feed, for <link rel="alternate"> and the Subscribe lists."""
        name = FEED_NAMES.get(path)
        name = self.words._(name) if name else self.portal.component(path.rsplit("/", 1)[1]).name
        formats = [("Atom", "atom", "application/atom+xml"), ("RSS", "rss", "application/rss+xml")]
        if path == urls.feed("all"):
            formats.append(("JSON Feed", "json", "application/feed+json"))
        return {
            "name": name,
            "alternates": [
                {
                    "title": self.words._(
                        "%(site)s: %(feed)s (%(format)s)",
                        site=self.portal.title,
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

    def home(self) -> Page:
        overall = derive.overall(self.content, self.now)
        home_groups, summed = self.home_components()
        open_incidents = self.views(derive.open_incidents(self.content))
        return self.render(
            urls.source(urls.HOME),
            "home.html",
            self.words._("Status"),
            in_nav=True,
            overall=overall,
            feeds=(urls.feed("incidents"), urls.feed("maintenance"), urls.feed("announcements")),
            open_incidents=open_incidents,
            groups=home_groups,
            summed=summed,
            recent_days=self.recent_days(),
            active=self.views(derive.active_maintenance(self.content, self.now)),
            upcoming=self.views(
                derive.upcoming_maintenance(
                    self.content, self.now, within=timedelta(days=UPCOMING_DAYS)
                )
            ),
            pinned=self.views(
                a for a in self.content.announcements if derive.is_pinned(a, self.today)
            ),
            promises=self.promise_counts(),
        )

    def history_of(self, kind: str, ident: str):
        """What git remembers of a page, or None."""
        history = self.content.history.get((kind, ident))
        return history if history and history.revisions else None

    def promise_counts(self) -> dict[str, int]:
        """Open commitments, for the home page's one line: in progress, planned, overdue."""
        found = [p.commitment for p in derive.promises(self.content)]
        return {
            "in_progress": sum(c.status is CommitmentStatus.IN_PROGRESS for c in found),
            "planned": sum(c.status is CommitmentStatus.PLANNED for c in found),
            "overdue": sum(derive.commitment_overdue(c, self.today) for c in found),
        }

    def history_pages(self) -> list[Callable[[], Page]]:
        """The pages of the incident history, each as a task that renders it."""
        incidents = list(self.content.incidents)
        pieces = history.chunks(incidents)
        sources = [urls.source(urls.history_page(n)) for n in range(1, len(pieces) + 1)]
        months = history.archive(incidents, self.portal.timezone)
        return [
            functools.partial(self._history_page, n, chunk, sources, months)
            for n, chunk in enumerate(pieces, start=1)
        ]

    def _history_page(self, n: int, chunk: list[Incident], sources: list[str], months) -> Page:
        incidents = self.content.incidents
        pager = {
            "number": n,
            "count": len(sources),
            "total": len(incidents),
            "previous": url_of(sources[n - 2]) if n > 1 else None,
            "next": url_of(sources[n]) if n < len(sources) else None,
            "pages": [
                (k, url_of(sources[k - 1]) if k else None) for k in pager_numbers(n, len(sources))
            ],
            "url": lambda number: url_of(sources[number - 1]),
        }
        stats = None
        if n == 1:
            stats = {
                "months": history.per_month(incidents, self.portal.timezone, self.now),
                "resolve": history.resolve_times(incidents, self.now),
            }
        title = self.words._("Incident history")
        if n > 1:
            title = self.words._("Incident history – page %(number)s", number=n)
        return self.render(
            sources[n - 1],
            "history.html",
            title,
            in_nav=n == 1,
            feeds=(urls.feed("incidents"),),
            months=self.by_month(self.views(chunk)),
            pager=pager,
            archive=self._archive(url_of(sources[n - 1]).count("/"), months, pager),
            stats=stats,
        )

    def _archive(self, depth: int, months, pager) -> Markup:
        """The history's archive by month: the same on every page at one depth, so rendered
        once for each."""
        key = ("archive", depth)
        if key not in self._rendered:
            html = self.env.get_template("_archive.html").render(
                archive=months, pager=pager, link=linker(depth)
            )
            self._rendered[key] = Markup(html)
        return self._rendered[key]

    def _depends(self, incident: Incident) -> tuple | None:
        """What the page of a resolved incident depends on: the incident, the date, the
        settings, its history; None for an open one, whose page changes with the clock."""
        if self.incidents[incident.id].is_open:
            return None
        return (
            incident,
            self.today,
            self.portal,
            self.content.history.get(("incidents", incident.id)),
        )

    def _cached(self, incident: Incident) -> Page | None:
        """The incident's page from an earlier build, if nothing it depends on has changed
        (unchanged models are the same objects, so comparing them is quick)."""
        found = self.cache.get(incident.id)
        if found is not None and found[0] is not None and found[0] == self._depends(incident):
            return found[1]
        return None

    def incident_page(self, incident: Incident) -> Page:
        # The description is text: the latest update as a reader sees it, not its Markdown.
        latest = self.md.html(incident.updates[-1].text).striptags()
        return self.render(
            urls.source(urls.incident(incident.id)),
            "incident.html",
            incident.title,
            description=latest[:200],
            feeds=(
                urls.feed("incidents"),
                *(urls.component_feed(cid) for cid in self.touched(incident)),
            ),
            incident=self.incidents[incident.id],
            history=derive.affected_history(incident),
        )

    def components_page(self) -> Page:
        """Every group and component with its status: the list a large site's home page sums
        up."""
        return self.render(
            urls.source(urls.COMPONENTS),
            "components.html",
            self.words._("All components"),
            groups=[
                (self.groups.get(component_group), members)
                for component_group, members in self._by_group()
            ],
        )

    def _by_group(self, shown=lambda component: True) -> list[tuple[str | None, list]]:
        """The views of the components `shown` (by default all, hidden and retired ones too)
        by group id, in portal order; ungrouped ones first."""
        found: dict[str | None, list[ComponentView]] = {}
        for component in self.portal.components:
            if shown(component):
                found.setdefault(component.group, []).append(self.components[component.id])
        order = [None] + [g.id for g in self.portal.groups]
        return [(g, found[g]) for g in order if g in found]

    def _on_home(self, component: Component) -> bool:
        return derive.on_home(component, self.today)

    def group_page(self, group: Group) -> Page:
        view = self.groups[group.id]
        return self.render(
            urls.source(urls.group(group.id)),
            "group.html",
            group.name,
            feeds=tuple(urls.component_feed(m.id) for m in view.members),
            group=view,
        )

    def component_page(self, component: Component) -> Page:
        incidents = [v for v in self.incidents.values() if component.id in v.touched]
        return self.render(
            urls.source(urls.component(component.id)),
            "component.html",
            component.name,
            description=component.description,
            feeds=(urls.component_feed(component.id),),
            component=self.components[component.id],
            status=self.statuses[component.id],
            incidents=incidents[:COMPONENT_RECENT],
            total=len(incidents),
            open_incidents=[i for i in incidents if i.is_open],
            maintenance=[v for v in self.windows.values() if component.id in v.components],
            figures=[(n, self.uptime.percent(component.id, n)) for n in (30, 90, 365)],
            bad_days=[
                (d, self.views(d.incidents))
                for d in reversed(self.uptime.days(component.id, UPTIME_DAYS))
                if d.incidents
            ],
        )

    # Helpers the templates use ----------------------------------------------

    def touched(self, incident: Incident) -> list[str]:
        return self.incidents[incident.id].touched

    def views(self, models) -> list:
        """The views of incidents, maintenance windows or announcements, in the same order."""
        out = []
        for model in models:
            table = (
                self.incidents
                if isinstance(model, Incident)
                else self.windows
                if isinstance(model, Maintenance)
                else self.announcements
            )
            out.append(table[model.id])
        return out

    def grouped_components(self) -> list[tuple[str | None, list[ComponentView]]]:
        """Components the home page lists, by group name, in portal order; ungrouped ones
        first under no heading."""
        return [
            (self.portal.group(g).name if g else None, views)
            for g, views in self._by_group(self._on_home)
        ]

    def home_components(self) -> tuple[list, dict | None]:
        """What the home page lists: every component by group, or, on a site with more than
        HOME_COMPONENTS of them, each group as one summary row beside the ungrouped ones, at
        most HOME_ROWS rows (those not operational first). The second value says how many
        rows there are and how many are shown when they are summed up."""
        grouped = self.grouped_components()
        if sum(len(members) for _, members in grouped) <= HOME_COMPONENTS:
            return grouped, None
        rows: list[ComponentView | GroupView] = []
        for name, members in grouped:
            if name is None:
                rows += members
        rows += [view for view in self.groups.values() if view.members]
        # Those not operational first, then the others, each in their order; kept in order.
        calm = [row.status is ComponentStatus.OPERATIONAL for row in rows]
        kept = sorted(sorted(range(len(rows)), key=calm.__getitem__)[:HOME_ROWS])
        return [(None, [rows[n] for n in kept])], {"shown": len(kept), "total": len(rows)}

    @functools.cached_property
    def groups(self) -> dict[str, GroupView]:
        """Each group with the components of it the home page would list."""
        shown = dict(self._by_group(self._on_home))
        return {g.id: GroupView(g, shown.get(g.id, [])) for g in self.portal.groups}

    def recent_days(self) -> list[tuple[date, list[Incident]]]:
        """The last RECENT_DAYS days in the site's zone, each with the incidents that started
        then."""
        today = self.clock.local(self.now).date()
        days: dict[date, list[Incident]] = {
            today - timedelta(days=n): [] for n in range(RECENT_DAYS)
        }
        for incident in self.incidents.values():
            started = self.clock.local(incident.started).date()
            if started in days:
                days[started].append(incident)
        return list(days.items())

    def by_month(self, incidents: list[Incident]) -> list[tuple[str, str, list[Incident]]]:
        """(key, heading, incidents) for each month of a page of the history."""
        months: dict[str, list[Incident]] = {}
        for incident in incidents:
            months.setdefault(history.month_key(incident, self.portal.timezone), []).append(
                incident
            )
        return [
            (key, self.words.month(self.clock.local(found[0].started)), found)
            for key, found in months.items()
        ]


def script_asset(words: Words) -> bytes:
    """assets/openbook.js for one language: the words it writes, then the script."""
    script = (templates_dir() / "docs" / "assets" / "openbook.js").read_text(encoding="utf-8")
    table = json.dumps(words.script(), ensure_ascii=False, sort_keys=True)
    return f"window.openbookWords = {table};\n{script}".encode()
