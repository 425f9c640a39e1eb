"""Every file a build writes stays inside its output folder: aliases are site paths, checked
before anything is written, and one writer refuses any path that leads out."""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content import site_paths
from generator.errors import BuildError
from generator.output_folder import OutputFolder
from generator.site.mkdocs_engine.publishing import publish
from generator.site.pages import Page
from generator.words import Words

from .conftest import EXAMPLE, EXAMPLE_NOW, add_incident

NOW = "2026-11-23T12:00:00Z"


def tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and link under `root` with what it holds, to see that nothing changed."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            if path.is_symlink():
                found[str(path)] = (0, os.readlink(path).encode())
            elif path.is_file():
                found[str(path)] = (1, path.read_bytes())
    return found


def with_aliases(content: Path, aliases: list[str]) -> Path:
    path = add_incident(content, "incident_valid.md")
    text = path.read_text()
    listed = "".join(f"  - {json.dumps(a)}\n" for a in aliases)  # JSON strings are YAML
    path.write_text(text.replace("title:", f"aliases:\n{listed}title:", 1))
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


HOSTILE = [
    "/%2F{outside}%2Fx/",  # an absolute path once decoded: the hole this closes
    "/%2F{outside}%2Fx.html",  # ... naming the exact file
    "/%2E%2E/%2E%2E/x.html",
    "/..%2Fx/",
    "/a/%2e%2e/%2e%2e/%2e%2e/x/",
    "/a%5C..%5C..%5Cx/",
    "/a/%00/",
    "/a%0D%0Ab/",
    "/%E2%80%AEtxt.exe/",  # a direction override
    "/a//b/",
    "/a/./b/",
    "/%FF/",  # not UTF-8
    "/" + "a" * 300 + "/",
    "//evil.example/x/",
    "/a?b=1",
    "/a#b",
    "/a%/",
    "/a%2525/",  # decodes to a literal % that another server would decode again
]


@pytest.mark.parametrize("alias", HOSTILE)
def test_a_hostile_alias_is_a_check_error_and_nothing_is_written(content, tmp_path, alias):
    outside = tmp_path / "outside"
    outside.mkdir()
    alias = alias.format(outside=str(outside).lstrip("/").replace("/", "%2F"))
    path = with_aliases(content, [alias])
    before = tree(tmp_path)

    checked = run("check", "--content", str(content), "--now", NOW)
    built = run("build", "--content", str(content), "--out", str(tmp_path / "site"), "--now", NOW)

    for result in (checked, built):
        assert result.exit_code == 1, result.output
        first = result.output.splitlines()[0]
        assert first.startswith(f"{path.relative_to(tmp_path)}:3: aliases: expected a path on"), (
            first
        )
        assert "\x00" not in result.output and "\u202e" not in result.output
    assert tree(tmp_path) == before  # no site, nothing outside it, nothing anywhere


COLLIDING = [
    "/feeds/all.atom",
    "/feeds/all.atom/",  # a folder where the site has a file
    "/feeds/",  # the address of one of its folders
    "/api/v2/summary.json",
    "/badge.svg",
    "/sitemap.xml",
    "/sitemap.xml.gz",
    "/404.html",
    "/search/search_index.json",
    "/assets/stylesheets/x.css",  # anything in Material's assets
    "/assets/",
    "/index.html",
    "/Index.HTML",  # one file on a case-insensitive disk
    "/incidents",  # a file where the site needs a folder
    "/incidents/2026-11-20-api-errors/",
    "/components/api/badge.svg",
    "/.openbook-site",
]


@pytest.mark.slow
@pytest.mark.parametrize("alias", COLLIDING)
def test_an_alias_that_collides_with_a_published_file_is_a_check_error(content, tmp_path, alias):
    path = with_aliases(content, [alias])
    for command in (
        ["check", "--content", str(content), "--now", NOW],
        ["build", "--content", str(content), "--out", str(tmp_path / "site"), "--now", NOW],
    ):
        result = run(*command)
        assert result.exit_code == 1, result.output
        assert result.output.splitlines()[0] == (
            f"{path.relative_to(tmp_path)}:3: aliases: {alias} is already a page of this site; "
            "an alias cannot replace it"
        )
    assert not (tmp_path / "site").exists()


def test_aliases_that_collide_with_each_other_are_check_errors(content, tmp_path):
    path = with_aliases(content, ["/old/a/", "/OLD/A/index.html", "/old/a/index.html/x/"])
    result = run("check", "--content", str(content), "--now", NOW)
    assert result.exit_code == 1
    where = path.relative_to(tmp_path)
    assert result.output.splitlines()[:2] == [
        f"{where}:4: aliases: /OLD/A/index.html is also an alias of {where}",
        f"{where}:5: aliases: /old/a/index.html/x/ is also an alias of {where}",
    ]


