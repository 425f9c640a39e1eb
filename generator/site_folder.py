"""The folder a build replaces: refused when replacing it would destroy sources (the content,
the current folder, the repository, a folder of other files), and marked as an Openbook site
once built, so that the next build may replace it."""

from __future__ import annotations

from pathlib import Path

from generator import urls
from generator.content.source import display_path
from generator.errors import BuildError

SITE_MARK = ".openbook-site"  # in every site Openbook builds: only such a folder is replaced
MARK_TEXT = "Built by Openbook. `openbook build` replaces this whole folder.\n"


def refuse_unsafe_output(out: Path, content_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources: the content folder, the
    current folder, the repository, or any non-empty folder that is not an Openbook site."""
    shown = display_path(out)
    target, content, here = out.resolve(), content_dir.resolve(), Path.cwd().resolve()
    hint = "\n  hint: build into a folder of its own, e.g. --out site"
    if _within(here, target):
        raise BuildError(f"--out {shown}: the site would replace the current folder" + hint)
    for root in {r for r in (_repository(content), _repository(here)) if r is not None}:
        if _within(root, target):
            raise BuildError(
                f"--out {shown}: the site would replace the repository at {display_path(root)}"
                + hint
            )
    if _within(target, content) or _within(content, target):
        raise BuildError(
            f"--out {shown}: the site would overwrite the content folder "
            f"{display_path(content_dir)}" + hint
        )
    if target.exists() and not target.is_dir():
        raise BuildError(f"--out {shown}: is a file, not a folder" + hint)
    if target.is_dir() and any(target.iterdir()) and not is_openbook_site(target):
        raise BuildError(
            f"--out {shown}: the folder is not empty and was not built by Openbook, so it is "
            "left alone\n  hint: choose an empty or new folder, or empty this one yourself"
        )


def is_openbook_site(folder: Path) -> bool:
    # Sites built before the mark existed still carry the API and feeds.
    return (folder / SITE_MARK).is_file() or (
        (folder / urls.api("summary")).is_file()
        and (folder / (urls.feed("all") + ".atom")).is_file()
    )


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or inner.is_relative_to(outer)


def _repository(folder: Path) -> Path | None:
    """The root of the git repository holding `folder`, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
