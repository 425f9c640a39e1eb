"""Security advisories as notifications: one at publication, one at each later revision, keyed by
the advisory and the revision's number so that each is sent once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import urls
from generator.content.models import Content
from generator.outputs.advisory_files import summary_of
from generator.words import Words

if TYPE_CHECKING:
    from generator.notify.events import Event


def advisory_events(content: Content, words: Words, event: type[Event]) -> list[Event]:
    """`event` is the notify Event class (passed in: events.py imports this module)."""
    url, out = content.portal.url, []
    for advisory in content.advisories:
        head = summary_of(words, advisory)
        for update in advisory.updates:
            first = update.number == 1
            out.append(
                event(
                    key=f"advisory/{advisory.id}/{update.number}",
                    type="advisory.published" if first else "advisory.updated",
                    kind="advisory",
                    at=update.at,
                    source=f"advisories/{advisory.id}",
                    title=advisory.title,
                    label=words._("Security advisory")
                    if first
                    else words._("Security advisory updated"),
                    markdown=f"{head}\n\n{update.text}",
                    link=url + urls.advisory(advisory.id) + f"#revision-{update.number}",
                    components=(),
                )
            )
    return out
