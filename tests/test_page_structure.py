"""Where a paragraph sits tells as much as its words: the site's own pages (privacy, contact,
about) hold their policy text by right, one label in an authored list or table is the article's,
an author named in a citation is a name. Each case is written here: what must be flagged and
the near miss that must not."""
from __future__ import annotations

import pytest

from healthlint import lint_paths, lint_text
from healthlint.config import Config

PRIVACY = ("We collect personal information such as your name, email address and IP address when you "
           "visit our website, and we use cookies to analyse traffic. You may request deletion of your "
           "personal data at any time by contacting our privacy officer.")
ARTICLE = "# Knee pain\n\nRest and ice help a sore knee settle over a few days.\n\n"


def _codes(findings, code):
    return [f.line for f in findings if f.code == code]


def test_privacy_text_pasted_into_an_article_is_flagged_but_not_on_the_sites_privacy_page(tmp_path):
    article = tmp_path / "knee-pain.md"
    article.write_text(ARTICLE + PRIVACY + "\n\nStretch gently once the swelling eases.\n")
    page = tmp_path / "privacy-policy.md"
    page.write_text("# How we look after your data\n\n" + PRIVACY + "\n")
    about = tmp_path / "about" / "index.md"
    about.parent.mkdir()
    about.write_text("# Our clinic\n\n" + PRIVACY + "\n")
    result = lint_paths([str(article), str(page), str(about)], Config(), select=["HL401"])
    flagged = {d.path.rsplit("/", 1)[-1] for d in result.diagnostics if d.code == "HL401"}
    assert flagged == {"knee-pain.md"}


def test_a_page_titled_as_a_site_page_is_the_sites_own():
    text = "---\ntitle: Privacy Notice\n---\n\n" + PRIVACY + "\n"
    assert _codes(lint_text(text, path="notice.md", select=["HL401"]), "HL401") == []
    text = "---\ntitle: Privacy and your knees\n---\n\n" + PRIVACY + "\n"  # a title about something else
    assert _codes(lint_text(text, path="notice.md", select=["HL401"]), "HL401") != []


def test_one_label_in_an_authored_list_is_content_but_a_pasted_menu_is_not():
    pitch = "Sign up for our newsletter and get 10% off your first order!"
    assert _codes(lint_text(ARTICLE + pitch + "\n", select=["HL401"]), "HL401") != []  # alone, it is chrome
    authored = ARTICLE + "\n".join("- " + item for item in [
        "Walk for ten minutes after each meal.",
        "Swap one sugary drink a day for water.",
        pitch,
        "Keep a diary of when the knee aches.",
        "Ask your physiotherapist about strength work.",
        "Sleep with a pillow between your knees.",
    ]) + "\n"
    assert _codes(lint_text(authored, select=["HL401"]), "HL401") == []
    menu = ARTICLE + "\n".join("- " + item for item in [
        pitch,
        "Click here to share this post with your friends on Facebook",
        "Follow us on Instagram for daily wellness tips and offers",
        "Ask your physiotherapist about strength work.",
    ]) + "\n"
    assert len(_codes(lint_text(menu, select=["HL401"]), "HL401")) >= 2


def test_an_author_cited_by_name_is_not_a_typo_but_the_same_word_in_prose_is():
    for cited in ["As Stom et al. showed, the dose matters.", "One review (Stom and Moore, 2004) agreed.",
                  "Stom (2019) reported the same.", "Stom, A. B., & Lee, C. (2019). Gut pain. J Gut, 4(2), 10-12."]:
        assert _codes(lint_text(ARTICLE + cited + "\n", select=["HL501"]), "HL501") == [], cited
    assert _codes(lint_text(ARTICLE + "The Stom pain eased by the evening.\n", select=["HL501"]), "HL501") != []


def test_a_term_built_like_its_only_suggestion_is_not_a_typo_but_a_slip_of_a_listed_word_is():
    assert _codes(lint_text(ARTICLE + "Primary oxalosis can damage the kidneys.\n", select=["HL501"]), "HL501") == []
    assert _codes(lint_text(ARTICLE + "Gentle excercise helps the kidneys too.\n", select=["HL501"]), "HL501") != []


# --- the article's own apparatus is not chrome: credits, bylines, glossaries, directories -----

