"""How other documents name the portal's components: a list of ids, or ids with a status
each; an unknown id is reported with the known ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.content.schema import FAILED, Checker, Invalid, choice, describe, mapping
from generator.content.source import KeyPath
from generator.content.vocab import ComponentStatus


def known_hint(what: str, ids: list[str], where: str = "") -> str:
    listed = ", ".join(ids) if ids else "none yet"
    return f"known {what}: {listed} (ids, case-sensitive{'; see ' + where if where else ''})"


def component_statuses(
    allowed: tuple[ComponentStatus, ...], known: list[str], portal_path: str
) -> Callable[[Checker, Any, KeyPath], dict[str, ComponentStatus]]:
    """A parser for `{component id: status}` that knows the portal's components."""
    status = choice(ComponentStatus, allowed)

    def parse(c: Checker, value: Any, path: KeyPath) -> dict[str, ComponentStatus]:
        value = mapping(c, value, path)
        out: dict[str, ComponentStatus] = {}
        for key, raw in value.items():
            if key not in known:
                c.report(
                    path + (key,),
                    f"unknown component {key!r}",
                    known_hint("components", known, portal_path),
                    field="components",
                )
                continue
            parsed = c.value(status, raw, path + (key,))
            if parsed is not FAILED:
                out[key] = parsed
        return out

    return parse


def component_list(
    known: list[str], portal_path: str
) -> Callable[[Checker, Any, KeyPath], tuple[str, ...]]:
    """A parser for a list of component ids."""

    def parse(c: Checker, value: Any, path: KeyPath) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid(
                f"expected a list of component ids; got {describe(value)}", "e.g. [api, dashboard]"
            )
        out: list[str] = []
        for i, item in enumerate(value):
            if item not in known:
                c.report(
                    path + (i,),
                    f"unknown component {item!r}",
                    known_hint("components", known, portal_path),
                    field="components",
                )
            elif item not in out:
                out.append(item)
        return tuple(out)

    return parse