@pytest.mark.slow
def test_a_plain_alias_in_a_folder_of_the_site_still_works(content, tmp_path):
    with_aliases(content, ["/incidents/p31zjtct2jer/", "/issues/caf%C3%A9/", "/old/page.html"])
    result = run("build", "--content", str(content), "--out", str(tmp_path / "site"), "--now", NOW)
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    for name in ("incidents/p31zjtct2jer/index.html", "issues/café/index.html", "old/page.html"):
        assert b"2026-11-20-api-errors" in (site / name).read_bytes()


# The alphabet of traversal: separators, dots and their escapes, controls and plain names.
PIECES = ["/", "%2F", "%2f", "%5C", "\\", ".", "..", "%2E", "%2e", "%00", "%0A", "%25", "%"]
PIECES += ["a", "index.html", "feeds", "assets", "~", "%C3%A9", "%FF", ":", "@"]


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_every_address_accepted_names_a_file_inside_the_site(tmp_path_factory, pieces):
    address = "/" + "".join(pieces)
    try:
        path = site_paths.address_file(address)
    except ValueError:
        return
    root = tmp_path_factory.getbasetemp() / "root"
    target = Path(os.path.normpath(root / path))
    assert target.is_relative_to(root) and target != root
    assert site_paths.problem(path) is None
    assert not any(part in ("", ".", "..") for part in path.split("/"))
    assert not set(path) & set("\\%\x00\n")


@pytest.mark.parametrize(
    "relative",
    ["../x", "/etc/x", "a/../../x", "a/./b", "a//b", "", "a\\b", "a\x00b", "a/\u202eb", "x%2Fy"],
)
def test_the_writer_refuses_a_path_that_leaves_its_folder(tmp_path, relative):
    root = tmp_path / "site"
    root.mkdir()
    with pytest.raises(BuildError, match="refused to write"):
        OutputFolder(root).write(relative, b"x")
    assert [p for p in tmp_path.rglob("*")] == [root]


def test_the_writer_refuses_to_write_through_a_link_that_leads_out(tmp_path):
    root, outside = tmp_path / "site", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "feeds").symlink_to(outside)
    (root / "badge.svg").symlink_to(outside / "badge.svg")
    folder = OutputFolder(root)
    for relative in ("feeds/all.atom", "badge.svg"):
        with pytest.raises(BuildError, match="leads out of the output folder"):
            folder.write(relative, b"x")
    assert list(outside.iterdir()) == []
    assert folder.write("incidents/x/index.html", b"ok").read_bytes() == b"ok"


def test_mkdocs_is_never_handed_a_page_outside_the_site(tmp_path):
    """The engine writes some files itself: each is checked before MkDocs runs."""
    from generator.content.load import load_content

    site = tmp_path / "site"
    site.mkdir()
    content = load_content(EXAMPLE)
    page = Page("../../outside/index.md", "Out", "<p>out</p>")
    with pytest.raises(BuildError, match="refused to write '../../outside/index.html'"):
        publish(
            content=content, nav=[], pages=[page], site_dir=site, now=EXAMPLE_NOW, words=Words("en")
        )
    assert not (tmp_path / "outside").exists()


def test_the_example_site_is_written_through_the_writer_unchanged(example_site):
    """Every file of the example lies inside its folder, none of them a link."""
    for path in example_site.rglob("*"):
        assert not path.is_symlink()
        assert site_paths.problem(path.relative_to(example_site).as_posix()) is None


def test_no_printable_address_character_is_refused_without_a_reason():
    for ch in string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@":
        assert site_paths.address_file(f"/old/{ch}x/") == f"old/{ch}x/index.html"


@pytest.mark.slow
def test_a_site_of_odd_but_valid_aliases_writes_nothing_outside_its_folder(content, tmp_path):
    odd = [
        "/~a/(b)/",
        "/old/!$&'()*+,;=:@.html",
        "/%C3%A9t%C3%A9/",
        "/a/b/c/d/e/f/",
        "/..a/",
        "/a../",
    ]
    with_aliases(content, odd)
    outside = {k: v for k, v in tree(tmp_path).items()}
    site = tmp_path / "out" / "site"
    result = run("build", "--content", str(content), "--out", str(site), "--now", NOW)
    assert result.exit_code == 0, result.output
    after = tree(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith(str(site.parent))} == outside
    written = {Path(k).relative_to(site).as_posix() for k in after if k.startswith(str(site))}
    for name in ("~a/(b)/index.html", "old/!$&'()*+,;=:@.html", "été/index.html", "..a/index.html"):
        assert name in written
