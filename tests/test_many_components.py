"""A site with hundreds of components: the home page sums up its groups and stays small."""

from __future__ import annotations

import pytest
from lxml import html as lhtml

from generator.build import build
from generator.errors import ContentErrors
from generator.site.home import HOME_COMPONENTS, HOME_ROWS

from .helpers.many_components import NOW, write
from .linkcheck import check


def page(site, url=""):
    return lhtml.fromstring((site / url / "index.html").read_bytes())


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    root = tmp_path_factory.mktemp("grouped")
    write(root / "content", groups=6, per_group=40, ungrouped=3, broken=("g2c7",))
    build(root / "content", root / "site", NOW)
    return root / "site"


def test_the_home_page_sums_up_groups_when_there_are_many_components(grouped):
    home = page(grouped)
    rows = home.cssselect(".ob-components > li")
    names = [r.cssselect(".ob-component__name")[0].text_content() for r in rows]
    # The ungrouped components one by one, then one row per group, in portal order.
    assert names == ["Loose 0", "Loose 1", "Loose 2"] + [f"Region <{g}>" for g in range(6)]
    broken = rows[3 + 2]
    assert broken.cssselect(".ob-component__name")[0].get("href") == "./groups/g2/"
    assert "ob-status--major_outage" in lhtml.tostring(broken, encoding="unicode")
    counts = broken.cssselect(".ob-group__counts")[0].text_content()
    assert "40 components" in counts and "Major outage: 1" in counts
    assert "Operational: 39" in counts
    calm = rows[3].cssselect(".ob-group__counts")[0].text_content()
    assert calm == "40 components"  # all operational: nothing more to say
    # Today's bar of the broken group is its worst component's.
    assert broken.cssselect(".ob-bar")[-1].get("class") == "ob-bar ob-bar--major_outage"
    assert home.cssselect(".ob-more a[href='./components/']")
    assert (grouped / "index.html").stat().st_size < 200_000


@pytest.mark.slow
def test_a_group_page_lists_its_components_and_every_component_is_listed(grouped):
    group = page(grouped, "groups/g2")
    assert group.cssselect("h1")[0].text_content() == "Region <2>"
    members = [a.text_content() for a in group.cssselect(".ob-component__name")]
    assert members == [f"Node 2.{n}" for n in range(40)]
    everything = page(grouped, "components")
    assert len(everything.cssselect(".ob-row")) == 3 + 6 * 40
    crumbs = page(grouped, "components/g2c7").cssselect(".ob-breadcrumb a")
    assert [a.get("href") for a in crumbs] == ["../../", "../../groups/g2/"]
    checked, broken_links = check(grouped, "/")
    assert checked > 1000 and broken_links == []


@pytest.mark.slow
def test_a_small_site_lists_every_component(tmp_path):
    write(tmp_path / "content", groups=2, per_group=HOME_COMPONENTS // 2)
    build(tmp_path / "content", tmp_path / "site", NOW)
    home = page(tmp_path / "site")
    assert len(home.cssselect(".ob-components > li")) == HOME_COMPONENTS
    assert not home.cssselect(".ob-component--group")


@pytest.mark.slow
def test_at_most_home_rows_and_trouble_first(tmp_path):
    """Thousands of components without groups: the home page shows HOME_ROWS of them, those in
    trouble among them wherever they are in the list."""
    write(tmp_path / "content", groups=0, per_group=0, ungrouped=3 * HOME_ROWS, broken=("u140",))
    build(tmp_path / "content", tmp_path / "site", NOW)
    home = page(tmp_path / "site")
    names = [a.text_content() for a in home.cssselect(".ob-component__name")]
    assert len(names) == HOME_ROWS and "Loose 140" in names
    assert names[: HOME_ROWS - 1] == [f"Loose {n}" for n in range(HOME_ROWS - 1)]
    assert (
        home.cssselect(".ob-more")[0]
        .text_content()
        .startswith(f"Showing {HOME_ROWS} of {3 * HOME_ROWS}.")
    )


def test_index_is_not_an_id_for_a_component_or_a_group(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "incidents").mkdir(parents=True)
    (tmp_path / "content" / "portal.yml").write_text(
        "title: T\nurl: https://s.example.com/\ntimezone: UTC\n"
        "groups:\n  - id: index\n    name: G\n"
        "components:\n  - id: index\n    name: C\n"
    )
    with pytest.raises(ContentErrors) as caught:
        build(tmp_path / "content", tmp_path / "site", NOW)
    shown = [str(p) for p in caught.value.problems]
    assert shown == [
        "content/portal.yml:5: groups.id: 'index' is reserved for the list of every component",
        "content/portal.yml:8: components.id: 'index' is reserved for the list of every component",
    ]
