"""Every vocabulary in the content format, in one place: the statuses, impacts and kinds, and
the languages a site may speak.

The statuses and impacts follow the Atlassian Statuspage API v2 so that the JSON API can
pass them through unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class Impact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Impact).index(self)


class IncidentStatus(StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class ComponentStatus(StrEnum):
    OPERATIONAL = "operational"
    UNDER_MAINTENANCE = "under_maintenance"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"

    @property
    def rank(self) -> int:
        """Severity: a higher rank wins when several sources set one component."""
        return list(ComponentStatus).index(self)


# What an incident may set a component to; maintenance alone sets under_maintenance.
INCIDENT_COMPONENT_STATUSES = (
    ComponentStatus.DEGRADED_PERFORMANCE,
    ComponentStatus.PARTIAL_OUTAGE,
    ComponentStatus.MAJOR_OUTAGE,
)


class Indicator(StrEnum):
    """The page's overall state, as Statuspage's `status.indicator`."""

    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"
    MAINTENANCE = "maintenance"


class CommitmentStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class MaintenanceStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AnnouncementKind(StrEnum):
    CHANGE = "change"  # preemptive: a decision and its reasoning
    REPORT = "report"  # a periodic transparency report
    NOTICE = "notice"


# The languages a site may speak (`language:`, `languages:`): each has a complete catalog.
LANGUAGES = ("en", "de", "fr", "es", "pt-BR", "ja", "ar")
