"""The one expectation convention of healthlint's fixtures, read by this one parser. A fixture
draft carries its expected findings next to the text, as markdownlint's fixtures do:

    A line that must be flagged. <!-- expect HL501 -->
    Two findings start here. <!-- expect HL201 HL201 -->
    <!-- expect-file HL301 -->      a document-level finding

A label names rules by code (HL501) or id (typo); one name per finding. Every line without a
label is a near-miss: it must have no finding of the rules under test. (The older spelling
`<!-- expect: typo -->` reads the same.)"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

EXPECT_RE = re.compile(r"<!--\s*expect(-file)?\b:?\s*([^>]*?)\s*-->")
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Fixture folders and the rules they test: every finding of these rules must be labeled.
FIXTURE_SELECTIONS = {
    "boilerplate": ["HL4"],
    "claims": ["HL2"],
    "duplicates": ["HL1"],
    "typos": ["HL5"],
}


@lru_cache(maxsize=1)
def _rule_ids() -> dict[str, str]:
    from healthlint.packs import load_packs

    out = {}
    for spec in load_packs([], include_default=True):
        out[spec.id] = out[spec.code] = spec.id
    return out


def rule_id(name: str) -> str:
    try:
        return _rule_ids()[name]
    except KeyError:
        raise ValueError(f"expectation names no rule: {name!r}") from None


def expected_findings(path: Path, rules: set[str] | None = None) -> tuple[Counter, Counter]:
    """((line, rule id) -> count for line labels, rule id -> count for file labels), limited to
    `rules` (ids) when given."""
    lines: Counter = Counter()
    files: Counter = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for m in EXPECT_RE.finditer(line):
            for name in m.group(2).split():
                rid = rule_id(name)
                if rules is not None and rid not in rules:
                    continue
                if m.group(1):
                    files[rid] += 1
                else:
                    lines[(number, rid)] += 1
    return lines, files


def actual_findings(diagnostics, rules: set[str] | None = None, file_rules: set[str] = frozenset()) -> tuple[Counter, Counter]:
    lines: Counter = Counter()
    files: Counter = Counter()
    for d in diagnostics:
        if d.rule in file_rules:
            files[d.rule] += 1
        elif rules is None or d.rule in rules:
            lines[(d.line, d.rule)] += 1
    return lines, files


def fixture_files() -> list[Path]:
    return sorted(p for folder in FIXTURE_SELECTIONS for p in (FIXTURES / folder).iterdir() if p.is_file())