TAIL = "\n\nStretch gently once the swelling eases, and walk a little more each day.\n"


def _hl401(paragraph: str, path: str = "<text>") -> list[int]:
    return _codes(lint_text(ARTICLE + paragraph + TAIL, path=path, select=["HL401"]), "HL401")



@pytest.mark.parametrize("chrome, apparatus", [
    ("© 2024 KneeWell Media Inc. All rights reserved.",
     "Reprinted with permission from the Manual of Knee Disorders. © 2013 American Knee Association."),
    ("Click here to download our free printable knee checklist!", "Click here to expand the list of settings."),
    ("Advertisement", "AD: Alzheimer disease"),
    ("Related articles: Knee braces | Runner's knee | Meniscus tears", "Recommended: walking, swimming and cycling."),
    ("Page last updated: 3 March 2025. Next review due: March 2028.", "By Dr. Jane Okafor | Published: May 27, 2025"),
], ids=["credit-line", "click-here-to-expand", "glossary-entry", "recommended-label", "byline"])
def test_the_articles_own_apparatus_is_not_flagged_but_the_chrome_it_resembles_is(chrome, apparatus):
    assert _hl401(chrome) != []
    assert _hl401(apparatus) == []


def test_a_directory_of_addresses_is_the_articles_content_but_one_pasted_address_is_chrome():
    one = "Visit us at 12 Harbour Street, Suite 4, Toronto, ON M5J 2N8. Call us: 416-555-0100."
    assert _hl401(one) != []
    directory = "\n".join("- " + entry for entry in [
        "Knee Society of Canada. 300 Bay Street, Suite 200, Toronto, ON M5H 2Y4. 1-800-555-0101.",
        "Arthritis Help Line. 45 King Street West, Suite 700, Toronto, ON M5H 1J8. 1-800-555-0102.",
        "Sports Injury Canada. 130 Albert Street, Suite 512, Ottawa, ON K1P 5G4. 613-555-0103.",
        "Bone Health Ontario. 9 Elm Road, Suite 12, Ottawa, ON K2C 2B5. 613-555-0104.",
    ])
    assert _hl401(directory) == []


def test_a_section_listing_page_is_the_sites_own():
    pitch = "Sign up for our newsletter and get 10% off your first order!"
    assert _hl401(pitch, path="content/knees/knee-pain.md") != []
    assert _hl401(pitch, path="content/knees/_index.md") == []


def test_a_word_the_draft_writes_as_code_is_a_command_not_a_typo():
    prose = "Run dmesg to see what the pump driver logged."
    assert _codes(lint_text(ARTICLE + prose + "\n", select=["HL501"]), "HL501") != []
    with_code = ARTICLE + prose + "\n\n```\n$ dmesg | tail\n```\n"
    assert _codes(lint_text(with_code, select=["HL501"]), "HL501") == []
    inline = ARTICLE + prose + " If nothing shows, try `dmesg -w` instead.\n"
    assert _codes(lint_text(inline, select=["HL501"]), "HL501") == []


def test_a_prefix_left_hanging_before_the_next_word_is_not_a_typo_but_a_slip_is():
    assert _codes(lint_text(ARTICLE + "Use an iso- or hypertonic saline rinse.\n", select=["HL501"]), "HL501") == []
    assert _codes(lint_text(ARTICLE + "Use an iso saline rinse.\n", select=["HL501"]), "HL501") != []


# --- supplement and exercise disclaimers: what is promoted or instructed, where ----------------

def test_a_discount_beside_a_device_is_no_supplement_pitch_but_beside_capsules_it_is():
    device = ("# Sauna blanket review\n\nThe blanket heats up in ten minutes and folds flat for storage.\n\n"
              "Get 15% off your first order with the code WARM15.\n\n"
              "## Other ways to recover\n\nSome readers also take a vitamin D supplement in winter, "
              "which is a separate question for your doctor.\n\nWhichever you choose, rest well between sessions.\n\n"
              "This review is general information, not medical advice; talk to your doctor about your own health.\n")
    assert _codes(lint_text(device, select=["HL303"]), "HL303") == []
    capsules = device.replace("The blanket heats up in ten minutes and folds flat for storage.",
                              "Our magnesium capsules come in a 60-day supply.")
    assert _codes(lint_text(capsules, select=["HL303"]), "HL303") != []


