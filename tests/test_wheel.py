"""Openbook as a new user gets it: the sdist and the wheel built from it, installed into a fresh
virtual environment outside the source tree, then `init`, `build` and `new incident` there.

The environment has no access to the system's packages, where the editable install of this
checkout lives: its dependencies come from the package index (through pip's cache), so a
missing dependency or data file fails here as it would for a user.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from generator import __version__

from .conftest import ROOT

pytestmark = pytest.mark.slow

NOW = "2026-12-02T12:00:00Z"
# What a site needs at run time, by where it lands in the wheel.
RUNTIME = [
    "generator/py.typed",  # the package's types, for mypy in a site's own checks
    "generator/site_templates/mkdocs.yml",
    "generator/site_templates/pages/home.html",
    "generator/site_templates/overrides/openbook.html",
    "generator/site_templates/docs/assets/openbook.css",
    "generator/site_templates/docs/assets/openbook.js",
    "generator/locales/de/LC_MESSAGES/openbook.po",
    "generator/locales/ar/LC_MESSAGES/openbook.po",
    "generator/starter/workflows/pages.yml",
    "generator/starter/workflows/check.yml",
    "generator/starter/gitignore",
    "generator/starter/README.md",
    "generator/starter/requirements.txt",
    "generator/starter/example/portal.yml",
    "generator/starter/example/incidents/2026-11-23-webhook-delivery-failures.md",
]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """`python -m build`: the sdist, then the wheel built from that sdist alone."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        env=_clean_env(),
    )
    return out


@pytest.fixture(scope="module")
def venv(dist, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies installed, not editable."""
    home = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    (wheel,) = dist.glob("*.whl")
    subprocess.run(
        [str(home / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        env=_clean_env(),
        cwd=home,
    )
    return home


def _clean_env(venv: Path | None = None) -> dict[str, str]:
    """The environment without anything that would put this checkout on the import path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    return env


def openbook(venv: Path, cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [str(venv / "bin" / "openbook"), *args],
        cwd=cwd,
        env=_clean_env(venv),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def test_the_wheel_and_the_sdist_hold_what_a_site_needs(dist):
    (wheel,) = dist.glob(f"openbook-{__version__}-py3-none-any.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in RUNTIME if name not in names] == []
    example = {n for n in names if n.startswith("generator/starter/example/")}
    shipped = {
        "generator/starter/example/" + p.relative_to(ROOT / "content").as_posix()
        for p in (ROOT / "content").rglob("*")
        if p.is_file()
    }
    assert example == shipped
    assert not any(n.startswith(("tests/", "benchmarks/", "content/")) for n in names)
    (sdist,) = dist.glob(f"openbook-{__version__}.tar.gz")
    inside = {n.partition("/")[2] for n in tarfile.open(sdist).getnames()}
    assert {
        "CHANGELOG.md",
        "action.yml",
        "site_templates/mkdocs.yml",
        "content/portal.yml",
    } <= inside
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in inside)


def test_installed_openbook_is_the_wheel_not_this_checkout(venv, tmp_path):
    python = str(venv / "bin" / "python")
    done = subprocess.run(
        [python, "-c", "import generator, sys; print(generator.__file__); print(sys.path)"],
        cwd=tmp_path,
        env=_clean_env(venv),
        capture_output=True,
        text=True,
        check=True,
    )
    where, path = done.stdout.splitlines()
    assert Path(where).is_relative_to(venv / "lib")
    assert str(ROOT) not in path
    assert openbook(venv, tmp_path, "--version") == f"openbook, version {__version__}\n"


def test_init_build_and_a_first_incident_from_the_wheel(venv, tmp_path):
    printed = openbook(
        venv,
        tmp_path,
        "init",
        "status",
        "--title",
        "Acme Status",
        "--url",
        "https://status.acme.example/",
        "--component",
        "api=Public API",
    )
    assert printed.startswith(
        f"Created a status repository in status (10 files) with Openbook {__version__}."
    )
    repo = tmp_path / "status"
    assert (repo / "requirements.txt").read_text().splitlines()[-1] == f"openbook=={__version__}"
    assert openbook(venv, repo, "check") == (
        "Content OK: 0 incidents, 0 maintenance windows, 0 announcements, 0 pages, 1 component.\n"
    )
    assert openbook(venv, repo, "build", "--now", NOW).startswith("Built ")
    assert (repo / "site" / "index.html").is_file() and (
        repo / "site" / "api/v2/summary.json"
    ).is_file()
    path = openbook(
        venv,
        repo,
        "new",
        "incident",
        "API errors",
        "--impact",
        "minor",
        "--component",
        "api=partial_outage",
        "--now",
        NOW,
    )
    assert path == "content/incidents/2026-12-02-api-errors.md\n"
    openbook(venv, repo, "build", "--now", NOW)
    page = (repo / "site" / "incidents" / "2026-12-02-api-errors" / "index.html").read_text()
    assert "API errors" in page


def test_the_example_ships_in_the_wheel_and_builds(venv, tmp_path):
    openbook(venv, tmp_path, "init", "demo", "--example")
    assert openbook(venv, tmp_path / "demo", "build", "--now", NOW).startswith("Built ")
