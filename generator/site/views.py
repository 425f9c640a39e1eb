"""What the page templates are given: each model with what a page shows about it as of now,
worked out here once, so that templates hold layout and words, never rules.

Each view declares what it offers: the fields of its model that pages show (`of_model()`) and
the facts it works out. A template reading anything else fails the build (the templates'
environment has StrictUndefined), and tests/test_views.py checks the declarations against the
templates.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from generator import urls
from generator.content.models import (
    Announcement,
    Commitment,
    Component,
    Group,
    Incident,
    IncidentUpdate,
    Maintenance,
    MaintenanceUpdate,
    Portal,
    Progress,
)
from generator.content.vocab import (
    AnnouncementKind,
    CommitmentStatus,
    ComponentStatus,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
)
from generator.facts import derive
from generator.facts.uptime import Day, Uptime

M = TypeVar("M")


class View(Generic[M]):
    """A model with what pages show about it: the fields it declares, and the facts."""

    def __init__(self, model: M) -> None:
        self.model = model


class ModelField:
    """A field of a view's model, read from the model as it is."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, view: View | None, owner: type | None = None) -> Any:
        if view is None:
            return self
        return getattr(view.model, self.name)


def of_model() -> Any:
    """Declares a field of the model that the view offers as it is, typed by the annotation
    beside it (as `dataclasses.field()` is)."""
    return ModelField()


class CommitmentView(View[Commitment]):
    """A commitment, and whether it is overdue."""

    title: str = of_model()
    status: CommitmentStatus = of_model()
    due: date | None = of_model()
    done: date | None = of_model()
    original: str = of_model()
    progress: tuple[Progress, ...] = of_model()
    reason: str = of_model()
    overdue: bool

    def __init__(self, commitment: Commitment, today: date) -> None:
        super().__init__(commitment)
        self.overdue = derive.commitment_overdue(commitment, today)


def feedback_links(incident: Incident, portal: Portal) -> tuple[str, str]:
    """Where a reader answers about `incident`: the form with it filled in, and a mailto with it
    named in the subject."""
    form = mail = ""
    if portal.feedback_url:
        form = portal.feedback_url.replace("{id}", quote(incident.id, safe="")).replace(
            "{title}", quote(incident.title, safe="")
        )
    if portal.feedback_email:
        subject = quote(f"{incident.title} ({incident.id})", safe="")
        mail = f"mailto:{portal.feedback_email}?subject={subject}"
    return form, mail


class IncidentView(View[Incident]):
    """An incident: open or not, how long, what it touched, when the next update is due."""

    id: str = of_model()
    title: str = of_model()
    impact: Impact = of_model()
    started: datetime = of_model()
    updates: tuple[IncidentUpdate, ...] = of_model()
    remedy: str = of_model()
    body: str = of_model()
    untranslated: frozenset[str] = of_model()
    original: str = of_model()
    url: str
    is_open: bool
    status: IncidentStatus
    duration: timedelta
    resolved_at: datetime | None
    touched: list[str]  # the components it affected at any point, in portal order
    component_names: list[str]
    promised: datetime | None  # the next update, while open
    promise_overdue: bool
    commitments: list[CommitmentView]
    feedback_form: str
    feedback_mail: str

    def __init__(self, incident: Incident, now: datetime, portal: Portal, today: date) -> None:
        super().__init__(incident)
        self.url = urls.incident(incident.id)
        self.is_open = derive.is_open(incident)
        self.status = derive.status(incident)
        self.duration = derive.duration(incident, now)
        self.resolved_at = derive.resolved_at(incident)
        self.touched = derive.touched(incident, portal)
        self.component_names = [portal.component(cid).name for cid in self.touched]
        self.promised = derive.next_update_due(incident, portal)
        self.promise_overdue = self.promised is not None and self.promised < now
        self.commitments = [CommitmentView(c, today) for c in incident.commitments]
        self.feedback_form, self.feedback_mail = feedback_links(incident, portal)


