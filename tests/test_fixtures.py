"""Every fixture draft of every family (tests/fixtures/<family>/) is linted alone with that
family's rules, and its findings must be exactly its `<!-- expect ... -->` labels: each labeled
line flagged by the rule named, every other line (the near-misses) clean."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint import Config, lint_paths

from .expectations import EXPECT_RE, FIXTURE_SELECTIONS, actual_findings, expected_findings, fixture_files


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_findings_are_exactly_its_labels(path: Path):
    result = lint_paths([str(path)], config=Config(), select=FIXTURE_SELECTIONS[path.parent.name])
    assert result.problems == []
    expected, expected_files = expected_findings(path)
    actual, _ = actual_findings([d for d in result.diagnostics if d.line], None)
    actual_files, _ = actual_findings([d for d in result.diagnostics if not d.line], None)
    missing, extra = expected - actual, actual - expected
    assert not missing and not extra, (
        f"missing: {sorted(missing)}\nextra:\n"
        + "\n".join(f"  {d.line} {d.code} {d.rule}: {d.message}" for d in result.diagnostics if (d.line, d.rule) in extra))
    assert Counter_of(actual_files) == expected_files


def Counter_of(pairs):  # noqa: N802 - file-level findings by rule
    from collections import Counter

    return Counter(rule for (_, rule), n in pairs.items() for _ in range(n))


def test_every_family_has_labeled_fixtures():
    labeled = {p.parent.name for p in fixture_files() if EXPECT_RE.search(p.read_text(encoding="utf-8"))}
    assert labeled == set(FIXTURE_SELECTIONS)


def test_the_parser_reads_codes_ids_and_file_labels(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("# T\n\nA line. <!-- expect HL501 typo -->\nOld style. <!-- expect: unsourced-claim -->\n"
                     "<!-- expect-file HL301 -->\nA near-miss.\n", encoding="utf-8")
    lines, files = expected_findings(draft)
    assert lines == {(3, "typo"): 2, (4, "unsourced-claim"): 1}
    assert files == {"missing-disclaimer": 1}
    draft.write_text("x <!-- expect HL999 -->\n", encoding="utf-8")
    with pytest.raises(ValueError, match="HL999"):
        expected_findings(draft)
