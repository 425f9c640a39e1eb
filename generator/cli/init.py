"""`openbook init`: a new status repository, with its content, workflows and README.

Every file is planned first, and the content is checked in a scratch folder by the same loader
and check as `openbook check`; only then is anything written, and never over an existing file.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import TypeVar

import click

from generator import __version__
from generator.build import check as check_content
from generator.build import resolve_now
from generator.cli.options import fail, words
from generator.content.editing import scalar
from generator.content.models import Portal
from generator.content.source import display_path
from generator.errors import ContentErrors, OpenbookError

Text = TypeVar("Text", str, None)

PACKAGE = Path(__file__).resolve().parents[1]
STARTER = PACKAGE / "starter"
DEFAULT_COMPONENT = "website=Website"
FOLDERS = ("incidents", "maintenance", "announcements", "pages")
# The files of the new repository, from the starter folder (a dotfile does not travel well
# through every packaging tool, so .gitignore is kept under another name).
STARTER_FILES = {
    ".github/workflows/pages.yml": "workflows/pages.yml",
    ".github/workflows/check.yml": "workflows/check.yml",
    ".gitignore": "gitignore",
    "requirements.txt": "requirements.txt",
    "README.md": "README.md",
}
# What a portal.yml problem means on the command line.
OPTIONS = {
    "title": "--title",
    "url": "--url",
    "timezone": "--timezone",
    "language": "--language",
    "components": "--component",
}


def example_dir() -> Path:
    """The example content: inside the package when installed, content/ beside it in a checkout."""
    for candidate in (STARTER / "example", PACKAGE.parent / "content"):
        if (candidate / "portal.yml").is_file():
            return candidate
    raise FileNotFoundError("the example content is not installed with this Openbook")


def one_line(ctx: click.Context | None, param: click.Parameter | None, value: Text) -> Text:
    """A title or name: text on one line (a line break in a title has no place in a page's
    head, a feed's title or a calendar's line)."""
    words(ctx, param, value)
    if value is not None and any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        raise click.BadParameter(
            f"is one line of text, without line breaks or control characters; got {value!r}"
        )
    return value


def component_pairs(
    ctx: click.Context | None, param: click.Parameter | None, values: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """`ID=NAME` options as (id, name); the id's rules are portal.yml's, checked with it."""
    pairs = []
    for value in values:
        one_line(ctx, param, value)
        cid, sep, name = value.partition("=")
        if not sep or not cid.strip() or not name.strip():
            raise click.BadParameter(f"expected ID=NAME, such as api=Public API; got {value!r}")
        pairs.append((cid.strip(), name.strip()))
    return tuple(pairs)


def portal_text(
    title: str, url: str, timezone: str, language: str, components: tuple[tuple[str, str], ...]
) -> str:
    def line(key: str, value: str, why: str) -> str:
        return f"{key}: {value}".ljust(40) + f"# {why}"

    lines = [
        "# The site's settings; Openbook's reference describes every one.",
        line("title", scalar(title), "the site's name, on every page and feed"),
        line("url", scalar(url), "the address the site is published under"),
        line("timezone", scalar(timezone), "times are shown in this zone (and the visitor's)"),
        line("language", scalar(language), "the language of the site's own words"),
        line("update_every", "30", "minutes; an open incident promises its next update this soon"),
        "",
        "# Incidents and maintenance name these ids: keep them stable once published.",
        "components:",
    ]
    for cid, name in components:
        lines += [f"  - id: {scalar(cid)}", f"    name: {scalar(name)}"]
    return "\n".join(lines) + "\n"


def content_files(portal: str | None) -> dict[str, bytes]:
    """The new content folder: `portal` and empty folders, or the example when `portal` is None."""
    if portal is None:
        source = example_dir()
        return {
            "content/" + path.relative_to(source).as_posix(): path.read_bytes()
            for path in sorted(source.rglob("*"))
            if path.is_file()
        }
    files = {"content/portal.yml": portal.encode("utf-8")}
    files.update({f"content/{folder}/.gitkeep": b"" for folder in FOLDERS})
    return files


def starter_files(title: str, url: str, component: str) -> dict[str, bytes]:
    values = {
        "__OPENBOOK_VERSION__": __version__,
        "__TITLE__": " ".join(title.split()),
        "__URL__": url,
        "__COMPONENT__": component,
    }
    files = {}
    for target, source in STARTER_FILES.items():
        text = (STARTER / source).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        files[target] = text.encode("utf-8")
    return files


def checked(content: dict[str, bytes]) -> Portal:
    """The portal of `content` (paths under content/) as `openbook check` reads it, checked in
    a scratch folder; a problem is reported as the option that caused it where one did."""
    with tempfile.TemporaryDirectory(prefix="openbook-init-") as scratch:
        root = Path(scratch)
        for name, data in content.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        try:
            return check_content(root / "content", resolve_now(None), jobs=1).portal
        except ContentErrors as exc:
            raise _as_options(exc, display_path(root)) from None


def _as_options(exc: ContentErrors, scratch: str) -> click.ClickException | ContentErrors:
    first = exc.problems[0]
    option = OPTIONS.get(re.split(r"[.\[]", first.field)[0])
    if option and first.path.endswith("portal.yml"):
        hint = f" ({first.hint})" if first.hint else ""
        return click.BadParameter(first.message + hint, param_hint=f"'{option}'")
    inside = scratch + "/"
    return ContentErrors(
        [dataclasses.replace(p, path=p.path.replace(inside, "", 1)) for p in exc.problems]
    )


def refusal(folder: Path, names: list[str]) -> str | None:
    """Why `folder` cannot take these files, or None: init never changes what is there."""
    if folder.exists() and not folder.is_dir():
        return f"'{display_path(folder)}' is a file, not a folder"
    taken = [p for p in ("content", ".github/workflows") if (folder / p).exists()]
    taken += [n for n in names if (folder / n).exists() and not n.startswith(tuple(taken))]
    if taken:
        return (
            f"'{display_path(folder)}' already holds {', '.join(taken)}; nothing was changed\n"
            "  hint: run openbook init in an empty folder, or move those away first"
        )
    return None


def _ask(value: str | None, option: str, prompt: str, default: str | None = None) -> str:
    """The value given, else a prompt when there is a terminal, else a usage error."""
    if value is not None:
        return value
    if not sys.stdin.isatty():
        if default is not None:
            return default
        raise click.UsageError(f"Missing option '{option}' (there is no terminal to ask on).")
    answer: str = click.prompt(prompt, default=default)
    return answer


def _ask_components(given: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The components given, else those asked for (or the default), as `--component` reads
    them."""
    if given:
        return given
    answer = _ask(None, "--component", "Components, as ID=NAME, comma-separated", DEFAULT_COMPONENT)
    return component_pairs(None, None, tuple(a.strip() for a in answer.split(",") if a.strip()))


