"""The Site's tasks: each page's slot, the order of pages in the output, the costly tasks first,
and resolved incidents' pages kept from build to build."""

from __future__ import annotations

import pytest

from generator.content.load import load_content
from generator.content.rendering import Renderer
from generator.facts import Facts
from generator.site.page import Page
from generator.site.pages import Site
from generator.site.tasks import Section, Slot, Task, in_order

from .conftest import EXAMPLE, EXAMPLE_NOW

CONTENT = load_content(EXAMPLE)


def _site(cache: dict | None = None) -> Site:
    return Site(Facts.of(CONTENT, EXAMPLE_NOW, Renderer()), cache)


def test_every_task_has_a_slot_of_its_own():
    tasks = _site().tasks()
    assert all(isinstance(t, Task) and isinstance(t.slot.section, Section) for t in tasks)
    places = [t.slot.place for t in tasks]
    assert len(set(places)) == len(places)
    cached = [t.slot for t in tasks if t.slot.cache_key is not None]
    assert {s.section for s in cached} == {Section.INCIDENTS}
    assert [s.cache_key for s in cached] == [i.id for i in CONTENT.incidents]


def test_the_costly_tasks_come_first():
    sections = [t.slot.section for t in _site().tasks()]
    history = sections.count(Section.HISTORY)
    reports = sections.count(Section.REPORTS)
    assert sections[0] is Section.HOME
    assert sections[1 : 1 + history] == [Section.HISTORY] * history
    assert sections[1 + history : 1 + history + reports] == [Section.REPORTS] * reports
    assert sections[-len(CONTENT.incidents) :] == [Section.INCIDENTS] * len(CONTENT.incidents)


# The section of a page, by the start of its source path (the first that matches).
SECTIONS = [
    ("index.md", Section.HOME),
    ("incidents/index.md", Section.HISTORY),
    ("incidents/page/", Section.HISTORY),
    ("incidents/", Section.INCIDENTS),
    ("components/", Section.COMPONENTS),
    ("components.md", Section.COMPONENT_LIST),
    ("groups/", Section.GROUPS),
    ("maintenance/", Section.MAINTENANCE),
    ("announcements/", Section.ANNOUNCEMENTS),
    ("commitments/", Section.COMMITMENTS),
    ("reports/", Section.REPORTS),
    ("changes/", Section.CHANGES),
    ("how-we-work/", Section.HOW_WE_WORK),
    ("subscribe/", Section.SUBSCRIBE),
    ("policies/", Section.POLICIES),
    ("subprocessors/", Section.SUBPROCESSORS),
    ("advisories/", Section.ADVISORIES),
]


def _section(src: str) -> Section:
    return next(section for start, section in SECTIONS if src.startswith(start))


@pytest.mark.slow
def test_pages_come_in_the_order_of_their_sections():
    site = _site()
    srcs = [page.src for page in site.pages()]
    sections = [_section(src) for src in srcs]
    assert sections == sorted(sections)
    assert set(sections) == set(Section)  # the example has a page of each
    incidents = [src for src in srcs if _section(src) is Section.INCIDENTS]
    assert incidents == [f"incidents/{i.id}.md" for i in CONTENT.incidents]
    components = [src for src in srcs if _section(src) is Section.COMPONENTS]
    assert components == [f"components/{c.id}.md" for c in site.portal.components]


@pytest.mark.slow
def test_pages_rendered_elsewhere_take_the_places_of_their_tasks():
    site = _site()
    tasks = site.tasks()
    # As from workers, in the order of the tasks, a run of pages as a list.
    results = [t.render() for t in tasks]
    results = [r if isinstance(r, Page) else list(r) for r in results]
    assert [p.src for p in site.pages(tasks, results)] == [p.src for p in _site().pages()]


@pytest.mark.slow
def test_resolved_incidents_pages_are_kept_and_reused():
    cache: dict = {}
    first = _site(cache).pages()
    open_ones = [i.id for i in CONTENT.incidents if _site().incidents[i.id].is_open]
    resolved = [i.id for i in CONTENT.incidents if i.id not in open_ones]
    assert open_ones and resolved
    assert set(cache) == {i.id for i in CONTENT.incidents}

    again = _site(cache)
    tasks = again.tasks()
    assert [t.slot.cache_key for t in tasks if t.slot.cache_key] == open_ones
    second = again.pages(tasks, [t.render() for t in tasks])
    assert [p.src for p in second] == [p.src for p in first]
    by_src = {p.src: p for p in first}
    for page in second:
        if page.src.removeprefix("incidents/").removesuffix(".md") in resolved:
            assert page is by_src[page.src]


def test_in_order_spreads_runs_of_pages():
    a, b, c = (Page(f"{n}.md", n, "") for n in "abc")
    placed = [(Slot(Section.SUBSCRIBE), [b, c]), (Slot(Section.HOME), a)]
    assert in_order(placed) == [a, b, c]
