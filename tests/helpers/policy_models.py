"""The portal a policy or the register of subprocessors is read for in the model tests: a title,
an address and a time zone, nothing more."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from generator.content.models import Portal

PORTAL = Portal("Status", "https://status.example.com/", ZoneInfo("Europe/Berlin"))
