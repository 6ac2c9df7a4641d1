"""Every family recognizes wordings it was never shown, and leaves lookalikes alone. Each case
is written here (no corpus text): a draft that must be flagged and a near miss that must not."""
from __future__ import annotations

import pytest

from healthlint import Config, lint_paths, lint_text
from healthlint.config import validate_config

from .conftest import DISCLAIMER

BODY = "# Knee pain\n\nRest and ice help a sore knee settle over a few days.\n\n"


def codes(text: str, select: list[str], config: Config | None = None) -> list[str]:
    return [d.code for d in lint_text(text, select=select, config=config)]


# --- disclaimers: a meaning, recognized whatever the wording --------------------------------------

@pytest.mark.parametrize("wording", [
    "Nothing here should be used to diagnose or treat a health problem; talk to your pharmacist.",
    "This guide does not replace a consultation with a qualified healthcare professional.",
    "The material on this page is general education and never personal medical advice.",
    "I am not a doctor, and what follows is my own experience.",
    "Disclaimer: every body is different. Speak with your GP before changing your treatment.",
    "Our nutrition coaching is educational. For medical concerns, please consult your physician.",
    "Always check with your care team before making any medical decisions.",
])
def test_everyday_disclaimer_wordings_satisfy_hl301(wording):
    assert codes(BODY + wording + "\n", ["HL301"]) == []


@pytest.mark.parametrize("lookalike", [
    "It is not, however, a specific diagnosis.",  # a sentence about the condition
    "Your doctor may not recommend surgery for a mild sprain.",  # advice, not a limitation of the page
    "There is no cure for ataxia. Talk to your doctor about treatment options.",
    "See a doctor if the knee locks or gives way.",
])
def test_lookalikes_are_not_disclaimers(lookalike):
    assert codes(BODY + lookalike + "\n", ["HL301"]) == ["HL301"]