@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default=".")
@click.option("--title", callback=one_line, help="The site's title, such as 'Acme Cloud Status'.")
@click.option("--url", help="The address the site is published under.")
@click.option("--timezone", help="The zone times are shown in (default UTC).")
@click.option("--language", help="The site's language (default en).")
@click.option(
    "--component",
    "components",
    multiple=True,
    callback=component_pairs,
    metavar="ID=NAME",
    help=f"A component the site reports on; repeat for each (default {DEFAULT_COMPONENT}).",
)
@click.option("--example", is_flag=True, help="Copy the example content instead.")
def init(
    folder: Path,
    title: str | None,
    url: str | None,
    timezone: str | None,
    language: str | None,
    components: tuple[tuple[str, str], ...],
    example: bool,
) -> None:
    """Create a status repository in FOLDER (default: here).

    Writes content/portal.yml, empty content folders, workflows that publish to GitHub Pages
    and check pull requests with this Openbook version, requirements.txt, .gitignore and a
    README for the team. Asks for what is missing when run in a terminal. Refuses a folder
    that already holds content/ or .github/workflows/, and changes nothing there.

    \b
    Example:
        openbook init status --title "Acme Status" --url https://status.acme.example/ \\
            --component api="Public API" --component dashboard=Dashboard
    """
    if example and any(v for v in (title, url, timezone, language, components)):
        raise click.UsageError(
            "--example copies the example's own settings; edit content/portal.yml afterwards"
        )
    answers = None
    if not example:
        answers = (
            one_line(None, None, _ask(title, "--title", "Title")),
            _ask(url, "--url", "Address (URL)"),
            _ask(timezone, "--timezone", "Time zone", "UTC"),
            _ask(language, "--language", "Language", "en"),
            _ask_components(components),
        )
    try:
        content = content_files(None if answers is None else portal_text(*answers))
        portal = checked(content)
    except OpenbookError as exc:
        fail(exc)
    files = {**content, **starter_files(portal.title, portal.url, portal.components[0].id)}
    reason = refusal(folder, list(files))
    if reason:
        click.echo(f"error: {reason}", err=True)
        sys.exit(1)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:  # never over a file that appeared meanwhile
            out.write(data)
    where = display_path(folder)
    click.echo(
        f"Created a status repository in {where} ({len(files)} files) with Openbook "
        f"{__version__}. Next:"
    )
    if where != ".":
        click.echo(f"  cd {where}")
    click.echo(
        "  openbook build        # the site, in site/\n"
        "  git init -b main && git add . && git commit -m 'Status site'\n"
        "  then push it to GitHub and choose Settings → Pages → Source: GitHub Actions"
    )
