"""Documents -> typed models: every field of every file checked, every problem reported."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from generator.content import safety
from generator.content.models import (
    Accounting,
    Commitment,
    Component,
    Group,
    Portal,
    Progress,
)
from generator.content.schema import (
    FAILED,
    HTTP_OR_HTTPS,
    HTTPS,
    Checker,
    Field,
    Invalid,
    boolean,
    choice,
    day,
    describe,
    did_you_mean,
    label,
    list_of,
    mapping,
    ok,
    one_of,
    positive_int,
    record_of,
    text,
    url_like,
)
from generator.content.source import Document, KeyPath
from generator.content.vocab import CommitmentStatus, ComponentStatus
from generator.errors import Problem
from generator.notify.settings import notify_from
from generator.words import LANGUAGES

ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
ID_HINT = "ids use lowercase letters, digits and hyphens, and start with a letter or digit"


def slugify(words: str) -> str:
    """A valid id made from free text: 'API errors (EU)' -> 'api-errors-eu'."""
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:60].strip("-") or "untitled"


def identifier(c: Checker, value: Any, path: KeyPath) -> str:
    if isinstance(value, str) and ID.match(value):
        return value
    raise Invalid(f"not a valid id: {value!r}", ID_HINT)


def absolute_url(c: Checker, value: Any, path: KeyPath) -> str:
    url = url_like(
        c, value, path, HTTP_OR_HTTPS, "an absolute http(s) URL", "https://status.example.com/"
    )
    # The URL goes into pages, feeds and the API as it is written: letters, digits and -._~%/ only.
    if not _SITE_URL.match(url):
        bad = next(
            ch for ch in url.partition("://")[2] if not re.match(r"[A-Za-z0-9\-._~%/:\[\]]", ch)
        )
        raise Invalid(
            f"the site URL may not contain {bad!r}; got {url!r}",
            "a site's address has no query, fragment, quotes or markup; percent-encode "
            "other characters in its path",
        )
    return url if url.endswith("/") else url + "/"


_SITE_URL = re.compile(
    r"https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(/[A-Za-z0-9\-._~%/]*)?\Z"
)
LANGUAGE = re.compile(r"[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*\Z")


EMAIL = re.compile(r"[A-Za-z0-9.!#$%*+/=?^_{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")


def email(c: Checker, value: Any, path: KeyPath) -> str:
    address = text(c, value, path)
    if not EMAIL.match(address):
        raise Invalid(f"not an e-mail address: {address!r}", "e.g. status@example.com")
    return address


def language(c: Checker, value: Any, path: KeyPath) -> str:
    code = text(c, value, path)
    if not LANGUAGE.match(code):
        raise Invalid(f"not a language code: {code!r}", "a code such as en, de, pt-BR or ja")
    if code not in LANGUAGES:
        raise Invalid(
            f"Openbook has no translation for language {code!r}",
            did_you_mean(code, list(LANGUAGES)) or "its languages: " + ", ".join(LANGUAGES),
        )
    return code


def languages(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise Invalid(
            f"expected a list of language codes; got {describe(value)}",
            "e.g. [en, de]: the first is the default, published at the site's root",
        )
    out: list[str] = []
    for i, item in enumerate(value):
        code = c.value(language, item, path + (i,))
        if code in out:
            c.report(path + (i,), f"{code!r} is listed twice")
        elif code is not FAILED:
            out.append(code)
    return tuple(out)


def word_value(c: Checker, value: Any, path: KeyPath) -> str | dict[str, str]:
    """A text, or one text per language: `{en: Status, de: Status}`."""
    if isinstance(value, dict):
        return {str(key): c.value(text, item, path + (key,)) for key, item in value.items()}
    return text(c, value, path)


def timezone(c: Checker, value: Any, path: KeyPath) -> ZoneInfo:
    name = text(c, value, path)
    try:
        if name in available_timezones() or name == "UTC":
            return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pass
    hint = (
        did_you_mean(name, sorted(available_timezones()))
        or "an IANA zone name such as Europe/Berlin"
    )
    raise Invalid(f"unknown time zone {name!r}", hint)


def target(c: Checker, value: Any, path: KeyPath) -> float:
    """A monthly availability target in percent, such as 99.9."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 50 <= value < 100:
        return float(value)
    raise Invalid(
        f"expected a percentage from 50 to below 100; got {describe(value)}",
        "e.g. 99.9 (a month may then have 43 minutes of downtime)",
    )


def repository(c: Checker, value: Any, path: KeyPath) -> str:
    """The content repository's web address; each revision links to `…/commit/SHA` there."""
    pattern = r"https://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9\-._~%/]*)?\Z"
    expected, example = "the repository's https address", "https://github.com/example/status"
    return url_like(c, value, path, pattern, expected, example).rstrip("/")


GROUP = {"id": Field(identifier, required=True), "name": Field(word_value, required=True)}
COMPONENT = {
    "id": Field(identifier, required=True),
    "name": Field(word_value, required=True),
    "group": Field(identifier),
    "description": Field(word_value, default=""),
    "hidden": Field(boolean, default=False),
    "retired": Field(day),
    "slo": Field(target),
}


