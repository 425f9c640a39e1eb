"""The vocabularies Openbook puts into words: each status, impact, kind and correction with the
English message that names it (translated where it is shown, through `Words`), and the icons that
go beside them."""

from __future__ import annotations

from generator.content.vocab import (
    AnnouncementKind,
    CommitmentStatus,
    ComponentStatus,
    Impact,
    IncidentStatus,
    Indicator,
)
from generator.content.vocab import MaintenanceStatus as MS


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; it is translated where shown."""
    return message


IMPACT = {
    Impact.NONE: N_("No impact"),
    Impact.MINOR: N_("Minor"),
    Impact.MAJOR: N_("Major"),
    Impact.CRITICAL: N_("Critical"),
}

PHASE = {
    IncidentStatus.INVESTIGATING: N_("Investigating"),
    IncidentStatus.IDENTIFIED: N_("Identified"),
    IncidentStatus.MONITORING: N_("Monitoring"),
    IncidentStatus.RESOLVED: N_("Resolved"),
}

COMMITMENT = {
    CommitmentStatus.PLANNED: N_("Planned"),
    CommitmentStatus.IN_PROGRESS: N_("In progress"),
    CommitmentStatus.DONE: N_("Done"),
    CommitmentStatus.DROPPED: N_("Dropped"),
}

BADGE = {  # the overall badge's message
    Indicator.NONE: N_("operational"),
    Indicator.MINOR: N_("minor outage"),
    Indicator.MAJOR: N_("partial outage"),
    Indicator.CRITICAL: N_("major outage"),
    Indicator.MAINTENANCE: N_("maintenance"),
}

COMPONENT = {
    ComponentStatus.OPERATIONAL: N_("Operational"),
    ComponentStatus.UNDER_MAINTENANCE: N_("Under maintenance"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("Degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("Partial outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("Major outage"),
}

PHRASE = {  # a component status inside a sentence or on a badge: "Webhooks: partial outage"
    ComponentStatus.OPERATIONAL: N_("operational"),
    ComponentStatus.UNDER_MAINTENANCE: N_("under maintenance"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("partial outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("major outage"),
}

MAINTENANCE = {
    MS.SCHEDULED: N_("Scheduled"),
    MS.IN_PROGRESS: N_("In progress"),
    MS.VERIFYING: N_("Verifying"),
    MS.COMPLETED: N_("Completed"),
    MS.CANCELLED: N_("Cancelled"),
}

KIND = {
    AnnouncementKind.CHANGE: N_("Change"),
    AnnouncementKind.REPORT: N_("Transparency report"),
    AnnouncementKind.NOTICE: N_("Notice"),
}

CORRECTION = {  # what a correction changed in a published update
    "text": N_("text corrected"),
    "status": N_("status corrected"),
    "time": N_("time corrected"),
    "removed": N_("removed"),
}

# Icons carry meaning together with the word beside them, never alone.
STATUS_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
    ComponentStatus.DEGRADED_PERFORMANCE: "!",
    ComponentStatus.PARTIAL_OUTAGE: "!",
    ComponentStatus.MAJOR_OUTAGE: "✕",
}


# An advisory's severity, as the CVSS specification names it (cvss_scores.Score.severity).
SEVERITY = {
    "None": N_("None"),
    "Low": N_("Low"),
    "Medium": N_("Medium"),
    "High": N_("High"),
    "Critical": N_("Critical"),
}

ADVISORY_STATUS = {"interim": N_("Interim"), "final": N_("Final")}
