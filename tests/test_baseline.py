"""Baselines for a legacy library, through the CLI: --write-baseline records today's findings,
--baseline reports only new ones, matched by rule, path and flagged text (not line), and
--statistics names the entries whose finding is gone."""
from __future__ import annotations

import json

from .conftest import DISCLAIMER, clean_draft

LEGACY = clean_draft("Studies show that 40% of adults have back pain.\n\nStretch your hamstrings every mornign.")
REPEATED = ("Gentle stretching before bed loosens the muscles of the lower back and helps many "
            "people fall asleep without waking stiff.")


def _record(cli, *paths, baseline="baseline.json"):
    run = cli("check", "--write-baseline", baseline, *paths)
    assert run.code == 0, run
    return run


def test_write_baseline_records_findings_and_exits_zero(cli, write, tmp_path):
    write("a.md", LEGACY)
    run = _record(cli, "a.md")
    assert "Wrote 2 findings to baseline.json" in run.out
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert {(f["path"], f["rule"]) for f in data["findings"]} == {("a.md", "unsourced-claim"), ("a.md", "typo")}
    assert all(f["fingerprint"] for f in data["findings"])


def test_baseline_hides_known_findings(cli, write):
    write("a.md", LEGACY)
    _record(cli, "a.md")
    run = cli("check", "--baseline", "baseline.json", "a.md")
    assert run.code == 0, run
    assert run.out.strip() == "No new problems found in 1 file (2 known from the baseline)."
    assert cli("check", "--baseline", "baseline.json", "--format", "json", "a.md").json() == []


def test_only_new_findings_are_reported(cli, write):
    write("a.md", LEGACY)
    _record(cli, "a.md")
    write("a.md", LEGACY.replace("mornign.", "mornign and evenign."))
    run = cli("check", "--baseline", "baseline.json", "--format", "json", "a.md")
    assert run.code == 1
    assert [(d["rule"], d["message"]) for d in run.json()] == [("typo", "\u201cevenign\u201d may be misspelled; did you mean \u201cevening\u201d?")]
    text = cli("check", "--baseline", "baseline.json", "a.md").out
    assert text.splitlines()[-1] == "1 problem (1 warning) in 1 file; 2 more known from the baseline"


def test_an_edit_above_a_finding_does_not_make_it_new(cli, write):
    write("a.md", LEGACY)
    _record(cli, "a.md")
    moved = LEGACY.replace("# A title\n\n", "# A title\n\nA new first paragraph.\n\nAnd a second one, added later.\n\n")
    write("a.md", moved)
    json_run = cli("check", "--format", "json", "a.md").json()
    assert min(d["line"] for d in json_run) > 3  # the findings really moved
    run = cli("check", "--baseline", "baseline.json", "a.md")
    assert run.code == 0, run


def test_reflowed_text_and_straightened_quotes_still_match(cli, write):
    write("a.txt", "Experts say \u201cstretching\u201d helps 40% of adults with back pain.\n\n" + DISCLAIMER + "\n")
    _record(cli, "a.txt")
    write("a.txt", "Experts   say \"stretching\"\nhelps 40%  of adults with back pain.\n\n" + DISCLAIMER + "\n")
    assert cli("check", "--baseline", "baseline.json", "a.txt").code == 0


def test_a_changed_claim_is_new(cli, write):
    write("a.md", LEGACY)
    _record(cli, "a.md")
    write("a.md", LEGACY.replace("40%", "60%"))
    new = cli("check", "--baseline", "baseline.json", "--format", "json", "a.md").json()
    assert [d["rule"] for d in new] == ["unsourced-claim"]


def test_same_text_flagged_more_often_than_recorded(cli, write):
    write("a.md", clean_draft("Stretch every mornign.\n\nWalk every mornign."))
    _record(cli, "a.md")
    write("a.md", clean_draft("Stretch every mornign.\n\nWalk every mornign.\n\nSwim every mornign."))
    new = cli("check", "--baseline", "baseline.json", "--format", "json", "a.md").json()
    assert len(new) == 1 and new[0]["line"] == 7


