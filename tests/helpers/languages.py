"""Content whose own words belong to no language, and the texts of Openbook's catalogs: what
the tests look for to tell that a page speaks one language only."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from generator import catalogs
from generator.words import SOURCE_LANGUAGE

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # the neutral content's open incident is today's

NEUTRAL_PORTAL = """\
title: Zorblat Quex
url: https://status.zorblat.example/
timezone: Europe/Berlin
{languages}
description: Vexel plom zarn.
contact: ops@zorblat.example
groups:
  - id: core
    name: Krell
components:
  - id: alpha
    name: Quorrim
    group: core
    description: Zib zab.
  - id: beta
    name: Vossel
"""

NEUTRAL_DOCS = {
    "incidents/2026-11-23-open.md": """\
---
title: Plim plam
impact: major
components: {alpha: partial_outage}
updates:
  - at: 2026-11-23T10:00:00Z
    status: investigating
    text: Zib zab zob.
  - at: 2026-11-23T11:00:00Z
    status: identified
    text: Zob zib.
    components: {alpha: partial_outage, beta: degraded_performance}
next_update: 2026-11-23T11:30:00Z
remedy: Klonk.
commitments:
  - title: Frob the quux
    status: in_progress
    due: 2026-11-20
---
""",
    "incidents/2026-10-08-past.md": """\
---
title: Grommet
impact: critical
components: {alpha: major_outage}
updates:
  - at: 2026-10-08T07:00:00Z
    status: investigating
    text: Zarn.
  - at: 2026-10-08T09:30:00Z
    status: resolved
    text: Zorn.
commitments:
  - title: Blorp
    status: done
    due: 2026-11-01
    done: 2026-10-30
---

## Zim

Zam zum.
""",
    "maintenance/2026-12-01-next.md": """\
---
title: Wibble
published: 2026-11-20T09:00:00Z
start: 2026-12-01T02:00:00Z
end: 2026-12-01T04:00:00Z
components: [beta]
---

Wobble.
""",
    "maintenance/2026-11-10-past.md": """\
---
title: Wabble
published: 2026-11-01T09:00:00Z
start: 2026-11-10T02:00:00Z
end: 2026-11-10T03:00:00Z
components: [alpha]
updates:
  - at: 2026-11-10T03:00:00Z
    status: completed
    text: Wub.
---
""",
    "announcements/2026-11-02-change.md": """\
---
title: Flumm
published: 2026-11-02T09:00:00Z
kind: change
effective: 2027-01-01
components: [alpha]
pinned: true
commitments:
  - title: Flamm
    status: planned
    due: 2026-12-15
---

Flimm.
""",
    "pages/zop.md": """\
---
title: Zop
---

Zup.
""",
}


def neutral(folder: Path, languages: str = "language: en", url: str | None = None) -> Path:
    """A content folder whose own words belong to no language, so that every word of a
    language on its pages is Openbook's."""
    folder.mkdir(parents=True)
    portal = NEUTRAL_PORTAL.format(languages=languages)
    if url:
        portal = portal.replace("https://status.zorblat.example/", url)
    (folder / "portal.yml").write_text(portal, encoding="utf-8")
    for name, text in NEUTRAL_DOCS.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def catalog_strings(language: str) -> set[str]:
    """Every text a language's catalog shows, without its placeholders' surroundings."""
    if language == SOURCE_LANGUAGE:
        found = {
            form
            for m in catalogs.extract()
            if m.id
            for form in ((m.id,) if isinstance(m.id, str) else m.id)
        }
    else:
        found = {
            form
            for m in catalogs.read(language)
            if m.id
            for form in ((m.string,) if isinstance(m.string, str) else m.string)
        }
    pieces = set()
    for text in found:
        pieces.update(part.strip(" .,:;()") for part in re.split(r"%\(\w+\)s", text))
    return pieces


def whole_word(piece: str, text: str) -> bool:
    """Whether `piece` stands in `text` as whole words, not inside a longer word."""
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None
