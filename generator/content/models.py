"""Typed, validated content. Built only by `validate`; never changed afterwards."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from generator.content.notify_settings import Notify
from generator.content.policy_revisions import PolicyRecord
from generator.content.revision_records import GitRecord
from generator.content.vocab import (
    AnnouncementKind,
    CommitmentStatus,
    ComponentStatus,
    Impact,
    IncidentStatus,
    MaintenanceStatus,
)


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    group: str | None = None
    description: str = ""
    position: int = 0  # order in portal.yml, from 1
    slo: float | None = None  # the monthly availability target, percent; else the site's
    hidden: bool = False  # never on the home page; its page and history stay
    retired: date | None = None  # leaves the home page after this day; its page and history stay


@dataclass(frozen=True)
class Accounting:
    """How availability is counted: `availability:` in portal.yml."""

    partial_outage: float = 0.3  # the weight of a minute in partial outage (major outage is 1)
    degraded_performance: float = 0.0
    maintenance: str = "ignore"  # ignore (up) | downtime | exclude (not measured)
    timezone: ZoneInfo | None = None  # whose calendar months count; default the site's


@dataclass(frozen=True)
class Portal:
    title: str
    url: str  # absolute, ends with "/"
    timezone: ZoneInfo
    language: str = "en"
    description: str = ""
    contact: str = ""  # an e-mail address: on the pages, and the feeds' author
    update_every: timedelta = timedelta(minutes=30)
    feed_size: int = 50
    allow_scripts: bool = False
    groups: tuple[Group, ...] = ()
    components: tuple[Component, ...] = ()
    mkdocs: Mapping[str, Any] = field(default_factory=dict)
    source: str = "content/portal.yml"
    languages: tuple[str, ...] = ("en",)  # the first is `language`, published at the root
    # Word-valued settings in the other languages: {"de": {"title": …, "component:api:name": …}}
    translated: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    notes: tuple = ()  # warnings about portal.yml: words missing in a language
    notify: Notify | None = None  # when portal.yml has `notify:`
    repository: str = ""  # where the content's history lives, for links to commits
    slo: float | None = None  # the default monthly availability target of components, percent
    accounting: Accounting = field(default_factory=Accounting)
    subscribe_email: str = ""  # where customers write to get e-mail updates (Subscribe page)
    subscribe_url: str = ""  # or a sign-up form
    feedback_email: str = ""  # where readers write about an incident
    feedback_url: str = ""  # or a form, with {id} and {title}
    security: Any = None  # security_settings.Security, when portal.yml has `security:`
    policy_notice_days: int = 30  # portal.yml `policies: {notice_days}`: a policy's default

    def localised(self, language: str, url: str) -> Portal:
        """These settings as the readers of `language` see them, published at `url`."""
        words = self.translated.get(language, {})

        def word(key: str, default: str) -> str:
            return words.get(key, default)

        return dataclasses.replace(
            self,
            url=url,
            language=language,
            title=word("title", self.title),
            description=word("description", self.description),
            groups=tuple(
                dataclasses.replace(g, name=word(f"group:{g.id}", g.name)) for g in self.groups
            ),
            components=tuple(
                dataclasses.replace(
                    c,
                    name=word(f"component:{c.id}:name", c.name),
                    description=word(f"component:{c.id}:description", c.description),
                )
                for c in self.components
            ),
        )

    def component(self, component_id: str) -> Component:
        return self._components[component_id]

    def group(self, group_id: str) -> Group:
        return self._groups[group_id]

    def members(self, group_id: str) -> list[Component]:
        """The group's components, in portal order."""
        return self._members.get(group_id, [])

    def in_order(self, component_ids: Iterable[str]) -> list[str]:
        """`component_ids` in portal order."""
        order = self._positions
        return sorted(component_ids, key=order.__getitem__)

    # Lookups by id, made once: a portal may have thousands of components.
    @functools.cached_property
    def _components(self) -> dict[str, Component]:
        return {c.id: c for c in self.components}

    @functools.cached_property
    def _groups(self) -> dict[str, Group]:
        return {g.id: g for g in self.groups}

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {c.id: n for n, c in enumerate(self.components)}

    @functools.cached_property
    def _members(self) -> dict[str, list[Component]]:
        found: dict[str, list[Component]] = {}
        for component in self.components:
            if component.group:
                found.setdefault(component.group, []).append(component)
        return found


