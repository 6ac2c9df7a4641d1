"""Fixture drafts carry their expected findings next to the text, as markdownlint's fixtures do:
`<!-- expect: RULE-ID [RULE-ID...] -->` at the end of a line where a finding must start, and
`<!-- expect-file: RULE-ID -->` for a document-level finding. Lines without a label must have no
finding of the rules under test."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

EXPECT_RE = re.compile(r"<!--\s*expect:\s*([^>]*?)\s*-->")
EXPECT_FILE_RE = re.compile(r"<!--\s*expect-file:\s*([^>]*?)\s*-->")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def expected_findings(path: Path, rules: set[str]) -> tuple[Counter, Counter]:
    """(line, rule) -> count for line labels, rule -> count for file labels, limited to `rules`."""
    lines: Counter = Counter()
    files: Counter = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for m in EXPECT_RE.finditer(line):
            for rule in m.group(1).split():
                if rule in rules:
                    lines[(number, rule)] += 1
        for m in EXPECT_FILE_RE.finditer(line):
            for rule in m.group(1).split():
                if rule in rules:
                    files[rule] += 1
    return lines, files


def actual_findings(diagnostics, rules: set[str], file_rules: set[str]) -> tuple[Counter, Counter]:
    lines: Counter = Counter()
    files: Counter = Counter()
    for d in diagnostics:
        if d.rule in file_rules:
            files[d.rule] += 1
        elif d.rule in rules:
            lines[(d.line, d.rule)] += 1
    return lines, files