def feedback_form(c: Checker, value: Any, path: KeyPath) -> str:
    """A form's address with `{id}` and `{title}` where the incident goes."""
    example = "https://forms.example.com/incident?id={id}&title={title}"
    url = url_like(c, value, path, HTTPS, "an https URL", example)
    unknown = set(re.findall(r"\{(\w*)\}", url)) - {"id", "title"}
    if unknown:
        raise Invalid(f"unknown placeholder {{{sorted(unknown)[0]}}}", "use {id} and {title}")
    return url


FEEDBACK = {"email": Field(email), "url": Field(feedback_form)}


def web_form(c: Checker, value: Any, path: KeyPath) -> str:
    return url_like(c, value, path, HTTPS, "an https URL", "https://example.com/subscribe")


SUBSCRIBE = {"email": Field(email), "url": Field(web_form)}


def weight(c: Checker, value: Any, path: KeyPath) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise Invalid(f"expected a weight from 0 to 1; got {describe(value)}", "e.g. 0.3")


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
    "title": Field(word_value, required=True),
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
    "feedback": Field(record_of(FEEDBACK, "feedback")),
    "repository": Field(repository),
    "availability": Field(record_of(ACCOUNTING, "the availability rules")),
    "subscribe": Field(record_of(SUBSCRIBE, "the e-mail sign-up")),
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
                _known("groups", known_groups),
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
    if not ok(*f.values()) or words.failed:
        return None
    unsafe = safety.mkdocs_problems(f["mkdocs"], f["allow_scripts"])
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
        notes=tuple(words.notes),
        description=description,
        contact=f["contact"],
        update_every=timedelta(minutes=f["update_every"]),
        feed_size=f["feed_size"],
        allow_scripts=f["allow_scripts"],
        groups=tuple(groups),
        components=tuple(components),
        mkdocs=f["mkdocs"],
        notify=notify,
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


def _unique(c: Checker, items: Any, field: str, build) -> list:
    """Build each valid item of a list of records with ids, reporting repeated ids."""
    if items is FAILED:
        return []
    out, seen = [], set()
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


def _known(what: str, ids: list[str], where: str = "") -> str:
    listed = ", ".join(ids) if ids else "none yet"
    return f"known {what}: {listed} (ids, case-sensitive{'; see ' + where if where else ''})"


def component_statuses(allowed: tuple[ComponentStatus, ...], known: list[str], portal_path: str):
    """A parser for `{component id: status}` that knows the portal's components."""
    status = choice(ComponentStatus, allowed)

    def parse(c: Checker, value: Any, path: KeyPath) -> dict[str, ComponentStatus]:
        value = mapping(c, value, path)
        out = {}
        for key, raw in value.items():
            if key not in known:
                c.report(
                    path + (key,),
                    f"unknown component {key!r}",
                    _known("components", known, portal_path),
                    field="components",
                )
                continue
            parsed = c.value(status, raw, path + (key,))
            if parsed is not FAILED:
                out[key] = parsed
        return out

    return parse


PROGRESS = {"at": Field(day, required=True), "text": Field(text, required=True)}
COMMITMENT = {
    "title": Field(text, required=True),
    "status": Field(choice(CommitmentStatus), required=True),
    "due": Field(day),
    "done": Field(day),
    "progress": Field(list_of(record_of(PROGRESS, "a progress note")), default=[]),
    "reason": Field(text, default=""),
}


def commitments_from(c: Checker, raw: Any) -> tuple[Commitment, ...]:
    out = []
    for i, item in enumerate(raw if raw is not FAILED and raw else []):
        if item is FAILED:
            continue
        if (
            ok(item["done"], item["status"])
            and item["done"]
            and item["status"] is not CommitmentStatus.DONE
        ):
            c.report(
                ("commitments", i, "done"),
                f"a completion date needs status done; the status is {item['status']}",
            )
            continue
        status = item["status"]
        if status is FAILED:
            continue
        if status is CommitmentStatus.DROPPED and not item["reason"]:
            c.report(
                ("commitments", i, "status"),
                "a dropped commitment needs `reason:`",
                "say why it was dropped: readers judge the decision by its reason",
            )
            continue
        if item["reason"] and status is not CommitmentStatus.DROPPED:
            c.report(
                ("commitments", i, "reason"),
                f"a reason belongs to a dropped commitment; the status is {status}",
                "give progress as `progress:` notes instead",
            )
            continue
        notes_ok = ok(item["progress"]) and all(
            n is not FAILED and ok(*n.values()) for n in item["progress"]
        )
        if ok(*item.values()) and notes_ok:
            notes = sorted((p["at"], p["text"]) for p in item["progress"])
            out.append(
                Commitment(
                    item["title"],
                    status,
                    item["due"],
                    item["done"],
                    progress=tuple(Progress(on, note) for on, note in notes),
                    reason=item["reason"],
                )
            )
    return tuple(out)


def component_list(known: list[str], portal_path: str):
    """A parser for a list of component ids."""

    def parse(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid(
                f"expected a list of component ids; got {describe(value)}", "e.g. [api, dashboard]"
            )
        out = []
        for i, item in enumerate(value):
            if item not in known:
                c.report(
                    path + (i,),
                    f"unknown component {item!r}",
                    _known("components", known, portal_path),
                    field="components",
                )
            elif item not in out:
                out.append(item)
        return tuple(out)

    return parse
