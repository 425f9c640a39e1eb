"""What reaches a chat room is what the site shows: hostile words in the site's title, a
component's name, an incident's title and an update's text reach Slack, Teams, Discord and
Mattermost (real receivers on 127.0.0.1) as text, in every field each service renders; no
mention, masked link, image, emphasis or date function forms, and no channel fails."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
import yaml

from .helpers.notify_sites import FAST, T0, incident
from .helpers.notify_sites import run as notify_run

pytestmark = pytest.mark.slow

HOSTILE = (
    "<!channel> <!here> <@U12345> <#C1|general> <https://evil.example|click> "
    "[masked](https://evil.example/m) ![img](https://evil.example/i.png) "
    "@everyone @here @channel @all ~town-square *bold* _it_ ~~gone~~ `code` ||spoiler|| "
    "{{DATE(2026-01-01T00:00:00Z, SHORT)}} <at>Bob</at> &amp; & <:e:1> <t:1>"
)
# An update's text is Markdown on the site: escaped there, it shows these very characters.
SHOWN_AS_TEXT = re.sub(
    r"([\\`*_{}\[\]()#+\-!>|])", r"\\\1", HOSTILE.replace("&", "&amp;").replace("<", "&lt;")
)
LINE_STARTS = "\n\n# heading\n\n- item\n\n1. first\n\n> quote\n\n-# small"

CHANNELS = [
    {"kind": kind, "url_env": f"{kind.upper()}_URL"}
    for kind in ("slack", "teams", "discord", "mattermost")
] + [{"kind": "webhook", "url_env": "HOOK_URL", "secret_env": "HOOK_SECRET"}]


def hostile_site(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    portal = {
        "title": "Status " + HOSTILE,
        "url": "https://status.zorblat.example/",
        "timezone": "Europe/Berlin",
        "language": "en",
        "components": [{"id": "api", "name": "API " + HOSTILE}],
        "notify": {"channels": CHANNELS},
    }
    (content / "portal.yml").write_text(yaml.safe_dump(portal, allow_unicode=True))
    return content


@pytest.fixture
def sent(tmp_path, http):
    content = hostile_site(tmp_path)
    env = {c["url_env"]: f"{http.url}/{c['kind']}" for c in CHANNELS} | {"HOOK_SECRET": "k3y"}
    notify_run(content, env, T0, retry=FAST)
    text = json.dumps(SHOWN_AS_TEXT + LINE_STARTS.replace("\n", "\n"))[1:-1]
    incident(
        content,
        "2026-11-23-x",
        [(T0 + timedelta(minutes=1), "identified", f'"{text}"')],
        title=json.dumps("Errors " + HOSTILE),
    )
    outcome = notify_run(content, env, T0 + timedelta(minutes=5), retry=FAST)
    assert not outcome.failed, outcome.lines
    got = {r.path.strip("/"): r.json() for r in http.accepted}
    assert sorted(got) == ["discord", "mattermost", "slack", "teams", "webhook"]
    return got


def strings(payload) -> list[str]:
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, dict):
        return [s for v in payload.values() for s in strings(v)]
    if isinstance(payload, list):
        return [s for v in payload for s in strings(v)]
    return []


def site_words(sent) -> dict[str, str]:
    """The words the site shows, as the generic webhook carries them (data, not markup)."""
    hook = sent["webhook"]
    return {"title": hook["title"], "text": hook["text"], "site": hook["page"]["name"]}


def test_what_the_site_shows_is_the_hostile_text(sent):
    words = site_words(sent)
    assert words["title"] == "Identified: Errors " + HOSTILE
    assert words["site"] == "Status " + HOSTILE
    assert words["text"].startswith(HOSTILE + "\n\nheading\n\n- item")


def test_slack_forms_no_mention_link_or_date(sent):
    slack, link = sent["slack"], "https://status.zorblat.example/incidents/2026-11-23-x/#update-1"
    texts = [slack["text"], slack["blocks"][0]["text"]["text"]]
    texts += [e["text"] for e in slack["blocks"][1]["elements"]]
    assert len(strings(slack)) == len(texts) + 4  # no other text: the blocks' four types
    for text in texts:
        ours = text.replace(f"<{link}|", "", 1) if text.startswith("*<") else text
        ours = ours.replace(">*\n", "\n", 1)
        # Every <, > and & left is Slack's escape of one: nothing else can form.
        assert "<" not in ours and ">" not in ours, text
        assert not re.search(r"&(?!amp;|lt;|gt;)", ours), text
    words = site_words(sent)
    section = slack["blocks"][0]["text"]["text"]
    assert html.unescape(section.split(">*\n", 1)[1]) == words["text"]
    # A section holds 3,000 characters: a long title is cut, never an escape in it.
    heading = html.unescape(section.split("|", 1)[1].split(">*\n")[0])
    assert heading.endswith("…") and words["title"].startswith(heading[:-1])
    assert html.unescape(slack["text"]) == f"{heading} — {link}"
    assert "API " + html.escape(HOSTILE, quote=False) in slack["blocks"][1]["elements"][0]["text"]


def _rendered(markdown: str) -> tuple[str, str]:
    """CommonMark's HTML of `markdown`, and the text a reader sees in it."""
    markdown_it = pytest.importorskip("markdown_it")
    out = markdown_it.MarkdownIt("commonmark").enable("strikethrough").render(markdown)
    return out, html.unescape(re.sub(r"<[^>]+>", "", out))


