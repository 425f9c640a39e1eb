"""Read a whole content folder into validated `Content`, or report every problem in it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from generator import parallel
from generator.content import policy_loading
from generator.content.advisory_loading import advisory_problems, advisory_untranslated
from generator.content.documents import BUILDERS, Model
from generator.content.ids import ID, ID_HINT, slugify
from generator.content.models import Content, Portal
from generator.content.policies import Policy, policy_from
from generator.content.schema import Checker, did_you_mean
from generator.content.settings import portal_from
from generator.content.source import Document, display_path, read_front_matter, read_yaml_file
from generator.content.subprocessors import read_register
from generator.content.translations import Original, lagging, split_name, translation_from
from generator.errors import ContentErrors, OpenbookError, Problem

SETTINGS = "portal.yml"
Loaded = Model | Policy  # the model of any document of the content folder
READERS: dict[str, Callable[[Document, Checker, str, Portal], Loaded | None]] = {
    **BUILDERS,
    policy_loading.KIND: policy_from,
}
KINDS = tuple(READERS)  # folders of Markdown documents, one per id
# Ids whose URL is one of the site's own pages: such a file would silently replace it.
RESERVED = {
    "incidents": {
        "index": "/incidents/ is the incident history",
        "page": "/incidents/page/ holds the history's pages",
    },
    "maintenance": {"index": "/maintenance/ lists every window"},
    "announcements": {"index": "/announcements/ lists every announcement"},
    "pages": {"index": "/how-we-work/ is the index of these pages"},
    "policies": {"index": "/policies/ lists every policy"},
    "advisories": {"index": "/advisories/ lists every advisory"},
}


def load_content(content_dir: Path, cache: dict | None = None, jobs: int = 1) -> Content:
    """Everything in `content_dir`, validated; raises ContentErrors listing every problem.
    Documents are parsed in `jobs` processes.

    `cache` (kept by `openbook serve` between builds) holds the models of valid files by their
    size and modification time, so only changed files are read again.
    """
    if not content_dir.is_dir():
        raise OpenbookError(
            f"no content folder at '{display_path(content_dir)}'\n"
            "  hint: run Openbook in your status site's repository, or pass --content DIR"
        )
    problems: list[Problem] = []
    versions = policy_loading.RecordReader(content_dir)  # git reads while Python parses
    _check_layout(content_dir, problems)
    settings = content_dir / SETTINGS
    portal = None
    linked = _target(settings) if settings.is_symlink() else None
    if settings.is_symlink() and linked is None:
        problems.append(Problem(display_path(settings), 1, "", *_NOWHERE))
    elif linked is not None and not linked.is_relative_to(content_dir.resolve()):
        problems.append(
            Problem(
                display_path(settings),
                1,
                "",
                "is a link to a file outside the content folder",
                "copy the file into the content folder instead",
            )
        )
    elif settings.is_file():
        doc = read_yaml_file(settings, problems)
        if doc is not None:
            portal = portal_from(doc, Checker(doc, problems))
    else:
        problems.append(
            Problem(
                display_path(settings),
                1,
                "",
                "missing: every site needs its settings file",
                "copy content/portal.yml from the Openbook example and edit it",
            )
        )
    found: dict[str, list] = {kind: [] for kind in KINDS}
    originals: dict[tuple[str, str], Loaded] = {}  # drafts too: a translation may wait with one
    translated: list[tuple[str, Path, str, str]] = []
    settings_key = repr(portal)
    documents = []  # (kind, path, cache key), in the order problems are reported
    for kind in READERS:
        for path in _documents(content_dir / kind, problems, translated):
            stat = path.stat()
            documents.append(
                (kind, path, (str(path), stat.st_size, stat.st_mtime_ns, settings_key))
            )
    cache = {} if cache is None else cache
    fresh = [d for d in documents if d[2] not in cache]
    parsed = dict(
        zip(
            (key for _, _, key in fresh),
            parallel.run(functools.partial(_parse, portal=portal), fresh, jobs),
            strict=True,
        )
    )
    for kind, _, key in documents:
        if key in parsed:
            model, found_problems = parsed[key]
            problems += found_problems
            if model is not None and not found_problems:
                cache[key] = model
        else:
            model = cache[key]
        if model is not None:
            originals[kind, model.id] = model
        if model is not None and not getattr(model, "draft", False):
            found[kind].append(model)
    translations, notes = [], list(portal.notes if portal else ())
    for kind, path, doc_id, language in translated:
        if kind == policy_loading.KIND:
            problems.append(policy_loading.untranslated(display_path(path)))
        elif kind == "advisories":
            problems.append(advisory_untranslated(display_path(path)))
        elif portal is not None and _translation_ok(
            path, doc_id, language, portal, originals.get((kind, doc_id)), problems
        ):
            original = originals[kind, doc_id]
            # Policies and advisories are refused above; every other kind has words to translate.
            assert isinstance(original, Original)
            doc = read_front_matter(path, problems)
            if doc is None:
                continue
            translation = translation_from(
                doc, Checker(doc, problems), kind, original, language, portal
            )
            if translation is not None and not getattr(original, "draft", False):
                translations.append(translation)
                notes += lagging(translation, original, doc)
    register = read_register(content_dir, problems)
    record = versions.result()
    read: list[Problem] = []
    policies = policy_loading.with_versions(found[policy_loading.KIND], record, read)
    problems += [p for p in read if p.level == "error"]
    notes += [p for p in read if p.level != "error"]
    problems += advisory_problems(portal, found, originals)
    if problems or portal is None:
        raise ContentErrors(problems)
    return Content(
        portal=portal,
        incidents=tuple(sorted(found["incidents"], key=lambda i: (i.started, i.id), reverse=True)),
        maintenance=tuple(
            sorted(found["maintenance"], key=lambda m: (m.start, m.id), reverse=True)
        ),
        announcements=tuple(
            sorted(found["announcements"], key=lambda a: (a.published, a.id), reverse=True)
        ),
        pages=tuple(sorted(found["pages"], key=lambda p: (p.order, p.title, p.id))),
        translations=tuple(translations),
        notes=tuple(sorted(notes)),
        policies=policies,
        advisories=tuple(
            sorted(found["advisories"], key=lambda a: (a.published, a.id), reverse=True)
        ),
        subprocessors=register,
        policy_revisions=record,
    )


def _parse(
    document: tuple[str, Path, tuple[str, int, int, str]], portal: Portal | None
) -> tuple[Loaded | None, list[Problem]]:
    kind, path, _ = document
    return parse_document(kind, path, portal)


def parse_document(
    kind: str, path: Path, portal: Portal | None
) -> tuple[Loaded | None, list[Problem]]:
    """One document's model (None if it has errors or there are no settings) and problems."""
    problems: list[Problem] = []
    doc = read_front_matter(path, problems)
    if doc is None or portal is None:
        return None, problems
    return READERS[kind](doc, Checker(doc, problems), path.stem, portal), problems


