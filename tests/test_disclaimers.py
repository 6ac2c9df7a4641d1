"""missing-disclaimer (HL301), missing-exercise-disclaimer (HL302), missing-supplement-disclaimer
(HL303) and the opt-in sponsor-disclosure (HL315): accepted rewordings, triggers, front matter,
position, and what the message says."""
from __future__ import annotations

import pytest

from healthlint import lint_text
from healthlint.config import load_config

BODY = "# Sore shoulders\n\nShoulder stiffness often eases with gentle movement and time.\n\n"
EXERCISE = "Lie on your back with your arms at your sides. Hold the stretch for 20 seconds, then repeat on the other side.\n\n"
SUPPLEMENT = "Our glucosamine capsules support healthy joints. Take two capsules daily with meals.\n\n"
FDA = ("These statements have not been evaluated by the Food and Drug Administration. This product is not "
       "intended to diagnose, treat, cure, or prevent any disease.")


def rules(text, select=("HL3",), config=None, format="markdown"):
    return [d.rule for d in lint_text(text, format=format, select=list(select), config=config)]


# --- HL301 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("wording", [
    "This article is for informational purposes only and is not a substitute for professional medical advice, diagnosis, or treatment.",
    "The content here is not intended to be a substitute for professional medical advice, diagnosis or treatment.",
    "Nothing on this page should be used as a substitute for medical advice from your own physician.",
    "This guide isn't meant as a replacement for professional medical care.",
    "We do not provide medical advice; always seek the advice of your physician with any questions about a medical condition.",
    "For informational and educational purposes only.",
    "This information does not replace the advice of your doctor.",
    "Not a substitute for medical advice -- talk to your clinician.",
    "This post is for information only, and is no substitute for professional medical advice or diagnosis or treatment!",
    "Never disregard professional medical advice, or delay seeking it, because of something you read here.",
])
def test_reworded_medical_disclaimers_are_accepted(wording):
    assert "missing-disclaimer" not in rules(BODY + wording + "\n")


@pytest.mark.parametrize("near_miss", [
    "Talk to your doctor before you start these exercises.",  # an exercise line, not a general disclaimer
    FDA,  # the supplement statement is not a medical disclaimer either
    "Medical advice can be confusing, so we keep things simple.",
    "Our physical therapists give professional advice in the clinic.",
])
def test_other_lines_do_not_count_as_a_medical_disclaimer(near_miss):
    assert "missing-disclaimer" in rules(BODY + near_miss + "\n")


def test_canonical_wordings_match_loosely(tmp_path):
    """With no regular expressions at all, a canonical wording still matches its small variations
    (punctuation, a word changed or dropped) but not a paragraph that merely shares some words."""
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text(
        "rules:\n  missing-disclaimer:\n    options:\n      wordings: []\n      canonical:\n"
        "        - 'This article is not a substitute for professional medical advice, diagnosis, or treatment.'\n",
        encoding="utf-8")
    config = load_config(str(cfg))
    for variant in ["This article is not a substitute for professional medical advice, diagnosis or treatment",
                    "THIS ARTICLE IS NOT A SUBSTITUTE FOR PROFESSIONAL MEDICAL ADVICE; DIAGNOSIS; OR TREATMENT!",
                    "This post is not a substitute for professional medical advice, diagnosis, or treatment.",
                    "Note: this article is not a substitute for professional medical advice or treatment."]:
        assert "missing-disclaimer" not in rules(BODY + variant + "\n", config=config), variant
    for other in ["Professional advice on medical treatment is available in this article.",
                  "This article is about diagnosis and treatment of shoulder pain."]:
        assert "missing-disclaimer" in rules(BODY + other + "\n", config=config), other


def test_medical_disclaimer_message_and_location():
    [d] = [d for d in lint_text(BODY, select=["missing-disclaimer"]) if d.rule == "missing-disclaimer"]
    assert (d.line, d.column, d.code, d.severity) == (1, 1, "HL301", "error")
    assert "Medical disclaimer is missing" in d.message and "every article" in d.message
    assert d.suggestion and "not a substitute" in d.suggestion