def _markdown_fields(payload: dict, kind: str) -> list[str]:
    if kind == "discord":
        embed = payload["embeds"][0]
        return [embed["title"], embed["description"], *(f["value"] for f in embed["fields"])]
    attachment = payload["attachments"][0]
    return [attachment[k] for k in ("fallback", "title", "text", "footer")] + [
        f["value"] for f in attachment["fields"]
    ]


@pytest.mark.parametrize("kind", ["discord", "mattermost"])
def test_markdown_services_show_the_text_and_form_nothing(sent, kind):
    payload = sent[kind]
    for field in _markdown_fields(payload, kind):
        out, seen = _rendered(field)
        for tag in ("<a ", "<img", "<em>", "<strong>", "<code>", "<s>", "<del>", "<h1", "<li",
                    "<blockquote"):  # fmt: skip
            assert tag not in out, (tag, field)
        # Markdown's autolinks aside, a mention needs an unescaped @ (Discord) or one that is
        # followed by a letter (Mattermost), and Discord's <@id> and <t:…> a bare <.
        if kind == "discord":
            assert not re.search(r"(?<!\\)[@<]", field), field
        else:
            assert not re.search(r"@(?!\u2060)", field), field
        assert not re.search(r"(?<!\\)\|\|", field)
    words = site_words(sent)
    text_field = (
        payload["embeds"][0]["description"]
        if kind == "discord"
        else (payload["attachments"][0]["text"])
    )
    _, seen = _rendered(text_field)
    expected = words["text"] if kind == "discord" else words["text"].replace("@", "@\u2060")
    squash = lambda s: " ".join(s.replace("\\@", "@").split())  # noqa: E731
    assert squash(seen) == squash(expected)
    assert payload.get("allowed_mentions", {"parse": []}) == {"parse": []}


def test_teams_cards_carry_text_runs_only(sent):
    card = sent["teams"]["attachments"][0]["content"]
    blocks = card["body"]
    assert {b["type"] for b in blocks} == {"RichTextBlock"}  # never markdown, unlike TextBlock
    runs = [i for b in blocks for i in b["inlines"]]
    assert {r["type"] for r in runs} == {"TextRun"}
    texts = [r["text"] for r in runs] + [card["actions"][0]["title"]]
    assert all("{{" not in t for t in texts)
    words = site_words(sent)
    assert runs[1]["text"].replace("\u200b", "") == words["title"]
    assert runs[2]["text"].replace("\u200b", "") == words["text"]
    assert "msteams" not in json.dumps(sent["teams"])  # no mention entities


def test_a_failing_channel_leaves_the_others_delivering(tmp_path, http):
    content = hostile_site(tmp_path)
    env = {c["url_env"]: f"{http.url}/{c['kind']}" for c in CHANNELS} | {"HOOK_SECRET": "k3y"}
    env["TEAMS_URL"] = http.url + "/teams\x00with a NUL"  # an unusable address
    notify_run(content, env, T0)
    incident(content, "2026-11-23-x", [(T0 + timedelta(minutes=1), "identified", "X.")])
    outcome = notify_run(content, env, T0 + timedelta(minutes=5))
    assert outcome.failed
    assert [line for line in outcome.lines if "not delivered" in line] == [
        "teams:TEAMS_URL: not delivered: Identified: API errors: $TEAMS_URL holds spaces, "
        "control or non-ASCII characters; percent-encode them; 1 kept for the next run"
    ]
    assert sorted(r.path for r in http.accepted) == [
        "/discord",
        "/mattermost",
        "/slack",
        "/webhook",
    ]
