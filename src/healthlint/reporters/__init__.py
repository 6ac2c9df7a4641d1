"""Reporters: a list of Diagnostics in, text out; one module per format. Sorting and the
summary line belong here, not in rules."""
from __future__ import annotations

import importlib

FORMATS = {
    "text": "healthlint.reporters.text:render",
    "json": "healthlint.reporters.json:render",
}


def render(fmt: str, result, **options) -> str:
    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)(result, **options)
