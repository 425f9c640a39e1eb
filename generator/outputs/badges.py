"""Shields-style SVG status badges: `/badge.svg` and `/components/ID/badge.svg`."""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from generator import urls
from generator.content.models import Content
from generator.content.vocab import ComponentStatus, Indicator
from generator.facts import Facts, derive
from generator.words import Words

# Dark enough behind white text for WCAG AA (4.5:1) at badge size.
COLOURS = {
    ComponentStatus.OPERATIONAL: "#1a7f37",
    ComponentStatus.UNDER_MAINTENANCE: "#0a58ca",
    ComponentStatus.DEGRADED_PERFORMANCE: "#8a5a00",
    ComponentStatus.PARTIAL_OUTAGE: "#b54708",
    ComponentStatus.MAJOR_OUTAGE: "#c4232b",
}
INDICATOR_TONES = {
    Indicator.NONE: ComponentStatus.OPERATIONAL,
    Indicator.MINOR: ComponentStatus.DEGRADED_PERFORMANCE,
    Indicator.MAJOR: ComponentStatus.PARTIAL_OUTAGE,
    Indicator.CRITICAL: ComponentStatus.MAJOR_OUTAGE,
    Indicator.MAINTENANCE: ComponentStatus.UNDER_MAINTENANCE,
}


def _advance(ch: str) -> float:
    """Approximate advance in pixels of one character at 11px: Verdana's Latin widths as
    shields.io estimates them, and a full em for East Asian wide and full-width characters
    (kana, kanji, hangul), which no Latin font carries and every CJK fallback draws square."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 11.5
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Cf"):
        return 0.0
    if ch.isupper() or ch in "mwMW%@":
        return 8.0
    return 6.5


def _width(text: str) -> int:
    """Approximate width in pixels of `text` in the badge's font, with 5px padding each side."""
    return math.ceil(sum(_advance(ch) for ch in text)) + 10


def badge(label: str, message: str, colour: str) -> bytes:
    lw, mw = _width(label), _width(message)
    total = lw + mw
    title = f"{label}: {message}"
    gradient = (
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
    )
    shapes = (
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
    )
    svg = "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
            f"aria-label={quoteattr(title)}>",
            f"<title>{escape(title)}</title>",
            gradient,
            f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>',
            shapes,
            '<g fill="#fff" text-anchor="middle" '
            'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
            f'<text x="{lw / 2:.1f}" y="14">{escape(label)}</text>',
            f'<text x="{lw + mw / 2:.1f}" y="14">{escape(message)}</text>',
            "</g>",
            "</svg>",
            "",
        ]
    )
    return svg.encode("utf-8")


def badges(content: Content, now: datetime, words: Words) -> dict[str, bytes]:
    overall = derive.overall(content, now)
    files = {
        urls.BADGE: badge(
            words._("status"),
            words.badge[overall.indicator],
            COLOURS[INDICATOR_TONES[overall.indicator]],
        )
    }
    for component, status in zip(
        content.portal.components, derive.component_statuses(content, now).values(), strict=True
    ):
        files[urls.component_badge(component.id)] = badge(
            component.name, words.phrase[status], COLOURS[status]
        )
    return files


def files(facts: Facts) -> dict[str, bytes]:
    return badges(facts.content, facts.now, facts.words)
