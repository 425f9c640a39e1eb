"""portal.yml -> the Portal: the site's settings, its groups and components, each word in every
language the site speaks; every field checked, every problem reported.

The ids, the single values, commitments, component references and the `notify:` and
`security:` settings have modules of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from generator.content.component_references import known_hint
from generator.content.ids import identifier
from generator.content.mkdocs_settings import mkdocs_problems
from generator.content.models import Accounting, Component, Group, Portal
from generator.content.notify_settings import notify_from
from generator.content.portal_values import (
    absolute_url,
    feedback_form,
    language,
    languages,
    repository,
    target,
    timezone,
    web_form,
    weight,
    word_line,
    word_value,
)
from generator.content.schema import (
    FAILED,
    Checker,
    Field,
    boolean,
    day,
    did_you_mean,
    email,
    label,
    list_of,
    mapping,
    ok,
    one_of,
    positive_int,
    record_of,
)
from generator.content.security_settings import root_warnings, security_from
from generator.content.source import Document, KeyPath
from generator.errors import Problem

GROUP = {"id": Field(identifier, required=True), "name": Field(word_line, required=True)}
COMPONENT = {
    "id": Field(identifier, required=True),
    "name": Field(word_line, required=True),
    "group": Field(identifier),
    "description": Field(word_value, default=""),
    "hidden": Field(boolean, default=False),
    "retired": Field(day),
    "slo": Field(target),
}


FEEDBACK = {"email": Field(email), "url": Field(feedback_form)}
POLICIES = {"notice_days": Field(positive_int, default=30)}  # a policy's default notice
SUBSCRIBE = {"email": Field(email), "url": Field(web_form)}

ACCOUNTING = {
    "slo": Field(target),
    "partial_outage_weight": Field(weight, default=0.3),
    "degraded_performance_weight": Field(weight, default=0.0),
    "maintenance": Field(one_of(("ignore", "downtime", "exclude")), default="ignore"),
    "timezone": Field(timezone),
}


def _accounting(raw: dict | None) -> Accounting:
    if not raw:
        return Accounting()
    return Accounting(
        partial_outage=raw["partial_outage_weight"],
        degraded_performance=raw["degraded_performance_weight"],
        maintenance=raw["maintenance"],
        timezone=raw["timezone"],
    )


PORTAL = {
    "title": Field(word_line, required=True),
    "url": Field(absolute_url, required=True),
    "timezone": Field(timezone, default=ZoneInfo("UTC")),
    "language": Field(language),
    "languages": Field(languages),
    "description": Field(word_value, default=""),
    "contact": Field(email, default=""),
    "update_every": Field(positive_int, default=30),
    "feed_size": Field(positive_int, default=50),
    "allow_scripts": Field(boolean, default=False),
    "groups": Field(list_of(record_of(GROUP, "a group")), default=[]),
    "components": Field(
        list_of(record_of(COMPONENT, "a component"), at_least=1, what="component"), required=True
    ),
    "mkdocs": Field(mapping, default={}),
    "notify": Field(mapping),
    "security": Field(mapping),
    "feedback": Field(record_of(FEEDBACK, "feedback")),
    "repository": Field(repository),
    "availability": Field(record_of(ACCOUNTING, "the availability rules")),
    "subscribe": Field(record_of(SUBSCRIBE, "the e-mail sign-up")),
    "policies": Field(record_of(POLICIES, "the policy settings")),
}


def portal_from(doc: Document, c: Checker) -> Portal | None:
    f = c.record(doc.data, (), PORTAL, "portal.yml")
    if f is None:
        return None
    spoken = _spoken(c, f["language"], f["languages"])
    words = _Words(c, spoken)
    title = words.pick(f["title"], ("title",), "title")
    description = words.pick(f["description"], ("description",), "description")

    def group(i: int, raw: dict) -> Group:
        return Group(
            raw["id"], words.pick(raw["name"], ("groups", i, "name"), f"group:{raw['id']}")
        )

    groups = _unique(c, f["groups"], "groups", group)
    known_groups = [g.id for g in groups]

    def component(i: int, raw: dict) -> Component:
        if raw["group"] is not None and raw["group"] not in known_groups:
            c.report(
                ("components", i, "group"),
                f"unknown group {raw['group']!r}",
                known_hint("groups", known_groups),
            )
        key = f"component:{raw['id']}"
        return Component(
            raw["id"],
            words.pick(raw["name"], ("components", i, "name"), key + ":name"),
            raw["group"],
            words.pick(raw["description"], ("components", i, "description"), key + ":description"),
            position=i + 1,
            hidden=raw["hidden"],
            retired=raw["retired"],
            slo=raw["slo"],
        )

    components = _unique(c, f["components"], "components", component)
    notify = None
    if f["notify"] is not None and f["notify"] is not FAILED:
        notify = notify_from(c, f["notify"], [x.id for x in components], spoken)
        if notify is None:
            return None
    security = None
    if f["security"] is not None and f["security"] is not FAILED:
        security = security_from(c, f["security"])
        if security is None:
            return None
    if not ok(*f.values()) or words.failed:
        return None
    unsafe = mkdocs_problems(f["mkdocs"], f["allow_scripts"])
    for where, message, hint in unsafe:
        c.report(("mkdocs", *where), message, hint)
    if unsafe:
        return None
    return Portal(
        title=title,
        url=f["url"],
        timezone=f["timezone"],
        language=spoken[0],
        languages=spoken,
        translated=words.translated,
        notes=tuple(words.notes) + tuple(root_warnings(security, f["url"]) if security else ()),
        description=description,
        contact=f["contact"],
        update_every=timedelta(minutes=f["update_every"]),
        feed_size=f["feed_size"],
        allow_scripts=f["allow_scripts"],
        groups=tuple(groups),
        components=tuple(components),
        mkdocs=f["mkdocs"],
        notify=notify,
        security=security,
        policy_notice_days=(f["policies"] or {}).get("notice_days", 30),
        slo=(f["availability"] or {}).get("slo"),
        repository=f["repository"] or "",
        accounting=_accounting(f["availability"]),
        subscribe_email=(f["subscribe"] or {}).get("email") or "",
        subscribe_url=(f["subscribe"] or {}).get("url") or "",
        feedback_email=(f["feedback"] or {}).get("email") or "",
        feedback_url=(f["feedback"] or {}).get("url") or "",
        source=doc.path,
    )


def _spoken(c: Checker, one: Any, many: Any) -> tuple[str, ...]:
    """The site's languages, the default first, from `language` or `languages`."""
    if many is FAILED or one is FAILED:
        return ("en",)
    if many and one and one != many[0]:
        c.report(
            ("language",),
            f"the default language is {many[0]!r} (first in `languages`), not {one!r}",
            "keep one of the two: `languages` lists every language, its first the default",
        )
    return many or (one or "en",)


