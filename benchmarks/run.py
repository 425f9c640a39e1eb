"""Time a full build of a generated history: `python benchmarks/run.py --incidents 1000 10000`.

`--report-mb 0.2 2` times instead a site whose one incident has a report of that many
megabytes, to show that the cost of a report grows linearly with its length.

`--languages en de` publishes the history in several languages, every incident with a complete
translation (`ID.de.md`), to show what each further language costs.

For each size it writes a synthetic content folder (N incidents with 3 updates each over 2 of
5 components, a report body on every tenth), builds it with `openbook build` in a child process,
and prints wall time, CPU time, peak memory, number of files, total output size, and the sizes
of the pages that must not grow with history. It then does what `openbook serve` does after an
author edits one incident: a full build in one process, one file changed, and a second build
that reuses the first: serve_page_s is when the edited page is shown, serve_edit_s when the
whole site is up to date. Incidents come at a steady rate, three a day, so a larger N means a
longer history, not a denser one (up to 20,000: beyond, the same 18 years grow denser).

`--compare-mkdocs` also builds N plain Markdown pages of about an incident's words with MkDocs
and Material alone (out of the navigation and the search, beside eight section pages): the
engine underneath Openbook, as a floor to compare with (vs_mkdocs is Openbook's time over it).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

COMPONENTS = ["api", "dashboard", "login", "webhooks", "storage"]
WORK: str | None = None  # where corpora and sites are written (--work); the system's temp folder
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
REPORT = """
## What happened
A configuration change reached {nodes} nodes at once and {pct}% of requests failed.

## Impact
| region | failed requests | duration |
|---|---|---|
| eu-central | {pct}% | {minutes} min |

## What we are changing
- Stage configuration pushes behind a canary.
- Alert on error rates above 1% for two minutes.
"""


def component_ids(count: int | None) -> list[str]:
    """The five default components, or `count` of them (in groups of 100)."""
    return COMPONENTS if count is None else [f"c{n:05d}" for n in range(count)]


def portal(languages: tuple[str, ...] = ("en",), components: int | None = None) -> str:
    ids = component_ids(components)
    groups = [ids[i : i + 100] for i in range(0, len(ids), 100)] if components else [ids]
    lines = [
        "title: Benchmark Status",
        "url: https://status.example.com/",
        "timezone: Europe/Berlin",
        *([f"languages: [{', '.join(languages)}]"] if len(languages) > 1 else []),
        "groups:",
        *(f"  - id: g{n}\n    name: Group {n}" for n in range(len(groups))),
        "components:",
    ]
    for n, members in enumerate(groups):
        for cid in members:
            lines += [f"  - id: {cid}", f"    name: {cid.capitalize()}", f"    group: g{n}"]
    return "\n".join(lines) + "\n"


def incident(n: int, started: datetime, rng: random.Random, ids: list[str] = COMPONENTS) -> str:
    a, b = rng.sample(ids, 2)
    impact = rng.choice(["minor", "major", "critical", "none"])
    s1, s2 = (
        rng.choice(["partial_outage", "major_outage"]),
        rng.choice(["degraded_performance", "partial_outage"]),
    )
    minutes = rng.randint(20, 240)
    times = [
        started,
        started + timedelta(minutes=minutes // 3),
        started + timedelta(minutes=minutes),
    ]
    body = (
        REPORT.format(nodes=rng.randint(2, 40), pct=rng.randint(1, 30), minutes=minutes)
        if n % 10 == 0
        else ""
    )
    return f"""---
title: Incident {n} affecting {a} and {b}
impact: {impact}
components:
  {a}: {s1}
  {b}: {s2}
updates:
  - at: {times[0]:%Y-%m-%dT%H:%M:%SZ}
    status: investigating
    text: We're investigating errors on {a} and {b} (case {n}). Next update in 30 minutes.
  - at: {times[1]:%Y-%m-%dT%H:%M:%SZ}
    status: identified
    text: Deploy {n} caused errors on {a}; we are rolling it back.
  - at: {times[2]:%Y-%m-%dT%H:%M:%SZ}
    status: resolved
    text: The rollback of deploy {n} finished and error rates are normal again.
---
{body}"""


def translation(original: str, language: str) -> str:
    """The words of an incident in `language`: its title, each update's text by its `at`."""
    front = original.split("---\n")[1]
    title = re.search(r"^title: (.*)$", front, re.M).group(1)
    lines = ["---", f"title: ({language}) {title}", "updates:"]
    for at, text in re.findall(r"- at: (\S+)\n    status: \w+\n    text: (.*)", front):
        lines += [f"  - at: {at}", f"    text: ({language}) {text}"]
    body = original.split("---\n", 2)[2]
    return "\n".join(lines) + "\n---\n" + (f"({language})\n{body}" if body.strip() else "")


