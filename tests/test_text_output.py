"""Text output as people read it: --output-format full (grouped by file, the source line with the
span underlined) and concise (one line a finding), the fixable hint and --show-fixes, aligned
--statistics and --exit-zero."""
from __future__ import annotations

from .conftest import DISCLAIMER

DRAFT = f"# Knee pain\n\nMost people recieve relief from walking.\n\n{DISCLAIMER}\n"


def test_full_groups_by_file_and_underlines_the_span(cli, write):
    write("a.md", DRAFT)
    out = cli("check", "--output-format", "full", "a.md").out.splitlines()
    assert out[0] == "a.md"
    assert out[1].startswith("  3:13 HL501 [typo] ")
    assert out[3] == "  3 | Most people recieve relief from walking."
    assert out[4] == "    |             ^^^^^^^"  # under "recieve", columns 13-19


def test_concise_is_one_line_a_finding_and_the_default_when_piped(cli, write):
    write("a.md", DRAFT)
    out = cli("check", "a.md").out.splitlines()
    assert out[0].startswith("a.md:3:13: HL501 [typo] ")
    assert not any(line.lstrip().startswith("|") for line in out)  # no excerpt when piped
    assert cli("check", "--output-format", "concise", "a.md").out == cli("check", "a.md").out


def test_the_fixable_hint_and_show_fixes(cli, write):
    write("a.md", DRAFT)
    out = cli("check", "a.md").out.splitlines()
    assert out[-2] == "1 fixable with `healthlint check --fix` (--show-fixes shows the fixes)."
    assert out[-1] == "1 problem (1 warning) in 1 file"  # the summary stays last
    shown = cli("check", "--show-fixes", "a.md").out
    assert "(fix: replace \u201crecieve\u201d with \u201creceive\u201d)" in shown
    write("b.md", f"# T\n\nStudies show 40% of adults sleep badly.\n\n{DISCLAIMER}\n")
    assert "fixable" not in cli("check", "b.md").out  # near-miss: a finding with no fix


def test_exit_zero_keeps_findings_but_not_input_errors(cli, write):
    write("a.md", DRAFT)
    run = cli("check", "--exit-zero", "a.md")
    assert run.code == 0 and "HL501" in run.out
    assert cli("check", "a.md").code == 1
    assert cli("check", "--exit-zero", "missing.md").code == 2


def test_statistics_columns_line_up(cli, write):
    write("a.md", DRAFT)
    write("b.md", f"# T\n\nStudies show 40% of adults sleep badly.\n\n{DISCLAIMER}\n")
    rows = [line for line in cli("check", "--statistics", "a.md", "b.md").out.splitlines() if "  HL" in line]
    assert len(rows) == 2
    assert len({row.index("(") for row in rows}) == 1  # the family column starts at one place
    assert len({row.index("HL") for row in rows}) == 1
