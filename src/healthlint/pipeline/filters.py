"""What is reported of the findings: inline suppressions, the config's per-path overrides
(ignore, select, severity) and precedence (one problem, one finding). The baseline is applied
by the caller after these (baseline.py), as it needs the whole run."""
from __future__ import annotations

from dataclasses import replace

from ..config import Config
from ..model import Diagnostic
from .perfile import FileOutcome
from .rules import RuleSet, selected


def apply_filters(diags: list[Diagnostic], outcomes: dict[str, FileOutcome], rules: RuleSet,
                   config: Config) -> list[Diagnostic]:
    by_id = {r.spec.id: r for r in rules.active}
    by_path: dict[str, list] = {}
    kept = []
    for d in diags:
        outcome = outcomes.get(d.path)
        if outcome is not None and outcome.suppressions.suppresses(d.line, (d.rule, d.code, d.family)):
            continue
        overrides = by_path.get(d.path)
        if overrides is None:  # matched once per path, not once per finding
            overrides = by_path[d.path] = config.overrides_for(d.path) if config.overrides else []
        dropped = False
        for ov in overrides:
            spec = by_id.get(d.rule).spec if d.rule in by_id else None
            if spec is not None and selected(spec, ov.get("ignore", [])):
                dropped = True
            if spec is not None and ov.get("select") and not selected(spec, ov["select"]):
                dropped = True
            sev = ov.get("severity", {})
            for key in (d.rule, d.code, d.family):
                if key in sev:
                    d = _with_severity(d, sev[key])
        if not dropped:
            kept.append(d)
    kept.sort(key=Diagnostic.sort_key)
    return kept


# Among findings that ask for a paragraph to go, which one speaks for it: pasted chrome before
# template text before a copy before a near copy (the more specific diagnosis first).
_REMOVAL_RANK = {"boilerplate": 0, "template-text": 1, "duplicate-paragraph": 2, "near-duplicate-paragraph": 3}


def precedence(diags: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """One problem, one finding: a finding that asks for the whole paragraph to go hides the
    lesser findings inside it (a typo in a pasted comment, the duplicate of a boilerplate
    paragraph). Returns (kept, hidden); `--show-all` reports the hidden ones too."""
    if not any(d.removes for d in diags):
        return diags, []
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    kept, hidden = [], []
    for path, group in by_path.items():
        removals = sorted((d for d in group if d.removes), key=lambda d: (_REMOVAL_RANK.get(d.rule, 9), d.line, d.column))
        spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        winners = set()
        for d in removals:
            start, end = (d.line, d.column), (d.end_line, d.end_column)
            if any(a < end and start < b for a, b in spans):
                continue
            spans.append((start, end))
            winners.add(id(d))
        for d in group:
            if id(d) in winners:
                kept.append(d)
                continue
            start, end = (d.line, d.column), (d.end_line, d.end_column)
            if d.removes:
                inside = any(a < end and start < b for a, b in spans)
            else:
                # a leftover inside the paragraph (navigation, "click here") is boilerplate too: kept
                inside = d.family != "boilerplate" and any(a <= start and end <= b and (start != end or a < start)
                                                            for a, b in spans)
            (hidden if inside else kept).append(d)
    kept.sort(key=Diagnostic.sort_key)
    hidden.sort(key=Diagnostic.sort_key)
    return kept, hidden


def _with_severity(d: Diagnostic, severity: str) -> Diagnostic:
    return replace(d, severity=severity)