def test_one_posture_cue_is_no_exercise_programme_but_two_steps_are():
    cue = ARTICLE + "While you apply the cream, sit up straight so your shoulders relax.\n"
    assert _codes(lint_text(cue, select=["HL302"]), "HL302") == []
    steps = ARTICLE + ("Sit up straight with your feet flat on the floor.\n\n"
                       "Lie on your back and let both knees fall slowly to the left.\n")
    assert _codes(lint_text(steps, select=["HL302"]), "HL302") != []
    one_strong = ARTICLE + "Hold the stretch for 30 seconds, then relax.\n"
    assert _codes(lint_text(one_strong, select=["HL302"]), "HL302") != []


def test_a_section_headed_as_the_disclaimer_or_a_front_matter_switch_satisfies_hl301():
    body = ARTICLE + "Ice the knee for ten minutes at a time during the first two days.\n"
    assert _codes(lint_text(body, select=["HL301"]), "HL301") != []
    headed = body + ("\n## Medical disclaimer\n\nTreatment is planned for each person after an examination; "
                     "severe injuries may need surgery.\n")
    assert _codes(lint_text(headed, select=["HL301"]), "HL301") == []
    other_heading = body + ("\n## Recovery time\n\nTreatment is planned for each person after an examination; "
                            "severe injuries may need surgery.\n")
    assert _codes(lint_text(other_heading, select=["HL301"]), "HL301") != []
    switched = "---\ntitle: Knee pain\nshowMedicalDisclaimer: true\n---\n\n" + body
    assert _codes(lint_text(switched, select=["HL301"]), "HL301") == []
    off = "---\ntitle: Knee pain\nshowMedicalDisclaimer: false\n---\n\n" + body
    assert _codes(lint_text(off, select=["HL301"]), "HL301") != []


def test_the_sites_own_pages_need_no_medical_disclaimer_but_its_articles_do(tmp_path):
    body = "# Our clinic\n\nWe treat knee and back pain six days a week, and parking is free behind the building.\n"
    for name in ("contact.md", "privacy-policy.md", "_index.md"):
        assert _codes(lint_text(body, path=str(tmp_path / name), select=["HL301"]), "HL301") == [], name
    assert _codes(lint_text(body, path=str(tmp_path / "knee-pain.md"), select=["HL301"]), "HL301") != []


def test_with_no_config_a_disclaimer_in_the_sites_layouts_covers_its_drafts(tmp_path, monkeypatch):
    from healthlint.config import load_config

    draft = tmp_path / "content" / "knee-pain.md"
    draft.parent.mkdir()
    draft.write_text(ARTICLE + "Ice the knee for ten minutes at a time during the first two days.\n")
    monkeypatch.chdir(tmp_path)
    assert [d.code for d in lint_paths([str(draft)], load_config(), select=["HL301"]).diagnostics] == ["HL301"]
    footer = tmp_path / "src" / "components" / "Footer.astro"
    footer.parent.mkdir(parents=True)
    footer.write_text("<footer><p>This site is for general information and is not a substitute for "
                      "professional medical advice, diagnosis or treatment.</p></footer>\n")
    config = load_config()
    assert [e["file"] for e in config.provided] == ["src/components/Footer.astro"]
    assert lint_paths([str(draft)], config, select=["HL301"]).diagnostics == []
    footer.write_text("<footer><p>Opening hours: Monday to Friday.</p></footer>\n")  # no disclaimer in it
    assert [d.code for d in lint_paths([str(draft)], load_config(), select=["HL301"]).diagnostics] == ["HL301"]


# --- claims: targets, labels, attributes and the writer's own story are not findings --------------

@pytest.mark.parametrize("not_a_claim, claim", [
    ("- Quad strength >90% of the uninjured side\n- Full range of motion\n",
     "- Most runners regain 90% of their speed within a month\n- Full range of motion\n"),
    ("- Prevent re-injury\n- Restore range of motion\n", "- Daily stretching prevents injury in most runners\n"),
    ("These recipes are 100% gluten-free!\n", "These recipes lower blood sugar in 100% of users!\n"),
    ("You do not have to be perfect 100% of the time.\n", "Taping your ankle prevents sprains 100% of the time.\n"),
    ("I eliminated 80% of the fried food in my diet.\n", "Cutting fried food lowers cholesterol by 80%.\n"),
], ids=["criterion", "goal-label", "product-attribute", "idiom", "own-story"])
def test_claim_lookalikes_are_quiet_but_the_claims_they_resemble_are_flagged(not_a_claim, claim):
    assert _codes(lint_text(ARTICLE + not_a_claim, select=["HL201"]), "HL201") == []
    assert _codes(lint_text(ARTICLE + claim, select=["HL201"]), "HL201") != []


