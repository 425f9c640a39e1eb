"""The policies' and the register's notice checks, as of the build's clock: warnings for a
change announced with less notice than promised, an error for an upcoming subprocessor nothing
dates."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from generator.content.models import Content
from generator.errors import ContentErrors, Problem
from generator.facts.policies import policy_notices, register_facts, register_notices


def notices(content: Content, now: datetime) -> list[Problem]:
    """The notice checks as of `now`: warnings for short notice, and an error for an upcoming
    subprocessor nothing dates."""
    zone = content.portal.timezone
    found = []
    for policy in content.policies:
        found += policy_notices(policy, zone, now, content.portal.policy_notice_days)
    register, record = content.subprocessors, content.policy_revisions
    if register is not None:
        facts = register_facts(register, record, zone, now)
        found += register_notices(register, facts, now.astimezone(zone).date())
    return found


def checked(content: Content, now: datetime) -> Content:
    """`content` with the notice warnings among its notes; raises ContentErrors for an error."""
    found = notices(content, now)
    errors = [p for p in found if p.level == "error"]
    if errors:
        raise ContentErrors(errors)
    return dataclasses.replace(content, notes=tuple(sorted([*content.notes, *found])))