def test_required_texts_are_never_template_text_or_duplicates(tmp_path):
    disclaimer = ("The information on this website is for general education only and is not a substitute for "
                  "the advice of your own doctor or pharmacist.")
    for i in range(6):
        (tmp_path / f"d{i}.md").write_text(f"# Draft {i}\n\nTopic number {i} is discussed here in its own words.\n\n"
                                           f"{disclaimer}\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["HL101", "HL102", "HL402", "HL401"])
    assert result.diagnostics == []
    # near miss: an ordinary paragraph repeated in six drafts is template text
    for i in range(6):
        (tmp_path / f"d{i}.md").write_text(f"# Draft {i}\n\nTopic {i}.\n\nFollow our clinic on social media for weekly "
                                           "stretching tips and seasonal opening hours.\n\n" + DISCLAIMER + "\n",
                                           encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["HL402"])
    assert len(result.diagnostics) == 6


def test_an_affiliate_disclosure_is_required_text_even_with_its_rule_off(tmp_path):
    disclosure = ("This post contains affiliate links. If you buy through them we may earn a small commission, "
                  "at no extra cost to you.")
    for i in range(6):
        (tmp_path / f"r{i}.md").write_text(f"# Review {i}\n\n{disclosure}\n\nRoller number {i} is firm, light and "
                                           f"easy to clean after use.\n\n{DISCLAIMER}\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["HL101", "HL402", "HL401"])
    assert result.diagnostics == []
    # a publisher who says it is not required text gets it reported as any repeated ad
    off = validate_config({"rules": {"affiliate-disclosure": {"options": {"required_text": False}}}}, root=str(tmp_path))
    assert len(lint_paths([str(tmp_path)], config=off, select=["HL402", "HL401"]).diagnostics) == 6
    # near miss: a shop's promotion repeated in six reviews is chrome and template text
    for i in range(6):
        (tmp_path / f"r{i}.md").write_text(f"# Review {i}\n\nShop now: 20% off every roller with code ROLL20, free "
                                           f"shipping on orders over $50.\n\nRoller number {i} is firm, light and "
                                           f"easy to clean after use.\n\n{DISCLAIMER}\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["HL101", "HL402", "HL401"])
    assert {d.code for d in result.diagnostics} == {"HL401"} and len(result.diagnostics) == 6


def test_fda_statement_follows_the_region_and_the_drafts_regulator():
    draft = "# Joint capsules\n\nOur turmeric capsules support healthy joints. Take two capsules daily.\n"
    assert codes(draft, ["HL303"]) == ["HL303"]
    assert codes(draft, ["HL303"], validate_config({"region": "CA"})) == []
    assert codes(draft + "\nAuthorized for sale by Health Canada (NPN 80012345).\n", ["HL303"]) == []
    assert codes(draft, ["HL303"], validate_config({"region": "US"})) == ["HL303"]


def test_fda_statement_is_not_asked_of_foods_devices_or_prescription_drugs():
    assert codes("# Greens\n\nCruciferous vegetables support healthy estrogen metabolism.\n", ["HL303"]) == []
    assert codes("# Bottle\n\nOrder three water bottles today and get free shipping.\n", ["HL303"]) == []
    rx = ("# Weight care\n\nGet 20% off your first month. Your prescription is reviewed by a physician, and the "
          "pharmacy ships semaglutide injections. Prescription medication requires a consultation.\n")
    assert codes(rx, ["HL303"]) == []


def test_exercise_instructions_in_quoted_speech_ask_for_no_disclaimer():
    quoted = '# Story\n\nMy coach used to shout, "Hold the plank for 30 seconds!" and we laughed.\n'
    assert codes(quoted, ["HL302"]) == []
    assert codes("# Plank\n\nHold the plank for 30 seconds, then rest.\n", ["HL302"]) == ["HL302"]


def test_a_single_movement_cue_is_no_exercise_programme():
    cue = "# Morning skincare\n\nApply the serum, then drop your shoulders and relax your jaw while it sinks in.\n"
    assert codes(cue, ["HL302"]) == []
    # near miss: the movement with a hold is an exercise instruction
    stretch = "# Hip flexor stretch\n\nBring your knee towards your chest and hold for 30 seconds.\n"
    assert codes(stretch, ["HL302"]) == ["HL302"]


def test_exercise_safety_lines_worded_freely():
    for line in ("Stop if it hurts, and see your physiotherapist.",
                 "Unsure whether this suits you? Consult a qualified fitness professional first."):
        assert codes("# Plank\n\nHold the plank for 30 seconds, then rest.\n\n" + line + "\n", ["HL302"]) == []


# --- boilerplate: chrome by form as well as words -------------------------------------------------

@pytest.mark.parametrize("chrome", [
    "Reply from Marta, 12 March 2024: I tried this and my knee felt better the next day!",
    "Hi, I'm Dana! I started this blog after my own knee surgery in 2019.",
    "Download our app on the App Store or Google Play.",
    "This website stores cookies on your computer to improve your browsing experience.",
    "Page last updated: 4 May 2024. Next review due: May 2027.",
    "(word count 464)",
    "Book Online Now",
    "Mon: 9am - 5pm",
    "See all 120+ reviews",
])
def test_chrome_worded_unlike_the_pack_is_caught(chrome):
    text = BODY + "Ice for twenty minutes at a time helps the swelling go down.\n\n" + chrome + "\n\n" + \
        "Most sprains heal within two to six weeks with rest.\n\n" + DISCLAIMER + "\n"
    assert "HL401" in codes(text, ["HL401"]), chrome


@pytest.mark.parametrize("content", [
    # a clinic's treatment paragraph that mentions collecting information
    "At your first visit the physiotherapist reviews the information we collect about your past injuries, "
    "tests how far the knee bends and straightens, and watches you walk and squat so that the plan fits your "
    "goals and the stage of healing your knee has reached.",
    # an article about newsletters for patients
    "Many clinics now send patients a short newsletter with exercise reminders; studies of such reminders "
    "suggest people keep up their home programme longer when a friendly note arrives each week.",
    "Book an eye exam if your symptoms persist despite these changes.",
])
def test_keywords_inside_real_content_are_not_chrome(content):
    text = BODY + content + "\n\nMost sprains heal within two to six weeks with rest.\n\n" + DISCLAIMER + "\n"
    assert codes(text, ["HL401"]) == []


def test_a_page_about_privacy_is_not_a_pasted_privacy_policy():
    page = ("---\ntitle: Privacy Policy\n---\n# Privacy Policy\n\nWe collect your name and e-mail address when you "
            "book. We never sell personal information to third parties.\n")
    assert codes(page, ["HL401"]) == []
    pasted = ("# Knee pain\n\nRest helps.\n\nWe collect your name and e-mail address when you book. We never sell "
              "personal information to third parties, and you may opt out at any time.\n\nIce helps too.\n")
    assert codes(pasted, ["HL401"]) == ["HL401"]


# --- claims: assertion strength -------------------------------------------------------------------

@pytest.mark.parametrize("claim", [
    "Shockwave therapy is highly effective for chronic heel pain.",
    "In most cases a frozen shoulder will resolve on its own.",
    "Poor sleep has been linked to weight gain.",
    "This cream works exceptionally well on old scars.",
    "Collagen dramatically improves skin elasticity.",
])
def test_efficacy_and_association_claims_without_a_number(claim):
    assert codes(BODY + claim + "\n", ["HL201"]) == ["HL201"]


@pytest.mark.parametrize("not_a_claim", [
    "No injection is risk-free, and none cures arthritis.",
    "No single diet cures diabetes.",
    "The nurse hung a 5% dextrose solution.",
    "I am 100% certain you will enjoy the walk.",
    "Poor sleep has not been linked to knee pain in any study we know of.",
    "I lost 10 pounds after I cut out sugary drinks.",
])
def test_negations_concentrations_idioms_and_anecdotes_are_not_claims(not_a_claim):
    assert codes(BODY + not_a_claim + "\n", ["HL201"]) == []


def test_a_quoted_passage_is_not_the_drafts_claim():
    quoted = BODY + "> Studies show 40% of adults have knee pain.\n"
    assert codes(quoted, ["HL201"]) == []
    assert codes(BODY + "Studies show 40% of adults have knee pain.\n", ["HL201"]) == ["HL201"]
    # an attribution inside the quotation is the quoted author's, not the draft's to cite
    attributed = "According to Holmes, half of all adults have knee pain by the age of sixty."
    assert codes(BODY + "> " + attributed + "\n", ["HL202"]) == []
    assert codes(BODY + attributed + "\n", ["HL202"]) == ["HL202"]


# --- duplicates: parallel pages -------------------------------------------------------------------

def test_parallel_pages_are_not_told_to_delete_a_copy(tmp_path):
    shared = ["Our clinicians assess your movement, strength and daily demands before any treatment begins here.",
              "Treatment combines hands-on therapy, a home exercise programme and advice on pacing daily activity.",
              "Most people attend weekly for six to eight weeks, then monthly while the exercises take hold."]
    for name, topic in (("knee.md", "knee"), ("hip.md", "hip")):
        body = "\n\n".join([f"# {topic.title()} pain", f"{topic.title()} pain has many causes, from overuse to arthritis in the {topic}."]
                           + shared + [f"The {topic} usually settles with patience and steady loading over many weeks."])
        (tmp_path / name).write_text(body + "\n\n" + DISCLAIMER + "\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["duplicate-paragraph"])
    assert result.diagnostics == []
    config = validate_config({"rules": {"duplicate-paragraph": {"options": {"parallel": "info"}}}}, root=str(tmp_path))
    result = lint_paths([str(tmp_path)], config=config, select=["duplicate-paragraph"])
    assert {(d.severity, d.message.split(":")[0]) for d in result.diagnostics} == {("info", "Parallel text")}
    # near miss: one paragraph pasted into another draft is a copy
    (tmp_path / "hip.md").write_text("# Hip\n\n" + shared[0] + "\n\nThe hip is a ball and socket joint.\n\n" + DISCLAIMER + "\n",
                                     encoding="utf-8")
    (tmp_path / "knee.md").write_text("# Knee\n\n" + shared[0] + "\n\n" + DISCLAIMER + "\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["duplicate-paragraph"])
    assert [d.code for d in result.diagnostics] == ["HL101"]


# --- one problem, one finding ---------------------------------------------------------------------

COMMENT = ("Reply from Marta, 12 March 2024: thanks for the video, i tried the stretchs and my knee feels "
           "so much beter now, please reply!")


def test_a_paragraph_to_remove_holds_back_the_findings_inside_it(cli, write):
    write("a.md", BODY + COMMENT + "\n\n" + DISCLAIMER + "\n")
    run = cli("check", "a.md", "--format", "json")
    assert [d["code"] for d in run.json()] == ["HL401"]
    run = cli("check", "a.md", "--statistics")
    assert "inside paragraphs reported for removal, not shown (--show-all shows them)" in run.out
    run = cli("check", "a.md", "--format", "json", "--show-all")
    assert {"HL401", "HL501"} <= {d["code"] for d in run.json()}


# --- real-word slips -------------------------------------------------------------------------------

@pytest.mark.parametrize("slip, fixed", [
    ("The annulus fibrosis tears under load.", "annulus fibrosus"),
    ("Pain runs along the nerve tracks of the leg.", "nerve tracts"),
    ("Men over 50 should ask about prostrate cancer screening.", "prostate cancer"),
    ("Acupuncture is a complimentary therapy.", "complementary therapy"),
    ("Most pills have few side affects.", "side effects"),
    ("Walking helps you loose weight.", "helps you lose weight"),
    ("Poor sleep can effect your mood.", "can affect your"),
    ("The drug had no affect on pain.", "no effect on"),
    ("Stretching is a useful compliment to physiotherapy.", "useful complement to physiotherapy"),
])
def test_confusable_words(slip, fixed):
    found = [d for d in lint_text(BODY + slip + "\n", select=["HL505"])]
    assert [d.suggestion for d in found] == [fixed]


@pytest.mark.parametrize("fine", [
    "Pulmonary fibrosis scars the lungs.", "She ran laps on the running track.", "He lay prostrate on the floor.",
    "The hotel offers complimentary breakfast.", "Loose clothing is comfortable.",
    "New rules will effect change in clinics.", "A flat affect can be a sign of depression.",
    "She took it as a compliment to her cooking.",
])
def test_confusable_words_near_misses(fine):
    assert codes(BODY + fine + "\n", ["HL505"]) == []


def test_markers_that_link_to_their_entry_cite_it_and_markers_that_link_out_are_not_dangling():
    text = ("# Knee\n\nExercise eases knee pain.[[1]](#ref1) Bracing helps.[[2]](#ref2)\n\n## References\n\n"
            "1. Lee A. Exercise for knees. Knee Rev. 2019;3(2):1-9.\n2. Park B. Braces. Knee Rev. 2020;4(1):2-8.\n\n"
            + DISCLAIMER + "\n")
    assert codes(text, ["HL203", "HL204"]) == []
    linked = "# Knee\n\nBracing helps.[[7]](https://example.org/paper)\n\n" + DISCLAIMER + "\n"
    assert codes(linked, ["HL203"]) == []
    # the number alone is the link, inside literal brackets: "[[21](url)]", "[[24](url), [25](url)]"
    inner = "# Knee\n\nBracing helps [[21](https://example.org/a)] and so does rest [[24](https://example.org/b), [25](https://example.org/c)].\n\n" + DISCLAIMER + "\n"
    assert codes(inner, ["HL203"]) == []
    assert codes("# Knee\n\nBracing helps.[7]\n\n" + DISCLAIMER + "\n", ["HL203"]) == ["HL203"]


# --- a call to action the writer wrote for this page ----------------------------------------------

SCIATICA = ("---\ntitle: Sciatica relief at home\n---\n# Sciatica relief at home\n\n"
            "Sciatica is pain that runs from the lower back down one leg.\n\n"
            "Gentle walking often eases sciatica within a few weeks.\n\n"
            "Heat and simple stretches help many people through a flare.\n\n")


def test_a_closing_call_to_action_written_for_the_page_is_not_chrome():
    authored = SCIATICA + "Book your sciatica assessment today and take the first step toward a pain-free life.\n\n" + DISCLAIMER + "\n"
    assert codes(authored, ["HL401"]) == []
    # near miss: the site's generic booking button, pasted, names nothing of the page
    pasted = SCIATICA + "Book your free assessment today and take the first step. Book online now!\n\n" + DISCLAIMER + "\n"
    assert codes(pasted, ["HL401"]) == ["HL401"]


def test_a_closing_paragraph_about_the_article_is_not_a_pasted_newsletter_box():
    closing = ("If what you've read here sounds familiar, the first step is to write down when the pain starts and "
               "what eases it, so your next appointment starts from facts. And if you want more guidance like this, "
               "subscribe to our free weekly newsletter.")
    assert codes(SCIATICA + closing + "\n\n" + DISCLAIMER + "\n", ["HL401"]) == []
    box = "Subscribe to our free weekly newsletter: tips delivered to your inbox. No spam, unsubscribe any time."
    assert codes(SCIATICA + box + "\n\n" + DISCLAIMER + "\n", ["HL401"]) == ["HL401"]


# --- template text: shared tips in the body are content; a header pasted at the top is not -------

def _library(tmp_path, middle: str, top: str = "") -> list[str]:
    for i, topic in enumerate(("asthma", "eczema", "gout", "migraine", "psoriasis", "anaemia")):
        parts = [f"# Living with {topic}"]
        if top:
            parts.append(top)
        parts += [f"{topic.title()} is a long-term condition that many people manage well at home.",
                  f"## Coping with {topic}",
                  f"- Keep a diary of {topic} symptoms and what seems to set them off each week.",
                  middle,
                  f"- Tell your pharmacist about every medicine you take for {topic} or anything else.",
                  f"## Treatment for {topic}",
                  f"Most treatment for {topic} starts with simple steps and changes only when they are not enough.",
                  f"Your care team reviews the {topic} plan every year and adjusts it to how you are doing.",
                  DISCLAIMER]
        (tmp_path / f"{topic}.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["HL402"])
    return sorted({d.path.rsplit("/", 1)[-1] for d in result.diagnostics})


def test_a_tip_shared_in_the_body_of_sibling_pages_is_not_template_text(tmp_path):
    assert _library(tmp_path, "- Ask for help: do not try to handle everything alone, and lean on friends and family.") == []


def test_a_header_line_repeated_at_the_top_of_every_page_is_template_text(tmp_path):
    found = _library(tmp_path, "- Rest when you need to and pace the jobs that tire you out.",
                     top="This page gathers several related questions into one place for easier reference and reading.")
    assert len(found) == 6


# --- duplicates: link lines are cross-links, not copies -------------------------------------------

def test_link_lines_and_short_cross_links_are_not_duplicates(tmp_path):
    for topic in ("water", "earth"):
        body = "\n\n".join([
            f"# The {topic} element",
            {"water": "Water belongs to winter, to rest and to the kidneys in the old scheme of phases.",
             "earth": "Earth sits at the centre of the cycle and is tied to digestion and late summer."}[topic],
            f"- Read the full [{topic.title()} element overview](/elements/{topic}/) for organs, foods and seasonal rhythm.",
            f"Learn more: https://example.org/blog/categories/health-concerns/{topic}-element-and-seasonal-health",
            DISCLAIMER])
        (tmp_path / f"{topic}.md").write_text(body + "\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["duplicate-paragraph", "HL102"])
    assert result.diagnostics == []
    # near miss: the same sentence without the link is prose, and a copy
    (tmp_path / "earth.md").write_text("# Earth\n\nRead the full overview of the element for its organs, its foods and its "
                                       "seasonal rhythm in one place, with a chart.\n\n" + DISCLAIMER + "\n", encoding="utf-8")
    (tmp_path / "water.md").write_text("# Water\n\nRead the full overview of the element for its organs, its foods and its "
                                       "seasonal rhythm in one place, with a chart.\n\n" + DISCLAIMER + "\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["duplicate-paragraph", "HL102"])
    assert [d.code for d in result.diagnostics] == ["HL101"]


def test_entries_cited_from_a_heading_or_listed_as_suggested_readings_are_not_uncited():
    base = ("# Dementia drugs\n\nCholinesterase inhibitors help some people for a while.[1]\n\n"
            "## Stopping the drugs [2]\n\nStop slowly and watch for a decline (Jones 2020).\n\n")
    refs = "## References\n\n1. Smith J. Drug A in dementia. J Med 2019;12(3):45-50.\n\n2. Jones K. Stopping drug A. J Med 2020;13(1):1-9.\n"
    assert codes(base + refs + "\n" + DISCLAIMER + "\n", ["HL204"]) == []
    readings = ("## Suggested Readings\n\n[Brown P, Green A. Dementia care in the office. *J Med* 2018;11(2):10-20.]"
                "(https://pubmed.example.org/123/)\n\n[White R. Caring at home. *J Med* 2017;10(1):1-5.](https://pubmed.example.org/456/)\n\n")
    assert codes(base + readings + refs + "\n" + DISCLAIMER + "\n", ["HL204"]) == []
    # near miss: an entry nothing cites, in the references proper
    unused = refs + "\n3. Lee T. Another drug. J Med 2021;14(2):5-8.\n"
    assert codes(base + unused + "\n" + DISCLAIMER + "\n", ["HL204"]) == ["HL204"]


def test_a_clinic_writing_in_its_own_voice_keeps_its_contact_line():
    clinic = ("# Knee pain after running\n\n"
              "In our clinic we see runners with knee pain every week.\n\n"
              "We usually start with the hips, because weak hip muscles let the knee drift inward.\n\n"
              "Our physiotherapists then build a plan around your training.\n\n"
              "Ice and rest calm most flare-ups within days.\n\n")
    line = "Visit us at Suite 4, 120 Harbour Street. Call 020 7946 0958.\n\n"
    assert codes(clinic + line + DISCLAIMER + "\n", ["HL401"]) == []
    # near miss: the same line pasted into a third-person article is the site's chrome
    article = ("# Knee pain after running\n\n"
               "Runners often get knee pain when the hip muscles are weak.\n\n"
               "Weak hips let the knee drift inward with each stride.\n\n"
               "A training plan that builds up slowly lowers the risk.\n\n"
               "Ice and rest calm most flare-ups within days.\n\n")
    assert codes(article + line + DISCLAIMER + "\n", ["HL401"]) == ["HL401"]


def test_one_text_written_for_two_subjects_is_parallel_not_a_copy():
    intro = "# Choosing processed meat\n\nProcessed meat is fine now and then if you read the label first.\n\n"
    sausage = ("If you are going to buy a sausage, choose an organic grass-fed sausage that is cured with sea salt "
               "and celery powder instead of preservatives, and check that it has no added sugar.\n\n")
    hot_dog = sausage.replace("a sausage", "a hot dog").replace("grass-fed sausage", "grass-fed hot dog")
    middle = "Cook it gently over a medium heat and turn it often so that it browns evenly on every side.\n\n"
    assert codes(intro + sausage + middle + hot_dog + DISCLAIMER + "\n", ["HL102"]) == []
    # near miss: a copy edited in a few places, each once, is still a near-duplicate
    edited = (sausage.replace("If you are going to buy", "When you buy").replace("check that", "make sure")
              .replace("instead of", "rather than"))
    assert codes(intro + sausage + middle + edited + DISCLAIMER + "\n", ["HL102"]) == ["HL102"]


def test_a_bibliography_most_of_whose_entries_are_named_nowhere_is_a_reading_list():
    body = "# Oxalates\n\nOxalate intake matters for kidney stones (Lee, 2019).\n\n"
    refs = ("## References\n\n- Lee, A. (2019). Oxalate and stones. Kidney Rev, 3, 1-9.\n"
            "- Park, B. (2020). Oxalate in spinach. Food J, 4, 2-8.\n")
    # one entry of two left uncited: a citation lost in editing
    assert codes(body + refs + "\n" + DISCLAIMER + "\n", ["HL204"]) == ["HL204"]
    more = ("- Chan, C. (2018). Calcium. Bone J, 2, 1-4.\n- Diaz, D. (2017). Diet. Diet J, 1, 1-3.\n"
            "- Evans, E. (2016). Kidneys. Renal J, 5, 5-9.\n")
    assert codes(body + refs + more + "\n" + DISCLAIMER + "\n", ["HL204"]) == []


def test_linked_papers_listed_under_topic_headings_are_reading_links_not_uncited_references():
    body = "# Oxalates\n\nOxalate intake matters for kidney stones [1], and spinach holds the most (Park, 2020).\n\n## Biology\n\n"
    papers = ("* [Franceschi, V. R., & Nakata, P. A. (2005). Calcium oxalate in plants. Annu Rev Plant Biol, 56(1), 41-71.](https://example.org/a)\n"
              "* [Lee, A. (2019). Oxalate and stones. Kidney Rev, 3, 1-9.](https://example.org/b)\n")
    refs = "\n## References\n\n1. Park B. Oxalate in spinach. Food J. 2020;4:2-8.\n"
    assert codes(body + papers + refs + "\n" + DISCLAIMER + "\n", ["HL204"]) == []
    # near miss: a linked entry of the reference list itself that nothing cites is still reported
    uncited = refs + "2. [Lee A. Oxalate and stones. Kidney Rev. 2019;3:1-9.](https://example.org/b)\n"
    assert codes(body + uncited + "\n" + DISCLAIMER + "\n", ["HL204"]) == ["HL204"]


def test_a_note_on_the_writer_that_names_the_pages_subject_is_the_articles_own():
    own = "Priya Raman is a physiotherapist with 15 years of experience who specializes in sciatica and lower back pain."
    assert codes(SCIATICA + own + "\n\n" + DISCLAIMER + "\n", ["HL401"]) == []
    # near miss: the site's bio of its author, the same on every page, names nothing of this one
    pasted = "Priya Raman is a physiotherapist with 15 years of experience who specializes in sports injuries and running."
    assert codes(SCIATICA + pasted + "\n\n" + DISCLAIMER + "\n", ["HL401"]) == ["HL401"]


KNEE_ARTICLE = ("# Knee pain after running\n\nRunners often get knee pain when the hip muscles are weak.\n\n"
                "Weak hips let the knee drift inward with each stride.\n\n"
                "A training plan that builds up slowly lowers the risk.\n\nIce and rest calm most flare-ups within days.\n\n")


def test_a_patient_review_of_forty_words_pasted_into_a_third_person_article_is_chrome():
    review = ("After eight years of knee pain I had almost given up on running. Sam listened, explained what was going on "
              "and gave me exercises to do at home. Six weeks later I ran a pain-free 10k. He has given me my life back.\n\n")
    assert codes(KNEE_ARTICLE + review + DISCLAIMER + "\n", ["HL401"]) == ["HL401"]
    # near miss: a blog that speaks in the first person throughout tells its own story
    blog = (KNEE_ARTICLE.replace("Runners often", "I see runners who often").replace("Weak hips", "In my clinic, weak hips")
            .replace("A training plan", "My training plan"))
    assert codes(blog + review + DISCLAIMER + "\n", ["HL401"]) == []


ASTHMA_PROSE = ("# Asthma\n\nAsthma is a long-term disease that affects the airways of the lungs and makes breathing hard.\n\n"
                "It causes wheezing, coughing and shortness of breath, often at night or early in the morning.\n\n"
                "Doctors treat it with inhalers that open the airways or calm the swelling inside them.\n\n")
ASTHMA_END = "Treatment works well for most people who take their medicine every day as prescribed.\n\n" + DISCLAIMER + "\n"


@pytest.mark.parametrize("label", ["View all results", "Browse by topic", "Call or text:", "Verified Google Review",
                                   "Get Weekly Posture Tips", "Las Vegas, NV", "Check price on Amazon",
                                   "Annual billing (Save 20%)", "Monday, Tuesday, Thursday, Friday"])
def test_a_button_or_label_left_standing_among_paragraphs_of_prose_is_chrome(label):
    assert codes(ASTHMA_PROSE + label + "\n\n" + ASTHMA_END, ["HL401"]) == ["HL401"]


@pytest.mark.parametrize("line", ["Key takeaways", "Symptoms of asthma", "When to call a doctor", "What causes asthma?",
                                  "Talk to your doctor", "If you have questions about your inhaler, ask your pharmacist.",
                                  "Inhalers cost less when you check the price with several pharmacies first.",
                                  "Clinics run on Monday, Tuesday and Friday mornings for children who need an inhaler check."])
def test_the_articles_own_short_lines_are_not_stray_labels(line):
    assert codes(ASTHMA_PROSE + line + "\n\n" + ASTHMA_END, ["HL401"]) == []


def test_a_draft_of_short_lines_has_no_stray_labels():
    card = "# Clinic card\n\nAsthma clinic\n\nSecond floor\n\nCall or text:\n\n020 7946 0000\n\nOpen weekdays\n\n" + DISCLAIMER + "\n"
    assert "HL401" not in codes(card.replace("020 7946 0000\n\n", ""), ["HL401"])


def test_a_question_button_standing_alone_mid_article_is_chrome():
    first, rest = ASTHMA_PROSE.split("It causes", 1)
    assert codes(first + "Have a question?\n\nIt causes" + rest + ASTHMA_END, ["HL401"]) == ["HL401"]
    # near miss: the same words ending the article's own sentence
    asked = "If you have a question, ask your pharmacist when you collect the inhaler.\n\n"
    assert codes(first + asked + "It causes" + rest + ASTHMA_END, ["HL401"]) == []


def test_a_list_inside_a_quotation_is_quoted_too():
    quoted = BODY + "> The diet we tested:\n>\n> - 70% of adults ate mostly animal foods\n"
    assert codes(quoted, ["HL201"]) == []
    # near miss: the same list item in the draft's own words
    assert codes(BODY + "- 70% of adults ate mostly animal foods\n", ["HL201"]) == ["HL201"]


def test_html_quotations_are_quoted_like_markdown_ones():
    from healthlint.readers import parse_document
    doc = parse_document("<blockquote><p>Intro</p><ul><li>70% ate meat</li></ul></blockquote><p>Mine</p><ul><li>Item</li></ul>", "html")
    assert [b.kind for b in doc.blocks] == ["quote", "quote", "paragraph", "list_item"]


RECORDS = "Ask the clinic for a copy of your asthma records and action plan; the clinic must give you access within a month.\n\n"


@pytest.mark.parametrize("heading", ["## Changes to This Notice", "### Right to Amend"])
def test_a_policy_heading_that_names_nothing_of_the_article_is_chrome(heading):
    assert codes(ASTHMA_PROSE + heading + "\n\n" + RECORDS + ASTHMA_END, ["HL401"]) == ["HL401"]


def test_a_heading_whose_words_the_article_discusses_is_its_own():
    heading = "## Your right to access your asthma records"
    assert codes(ASTHMA_PROSE + heading + "\n\n" + RECORDS + ASTHMA_END, ["HL401"]) == []


def test_routines_named_in_a_list_are_no_exercise_instructions():
    named = ("# Runner's knee\n\nWhat helps most in recovery:\n\n- Daily stretching routine\n- Regular exercise routine\n"
             "- Good shoes\n")
    assert codes(named, ["HL302"]) == []
    # near miss: a routine offered with a movement to do is an instruction
    told = "# Runner's knee\n\nTry this stretching routine every morning: bring your knee up towards your chest.\n"
    assert codes(told, ["HL302"]) == ["HL302"]


def test_servings_of_food_a_day_are_no_supplement_directions():
    diet = ("# Blood pressure\n\nEat more potassium-rich foods and take fewer vitamins pills you do not need.\n\n"
            "- **More fruits and vegetables**: at least 5 servings per day\n")
    assert codes(diet, ["HL303"], Config(region="US")) == []
    # near miss: capsules a day of a supplement are its directions
    pitch = "# Vitamin D\n\nOur vitamin D supplement is simple: 2 capsules per day with food.\n"
    assert codes(pitch, ["HL303"], Config(region="US")) == ["HL303"]
