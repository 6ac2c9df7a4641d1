"""The spelling rule's confidence model: a word is a typo when a much more frequent word is an
edit or two away, or when it is a known misspelling; otherwise it is a term, a name or a
foreign word, and is not reported. Each case has a slip that must be flagged and a near miss."""
from __future__ import annotations

import pytest

from healthlint import Config, lint_paths, lint_text
from healthlint.config import validate_config

from .conftest import DISCLAIMER, clean_draft


def flagged(sentence: str, config: Config | None = None) -> list[str]:
    return [d.snippet for d in lint_text(clean_draft(sentence), config=config) if d.rule == "typo"]


@pytest.mark.parametrize("slip, near_miss", [
    ("Whey protien helps after a workout.", "Bacterial vaginosis needs treatment."),  # both rare on the web
    ("Rest the knee for a few dayss.", "The seroma drained after surgery."),
    ("It takes time before you feel a difrence.", "A goji berry smoothie is popular."),
])
def test_a_slip_near_a_much_more_frequent_word_and_a_rare_real_word(slip, near_miss):
    assert flagged(slip), slip
    assert flagged(near_miss) == []


def test_a_known_misspelling_is_flagged_whatever_its_frequency_or_case():
    assert flagged("The pain will dissapear in a week.") == ["dissapear"]
    assert flagged("Noticable changes come later.") == ["Noticable"]


def test_an_unknown_word_with_no_close_word_is_a_term():
    assert flagged("Photobiomodulation uses red light.") == []
    config = validate_config({"rules": {"typo": {"options": {"unattested": "info"}}}})
    found = [d for d in lint_text(clean_draft("Photobiomodulation uses red light."), config=config) if d.rule == "typo"]
    assert [(d.snippet, d.severity) for d in found] == [("Photobiomodulation", "info")]


def test_transliterations_and_other_scripts_are_not_typos():
    assert flagged("In Chinese medicine the liver (gān) stores blood, as the 黄帝内经 says.") == []
    assert flagged("The gan stores blood and the liverr too.") == ["liverr"]  # near miss: an English slip


def test_a_contraction_without_its_apostrophe():
    assert flagged("Opioids arnt helpful over the long haul.") == ["arnt"]
    assert flagged("Opioids aren't helpful over the long haul.") == []
    assert flagged("Give 4 mg IM or IV every six hours.") == []  # an abbreviation in capitals
    assert flagged("im not sure the dose is right.") == ["im"]


def test_two_words_run_together_but_not_a_closed_compound():
    assert flagged("Consider thesolution carefully.") == ["thesolution"]
    assert flagged("Exercise is upregulating the enzyme.") == []


def test_a_misspelled_medical_word_built_from_parts():
    assert flagged("The dermatoscpe showed a mole.") == ["dermatoscpe"]
    assert flagged("The dermatoscope showed a mole.") == []


def _library(tmp_path, word: str, drafts: int, per_draft: int = 1):
    for i in range(4):
        body = " ".join([f"Our {word} programme helps knees."] * per_draft) if i < drafts else "Walking helps knees."
        (tmp_path / f"d{i}.md").write_text(f"# Draft {i}\n\n{body}\n\n{DISCLAIMER}\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["typo"])
    return sorted({d.path.rsplit("/", 1)[-1] for d in result.diagnostics if d.snippet.lower() == word.lower()})


def test_a_word_several_drafts_use_is_the_librarys_term(tmp_path):
    assert _library(tmp_path, "kneex", drafts=3) == []  # one edit from "knees", but a brand 3 drafts use
    assert _library(tmp_path, "kneex", drafts=2) == ["d0.md", "d1.md"]


def test_a_known_misspelling_is_never_learned(tmp_path):
    assert _library(tmp_path, "excercise", drafts=3) == ["d0.md", "d1.md", "d2.md"]


def test_a_word_a_draft_repeats_is_its_term(tmp_path):
    assert _library(tmp_path, "kneex", drafts=1, per_draft=5) == []
    assert _library(tmp_path, "kneex", drafts=1, per_draft=2) == ["d0.md"]


def test_language_variants():
    text = "The colour of the centre, and the discolouration of the skin."
    assert flagged(text) == []  # language: en accepts both
    us = validate_config({"language": "en-US", "rules": {"typo": {"options": {"other_variant": "info"}}}})
    found = [d for d in lint_text(clean_draft(text), config=us) if d.rule == "typo"]
    assert [(d.snippet, d.suggestion, d.severity) for d in found] == [
        ("colour", "color", "info"), ("centre", "center", "info"), ("discolouration", "discoloration", "info")]
    gb = validate_config({"language": "en-GB", "rules": {"typo": {"options": {"other_variant": "warning"}}}})
    found = [d for d in lint_text(clean_draft("The color of the center is gray."), config=gb) if d.rule == "typo"]
    assert [(d.snippet, d.suggestion) for d in found] == [("color", "colour"), ("center", "centre")]
    assert [d for d in lint_text(clean_draft(text), config=gb) if d.rule == "typo"] == []


def test_language_is_validated():
    with pytest.raises(Exception, match="'language' must be one of"):
        validate_config({"language": "en-NZ"})


@pytest.mark.parametrize("term, slip", [
    ("The radiculopathic pain eased.", "The dizzyness eased."),  # a derivation, and a y kept before -ness
    ("The deprivational amblyopia improved.", "The rehabilition improved."),
    ("The cableless monitor and an undetectably small leak.", "The strucutures leaked."),
    ("An atraumatic needle was used.", "An atraumatc needle was used."),
])
def test_a_known_word_with_a_derivational_ending_is_a_word(term, slip):
    assert flagged(term) == []
    assert flagged(slip), slip


def test_a_brand_after_its_generic_in_a_table_or_list():
    table = ("| generic and brands | dose |\n|---|---|\n"
             "| omeprazole Losec , generics | 20 mg daily |\n"
             "| naratriptan [c] Amerge , generics | 1 mg |\n"
             "| clofedanol (chlophedianol) Ulone | 25 mg |\n")
    assert flagged(table) == []
    # near miss: a capitalized slip after an everyday word is still a slip
    assert flagged("| advice | dose |\n|---|---|\n| take it daily Regulary | 20 mg |\n") == ["Regulary"]


def test_the_latin_half_of_a_conditions_name():
    assert flagged("Rhinitis medicamentosa and hallux limitus both respond.") == []
    assert flagged("A fasting plasma glocose of 7.0 is high.") == ["glocose"]  # an everyday noun before it


def test_file_names_and_words_completed_in_parentheses():
    assert flagged("Edit the xdrip.ini file, then cancel any Temp(orary) targets.") == []
    assert flagged("Edit the xdrip file, then cancel any orary targets.") != []


def test_unknown_words_beside_code_or_in_identifiers_are_not_slips():
    assert flagged("Run `sudo dmesg` and check that lsusb lists the radio.") == []
    assert flagged("Delete the mmtune_old.json file first.") == []
    # near misses: prose with no code, and a known slip beside code
    assert flagged("Check that lsusb lists the radio.") == ["lsusb"]
    assert flagged("Run `ls` to recieve the list.") == ["recieve"]


def test_a_clipped_form_of_a_word_the_draft_writes_is_an_abbreviation():
    assert flagged("Tirzepatide costs more: $199/mo for tirz, $133/mo for sema with semaglutide.") == []
    # near miss: a truncation keeps most of the word, and is a slip even beside the full word
    assert flagged("Keep the default dose; the defaul dose is fine.") == ["defaul"]
    assert flagged("Strain your urin and note any pain on urination.") == ["urin"]
