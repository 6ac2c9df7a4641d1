"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, SonarQube...):
the tool's driver describes every rule of the loaded packs (so dashboards can show a rule's
documentation), each finding is a result with its location, a partial fingerprint that survives
edits elsewhere in the draft, and a proposed fix where the rule has a suggestion."""
from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import PurePath

from .. import __version__
from ..fingerprint import finding_fingerprints
from ..ruledocs import as_help, rule_doc

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "healthlint/v1"


def artifact_location(path: str) -> dict:
    """Relative paths stay relative to the checkout (%SRCROOT%), which is what code-scanning
    services resolve them against; absolute paths become file:// URIs."""
    if os.path.isabs(path):
        return {"uri": "file://" + urllib.parse.quote(PurePath(path).as_posix(), errors="surrogateescape")}
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": urllib.parse.quote(posix, errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def rule_descriptor(spec) -> dict:
    doc = rule_doc(spec, with_options=False)
    text, markdown = as_help(doc)
    summary, rationale = doc.short, doc.rationale
    return {
        "id": spec.code,
        "name": spec.id,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": f"{summary} {rationale}".strip()},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[spec.severity], "enabled": bool(spec.enabled)},
        "properties": {"tags": [spec.family, "health-content"], "family": spec.family,
                       "fixable": bool(spec.fixable)},
    }


def _synthetic_descriptor(d) -> dict:
    """Findings the engine itself reports (e.g. HL001 invalid front matter) have no pack entry."""
    return {
        "id": d.code,
        "name": d.rule,
        "shortDescription": {"text": d.rule.replace("-", " ").capitalize()},
        "defaultConfiguration": {"level": LEVELS.get(d.severity, "warning")},
        "properties": {"tags": [d.family]},
    }


def _region(d) -> dict:
    if (d.line, d.column) == (d.end_line, d.end_column):
        return {"startLine": max(d.line, 1)}  # a finding about the whole draft, not a span
    return {"startLine": max(d.line, 1), "startColumn": max(d.column, 1),
            "endLine": max(d.end_line, 1), "endColumn": max(d.end_column, 1)}


def _fix(d) -> dict | None:
    if d.fix is not None:
        region = {"charOffset": d.fix.start, "charLength": d.fix.end - d.fix.start}
        replacement = d.fix.replacement
        description = f"Replace with \u201c{replacement}\u201d"
    elif d.suggestion:
        replacement = d.suggestion
        if (d.line, d.column) == (d.end_line, d.end_column):
            # nothing is flagged, something is missing: propose adding it where it belongs
            region = {"startLine": d.line, "startColumn": d.column, "endLine": d.line, "endColumn": d.column}
            replacement = d.suggestion + "\n\n"
            description = f"Add: \u201c{d.suggestion}\u201d"
        else:
            region = _region(d)
            description = f"Replace with \u201c{d.suggestion}\u201d"
    else:
        return None
    return {
        "description": {"text": description},
        "artifactChanges": [{
            "artifactLocation": artifact_location(d.path),
            "replacements": [{"deletedRegion": region, "insertedContent": {"text": replacement}}],
        }],
    }


def render(result, *, rules=None, baseline=None, **_) -> str:
    specs = sorted(rules.all_specs, key=lambda s: s.code) if rules is not None else []
    descriptors = [rule_descriptor(s) for s in specs]
    index = {s.code: i for i, s in enumerate(specs)}
    for d in result.diagnostics:
        if d.code not in index:
            index[d.code] = len(descriptors)
            descriptors.append(_synthetic_descriptor(d))

    results = []
    for d, fingerprint in zip(result.diagnostics, finding_fingerprints(result.diagnostics)):
        item = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS.get(d.severity, "warning"),
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(d.path),
                                                "region": _region(d)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            "properties": {"rule": d.rule, "family": d.family},
        }
        if d.related:
            item["relatedLocations"] = [
                {"id": i + 1, "physicalLocation": {"artifactLocation": artifact_location(path),
                                                   "region": {"startLine": max(line, 1)}}}
                for i, (path, line) in enumerate(d.related)]
        fix = _fix(d)
        if fix is not None:
            item["fixes"] = [fix]
        if baseline is not None:
            item["baselineState"] = "new"  # --baseline left only findings it does not know
        results.append(item)

    notifications = [{
        "level": "error" if p.fatal else "note",
        "message": {"text": p.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(p.path)}}],
    } for p in result.problems]
    invocation = {"executionSuccessful": not any(p.fatal for p in result.problems)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "healthlint", "version": __version__, "semanticVersion": __version__,
                                "rules": descriptors}},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
