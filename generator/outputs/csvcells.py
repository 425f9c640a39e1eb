"""CSV that a spreadsheet opens as data, never as formulas.

Spreadsheets read a cell that starts with `=`, `+`, `-` or `@` (and, in some, TAB, CR, LF or
NUL) as a formula, so a component named `=HYPERLINK(...)` would run in whoever opens the
file. OWASP's guidance: prefix such a text cell with a single quote and quote every text cell,
so a comma, quote or line break inside it cannot start another cell. Numbers are written bare:
a negative figure stays a number. Every CSV Openbook writes goes through `text`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# The full-width forms are read as the same operators by spreadsheets in East Asian locales.
FORMULA_STARTS = frozenset("=+-@\t\r\n\0＝＋－＠")

Cell = str | int | float | None


def cell(value: Cell) -> str | int | float:
    """One cell as it is safe to write: numbers as they are, text neutralised, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        # csv would write True; the schema's words are true and false.
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = str(value)
    # Leading spaces do not stop every spreadsheet from reading what follows as a formula.
    if text.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def text(header: Iterable[str], rows: Iterable[Iterable[Cell]]) -> str:
    """The whole file: RFC 4180 line ends, every text cell quoted, numbers bare."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
