"""The views declare what they offer the templates: no view forwards unknown names to its model,
every field of a model that the templates read is declared on its view, and what the example
site's pages read on views is there."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from jinja2 import nodes

from generator.content.load import load_content
from generator.content.rendering import Renderer
from generator.facts import Facts
from generator.site.pages import Site
from generator.site.templates import environment, templates_dir
from generator.site.views import ModelField, View
from generator.words import ENGLISH

from .conftest import EXAMPLE, EXAMPLE_NOW

VIEWS = View.__subclasses__()

# Names the templates read on other things that a model of a view also has: no template reads
# them on these views (the build would fail, for the environment has StrictUndefined).
ELSEWHERE = {
    "IncidentView": {"components"},  # read on windows and announcements; incidents show `touched`
    "PromiseView": {"kind", "number"},  # read on announcements and updates
}

# Where a template asks whether a name is there: the home page's rows are components or groups.
PROBES = {("ComponentView", "members")}


def _model(view: type[View]) -> type:
    (base,) = view.__orig_bases__  # type: ignore[attr-defined]
    (model,) = typing.get_args(base)
    return model


def _declared(view: type[View]) -> set[str]:
    """What a view class says it offers: its fields, facts and properties, by name."""
    found: set[str] = set()
    for cls in view.__mro__[: view.__mro__.index(View)]:
        found |= set(vars(cls).get("__annotations__", {}))
        found |= {name for name in vars(cls) if not name.startswith("_")}
    return found


def _model_fields(view: type[View]) -> set[str]:
    """The fields of its model a view class offers as they are."""
    return {
        name
        for cls in view.__mro__
        for name, value in vars(cls).items()
        if isinstance(value, ModelField)
    }


def _fields(model: type) -> set[str]:
    properties = {name for name, value in vars(model).items() if isinstance(value, property)}
    return {f.name for f in dataclasses.fields(model)} | properties


def _read_in_templates() -> set[str]:
    """Every name a template reads on a variable (`x.name`, `x["name"]`, `attribute="name"`),
    leaving out the template globals (`urls.`, `words.`, …) and imported macro modules."""
    env = environment(ENGLISH)
    site_globals = set(Site(Facts.of(load_content(EXAMPLE), EXAMPLE_NOW, Renderer())).env.globals)
    found = set()
    for path in sorted((templates_dir() / "pages").glob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        modules = {n.target for n in tree.find_all(nodes.Import)}
        for node in tree.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name in site_globals | modules:
                continue
            found.add(node.attr)
        for node in tree.find_all(nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                found.add(node.arg.value)
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            for keyword in node.kwargs:
                if keyword.key == "attribute" and isinstance(keyword.value, nodes.Const):
                    found.add(keyword.value.value)
    return found


def test_the_views_are_found():
    names = {view.__name__ for view in VIEWS}
    assert {"IncidentView", "MaintenanceView", "ComponentView", "GroupView"} <= names


def test_no_view_forwards_names_to_its_model():
    for view in VIEWS:
        assert not any("__getattr__" in vars(cls) for cls in view.__mro__), view.__name__
        assert not hasattr(view, "__getattr__"), view.__name__


def test_a_view_declares_only_fields_its_model_has():
    for view in VIEWS:
        assert _model_fields(view) <= _fields(_model(view)), view.__name__


def test_every_model_field_the_templates_read_is_declared_on_its_view():
    read = _read_in_templates()
    assert {"title", "untranslated", "touched"} <= read  # the collector sees through macros
    missing = {
        view.__name__: sorted(
            (_fields(_model(view)) & read) - _declared(view) - ELSEWHERE.get(view.__name__, set())
        )
        for view in VIEWS
    }
    assert missing == {view.__name__: [] for view in VIEWS}


@pytest.mark.slow
def test_what_the_example_pages_read_on_views_is_there():
    """Render every page of the example site, noting each name looked up on a view and whether
    the view had it."""
    site = Site(Facts.of(load_content(EXAMPLE), EXAMPLE_NOW, Renderer()))
    looked_up: dict[tuple[str, str], bool] = {}
    undeclared: set[tuple[str, str]] = set()
    lookup = site.env.getattr

    def noting(obj: object, attribute: str) -> object:
        if isinstance(obj, View):
            view = type(obj)
            looked_up[view.__name__, attribute] = hasattr(obj, attribute)
            declared = _declared(view) | {"model"}
            undeclared.update((view.__name__, name) for name in vars(obj) if name not in declared)
        return lookup(obj, attribute)

    site.env.getattr = noting  # type: ignore[method-assign]
    assert len(site.pages()) > 40
    assert {key for key, there in looked_up.items() if not there} == PROBES
    assert {(view, name) for view, name in undeclared if not name.startswith("_")} == set()
    assert {("IncidentView", "touched"), ("PromiseView", "anchor")} <= set(looked_up)
