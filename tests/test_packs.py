"""Rule packs: a publisher adds a rule in YAML only; a broken pack is one clear error."""
from __future__ import annotations

import time

import pytest

from .conftest import clean_draft

HOUSE_PACK = """\
rules:
  - id: banned-miracle-words
    code: HL901
    family: house-style
    kind: pattern
    severity: error
    message: "Avoid \\u201c{match}\\u201d; say what the treatment does instead"
    options:
      patterns:
        - 'wonder[- ]drug'
        - pattern: 'detox(?:ify|ifies)?'
          replace: 'support'
    docs:
      summary: Words that oversell a treatment.
      rationale: They promise more than evidence shows.
      bad: "This wonder drug fixes everything."
      good: "This drug lowers blood pressure in most people."
"""


def test_publisher_rule_in_yaml_only(cli, write):
    write("house/style.yaml", HOUSE_PACK)
    write(".healthlint.yaml", "packs: [house/style.yaml]\n")
    write("a.md", clean_draft("Green tea is no wonder drug, but it may detoxify nothing at all."))
    data = cli("check", "--format", "json", "a.md").json()
    found = [(d["code"], d["rule"], d["family"], d["severity"], d.get("suggestion")) for d in data]
    assert found == [("HL901", "banned-miracle-words", "house-style", "error", None),
                     ("HL901", "banned-miracle-words", "house-style", "error", "support")]
    assert data[0]["message"] == "Avoid \u201cwonder drug\u201d; say what the treatment does instead"
    # and it is listed and explained like a built-in rule
    assert any(line.startswith("HL901") and "banned-miracle-words" in line for line in cli("rules").out.splitlines())
    assert "Words that oversell a treatment." in cli("explain", "HL901").out


def test_pack_folder_and_select_by_new_family(cli, write):
    write("packs/house/style.yaml", HOUSE_PACK)
    write(".healthlint.yaml", "packs: [packs/house]\n")
    write("a.md", clean_draft("A wonder drug with a mornign dose."))
    rules = [d["rule"] for d in cli("check", "--format", "json", "--select", "house-style", "a.md").json()]
    assert rules == ["banned-miracle-words"]


@pytest.mark.parametrize("mutation, message", [
    (("'wonder[- ]drug'", "'wonder[- drug'"), "rule 'banned-miracle-words': invalid regular expression 'wonder[- drug'"),
    (("kind: pattern", "kind: patern"), "unknown kind 'patern' (did you mean 'pattern'?)"),
    (("severity: error", "severity: fatal"), "severity must be one of error, warning, info"),
    (("code: HL901", "code: X1"), "code must look like HL123"),
    (("    options:", "    optoins:"), "unknown key 'optoins' (did you mean 'options'?)"),
    (("code: HL901", "code: HL501"), "duplicate rule code 'HL501'"),
    (("id: banned-miracle-words", "id: typo"), "duplicate rule id 'typo'"),
    (("rules:", "rules: [\n"), "YAML syntax error"),
    (("Avoid \\u201c{match}\\u201d", "Avoid {0}"), "message placeholder {0} must be a name"),
    (("Avoid \\u201c{match}\\u201d", "Avoid {match"), "message has a stray brace"),
    (("      summary: Words", "      sumary: Words"), "unknown docs key 'sumary' (did you mean 'summary'?)"),
])
def test_broken_pack_is_one_clear_error(cli, write, mutation, message):
    write("house/style.yaml", HOUSE_PACK.replace(*mutation))
    write(".healthlint.yaml", "packs: [house/style.yaml]\n")
    write("a.md", clean_draft())
    run = cli("check", "a.md")
    assert run.code == 2, run
    assert message in run.err
    assert "style.yaml" in run.err
    assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err


def test_catastrophic_pattern_ends_with_error_naming_rule(cli, write):
    pack = HOUSE_PACK.replace("'wonder[- ]drug'", "'(a+)+$'")
    write("house/style.yaml", pack)
    write(".healthlint.yaml", "packs: [house/style.yaml]\n")
    write("a.md", "# Title\n\n" + "a" * 50000 + "!\n")
    started = time.monotonic()
    run = cli("check", "a.md")
    assert time.monotonic() - started < 30  # ends, never hangs
    assert run.code == 2
    assert "rule 'banned-miracle-words'" in run.err and "took longer than" in run.err


def test_pack_path_is_relative_to_the_config(cli, write, tmp_path, monkeypatch):
    write("project/house/style.yaml", HOUSE_PACK)
    write("project/.healthlint.yaml", "packs: [house/style.yaml]\n")
    write("project/a.md", clean_draft("A wonder drug."))
    run = cli("check", "--config", "project/.healthlint.yaml", "project/a.md")
    assert "HL901" in run.out


def test_unknown_message_field_is_left_as_written_not_a_crash(cli, write):
    write("house/style.yaml", HOUSE_PACK.replace("say what the treatment does instead", "see {why}"))
    write(".healthlint.yaml", "packs: [house/style.yaml]\n")
    write("a.md", clean_draft("This wonder drug helps."))
    run = cli("check", "--format", "json", "a.md")
    assert run.code == 1
    assert [d["message"] for d in run.json()] == ["Avoid \u201cwonder drug\u201d; see {why}"]
