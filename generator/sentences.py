"""The sentences Openbook says in every language: durations, a day of a component, the home
page's banner, counts of incidents by impact, labelled titles, and the words openbook.js writes.

They are `Words`' methods, written here apart from its formats (numbers, dates, times) and
catalogs, which they speak through."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from generator.content.vocab import ComponentStatus, Impact, IncidentStatus
from generator.content.vocab import MaintenanceStatus as MS

if TYPE_CHECKING:
    from generator.facts.derive import Overall
    from generator.facts.uptime import Day


class Sentences:
    """Sentences built from a language's messages (`_`, `n_`) and formats (`number`, `join`,
    `date`, the `phrase`, `component`, `phase` and `maintenance` tables) that `Words` has."""

    _spans: dict[int, str]  # a cache of `span`, by minutes
    phrase: dict[ComponentStatus, str]
    component: dict[ComponentStatus, str]
    phase: dict[IncidentStatus, str]
    maintenance: dict[MS, str]

    if TYPE_CHECKING:  # what `Words` defines

        def _(self, message: str, **values: object) -> str: ...

        def n_(self, singular: str, plural: str, count: int, **values: object) -> str: ...

        def number(self, value: float) -> str: ...

        def join(self, items: Iterable[str]) -> str: ...

        def date(self, day: date) -> str: ...

    def span(self, delta: timedelta) -> str:
        """A duration as people say it: '45 min', '2 h 5 min', '3 days 4 h'."""
        minutes = max(0, int(delta.total_seconds() // 60))
        found = self._spans.get(minutes)
        if found is None:
            found = self._spans[minutes] = self._span(minutes)
        return found

    def _span(self, minutes: int) -> str:
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            text = self.n_("%(num)s day", "%(num)s days", days)
            return text + (" " + self._("%(num)s h", num=self.number(hours)) if hours else "")
        if hours:
            text = self._("%(num)s h", num=self.number(hours))
            return text + (" " + self._("%(num)s min", num=self.number(mins)) if mins else "")
        return self._("%(num)s min", num=self.number(mins))

    def span_minutes(self, minutes: float) -> str:
        return self.span(timedelta(minutes=round(minutes)))

    def day_summary(self, day: Day) -> str:
        """One day of one component in words: the text behind an uptime bar."""
        when = self.date(day.day)
        if not day.incidents and not day.minutes:
            return self._("%(date)s: no incidents", date=when)
        parts = [
            self._("%(status)s %(duration)s", status=self.phrase[s], duration=self.span_minutes(m))
            for s, m in sorted(day.minutes.items(), key=lambda x: -x[0].rank)
        ]
        text = self._(
            "%(date)s: %(statuses)s",
            date=when,
            statuses=self.join(parts) if parts else self._("no downtime"),
        )
        if day.downtime:
            text += " " + self._(
                "(%(duration)s downtime)", duration=self.span_minutes(day.downtime)
            )
        n = len(day.incidents)
        titles = [i.title for i in day.incidents[:3]]
        if n > 3:
            titles.append(self.n_("%(num)s more", "%(num)s more", n - 3))
        incidents = self.n_(
            "%(num)s incident: %(titles)s",
            "%(num)s incidents: %(titles)s",
            n,
            titles="; ".join(titles),
        )
        return self._("%(summary)s; %(incidents)s", summary=text, incidents=incidents)

    def banner(self, overall: Overall) -> str:
        """The home page's one sentence: the worst state now, or that all is well."""
        worst, incidents = overall.tone, overall.open_incidents
        if worst is ComponentStatus.UNDER_MAINTENANCE:
            return self._("Maintenance in progress: %(names)s", names=self.names(overall.affected))
        if worst is not ComponentStatus.OPERATIONAL:
            return self._(
                "%(status)s affecting %(names)s",
                status=self.component[worst],
                names=self.names(overall.affected),
            )
        if len(incidents) == 1:
            latest = incidents[0].updates[-1].status
            return self._(
                "%(phase)s: %(title)s", phase=self.phase[latest], title=incidents[0].title
            )
        if incidents:
            return self.n_("%(num)s open incident", "%(num)s open incidents", len(incidents))
        return self._("All systems operational")

    def impact_counts(self, counts: Iterable[tuple[Impact, int]]) -> str:
        """'2 minor, 1 critical' for [(Impact, count), …]."""
        forms = {
            Impact.NONE: lambda n: self.n_("%(num)s without impact", "%(num)s without impact", n),
            Impact.MINOR: lambda n: self.n_("%(num)s minor", "%(num)s minor", n),
            Impact.MAJOR: lambda n: self.n_("%(num)s major", "%(num)s major", n),
            Impact.CRITICAL: lambda n: self.n_("%(num)s critical", "%(num)s critical", n),
        }
        return self.join(forms[impact](n) for impact, n in counts)

    def names(self, names: tuple[str, ...]) -> str:
        if len(names) > 3:
            return self.n_("%(num)s component", "%(num)s components", len(names))
        return self.join(names)

    def labelled(self, label: str, title: str) -> str:
        """`Label: title`, unless the title already starts with the label."""
        if title.casefold().startswith(label.casefold()):
            return title
        return self._("%(label)s: %(title)s", label=label, title=title)

    def script(self) -> dict[str, str]:
        """The words openbook.js writes into pages, with {placeholders} it fills in."""
        return {
            "yourTime": self._("(%(time)s your time)", time="{time}"),
            "open": self._("open"),
            "found": self._("Incidents found: %(num)s.", num="{num}"),
            "newest": self._("The newest %(num)s are shown.", num="{num}"),
            "noIndex": self._(
                "The incident index could not be loaded; the history below is complete."
            ),
            "scheduled": self.maintenance[MS.SCHEDULED],
            "in_progress": self.maintenance[MS.IN_PROGRESS],
            "completed": self.maintenance[MS.COMPLETED],
        }
