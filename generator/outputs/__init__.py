"""Outputs: the machine-readable files a site publishes.

Every output is a module with one function, `files(facts) -> {path: bytes}`; a new output is
one new module, added to `OUTPUTS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from generator.facts import Facts
from generator.outputs import (
    advisory_files,
    api,
    badges,
    disclosures,
    feeds,
    history_index,
    ical,
    policy_files,
    reports,
)

# `redirects` is not among them: its files are checked against all of these first.
OUTPUTS = (
    feeds,
    ical,
    history_index,
    api,
    badges,
    reports,
    policy_files,
    disclosures,
    advisory_files,
)


def tasks(facts: Facts) -> list[Callable[[], dict[str, bytes]]]:
    """Each output's files as a task that can run in any process."""
    return [functools.partial(output.files, facts) for output in OUTPUTS]


def render(facts: Facts) -> dict[str, bytes]:
    """Every output's files, path -> bytes."""
    files: dict[str, bytes] = {}
    for task in tasks(facts):
        files.update(task())
    return files