def test_front_matter_satisfies_or_waives():
    assert "missing-disclaimer" not in rules("---\ndisclaimer: medical\n---\n" + BODY)
    assert "missing-disclaimer" not in rules("---\ndisclaimer: none\n---\n" + BODY)
    assert "missing-disclaimer" in rules("---\ndisclaimer: other\n---\n" + BODY)


def test_a_publisher_can_accept_a_reviewer_key_and_require_the_end(tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text(
        "rules:\n  missing-disclaimer:\n    options:\n      position: end\n      end_blocks: 1\n"
        "      metadata: {medically_reviewed_by: '*'}\n", encoding="utf-8")
    config = load_config(str(cfg))
    disclaimer = "This article is not a substitute for professional medical advice.\n\n"
    assert "missing-disclaimer" not in rules(BODY + disclaimer, config=config)
    assert "missing-disclaimer" not in rules("---\nmedically_reviewed_by: Lee Park, MD\n---\n" + BODY, config=config)
    found = [d for d in lint_text(disclaimer + BODY, config=config, select=["missing-disclaimer"])
             if d.rule == "missing-disclaimer"]
    assert len(found) == 1 and "end of the draft" in found[0].message


# --- HL302 --------------------------------------------------------------------------------------

DISCLAIMER = "This article is not a substitute for professional medical advice, diagnosis, or treatment.\n"


@pytest.mark.parametrize("instruction", [
    "Hold this stretch for 15 to 30 seconds.",
    "Do 10 reps total.",
    "Work up to 3 sets of 12.",
    "March in place for 2 minutes, then rest for 30 seconds between rounds.",
    "Lie on your back and hug one knee to your chest.",
    "Stretch your calves against a wall for 30 seconds.",
])
def test_exercise_instructions_require_the_exercise_line(instruction):
    found = [d for d in lint_text(BODY + instruction + "\n\n" + DISCLAIMER, select=["missing-exercise-disclaimer"])
             if d.rule == "missing-exercise-disclaimer"]
    assert len(found) == 1
    d = found[0]
    assert d.code == "HL302" and d.line == 5
    assert "Exercise-safety disclaimer is missing" in d.message and "at line 5" in d.message


@pytest.mark.parametrize("wording", [
    "Check with your doctor before starting any new exercise program.",
    "Talk to your physical therapist before you begin these stretches.",
    "Before starting this routine, get the okay from your health care provider.",
    "Consult a qualified health professional first if you have a heart condition.",
    "If these appear, stop the exercises and consult a spine specialist.",
    "If a stretch causes pain, stop and see your physiotherapist.",
])
def test_exercise_disclaimer_rewordings(wording):
    assert "missing-exercise-disclaimer" not in rules(BODY + EXERCISE + wording + "\n\n" + DISCLAIMER)


@pytest.mark.parametrize("advice", [
    "Regular activity is good for the heart. Walking is a popular choice.",
    # general advice with no how-to (no position, duration or count) is not an instruction
    "Stretch your hip flexors every morning before work.",
    "A structured exercise program is a first-line treatment for knee arthritis.",
])
def test_no_exercise_instructions_no_exercise_disclaimer(advice):
    assert rules(BODY + advice + "\n\n" + DISCLAIMER) == []


# --- HL303 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("promotion", [
    "Our glucosamine capsules support healthy joints.",
    "Each softgel provides 1,000 IU of vitamin D3.",
    "Take 2 gummies a day with food.",
    "Order three bottles of our joint capsules today and use code JOINT10 at checkout.",
])
def test_supplement_promotion_requires_the_fda_statement(promotion):
    found = [d for d in lint_text(BODY + promotion + "\n\n" + DISCLAIMER, select=["missing-supplement-disclaimer"])
             if d.rule == "missing-supplement-disclaimer"]
    assert len(found) == 1 and found[0].code == "HL303" and found[0].severity == "error"
    assert "FDA supplement statement is missing" in found[0].message and "line 5" in found[0].message


