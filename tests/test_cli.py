"""Every command and option of the CLI, through the CLI."""
from __future__ import annotations

import json

import pytest

from healthlint import __version__

from .conftest import DISCLAIMER, clean_draft

TYPO_DRAFT = clean_draft("Stretching your hamstrings every mornign keeps them supple.")
CLAIM_DRAFT = clean_draft("Studies show that 40% of adults have back pain.")
BOTH = clean_draft("Studies show that 40% of adults have back pain every mornign.")


def test_version(cli):
    run = cli("--version")
    assert run.code == 0
    assert run.out.strip() == f"healthlint {__version__}"


@pytest.mark.parametrize("command", [[], ["check"], ["rules"], ["explain"], ["init"]])
def test_help_on_every_command_has_examples(cli, command):
    run = cli(*command, "--help")
    assert run.code == 0
    assert "Usage:" in run.out
    assert "Example" in run.out


def test_check_defaults_to_current_folder_and_recurses(cli, write):
    write("a.md", TYPO_DRAFT)
    write("sub/deeper/b.txt", "Walking is good for you every singel day of the week.\n\n" + DISCLAIMER)
    write(".hidden/c.md", TYPO_DRAFT)
    write("node_modules/pkg/readme.md", TYPO_DRAFT)
    write("notes.rst", TYPO_DRAFT)  # reStructuredText: a draft format now
    write("notes.tex", TYPO_DRAFT)  # not a draft format
    run = cli("check")
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if "HL5" in line]
    assert [line.split(":")[0] for line in lines] == ["a.md", "notes.rst", "sub/deeper/b.txt"]


def test_explicitly_named_file_is_always_linted(cli, write):
    write(".hidden/c.md", TYPO_DRAFT)
    write("notes.rst", TYPO_DRAFT)
    run = cli("check", ".hidden/c.md", "notes.rst")
    assert run.code == 1
    assert ".hidden/c.md:3:" in run.out and "notes.rst:3:" in run.out


def test_text_output_format_and_summary(cli, write):
    write("a.md", BOTH)
    run = cli("check", "a.md")
    lines = run.out.splitlines()
    assert lines[0].startswith("a.md:3:1: HL201 [unsourced-claim] ")
    assert lines[1].startswith("a.md:3:")
    assert "HL501 [typo] \u201cmornign\u201d may be misspelled" in lines[1]
    assert lines[-1] == "2 problems (2 warnings) in 1 file"


def test_no_findings_summary_and_exit_zero(cli, write):
    write("a.md", clean_draft())
    run = cli("check", "a.md")
    assert run.code == 0
    assert run.out.strip() == "No problems found in 1 file."


def test_json_output_contract(cli, write):
    write("a.md", TYPO_DRAFT)
    run = cli("check", "--format", "json", "a.md")
    data = run.json()
    assert len(data) == 1
    item = data[0]
    assert {"path", "line", "column", "end_line", "end_column", "code", "rule", "family", "severity", "message",
            "fixable", "related"} <= set(item)
    assert item["related"] == []
    assert item["path"] == "a.md"
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (3, 34, 3, 41)
    assert item["rule"] == "typo" and item["family"] == "typo" and item["code"] == "HL501"
    assert item["suggestion"] == "morning"
    # the span points at the word in the original file
    line = TYPO_DRAFT.splitlines()[2]
    assert line[item["column"] - 1:item["end_column"] - 1] == "mornign"


def test_json_columns_count_characters_not_bytes(cli, write):
    body = "Walking \u2014 \u201cevery\u201d \u00bd hour \U0001F600 \u2014 stretching every mornign helps."
    write("a.md", clean_draft(body))
    item = cli("check", "--format", "json", "a.md").json()[0]
    line = clean_draft(body).splitlines()[2]
    assert line[item["column"] - 1:item["end_column"] - 1] == "mornign"


@pytest.mark.parametrize("selector", ["typo", "HL501", "HL5", "typo,unsourced-claim"])
def test_select_by_id_code_prefix_and_list(cli, write, selector):
    write("a.md", BOTH)
    rules = {d["rule"] for d in cli("check", "--format", "json", "--select", selector, "a.md").json()}
    assert "typo" in rules
    assert ("unsourced-claim" in rules) == ("unsourced-claim" in selector)


def test_select_and_ignore_are_repeatable(cli, write):
    write("a.md", BOTH)
    rules = {d["rule"] for d in cli("check", "--format", "json", "--select", "typo", "--select", "HL201", "a.md").json()}
    assert rules == {"typo", "unsourced-claim"}
    rules = {d["rule"] for d in cli("check", "--format", "json", "--ignore", "typo", "--ignore", "HL2", "a.md").json()}
    assert rules == set()


def test_ignore_family(cli, write):
    write("a.md", BOTH)
    rules = {d["rule"] for d in cli("check", "--format", "json", "--ignore", "unsourced-claim", "a.md").json()}
    assert rules == {"typo"}


