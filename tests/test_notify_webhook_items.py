"""The signed webhook's item, for every kind of entry a channel can be sent: each in the shape
the site's JSON publishes it, so that no kind stops a webhook's queue. The content is the
example's, its policies committed version by version in git; the receiver is real and listens
on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import urls
from generator.content.load import load_content
from generator.content.notify_settings import KINDS
from generator.content.rendering import Renderer
from generator.content.translations import localise
from generator.facts import Facts
from generator.notify.events import Event
from generator.notify.items import ITEMS, api_item
from generator.outputs import render
from generator.outputs.api import Api
from generator.words import Words

from .helpers.notify_sites import run
from .helpers.policy_story import NOW, story

# Before anything in the example's story: every entry is new to the second run.
BASELINE = datetime(2024, 6, 2, tzinfo=UTC)
WEBHOOKS = """\
notify:
  channels:
    - kind: webhook
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
    - kind: webhook
      id: german
      url_env: HOOK_DE_URL
      secret_env: HOOK_SECRET
      language: de
"""
PATHS = {"en": "/hook", "de": "/hook-de"}


def _entry(entries: list[dict], field: str, value: str) -> dict:
    found = [e for e in entries if e[field] == value]
    assert len(found) == 1, (field, value, found)
    return found[0]


def _version(document: dict, key: list[str]) -> dict:
    policy = _entry(document["policies"], "id", key[1])
    return {**_entry(policy["versions"], "effective", key[2]), "policy_id": key[1]}


# Where the site publishes each kind's entries, and which one an event's key names. A kind
# with no published document of its own is in OPENBOOK_SHAPES instead, with its item's fields.
PUBLISHED: dict[str, tuple[str, Callable[[dict, list[str]], dict]]] = {
    "incident": (urls.api("incidents"), lambda d, key: _entry(d["incidents"], "id", key[1])),
    "maintenance": (
        urls.api("scheduled-maintenances"),
        lambda d, key: _entry(d["scheduled_maintenances"], "id", key[1]),
    ),
    "advisory": (urls.ADVISORIES_API, lambda d, key: _entry(d["advisories"], "id", key[1])),
    "policy": (urls.POLICIES_API, _version),
    "subprocessor": (
        urls.SUBPROCESSORS_JSON,
        lambda d, key: _entry(d["subprocessors"], "id", key[1]),
    ),
}
OPENBOOK_SHAPES = {
    "announcement": {"id", "name", "kind", "published_at", "effective", "shortlink", "components"},
    "commitment": {"title", "status", "due", "done", "source"},
}


@pytest.fixture
def content(tmp_path) -> Path:
    """The example's content with its policies in git, told only to two webhooks."""
    folder = story(tmp_path / "repo")
    portal = folder / "portal.yml"
    text = portal.read_text(encoding="utf-8")
    portal.write_text(text[: text.index("\nnotify:")] + "\n" + WEBHOOKS, encoding="utf-8")
    return folder


def published(folder: Path, language: str) -> dict[str, bytes]:
    """The files the site publishes in `language` at NOW, as the build makes them."""
    loaded = load_content(folder)
    prefix = "" if language == loaded.portal.language else f"{language}/"
    local = localise(loaded, language, loaded.portal.url + prefix)
    return render(Facts.of(local, NOW, Renderer(), Words(language)))


def test_every_kind_a_channel_can_be_sent_has_an_item():
    assert set(ITEMS) == set(KINDS)
    assert set(PUBLISHED) | set(OPENBOOK_SHAPES) == set(KINDS)
    assert not set(PUBLISHED) & set(OPENBOOK_SHAPES)


@pytest.mark.slow
def test_the_webhook_receives_every_kind_as_the_site_publishes_it(content, http):
    env = {
        "HOOK_URL": http.url + PATHS["en"],
        "HOOK_DE_URL": http.url + PATHS["de"],
        "HOOK_SECRET": "s3cret",
    }
    run(content, env, BASELINE)
    outcome = run(content, env, NOW)
    assert not outcome.failed, outcome.lines
    for language, path in PATHS.items():
        files = published(content, language)
        events = [r.json() for r in http.accepted if r.path == path]
        assert all(len([k for k in KINDS if k in e]) == 1 for e in events)
        for kind in KINDS:
            told = [e for e in events if [k for k in KINDS if k in e] == [kind]]
            assert told, f"{language}: no {kind} event reached the webhook"
            for event in told:
                key = event["key"].split("/")
                item = event[kind]
                if kind in PUBLISHED:
                    name, find = PUBLISHED[kind]
                    assert item == find(json.loads(files[name]), key), event["key"]
                else:
                    assert set(item) == OPENBOOK_SHAPES[kind], event["key"]
        assert len(events) == len([r for r in http.seen if r.path == path])


def test_an_event_of_no_known_kind_is_named_in_the_error(content):
    loaded = load_content(content)
    event = Event(
        key="rumour/x",
        type="rumour.spread",
        kind="rumour",
        at=NOW,
        source="rumours/x",
        title="A rumour",
        label="Rumour",
        markdown="",
        link=loaded.portal.url,
        components=(),
    )
    with pytest.raises(LookupError, match=r"rumour/x: no webhook item for kind 'rumour'"):
        api_item(Api(loaded, NOW), event)
