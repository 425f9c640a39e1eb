"""What the feeds' entries say, in every language: a correction's title."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from generator.content.load import load_content
from generator.content.revision_records import Correction, GitRecord
from generator.content.schema import iso
from generator.facts import derive
from generator.outputs.feed_entries import correction_entries
from generator.words import LANGUAGES, Clock, Words

from .conftest import EXAMPLE, EXAMPLE_NOW

WHAT = ("text", "status", "time", "removed")


def corrected():
    """The example, with the first update of its newest incident corrected in each way."""
    content = derive.as_of(load_content(EXAMPLE), EXAMPLE_NOW)
    incident = content.incidents[0]
    first = incident.updates[0]
    corrections = [
        Correction(f"{n:040x}", first.at + timedelta(hours=n), iso(first.at), "Was.", "Is.", what)
        for n, what in enumerate(WHAT, 1)
    ]
    revisions = {("incidents", incident.id): GitRecord([], corrections)}
    return dataclasses.replace(content, revisions=revisions), incident.title


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_correction_is_titled_with_the_word_the_changes_page_shows(language):
    """/changes/ shows `words.correction[what]`; the feed raises its first letter, no other."""
    content, title = corrected()
    words = Words(language)
    entries = correction_entries(content, Clock(content.portal.timezone, words))
    assert len(entries) == len(WHAT)
    for entry, what in zip(entries, reversed(WHAT), strict=True):  # newest first
        shown = words.correction[what]
        label = shown[:1].upper() + shown[1:]
        assert entry.title == words._("%(label)s: %(title)s", label=label, title=title)
        assert f"<p>{shown} · " in entry.html


def test_a_correction_label_keeps_the_capitals_its_translator_wrote():
    """`str.capitalize` lowers the rest: "API" would read "api", "Status" "status"."""
    content, title = corrected()
    words = Words("de")
    words.correction = {**words.correction, "text": "text der API-Antwort korrigiert"}
    (entry,) = [
        e for e in correction_entries(content, Clock(content.portal.timezone, words))
        if "text der API-Antwort" in e.html
    ]  # fmt: skip
    assert entry.title == f"Text der API-Antwort korrigiert: {title}"
