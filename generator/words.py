"""Every word Openbook shows and how times and durations read: one table of labels, ready for
translation catalogs, used by pages, feeds, the calendar, badges and messages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from generator.content.schema import iso  # also the templates' `iso`
from generator.content.vocab import (
    AnnouncementKind,
    CommitmentStatus,
    ComponentStatus,
    Impact,
    IncidentStatus,
    Indicator,
)
from generator.content.vocab import MaintenanceStatus as MS

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

BADGE_WORDS = {  # the overall badge's message
    Indicator.NONE: "operational",
    Indicator.MINOR: "minor outage",
    Indicator.MAJOR: "partial outage",
    Indicator.CRITICAL: "major outage",
    Indicator.MAINTENANCE: "maintenance",
}

COMPONENT_LABELS = {
    ComponentStatus.OPERATIONAL: "Operational",
    ComponentStatus.UNDER_MAINTENANCE: "Under maintenance",
    ComponentStatus.DEGRADED_PERFORMANCE: "Degraded performance",
    ComponentStatus.PARTIAL_OUTAGE: "Partial outage",
    ComponentStatus.MAJOR_OUTAGE: "Major outage",
}

MAINTENANCE_LABELS = {
    MS.SCHEDULED: "Scheduled",
    MS.IN_PROGRESS: "In progress",
    MS.VERIFYING: "Verifying",
    MS.COMPLETED: "Completed",
    MS.CANCELLED: "Cancelled",
}

KIND_LABELS = {
    AnnouncementKind.CHANGE: "Change",
    AnnouncementKind.REPORT: "Transparency report",
    AnnouncementKind.NOTICE: "Notice",
}

# Icons carry meaning together with the word beside them, never alone.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
    ComponentStatus.DEGRADED_PERFORMANCE: "!",
    ComponentStatus.PARTIAL_OUTAGE: "!",
    ComponentStatus.MAJOR_OUTAGE: "✕",
}


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
        return Markup('<time datetime="{}">{}</time>').format(
            day.isoformat(), f"{day.day} {day:%b %Y}"
        )


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


def day_summary(day, clock: Clock) -> str:
    """One day of one component in words: the text behind an uptime bar."""
    when = f"{day.day.day} {day.day:%b %Y}"
    if not day.incidents and not day.minutes:
        return f"{when}: no incidents"
    parts = [
        f"{COMPONENT_LABELS[s].lower()} {span_minutes(m)}"
        for s, m in sorted(day.minutes.items(), key=lambda x: -x[0].rank)
    ]
    text = f"{when}: " + (", ".join(parts) if parts else "no downtime")
    if day.downtime:
        text += f" ({span_minutes(day.downtime)} downtime)"
    n = len(day.incidents)
    titles = "; ".join(i.title for i in day.incidents[:3]) + (
        f"; and {n - 3} more" if n > 3 else ""
    )
    return text + f"; {n} incident{'s' if n != 1 else ''}: " + titles


def span_minutes(minutes: float) -> str:
    return span(timedelta(minutes=round(minutes)))


def banner(overall) -> str:
    """The home page's one sentence: the worst state now, or that all is well."""
    worst, incidents = overall.tone, overall.open_incidents
    if worst is ComponentStatus.UNDER_MAINTENANCE:
        return f"Maintenance in progress: {_join(overall.affected)}"
    if worst is not ComponentStatus.OPERATIONAL:
        return f"{COMPONENT_LABELS[worst]} affecting {_join(overall.affected)}"
    if len(incidents) == 1:
        return f"{incidents[0].updates[-1].status.value.capitalize()}: {incidents[0].title}"
    if incidents:
        return f"{len(incidents)} open incidents"
    return "All systems operational"


def _join(names: tuple[str, ...]) -> str:
    if len(names) > 3:
        return f"{len(names)} components"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
