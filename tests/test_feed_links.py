"""Each feed's two addresses, as its format means them: the file itself (Atom and RSS
`rel="self"`, JSON Feed `feed_url`), and the page it is about, its website (RSS 2.0's channel
`<link>`, Atom `rel="alternate"`, JSON Feed `home_page_url`). Every feed of every edition of two
real builds, read with feedparser and lxml."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree
from lxml import html as lhtml

from generator.build import build

from .conftest import EXAMPLE, EXAMPLE_NOW
from .webserver import served

pytestmark = pytest.mark.slow

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITE_WIDE = {
    "all": "",
    "incidents": "incidents/",
    "maintenance": "maintenance/",
    "announcements": "announcements/",
    "changes": "changes/",
    "commitments": "commitments/",
    "policies": "policies/",
    "subprocessors": "subprocessors/",
    "advisories": "advisories/",
}


def about(name: str) -> str:
    """The page a feed is about, relative to its edition: "components/api" -> its page."""
    return name + "/" if name.startswith("components/") else SITE_WIDE[name]


def feeds_of(site: Path) -> dict[str, list[Path]]:
    """Each edition's folder, relative to the site ("" or "de/"), and its feed files."""
    editions = [site, *(f.parent for f in site.glob("*/feeds"))]
    return {
        "" if e == site else f"{e.name}/": sorted(
            p for p in (e / "feeds").rglob("*") if p.suffix in (".atom", ".rss", ".json")
        )
        for e in editions
    }


def website_and_self(path: Path) -> tuple[str, str]:
    """(website, self) as lxml reads the file, each required to be there exactly once."""
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        return document["home_page_url"], document["feed_url"]
    tree = etree.parse(str(path))
    if path.suffix == ".rss":
        (website,) = tree.xpath("/rss/channel/link/text()")
        (own,) = tree.xpath("/rss/channel/a:link[@rel='self']/@href", namespaces=ATOM)
    else:
        (website,) = tree.xpath("/a:feed/a:link[@rel='alternate']/@href", namespaces=ATOM)
        (own,) = tree.xpath("/a:feed/a:link[@rel='self']/@href", namespaces=ATOM)
    return website, own


def assert_every_feed_names_itself_and_its_page(site: Path, base: str, components: set[str]):
    editions = feeds_of(site)
    assert len(editions) == 2, sorted(editions)
    for prefix, paths in editions.items():
        names = {str(p.relative_to(site / prefix / "feeds").with_suffix("")) for p in paths}
        assert names == set(SITE_WIDE) | {f"components/{c}" for c in components}, prefix
        assert len(paths) == 2 * len(names) + 1, prefix  # Atom and RSS each; one JSON Feed
        for path in paths:
            relative = path.relative_to(site).as_posix()
            url = base + relative
            name = relative.removeprefix(prefix + "feeds/").rsplit(".", 1)[0]
            page = base + prefix + about(name)
            assert website_and_self(path) == (page, url), relative
            if path.suffix != ".json":  # feedparser 6 reads no JSON Feed
                feed = feedparser.parse(path.read_bytes())
                assert not feed.bozo, (relative, feed.get("bozo_exception"))
                assert feed.feed.link == page, relative  # what a reader shows as the website
                rels = {(link.rel, link.href) for link in feed.feed.links}
                assert ("self", url) in rels and ("alternate", page) in rels, (relative, rels)
            assert_page_offers(site, base, page, url)


def assert_page_offers(site: Path, base: str, page: str, feed: str) -> None:
    """The website is a page of the built site, and it offers the feed in its <head>."""
    assert page.startswith(base), page
    html = site / page.removeprefix(base) / "index.html"
    assert html.is_file(), page
    offered = {
        urljoin(page, link.get("href"))
        for link in lhtml.fromstring(html.read_bytes()).cssselect("head link[rel=alternate][type]")
    }
    assert feed in offered, (page, feed)


def test_every_feed_of_the_example_names_itself_and_its_page(example_site):
    components = {p.name for p in (example_site / "components").iterdir() if p.is_dir()}
    assert {"api", "webhooks", "postgres"} <= components
    assert_every_feed_names_itself_and_its_page(
        example_site, "https://status.northwind.example/", components
    )


@pytest.fixture(scope="module")
def german_first(tmp_path_factory) -> Path:
    """The example as a German site with an English edition at /en/, published under a path,
    with a WebSub hub that every feed names beside its self link."""
    content = tmp_path_factory.mktemp("german-first") / "content"
    shutil.copytree(EXAMPLE, content)
    for translation in content.rglob("*.de.md"):  # German is now the originals' language
        translation.unlink()
    portal = content / "portal.yml"
    text = portal.read_text(encoding="utf-8")
    for old, new in (
        ("url: https://status.northwind.example/", "url: https://example.org/status/"),
        ("languages: [en, de]", "languages: [de, en]"),
        ("  channels:\n", "  channels:\n    - kind: websub\n      hub: https://hub.example.net/\n"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    portal.write_text(text, encoding="utf-8")
    out = content.parent / "site"
    build(content, out, EXAMPLE_NOW)
    return out


def test_every_feed_of_a_german_first_site_under_a_path_names_itself_and_its_page(german_first):
    assert sorted(feeds_of(german_first)) == ["", "en/"]
    components = {p.name for p in (german_first / "components").iterdir() if p.is_dir()}
    assert_every_feed_names_itself_and_its_page(
        german_first, "https://example.org/status/", components
    )
    rss = etree.parse(str(german_first / "en/feeds/components/api.rss"))
    links = rss.xpath("/rss/channel/a:link", namespaces=ATOM)
    assert [(a.get("rel"), a.get("href")) for a in links] == [
        ("self", "https://example.org/status/en/feeds/components/api.rss"),
        ("hub", "https://hub.example.net/"),
    ]


def test_newsboat_shows_each_feeds_page_as_its_website(example_site, tmp_path):
    """newsboat keeps a feed's website in its cache: it was the Atom file for every RSS feed."""
    if shutil.which("newsboat") is None:
        pytest.skip("newsboat is not installed (Debian: apt-get install newsboat)")
    names = (
        "feeds/all.rss",
        "feeds/incidents.rss",
        "de/feeds/components/api.rss",
        "feeds/all.atom",
    )
    with served(example_site) as root:
        (tmp_path / "urls").write_text("".join(f"{root}{name}\n" for name in names))
        (tmp_path / "config").write_text("auto-reload no\n")
        done = subprocess.run(
            ["newsboat", "-C", "config", "-u", "urls", "-c", "cache.db", "-x", "reload"],
            cwd=tmp_path,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "cache.db") as cache:
        saved = dict(cache.execute("SELECT rssurl, url FROM rss_feed"))
    site = "https://status.northwind.example/"
    assert {url.removeprefix(root): website for url, website in saved.items()} == {
        "feeds/all.rss": site,
        "feeds/incidents.rss": site + "incidents/",
        "de/feeds/components/api.rss": site + "de/components/api/",
        "feeds/all.atom": site,
    }
