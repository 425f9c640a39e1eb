"""The pipeline: read and validate everything, render, then write the site in one swap."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from generator import outputs, parallel
from generator.atomic import remove_stale, replace_file, swap_into_place
from generator.build_state import BuildCache, Edition, Result, page_digest, plan
from generator.content.load import load_content, parse_document
from generator.content.models import Content, Incident, Portal
from generator.content.rendering import Renderer
from generator.content.revision_reader import Reader as RevisionReader
from generator.content.translations import localise
from generator.errors import BuildError, ContentErrors
from generator.facts import Facts, derive, policy_checks
from generator.output_folder import OutputFolder
from generator.outputs import redirects
from generator.site.engine import Alternate, Engine, Fallback
from generator.site.frames import ENCODING, frame_key
from generator.site.mkdocs_engine import MKDOCS
from generator.site.pages import Page, Site, script_asset
from generator.site.views import IncidentView
from generator.site_folder import MARK_TEXT, SITE_MARK, refuse_unsafe_output
from generator.words import Words, autonym

ENGINE: Engine = MKDOCS  # the one engine: the build and the preview know only its protocol


def resolve_now(option: datetime | None) -> datetime:
    """The build's clock: --now, else SOURCE_DATE_EPOCH, else the wall clock."""
    if option is not None:
        return option.astimezone(UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise BuildError(
                f"SOURCE_DATE_EPOCH: expected whole seconds since 1970; got {epoch!r}"
            ) from None
    return datetime.now(UTC).replace(microsecond=0)


Rendered = Page | list[Page] | dict[str, bytes]  # a page task's pages, an output task's files


def _call(task: Callable[[], Page | dict[str, bytes] | Iterable[Page]]) -> Rendered:
    """A task's result; a generator of pages is listed, to travel back from a worker."""
    result = task()
    return result if isinstance(result, (Page, dict)) else list(result)


def _files(result: Rendered) -> dict[str, bytes]:
    assert isinstance(result, dict), result  # the outputs' tasks come first, and give files
    return result


def _pages(result: Rendered) -> Page | list[Page]:
    assert not isinstance(result, dict), result  # the pages' tasks follow, and give pages
    return result


def editions(content: Content, now: datetime, *, cache: BuildCache, jobs: int = 1) -> list[Edition]:
    """Every language's edition, the default first: facts, pages and outputs from the content
    as its readers see it, rendered in `jobs` processes. Each edition's Site and pages are
    kept in `cache` for the next build."""
    portal = content.portal
    md = Renderer(sanitise=not portal.allow_scripts)  # shared: each text converts once
    found = []
    for language in portal.languages:
        prefix = "" if language == portal.language else f"{language}/"
        words = Words(language)
        local = localise(content, language, portal.url + prefix)
        facts = Facts.of(local, now, md, words)
        kept = cache.edition(language)
        site = kept.site = Site(facts, kept.pages)
        tasks = site.tasks()
        # The feeds, calendar, API and data go to the workers too, each its own task, first.
        made = outputs.tasks(facts)
        done = parallel.run(_call, made + [t for _, t in tasks], jobs)
        pages = site.pages(tasks, [_pages(result) for result in done[len(made) :]])
        extra = {SCRIPT: script_asset(words)}
        for result in done[: len(made)]:
            extra.update(_files(result))
        found.append(
            Edition(
                language=language,
                prefix=prefix,
                content=local,
                words=words,
                pages=pages,
                nav=site.nav(),
                extra=extra,
                moved=redirects.files(facts),
            )
        )
    return found


SCRIPT = "assets/openbook.js"  # in each edition, with its language's words at the top

# What MkDocs and Material write besides the pages; an alias may not take their place.
ENGINE_FILES = ("assets/", "search/", "sitemap.xml", "sitemap.xml.gz", "404.html")


def _check_aliases(content: Content, found: list[Edition]) -> None:
    first = found[0]
    taken = {page.url + "index.html" for page in first.pages} | set(first.extra)
    taken |= {f"{e.language}/" for e in found[1:]} | {*ENGINE_FILES, SITE_MARK}
    problems = redirects.conflicts(content, taken)
    if problems:
        raise ContentErrors(problems)


def check(content_dir: Path, now: datetime, jobs: int | None = None) -> Content:
    """Everything a build does but writing the site: load and check the content, render each
    edition in memory, and check what only the whole site shows (an alias against its files).
    Raises ContentErrors as the build would."""
    jobs = parallel.cores() if jobs is None else jobs
    content = policy_checks.checked(load_content(content_dir, {}, jobs), now)
    _check_aliases(content, editions(content, now, cache=BuildCache(), jobs=jobs))
    return content


def alternates(portal: Portal, edition: Edition) -> tuple[Alternate, ...]:
    """The site's languages as seen from `edition`, for its switcher and hreflang links."""
    if len(portal.languages) < 2:
        return ()
    up = "../" * edition.prefix.count("/")
    found = []
    for language in portal.languages:
        prefix = "" if language == portal.language else f"{language}/"
        found.append(
            Alternate(
                language=language, name=autonym(language), here=up + prefix, url=portal.url + prefix
            )
        )
    return tuple(found)


def build(
    content_dir: Path,
    out: Path,
    now: datetime,
    *,
    previous: Result | None = None,
    keep_spare: bool = False,
    full: bool = False,
    jobs: int | None = None,
) -> Result:
    """Build the site for `content_dir` as of `now` into `out`, replacing it only on success:
    load and check everything, compute the facts once per language, render pages and outputs
    from them, publish through the engine into a staging folder, and swap it into place.

    `openbook serve` keeps the replaced site as a spare (`keep_spare`) and passes the result
    back as `previous`: the next build then updates the spare in place, sending through the
    engine only the pages that differ from it, and swaps it in (see `build_state.plan`). A
    changed navigation, a removed page or `full` rebuild everything.

    Pages render in `jobs` worker processes (by default one per core); the site is the same
    byte for byte whatever their number.
    """
    refuse_unsafe_output(out, content_dir)
    cache = previous.cache if previous is not None else BuildCache()
    reader = RevisionReader(content_dir, cache.revisions)
    jobs = parallel.cores() if jobs is None else jobs
    content = load_content(content_dir, cache.documents, jobs)
    revisions = {key: r.as_of(now) for key, r in reader.result().items()}
    content = dataclasses.replace(content, revisions=revisions)
    content = policy_checks.checked(content, now)
    found = editions(content, now, cache=cache, jobs=jobs)
    _check_aliases(content, found)
    digests = {e.prefix + page.src: page_digest(page) for e in found for page in e.pages}
    nav = {e.language: e.nav for e in found}
    out = out.resolve()
    if previous is not None and previous.spare is not None and not previous.spare.is_dir():
        previous = dataclasses.replace(previous, spare=None)  # removed: nothing to update
    planned = plan(previous, found, digests=digests, nav=nav, full=full)
    if previous is not None and previous.spare is not None and planned.spare is None:
        shutil.rmtree(previous.spare, ignore_errors=True)
    staging = planned.spare or _staging(out)
    kept = False
    pages = sum(len(e.pages) for e in found)
    try:
        fallbacks = _write(
            content, found, staging, now=now, unchanged=planned.unchanged, cache=cache, jobs=jobs
        )
        files = [p for p in staging.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        had_site = out.is_dir()
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is not
        swap_into_place(staging, out)
        kept = keep_spare and had_site  # staging now holds the site that was replaced
        result = Result(
            content=content,
            out=out,
            pages=pages,
            files=len(files),
            bytes=size,
            built=pages - sum(len(skipped) for skipped in planned.unchanged.values()),
            nav=nav,
            fallbacks=fallbacks,
            cache=cache,
            spare=staging if kept else None,
            spare_digests=cache.held if kept else {},
        )
        cache.held = dict(digests)
    except OSError as exc:
        raise BuildError(f"cannot write the site to {out}: {exc}") from None
    finally:
        if not kept:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _write(
    content: Content,
    found: list[Edition],
    staging: Path,
    *,
    now: datetime,
    unchanged: Mapping[str, frozenset[str]],
    cache: BuildCache,
    jobs: int,
) -> tuple[Fallback, ...]:
    """Every edition into `staging`: its pages through the engine (those `unchanged` left as
    they are, the frames it used kept in `cache`), then its other files. Returns the folders
    the engine rendered page by page."""
    folder = OutputFolder(staging)
    fallbacks: list[Fallback] = []
    # The default edition first: a full engine build empties its folder, /de/ included.
    for edition in found:
        report = ENGINE.publish(
            content=edition.content,
            nav=edition.nav,
            pages=edition.pages,
            site_dir=staging / edition.prefix,
            now=now,
            words=edition.words,
            alternates=alternates(content.portal, edition),
            unchanged=unchanged[edition.language],
            jobs=jobs,
            frames=cache.edition(edition.language).frames,
        )
        fallbacks += [fallback.within(edition.prefix) for fallback in report.fallbacks]
        for name, data in sorted({**edition.extra, **edition.moved}.items()):
            folder.write(edition.prefix + name, data)
    folder.write(SITE_MARK, MARK_TEXT.encode("utf-8"))
    return tuple(fallbacks)


def _staging(out: Path) -> Path:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise BuildError(f"cannot write next to {out}: {exc.strerror}") from None


def quick_incident(previous: Result, path: Path, now: datetime) -> str | None:
    """After an edit to one incident's file, its page rewritten in place in `previous.out`, in
    the default language, from the last build's facts and frame: what `openbook serve` shows
    at once, before the whole site is built again. Returns the page's URL, or None where this
    does not apply (an error in the file, a new incident, one not yet published, …): the full
    build then does it all."""
    portal = previous.content.portal
    kept = previous.cache.editions.get(portal.language)
    if kept is None or kept.site is None or not kept.frames:
        return None
    site = kept.site
    incident, problems = parse_document("incidents", path, portal)
    if not isinstance(incident, Incident) or problems or incident.draft:
        return None
    if incident.id not in site.incidents:
        return None
    incident = derive.incident_as_of(incident, now)
    if incident is None:
        return None
    page = site.incident_page(incident, view=IncidentView(incident, now, portal, site.today))
    frame = kept.frames.get(frame_key(page))
    if frame is None:
        return None
    target = OutputFolder(previous.out).path(page.url + "index.html")
    replace_file(target, frame.fill(page).encode(*ENCODING))
    previous.cache.held[page.src] = page_digest(page)  # what the folder holds now
    return page.url
