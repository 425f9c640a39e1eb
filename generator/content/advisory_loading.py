"""What only the whole content folder shows about advisories and the security settings: an
advisory's incident that does not exist, a security.txt link to a page the site lacks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import urls
from generator.content.advisories import unknown_incidents
from generator.content.models import Portal
from generator.content.security_settings import missing_pages
from generator.errors import Problem


def advisory_untranslated(path: str) -> Problem:
    """An advisory's translation file: refused, not skipped, so nobody thinks it is published."""
    return Problem(
        path,
        1,
        "id",
        "advisories are not translated yet: every edition shows the original",
        "remove this file; write the translation into the advisory's body if readers need it",
    )


def advisory_problems(
    portal: Portal | None,
    found: Mapping[str, list[Any]],
    originals: Mapping[tuple[str, str], object],
) -> list[Problem]:
    """Checks across files, once every document is read; drafts count as known incidents, so
    an advisory may name one that is not published yet."""
    if portal is None:
        return []
    incidents = {doc_id for kind, doc_id in originals if kind == "incidents"}
    problems = unknown_incidents(found["advisories"], incidents)
    if portal.security is not None:
        pages = {urls.standing(p.id) for p in found["pages"]}
        pages |= {urls.policy(p.id) for p in found.get("policies", ())}
        pages |= {urls.ADVISORIES, urls.POLICIES, urls.SUBPROCESSORS}
        problems += missing_pages(portal.security, pages)
    return problems
