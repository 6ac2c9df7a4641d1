"""GitHub Actions workflow commands: one `::error|warning|notice file=...,line=...::message` line
per finding, which the runner turns into annotations on the pull request's diff.

Values are escaped exactly as GitHub's own toolkit does (actions/toolkit, core/src/command.ts):
data gets %, CR and LF encoded; properties also ':' and ','. A message can therefore never end
its line early and start a workflow command of its own, whatever a draft contains."""
from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(d) -> str:
    properties = {
        "file": d.path,
        "line": d.line,
        "col": d.column,
        "endLine": d.end_line,
        "endColumn": d.end_column,
        "title": f"{d.code} [{d.rule}]",
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = d.message
    if d.suggestion and d.suggestion not in message:
        message += f" (suggestion: {d.suggestion})"
    return f"::{LEVELS.get(d.severity, 'warning')} {props}::{escape_data(message)}"


def render(result, **_) -> str:
    return "".join(command(d) + "\n" for d in result.diagnostics)