def generate(
    folder: Path,
    count: int,
    seed: int = 1,
    languages: tuple[str, ...] = ("en",),
    components: int | None = None,
) -> None:
    rng = random.Random(seed)
    ids = component_ids(components)
    (folder / "incidents").mkdir(parents=True)
    (folder / "portal.yml").write_text(portal(languages, components), encoding="utf-8")
    # A steady rate (three a day, 10,000 over nine years), so a longer history is older, not
    # denser; beyond 20,000 (18 years) the history stays 18 years long and grows denser.
    every = timedelta(hours=8) if count <= 20_000 else timedelta(hours=8) * 20_000 / count
    for n in range(count):
        started = NOW - timedelta(hours=6) - every * n - timedelta(minutes=rng.randint(0, 300))
        started = started.replace(second=0, microsecond=0)
        name = f"{started:%Y-%m-%d}-incident-{n}.md"
        text = incident(n, started, rng, ids)
        (folder / "incidents" / name).write_text(text, encoding="utf-8")
        for language in languages[1:]:
            (folder / "incidents" / name.replace(".md", f".{language}.md")).write_text(
                translation(text, language), encoding="utf-8"
            )


def timed(command: list[str], quiet: bool = False) -> tuple[float, float, float]:
    """Wall time, CPU time and peak memory (MB) of `command` in a child process; `quiet`: its
    messages too are not shown."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    stderr = subprocess.DEVNULL if quiet else None
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=stderr)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024  # the largest child so far; sizes run smallest first


def timed_build(content: Path, out: Path) -> tuple[float, float, float]:
    """`timed` for `openbook build` of `content` into `out` as of NOW."""
    build = ["build", "--content", str(content), "--out", str(out), "--now", NOW.isoformat()]
    return timed([sys.executable, "-m", "generator", *build])


def measure_report(megabytes: float) -> dict:
    """One incident whose report is `megabytes` long: sections of paragraphs with links."""
    section = (
        "## Section\n\n"
        + "The change at 02:04 UTC cut the **hosts** off; see [the runbook](https://example.com/).\n\n"
        * 20
    )
    with tempfile.TemporaryDirectory(prefix="openbook-bench-", dir=WORK) as tmp:
        content, out = Path(tmp) / "content", Path(tmp) / "site"
        generate(content, 1)
        path = next((content / "incidents").glob("*.md"))
        path.write_text(
            path.read_text(encoding="utf-8") + section * int(megabytes * 1e6 // len(section) + 1),
            encoding="utf-8",
        )
        wall, cpu, peak = timed_build(content, out)
        files = [p for p in out.rglob("*") if p.is_file()]
        return {
            "report_mb": megabytes,
            "wall_s": wall,
            "cpu_s": cpu,
            "peak_mb": peak,
            "output_mb": sum(p.stat().st_size for p in files) / 1e6,
        }


PLAIN_PAGE = """# Incident {n} affecting api and login

**Resolved** · minor impact · Api, Login · 22 min

## Timeline

