"""Reporters: a list of Diagnostics in, text out; one module per format. Sorting and the
summary line belong here, not in rules.

Every reporter is `render(result, **options)`; options it may use:
  color, quiet, statistics  text output switches
  rules                     the run's RuleSet (rule metadata for SARIF and the HTML report)
  baseline                  a baseline.BaselineMatch when --baseline filtered the findings
"""
from __future__ import annotations

import importlib

FORMATS = {
    "text": "healthlint.reporters.text:render",
    "json": "healthlint.reporters.json:render",
    "json-lines": "healthlint.reporters.json_lines:render",
    "github": "healthlint.reporters.github:render",
    "sarif": "healthlint.reporters.sarif:render",
    "gitlab": "healthlint.reporters.gitlab:render",
    "html": "healthlint.reporters.html:render",
}

# Formats a person reads; everything else is parsed by a program, so nothing but the report
# itself may ever reach its output (no progress bar, no notices mixed in).
HUMAN_FORMATS = frozenset({"text", "html"})


def render(fmt: str, result, **options) -> str:
    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)(result, **options)