# --- duplicates: a short tip sibling pages share is written that way; twice in one draft, a slip --

def test_a_short_tip_shared_by_two_pages_is_not_a_duplicate_but_repeated_in_one_draft_it_is(tmp_path):
    tip = "- **Deep breathing**: breathe in for four counts, hold for four, and breathe out for four counts"
    long = ("Deep breathing is one of the simplest ways to calm a racing heart, and most people can learn it "
            "in an afternoon with a little practice and a quiet room to sit in. Sit upright, let the shoulders "
            "drop and keep the out-breath a little longer than the in-breath.")
    a, b = tmp_path / "anxiety.md", tmp_path / "hypertension.md"
    a.write_text("# Anxiety\n\nWays to feel calmer.\n\n" + tip + "\n- Walk every day\n\n" + long + "\n")
    b.write_text("# High blood pressure\n\nWays to relax.\n\n" + tip + "\n- Cut down on salt\n\n" + long + "\n")
    found = [(d.path.rsplit("/", 1)[-1], d.line) for d in
             lint_paths([str(a), str(b)], Config(), select=["HL101"]).diagnostics]
    assert found == [("hypertension.md", 8)]  # the long paragraph only: the shared tip is by design
    a.write_text("# Anxiety\n\nWays to feel calmer.\n\n" + tip + "\n- Walk every day\n\nMore:\n\n" + tip + "\n")
    found = [(d.path.rsplit("/", 1)[-1], d.line) for d in lint_paths([str(a)], Config(), select=["HL101"]).diagnostics]
    assert found == [("anxiety.md", 10)]


def test_a_name_the_links_own_url_spells_is_not_a_typo_but_a_slip_in_link_text_is():
    named = ARTICLE + "The radio runs [rfspy](https://github.com/ps2/rfspy) firmware.\n"
    assert _codes(lint_text(named, select=["HL501"]), "HL501") == []
    slip = ARTICLE + "The radio runs [rfspy](https://github.com/ps2/radio) firmware.\n"
    assert _codes(lint_text(slip, select=["HL501"]), "HL501") != []
    own_slug = ARTICLE + "Read our [excercise guide](/excercise-guide) first.\n"
    assert _codes(lint_text(own_slug, select=["HL501"]), "HL501") != []


def test_a_word_marked_sic_is_misspelled_on_purpose():
    assert _codes(lint_text(ARTICLE + "Check for typpos (sic) before you publish.\n", select=["HL501"]), "HL501") == []
    assert _codes(lint_text(ARTICLE + "Check for typpos before you publish.\n", select=["HL501"]), "HL501") != []


# --- a voice the draft does not speak in ----------------------------------------------------------

_THIRD = ("# Hepatitis A\n\nHepatitis A is a liver infection caused by a virus. It spreads through contaminated "
          "food and water.\n\nMost people recover within a few weeks. A vaccine prevents the infection.\n\n{X}\n\n"
          "The infection does not become chronic, and the vaccine is given in two doses.\n\n"
          "Wash your hands after using the toilet and before preparing food.\n")
_FIRST = ("# Hepatitis A\n\nWe see many patients with liver infections at our clinic. Our team explains every test."
          "\n\nMost of our patients recover within a few weeks, and we follow up with each of them.\n\n{X}\n\n"
          "We also offer the vaccine in two doses at our clinic.\n\nWe remind every patient to wash their hands.\n")


@pytest.mark.parametrize("line", ["We typically reply within 24 hours.",
                                  "I started this blog to share what I learned about my own health journey."])
def test_a_site_or_blogger_voice_pasted_into_a_third_person_article_is_chrome_but_not_on_a_site_that_speaks_so(line):
    assert _codes(lint_text(_THIRD.replace("{X}", line), select=["HL401"]), "HL401") != []
    assert _codes(lint_text(_FIRST.replace("{X}", line), select=["HL401"]), "HL401") == []


