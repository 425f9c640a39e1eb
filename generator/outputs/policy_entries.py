"""What policies and the subprocessor register tell readers, once, for the feeds and for
`openbook notify` alike: a version published, a version taking effect, a subprocessor added,
a subprocessor leaving. Each has a key that names what happened, never its words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from generator import urls
from generator.content.models import Content
from generator.facts.policies import previous, register_facts
from generator.words import Words


@dataclass(frozen=True)
class Happening:
    key: str  # "policy/privacy/2027-01-01/published": the same in every language
    kind: str  # "policy" or "subprocessor": what feeds and channels select on
    type: str  # policy.published | policy.effective | subprocessor.added | subprocessor.leaving
    at: datetime
    source: str  # "policies/ID" or "subprocessors": the document it comes from
    title: str  # the policy's title, or the subprocessor's name
    label: str  # what happened, in words: "New version", "In effect"
    markdown: str  # what a reader is told, as Markdown
    link: str  # absolute URL


def _start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)


def happenings(content: Content, now: datetime, words: Words) -> list[Happening]:
    """Everything told by `now`, oldest first. A version not committed yet is published when
    it is: it has no entry until then."""
    return sorted(
        [h for h in _policies(content, words) + _register(content, now, words) if h.at <= now],
        key=lambda h: (h.at, h.key),
    )


def _policies(content: Content, words: Words) -> list[Happening]:
    _, zone, site = words._, content.portal.timezone, content.portal.url
    found = []
    for policy in content.policies:
        for version in policy.versions:
            if version.published is None:
                continue
            page = site + urls.policy_version(policy.id, version.effective)
            replaced = previous(policy, version)
            changes = site + urls.policy_changes(policy.id, version.effective)
            when = words.date(version.effective)
            said = _("This version takes effect on %(date)s.", date=when)
            if replaced is not None:
                said += "\n\n" + version.summary + "\n\n" + _("What changes: %(url)s", url=changes)
            key = f"policy/{policy.id}/{version.effective.isoformat()}"
            found.append(
                Happening(
                    f"{key}/published",
                    "policy",
                    "policy.published",
                    version.published,
                    f"policies/{policy.id}",
                    version.title,
                    _("New version, effective %(date)s", date=when),
                    said,
                    changes if replaced is not None else page,
                )
            )
            found.append(
                Happening(
                    f"{key}/effective",
                    "policy",
                    "policy.effective",
                    max(_start(version.effective, zone), version.published),
                    f"policies/{policy.id}",
                    version.title,
                    _("In effect from today"),
                    _("This version is in effect from today, %(date)s.", date=when),
                    page,
                )
            )
    return found


def _register(content: Content, now: datetime, words: Words) -> list[Happening]:
    register = content.subprocessors
    if register is None:
        return []
    _, zone = words._, content.portal.timezone
    record = content.policy_revisions
    facts = register_facts(register, record, zone, now)
    page = content.portal.url + urls.SUBPROCESSORS
    found = []
    for listed in (*facts.upcoming, *facts.current, *facts.former):
        entry = listed.entry
        dates = record.entries.get(entry.id)
        if entry.announced is not None and (
            dates is None or dates.added.astimezone(zone).date() != entry.announced
        ):
            told = _start(entry.announced, zone)
        elif dates is not None:
            told = dates.added  # the moment it was published, where git knows it
        else:
            told = None  # listed before anything dates it: no news to tell
        about = _(
            "%(purpose)s; in %(location)s; processes %(data)s.",
            purpose=entry.purpose,
            location=entry.location,
            data=words.join(entry.data),
        )
        if told is not None:
            said = about + " " + _("From %(date)s.", date=words.date(entry.since))
            if listed.object_by is not None:
                said += " " + _(
                    "To object, tell us by %(date)s: %(link)s",
                    date=words.date(listed.object_by),
                    link=register.objection.removeprefix("mailto:"),
                )
            found.append(
                Happening(
                    f"subprocessor/{entry.id}/added",
                    "subprocessor",
                    "subprocessor.added",
                    told,
                    "subprocessors",
                    entry.name,
                    _("New subprocessor"),
                    said,
                    f"{page}#sp-{entry.id}",
                )
            )
        if entry.until is not None:
            left = dates.ended if dates is not None and dates.ended else _start(entry.until, zone)
            found.append(
                Happening(
                    f"subprocessor/{entry.id}/leaving",
                    "subprocessor",
                    "subprocessor.leaving",
                    left,
                    "subprocessors",
                    entry.name,
                    _("Subprocessor leaving"),
                    about + " " + _("Its last day: %(date)s.", date=words.date(entry.until)),
                    f"{page}#sp-{entry.id}",
                )
            )
    return found