@pytest.mark.parametrize("statement", [
    FDA,
    FDA.replace("These statements have", "This statement has"),
    FDA.replace("the Food and Drug Administration", "the FDA"),
    "*These statements have not been evaluated by the Food & Drug Administration. This product is not intended to diagnose, treat, cure or prevent any disease.",
    "THESE STATEMENTS HAVE NOT BEEN EVALUATED BY THE FOOD AND DRUG ADMINISTRATION. THIS PRODUCT IS NOT INTENDED TO DIAGNOSE, TREAT, CURE, OR PREVENT ANY DISEASE.",
])
def test_fda_statement_variants_are_accepted(statement):
    assert "missing-supplement-disclaimer" not in rules(BODY + SUPPLEMENT + DISCLAIMER + "\n" + statement + "\n")


def test_mentioning_supplements_is_not_promoting_them():
    text = BODY + "Some people take dietary supplements; ask your doctor whether you need one.\n\n" + DISCLAIMER
    assert "missing-supplement-disclaimer" not in rules(text)


def test_front_matter_type_triggers_the_fda_statement():
    found = [d for d in lint_text("---\ntype: supplement\n---\n" + BODY + DISCLAIMER, select=["HL303"])]
    assert len(found) == 1 and "type: supplement" in found[0].message


def test_html_and_text_drafts_too():
    html = f"<h1>Joints</h1><p>{SUPPLEMENT.strip()}</p><p>{DISCLAIMER.strip()}</p>"
    assert rules(html, format="html") == ["missing-supplement-disclaimer"]
    text = "Joints\n\n" + SUPPLEMENT + DISCLAIMER + "\n" + FDA + "\n"
    assert rules(text, format="text") == []


# --- HL315 (opt-in) ----------------------------------------------------------------------------

def test_sponsor_disclosure_is_opt_in():
    text = "---\nsponsored: true\n---\n" + BODY + DISCLAIMER
    assert "sponsor-disclosure" not in [d.rule for d in lint_text(text)]
    [d] = lint_text(text, select=["sponsor-disclosure"])
    assert d.code == "HL315" and "sponsored: true" in d.message
    disclosed = text + "\nThis article is sponsored by Acme Braces; the sponsor had no editorial role.\n"
    assert lint_text(disclosed, select=["sponsor-disclosure"]) == []
    assert lint_text(BODY + DISCLAIMER, select=["sponsor-disclosure"]) == []


def test_cli_reports_document_level_findings(cli, write):
    write("a.md", BODY + EXERCISE)
    run = cli("check", "--select", "HL3", "--format", "json", "a.md")
    assert run.code == 1
    data = run.json()
    found = data if isinstance(data, list) else data["diagnostics"]
    assert sorted(f["code"] for f in found) == ["HL301", "HL302"]


# Sentences written for these tests (not taken from the labeled set).
HELD_OUT_HB = "# Title\n\nSome plain text about joints and sleep.\n\n"
MED_YES = [
 "Disclaimer: The information provided is not medical advice.",
 "This content is educational and should not replace a visit to your health care provider.",
 "The views here are for general information and are not a substitute for advice from your GP.",
 "Information on this site is not intended to diagnose or treat any condition; see a doctor for medical advice.",
 "Always talk to a qualified clinician about your own health; this article is general information, not medical advice.",
]
MED_NO = [
 "Ask your pharmacist about side effects.",
 "We review every article for accuracy.",
 "For more information, visit our sleep hub.",
 "Medical advice changes as research evolves.",
 "This product is not intended to diagnose, treat, cure, or prevent any disease.",
]
EX_TRIGGERS = [
 "Do 15 squats, rest a minute, and do another round.",
 "Bend forward slowly from the hips and hold for 20 seconds.",
 "Perform 2 rounds of this circuit three times a week.",
 "Bring your knee to your chest and breathe deeply for 5 breaths.",
 "Start each session with a 5-minute warm-up, then do 3 sets of 10 lunges.",
]
EX_NO = [
 "Exercise is good for the heart.",
 "Physical therapists can design a program for you.",
 "Hold the railing on the stairs.",
 "Adults need 150 minutes of activity a week.",
 "Rest your voice for 2 days after surgery.",
]
SUP_TRIGGERS = [
 "ZenSleep gummies promote restful sleep. Chew 2 gummies before bed.",
 "Each scoop of our protein powder delivers 25 grams of protein.",
 "Get 20% off your first bottle of JointEase capsules today.",
 "Our probiotic supports a healthy gut with 10 billion CFU per capsule.",
 "VitaGlow capsules boost your energy naturally.",
]
SUP_NO = [
 "Some people take melatonin for jet lag; talk to your doctor first.",
 "Iron supplements can cause constipation.",
 "Vitamin D is made in the skin when exposed to sunlight.",
 "Ask your doctor whether you need a calcium supplement.",
 "Fish is a good source of omega-3 fats.",
]


