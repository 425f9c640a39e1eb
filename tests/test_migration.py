"""What a team moving in needs: old addresses that keep working (`aliases:`), and components
kept for their history but gone from the home page (`hidden`, `retired`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import html as lhtml

from generator.build import build
from generator.content.load import load_content
from generator.errors import ContentErrors

from .conftest import add_incident

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.slow
def test_each_alias_is_a_redirect_to_the_page(content, tmp_path):
    add_incident(content, "incident_with_aliases.md")
    out = tmp_path / "site"
    build(content, out, NOW)
    target = "incidents/2026-11-20-api-errors/"
    for alias, back in (
        ("issues/2026-11-20-api-errors/index.html", "../../"),
        ("issues/2026-11-20-api-érrors/index.html", "../../"),  # the file has the decoded name
        ("old/api.html", "../"),
    ):
        page = lhtml.fromstring((out / alias).read_bytes())
        refresh = page.cssselect('meta[http-equiv="refresh"]')[0].get("content")
        assert refresh == f"0; url={back}{target}"
        assert (out / alias).parent.joinpath(back, target, "index.html").resolve().is_file()
        assert page.cssselect('link[rel="canonical"]')[0].get("href") == (
            "https://status.example.com/" + target
        )
        assert page.cssselect('meta[name="robots"]')[0].get("content") == "noindex"
        assert page.cssselect("a")[0].text == "API errors"


def test_aliases_must_be_paths_on_this_site(content):
    add_incident(content, "incident_with_bad_aliases.md")
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    lines = [(p.line, p.message) for p in caught.value.problems]
    assert [line for line, _ in lines] == [4, 5, 6]
    assert all(m.startswith("expected a path on this site such as /issues/") for _, m in lines)


@pytest.mark.parametrize(
    "alias",
    ["/incidents/", "/feeds/all.atom", "/assets/javascripts/bundle.js", "/incidents/2026-11-20-b/"],
)
def test_an_alias_cannot_replace_a_page(content, tmp_path, alias):
    add_incident(content, "incident_valid.md", "2026-11-20-b")
    path = add_incident(content, "incident_with_aliases.md")
    path.write_text(path.read_text().replace("  - /old/api.html", f"  - {alias}"))
    with pytest.raises(ContentErrors) as caught:
        build(content, tmp_path / "site", NOW)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (6, "aliases")
    assert problem.message == f"{alias} is already a page of this site; an alias cannot replace it"
    assert not (tmp_path / "site").exists()


def test_two_pages_cannot_share_an_alias(content, tmp_path):
    add_incident(content, "incident_with_aliases.md", "2026-11-20-a")
    add_incident(content, "incident_with_aliases.md", "2026-11-20-b")
    with pytest.raises(ContentErrors) as caught:
        build(content, tmp_path / "site", NOW)
    messages = {p.message.rsplit("/", 1)[0] for p in caught.value.problems}
    assert "/issues/2026-11-20-api-errors/ is also an alias of content/incidents" in messages
    assert len(caught.value.problems) == 3


@pytest.mark.slow
def test_hidden_and_retired_components_leave_the_home_page_only(content, tmp_path):
    portal = content / "portal.yml"
    text = portal.read_text()
    text = text.replace("    name: Dashboard\n", "    name: Dashboard\n    hidden: true\n")
    text += "  - id: ftp\n    name: FTP uploads\n    retired: 2026-06-30\n"
    text += "  - id: cdn\n    name: Old CDN\n    retired: 2026-12-31\n"
    portal.write_text(text)
    out = tmp_path / "site"
    build(content, out, NOW)
    home = lhtml.fromstring((out / "index.html").read_bytes())
    names = [n.text_content().strip() for n in home.cssselect(".ob-component__name")]
    assert "Public API" in names and "Old CDN" in names  # retired only at the end of the year
    assert "Dashboard" not in names and "FTP uploads" not in names
    for cid in ("dashboard", "ftp"):
        assert (out / "components" / cid / "index.html").is_file()
