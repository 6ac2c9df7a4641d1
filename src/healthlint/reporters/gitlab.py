"""GitLab Code Quality report (the subset of the Code Climate issue format GitLab reads): a JSON
array that a CI job publishes with `artifacts: reports: codequality:`; merge requests then show
which findings are new. GitLab tells findings apart by `fingerprint` and shows only one issue
per fingerprint, so it is built from the rule, the path, the flagged text and its occurrence
number in the file, never the line: an edit above a finding keeps its fingerprint."""
from __future__ import annotations

import json

from ..fingerprint import finding_fingerprints

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def gitlab_path(path: str) -> str:
    """Repository-relative with forward slashes, as GitLab links files in a merge request."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def render(result, **_) -> str:
    diagnostics = result.diagnostics
    issues = []
    for d, fingerprint in zip(diagnostics, finding_fingerprints(diagnostics, lambda d: gitlab_path(d.path))):
        description = d.message
        if d.suggestion and d.suggestion not in description:
            description += f" (suggestion: {d.suggestion})"
        lines = {"begin": d.line}
        if d.end_line > d.line:
            lines["end"] = d.end_line
        issues.append({
            "type": "issue",
            "check_name": f"{d.code} {d.rule}",
            "description": description,
            "categories": ["Style"],
            "severity": SEVERITIES.get(d.severity, "minor"),
            "fingerprint": fingerprint,
            "location": {"path": gitlab_path(d.path), "lines": lines},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