def test_stale_entries_are_reported_in_statistics(cli, write):
    write("a.md", LEGACY)
    write("b.md", clean_draft("Walk every evenign."))
    _record(cli, "a.md", "b.md")
    write("a.md", LEGACY.replace("mornign", "morning"))  # the typo was fixed
    run = cli("check", "--baseline", "baseline.json", "--statistics", "a.md", "b.md")
    assert run.code == 0, run
    assert "2  known findings hidden by the baseline (baseline.json)" in run.out
    assert "1  stale baseline entry" in run.out and "--write-baseline" in run.out
    stale = [line.strip() for line in run.out.splitlines() if line.startswith("        ")]
    assert stale == ["a.md:5: HL501 [typo] \u201cmornign\u201d may be misspelled; did you mean \u201cmorning\u201d?"]
    # without --statistics the report does not mention them
    assert "stale" not in cli("check", "--baseline", "baseline.json", "a.md", "b.md").out


def test_stale_entries_go_to_stderr_for_machine_formats(cli, write):
    write("a.md", LEGACY)
    _record(cli, "a.md")
    write("a.md", clean_draft())
    run = cli("check", "--baseline", "baseline.json", "--statistics", "--format", "json", "a.md")
    assert run.json() == []  # stdout stays parseable
    assert "stale baseline entries" in run.err


def test_drafts_not_in_this_run_have_no_stale_entries(cli, write):
    """A pre-commit run on one draft must not call the rest of the library's entries stale."""
    write("a.md", LEGACY)
    write("b.md", clean_draft("Walk every evenign."))
    _record(cli, "a.md", "b.md")
    run = cli("check", "--baseline", "baseline.json", "--statistics", "b.md")
    assert run.code == 0
    assert "stale" not in run.out


def test_paths_are_relative_to_the_baseline_file(cli, write, tmp_path, monkeypatch):
    write("site/drafts/a.md", LEGACY)
    _record(cli, "site/drafts/a.md", baseline="site/baseline.json")
    data = json.loads((tmp_path / "site" / "baseline.json").read_text())
    assert {f["path"] for f in data["findings"]} == {"drafts/a.md"}
    monkeypatch.chdir(tmp_path / "site" / "drafts")  # run from elsewhere: same findings, other paths
    assert cli("check", "--baseline", "../baseline.json", "a.md").code == 0


def test_duplicate_paragraphs_survive_an_edit_above(cli, write):
    write("a.md", clean_draft(f"{REPEATED}\n\nSomething else entirely.\n\n{REPEATED}"))
    run = _record(cli, "a.md")
    assert "Wrote 1 finding" in run.out
    write("a.md", clean_draft(f"An added opening line.\n\n{REPEATED}\n\nSomething else entirely.\n\n{REPEATED}"))
    assert cli("check", "--baseline", "baseline.json", "a.md").code == 0
    write("a.md", clean_draft(f"{REPEATED}\n\n{REPEATED}\n\nSomething else entirely.\n\n{REPEATED}"))
    new = cli("check", "--baseline", "baseline.json", "--format", "json", "a.md").json()
    assert [d["rule"] for d in new] == ["duplicate-paragraph"]


def test_baseline_errors_are_one_clear_line(cli, write):
    write("a.md", LEGACY)
    run = cli("check", "--baseline", "missing.json", "a.md")
    assert run.code == 2 and "missing.json: baseline file not found" in run.err
    write("bad.json", "{not json")
    run = cli("check", "--baseline", "bad.json", "a.md")
    assert run.code == 2 and "bad.json: not a healthlint baseline" in run.err
    write("other.json", '{"findings": []}')
    assert "other.json: not a healthlint baseline" in cli("check", "--baseline", "other.json", "a.md").err
    run = cli("check", "--baseline", "x.json", "--write-baseline", "x.json", "a.md")
    assert run.code == 2 and "not both" in run.err
    for r in (run,):
        assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_sarif_marks_results_new_against_a_baseline(cli, write):
    write("a.md", LEGACY)
    _record(cli, "a.md")
    write("a.md", LEGACY.replace("mornign.", "mornign and evenign."))
    results = cli("check", "--baseline", "baseline.json", "--format", "sarif", "a.md").json()["runs"][0]["results"]
    assert [(r["ruleId"], r["baselineState"]) for r in results] == [("HL501", "new")]
    assert "baselineState" not in cli("check", "--format", "sarif", "a.md").json()["runs"][0]["results"][0]