class MaintenanceView(View[Maintenance]):
    """A maintenance window and its state now."""

    id: str = of_model()
    title: str = of_model()
    published: datetime = of_model()
    start: datetime = of_model()
    end: datetime = of_model()
    components: tuple[str, ...] = of_model()
    updates: tuple[MaintenanceUpdate, ...] = of_model()
    body: str = of_model()
    untranslated: frozenset[str] = of_model()
    original: str = of_model()
    url: str
    state: MaintenanceStatus
    follows_clock: bool  # a browser may move the state on

    def __init__(self, window: Maintenance, now: datetime) -> None:
        super().__init__(window)
        self.url = urls.maintenance(window.id)
        self.state = derive.maintenance_state(window, now)
        self.follows_clock = derive.state_follows_clock(window)


class AnnouncementView(View[Announcement]):
    """An announcement, and for a change whether it has taken effect and in how many days."""

    id: str = of_model()
    title: str = of_model()
    published: datetime = of_model()
    kind: AnnouncementKind = of_model()
    effective: date | None = of_model()
    components: tuple[str, ...] = of_model()
    body: str = of_model()
    untranslated: frozenset[str] = of_model()
    original: str = of_model()
    url: str
    pending: bool  # a change that has not taken effect
    days_left: int | None
    commitments: list[CommitmentView]

    def __init__(self, item: Announcement, today: date) -> None:
        super().__init__(item)
        self.url = urls.announcement(item.id)
        self.pending = derive.is_change_pending(item, today)
        self.days_left = (item.effective - today).days if item.effective else None
        self.commitments = [CommitmentView(c, today) for c in item.commitments]


class PromiseView(View[derive.Promise]):
    """A commitment on the commitments page, with the page it was made on."""

    source_title: str = of_model()
    anchor: str = of_model()
    commitment: CommitmentView  # not the model's: this one knows whether it is overdue
    url: str

    def __init__(self, promise: derive.Promise, today: date) -> None:
        super().__init__(promise)
        self.commitment = CommitmentView(promise.commitment, today)
        page = urls.incident if promise.kind == "incidents" else urls.announcement
        self.url = page(promise.source_id)


class ComponentView(View[Component]):
    """A component with its status now and its uptime over the last `days` days."""

    id: str = of_model()
    name: str = of_model()
    group: str | None = of_model()
    description: str = of_model()
    url: str
    status: ComponentStatus

    anchors = True  # its bars link to the days on its page

    def __init__(
        self, component: Component, status: ComponentStatus, uptime: Uptime, days: int
    ) -> None:
        super().__init__(component)
        self.url = urls.component(component.id)
        self.status = status
        self._uptime, self._count = uptime, days

    @functools.cached_property
    def days(self) -> list[Day]:
        """Oldest first, each with its incidents (worked out when a page shows them)."""
        return self._uptime.days(self.model.id, self._count)

    @functools.cached_property
    def uptime(self) -> float:
        return self._uptime.percent(self.model.id, self._count)


class GroupView(View[Group]):
    """A group summed up in one row: its worst status now, how many of its components are in
    each status, and for each day the worst any of them had."""

    id: str = of_model()
    name: str = of_model()
    url: str
    members: list[ComponentView]
    status: ComponentStatus
    counts: list[tuple[ComponentStatus, int]]  # worst first
    mixed: list[tuple[ComponentStatus, int]]

    anchors = False

    def __init__(self, group: Group, members: list[ComponentView]) -> None:
        super().__init__(group)
        self.url = urls.group(group.id)
        self.members = members
        self.status = max(
            (m.status for m in members), key=lambda s: s.rank, default=ComponentStatus.OPERATIONAL
        )
        counts = Counter(m.status for m in members)
        self.counts = sorted(counts.items(), key=lambda item: -item[0].rank)
        # A row on the home page says nothing more when every member is operational.
        self.mixed = self.counts if set(counts) != {ComponentStatus.OPERATIONAL} else []

    @functools.cached_property
    def days(self) -> list[Day]:
        out = []
        for found in zip(*(m.days for m in self.members), strict=True):
            minutes: dict[ComponentStatus, float] = {}
            for day in found:
                for status, n in day.minutes.items():
                    minutes[status] = max(minutes.get(status, 0.0), n)
            incidents = {i.id: i for day in found for i in day.incidents}
            touched = sorted(incidents.values(), key=lambda i: (i.started, i.id))
            out.append(Day(found[0].day, minutes, touched, found[0].length))
        return out

    @functools.cached_property
    def uptime(self) -> float:
        """The mean of its components' uptime, rounded down to 0.01."""
        if not self.members:
            return 100.0
        return math.floor(sum(m.uptime for m in self.members) / len(self.members) * 100) / 100