def _translation_ok(
    path: Path,
    doc_id: str,
    language: str,
    portal: Portal,
    original: Loaded | None,
    problems: list[Problem],
) -> bool:
    """A translation's file name names one of the site's other languages and an original."""
    shown = display_path(path)
    if language not in portal.languages:
        known = ", ".join(portal.languages)
        hint = did_you_mean(language, list(portal.languages)) or (
            f"the site's languages (portal.yml `languages`): {known}; add {language!r} there "
            "to publish it"
        )
        problems.append(
            Problem(shown, 1, "id", f"{language!r} is not one of the site's languages", hint)
        )
        return False
    if language == portal.language:
        problems.append(
            Problem(
                shown,
                1,
                "id",
                f"{language!r} is the site's default language: the original is its text",
                f"edit {doc_id}.md instead, or remove this file",
            )
        )
        return False
    if original is None:
        problems.append(
            Problem(
                shown,
                1,
                "id",
                f"a translation of {doc_id!r}, which does not exist",
                f"translations sit next to their original, {doc_id}.md; check the file name",
            )
        )
        return False
    return True


def load_portal(content_dir: Path) -> Portal:
    """Only the settings, for commands that must work while other files are being fixed."""
    if not content_dir.is_dir():
        load_content(content_dir)  # raises the no-content-folder error
    problems: list[Problem] = []
    doc = (
        read_yaml_file(content_dir / SETTINGS, problems)
        if (content_dir / SETTINGS).is_file()
        else None
    )
    portal = portal_from(doc, Checker(doc, problems)) if doc is not None else None
    if portal is None or any(p.level == "error" for p in problems):
        # A portal with a problem may lack what the problem was in (a component, a group):
        # nothing is written from it; the errors are reported with any others.
        load_content(content_dir)
        raise ContentErrors(problems)
    return portal


