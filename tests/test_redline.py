"""The redline: exact insertions and deletions, balanced markup whatever the edit, the same
output for the same input, and a long document compared quickly."""

from __future__ import annotations

import random
import time
from html.parser import HTMLParser

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.rendering import Renderer
from generator.facts.redline import Marks, redline
from generator.facts.redline_html import VOID

RENDER = Renderer()
ADDED = '<ins><span class="ob-sr">[added: </span>'
REMOVED = '<del><span class="ob-sr">[removed: </span>'
END = '<span class="ob-sr">]</span>'


def ins(text: str) -> str:
    return f"{ADDED}{text}{END}</ins>"


def dele(text: str) -> str:
    return f"{REMOVED}{text}{END}</del>"


def lines(markdown_old: str, markdown_new: str) -> list[str]:
    return str(redline(RENDER.html(markdown_old), RENDER.html(markdown_new))).split("\n")


def test_a_changed_word_is_removed_and_added_in_place():
    out = lines("We keep tickets for three years.\n", "We keep tickets for two years.\n")
    assert out == [f"<p>We keep tickets for {dele('three')}{ins('two')} years.</p>"]


def test_a_removed_paragraph_keeps_its_paragraph_with_its_text_removed():
    out = lines("One.\n\nGone now.\n\nThree.\n", "One.\n\nThree.\n")
    assert out == ["<p>One.</p>", f"<p>{dele('Gone now.')}</p>", "<p>Three.</p>"]


def test_a_new_heading_stays_a_heading_and_a_new_list_item_an_item():
    out = lines("# T\n\nText.\n\n- a\n- b\n", "# T\n\n## Retention\n\nText.\n\n- a\n- b\n- c\n")
    assert out == [
        "<h1>T</h1>",
        f"<h2>{ins('Retention')}</h2>",
        "<p>Text.</p>",
        "<ul>",
        "<li>a</li>",
        "<li>b</li>",
        f"<li>{ins('c')}</li>",
        "</ul>",
    ]


def test_the_words_around_changes_are_the_ones_given():
    marks = Marks(added="[hinzugefügt: ", removed="[entfernt: ", end="]")
    out = str(redline("<p>a b</p>", "<p>a c</p>", marks))
    assert '<span class="ob-sr">[entfernt: </span>b' in out
    assert '<span class="ob-sr">[hinzugefügt: </span>c' in out


def test_removed_headings_lose_their_id_so_ids_stay_unique():
    out = str(redline('<h2 id="retention">Retention</h2>\n<p>x</p>', "<p>x</p>"))
    assert "id=" not in out and "<h2>" in out


def test_nothing_changed_is_the_new_version_as_it_is():
    html = str(RENDER.html("# T\n\nSome *text* with [a link](https://example.com/).\n"))
    assert str(redline(html, html)) == html


# Balanced, valid markup and faithful text, on random edits of random documents.

WORDS = ["data", "we", "keep", "the", "for", "days", "30", "customers", "e-mail", "and", "of"]


class _Strict(HTMLParser):
    """Every end tag closes the innermost open element; nothing is left open."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.events: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
            self.events.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()
        self.events.append("/" + tag)


def _events(html: str) -> list[str]:
    parser = _Strict()
    parser.feed(html)
    parser.close()
    assert not parser.stack, f"left open: {parser.stack}"
    return parser.events


def _lxml_events(html: str) -> list[str]:
    """The elements as an HTML parser builds them: if it had to repair the nesting (a <p>
    closed by a <ul>), these differ from the markup as written."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    out: list[str] = []

    def walk(element):
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag not in VOID:
                out.append(child.tag)
            walk(child)
            if child.tag not in VOID:
                out.append("/" + child.tag)

    walk(root)
    return out


def _text(html: str, drop: str) -> str:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.xpath(f"//{drop} | //span[@class='ob-sr']"):
        element.drop_tree()
    return "".join(root.text_content().split())