@pytest.mark.parametrize("ui, prose", [
    ("Sorry, the page you're looking for doesn't exist.", "Looking for the page on knee braces? It is in our guides."),
    ("Toggle mobile menu", "A menu of gentle exercises follows."),
    ("Link copied to clipboard!", "Copy the link from the email we sent and keep it handy."),
])
def test_words_only_a_browser_interface_says_are_chrome_but_prose_near_them_is_not(ui, prose):
    page = "# Hepatitis A\n\nHepatitis A is a liver infection caused by a virus.\n\n{X}\n\nMost people recover within weeks.\n"
    assert _codes(lint_text(page.replace("{X}", ui), select=["HL401"]), "HL401") != []
    assert _codes(lint_text(page.replace("{X}", prose), select=["HL401"]), "HL401") == []


def test_the_same_reference_entry_in_two_drafts_is_not_a_duplicate_but_the_same_paragraph_is(tmp_path):
    entry = ("Smith AB, Jones CD, Lee EF. Knee pain in adult runners: a cohort study. J Sports Med. "
             "2019;12(3):45-67. doi:10.1000/jsm.2019.045")
    prose = ("Knee pain in adult runners usually settles with a few weeks of lighter training, and most "
             "runners return to their usual distance without any imaging or injections at all. Strength work "
             "for the hips and thighs, twice a week, keeps it from coming back.")
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# Knee pain\n\nRest helps a sore knee.\n\n" + prose + "\n\n" + entry + "\n")
    b.write_text("# Runner's knee\n\nIce helps a sore knee.\n\n" + prose + "\n\n" + entry + "\n")
    found = [(d.path.rsplit("/", 1)[-1], d.line) for d in lint_paths([str(a), str(b)], Config(), select=["HL101"]).diagnostics]
    assert found == [("b.md", 5)]  # the shared paragraph, not the shared reference


def test_a_template_sentence_filled_in_on_four_pages_is_not_a_near_duplicate_but_on_two_it_is(tmp_path):
    sentence = ("For the ingredients of the products sold without a prescription, consult the pharmacist's "
                "compendium of products for minor ailments, section on {x}, before you choose one.")
    topics = ["skin care products", "digestive products", "eye care products", "cold and flu products"]
    files = []
    for i, topic in enumerate(topics):
        f = tmp_path / f"page{i}.md"
        f.write_text(f"# Page {i}\n\nSome advice about page {i}.\n\n" + sentence.format(x=topic) + "\n")
        files.append(str(f))
    found = lint_paths(files, Config(), select=["HL102"]).diagnostics
    assert found == []
    found = lint_paths(files[:2], Config(), select=["HL102"]).diagnostics
    assert [d.path.rsplit("/", 1)[-1] for d in found] == ["page1.md"]


@pytest.mark.parametrize("claim, near_miss", [
    ("Vitamin D deficiency is associated with depression.", "Low vitamin D is not associated with depression."),
    ("Smoking is strongly associated with an increased risk of stroke.", "The symptoms are associated with the flu season."),
    ("This supplement boosts your immune system.", "Vitamin C is part of a varied diet."),
])
def test_association_and_efficacy_stated_as_fact_are_claims_without_a_number(claim, near_miss):
    assert _codes(lint_text(ARTICLE + claim + "\n", select=["HL201"]), "HL201") != []
    assert _codes(lint_text(ARTICLE + near_miss + "\n", select=["HL201"]), "HL201") == []


def test_sets_and_holds_outside_exercise_are_no_exercise_programme_but_beside_exercise_words_they_are():
    lab = ("# Sepsis\n\nSepsis is the body's extreme response to an infection.\n\nDoctors draw 2 sets of blood "
           "cultures before starting antibiotics.\n\nMost patients need care in hospital.\n\n## Recovery\n\n"
           "Later, gentle exercise and stretching rebuild strength in the legs.\n")
    assert _codes(lint_text(lab, select=["HL302"]), "HL302") == []
    exercise = lab.replace("Doctors draw 2 sets of blood cultures before starting antibiotics.",
                           "Do 2 sets of gentle leg stretches each morning.")
    assert _codes(lint_text(exercise, select=["HL302"]), "HL302") != []
