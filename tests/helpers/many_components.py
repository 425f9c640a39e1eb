"""A portal with as many components as a test asks for, in groups or not, some of them down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def write(content, groups: int, per_group: int, ungrouped: int = 0, broken: tuple = ()) -> None:
    """`groups` groups of `per_group` components and `ungrouped` more; an open incident puts
    each component in `broken` in a major outage."""
    (content / "incidents").mkdir(parents=True)
    lines = ["title: Many", "url: https://status.example.com/", "timezone: UTC", "groups:"]
    lines += [f"  - id: g{g}\n    name: Region <{g}>" for g in range(groups)]
    lines.append("components:")
    lines += [f"  - id: u{n}\n    name: Loose {n}" for n in range(ungrouped)]
    for g in range(groups):
        lines += [
            f"  - id: g{g}c{n}\n    name: Node {g}.{n}\n    group: g{g}" for n in range(per_group)
        ]
    (content / "portal.yml").write_text("\n".join(lines) + "\n")
    if broken:
        started = NOW - timedelta(hours=2)
        outage = ", ".join(f"{cid}: major_outage" for cid in broken)
        (content / "incidents" / f"{started:%Y-%m-%d}-outage.md").write_text(
            f"---\ntitle: Outage\nimpact: major\ncomponents: {{{outage}}}\nupdates:\n"
            f"  - at: {started:%Y-%m-%dT%H:%M:%SZ}\n    status: investigating\n"
            "    text: Looking.\n---\n"
        )
