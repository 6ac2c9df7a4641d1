"""Option contents are checked when the packs and the config are loaded, so a slip in YAML (a
bare `yes` read as true, a number where a word belongs, a limit of 0) is one clear error line
naming the file and the option, exit code 2, never a Python traceback in the middle of a run."""
from __future__ import annotations

import pytest

DRAFT = "# Title\n\nClick here to subscribe to our newsletter today. Teh end.\n"


@pytest.mark.parametrize("options, expected", [
    ("typo: {options: {misspellings: {true: 'yes'}}}", "option 'misspellings' has a key YAML reads as true"),
    ("typo: {options: {misspellings: {teh: 5}}}", "option 'misspellings' entry 'teh' is a number (5); expected text"),
    ("typo: {options: {min_length: 0}}", "option 'min_length' must be at least 1 (it is 0)"),
    ("typo: {options: {titles: [Dr, 3]}}", "option 'titles' item 2 is a number (3); expected text"),
    ("repeated-word: {options: {allowed: [off]}}", "quote yes, no, on and off"),
    ("boilerplate: {options: {signals: {cta: {full_at: 0, patterns: ['click here']}}}}",
     "option 'signals' entry 'cta' has full_at 0; it must be a number above 0"),
    ("boilerplate: {options: {min_vocabulary: 1.5}}", "option 'min_vocabulary' must be between 0 and 1 (it is 1.5)"),
    ("missing-disclaimer: {options: {end_blocks: 0}}", "option 'end_blocks' must be at least 1"),
    ("near-duplicate-paragraph: {options: {threshold: 70}}", "option 'threshold' must be between 0 and 1 (it is 70)"),
    ("near-duplicate-paragraph: {options: {threshold: yes}}",
     "option 'threshold' has the wrong type: true/false (True) where a number is expected"),
])
def test_a_bad_option_value_is_one_line_naming_the_config(cli, write, options, expected):
    write(".healthlint.yaml", f"rules:\n  {options}\n")
    write("a.md", DRAFT)
    run = cli("check", "a.md")
    assert run.code == 2
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert ".healthlint.yaml" in run.err and expected in run.err


def test_the_same_options_well_formed_are_accepted(cli, write):
    write(".healthlint.yaml", "rules:\n"
                              "  typo: {options: {misspellings: {teh: the, 'yes': 'yes'}, min_length: 2}}\n"
                              "  repeated-word: {options: {allowed: ['off', had]}}\n"
                              "  missing-disclaimer: {options: {end_blocks: 2}}\n"
                              "  near-duplicate-paragraph: {options: {threshold: 1}}\n")
    write("a.md", DRAFT)
    run = cli("check", "--format", "json", "--select", "typo", "a.md")
    assert run.code == 1
    assert [(d["line"], d["suggestion"]) for d in run.json() if d["rule"] == "typo"] == [(3, "The")]


def test_a_pack_with_a_bad_option_names_the_pack(cli, write):
    write("house.yaml", "rules:\n  - id: house-words\n    code: HL951\n    family: typo\n    kind: pattern\n"
                        "    severity: warning\n    message: avoid\n    options:\n      patterns: [utilise, 7]\n")
    write(".healthlint.yaml", "packs: [house.yaml]\n")
    write("a.md", DRAFT)
    run = cli("check", "a.md")
    assert run.code == 2 and "house.yaml" in run.err and "item 2 is a number" in run.err
