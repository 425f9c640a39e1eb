"""Values written as YAML that reads back exactly as given: a plain scalar where that is safe,
a literal block for several lines, else one double-quoted line."""

from __future__ import annotations

import re

import yaml


def scalar(value: str) -> str:
    """A string as YAML: plain where that reads back the same, else double-quoted with escapes
    (so every line break and control character survives, and none can start a new key)."""
    plain = (
        value.strip() == value
        and not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", value)
        and not re.search(r": |\s#|^[-?:,\[\]{}#&*!|>'\"%@`]", value)
    )
    if plain and value and _reads_back(value, value):
        return value
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")


def _reads_back(written: str, value: object) -> bool:
    try:
        return yaml.safe_load(written) == value
    except yaml.YAMLError:
        return False


def text_block(key: str, value: str, indent: str) -> list[str]:
    """`key: value` for free text; several lines become a literal block where that reads back
    exactly, else one double-quoted line."""
    value = value.strip()
    lines = value.split("\n")
    if len(lines) > 1:
        block = [f"{key}: |-"] + [f"  {line}" if line else "" for line in lines]
        if _reads_back("\n".join(block), {key: value}):
            return [f"{indent}{line}" if line else "" for line in block]
    return [f"{indent}{key}: {scalar(value)}"]
