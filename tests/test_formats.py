"""Every output format through the CLI: GitHub workflow commands (and that no draft text can
inject one), SARIF valid against the official 2.1.0 schema, GitLab Code Quality with stable
fingerprints, JSON Lines, and the --format choices coming from the reporter registry."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from healthlint.packs import load_packs
from healthlint.reporters import FORMATS
from healthlint.reporters.github import escape_data, escape_property

from .conftest import DISCLAIMER, clean_draft

SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")
BOTH = clean_draft("Studies show that 40% of adults have back pain every mornign.")
NO_DISCLAIMER = "# Hips\n\nStretch your hip flexors every mornign before work.\n"

# A house rule that echoes the matched draft text into its message, so tests can put any text
# (newlines, percent signs, '::') into a finding's message.
ECHO_PACK = r"""
rules:
  - id: echo-text
    code: HL901
    family: boilerplate
    kind: pattern
    severity: warning
    message: "Found: {match}"
    options:
      patterns: ['injected[\s\S]*?pwned']
    docs:
      summary: Echoes the matched text (test rule).
"""


def _all_formats():
    return sorted(FORMATS)


def test_format_choices_come_from_the_registry(cli):
    run = cli("check", "--help")
    for name in FORMATS:
        assert name in run.out
    bad = cli("check", "--format", "xml", ".")
    assert bad.code == 2 and "xml" in bad.err


@pytest.mark.parametrize("fmt", _all_formats())
def test_every_format_reports_the_findings_and_keeps_the_exit_code(cli, write, fmt):
    write("a.md", BOTH)
    run = cli("check", "--format", fmt, "a.md")
    assert run.code == 1, run
    assert "mornign" in run.out
    assert run.err == ""
    clean = write("ok.md", clean_draft())
    assert cli("check", "--format", fmt, clean.name).code == 0


def test_json_lines_is_one_json_object_a_line_matching_json(cli, write):
    write("a.md", BOTH)
    write("b.md", NO_DISCLAIMER)
    lines = cli("check", "--format", "json-lines", "a.md", "b.md").out.splitlines()
    array = cli("check", "--format", "json", "a.md", "b.md").json()
    assert [json.loads(line) for line in lines] == array
    assert len(lines) == 4


# --- GitHub Actions ------------------------------------------------------------------------------

def _parse_github(line: str) -> tuple[str, dict, str]:
    """Decode one workflow command the way the runner does (inverse of toolkit's escaping)."""
    m = re.fullmatch(r"::(\w+) (.*?)::(.*)", line)
    assert m, line
    props = {}
    for pair in m.group(2).split(","):
        key, _, value = pair.partition("=")
        props[key] = _unescape(value, prop=True)
    return m.group(1), props, _unescape(m.group(3))


def _unescape(value: str, prop: bool = False) -> str:
    if prop:
        value = value.replace("%2C", ",").replace("%3A", ":")
    return value.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def test_github_commands_by_severity_with_location(cli, write):
    write("a.md", BOTH)
    write("b.md", NO_DISCLAIMER)
    lines = cli("check", "--format", "github", "a.md", "b.md").out.splitlines()
    parsed = [_parse_github(line) for line in lines]
    levels = {(props["file"], props["title"]): level for level, props, _ in parsed}
    assert levels[("b.md", "HL301 [missing-disclaimer]")] == "error"
    assert levels[("a.md", "HL201 [unsourced-claim]")] == "warning"
    typo = next(p for lvl, p, _ in parsed if p["file"] == "a.md" and "HL501" in p["title"])
    col = BOTH.splitlines()[2].index("mornign") + 1
    assert (typo["line"], typo["col"], typo["endLine"], typo["endColumn"]) == ("3", str(col), "3", str(col + 7))
    messages = [msg for _, p, msg in parsed if "HL501" in p["title"] and p["file"] == "a.md"]
    assert messages and "mornign" in messages[0] and "morning" in messages[0]


def test_github_info_findings_are_notices(cli, write):
    write(".healthlint.yaml", "rules:\n  typo:\n    severity: info\n")
    write("a.md", clean_draft("Stretch every mornign."))
    line = cli("check", "--format", "github", "--fail-on", "info", "a.md").out.strip()
    assert line.startswith("::notice ")


def test_github_escaping_matches_the_toolkit():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"  # data keeps ':' and ','
    assert escape_property("x%y\r\n:,z") == "x%25y%0D%0A%3A%2Cz"
    # '%' first, so an already-escaped-looking value round-trips instead of being decoded
    assert escape_data("%0A") == "%250A"


def test_draft_text_cannot_inject_a_workflow_command(cli, write):
    write(".healthlint.yaml", "packs: [house.yaml]\n")
    write("house.yaml", ECHO_PACK)
    # Markdown hard line breaks (two trailing spaces) keep their newline in the text rules read
    evil = "injected text  \n::error file=x.md,line=1::forged  \n%0A::set-output name=a::b pwned"
    write("a.md", f"# Title\n\nWalking helps, {evil}, really.\n\n{DISCLAIMER}\n")
    message = next(d["message"] for d in cli("check", "--format", "json", "a.md").json() if d["rule"] == "echo-text")
    assert "\n::error" in message and "%0A" in message  # the draft text really reaches the message
    out = cli("check", "--format", "github", "--select", "echo-text", "a.md").out
    lines = out.splitlines()
    assert len(lines) == 1, out  # one finding, one line: nothing forged
    level, props, decoded = _parse_github(lines[0])
    assert level == "warning" and props["title"] == "HL901 [echo-text]"
    assert decoded == message  # exactly recoverable by the runner's decoding


def test_file_names_cannot_inject_properties_or_commands(cli, write):
    name = "odd,line=99:name\n::error::x.md"
    write(name, NO_DISCLAIMER)
    out = cli("check", "--format", "github", name).out
    lines = out.splitlines()
    assert len(lines) == 2, out  # the disclaimer error and the typo
    for line in lines:
        _, props, _ = _parse_github(line)
        assert props["file"] == name
        assert props["line"] != "99"


# --- SARIF ---------------------------------------------------------------------------------------

def _validate_sarif(data: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_is_valid_against_the_official_schema(cli, write):
    write("a.md", BOTH)
    write("sub dir/b.md", NO_DISCLAIMER)
    write("c.md", clean_draft("A paragraph " + "that repeats itself word for word in this draft " * 2 + "."))
    run = cli("check", "--format", "sarif", ".")
    data = run.json()
    _validate_sarif(data)
    assert data["version"] == "2.1.0"
    run_ = data["runs"][0]
    assert run_["tool"]["driver"]["name"] == "healthlint"
    assert len(run_["results"]) == len(cli("check", "--format", "json", ".").json())


def test_sarif_schema_check_catches_an_invalid_log():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                          "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))


def test_sarif_driver_describes_every_rule_of_the_packs(cli, write):
    write("a.md", BOTH)
    driver = cli("check", "--format", "sarif", "a.md").json()["runs"][0]["tool"]["driver"]
    specs = load_packs()
    assert {r["id"] for r in driver["rules"]} == {s.code for s in specs}
    by_id = {r["id"]: r for r in driver["rules"]}
    for spec in specs:
        rule = by_id[spec.code]
        assert rule["name"] == spec.id
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()
        assert spec.docs.get("summary", "").strip()[:30] in rule["help"]["text"]
        assert rule["help"]["markdown"].strip()
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[spec.severity]
        assert spec.family in rule["properties"]["tags"]


def test_sarif_results_locations_and_fixes(cli, write):
    draft = write("a.md", BOTH)
    write("b.md", NO_DISCLAIMER)
    data = cli("check", "--format", "sarif", "a.md", "b.md").json()
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    results = data["runs"][0]["results"]
    typo = next(r for r in results if r["ruleId"] == "HL501" and "a.md" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert rules[typo["ruleIndex"]]["id"] == "HL501"
    loc = typo["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "a.md", "uriBaseId": "%SRCROOT%"}
    col = BOTH.splitlines()[2].index("mornign") + 1
    assert loc["region"] == {"startLine": 3, "startColumn": col, "endLine": 3, "endColumn": col + 7}
    assert typo["level"] == "warning"
    assert typo["partialFingerprints"]
    # the proposed fix replaces exactly the misspelled word
    replacement = typo["fixes"][0]["artifactChanges"][0]["replacements"][0]
    region = replacement["deletedRegion"]
    source = draft.read_text(encoding="utf-8")
    if "charOffset" in region:
        assert source[region["charOffset"]:region["charOffset"] + region["charLength"]] == "mornign"
    else:
        assert region["startLine"] == 3
    assert replacement["insertedContent"]["text"] == "morning"
    # a missing disclaimer: the fix proposes adding the suggested wording
    missing = next(r for r in results if r["ruleId"] == "HL301")
    added = missing["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
    assert DISCLAIMER in added
    # a claim has no suggestion, hence no fix
    claim = next(r for r in results if r["ruleId"] == "HL201")
    assert "fixes" not in claim


def test_sarif_reports_unreadable_files_and_stays_valid(cli, write):
    write("a.md", BOTH)
    write("bin.md", b"\x00\x01binary")
    run = cli("check", "--format", "sarif", "a.md", "bin.md")
    assert run.code == 2
    data = run.json()
    _validate_sarif(data)
    invocation = data["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bin.md"


# --- GitLab --------------------------------------------------------------------------------------

def _gitlab(cli, *paths):
    return cli("check", "--format", "gitlab", *paths).json()


def test_gitlab_code_quality_fields(cli, write):
    write("a.md", BOTH)
    write("b.md", NO_DISCLAIMER)
    issues = _gitlab(cli, "./a.md", "b.md")
    assert len(issues) == 4
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] in {"a.md", "b.md"}  # no leading ./
        assert issue["location"]["lines"]["begin"] >= 1
    sev = {i["check_name"]: i["severity"] for i in issues}
    assert sev["HL301 missing-disclaimer"] == "major" and sev["HL501 typo"] == "minor"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_an_edit_above_the_finding(cli, write):
    write("a.md", BOTH)
    before = {(i["check_name"], i["location"]["lines"]["begin"]): i["fingerprint"] for i in _gitlab(cli, "a.md")}
    write("a.md", "# A title\n\nA new opening paragraph about walking, added later.\n\n" + BOTH.split("\n", 2)[2])
    after = {(i["check_name"], i["location"]["lines"]["begin"]): i["fingerprint"] for i in _gitlab(cli, "a.md")}
    assert sorted(before) != sorted(after)  # the findings moved down two lines...
    assert sorted(before.values()) == sorted(after.values())  # ...and kept their fingerprints


def test_gitlab_fingerprint_changes_when_the_flagged_text_changes(cli, write):
    draft = clean_draft("Studies show that 40% of adults have back pain.\n\nStretch every mornign.")
    write("a.md", draft)
    before = {i["check_name"]: i["fingerprint"] for i in _gitlab(cli, "a.md")}
    write("a.md", draft.replace("mornign", "evenign"))
    after = {i["check_name"]: i["fingerprint"] for i in _gitlab(cli, "a.md")}
    assert before["HL501 typo"] != after["HL501 typo"]
    assert before["HL201 unsourced-claim"] == after["HL201 unsourced-claim"]


def test_gitlab_same_text_flagged_twice_gets_two_fingerprints(cli, write):
    write("a.md", clean_draft("Stretch every mornign. Walk every mornign."))
    issues = [i for i in _gitlab(cli, "a.md") if i["check_name"] == "HL501 typo"]
    assert len(issues) == 2
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
