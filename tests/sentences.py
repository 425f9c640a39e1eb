"""Sentences of a cState site and whether an import kept them: every sentence of every issue's
body, as words, must appear in the imported content (markers and times, which become an
update's status and time, aside; comments, which cState never showed, counted apart).

    python -m tests.sentences CSTATE_SITE IMPORTED_CONTENT
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from generator.content.source import read_front_matter

_SKIPPED = re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)  # Hugo shortcodes: times, not words
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Words that mark an update in cState (`*Resolved* -`, `[Final Message]`) and become its status.
_MARKERS = {
    "resolved", "fixed", "monitoring", "identified", "mitigating", "mitigated", "investigating",
    "update", "updated", "pending", "initial", "final", "message", "issue", "and",
}  # fmt: skip


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # not <host.example.org>
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")


def _words(text: str) -> list[str]:
    """The words of a text without markup, link targets, times and numbers (which become an
    update's time, or a link's address, when imported)."""
    text = re.sub(r"\((`+) .*? \1\)", " ", text.replace("&lt;", "<"))  # an inert address
    text = _LINK_TARGET.sub("] ", _TAG.sub(" ", text))
    return [w for w in re.findall(r"\w+", text.lower()) if not re.search(r"\d", w) and w != "utc"]


def sentences(body: str) -> tuple[list[list[str]], int]:
    """The words of each sentence outside comments, and the number of sentences in comments."""
    hidden = sum(len(_split(c)) for c in _COMMENT.findall(body))
    shown = _SKIPPED.sub(" ", _COMMENT.sub(" ", body))
    out = []
    for sentence in _split(shown):
        words = _words(sentence)
        while words and words[0] in _MARKERS:
            words.pop(0)  # `*Resolved* -`, `[Final Message]`, `2021-01-19 12:00 UTC`
        if words:
            out.append(words)
    return out, hidden


def _split(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if re.search(r"\w", s)]


def imported_words(content: Path) -> str:
    texts = []
    for path in sorted(content.rglob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(head)
        texts += [str(front.get("title", "")), body]
        texts += [str(u.get("text", "")) for u in front.get("updates", [])]
    return " " + " ".join(" ".join(_words(t)) for t in texts) + " "


def measure(site: Path, content: Path) -> tuple[int, int, int, list[str]]:
    """(sentences, kept, in comments, the missing ones)."""
    everything = imported_words(content)
    total = kept = hidden = 0
    missing = []
    for path in sorted((site / "content" / "issues").glob("*.md")):
        doc = read_front_matter(path, [])
        if doc is None:
            continue
        found, in_comments = sentences(doc.body)
        hidden += in_comments
        for words in found:
            total += 1
            if f" {' '.join(words)} " in everything:
                kept += 1
            else:
                missing.append(f"{path.name}: {' '.join(words)}")
    return total, kept, hidden, missing


if __name__ == "__main__":
    total, kept, hidden, missing = measure(Path(sys.argv[1]), Path(sys.argv[2]))
    for line in missing:
        print("missing:", line)
    print(f"{kept} of {total} sentences kept; {hidden} in comments (never shown by cState)")
