"""A link checker for a built site: every internal link, asset, feed and API URL must resolve."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lhtml


def target_file(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def ids_of(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        doc = lhtml.fromstring(path.read_bytes())
        cache[path] = {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")}
    return cache[path]


def links(site: Path, base: str):
    """(source file, link) for every link in pages, feeds, the API, the sitemap and the calendar."""
    for page in sorted(site.rglob("*.html")):
        doc = lhtml.fromstring(page.read_bytes())
        for element, attribute in (
            ("a", "href"),
            ("link", "href"),
            ("script", "src"),
            ("img", "src"),
        ):
            for node in doc.iter(element):
                if node.get(attribute):
                    yield page, node.get(attribute)
        for form in doc.cssselect("[data-ob-index]"):
            yield page, form.get("data-ob-index")
    for feed in sorted((site / "feeds").rglob("*")):
        if feed.suffix in (".atom", ".rss"):
            tree = etree.fromstring(feed.read_bytes())
            for node in tree.iter("{http://www.w3.org/2005/Atom}link"):
                yield feed, node.get("href")
            for node in tree.iter("link"):
                yield feed, node.text
            for node in tree.iter("guid"):  # only a permalink is an address (RSS 2.0)
                if node.get("isPermaLink", "true") != "false":
                    yield feed, node.text
        elif feed.suffix == ".json":
            data = json.loads(feed.read_text(encoding="utf-8"))
            yield from (
                (feed, u)
                for u in [data["home_page_url"], data["feed_url"]]
                + [i["url"] for i in data["items"]]
            )
        elif feed.suffix == ".ics":
            unfolded = feed.read_bytes().decode("utf-8").replace("\r\n ", "")
            yield from ((feed, u.strip()) for u in re.findall(r"^URL:(.*)$", unfolded, re.M))
    for api in sorted((site / "api").rglob("*.json")):
        data = json.loads(api.read_text(encoding="utf-8"))
        for collection in ("incidents", "scheduled_maintenances"):
            yield from ((api, item["shortlink"]) for item in data.get(collection, []))
    sitemap = etree.fromstring((site / "sitemap.xml").read_bytes())
    yield from (
        (site / "sitemap.xml", loc.text)
        for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    )


def check(site: Path, base: str) -> tuple[int, list[str]]:
    """(links checked, broken ones) for a site published at `base`."""
    checked, broken, id_cache = 0, [], {}
    for source, link in links(site, base):
        if link.startswith(("mailto:", "tel:")) or (
            link.startswith(("http://", "https://")) and not link.startswith(base)
        ):
            continue  # outside the site: not ours to check
        checked += 1
        parts = urlsplit(link)
        base_path = urlsplit(base).path
        if link.startswith(base):
            path = "/" + parts.path[len(base_path) :]
        elif parts.path.startswith("/"):  # 404.html links from the site's root path
            if not parts.path.startswith(base_path):
                broken.append(f"{source.relative_to(site)}: {link} is outside {base_path}")
                continue
            path = posixpath.normpath("/" + parts.path[len(base_path) :]) + (
                "/" if parts.path.endswith("/") else ""
            )
        elif parts.path:
            here = "/" + str(source.relative_to(site).parent).replace(".", "") + "/"
            path = posixpath.normpath(posixpath.join(here, parts.path)) + (
                "/" if parts.path.endswith("/") else ""
            )
            if path.startswith("/.."):
                broken.append(f"{source.relative_to(site)}: {link} leaves the site")
                continue
        else:
            path = "/" + str(source.relative_to(site))
        target = target_file(site, path)
        if not target.is_file():
            broken.append(f"{source.relative_to(site)}: {link}")
        elif (
            parts.fragment
            and target.suffix == ".html"
            and parts.fragment not in ids_of(target, id_cache)
        ):
            broken.append(f"{source.relative_to(site)}: {link} (no #{parts.fragment})")
    return checked, broken