def test_select_unknown_rule_is_a_usage_error(cli, write):
    write("a.md", BOTH)
    run = cli("check", "--select", "typoo", "a.md")
    assert run.code == 2
    assert "no rule matches 'typoo'" in run.err and "did you mean 'typo'" in run.err
    assert "Traceback" not in run.err


def test_fail_on_levels(cli, write):
    write("a.md", TYPO_DRAFT)  # one warning
    assert cli("check", "a.md").code == 1
    assert cli("check", "--fail-on", "error", "a.md").code == 0
    assert cli("check", "--fail-on", "warning", "a.md").code == 1
    assert cli("check", "--fail-on", "info", "a.md").code == 1
    write("b.md", "# Title\n\nWalking keeps your joints moving.\n")  # missing disclaimer: an error
    assert cli("check", "--fail-on", "error", "b.md").code == 1


def test_fail_on_counts_info(cli, write):
    # reference 2 is cited nowhere while the text cites by number: uncited-reference is info
    write("a.md", clean_draft("Stretching eases stiffness [1].\n\n## References\n\n1. Lee A. Stretching. 2020.\n"
                              "2. Park B. Posture. 2019."))
    run = cli("check", "--format", "json", "a.md")
    assert [d["severity"] for d in run.json()] == ["info"]
    assert run.code == 0
    assert cli("check", "--fail-on", "info", "a.md").code == 1


def test_quiet_prints_only_summary(cli, write):
    write("a.md", BOTH)
    run = cli("check", "--quiet", "a.md")
    assert run.out.strip().splitlines() == ["2 problems (2 warnings) in 1 file"]
    assert run.code == 1


def test_statistics_counts_per_rule(cli, write):
    write("a.md", BOTH)
    write("b.md", TYPO_DRAFT)
    run = cli("check", "--statistics", "a.md", "b.md")
    stats = [line.split() for line in run.out.splitlines() if "(typo)" in line or "(unsourced-claim)" in line]
    assert ["2", "HL501", "typo", "(typo)"] in stats
    assert ["1", "HL201", "unsourced-claim", "(unsourced-claim)"] in stats


def test_color_only_on_terminal_and_never_with_no_color(cli, write, monkeypatch):
    write("a.md", TYPO_DRAFT)
    assert "\x1b[" not in cli("check", "a.md").out  # not a terminal
    import healthlint.cli

    monkeypatch.setattr(healthlint.cli, "_stdout_is_terminal", lambda: True)
    assert "\x1b[" in cli("check", "a.md").out
    assert "\x1b[" not in cli("check", "--no-color", "a.md").out


def test_output_file(cli, write, tmp_path):
    write("a.md", TYPO_DRAFT)
    run = cli("check", "--format", "json", "-o", "report.json", "a.md")
    assert run.out == ""
    assert json.loads((tmp_path / "report.json").read_text())[0]["rule"] == "typo"


def test_missing_path_is_input_error_but_others_are_linted(cli, write):
    write("a.md", TYPO_DRAFT)
    run = cli("check", "a.md", "nope.md")
    assert run.code == 2
    assert "nope.md: no such file or folder" in run.err
    assert "a.md:3:" in run.out


def test_rules_table_lists_every_rule(cli):
    run = cli("rules")
    assert run.code == 0
    header = run.out.splitlines()[0].split()
    assert header == ["CODE", "RULE", "FAMILY", "SEVERITY", "SUMMARY"]
    for code, rule in [("HL101", "duplicate-paragraph"), ("HL201", "unsourced-claim"), ("HL301", "missing-disclaimer"),
                       ("HL401", "boilerplate"), ("HL501", "typo")]:
        row = next(line for line in run.out.splitlines() if line.startswith(code))
        assert f" {rule} " in row


@pytest.mark.parametrize("name", ["unsourced-claim", "HL201", "hl201"])
def test_explain_by_id_or_code(cli, name):
    run = cli("explain", name)
    assert run.code == 0
    assert run.out.startswith("HL201 unsourced-claim")
    for section in ("What it flags", "Why it matters", "Flagged:", "Passes:", "Options"):
        assert section in run.out


def test_explain_unknown_rule(cli):
    run = cli("explain", "unsourced-claims")
    assert run.code == 2
    assert "no rule named 'unsourced-claims'" in run.err and "did you mean 'unsourced-claim'" in run.err


def test_init_writes_starter_config_and_refuses_to_overwrite(cli, tmp_path, write):
    run = cli("init")
    assert run.code == 0
    text = (tmp_path / ".healthlint.yaml").read_text()
    assert text.startswith("# healthlint configuration")
    # the starter config is valid: a check with it works
    write("a.md", TYPO_DRAFT)
    assert cli("check", "a.md").code == 1
    (tmp_path / ".healthlint.yaml").write_text("fail_on: error\n")
    run = cli("init")
    assert run.code == 2 and "already exists" in run.err
    assert (tmp_path / ".healthlint.yaml").read_text() == "fail_on: error\n"


def test_usage_error_exit_code(cli):
    run = cli("check", "--format", "xml")
    assert run.code == 2
