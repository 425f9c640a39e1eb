"""`incidents/index.js`: the compact index the history's client-side filter reads."""

from __future__ import annotations

import json
from datetime import datetime

from generator import urls
from generator.content.models import Content
from generator.content.schema import iso
from generator.facts import Facts, derive


def index_script(content: Content, now: datetime) -> bytes:
    """`incidents/index.js`: one compact row per incident for the history filter.

    A script, not JSON, so the filter also works when the site is opened from disk.
    """
    rows = [
        [
            i.id,
            i.title,
            iso(i.started),
            i.impact.value,
            derive.touched(i, content.portal),
            int(derive.duration(i, now).total_seconds() // 60),
            derive.is_open(i),
        ]
        for i in content.incidents
    ]
    body = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.openbookIncidents={body};\n".encode()


def files(facts: Facts) -> dict[str, bytes]:
    return {urls.INCIDENT_INDEX: index_script(facts.content, facts.now)}
