"""Reporters: a list of Diagnostics in, text out; one module per format. Sorting and the
summary line belong here, not in rules.

Every reporter is `render(result, **options)`; options it may use:
  color, quiet, statistics  text output switches
  rules                     the run's RuleSet (rule metadata for SARIF and the HTML report)
  baseline                  a baseline.BaselineMatch when --baseline filtered the findings
"""
from __future__ import annotations

from ..registry import Registry

# The plug point of output formats (the registry style of kinds and readers, registry.py): each
# format is "module:render", imported only when a report in that format is asked for.
FORMATS = Registry("output format")
for _name, _target in (
    ("text", "healthlint.reporters.text:render"),
    ("json", "healthlint.reporters.json:render"),
    ("json-lines", "healthlint.reporters.json_lines:render"),
    ("github", "healthlint.reporters.github:render"),
    ("sarif", "healthlint.reporters.sarif:render"),
    ("gitlab", "healthlint.reporters.gitlab:render"),
    ("html", "healthlint.reporters.html:render"),
):
    FORMATS.register(_name, _target)

# Formats a person reads; everything else is parsed by a program, so nothing but the report
# itself may ever reach its output (no progress bar, no notices mixed in).
HUMAN_FORMATS = frozenset({"text", "html"})


def render(fmt: str, result, **options) -> str:
    return FORMATS.load(fmt)(result, **options)
