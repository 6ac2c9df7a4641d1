"""healthlint: a content-compliance linter for health publishers.

Python API for CMS integrations::

    from healthlint import lint_text, lint_paths, load_config

    for d in lint_text(draft, format="markdown"):
        print(d.line, d.column, d.rule, d.message)

    result = lint_paths(["content/"], config=load_config(".healthlint.yaml"))
    result.diagnostics   # list of Diagnostic, sorted by path, line, column
    result.problems      # files that could not be read
"""
from __future__ import annotations

__version__ = "0.2.0"
__all__ = ["lint_text", "lint_paths", "load_config", "Diagnostic", "Config", "HealthlintError", "__version__"]


def __getattr__(name):  # lazy, so `healthlint --version` and one-file runs import little
    if name in ("lint_text", "lint_paths"):
        from . import api

        return getattr(api, name)
    if name in ("load_config", "Config"):
        from . import config

        return getattr(config, name)
    if name == "Diagnostic":
        from .model import Diagnostic

        return Diagnostic
    if name == "HealthlintError":
        from .errors import HealthlintError

        return HealthlintError
    raise AttributeError(name)
