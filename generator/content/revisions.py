"""What git remembers of the content as a whole: every correction of a published document — an
update whose text, time or status changed, or that was removed, after it had been published —
newest first, with the page it belongs to. Appending updates and editing a report are
revisions, not corrections.

Reading git is revision_reader.py's part, telling a document's revisions and corrections from
the versions of its file corrections.py's, and their records are revision_records.py's.
"""

from __future__ import annotations

from generator import urls
from generator.content.models import Content
from generator.content.revision_records import Correction


def page_of(kind: str, ident: str) -> str:
    """The page a document's revisions belong to."""
    return {"incidents": urls.incident, "maintenance": urls.maintenance}.get(
        kind, urls.announcement
    )(ident)


def all_corrections(content: Content) -> list[tuple[str, str, Correction]]:
    """(page, title, correction) for every correction of a published document, newest first."""
    titles = {("incidents", i.id): i.title for i in content.incidents}
    titles |= {("maintenance", m.id): m.title for m in content.maintenance}
    titles |= {("announcements", a.id): a.title for a in content.announcements}
    found = [
        (kind, ident, c)
        for (kind, ident), h in content.revisions.items()
        if (kind, ident) in titles
        for c in h.corrections
    ]
    found.sort(key=lambda f: (f[2].at, f[0], f[1], f[2].update_at), reverse=True)
    return [(page_of(kind, ident), titles[kind, ident], c) for kind, ident, c in found]
