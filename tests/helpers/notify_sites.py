"""Content folders for the notify tests: a portal with every kind of channel, incidents and a
maintenance window written as a team would, and the run as the command runs it."""

from __future__ import annotations

import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from generator.notify.delivery import Retry
from generator.notify.run import notify

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FAST = Retry(attempts=3, backoff=0.0)

PORTAL = """\
title: Zorblat Status
url: https://status.zorblat.example/
timezone: Europe/Berlin
{languages}
components:
  - id: api
    name: {api}
  - id: web
    name: Web app
subscribe:
  email: subscribe@zorblat.example
notify:
  reminders: [24h, 1h]
  channels:
{channels}
"""

ALL_CHANNELS = """\
    - kind: slack
      url_env: SLACK_URL
    - kind: teams
      url_env: TEAMS_URL
    - kind: discord
      url_env: DISCORD_URL
    - kind: mattermost
      url_env: MATTERMOST_URL
    - kind: webhook
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
    - kind: email
      smtp_env: SMTP_URL
      subscribers_env: SUBSCRIBERS
      from: "Zorblat Status <status@zorblat.example>"
      unsubscribe: mailto:leave@zorblat.example
"""


def incident(folder: Path, name: str, updates: list[tuple[datetime, str, str]], **extra) -> Path:
    lines = [
        "---",
        f"title: {extra.get('title', 'API errors')}",
        f"impact: {extra.get('impact', 'major')}",
        "components:",
        f"  {extra.get('component', 'api')}: partial_outage",
        "updates:",
    ]
    for at, status, text in updates:
        lines += [f"  - at: {at:%Y-%m-%dT%H:%M:%SZ}", f"    status: {status}", f"    text: {text}"]
    lines += extra.get("more", [])
    lines += ["---", ""]
    path = folder / "incidents" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def site(tmp_path: Path, channels: str = ALL_CHANNELS, languages: str = "language: en") -> Path:
    content = tmp_path / "content"
    content.mkdir()
    api = "{en: Public API, de: Öffentliche API}" if "de" in languages else "Public API"
    (content / "portal.yml").write_text(
        PORTAL.format(channels=channels, languages=languages, api=api), encoding="utf-8"
    )
    incident(content, "2026-11-20-old", [(T0 - timedelta(days=3), "resolved", "Old news.")])
    return content


def maintenance(content: Path, start: datetime, updates: str = "") -> Path:
    path = content / "maintenance" / "2026-11-25-db.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        textwrap.dedent(f"""\
        ---
        title: Database upgrade
        published: {T0:%Y-%m-%dT%H:%M:%SZ}
        start: {start:%Y-%m-%dT%H:%M:%SZ}
        end: {start + timedelta(hours=2):%Y-%m-%dT%H:%M:%SZ}
        components: [api]
        """)
        + updates
        + "---\nWe upgrade the database.\n",
        encoding="utf-8",
    )
    return path


def run(content: Path, env: dict, now: datetime, **options):
    """A notify run in this process, its record beside the content folder."""
    state = content.parent / "state" / "notify.json"
    return notify(content, state, now, retry=options.pop("retry", FAST), environ=env, **options)


def command(content: Path, state: Path, now: datetime) -> list[str]:
    """`openbook notify` as a separate process, for the runs a test kills or overlaps."""
    return [
        sys.executable,
        "-m",
        "generator",
        "notify",
        "--content",
        str(content),
        "--state",
        str(state),
        "--now",
        f"{now:%Y-%m-%dT%H:%M:%SZ}",
        "--backoff",
        "0",
    ]
