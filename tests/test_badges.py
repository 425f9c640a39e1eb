"""Status badges are SVG a browser and a screen reader can read."""

from __future__ import annotations

from lxml import etree

SVG = "{http://www.w3.org/2000/svg}"


def read(path):
    root = etree.fromstring(path.read_bytes())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    return root, texts, fills


def test_site_badge(example_site):
    root, texts, fills = read(example_site / "badge.svg")
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "status: partial outage"
    assert root.findtext(f"{SVG}title") == "status: partial outage"
    assert texts == ["status", "partial outage"]
    assert "#b54708" in fills


def test_component_badges(example_site):
    _, texts, fills = read(example_site / "components" / "webhooks" / "badge.svg")
    assert texts == ["Webhooks", "partial outage"]
    root, texts, fills = read(example_site / "components" / "object-storage" / "badge.svg")
    assert texts == ["Object Storage", "operational"]
    assert "#1a7f37" in fills
    # The badge is as wide as its two halves.
    widths = [int(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[1] + widths[2] == int(root.get("width"))


def test_component_page_embeds_its_badge(example_site):
    html = (example_site / "components" / "postgres" / "index.html").read_text(encoding="utf-8")
    assert (
        '<img src="../../components/postgres/badge.svg" alt="Managed Postgres: operational"' in html
    )