def _has(text, rule):
    return any(d.rule == rule for d in lint_text(text, select=["HL3"]))


@pytest.mark.parametrize("wording", MED_YES)
def test_held_out_medical_disclaimers(wording):
    assert not _has(HELD_OUT_HB + wording + "\n", "missing-disclaimer")


@pytest.mark.parametrize("wording", MED_NO)
def test_held_out_non_disclaimers(wording):
    assert _has(HELD_OUT_HB + wording + "\n", "missing-disclaimer")


@pytest.mark.parametrize("text, rule, expected", [
    *[(t, "missing-exercise-disclaimer", True) for t in EX_TRIGGERS],
    *[(t, "missing-exercise-disclaimer", False) for t in EX_NO],
    *[(t, "missing-supplement-disclaimer", True) for t in SUP_TRIGGERS],
    *[(t, "missing-supplement-disclaimer", False) for t in SUP_NO],
])
def test_held_out_triggers(text, rule, expected):
    assert _has(HELD_OUT_HB + text + "\n\n" + DISCLAIMER, rule) is expected


def test_a_page_with_no_health_words_needs_no_medical_disclaimer():
    how_to = ("# Flash the rig\n\nPlug the board into the computer, run the flash script and wait for the "
              "green light. Then log in over the serial console and set the Wi-Fi password.\n\n"
              "If the script stops with an error, unplug the board, wait ten seconds and start again from the "
              "first step. Keep the laptop on mains power: a flash that runs out of battery leaves the board "
              "half written, and the recovery mode then needs a second cable.\n")
    assert "missing-disclaimer" not in rules(how_to)
    # near miss: the same length of text giving health advice
    advice = ("# Ease a sore back\n\nRest for a day, then walk a little more each morning. See a doctor if the "
              "pain spreads down a leg or you have a fever.\n\nA warm shower before the walk loosens things up, and "
              "a firm chair with a cushion behind the lower back makes the working day easier while it settles. "
              "Most people are back to normal within two weeks.\n")
    # a draft too short to tell still needs it
    assert "missing-disclaimer" in rules("# Colds\n\nRest and fluids help.\n")
    assert "missing-disclaimer" in rules(advice)


def test_a_prescription_dose_or_a_days_supply_is_no_supplement_pitch():
    rx = ("# Peptide pricing\n\nThe compounded peptide comes as 600 mcg per dose, and the pharmacy ships a "
          "90-day supply.\n\nThis article is not a substitute for professional medical advice.\n")
    assert "missing-supplement-disclaimer" not in rules(rx)
    pitch = ("# Our magnesium\n\nOur magnesium capsules give 200 mg per capsule. Take two capsules a day.\n\n"
             "This article is not a substitute for professional medical advice.\n")
    assert "missing-supplement-disclaimer" in rules(pitch)


def test_stopping_without_a_referral_is_no_exercise_line():
    assert "missing-exercise-disclaimer" in rules(BODY + EXERCISE + "Stop the exercises when you get tired.\n\n" + DISCLAIMER)
