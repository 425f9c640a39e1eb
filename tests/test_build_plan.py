"""The plan a build makes from the last one: whether the spare site is updated in place and
which of its pages stay as they are. A pure function of typed records, tested without a build;
and the cache that carries what the site folder holds when a page is rewritten ahead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build, quick_incident
from generator.build_state import BuildCache, Edition, Plan, Result, page_digest, plan
from generator.content.load import load_content
from generator.site.page import Page
from generator.words import Words

from .conftest import EXAMPLE, EXAMPLE_NOW

SPARE = Path("/nowhere/.site.tmp-spare")  # never read: the plan reads no files
NAV = {"en": [{"Incidents": "incidents/index.md"}], "de": [{"Vorfälle": "incidents/index.md"}]}


def pages(*specs: tuple[str, str, bool]) -> list[Page]:
    """Pages from (src, html, searchable)."""
    return [Page(src, src, html, searchable=searchable) for src, html, searchable in specs]


@pytest.fixture
def editions(content) -> list[Edition]:
    loaded = load_content(content)
    english = pages(
        ("index.md", "home", True),
        ("incidents/a.md", "a", False),
        ("incidents/b.md", "b", False),
    )
    german = pages(("index.md", "Start", True), ("incidents/a.md", "a (de)", False))
    return [
        Edition(
            language=language,
            prefix=prefix,
            content=loaded,
            words=Words(language),
            pages=found,
            nav=NAV[language],
            extra={},
            moved={},
        )
        for language, prefix, found in (("en", "", english), ("de", "de/", german))
    ]


def digests_of(editions: list[Edition]) -> dict[str, str]:
    return {e.prefix + page.src: page_digest(page) for e in editions for page in e.pages}


def previous(editions: list[Edition], spare: Path | None, held: dict[str, str]) -> Result:
    return Result(
        content=editions[0].content,
        out=Path("/nowhere/site"),
        pages=5,
        files=5,
        bytes=0,
        built=5,
        nav=NAV,
        spare=spare,
        spare_digests=held,
    )


def test_a_first_build_writes_every_page_into_a_new_folder(editions):
    found = plan(None, editions, digests=digests_of(editions), nav=NAV, full=False)
    assert found == Plan(None, {"en": frozenset(), "de": frozenset()})


def test_the_spare_keeps_the_pages_it_holds_as_they_are_but_those_in_the_search(editions):
    digests = digests_of(editions)
    held = {**digests, "incidents/b.md": "an older b", "de/incidents/a.md": "an older a"}
    found = plan(previous(editions, SPARE, held), editions, digests=digests, nav=NAV, full=False)
    assert found.spare == SPARE
    # index.md is the same, but in the search index: a page left out would drop out of it.
    assert found.unchanged == {"en": frozenset({"incidents/a.md"}), "de": frozenset()}


def test_a_page_the_spare_lacks_is_written(editions):
    digests = digests_of(editions)
    held = {name: digest for name, digest in digests.items() if name != "incidents/a.md"}
    found = plan(previous(editions, SPARE, held), editions, digests=digests, nav=NAV, full=False)
    assert found.spare == SPARE and found.unchanged["en"] == {"incidents/b.md"}


@pytest.mark.parametrize(
    "why",
    ["full", "no spare", "new tabs", "a page gone"],
)
def test_a_new_folder_when_the_spare_cannot_be_updated(editions, why):
    digests = digests_of(editions)
    held = {**digests, "incidents/gone.md": "x"} if why == "a page gone" else dict(digests)
    last = previous(editions, None if why == "no spare" else SPARE, held)
    nav = {**NAV, "en": [{"Incidents": "incidents/index.md"}, {"New": "new.md"}]}
    found = plan(
        last,
        editions,
        digests=digests,
        nav=nav if why == "new tabs" else NAV,
        full=why == "full",
    )
    assert found == Plan(None, {"en": frozenset(), "de": frozenset()})


@pytest.mark.slow
def test_a_page_rewritten_ahead_changes_the_cache_not_the_result_or_the_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    first = build(content, tmp_path / "site", EXAMPLE_NOW, keep_spare=True)
    assert isinstance(first.cache, BuildCache)
    kept = first.cache.edition("en")
    assert kept.site is not None and kept.frames
    incident = "2026-09-24-login-mfa-failures"
    view = kept.site.incidents[incident]
    src = f"incidents/{incident}.md"
    before = first.cache.held[src]
    path = content / "incidents" / f"{incident}.md"
    path.write_text(path.read_text().replace("title: ", "title: Updated ", 1))
    assert quick_incident(first, path, EXAMPLE_NOW) == f"incidents/{incident}/"
    # The cached Site still shows the last build; the cache says what the folder holds now.
    assert kept.site.incidents[incident] is view and "Updated" not in view.model.title
    quick = first.cache.held[src]
    assert quick != before
    page = (tmp_path / "site" / "incidents" / incident / "index.html").read_text()
    assert "Updated " in page
    # The next build starts from that: the folder it replaces becomes the spare, as it holds.
    second = build(content, tmp_path / "site", EXAMPLE_NOW, previous=first, keep_spare=True)
    assert second.spare is not None and second.spare_digests[src] == quick
    assert second.cache is first.cache and second.cache.held[src] == quick