def _visible(html: str) -> str:
    return "".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


block = st.tuples(
    st.sampled_from(["p", "h2", "li", "quote", "em"]), st.lists(st.sampled_from(WORDS), min_size=1)
)


def _markdown(blocks: list[tuple[str, list[str]]]) -> str:
    out = []
    for kind, words in blocks:
        text = " ".join(words)
        out.append(
            {
                "p": text,
                "h2": "## " + text,
                "li": "- " + text,
                "quote": "> " + text,
                "em": f"{words[0]} *{text}* end",
            }[kind]
        )
    return "\n\n".join(out) + "\n"


@st.composite
def edited(draw):
    blocks = draw(st.lists(block, min_size=1, max_size=8))
    new = [(kind, list(words)) for kind, words in blocks]
    for _ in range(draw(st.integers(1, 6))):
        what = draw(st.sampled_from(["word", "drop", "add", "kind", "insert"]))
        n = draw(st.integers(0, len(new) - 1)) if new else 0
        if what == "add" or not new:
            new.insert(n, draw(block))
        elif what == "drop":
            new.pop(n)
        elif what == "kind":
            new[n] = (draw(st.sampled_from(["p", "h2", "li", "quote", "em"])), new[n][1])
        else:
            words = new[n][1]
            at = draw(st.integers(0, len(words) - 1))
            if what == "word":
                words[at] = draw(st.sampled_from(WORDS))
            else:
                words.insert(at, draw(st.sampled_from(WORDS)))
    return _markdown(blocks), _markdown(new) if new else "Nothing.\n"


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_any_edit_gives_balanced_markup_and_both_versions_text(pair):
    old, new = (str(RENDER.html(md)) for md in pair)
    out = str(redline(old, new))
    assert _events(out) == _lxml_events(out)
    assert _text(out, "ins") == _visible(old)
    assert _text(out, "del") == _visible(new)
    assert str(redline(old, new)) == out


MALFORMED = st.text(alphabet="<>/pulia &\"'=b\n", max_size=40)


@settings(max_examples=150, deadline=None)
@given(MALFORMED, MALFORMED, MALFORMED, MALFORMED)
def test_even_malformed_html_gives_balanced_markup(same, old, new, end):
    _events(str(redline(same + old + end, same + new + end)))


def _long_policy(rng: random.Random, paragraphs: int) -> list[str]:
    vocabulary = [f"word{n}" for n in range(400)] + WORDS * 20
    return [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 80)))
        for _ in range(paragraphs)
    ]


def test_a_long_document_is_compared_quickly():
    rng = random.Random(27)
    old = _long_policy(rng, 600)  # about 30,000 words
    new = list(old)
    for n in rng.sample(range(len(new)), 30):  # 5% of paragraphs edited
        words = new[n].split()
        words[rng.randrange(len(words))] = "changed"
        new[n] = " ".join(words)
    new.pop(100)
    new.insert(300, "An entirely new paragraph.")
    html_old = "".join(f"<p>{p}</p>\n" for p in old)
    html_new = "".join(f"<p>{p}</p>\n" for p in new)
    started = time.perf_counter()
    out = str(redline(html_old, html_new))
    took = time.perf_counter() - started
    assert out.count("<ins>") == 31 and out.count("<del>") == 31
    assert took < 2.0, f"{took:.2f} s"


@pytest.mark.slow
def test_a_rewritten_long_document_is_shown_removed_and_added_without_a_long_wait():
    rng = random.Random(1)
    html_old = "".join(f"<p>{p}</p>\n" for p in _long_policy(rng, 300))
    html_new = "".join(f"<p>{p}</p>\n" for p in _long_policy(rng, 300))
    started = time.perf_counter()
    out = str(redline(html_old, html_new))
    assert time.perf_counter() - started < 5.0
    assert _text(out, "ins") == _visible(html_old)
