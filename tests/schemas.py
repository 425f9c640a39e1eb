"""Every schema the code checks content against, found by looking, not by a list.

A schema is a dict of field name -> `Field` (generator/content/schema.py). They are found in
three places: the document kinds the loader reads (`READERS`, whose schemas are built inside
each builder and seen by running it on an empty document), every module-level dict of `Field`
in the `generator` package, and the nested records a parser closes over (`list_of(record_of(
COMMITMENT, …))`). Each is named by where an author writes it: `portal.yml components`,
`incidents updates`, `incidents commitments progress`.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
from collections.abc import Iterator
from datetime import tzinfo
from typing import Any

import generator
from generator.content import load
from generator.content.schema import Checker, Field
from generator.content.source import Document
from generator.content.translations import translation_from

# Where a schema that nothing else reaches is written: settings read from a `mapping` field
# (notify:, security:) or from a file of their own. A new one must be named here.
PLACES = {
    "generator.content.settings.PORTAL": "portal.yml",
    "generator.content.notify_settings.NOTIFY": "portal.yml notify",
    "generator.content.security_settings.SECURITY": "portal.yml security",
    "generator.content.subprocessors.SCHEMA": "subprocessors.yml",
    "generator.content.advisories.ADVISORY": "advisories",
}


def is_schema(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and isinstance(f, Field) for k, f in value.items())
    )


def nested(parse: Any, seen: set[int] | None = None) -> Iterator[dict[str, Field]]:
    """The schemas a parser closes over, at any depth (list_of(record_of(...)))."""
    seen = set() if seen is None else seen
    if id(parse) in seen:
        return
    seen.add(id(parse))
    for cell in getattr(parse, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # a cell not yet filled
            continue
        if is_schema(value):
            yield value
        elif callable(value):
            yield from nested(value, seen)


def module_schemas() -> dict[str, dict[str, Field]]:
    found = {}
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if is_schema(value) and getattr(module, "__name__", "") == info.name:
                found.setdefault(id(value), (f"{info.name}.{name}", value))
    return {name: schema for name, schema in found.values()}


class _Seen(Exception):
    def __init__(self, schema: dict[str, Field]):
        self.schema = schema


class _Recorder(Checker):
    """Stops a reader at its first record: the schema of the document's front matter."""

    def record(self, data, path, schema, what):
        raise _Seen(schema)


def first_schema(read, *args) -> dict[str, Field]:
    doc = Document(path="content/x.md", data={})
    try:
        read(doc, _Recorder(doc, []), *args)
    except _Seen as seen:
        return seen.schema
    raise AssertionError(f"{read.__name__} checked no fields")


def kind_schemas() -> dict[str, dict[str, Field]]:
    """The front matter of each folder the loader reads, as its builder checks it."""
    portal = load.load_portal(generator_example())
    out = {}
    # The loader's table of readers by folder (BUILDERS, and the kinds added beside them).
    readers = getattr(load, "READERS", None) or load.BUILDERS
    assert tuple(readers) == load.KINDS
    out = {kind: first_schema(read, "x", portal) for kind, read in readers.items()}
    # A translation (ID.LANG.md) holds the words of its original, whatever its kind.
    out["translations"] = first_schema(translation_from, "incidents", None, "de", portal)
    return out


def generator_example():
    from .conftest import EXAMPLE

    return EXAMPLE


def every_schema() -> dict[str, dict[str, Field]]:
    """Place (`incidents updates`) -> schema, for every schema in the code."""
    roots: dict[str, dict[str, Field]] = dict(kind_schemas())
    modules = module_schemas()
    reached: set[int] = set()
    for schema in [*roots.values(), *modules.values()]:
        for field in schema.values():
            reached.update(id(s) for s in nested(field.parse))
    unplaced = []
    for name, schema in modules.items():
        if id(schema) in reached or any(s is schema for s in roots.values()):
            continue
        if name in PLACES:
            roots.setdefault(PLACES[name], schema)
        else:
            unplaced.append(name)
    assert not unplaced, f"say in tests/schemas.py PLACES where these are written: {unplaced}"
    places: dict[str, dict[str, Field]] = {}

    def walk(place: str, schema: dict[str, Field]) -> None:
        places[place] = schema
        for key, field in schema.items():
            for inner in nested(field.parse):
                walk(f"{place} {key}", inner)

    for place, schema in roots.items():
        walk(place, schema)
    return places


def default_text(field: Field) -> str:
    """How the reference's default column must begin for this field."""
    value = field.default
    if field.required:
        return "required"
    if value is None or value in ("", [], (), {}):
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tzinfo):
        return str(value)
    return str(value)


def allowed_values(parse: Any) -> tuple[str, ...]:
    """The words a `choice(...)` or `one_of(...)` parser accepts, also inside `list_of(...)`;
    empty for any other parser."""
    names = getattr(getattr(parse, "__code__", None), "co_freevars", ())
    for name, cell in zip(names, getattr(parse, "__closure__", None) or (), strict=True):
        if name == "allowed":
            return tuple(str(getattr(v, "value", v)) for v in cell.cell_contents)
        if name == "item" and callable(cell.cell_contents):
            return allowed_values(cell.cell_contents)
    return ()
