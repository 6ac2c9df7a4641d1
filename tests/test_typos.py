"""Typo family: spelling (HL501), repeated words (HL502) and grammatical slips (HL503).

Fixture drafts in tests/fixtures/typos/ mark each line that must be flagged with
`<!-- expect HL501 -->` (one entry per finding); every other line is a near-miss that must pass
(tests/test_fixtures.py).
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml

from healthlint import Config, lint_paths, lint_text
from healthlint.packs import default_pack_path

from healthlint.config import validate_config

from .conftest import DISCLAIMER, HIP_DRAFT, clean_draft

FIXTURES = Path(__file__).parent / "fixtures" / "typos"
TYPO_RULES = ("typo", "repeated-word", "grammar-slip")
VOCABULARY = default_pack_path() / "vocabulary"


# The fixture drafts in tests/fixtures/typos/ are checked by tests/test_fixtures.py, with the
# one expectation parser every family's fixtures use (tests/expectations.py).


def typo_words(text: str, **kwargs) -> dict[str, object]:
    """word flagged -> Diagnostic, for a one-paragraph draft."""
    src = f"# Title\n\n{text}\n\n{DISCLAIMER}\n"
    lines = src.splitlines()
    out = {}
    for d in lint_text(src, select=["typo"], **kwargs):
        out[lines[d.line - 1][d.column - 1:d.end_column - 1]] = d
    return out


# --- spelling: suggestions, fixes, severities --------------------------------------------------

def test_suggestions_and_fixable_in_json(cli, write):
    write("a.md", f"# Title\n\nMy lefy hip hurt after skating alot.\n\n{DISCLAIMER}\n")
    run = cli("check", "--format", "json", "a.md")
    assert run.code == 1
    by_word = {d["message"].split("\u201d")[0].lstrip("\u201c"): d for d in run.json()}
    assert by_word["lefy"]["suggestion"] == "left" and by_word["lefy"]["fixable"] is True
    assert by_word["alot"]["suggestion"] == "a lot" and by_word["alot"]["fixable"] is True
    assert "did you mean \u201cleft\u201d" in by_word["lefy"]["message"]
    assert {d["code"] for d in run.json()} == {"HL501"}


def test_fix_replaces_exactly_the_word():
    src = f"# Title\n\nShe went skating alot.\n\n{DISCLAIMER}\n"
    [d] = [d for d in lint_text(src, select=["typo"])]
    assert src[d.fix.start:d.fix.end] == "alot" and d.fix.replacement == "a lot"


def test_ambiguous_correction_is_suggested_but_not_fixable():
    # "fome": come, some, home... no single clear correction, so --fix must leave it
    d = typo_words("Take fome water with it.")["fome"]
    assert d.suggestion and d.fix is None


def test_capitalized_typo_keeps_its_capital():
    d = typo_words("Becuase it hurts, rest.")["Becuase"]
    assert d.suggestion == "Because"


def test_medical_word_ranks_first_among_corrections():
    d = typo_words("The scan showed a small (Laberal tear) in the hip.")["Laberal"]
    assert d.suggestion == "Labral" and d.severity == "warning"


def test_unknown_capitalized_word_without_name_evidence_is_left_alone_or_info():
    # no much more frequent word close to it: a name or a brand, not reported by default
    assert "Zorblat" not in typo_words("I asked my neighbour Zorblat about stretching.")
    config = validate_config({"rules": {"typo": {"options": {"unknown_capitalized": "info"}}}})
    found = [d for d in lint_text(clean_draft("I asked my neighbour Zorblat about stretching."), config=config)
             if d.rule == "typo"]
    assert [(d.severity, d.fix) for d in found] == [("info", None)]


@pytest.mark.parametrize("text", [
    "Dr. Quillfeather says the first week matters most.",
    "Stretch daily, says Ombrelli.",
    "Trentham et al reported the same result.",
    "Marta Vossberg runs the clinic.",
    "Dr. Ines Abernathy-Kloss reviewed this page.",
    "Brastow syndrome is rare.",
    "A Holter monitor records your heart rhythm.",
    "Plenwick, J. and Asher, K. wrote the review.",
])
def test_names_are_not_flagged(text):
    assert typo_words(text) == {}


def test_names_option_makes_names_visible(cli, write):
    write(".healthlint.yaml", "rules:\n  typo:\n    options:\n      names: warning\n")
    write("a.md", f"# Title\n\nDr. Quillfeather says rest helps.\n\n{DISCLAIMER}\n")
    run = cli("check", "--format", "json", "a.md")
    assert [(d["rule"], d["severity"]) for d in run.json()] == [("typo", "warning")]


@pytest.mark.parametrize("text", [
    "Take 10mg twice daily, 3x a week, or 2.5 mL.",
    "See https://example.org/sacro-ilaic or mail nurse-tem@example.org.",
    "Use `pip install healthlnt` to install.",
    "The NSAID and the MRIs were ordered; COL1A1 and ACVR1 are genes.",
    "A well-known, long-lasting, anti-inflammatory effect.",
    "The doctor's advice and the patients' charts.",
    "You'll see it's fine, they've said, and we'd agree.",
    "The tumour and the oedema were seen at the centre.",
    "Handwashing and a sweatproof sunscreen help.",
])
def test_not_a_typo(text):
    assert typo_words(text) == {}


def test_run_together_words_are_split():
    d = typo_words("Walking helps people with asthmathat is mild.")["asthmathat"]
    assert d.suggestion == "asthma that"


# --- publisher vocabulary through the config ----------------------------------------------------

def test_vocabulary_accept_files_and_reject(cli, write):
    write("words/house.txt", "# house words\nFlexiqor\nzentrabar\n")
    write("words/extra.dic", "2\nquintrelle/S\nmolvix/M\n")
    write(".healthlint.yaml",
          "vocabulary:\n  accept: [Brennavir]\n  reject: [utilize]\n  files: [words/house.txt, words/extra.dic]\n")
    body = ("Brennavir and Flexiqor are house brands; a zentrabar, quintrelle and molvix too. "
            "We utilize a stretchng band.")
    write("a.md", f"# Title\n\n{body}\n\n{DISCLAIMER}\n")
    run = cli("check", "--format", "json", "a.md")
    lines = (Path.cwd() / "a.md").read_text().splitlines()
    flagged = {lines[d["line"] - 1][d["column"] - 1:d["end_column"] - 1]: d for d in run.json()}
    assert set(flagged) == {"utilize", "stretchng"}
    assert flagged["utilize"]["severity"] == "warning"


def test_unreadable_vocabulary_file_is_one_clear_error(cli, write):
    write(".healthlint.yaml", "vocabulary:\n  files: [missing.txt]\n")
    write("a.md", f"# Title\n\nText.\n\n{DISCLAIMER}\n")
    run = cli("check", "a.md")
    assert run.code == 2 and "missing.txt" in run.err and "Traceback" not in run.err


def test_bad_names_option_is_a_pack_error(cli, write):
    write(".healthlint.yaml", "rules:\n  typo:\n    options:\n      names: sometimes\n")
    write("a.md", f"# Title\n\nText.\n\n{DISCLAIMER}\n")
    run = cli("check", "a.md")
    assert run.code == 2 and "names" in run.err


# --- the real hip draft ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hip_findings():
    if not HIP_DRAFT.is_file():
        pytest.skip("../shared/drafts is not present")
    result = lint_paths([str(HIP_DRAFT)], Config(), select=["typo"])
    lines = HIP_DRAFT.read_text(encoding="utf-8").splitlines()
    return [(d, lines[d.line - 1][d.column - 1:d.end_column - 1]) for d in result.diagnostics]


def test_hip_draft_typos_and_slip_flagged(hip_findings):
    words = {w for d, w in hip_findings if d.rule == "typo"}
    assert {"lefy", "alot", "couldnt", "Laberal"} <= words
    assert any(d.rule == "grammar-slip" and d.line == 6 and w == "to for" for d, w in hip_findings)
    suggestion = {w: d.suggestion for d, w in hip_findings}
    assert suggestion["lefy"] == "left" and suggestion["Laberal"] == "Labral"


def test_hip_draft_no_medical_term_or_name_flagged(hip_findings):
    words = {w.lower() for d, w in hip_findings}
    medical = {"sacroiliac", "spondylitis", "psoriatic", "apophyses", "equinae", "glutes", "mris", "kettlebell",
               "deadlift", "sciatica", "bursitis", "vertebrae", "tumour", "iliopsoas"}
    names = {"quintner", "vasileff", "danoff", "pariser", "premkumar", "thurston", "dicharry", "onnit's", "callahan"}
    assert not words & medical
    assert not words & names


# --- the medical word list ---------------------------------------------------------------------------

def test_medical_word_list_is_well_formed():
    lines = (VOCABULARY / "medical.txt").read_text(encoding="utf-8").splitlines()
    words = [w for w in lines if w and not w.startswith("#")]
    assert len(words) > 1000
    assert words == sorted(words, key=lambda w: (w.lower(), w)), "keep the list sorted"
    assert len({w.lower() for w in words}) == len(words), "duplicates"
    for w in words:
        assert re.fullmatch(r"[A-Za-z][a-z'\-]*[a-z]", w), f"not a word: {w!r}"


def test_medical_word_list_has_no_known_misspellings():
    lines = (VOCABULARY / "medical.txt").read_text(encoding="utf-8").splitlines()
    words = {w for w in lines if w and not w.startswith("#")}
    pack = yaml.safe_load((default_pack_path() / "typos.yaml").read_text(encoding="utf-8"))
    typo_rule = next(r for r in pack["rules"] if r["id"] == "typo")
    misspellings = {k.lower() for k in typo_rule["options"]["misspellings"]}
    assert not words & misspellings
    # codespell's list of common misspellings (installed by the `test` extra)
    codespell = pytest.importorskip("codespell_lib")
    data = Path(codespell.__file__).parent / "data"
    known_wrong = set()
    for f in data.glob("dictionary*.txt"):
        known_wrong |= {line.split("->", 1)[0].strip().lower() for line in f.read_text(encoding="utf-8").splitlines()}
    # brand names that double as misspellings are capitalized, so they match only as brands
    assert not {w for w in words if w.islower()} & known_wrong, sorted(words & known_wrong)


def test_scowl_list_ships_with_its_licence():
    assert (VOCABULARY / "english-scowl-70.COPYRIGHT.txt").is_file()
    words = gzip.decompress((VOCABULARY / "english-scowl-70.txt.gz").read_bytes()).decode("utf-8").split("\n")
    assert "sacroiliac" in words and "couldnt" not in words


# --- --fix (the machinery is issue 8's fix.py; this checks the typo rules' fixes through it) -------

def _has_fix_option() -> bool:
    from healthlint.cli import check

    return any(p.name == "fix" for p in check.params)


@pytest.mark.skipif(not _has_fix_option(), reason="this build has no --fix")
def test_fix_applies_only_clear_corrections_and_is_idempotent(cli, write):
    body = ("My lefy hip was sore after skating alot, and i couldnt walk.\n"
            "Press on the the sore spot. You could of rested.\n"
            "Take fome water; the scan showed a (Laberal tear). Make it easy to for joints.\n")
    path = write("a.md", f"# Title\n\n{body}\n{DISCLAIMER}\n")
    cli("check", "--fix", "a.md")
    fixed = path.read_text(encoding="utf-8")
    assert "My left hip was sore after skating a lot, and I couldn't walk." in fixed
    assert "Press on the sore spot. You could have rested." in fixed
    # ambiguous or unsafe: left for the editor
    assert "fome" in fixed and "Laberal" in fixed and "easy to for joints" in fixed
    cli("check", "--fix", "a.md")
    assert path.read_text(encoding="utf-8") == fixed


def test_dictionary_cache_is_written_used_and_survives_corruption(tmp_path, monkeypatch):
    import subprocess
    import sys

    env = {**__import__("os").environ, "HEALTHLINT_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    script = ("from healthlint import lint_text\n"
              "print(sorted(d.suggestion for d in lint_text('# T\\n\\nMy lefy sacroiliac joint.\\n', select=['HL501'])))\n")
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert any(n.startswith("english-") for n in cached) and any(n.startswith("words-") for n in cached)
    for p in (tmp_path / "cache").iterdir():
        p.write_bytes(b"not a pickle")
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == again.stdout == "['left']\n"


def test_repeated_word_options_in_config(cli, write):
    # a publisher allows "bye bye"-style doublings of their own; a bare YAML `no` is a clear error
    write(".healthlint.yaml", "rules:\n  repeated-word:\n    options:\n      allowed: [the]\n")
    write("a.md", f"# Title\n\nPress on the the spot, then rest rest.\n\n{DISCLAIMER}\n")
    run = cli("check", "--format", "json", "--select", "repeated-word", "a.md")
    assert [d["message"] for d in run.json()] == ["Repeated word \u201crest rest\u201d"]
    write(".healthlint.yaml", "rules:\n  repeated-word:\n    options:\n      allowed: [no]\n")
    run = cli("check", "a.md")
    assert run.code == 2 and "quote yes, no" in run.err


def test_pattern_requires_skips_blocks_without_the_text(cli, write):
    write("house.yaml", "rules:\n  - id: no-utilise\n    code: HL951\n    family: typo\n    kind: pattern\n"
                        "    severity: warning\n    message: avoid\n    options:\n      patterns:\n"
                        "        - pattern: 'util\\w+'\n          requires: [util]\n")
    write(".healthlint.yaml", "packs: [house.yaml]\n")
    write("a.md", f"# Title\n\nWe utilise tools. Nothing here.\n\n{DISCLAIMER}\n")
    run = cli("check", "--format", "json", "--select", "HL951", "a.md")
    assert [d["line"] for d in run.json()] == [3]


def test_repeated_word_allowed_after_accepts_one_word_as_text(tmp_path):
    """`allowed_after: {is: what}` means the word "what", not the letters w, h, a, t."""
    from healthlint import lint_text
    from healthlint.config import load_config

    (tmp_path / "c.yaml").write_text("rules:\n  repeated-word:\n    options:\n      allowed_after: {is: what}\n")
    config = load_config(tmp_path / "c.yaml")
    flagged = lint_text("Such a dog is is rare.\n", config=config, select=["repeated-word"])
    allowed = lint_text("What it is is a sprain.\n", config=config, select=["repeated-word"])
    assert [d.rule for d in flagged] == ["repeated-word"]
    assert allowed == []


def test_typo_inside_emphasis_is_located_and_fixable():
    """The span ends at the word, not at the closing '*', so the fix applies."""
    from healthlint import lint_text

    [d] = lint_text("My *lefy* hip hurts after running.\n", select=["typo"])
    line = "My *lefy* hip hurts after running."
    assert line[d.column - 1:d.end_column - 1] == "lefy"
    assert d.fix is not None and d.fix.replacement == "left"


def _typos(text: str) -> list[str]:
    """The words HL501 reports in `text`."""
    return [d.snippet for d in lint_text(text) if d.code == "HL501"]


@pytest.mark.parametrize("text", [
    "Iso-osmolar fluids were discussed at the ob-gyn visit.",  # a prefix, an abbreviation
    "Delete the wpa-psk line, then flash it with dfu-util.",  # a setting, a tool
    "Steri-strips close the cut.",  # a brand's stem
    "Smoke gets its smell from 2-methoxyphenol and oxazolidine-2-thione.",  # chemical names with locants
])
def test_short_parts_of_compounds_and_chemical_names_are_not_typos(text):
    assert _typos(text + "\n") == []


def test_a_misspelled_long_part_of_a_compound_is_still_a_typo():
    # near misses: a long part, or a short part that is a known slip, is checked as a word
    assert _typos("The slow-absorbng carbs raise sugar later.\n") == ["absorbng"]
    assert _typos("They follow thier-own plan.\n") == ["thier"]


def test_a_capitalized_name_in_the_text_of_a_link_to_another_site_is_not_a_typo():
    linked = "See the [Rerii 90 Degree USB Extension Cable](https://www.example.com/gp/product/B00) for a better signal.\n"
    assert _typos(linked) == []
    # near misses: the same word outside a link, or in a link to the site's own page, is checked
    assert _typos("The Rerii cable helps.\n") == ["Rerii"]
    own = "See the [Rerii 90 Degree USB Extension Cable](/products/cable) for a better signal.\n"
    assert _typos(own) == ["Rerii"]


def test_an_acronym_written_in_title_case_in_a_heading_is_not_a_typo():
    assert _typos("# How Pfas Affect Your Liver\n\nPFAS are chemicals found in many products.\n") == []
    # near miss: the same word in a draft that never writes the acronym is checked
    assert _typos("# How Pfas Affect Your Liver\n\nThese chemicals are found in many products.\n") == ["Pfas"]


def test_a_capitalized_word_set_in_italics_is_a_scientific_or_foreign_name():
    assert _typos("Coffee comes from a shrub. _Coffea_ plants grow in the tropics.\n") == []
    assert _typos("Coffee comes from a shrub. *Coffea* plants grow in the tropics.\n") == []
    # near misses: the same word in plain text or in bold is checked
    assert _typos("Coffee comes from a shrub. Coffea plants grow in the tropics.\n") == ["Coffea"]
    assert _typos("Coffee comes from a shrub. **Coffea** plants grow in the tropics.\n") == ["Coffea"]


def test_brands_listed_in_parentheses_and_eponyms_before_body_disease_are_names():
    assert _typos("Doctors may offer estradiol vaginal rings (Estring, Femring) for dryness.\n") == []
    assert _typos("* Lafora body disease\n") == []
    # near misses: the same name inside a phrase in parentheses, or with no disease named after it
    assert _typos("Doctors may offer vaginal rings (the Estring kind) for dryness.\n") == ["Estring"]
    assert _typos("* Lafora body\n") == ["Lafora"]


def test_a_combining_form_before_its_hyphen_is_not_a_typo():
    assert _typos("The pharmaco-centric model failed.\n") == []
    # near misses: the form standing alone, and a misspelled word after the hyphen, are checked
    assert _typos("A pharmaco model failed.\n") == ["pharmaco"]
    assert _typos("The pharmaco-centrik model failed.\n") == ["centrik"]


def test_a_verb_made_back_from_a_known_noun_is_a_word():
    assert _typos("Periodize your training with easy and hard weeks.\n") == []
    # near miss: a slip of a verb with no such noun behind it is still a typo
    assert _typos("Please organze the notes.\n") == ["organze"]