def _check_layout(content_dir: Path, problems: list[Problem]) -> None:
    known = [SETTINGS, *KINDS, policy_loading.REGISTER]
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in known:
            continue
        hint = (
            did_you_mean(entry.name, known)
            or f"{display_path(content_dir)}/ holds {', '.join(known)}"
        )
        problems.append(Problem(display_path(entry), 1, "", "not part of the content format", hint))


def _documents(
    folder: Path, problems: list[Problem], translated: list[tuple[str, Path, str, str]]
) -> list[Path]:
    """The Markdown files of one kind, sorted; anything else there is reported, not skipped.
    Translations (`ID.LANG.md`) go to `translated` as (kind, path, id, language)."""
    if folder.is_symlink() and _target(folder) is None:
        problems.append(Problem(display_path(folder), 1, "", *_NOWHERE))
        return []
    if not folder.is_dir():
        return []
    found = []
    inside = folder.parent.resolve()
    if not folder.resolve().is_relative_to(inside):
        problems.append(
            Problem(
                display_path(folder),
                1,
                "",
                "is a link to a folder outside the content folder",
                "keep content files inside the repository's content folder",
            )
        )
        return []
    for path in sorted(folder.iterdir()):
        shown = display_path(path)
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            target = _target(path)
            if target is None:
                problems.append(Problem(shown, 1, "", *_NOWHERE))
                continue
            if not target.is_relative_to(inside):
                problems.append(
                    Problem(
                        shown,
                        1,
                        "",
                        "is a link to a file outside the content folder",
                        "copy the file into the content folder instead",
                    )
                )
                continue
        if path.is_dir():
            problems.append(
                Problem(
                    shown,
                    1,
                    "",
                    "folders inside a content folder are not read",
                    f"move the files up into {display_path(folder)}/",
                )
            )
        elif path.suffix != ".md":
            problems.append(Problem(shown, 1, "", "not a Markdown file; content files end in .md"))
        elif not ID.match(path.stem) and (names := split_name(path.stem)):
            translated.append((folder.name, path, *names))
        elif not ID.match(path.stem):
            problems.append(
                Problem(
                    shown,
                    1,
                    "id",
                    f"the file name {path.stem!r} is not a valid id",
                    ID_HINT + f", e.g. {slugify(path.stem)}.md",
                )
            )
        elif path.stem in RESERVED.get(folder.name, {}):
            problems.append(
                Problem(
                    shown,
                    1,
                    "id",
                    f"the id {path.stem!r} is reserved: {RESERVED[folder.name][path.stem]}",
                    f"rename the file, e.g. {path.stem}-1.md",
                )
            )
        else:
            found.append(path)
    return found


_NOWHERE = (
    "is a link that leads nowhere (its target is missing, or links lead in a loop)",
    "remove the link, or point it into the content folder",
)


def _target(link: Path) -> Path | None:
    """Where a symbolic link leads, or None for a missing target or a loop."""
    try:
        return link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