- **Resolved** 14:15 CET: The rollback of deploy {n} finished and error rates are normal again.
- **Identified** 14:00 CET: Deploy {n} caused errors on api; we are rolling it back.
- **Investigating** 13:53 CET: We're investigating errors on api and login (case {n}).
"""


def measure_mkdocs(count: int) -> dict:
    """The floor: plain MkDocs + Material building `count` Markdown pages of about an incident's
    words, out of the navigation and the search as Openbook's incident pages are, beside eight
    pages in the navigation."""
    with tempfile.TemporaryDirectory(prefix="openbook-bench-mkdocs-", dir=WORK) as tmp:
        docs, out = Path(tmp) / "docs", Path(tmp) / "site"
        (docs / "incidents").mkdir(parents=True)
        nav = ["index", "history", "maintenance", "announcements", "commitments", "reports"]
        nav += ["how-we-work", "subscribe"]
        for name in nav:
            (docs / f"{name}.md").write_text(f"# {name}\n\nA section page.\n", encoding="utf-8")
        for n in range(count):
            (docs / "incidents" / f"incident-{n}.md").write_text(
                "---\nsearch:\n  exclude: true\n---\n" + PLAIN_PAGE.format(n=n), encoding="utf-8"
            )
        (Path(tmp) / "mkdocs.yml").write_text(
            "site_name: Benchmark Status\nsite_url: https://status.example.com/\n"
            "theme:\n  name: material\n  features: [navigation.tabs]\n"
            "plugins: [search]\nnav:\n" + "".join(f"  - {name}.md\n" for name in nav),
            encoding="utf-8",
        )
        config = str(Path(tmp) / "mkdocs.yml")
        wall, cpu, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config], True)
        files = [p for p in out.rglob("*") if p.is_file()]
        pages = list((out / "incidents").glob("*/index.html"))
        return {
            "mkdocs_wall_s": wall,
            "mkdocs_cpu_s": cpu,
            "mkdocs_output_mb": sum(p.stat().st_size for p in files) / 1e6,
            "mkdocs_page_avg_kb": sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1e3,
        }


def measure(
    count: int,
    languages: tuple[str, ...] = ("en",),
    components: int | None = None,
    serve: bool = True,
) -> dict:
    with tempfile.TemporaryDirectory(prefix="openbook-bench-", dir=WORK) as tmp:
        content, out = Path(tmp) / "content", Path(tmp) / "site"
        generate(content, count, languages=languages, components=components)
        wall, cpu, peak = timed_build(content, out)
        full_again = page = edit = float("nan")
        if serve:
            full_again, page, edit = _rebuild_after_edit(content, Path(tmp) / "site-serve")
        files = [p for p in out.rglob("*") if p.is_file()]
        pages = list((out / "incidents").glob("*/index.html"))
        search = out / "search" / "search_index.json"
        return {
            "incidents": count,
            "languages": len(languages),
            "components": len(component_ids(components)),
            "wall_s": wall,
            "cpu_s": cpu,
            "peak_mb": peak,
            "files": len(files),
            "output_mb": sum(p.stat().st_size for p in files) / 1e6,
            "home_kb": (out / "index.html").stat().st_size / 1e3,
            "incident_page_avg_kb": sum(p.stat().st_size for p in pages) / max(len(pages), 1) / 1e3,
            "history_page_kb": (out / "incidents" / "index.html").stat().st_size / 1e3,
            "search_index_kb": search.stat().st_size / 1e3 if search.exists() else 0.0,
            "serve_full_s": full_again,
            "serve_page_s": page,
            "serve_edit_s": edit,
        }


EDIT = """
import json, sys, time
from pathlib import Path
from datetime import datetime
from generator.serve import Rebuilder
content, out, now = Path(sys.argv[1]), Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
shown = []
rebuild = Rebuilder(content, out, now, lambda: shown.append(time.perf_counter()))
start = time.perf_counter()
rebuild()
full = time.perf_counter() - start
rebuild()  # the first rebuild sets aside a spare site
path = sorted((content / "incidents").glob("*.md"))[len(rebuild.last.content.incidents) // 2]
text = path.read_text(encoding="utf-8")
path.write_text(text.replace("rolling it back", "rolling it back now"), encoding="utf-8")
start = time.perf_counter()
rebuild()
edit = time.perf_counter() - start
assert rebuild.last.built < rebuild.last.pages and rebuild.quick and len(shown) == 1
print(json.dumps([full, shown[0] - start, edit]))
"""


def _rebuild_after_edit(content: Path, out: Path) -> tuple[float, float, float]:
    """What `openbook serve` does: a full build, then one incident edited: the time until its
    page is shown, and until the whole site is built again."""
    result = subprocess.run(
        [sys.executable, "-c", EDIT, str(content), str(out), NOW.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    )
    full, page, edit = json.loads(result.stdout)
    return full, page, edit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, nargs="+", default=[100, 1000])
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="builds per size; the run with the median wall time is shown",
    )
    parser.add_argument(
        "--report-mb", type=float, nargs="+", help="time one report of each size instead"
    )
    parser.add_argument(
        "--languages",
        nargs="+",
        default=["en"],
        help="the site's languages, the default first; each further one has every incident "
        "translated",
    )
    parser.add_argument(
        "--work",
        help="the folder to write corpora and sites in (default: the system's temporary folder); "
        "/dev/shm takes the disk out of the figures",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="time the build only, not what serve does"
    )
    parser.add_argument(
        "--compare-mkdocs",
        action="store_true",
        help="also build as many plain MkDocs + Material pages, the engine's floor",
    )
    parser.add_argument(
        "--components",
        type=int,
        help="that many components, in groups of 100, instead of five; incidents touch them",
    )
    args = parser.parse_args()
    global WORK
    WORK = args.work
    if args.report_mb:
        print("report_mb | wall_s | cpu_s | peak_mb | output_mb")
        for size in sorted(args.report_mb):
            row = measure_report(size)
            print(
                " | ".join(f"{v:.1f}" if k != "report_mb" else str(v) for k, v in row.items()),
                flush=True,
            )
        return
    columns = [
        "incidents",
        "languages",
        "components",
        "wall_s",
        "cpu_s",
        "peak_mb",
        "files",
        "output_mb",
        "home_kb",
        "incident_page_avg_kb",
        "history_page_kb",
        "search_index_kb",
        "serve_full_s",
        "serve_page_s",
        "serve_edit_s",
    ]
    if args.compare_mkdocs:
        columns += [
            "mkdocs_wall_s",
            "mkdocs_cpu_s",
            "mkdocs_output_mb",
            "mkdocs_page_avg_kb",
            "vs_mkdocs",
        ]
    print(" | ".join(columns))
    for count in sorted(args.incidents):
        runs = sorted(
            (
                measure(count, tuple(args.languages), args.components, not args.no_serve)
                for _ in range(args.repeat)
            ),
            key=lambda r: r["wall_s"],
        )
        row = runs[len(runs) // 2]
        if args.compare_mkdocs:
            plain = sorted(
                (measure_mkdocs(count) for _ in range(args.repeat)),
                key=lambda r: r["mkdocs_wall_s"],
            )
            row = {**row, **plain[len(plain) // 2]}
            row["vs_mkdocs"] = row["wall_s"] / row["mkdocs_wall_s"]
        print(
            " | ".join(
                (f"{row[c]:.1f}" if row[c] >= 1 else f"{row[c]:.2f}")
                if isinstance(row[c], float)
                else str(row[c])
                for c in columns
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
