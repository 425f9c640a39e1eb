"""The pages of policies and the subprocessor register: the list of policies, each policy as
in effect today, each version permanently, each version's redline, and the register."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator import urls
from generator.content.policies import Policy, PolicyVersion
from generator.facts.policies import in_effect, notice_days, previous, register_facts, upcoming
from generator.facts.redline import Marks, redline

if TYPE_CHECKING:
    from generator.site.pages import Page, Site


@dataclass(frozen=True)
class VersionView:
    """One version as its pages show it."""

    version: PolicyVersion
    number: int  # 1 for the first version git has
    replaces: PolicyVersion | None
    replaced_by: PolicyVersion | None
    notice: int | None  # days between its publication and its effective day; None: not known
    promised: int
    state: str  # "current", "upcoming" or "former"


@dataclass(frozen=True)
class PolicyView:
    policy: Policy
    current: PolicyVersion | None  # None before its first version takes effect
    upcoming: tuple[PolicyVersion, ...]  # soonest first
    versions: tuple[VersionView, ...]  # by effective date

    @property
    def title(self) -> str:
        return (self.current or self.policy.newest).title

    def view(self, version: PolicyVersion) -> VersionView:
        return next(v for v in self.versions if v.version is version)


def policy_view(policy: Policy, site: Site) -> PolicyView:
    today, zone = site.today, site.portal.timezone
    current = in_effect(policy, today)
    found = []
    versions = policy.versions
    for n, version in enumerate(versions):
        published = version.published.astimezone(zone).date() if version.published else None
        found.append(
            VersionView(
                version,
                n + 1,
                previous(policy, version),
                versions[n + 1] if n + 1 < len(versions) else None,
                (version.effective - published).days if published else None,
                notice_days(version, site.portal.policy_notice_days),
                "current"
                if version is current
                else "upcoming"
                if version.effective > today
                else "former",
            )
        )
    return PolicyView(policy, current, upcoming(policy, today), tuple(found))


def policy_pages(site: Site) -> Iterable[Page]:
    _ = site.words._
    views = [policy_view(p, site) for p in site.content.policies]
    if not views:
        return
    feeds = (urls.feed("policies"),)
    lang = original(site)
    yield site.render(
        urls.source(urls.POLICIES),
        "policies.html",
        _("Policies"),
        description=_("Our policies, every version of each, and what each change changed."),
        in_nav=True,
        feeds=feeds,
        policies=sorted(views, key=lambda v: (not v.upcoming, v.title.casefold())),
        original=lang,
    )
    marks = Marks(_("[added: "), _("[removed: "), _("]"))
    for view in views:
        policy = view.policy
        shown = view.current or policy.versions[0]
        yield site.render(
            urls.source(urls.policy(policy.id)),
            "policy.html",
            shown.title,
            feeds=feeds,
            searchable=True,
            view=view,
            original=lang,
            shown=view.view(shown),
            here=True,
            text=site.md.html(shown.body),
        )
        for version in view.versions:
            yield site.render(
                urls.source(urls.policy_version(policy.id, version.version.effective)),
                "policy.html",
                version.version.title,
                feeds=feeds,
                view=view,
                original=lang,
                shown=version,
                here=False,
                text=moved(site.md.html(version.version.body), 1),
            )
            if version.replaces is not None:
                yield site.render(
                    urls.source(urls.policy_changes(policy.id, version.version.effective)),
                    "policy_changes.html",
                    _("What changes in %(title)s", title=version.version.title),
                    description=version.version.summary[:200],
                    feeds=feeds,
                    view=view,
                    original=lang,
                    shown=version,
                    redline=moved(_redline(site, version.replaces, version.version, marks), 2),
                )


def original(site: Site) -> Markup:
    """` lang="en"` in an edition of another language than the texts': policies and the
    register are not translated, so their words are marked with the language they are in."""
    first = site.portal.languages[0]
    return Markup(' lang="{}"').format(first) if site.portal.language != first else Markup("")


def _redline(site: Site, old: PolicyVersion, new: PolicyVersion, marks: Marks) -> Markup:
    """What `new` changed in `old`'s text."""
    # The page's own HTML of each version: converted once (the renderer keeps it), the same
    # headings as on the version's page.
    return redline(site.md.html(old.body), site.md.html(new.body), marks)


# A link that names no scheme, host or site path is relative to the page it is written for.
_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![A-Za-z][A-Za-z0-9+.-]*:|/|#|\?)([^"]*")')


def moved(html: Markup, levels: int) -> Markup:
    """A policy's HTML for a page `levels` folders below the policy's own page: its text is
    written for /policies/ID/, so its relative links climb that much further."""
    return Markup(_RELATIVE.sub(lambda m: m.group(1) + "../" * levels + m.group(2), html))


def subprocessor_page(site: Site) -> Iterable[Page]:
    register = site.content.subprocessors
    if register is None:
        return
    record = site.content.policy_revisions
    facts = register_facts(register, record, site.portal.timezone, site.now)
    _ = site.words._
    lang = original(site)
    yield site.render(
        urls.source(urls.SUBPROCESSORS),
        "subprocessors.html",
        _("Subprocessors"),
        description=_("Who processes our customers' data for us, and the changes announced."),
        in_nav=True,
        feeds=(urls.feed("subprocessors"),),
        register=facts,
        original=lang,
        objection=register.objection,
    )
