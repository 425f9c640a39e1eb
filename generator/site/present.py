"""How values read on a page: times in the site's zone, durations, labels, Markdown."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import markdown
from markupsafe import Markup

from generator.content import safety
from generator.content.vocab import CommitmentStatus, ComponentStatus, Impact, IncidentStatus

IMPACT_LABELS = {
    Impact.NONE: "No impact",
    Impact.MINOR: "Minor",
    Impact.MAJOR: "Major",
    Impact.CRITICAL: "Critical",
}

STATUS_LABELS = {
    IncidentStatus.INVESTIGATING: "Investigating",
    IncidentStatus.IDENTIFIED: "Identified",
    IncidentStatus.MONITORING: "Monitoring",
    IncidentStatus.RESOLVED: "Resolved",
}

COMMITMENT_LABELS = {
    CommitmentStatus.PLANNED: "Planned",
    CommitmentStatus.IN_PROGRESS: "In progress",
    CommitmentStatus.DONE: "Done",
    CommitmentStatus.DROPPED: "Dropped",
}

# Icons carry meaning together with the word beside them, never alone.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
    ComponentStatus.DEGRADED_PERFORMANCE: "!",
    ComponentStatus.PARTIAL_OUTAGE: "!",
    ComponentStatus.MAJOR_OUTAGE: "✕",
}


def iso(moment: datetime) -> str:
    """UTC, to the second, with Z: the form in `datetime` attributes, feeds and the API."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Clock:
    """Formats times in the site's zone, as `<time>` elements a script can localise."""

    def __init__(self, zone: ZoneInfo):
        self.zone = zone

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def text(self, moment: datetime, style: str = "datetime") -> str:
        m = self.local(moment)
        if style in ("time", "when"):
            return m.strftime("%H:%M %Z")
        if style == "date":
            return f"{m.day} {m:%b %Y}"
        return f"{m.day} {m:%b %Y}, {m:%H:%M %Z}"

    def tag(self, moment: datetime, style: str = "datetime") -> Markup:
        return Markup('<time datetime="{}" data-ob-time="{}">{}</time>').format(
            iso(moment), style, self.text(moment, style)
        )

    def near(self, moment: datetime, now: datetime) -> Markup:
        """A tag with the time alone when `moment` falls on the same day as `now` in the site's
        zone, else with its date: "by 10:40" means today."""
        same_day = self.local(moment).date() == self.local(now).date()
        return self.tag(moment, "when" if same_day else "datetime")

    def day_tag(self, day: date) -> Markup:
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), f"{day.day} {day:%b %Y}")


def span(delta: timedelta) -> str:
    """A duration as people say it: '45 min', '2 h 5 min', '3 days 4 h'."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days > 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {mins} min" if mins else "")
    return f"{mins} min"


# Text that Markdown (with extra, sane_lists and smarty) turns into exactly <p>text</p>:
# one line, no markup characters, no list or heading start, no quotes, dashes or ellipses.
_PLAIN = re.compile(r"(?![ \t]|\d+[.)]|[-+*])[^\n\t\\`*_\[\]<>&#!~'\"|:=^{}]*\Z")
_SMARTY = re.compile(r"--|\.\.\.|\s\s\Z")


def _as_written(html: str) -> str:
    return html


def _smarty_before_prettify(md: markdown.Markdown) -> None:
    """Python-Markdown runs smarty's inline pass after `prettify` has given every top-level block
    a newline tail, and that pass looks up the position of each block with a tail in the list of
    all blocks: quadratic in the length of a report (1 MB took 15 s). Before prettify there are
    no such tails; the HTML is the same."""
    smarty = md.treeprocessors["smarty"]
    md.treeprocessors.deregister("smarty")
    md.treeprocessors.register(smarty, "smarty", 11)  # after inline (20), before prettify (10)


class Renderer:
    """Markdown to HTML with one reused parser: creating one per page is the slow part.

    Every fragment passes the allowlist sanitiser (`safety.clean`) unless `sanitise` is off:
    for sites with `allow_scripts: true`, and for the check that tells authors what it would remove.
    """

    def __init__(self, sanitise: bool = True) -> None:
        self._clean = safety.clean if sanitise else _as_written
        extensions = ["extra", "sane_lists", "smarty"]
        self._done: dict[str, Markup] = {}
        self._md = markdown.Markdown(extensions=extensions, output_format="html")
        # A report sits under the page's own <h2>: its `## What happened` becomes an <h3>.
        self._nested = markdown.Markdown(
            extensions=[*extensions, "toc"], extension_configs={"toc": {"baselevel": 2}}, output_format="html",
        )
        for md in (self._md, self._nested):
            _smarty_before_prettify(md)

    def html(self, source: str) -> Markup:
        # The same text appears on a page, on the home page and in feeds: convert it once.
        found = self._done.get(source)
        if found is None:
            if _PLAIN.match(source) and not _SMARTY.search(source):
                # A one-paragraph sentence with nothing Markdown or smarty would change: the
                # parser's result is known, and most update texts are like this.
                found = Markup(f"<p>{source.strip()}</p>")
            else:
                found = Markup(self._clean(self._md.reset().convert(source)))
            self._done[source] = found
        return found

    def section(self, source: str) -> Markup:
        """Markdown that goes under a heading of the page: its headings move one level down."""
        return Markup(self._clean(self._nested.reset().convert(source)))

    def inline(self, source: str) -> Markup:
        """A short text (an update) without a wrapping paragraph when it is one."""
        out = self._clean(self._md.reset().convert(source))
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)


def day_summary(day, clock: Clock) -> str:
    """One day of one component in words: the text behind an uptime bar."""
    when = f"{day.day.day} {day.day:%b %Y}"
    if not day.incidents and not day.minutes:
        return f"{when}: no incidents"
    parts = [f"{s.label.lower()} {span_minutes(m)}" for s, m in sorted(day.minutes.items(), key=lambda x: -x[0].rank)]
    text = f"{when}: " + (", ".join(parts) if parts else "no downtime")
    if day.downtime:
        text += f" ({span_minutes(day.downtime)} downtime)"
    n = len(day.incidents)
    titles = "; ".join(i.title for i in day.incidents[:3]) + (f"; and {n - 3} more" if n > 3 else "")
    return text + f"; {n} incident{'s' if n != 1 else ''}: " + titles


def span_minutes(minutes: float) -> str:
    return span(timedelta(minutes=round(minutes)))
