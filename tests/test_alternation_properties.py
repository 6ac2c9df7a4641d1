"""compile_alternation searches only the entries whose required words a text has, and merges
their matches; the result must be exactly what the `regex` module finds with the whole
alternation, for any entries and any text. Checked here with generated entries (literals,
classes, repeats, groups, fuzzy matching, case-sensitive groups, lookarounds) and generated
texts (tricky case folding included), with one entry per chunk and with several."""
from __future__ import annotations

import regex
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint import patterns
from healthlint.patterns import compile_alternation, required_literals

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["ab", "abc", "colour", "color", "Stra\u00dfe", "strasse", "SS", "\u0130", "i", "K", "\u212a", "\ufb01", "fi",
         "12", "x"]
TEXT_PIECES = WORDS + [" ", " ", ".", "-", "3", "\u00df", "\u0131", "e\u0301", "\u017f", "colr", "clour", "abd"]

atom = st.one_of(
    st.sampled_from(WORDS).map(regex.escape),
    # fuzzy matching on a word only: nested fuzzy groups make `regex` itself run out of memory
    st.sampled_from(WORDS).map(lambda w: f"(?:{regex.escape(w)}){{e<=1}}"),
    st.sampled_from([r"\d", r"\d+", r"\w+", r"[a-c]", r"\s", ".", r"\b", r"[0-9]{2}", "[[:digit:]]", "[a-z--[aeiou]]",
                     "[]a]", r"[\]x]"]),
)


def _combine(children):
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        children.map(lambda x: f"(?:{x})?"),
        children.map(lambda x: f"(?:{x})+"),
        children.map(lambda x: f"(?:{x}){{1,2}}"),
        children.map(lambda x: f"(?-i:{x})"),
        children.map(lambda x: f"(?={x})"),
        children.map(lambda x: f"(?<!{x})"),
    )


entry = st.recursive(atom, _combine, max_leaves=4)
text = st.lists(st.sampled_from(TEXT_PIECES), max_size=14).map("".join)


def _spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


def _whole(entries, word_bounded):
    body = "|".join(f"(?:{p})" for p in entries)
    if word_bounded:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    return regex.compile(body, regex.V1 | regex.IGNORECASE)


def _valid(entries) -> bool:
    try:
        _whole(entries, True)
        for p in entries:
            regex.compile(p, regex.V1 | regex.IGNORECASE)
    except regex.error:
        return False
    return True


@pytest.mark.parametrize("chunks", [48, 2])
@SETTINGS
@given(entries=st.lists(entry, min_size=1, max_size=5), texts=st.lists(text, min_size=1, max_size=3),
       word_bounded=st.booleans())
def test_the_alternation_finds_what_the_whole_pattern_finds(chunks, entries, texts, word_bounded):
    if not _valid(entries):
        return
    saved, patterns._CHUNKS = patterns._CHUNKS, chunks
    try:
        alternation = compile_alternation("x", entries, word_bounded=word_bounded)
    finally:
        patterns._CHUNKS = saved
    whole = _whole(entries, word_bounded)
    for t in texts:
        try:
            want = _spans(whole.finditer(t, timeout=0.5))
        except (MemoryError, TimeoutError):  # `regex` itself fails on some repeated fuzzy groups
            return
        assert _spans(alternation.finditer(t)) == want, (entries, t)
        found, want = alternation.search(t), whole.search(t)
        assert (found and found.span()) == (want and want.span()), (entries, t)
        if len(t) > 2:
            try:
                inner = _spans(whole.finditer(t, 1, len(t) - 1, timeout=0.5))
                got = _spans(alternation.finditer(t, 1, len(t) - 1))
            except (MemoryError, TimeoutError):  # as above: `regex` itself, on repeated fuzzy groups
                return
            assert got == inner


@SETTINGS
@given(pattern=entry, t=text)
def test_a_text_without_the_required_words_has_no_match(pattern, t):
    if not _valid([pattern]):
        return
    words = required_literals(pattern)  # what the kinds test against the casefolded text
    if words is not None and not any(w in t.casefold() for w in words):
        assert regex.search(pattern, t, regex.V1 | regex.IGNORECASE) is None, (pattern, t, words)


def test_fuzzy_entries_are_not_cut_short_by_their_spelled_out_words():
    # "(?:colour){e<=1}" matches "color": the word it spells is not required
    alternation = compile_alternation("x", ["(?:colour){e<=1}", "(?:abc){e}"])
    assert alternation.search("the color red") is not None
    assert required_literals("(?:colour){e<=1}") is None


@pytest.mark.parametrize("entry, text", [("\u0130stanbul", "istanbul"), ("Stra\u00dfe", "STRASSE"),
                                         ("strasse", "Stra\u00dfe"), ("study", "\u017ftudy")])
def test_case_folded_matches_are_not_cut_short_by_the_literal_test(entry, text):
    # "İ" matches "i" case-insensitively although "istanbul".casefold() lacks "i̇"
    want = regex.search(entry, text, regex.V1 | regex.IGNORECASE)
    assert want is not None
    assert compile_alternation("x", [entry]).search(text).span() == want.span()
    assert any(w in text.casefold() for w in required_literals(entry) or {""})


def test_exempt_paragraphs_with_ligatures_pasted_from_a_pdf_stay_exempt():
    """`exempt` patterns match case-insensitively with full case folding ("financial" matches
    "ﬁnancial"); the quick word test before the regex must not say otherwise."""
    from healthlint.config import validate_config
    from healthlint.api import lint_text

    para = "Talk to your adviser about the \ufb01nancial bene\ufb01ts of this plan before you sign anything at all."
    config = validate_config({"rules": {"duplicate-paragraph": {"options": {"exempt": ["financial benefits"]}}}})
    found = lint_text(f"# T\n\n{para}\n\n{para}\n", config=config, select=["HL101"])
    assert found == []
    plain = para.replace("\ufb01", "fi")
    assert lint_text(f"# T\n\n{plain}\n\n{plain}\n", config=config, select=["HL101"]) == []


@pytest.mark.parametrize("pattern, text", [
    (r"[[:digit:]]+ ?mg\b", "Take 5 mg twice a day."),  # a POSIX class: no ']' in the text
    (r"\b[a-z--[aeiou]]x\b", "The bx rule."),  # a set difference (V1)
    (r"\b[[a-z]&&[^aeiou]]+ing\b", "Stop bring."),  # a set intersection (V1)
])
def test_a_pattern_rule_with_v1_set_syntax_finds_what_its_regex_finds(tmp_path, pattern, text):
    """The standard parser behind the literal gates reads "[[:digit:]]" as a class then a literal
    ']' ; the `regex` module in V1 mode as a POSIX class. The gate must not require the ']'."""
    from healthlint.config import load_config
    from healthlint.api import lint_text

    (tmp_path / "house.yaml").write_text(
        "rules:\n  - id: house-pattern\n    code: HL991\n    family: house\n    kind: pattern\n"
        "    severity: warning\n    message: 'found {match}'\n    options:\n      patterns:\n"
        f"        - pattern: '{pattern}'\n", encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("packs: [house.yaml]\n", encoding="utf-8")
    config = load_config(tmp_path / ".healthlint.yaml")
    want = regex.search(pattern, text, regex.V1 | regex.IGNORECASE)
    assert want is not None
    found = lint_text(f"# T\n\n{text}\n", config=config, select=["house-pattern"])
    assert [d.snippet for d in found] == [want.group()]
