"""`openbook import statuspage` under hostile JSON: every input gives an error naming the file,
the item and the field, or content that `openbook check` accepts; never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.load import load_content

SOURCE = Path(__file__).parent / "fixtures" / "statuspage"
GOOD = {
    name: json.loads((SOURCE / f"{name}.json").read_text())
    for name in ("summary", "components", "incidents", "scheduled-maintenances")
}


def save(folder: Path, documents: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in documents.items():
        text = data if isinstance(data, str) else json.dumps(data)
        (folder / f"{name}.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    return folder


def run(folder: Path, content: Path):
    return CliRunner().invoke(
        main, ["import", "statuspage", str(folder), "--content", str(content)]
    )


def documents() -> dict:
    return copy.deepcopy(GOOD)


def test_wrong_types_are_named_by_file_item_and_field(tmp_path):
    docs = documents()
    docs["incidents"]["incidents"][1]["incident_updates"][0]["body"] = ["not", "text"]
    docs["incidents"]["incidents"][0]["impact"] = {"level": 3}
    docs["components"]["components"] = {"api": {}}
    docs["scheduled-maintenances"]["scheduled_maintenances"][0]["scheduled_for"] = "soon"
    result = run(save(tmp_path / "saved", docs), tmp_path / "content")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    folder = tmp_path / "saved"
    assert lines == [
        f"error: {folder}/components.json: components: expected a list; got an object",
        f"{folder}/incidents.json: incidents[0].impact: expected a string; got an object",
        f"{folder}/incidents.json: incidents[1].incident_updates[0].body: expected a string; "
        "got a list",
        f"{folder}/scheduled-maintenances.json: scheduled_maintenances[0].scheduled_for: "
        "expected a time such as 2026-03-01T19:05:00Z; got 'soon'",
    ]
    assert not (tmp_path / "content").exists()


def test_a_document_that_is_not_an_object_or_nests_too_deeply(tmp_path):
    result = run(save(tmp_path / "a", {"summary": [1, 2]}), tmp_path / "content")
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path}/a/summary.json: expected an object; got a list\n"
    result = run(save(tmp_path / "b", {"summary": "[" * 200_000}), tmp_path / "content")
    assert result.exit_code == 1
    assert "summary.json: nested too deeply to be a Statuspage document" in result.output
    result = run(save(tmp_path / "c", {"summary": '{"page": {"name": "\\ud800"}}'}), tmp_path / "x")
    assert result.exit_code == 1
    assert "summary.json: page.name: holds a lone surrogate, which is not text" in result.output


def test_missing_duplicate_long_and_odd_ids(tmp_path):
    docs = documents()
    first, second = docs["incidents"]["incidents"][:2]
    del first["id"]
    second["id"] = "../../etc/passwd"
    twin = copy.deepcopy(second)
    twin["id"] = "Same_ID"
    again = copy.deepcopy(twin)
    again["name"] = "Another incident with the same id"
    long = copy.deepcopy(twin)
    long["id"] = "x" * 5000
    docs["incidents"]["incidents"] += [twin, again, long]
    component = docs["components"]["components"][0]
    docs["components"]["components"].append(copy.deepcopy(component))  # the same id twice
    docs["components"]["components"].append({"name": "No id"})
    result = run(save(tmp_path / "saved", docs), tmp_path / "content")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "components.json: components[4]: not imported: the component id" in out
    assert "is listed twice" in out
    assert (
        "components.json: components[5]: not imported: a component without an id ('No id')" in out
    )
    assert "incidents.json: incidents[1]: the id '../../etc/passwd' is not a path; not kept" in out
    assert "incidents.json: incidents[3]: the old address /incidents/Same_ID/ is taken" in out
    assert "incidents.json: incidents[4]: the id 'xxxxxxxx" in out
    content = tmp_path / "content"
    names = sorted(p.name for p in (content / "incidents").iterdir())
    assert all(len(n) <= 70 for n in names) and len(names) == 5
    aliases = [
        yaml.safe_load(p.read_text().split("---\n")[1]).get("aliases")
        for p in (content / "incidents").iterdir()
    ]
    assert sorted(a[0] for a in aliases if a) == ["/incidents/Same_ID/"]
    load_content(content)


def test_a_page_url_that_is_not_a_plain_url(tmp_path):
    for n, url in enumerate(["javascript:alert(1)", "https://x.test/a?b=<c>", "https://a b/", 7]):
        docs = documents()
        docs["summary"]["page"]["url"] = url
        content = tmp_path / f"content{n}"
        result = run(save(tmp_path / f"saved{n}", docs), content)
        if isinstance(url, int):
            assert result.exit_code == 1 and "page.url: expected a string; got a number" in (
                result.output
            )
            continue
        assert result.exit_code == 0, result.output
        assert f"summary.json: page.url: guessed: {url!r} is not a plain http(s) address" in (
            result.output
        )
        portal = yaml.safe_load((content / "portal.yml").read_text())
        assert portal["url"] == "https://status.example.com/"


# Any JSON value where the export has one: the importer stops with a clean error or writes
# content that checks.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
HOSTILE_TEXT = st.sampled_from(
    ["", " ", "<script>x</script>", "![i](https://t.test/p.png)", "<strike>a</strike>",
     "<!-- <b> -->", "[x](javascript:alert(1))", "../..", "A" * 300, "ü/%2F", "\x00\x1b[31m",
     "2026-13-45T99:99:99Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
     "<host.example.org>", "```", "---", "{{< track \"x\" >}}", "null", "yes"]
)  # fmt: skip


def _paths(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))
    yield path


@st.composite
def mutated(draw):
    docs = documents()
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(docs)))
        path = draw(st.sampled_from(list(_paths(docs[name]))))
        if not path:
            continue
        target = docs[name]
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = draw(JSON | HOSTILE_TEXT)
    return docs


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(docs=mutated())
def test_any_json_gives_a_clean_error_or_content_that_checks(tmp_path_factory, docs):
    root = tmp_path_factory.mktemp("hostile")
    result = run(save(root / "saved", docs), root / "content")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code == 0:
        load_content(root / "content")
    else:
        assert result.exit_code == 1 and result.output.startswith("error: "), result.output
        assert "Traceback" not in result.output
        assert not (root / "content").exists()