@dataclass(frozen=True)
class Progress:
    """A dated note on how a commitment is going."""

    on: date
    text: str


@dataclass(frozen=True)
class Commitment:
    title: str
    status: CommitmentStatus
    due: date | None = None
    done: date | None = None
    original: str = ""  # on a translation: the original's language, if the title is not translated
    progress: tuple[Progress, ...] = ()  # oldest first
    reason: str = ""  # why it was dropped; required then


@dataclass(frozen=True)
class Alias:
    """An old address of a page, relative to the site root: "issues/2021-03-01-db/"."""

    path: str
    line: int = 0  # where it is written, for errors


@dataclass(frozen=True)
class IncidentUpdate:
    at: datetime
    status: IncidentStatus
    text: str
    components: Mapping[str, ComponentStatus] | None = None  # statuses from this update on
    number: int = 0  # 1 for the first update in time; stable, so ids built on it are too
    line: int = 0  # where the update stands in its file, for warnings
    original: str = ""  # on a translation: the original's language, if the text is not translated


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    impact: Impact
    components: Mapping[str, ComponentStatus]
    updates: tuple[IncidentUpdate, ...]  # oldest first
    next_update: datetime | None = None
    remedy: str = ""
    commitments: tuple[Commitment, ...] = ()
    draft: bool = False
    body: str = ""  # the report, Markdown
    source: str = ""  # the file, as shown in messages
    line: int = 1  # where a warning about the update cadence points: next_update, else updates
    aliases: tuple[Alias, ...] = ()  # old addresses that redirect here
    untranslated: frozenset[str] = frozenset()  # word fields shown in `original`'s language
    original: str = ""  # the language of the original, on a translation

    @property
    def started(self) -> datetime:
        return self.updates[0].at


@dataclass(frozen=True)
class MaintenanceUpdate:
    at: datetime
    status: MaintenanceStatus
    text: str
    number: int = 0
    original: str = ""  # on a translation: the original's language, if the text is not translated


@dataclass(frozen=True)
class Maintenance:
    id: str
    title: str
    published: datetime  # when it was announced
    start: datetime
    end: datetime
    components: tuple[str, ...] = ()
    updates: tuple[MaintenanceUpdate, ...] = ()  # oldest first
    draft: bool = False
    body: str = ""
    source: str = ""
    line: int = 1  # where a warning about a missing final update points: updates, else end
    aliases: tuple[Alias, ...] = ()
    untranslated: frozenset[str] = frozenset()  # word fields shown in `original`'s language
    original: str = ""  # the language of the original, on a translation


@dataclass(frozen=True)
class Announcement:
    id: str
    title: str
    published: datetime
    kind: AnnouncementKind
    effective: date | None = None
    components: tuple[str, ...] = ()
    pinned: bool = False
    commitments: tuple[Commitment, ...] = ()
    draft: bool = False
    body: str = ""
    source: str = ""
    aliases: tuple[Alias, ...] = ()
    untranslated: frozenset[str] = frozenset()  # word fields shown in `original`'s language
    original: str = ""  # the language of the original, on a translation


@dataclass(frozen=True)
class StandingPage:
    """A "how we work" page."""

    id: str
    title: str
    order: int = 0
    body: str = ""
    source: str = ""
    aliases: tuple[Alias, ...] = ()
    untranslated: frozenset[str] = frozenset()  # word fields shown in `original`'s language
    original: str = ""  # the language of the original, on a translation


@dataclass(frozen=True)
class Content:
    """Everything in a content folder, validated."""

    portal: Portal
    incidents: tuple[Incident, ...] = ()  # published ones, newest first
    maintenance: tuple[Maintenance, ...] = ()  # by start, latest first
    announcements: tuple[Announcement, ...] = ()  # newest first
    pages: tuple[StandingPage, ...] = ()  # by order, then title
    translations: tuple = ()  # translations.Translation, the words of other languages
    notes: tuple = ()  # warnings found while reading: translations that lag their originals
    advisories: tuple = ()  # advisories.Advisory, published ones, newest first
    policies: tuple = ()  # policies.Policy, with the versions git has, by id
    subprocessors: Any = None  # subprocessors.Register, when content/subprocessors.yml exists
    policy_revisions: PolicyRecord = field(default_factory=PolicyRecord)  # what git has of both
    # Git's revisions of each document: (kind, id) -> its revisions and corrections; empty
    # without git
    revisions: Mapping[tuple[str, str], GitRecord] = field(default_factory=dict)
