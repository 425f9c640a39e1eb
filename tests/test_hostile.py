"""Any input: check accepts it or names the file and a line; never a traceback."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.content.load import load_content
from generator.errors import ContentErrors, Problem

from .conftest import FIXTURES

pytestmark = pytest.mark.slow

NAME = "2026-11-21-fuzzed"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FIELDS = [
    "title",
    "impact",
    "components",
    "updates",
    "next_update",
    "remedy",
    "commitments",
    "draft",
    "at",
    "status",
    "text",
    "due",
    "done",
    "api",
    "<<",
]
# OPENBOOK_FUZZ_EXAMPLES=5000 for a longer hunt; the suite's default keeps it to seconds.
EXAMPLES = int(os.environ.get("OPENBOOK_FUZZ_EXAMPLES", "300"))
RUNS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    content = root / "content"
    (content / "incidents").mkdir(parents=True)
    shutil.copy(FIXTURES / "portal.yml", content / "portal.yml")
    shutil.copy(FIXTURES / "incident_valid.md", content / "incidents" / "2026-11-20-valid.md")
    return content


def check(content, data: bytes) -> list[Problem]:
    """Load with one fuzzed file beside a valid one; every problem must name the fuzzed file."""
    target = content / "incidents" / f"{NAME}.md"
    target.write_bytes(data)
    try:
        loaded = load_content(content)
    except ContentErrors as exc:
        assert exc.problems, "an error with no problem in it"
        for problem in exc.problems:
            assert problem.path.endswith(f"incidents/{NAME}.md"), str(problem)
            assert problem.line >= 1
            assert str(problem).strip()
        return exc.problems
    assert any(i.id == "2026-11-20-valid" for i in loaded.incidents)
    return []


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.datetimes(timezones=st.sampled_from([None, UTC])),
    st.dates(),
    st.sampled_from(
        [
            "minor",
            "investigating",
            "partial_outage",
            "2026-11-20T14:10:00Z",
            "api",
            "<script>",
            "2026-13-45T25:61:00Z",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5)
    ),
    max_leaves=25,
)


@RUNS
@given(
    document=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8), body=st.text(max_size=80)
)
def test_any_yaml_structure_is_accepted_or_reported(tmp_path_factory, document, body):
    content = folder(tmp_path_factory)
    front = yaml.safe_dump(document, allow_unicode=True, default_flow_style=False)
    if not check(content, f"---\n{front}---\n{body}".encode()):
        build(content, content.parent / "site", NOW)  # what check accepts, build builds


yaml_texts = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.sampled_from(
        [
            "a: &x [*x]",  # a recursive alias
            "a: &a [1,2]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\nd: [*c,*c,*c]",  # a small billion laughs
            "title: !!python/object/apply:os.system [echo]",
            "title: !!binary aGVsbG8=",
            "at: 2026-02-30T10:00:00Z",
            "at: 2026-11-20T14:10:00+99:00",
            "<<: {title: merged}\nimpact: minor",
            "[" * 5000,
            "title: " + "x" * 100_000,
            "? [a, b]\n: c",
            "impact: !!set {a, b}",
            "updates: !!omap [{a: 1}]",
        ]
    ),
)


# Documents that are valid incidents, with any text an author could write in their fields.
incidents = st.fixed_dictionaries(
    {
        # Any one-line text: a title with a line break is an error (tests/test_one_line_texts.py).
        "title": st.text(
            st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
        ).filter(str.strip),
        "impact": st.sampled_from(["none", "minor", "major", "critical"]),
        "updates": st.lists(
            st.fixed_dictionaries(
                {
                    # Hypothesis takes naive bounds and adds the zone from `timezones`.
                    "at": st.datetimes(
                        min_value=datetime(2025, 1, 1),  # noqa: DTZ001
                        max_value=datetime(2026, 11, 22),  # noqa: DTZ001
                        timezones=st.just(UTC),
                    ),
                    "status": st.sampled_from(
                        ["investigating", "identified", "monitoring", "resolved"]
                    ),
                    "text": st.text(min_size=1, max_size=120).filter(str.strip),
                }
            ),
            min_size=1,
            max_size=4,
        ),
    },
    optional={
        "remedy": st.text(min_size=1, max_size=60).filter(str.strip),
        "components": st.just({"api": "partial_outage"}),
    },
)


@settings(
    max_examples=max(EXAMPLES // 10, 20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=incidents, body=st.text(max_size=200))
def test_valid_incidents_with_any_text_build(tmp_path_factory, document, body):
    content = folder(tmp_path_factory)
    front = yaml.safe_dump(document, allow_unicode=True, default_flow_style=False)
    problems = check(content, f"---\n{front}---\n{body}".encode())
    # Only raw HTML that could run script, and NUL characters, may be refused here.
    assert all(
        "script" in p.message or "take over" in p.message or "NUL" in p.message for p in problems
    ), problems
    if not problems:
        build(content, content.parent / "site", NOW)


@RUNS
@given(front=yaml_texts, bom=st.booleans(), crlf=st.booleans())
def test_any_front_matter_text_is_accepted_or_reported(tmp_path_factory, front, bom, crlf):
    content = folder(tmp_path_factory)
    text = f"---\n{front}\n---\nbody\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    check(content, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))


@RUNS
@given(data=st.binary(max_size=300))
def test_any_bytes_are_accepted_or_reported(tmp_path_factory, data):
    check(folder(tmp_path_factory), data)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]),
    title=st.text(min_size=1, max_size=20),
)
def test_other_encodings_are_reported(tmp_path_factory, encoding, title):
    text = f"---\ntitle: {title}é\nimpact: minor\n---\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    problems = check(folder(tmp_path_factory), data)
    assert problems  # é never survives as UTF-8 in these encodings


def test_impossible_dates_name_their_line(content):
    (content / "incidents" / "2026-11-20-dates.md").write_text(
        "---\ntitle: Dates\nimpact: minor\nupdates:\n  - at: 2026-02-30T10:00:00Z\n    status: investigating\n"
        "    text: x\n---\n"
    )
    try:
        load_content(content)
    except ContentErrors as exc:
        assert [str(p) for p in exc.problems] == [
            "content/incidents/2026-11-20-dates.md:5: YAML: not a valid date or time: day is out of range for month"
        ]
    else:
        raise AssertionError("an impossible date was accepted")


def test_times_outside_the_supported_range(content):
    (content / "incidents" / "2026-11-20-far.md").write_text(
        "---\ntitle: Far\nimpact: minor\nupdates:\n  - at: 0001-01-01T00:30:00+01:00\n    status: investigating\n"
        "    text: x\n  - at: 9999-12-31T23:00:00Z\n    status: resolved\n    text: y\n---\n"
    )
    try:
        load_content(content)
    except ContentErrors as exc:
        messages = [str(p) for p in exc.problems]
    assert messages == [
        "content/incidents/2026-11-20-far.md:5: updates.at: '0001-01-01T00:30:00+01:00' is outside the years "
        "1970 to 2999",
        "content/incidents/2026-11-20-far.md:8: updates.at: '9999-12-31T23:00:00Z' is outside the years "
        "1970 to 2999",
    ]
    assert datetime(2026, 1, 1, tzinfo=UTC)  # the range itself is ordinary