class _Words:
    """Reads word-valued settings: one text, or a text per language."""

    def __init__(self, c: Checker, spoken: tuple[str, ...]):
        self.c, self.spoken = c, spoken
        self.translated: dict[str, dict[str, str]] = {code: {} for code in spoken[1:]}
        self.notes: list[Problem] = []
        self.failed = False

    def pick(self, value: Any, path: KeyPath, key: str) -> Any:
        """The default language's text; the others' go to `translated` under `key`."""
        if not isinstance(value, dict):
            return value
        default = self.spoken[0]
        for code in value:
            if code not in self.spoken:
                self.failed = True
                self.c.report(
                    path + (code,),
                    f"{code!r} is not one of the site's languages",
                    did_you_mean(code, list(self.spoken))
                    or "the site's languages: " + ", ".join(self.spoken),
                )
        if default not in value:
            self.failed = True
            self.c.report(path, f"missing the text in {default!r}, the site's default language")
            return FAILED
        for code in self.spoken[1:]:
            if code in value:
                self.translated[code][key] = value[code]
            else:
                self.notes.append(
                    Problem(
                        self.c.doc.path,
                        self.c.doc.line(path),
                        label(path),
                        f"no {code!r} text; readers of /{code}/ see the {default!r} one",
                        f"add `{code}: …` under it",
                        level="warning",
                    )
                )
        if not ok(*value.values()):
            self.failed = True
        return value[default]


_Built = TypeVar("_Built")


def _unique(
    c: Checker, items: Any, field: str, build: Callable[[int, dict[str, Any]], _Built]
) -> list[_Built]:
    """Build each valid item of a list of records with ids, reporting repeated ids."""
    if items is FAILED:
        return []
    out: list[_Built] = []
    seen: set[str] = set()
    for i, raw in enumerate(items):
        if raw is FAILED or not ok(*raw.values()):
            continue
        if raw["id"] in seen:
            c.report((field, i, "id"), f"duplicate id {raw['id']!r}")
            continue
        if raw["id"] == "index":  # /components/ lists them all: components/index/ would be it
            c.report((field, i, "id"), "'index' is reserved for the list of every component")
            continue
        seen.add(raw["id"])
        out.append(build(i, raw))
    return out
