"""`spelling` kind: words found in no dictionary (pyspellchecker's English list, the pack's
word lists such as SCOWL and the medical vocabulary, the publisher's accepted words), with the
best corrections. Names, acronyms, numbers, units, URLs, e-mail addresses and code are left
alone; a map of high-confidence misspellings catches the slips a dictionary accepts."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import regex

from ..dictionary import (DOMAIN, FREQUENT, KNOWN, LISTED, REFERENCE, Lexicon, edit_distance, known_misspellings, web_frequencies,
                          word_index)
from ..errors import PackError
from ..model import Block, Document, Finding, Fix
from ..patterns import compile_cached
from ..words import WORD_RE
from .base import PROSE_KINDS, RuleKind, at_least, mapping_of


# What follows an author's name when it is cited: "et al.", "and Moore", ", 2019", " (2019)".
_CITED_AFTER = regex.compile(
    r"\s+et\.?\s+al\b|\s+(?:and|&)\s+\p{Lu}\p{Ll}+,?\s*\(?(?:19|20)\d{2}"
    r"|,\s*(?:19|20)\d{2}[a-z]?\s*[);,]|\s*\((?:19|20)\d{2}[a-z]?\)")


def _compile(pattern: str, flags: int = 0) -> regex.Pattern:
    """regex.compile, kept in the user cache folder between runs (memo.py): compiling these
    took a few milliseconds of every start."""
    return compile_cached(pattern, flags)


# Each alternative starts only where a run of its characters starts and takes runs possessively,
# so one long token costs linear time, not quadratic.
_SKIP_SPANS = _compile(
    r"(?:https?://|ftp://|www\.)\S++"  # URLs
    r"|(?:\bdoi:?\s*+)?(?<![\w/])10\.\d{4,9}/\S++|\b(?:doi|pmid|pmcid|isbn):\s*+\S++"  # DOIs, PMIDs
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"  # e-mail addresses
    r"|(?<![\w-])[\w-]++(?:\.[\w-]++)*?\.(?:com|org|net|gov|edu|io|info|co|uk|ca|au|us|html?|php|pdf)\b\S*+"  # domains, files
    r"|`[^`\n]*+`"  # inline code that survived the reader
    r"|(?<!\w)[@#]\w++"  # handles and hashtags
    r"|(?<!\p{L})\p{L}++(?:[\u2212\u2013]\p{L}++){2,}",  # respellings joined by minus or en-dash signs: "asz\u2212in\u2212\u00e9e"
    regex.I,
)
# A word starts a sentence when only opening punctuation stands between it and the end of the
# previous sentence (or the start of the block).
_SENTENCE_START = _compile(r"(?:^|[.!?…:;]\s+|\n\s*)(?:\(?\d{1,2}[.)]\s+)?[\"'“‘(\[*•\-–—\s]*$")
# Pronunciation respellings mix an upper-case stressed syllable with lower-case ones.
_PRONUNCIATION = _compile(r"(?=.*\b\p{Lu}+\b)(?=.*\b\p{Ll}+\b)\p{L}+(?:-\p{L}+)+")
# A species epithet after its genus, written out or abbreviated: "Haemophilus influenzae", "E. coli".
# A genus has a Latin noun ending (Haemophilus, Escherichia, Clostridioides, Acinetobacter).
_GENUS_BEFORE = _compile(r"(?:\b(\p{Lu}\p{Ll}+(?:us|a|um|es|is|os|ides|on|ax|ex|ix|er))|\b\p{Lu}\.)\s$")
_LATIN_ENDING = _compile(r"\p{Ll}+(?:ae|ii|us|is|um|ensis|ile|i|a)")
_HYPHEN_SPLIT = _compile(r"(-)")
_PREV_WORD = _compile(r"(\p{L}[\p{L}'’]*)(\.?)([\s,]*)$")
_NEXT_WORD = _compile(r"[\s,]*(\p{L}[\p{L}'’]*)")
_NEXT_TWO_WORDS = _compile(r" (\p{L}+) (\p{L}+)\b")
# inside parentheses that hold only capitalized names separated by commas, up to this word
_PAREN_LIST_BEFORE = _compile(r"\((?:\s*\p{Lu}[\p{L}\d-]*(?: \p{Lu}[\p{L}\d-]*)*,)*\s*$")
_PAREN_LIST_AFTER = _compile(r"(?: \p{Lu}[\p{L}\d-]*)*\s*(?:,\s*\p{Lu}|\))")
_ET_AL = _compile(r"\s+et\.?\s+al\b")
_INITIALS_AFTER = _compile(r",?\s*(?:\p{Lu}\.\s*)+")
_CAPITAL_HYPHEN_BEFORE = _compile(r"\p{Lu}\p{L}*-$")
_HYPHEN_CAPITAL_AFTER = _compile(r"-\p{Lu}")
_SPACE_CAPITAL = _compile(r" \p{Lu}")
_TITLE_BEFORE = _compile(r"(\p{L}+)\.?\s+$")
_CAPITALIZED = _compile(r"(?<![\p{L}\p{N}'’])\p{Lu}[\p{L}'’]*")
_NON_SPACE_BEFORE = _compile(r"\S*$")
_NON_SPACE_AFTER = _compile(r"\S*")
_WORD_BEFORE_HYPHEN = _compile(r"(\p{L}+)-$")
_WORD_BEFORE_PAREN = _compile(r"(\p{L}+)\s*\($")
_INITIAL = _compile(r"\b\p{Lu}\.$")
_CONTRACTION_ENDINGS = ("'s", "'ll", "'re", "'ve", "'d", "'m", "n't")
_REDUPLICATED = _compile(r"[ -]")
# American -> British/Commonwealth spellings, by the variant that uses each (Canada writes -our and
# -re but -ize and American medical spellings; Britain and Australia write -ise and ae/oe).
_COMMONWEALTH = ((r"or(s|ed|ing|able|ite|ites|ful|less)?$", r"our\1"), (r"(?<=[bt])er(s)?$", r"re\1"),
                 (r"ense(s)?$", r"ence\1"), (r"(?<=[aeiou][lr])([aeiou])l(ed|ing|er|ers)$", r"\1ll\2"),
                 (r"og(s)?$", r"ogue\1"))
_BRITISH_ONLY = ((r"iz(e|es|ed|ing|ation|ations)$", r"is\1"), (r"yz(e|es|ed|ing)$", r"ys\1"),
                 (r"^hem", "haem"), (r"^ped(?=ia)", "paed"), (r"em(ia|ias|ic)$", r"aem\1"), (r"^e(?=d[ei]m|soph|strog)", "oe"),
                 (r"rhea(l?)$", r"rhoea\1"), (r"^anes", "anaes"), (r"^orthoped", "orthopaed"), (r"^leuk(?=em)", "leuk"),
                 (r"gram(s?)$", r"gramme\1"))
_AMERICAN_TO_BRITISH = {
    "en-CA": tuple((_compile(p), r) for p, r in _COMMONWEALTH),
    "en-GB": tuple((_compile(p), r) for p, r in _COMMONWEALTH + _BRITISH_ONLY),
    "en-AU": tuple((_compile(p), r) for p, r in _COMMONWEALTH + _BRITISH_ONLY),
}
# a letter outside ASCII in a word no list knows: English's borrowed accents (café, naïve) are in
# the lists, so an unknown accented word is a transliteration (xiāng, dòu) or a foreign word
_FOREIGN = _compile(r"[^\x00-\x7f\u2019\u2018\u02bc]")
_FILE_EXTENSION = _compile(r"\.(?:ini|txt|json|ya?ml|toml|cfg|conf|log|csv|tsv|sh|py|js|ts|md|html?|xml|sql|pdf|docx?|xlsx?|zip|gz|tar|img|iso|bin|hex|exe|apk|deb|rpm|service|rules)\b(?![\p{L}\p{N}])")
# a species epithet or the Latin half of a condition's name after its noun: "hallux limitus",
# "rhinitis medicamentosa", "labia minora", "acanthosis nigricans"
_LATIN_NOUN_BEFORE = _compile(r"\b(\p{L}+(?:us|is|a|ae|um|ux|ex|ix|on|ia))\s$")
_LATIN_EPITHET = _compile(r"\p{Ll}+(?:osa|osum|osus|ica|icum|icus|ans|ens|ior|us|um|a|ae|is|i|ii)")
_PARENTHESIZED = _compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SEGMENT_WORD = _compile(r"\p{L}[\p{L}\p{N}'’\-]*")
_LATIN_FORM = _compile(r"(?:osa|osum|osus|ica|icum|icus|ae|ii|um|us)$")
_ADJECTIVE_ENDINGS = ("ic", "al", "ous", "ive", "ar", "ile")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class SpellingKind(RuleKind):
    OPTIONS = {
        "word_lists": (list, [], "accepted-word files (plain, .gz or Hunspell .dic), relative to the pack file"),
        "domain_word_lists": (list, [], "accepted-word files whose words rank high among corrections (the medical vocabulary)"),
        "reference_word_lists": (list, [], "large reference lists (relative to the pack file): their words are "
                                           "known and may be suggested, but rank as uncommon and never count "
                                           "as everyday words (a species after a genus is still Latin)"),
        "domain_weight": (int, 10_000, "rank of a domain word among corrections, as a pyspellchecker count", at_least(0)),
        "misspellings": (dict, {}, "high-confidence misspellings a dictionary may accept: wrong -> right", mapping_of(str, str)),
        "names": (str, "skip", "unknown capitalized words that look like names (after a title, before 'says', "
                               "next to other names, capitalized elsewhere): skip, info or warning"),
        "unknown_capitalized": (str, "info", "other unknown capitalized words mid-sentence with no close "
                                             "dictionary word: skip, info or warning"),
        "min_length": (int, 3, "shorter words are not checked", at_least(1)),
        "british_spellings": (bool, True, "accept British spellings of words the lists know (tumour, oedema)"),
        "closed_compounds": (bool, True, "accept two common content words written as one (handwashing, sweatproof)"),
        "prefixes": (list, [], "combining forms that may be glued to a known word (hemi + vertebrae)"),
        "combining_forms": (list, [], "Greek and Latin roots that are not words alone (dermat, kerat); a root plus a "
                                      "medical ending (dermatoscope) is accepted unless a word is one edit away"),
        "latin_adjectives": (bool, False, "accept an adjective in -al made from a known Latin noun in -us, -um or -a "
                                          "(fundus: fundal)"),
        "suffixes": (list, [], "endings that may be glued to a known word (exertion + like)"),
        "derivations": (dict, {}, ("derived endings and the base endings they replace (ic: [y] accepts "
                                   "radiculopathic from radiculopathy), accepted unless a common word is one edit away"),
                        mapping_of(str, list)),
        "negating_prefixes": (list, [], "prefixes that negate a known adjective (a + traumatic)"),
        "medical_endings": (list, [], "medical endings a known word may take, with or without a linking 'o' (colon + ography)"),
        "titles": (list, [], "words before a name (Dr, Prof)"),
        "name_verbs": (list, [], "verbs that follow a quoted person's name (says, explains)"),
        "eponym_nouns": (list, [], "nouns that follow a person's name in medical terms (syndrome, disease)"),
        "known_misspellings": (bool, True, "flag the misspellings of codespell's list (dissapear, noticable) "
                                           "as typos, whatever the rest of the rule decides"),
        "confidence": (bool, True, "report an unknown word only when a much more frequent word is one or two "
                                   "edits away (web frequencies from wordfreq), or when it is a known misspelling"),
        "unattested": (str, "skip", "unknown words with no close, much more frequent word (a term, a name, a "
                                    "brand): skip or info"),
        "margin": ((int, float), 2.0, "how much more frequent a word one edit away must be, in Zipf units "
                                      "(1 is ten times as frequent)", at_least(0)),
        "margin_two_edits": ((int, float), 3.0, "the same for a word two edits away", at_least(0)),
        "draft_terms": (int, 5, "an unknown word a draft uses this many times is its term (a brand, a "
                                "technique), not a slip, unless it is a known misspelling (0: off)", at_least(0)),
        "library_terms": (int, 3, "an unknown word that this many drafts of the run use is a term, not a typo, "
                                  "unless it is a known misspelling (0: off)", at_least(0)),
        "foreign_words": (str, "skip", "unknown words with letters English does not use (xiāng, 黄帝内经): skip or info"),
        "other_variant": (str, "skip", "with the config's `language` set to a variant, spellings of the other "
                                       "variant (colour in en-US, color in en-GB): skip, info or warning"),
    }

    def prepare(self) -> None:
        self._entry_like: list = [None, False]  # the last block asked about and whether it is a reference entry
        for key in ("names", "unknown_capitalized", "other_variant"):
            if self.options[key] not in ("skip", "info", "warning"):
                raise PackError(f"rule '{self.spec.id}': option '{key}' must be skip, info or warning", self.spec.source)
        for key in ("unattested", "foreign_words"):
            if self.options[key] not in ("skip", "info"):
                raise PackError(f"rule '{self.spec.id}': option '{key}' must be skip or info", self.spec.source)
        self.web = web_frequencies() if self.options["confidence"] else None
        if self.web is not None and not self.web:
            self.web = None  # wordfreq is not installed: every unknown word is reported, as before
        self.language = self.context.language
        base = Path(self.spec.source).parent if self.spec.source else Path(".")
        lists, domain, reference = (tuple(str((base / name).resolve()) for name in self.options[option])
                                    for option in ("word_lists", "domain_word_lists", "reference_word_lists"))
        self.lexicon = _lexicon(lists, domain, reference, self.options["domain_weight"],
                                frozenset(self.context.accepted_words))
        self.rejected = {w.lower().translate(_APOSTROPHES) for w in self.context.rejected_words}
        self.misspellings = {k.lower().translate(_APOSTROPHES): str(v) for k, v in self.options["misspellings"].items()}
        self.prefixes = tuple(sorted({p.lower() for p in self.options["prefixes"]}, key=len, reverse=True))
        self.combining_forms = frozenset(p.lower() for p in self.options["combining_forms"])
        self.medical_endings = tuple(sorted({p.lower() for p in self.options["medical_endings"]}, key=len, reverse=True))
        self.suffixes = tuple(sorted({p.lower() for p in self.options["suffixes"]}, key=len, reverse=True))
        self.derivations = tuple(sorted(((d.lower(), tuple(str(b).lower() for b in bases))
                                         for d, bases in self.options["derivations"].items()),
                                        key=lambda item: len(item[0]), reverse=True))
        self.negating_prefixes = tuple(p.lower() for p in self.options["negating_prefixes"])
        self.titles = {t.lower().rstrip(".") for t in self.options["titles"]}
        self.name_verbs = {v.lower() for v in self.options["name_verbs"]}
        self.eponym_nouns = {n.lower() for n in self.options["eponym_nouns"]}
        self._fine: set[str] = set()  # tokens known to need no further look, across drafts
        self._verdicts: dict[str, bool] = {}

    # --- what counts as a known word -----------------------------------------------------------

    def known(self, word: str) -> bool:
        lex = self.lexicon
        if lex.contains(word):
            return True
        if len(word) > 40:
            return False  # no word is that long; spare the compound and prefix searches
        lower = word.lower()
        for ending in _CONTRACTION_ENDINGS:
            if lower.endswith(ending) and len(lower) > len(ending) + 1:
                stem = word[: -len(ending)]
                return self.known(stem) if "'" not in stem else False
        if lower.endswith("'"):  # plural possessive: "patients'"
            return self.known(word[:-1])
        # plurals of words the lists know in the singular: ataxias, bisphosphonates, enthesopathies
        if len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss"):
            if lex.contains(word[:-1]) or (lower.endswith("es") and lex.contains(word[:-2])):
                return True
            if lower.endswith("ies") and lex.is_word(lower[:-3] + "y"):
                return True
        if self.options["british_spellings"] and lex.american(lower):
            return True
        if self.options["closed_compounds"] and lex.closed_compound(lower):
            return True
        for suffix in self.suffixes:
            if lower.endswith(suffix) and len(lower) - len(suffix) >= 4 and lex.is_word(lower[: -len(suffix)]):
                return True
        if self.derivations and self._derived(lower):
            return True
        # a medical ending on a known word ("colon" + "ography"), unless a word one edit away
        # explains it better ("tonsilectomy" is a misspelled "tonsillectomy")
        for ending in self.medical_endings:
            if lower.endswith(ending):
                stem = lower[: -len(ending)]
                stems = (stem, stem[:-1]) if stem.endswith("o") else (stem,)
                if any(len(s) >= 4 and lex.is_word(s) for s in stems) or any(s in self.combining_forms for s in stems):
                    return not any(" " not in c for c in lex.corrections(lower, max_distance=1))
        # an adjective made from a Latin anatomical noun: fundus -> fundal, stratum -> stratal
        if self.options["latin_adjectives"] and lower.endswith("al") and len(lower) >= 6:
            stem = lower[:-2]
            if any(lex.is_word(stem + ending) for ending in ("us", "um", "a")):
                return True
        # combining forms glued to a known word: hemivertebrae, orofacial, nonobstructive
        for prefix in self.prefixes:
            if lower.startswith(prefix):
                rest = lower[len(prefix):]
                if len(rest) >= 4 and (lex.is_word(rest) or (rest[0] in "-" and lex.is_word(rest[1:]))):
                    return True
        return False

    def _derived(self, lower: str) -> bool:
        """A known word with a derivational ending in place of its own ("radiculopathy" ->
        "radiculopathic", "deprivation" -> "deprivational", "cable" -> "cableless") or a negating
        prefix before a known adjective ("atraumatic"), unless a common word other than the base
        is one edit away (then it is more likely a slip of that word)."""
        lex = self.lexicon
        base = None
        for derived, bases in self.derivations:
            if lower.endswith(derived) and len(lower) > len(derived) + 3:
                stem = lower[: -len(derived)]
                base = next((stem + b for b in bases if lex.is_word(stem + b)), None)
                if base is not None:
                    break
        if base is None:
            for prefix in self.negating_prefixes:
                rest = lower[len(prefix):]
                if lower.startswith(prefix) and len(rest) >= 6 and rest.endswith(_ADJECTIVE_ENDINGS) and lex.is_word(rest):
                    base = rest
                    break
        if base is None:
            return False
        for c in lex.corrections(lower, max_distance=1):
            if " " in c or c == base:
                continue
            if self._web_zipf(c) >= 2.5:
                return False
        return True

    # --- checking ------------------------------------------------------------------------------

    def _token_is_fine(self, token: str) -> bool:
        """Whether a token (as the tokenizer cut it) needs no look at its context: every part a
        known word, a number, an acronym or too short, and none rejected or a known misspelling.
        Only the few other tokens are examined where they occur. Context-free, so remembered."""
        verdict = self._verdicts.get(token)
        if verdict is None:
            if len(self._verdicts) > 200_000:
                self._verdicts.clear()
            verdict = self._verdicts[token] = self._judge_token(token)
        return verdict

    def _judge_token(self, token: str) -> bool:
        min_len = self.options["min_length"]
        for part in token.split("-") if "-" in token else (token,):
            if not part:
                continue
            word = part.translate(_APOSTROPHES)
            lower = word.lower()
            if lower in self.rejected or lower in self.misspellings:
                return False
            if not (len(word) < min_len or _not_a_word(word) or self.known(word)):
                return False
        return True

    def _biosimilar_suffix(self, text: str, start: int, word: str) -> bool:
        """The FDA's four-letter suffix of a biologic ("adalimumab-adaz", "filgrastim-sndz")."""
        if len(word) != 4 or not word.islower() or text[start - 1:start] != "-":
            return False
        m = _WORD_BEFORE_HYPHEN.search(text, max(0, start - 40), start)
        return bool(m and self.lexicon.in_domain(m.group(1).lower()))

    def _syllables(self, token: str) -> bool:
        """A lower-case respelling: three or more short parts, two of them not words ("boe-maa-nee")."""
        parts = token.split("-")
        return (len(parts) >= 3 and all(len(p) <= 5 for p in parts)
                and sum(not self.lexicon.contains(p) for p in parts) >= 2)

    def check(self, doc: Document) -> Iterable[Finding]:
        blocks = [b for b in doc.blocks if b.kind in PROSE_KINDS or b.kind == "heading"]
        fine = self._fine
        # One tokenizer pass over all the blocks: a token never spans the newline between two
        # blocks (it is letters, digits and inner apostrophes or hyphens), so these are exactly
        # the blocks' tokens. Set arithmetic on distinct tokens keeps the common case (every
        # word known) in C.
        all_tokens = set(WORD_RE.findall("\n".join([b.text for b in blocks])))
        suspects: set[str] = set()
        for token in all_tokens - fine:
            if self._token_is_fine(token):
                if len(fine) > 200_000:
                    fine.clear()
                fine.add(token)
            else:
                suspects.add(token)
        if self.options["other_variant"] != "skip" and self.language != "en":
            yield from self._variants(doc, blocks, all_tokens - suspects)
        if not suspects:
            return
        clipped = _clipped_forms(suspects, all_tokens - suspects, self._drug_word)
        if clipped:  # "tirz" in a draft about tirzepatide: a clipped form the writer uses on purpose
            suspects -= clipped
            if not suspects:
                return
        acronyms = {t for t in suspects if len(t) >= 3 and not t.isupper() and t.upper() in all_tokens}
        if acronyms:  # "Pfas" in a Title Case heading of a draft that writes PFAS: the acronym, not a slip
            suspects -= acronyms
            if not suspects:
                return
        code_words = _code_words(doc.source) if any(c in doc.source for c in "`~") else frozenset()
        if code_words:  # a word the draft also writes as code ("run `dmesg`") is a command, not a slip
            suspects = {t for t in suspects if t.casefold() not in code_words}
            if not suspects:
                return
        capitalized: dict[str, tuple[int, int]] | None = None
        for block in blocks:
            text = block.text
            if not any(s in text for s in suspects):
                continue  # no suspect token can be in this block
            # a paragraph that mixes code spans into its prose is technical: its unknown words
            # are identifiers, commands and product names; only known slips are reported there
            technical = code_words and "`" in doc.source[block.start:block.end]
            foreign_block = None
            for m in WORD_RE.finditer(text):
                token = m.group(0)
                if token not in suspects or _in_skipped_span(text, m.start(), m.end()):
                    continue
                if _SIC.match(text, m.end()):
                    continue  # "typpos (sic)": misspelled on purpose, and marked so
                if block.links and _named_by_link(block, m.start(), m.end(), token):
                    continue  # "[xdrip-js](https://github.com/xdrip-js/...)": the name of what is linked
                if text.startswith("-", m.end()) and (m.end() + 1 == len(text) or text[m.end() + 1].isspace()):
                    continue  # a prefix left hanging for the next word: "iso- or hypertonic"
                if text.startswith(("\u2026", "..."), m.end()):
                    continue  # a word cut short by an excerpt's ellipsis ("increasing the ris…")
                if _FILE_EXTENSION.match(text, m.end()) or (text[m.start() - 1:m.start()] == "." and m.start() >= 2
                                                             and _FILE_EXTENSION.match(text, m.start() - 1)
                                                             and text[m.start() - 2].isalnum()):
                    continue  # a file name: "xdrip.ini", "preferences.json"
                if text[m.end():m.end() + 1] == "_" or text[m.start() - 1:m.start()] == "_":
                    continue  # part of an identifier: "mmtune_old", "max_iob"
                if m.start() >= 2 and text[m.start() - 1] == "(" and text[m.start() - 2].isalpha():
                    continue  # the rest of a word in parentheses: "Temp(orary)", "dose(s)"
                if foreign_block is None:
                    foreign_block = _other_language(text)
                if foreign_block:
                    continue  # a paragraph in another language: not English to spell-check
                if "-" in token and (_PRONUNCIATION.fullmatch(token) or self._syllables(token)):
                    continue  # a respelling for readers: "(an-JI-nuh)", "(ath-er-o-skler-O-sis)"
                # In a hyphenated compound, a part of five letters or fewer is a prefix, an
                # abbreviation or a name's stem ("iso-osmolar", "ob-gyn", "wpa-psk", "dfu-util"),
                # and a compound with a number in it is chemical nomenclature with locants
                # ("2-methoxyphenol", "oxazolidine-2-thione"): there only a known slip is reported.
                compound = "-" in token
                locants = compound and any(c.isdigit() for c in token)
                for start, end in _parts(text, m.start(), m.end()):
                    word = text[start:end].translate(_APOSTROPHES)
                    if self._token_is_fine(word) or self._biosimilar_suffix(text, start, word):
                        continue
                    # words excused by where they stand, unless they are a known slip:
                    excused = (compound and (locants or end - start <= 5)
                               # a combining form before its hyphen: "pharmaco-centric", "immuno-oncology"
                               or (compound and word.endswith("o") and text.startswith("-", end))
                               # "_Coffea_ plant berries": a genus or a foreign term set in italics
                               or (word[0].isupper() and _italic_start(doc.source, block.to_source(start)))
                               # "[Rerii 90 Degree USB Cable](https://...)": the name of a product or maker linked to
                               or (word[0].isupper() and bool(block.links) and _in_external_link(block, start, end)))
                    if excused and not self._known_slip(word.lower()):
                        continue
                    if word[0].isupper() and capitalized is None:
                        capitalized = self._capitalized_words(blocks, suspects, all_tokens)
                    if word[0].isupper() and self._cited_name(text, start, end, block):
                        continue  # an author in a reference entry or an inline citation: a name
                    finding = self._check_word(doc, block, start, end, word, capitalized, technical)
                    if finding is not None:
                        yield finding

    def _check_word(self, doc: Document, block: Block, start: int, end: int, word: str,
                    capitalized: dict[str, tuple[int, int]] | None, technical: bool = False) -> Finding | None:
        text = block.text
        lower = word.lower()
        if lower in self.rejected:
            return self._finding(doc, block, start, end, self._corrections(lower), "warning", fix=False)
        right = self.misspellings.get(lower)
        if right is not None and "'" in right and word.isupper() and len(word) > 1:
            right = None  # a word in capitals is an abbreviation ("IM" for intramuscular), not "I'm" typed bare
        if right is not None:
            return self._finding(doc, block, start, end, [right], None, fix=True)
        if self.options["known_misspellings"]:
            fixes = known_misspellings().get(lower)
            if fixes:  # a slip people are known to make: a typo whatever its case or context
                if len(fixes) > 1:  # codespell lists them alphabetically: rank them as the dictionary does
                    fixes = sorted(fixes, key=lambda c: -self.lexicon._score(lower, c.lower()))
                return self._finding(doc, block, start, end, fixes[:3], "warning", fix=len(fixes) == 1)
        contraction = self._contraction_of(lower)
        if contraction is not None:  # "arnt", "youre": a contraction without its apostrophe
            return self._finding(doc, block, start, end, [contraction], "warning", fix=True)
        if technical:
            return None  # an unknown word beside code: an identifier, not a slip
        if _REDUPLICATED.match(text, end) and text[end + 1:end + 1 + len(word)].lower() == lower or \
                (start > len(word) and text[start - len(word) - 1:start - 1].lower() == lower and text[start - 1] == " "):
            return None  # a name said twice on purpose: "camu camu", "bora bora"
        if _FOREIGN.search(word):
            # letters English does not use: a transliteration, a foreign word or script
            return self._finding(doc, block, start, end, [], "info", fix=False) if self.options["foreign_words"] == "info" else None
        at_start = _starts_sentence(text, start)
        if word[0].isupper():
            verdict = self._judge_capitalized(text, start, end, word, at_start, capitalized or {},
                                              heading=block.kind == "heading")
            if verdict is not None:
                severity, candidates = verdict
                if severity == "skip":
                    return None
                return self._finding(doc, block, start, end, candidates, severity, fix=False)
        if text[start - 1:start] == "(" and text[end:end + 1] == ")" and word.islower():
            said = _WORD_BEFORE_PAREN.search(text, max(0, start - 40), start)
            if said and said.group(1)[:1].lower() == word[:1]:
                return None  # a respelling for readers: "plaque (plak)"
        if _LATIN_ENDING.fullmatch(word) and self._after_genus(text, start):
            return None  # "Haemophilus influenzae", "C. difficile" (binomial names)
        if _LATIN_EPITHET.fullmatch(lower) and self._after_latin_noun(text, start):
            return None  # "hallux limitus", "rhinitis medicamentosa": a Latin name of a condition
        candidates = self._corrections(lower)
        if self.web is not None and not self.confident(lower, candidates):
            # no much more frequent word close to it: a rare term, a name or a brand, not a slip
            return self._finding(doc, block, start, end, [], "info", fix=False) if self.options["unattested"] == "info" else None
        unambiguous = self.lexicon.clear_winner(lower, candidates)
        return self._finding(doc, block, start, end, candidates, None, fix=unambiguous)

    def _known_slip(self, lower: str) -> bool:
        """A word the rule reports whatever its context: rejected, a listed or known misspelling,
        or a contraction typed without its apostrophe."""
        if lower in self.rejected or lower in self.misspellings:
            return True
        if self.options["known_misspellings"] and known_misspellings().get(lower):
            return True
        return self._contraction_of(lower) is not None

    def confident(self, lower: str, candidates: list[str]) -> bool:
        """Whether `lower` is a slip for one of its candidates, judged by how often the web
        writes each (Zipf values; 3 is once in a million words):
        - a word the web writes is a slip when a word one edit away is written `margin` units
          more often, or one two edits away `margin_two_edits` units more often; a unit more
          when the web writes it at Zipf 2 or more (then it is a word, or a misspelling common
          enough to be in the known list);
        - a word the web never writes is a slip when a word one edit away is attested (Zipf 1,
          or in the domain vocabulary), or one two edits away is common (Zipf 3) or a domain word.
        Two words run together count only when the web never writes the joined form and both
        halves have three letters or more ("thesolution", not "upregulating")."""
        web = self.web
        if web is None:
            return bool(candidates)
        seen = web.zipf(lower)
        m1, m2 = self.options["margin"], self.options["margin_two_edits"]
        if seen >= 2.0:
            m1, m2 = m1 + 1.0, m2 + 1.0  # the web writes it: a word, or a misspelling as common as a word
        for c in candidates:
            domain = False
            if " " in c:  # two words run together: "thesolution", "lifestylewith"
                parts = c.split(" ")
                if seen > 0 or min(len(p) for p in parts) < 3:
                    continue
                frequency, distance = min(web.zipf(part) for part in parts), 1
            else:
                frequency = web.zipf(c)
                # a medical word the lists hold, or one the rule builds from parts ("nephroscope")
                # A word the rule only builds is no evidence against an unknown word built the same
                # way: "oxalosis" is no slip for a made-up "axalosis" (both a stem and "-osis").
                # A built word the web never writes is no evidence against a Latin word either
                # ("medicamentoma" for "medicamentosa").
                domain = self.lexicon.in_domain(c) or (not self.lexicon.is_word(c) and self._builds(c)
                                                       and (frequency > 0 or not _LATIN_FORM.search(lower))
                                                       and not any(lower.endswith(e) for e in self.medical_endings))
                if frequency < 2.0 and domain:
                    frequency = 2.0  # a medical word the web seldom writes is still the likely intended one
                distance = edit_distance(lower, c)
            if distance <= 1 and ((seen == 0 and frequency >= 1.0) or (seen > 0 and frequency - seen >= m1)):
                return True
            if distance == 2 and len(lower) >= 5 and ((seen == 0 and (frequency >= 3.0 or domain))
                                                      or (seen > 0 and frequency - seen >= m2)):
                return True
        return False

    def _variants(self, doc: Document, blocks: list[Block], tokens: set[str]) -> Iterable[Finding]:
        """Spellings of the other variant than the config's `language` ("colour" in en-US,
        "color" in en-GB), reported as `other_variant` says."""
        wanted = {}
        for token in tokens:
            if not token.isalpha() or len(token) < 4:
                continue
            preferred = self._variant_of(token.lower())
            if preferred is not None:
                wanted[token] = preferred
        if not wanted:
            return
        severity = self.options["other_variant"]
        region = {"en-US": "American", "en-GB": "British", "en-CA": "Canadian", "en-AU": "Australian"}[self.language]
        for block in blocks:
            for m in WORD_RE.finditer(block.text):
                preferred = wanted.get(m.group(0))
                if preferred is None:
                    continue
                word = m.group(0)
                preferred = _match_case(word, preferred)
                src_start, src_end = block.source_span(m.start(), m.end())
                fix = Fix(src_start, src_end, preferred) if self.spec.fixable and doc.source[src_start:src_end] == word else None
                yield Finding(src_start, src_end, f"\u201c{word}\u201d is not the {region} spelling; the house style "
                                                   f"(language: {self.language}) writes \u201c{preferred}\u201d",
                              suggestion=preferred, fix=fix, severity=severity)

    def _variant_of(self, lower: str) -> str | None:
        lex = self.lexicon
        american_listed = bool(lex.flags(lower) & LISTED)  # the word lists are American (SCOWL en_US)
        if self.language == "en-US":
            if american_listed:
                return None
            us = lex.american(lower)
            return us if us and lex.flags(us) & LISTED else None
        if not american_listed:
            return None
        web = self.web
        for pattern, british in _AMERICAN_TO_BRITISH.get(self.language, ()):
            candidate = pattern.sub(british, lower, count=1)
            if candidate == lower or lex.flags(candidate) & LISTED:
                continue
            # the British form must be a real spelling: common in English text
            if (web is not None and web.zipf(candidate) >= 2.5) or lex.count(candidate) >= 500:
                if lex.american(candidate) == lower:
                    return candidate
        return None

    def _contraction_of(self, lower: str) -> str | None:
        """The contraction a word is with its apostrophe dropped ("arent", "youre") and maybe
        the letter beside it ("arnt"), from the common contractions of the English list."""
        table = getattr(self, "_contractions", None)
        if table is None:
            from ..dictionary import english_frequencies

            table = self._contractions = {}
            for word, count in english_frequencies().items():
                if "'" not in word or count < 1000 or word.count("'") != 1 or word.endswith("'s"):
                    continue  # contractions only ("aren't", "you're"), not possessives
                i = word.index("'")
                bare = word.replace("'", "")
                # the apostrophe dropped, and with it maybe a letter just before ("arnt")
                for variant in {bare} | {bare[:j] + bare[j + 1:] for j in (i - 2, i - 1) if j >= 1}:
                    if len(variant) >= 3 and not self.lexicon.contains(variant):
                        table.setdefault(variant, word)
        return table.get(lower)

    def across_drafts(self, diagnostics: list) -> list:
        """The library teaches its vocabulary: a word flagged in `library_terms` or more drafts
        of the run is the site's term (a product, a technique, a transliteration), not a slip,
        unless it is a known misspelling or a rejected word."""
        need, per_draft = self.options["library_terms"], self.options["draft_terms"]
        if not diagnostics or (need <= 0 and per_draft <= 0):
            return diagnostics
        drafts: dict[str, set[str]] = {}
        uses: dict[tuple[str, str], int] = {}
        for d in diagnostics:
            word = d.snippet.casefold().translate(_APOSTROPHES)
            drafts.setdefault(word, set()).add(d.path)
            uses[(word, d.path)] = uses.get((word, d.path), 0) + 1
        terms = {w for w, paths in drafts.items()
                 if ((need > 0 and len(paths) >= need) or (per_draft > 0 and any(uses[(w, p)] >= per_draft for p in paths)))
                 and not self._known_slip(w)}
        if not terms:
            return diagnostics
        return [d for d in diagnostics if d.snippet.casefold().translate(_APOSTROPHES) not in terms]

    def _corrections(self, lower: str) -> list[str]:
        found = self.lexicon.corrections(lower)
        if self.web is None or not 5 <= len(lower) <= 24 or not lower.isalpha():
            return found
        web = self.web
        if found and any(" " in c or "'" in c or (edit_distance(lower, c) <= 1 and web.zipf(c) >= 1.0) for c in found):
            return found  # an attested word one edit away: no need to look further
        built = [] if self._builds(lower) else self._built_corrections(lower)
        if built:
            return built
        # nothing one edit away: the dictionary's two-edit search and any other two-edit word
        merged = {c: edit_distance(lower, c) for c in found}
        for c in self._far_corrections(lower):
            merged.setdefault(c, edit_distance(lower, c))
        return sorted(merged, key=lambda c: (merged[c], -self.lexicon.weight(c), c))[:3]

    def _built_corrections(self, lower: str) -> list[str]:
        """Words one edit away that no list holds but the rule builds from parts it knows (a
        combining form and a medical ending: "dermatoscope"), for slips of such words."""
        from ..dictionary import edits1

        if len(lower) < 8:
            return []
        return sorted(e for e in edits1(lower) if e.isalpha() and not self.lexicon.is_word(e) and self._builds(e))[:3]

    def _builds(self, lower: str) -> bool:
        """A combining form or a known word with a medical ending ("nephr" + "o" + "scope"), as
        `known` accepts them but without its veto of a dictionary word one edit away."""
        lex = self.lexicon
        for ending in self.medical_endings:
            if lower.endswith(ending):
                stem = lower[: -len(ending)]
                stems = (stem, stem[:-1]) if stem.endswith("o") else (stem,)
                if any(len(s) >= 4 and lex.is_word(s) for s in stems) or any(s in self.combining_forms for s in stems):
                    return True
        return False

    def _far_corrections(self, lower: str) -> list[str]:
        """Words two edits away of any kind ("expecialy": especially), from the web's frequent
        words and the domain vocabulary, found by rapidfuzz's edit distance in C; the dictionary's
        own two-edit search covers only a deletion or a swap plus one edit."""
        try:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA
        except ImportError:
            return []
        pool = self._pool_by_length()
        choices = [w for n in range(len(lower) - 2, len(lower) + 3) for w in pool.get(n, ())]
        hits = process.extract(lower, choices, scorer=OSA.distance, score_cutoff=2, limit=8)
        ranked = sorted(((d, -self.lexicon.weight(w), w) for w, d, _ in hits if self.lexicon.is_word(w)))
        return [w for _, _, w in ranked[:3]]

    def _pool_by_length(self) -> dict[int, list[str]]:
        pool = getattr(self, "_pool", None)
        if pool is None:
            from ..dictionary import read_word_list

            words = set(self.web.frequent_words) if self.web is not None else set()
            base = Path(self.spec.source).parent if self.spec.source else Path(".")
            for name in self.options["domain_word_lists"]:
                try:
                    words |= {w for w in read_word_list(str((base / name).resolve())).any_case if w.isalpha()}
                except Exception:  # noqa: BLE001 - the lexicon reported an unreadable list already
                    pass
            pool = self._pool = {}
            for w in words:
                pool.setdefault(len(w), []).append(w)
        return pool

    def _cited_name(self, text: str, start: int, end: int, block: Block) -> bool:
        """Whether a capitalized word is an author's name: in a block shaped like a reference
        entry (authors with initials, a year, volume and pages, a DOI), or cited inline
        ("Khare et al. (2019)", "(Fowden and Moore, 2004)")."""
        if _CITED_AFTER.match(text, end):
            return True
        from ..zones import bibliographic_score

        cache = self._entry_like
        if cache[0] is not text:
            cache[0], cache[1] = text, bibliographic_score(text) >= 3
        return cache[1]

    def _judge_capitalized(self, text, start, end, word, at_start, capitalized_mid, heading=False):
        """(severity, corrections) for an unknown capitalized word, or None to treat it as an
        ordinary word (a sentence-initial typo, or a word of a Title Case heading)."""
        if self._looks_like_name(text, start, end, word, at_start, capitalized_mid, heading):
            return (self.options["names"], [])
        if at_start or heading:
            return None
        lower = word.lower()
        if self.web is not None and self.web.zipf(lower) >= 1.6:
            # capitalized mid-sentence and written on the web (Zipf 1.6: about once in 25 million
            # words): a name or a brand ("Storz", "Sitz")
            return (self.options["unknown_capitalized"], [])
        # one edit from a dictionary word: a typo; names are seldom that close ("Zorblat")
        close = self.lexicon.corrections(lower, max_distance=1)
        if close and (self.web is None or self.confident(lower, close)):
            return ("warning", close)  # a close, much more frequent word and no sign of a name: a typo
        return (self.options["unknown_capitalized"], [])

    def _looks_like_name(self, text: str, start: int, end: int, word: str, at_start: bool,
                         seen: dict[str, tuple[int, int]], heading: bool = False) -> bool:
        """Evidence that an unknown capitalized word is a name (a person, place, brand, genus).
        In a Title Case heading every word is capitalized, so there neighbours prove nothing:
        only the other signs count, or the body writing the word capitalized mid-sentence."""
        offset = max(0, start - 60)
        before = text[offset:start]
        after = text[end:end + 60]
        prev = _PREV_WORD.search(before)
        prev_word = prev.group(1) if prev else ""
        nxt = _NEXT_WORD.match(after)
        next_word = nxt.group(1) if nxt else ""
        if prev_word.lower() in self.titles or self._after_title(text, offset + prev.start(1) if prev else -1):
            return True  # "Dr. Vasileff", "Dr. Rafael Echeverría"
        if _ET_AL.match(after):
            return True  # "Quintner et al"
        if _INITIALS_AFTER.match(after) or _INITIAL.search(before.rstrip(" ,")):
            return True  # next to an initial: "Dicharry, J." / "Leigh F. Callahan"
        if next_word.lower() in self.name_verbs or (prev_word.lower() in self.name_verbs and before.endswith(" ")
                                                     and prev.group(2) == ""):
            return True  # "Pariser says", "says Pariser" (not "...is recommended. Allopurinal")
        if next_word.lower() in self.eponym_nouns and after[:1] in (" ", "-"):
            return True  # "Pompe disease", "Holter monitor"
        if word.endswith("'s"):
            return True  # "Wernicke's", "Onnit's"
        if _CAPITAL_HYPHEN_BEFORE.search(before) or _HYPHEN_CAPITAL_AFTER.match(after):
            return True  # a double-barrelled eponym: "Legg-Calvé-Perthes", "Shwachman-Diamond"
        if self._brand_after_drug(before):
            return True  # a brand after its generic in a list or table: "omeprazole Losec"
        if before.endswith("(") and after.startswith(")"):
            return True  # a brand in parentheses after the generic: "adalimumab (Hyrimoz)"
        if _PAREN_LIST_BEFORE.search(before) and _PAREN_LIST_AFTER.match(after):
            return True  # one of a list of names in parentheses: "vaginal rings (Estring, Femring)"
        two = _NEXT_TWO_WORDS.match(after)
        if two and two.group(1).islower() and two.group(2).lower() in self.eponym_nouns:
            return True  # "Lafora body disease", "Lewy body dementia"
        if _LATIN_ENDING.fullmatch(next_word) and after.startswith(" ") and self._latin_word(next_word):
            return True  # a genus before its species: "Haemophilus influenzae"
        if heading:  # the draft writes it capitalized elsewhere too, and never in lower case
            return seen.get(word.removesuffix("'s"), (0, 0))[1] >= 2
        # next to another name-like capitalized word: "Rob Danoff", "Carolina Thurston Arthritis",
        # "Priya Raman"
        if next_word[:1].isupper() and _SPACE_CAPITAL.match(after) and not _not_a_word(next_word):
            return True
        if prev_word[:1].isupper() and prev and prev.group(2) == "" and prev.group(3) == " ":
            prev_at_start = _starts_sentence(text, offset + prev.start(1))
            if not prev_at_start or self.lexicon.in_exact(prev_word) or not self.lexicon.contains(prev_word):
                return True
        # the draft writes it capitalized elsewhere and never in lower case: mid-sentence at least
        # once besides this occurrence, or three times in all (one capitalized slip is not a name)
        mid, total = seen.get(word.removesuffix("'s"), (0, 0))
        return mid - (0 if at_start else 1) >= 1 or total >= 3

    def _after_latin_noun(self, text: str, start: int) -> bool:
        """A medical noun of Latin or Greek shape just before ("hallux", "rhinitis", "labia"),
        from the medical or FDA lists, or a known word no everyday English writes often."""
        m = _LATIN_NOUN_BEFORE.search(text, max(0, start - 40), start)
        if m is None:
            return False
        noun = m.group(1).lower()
        bits = self.lexicon.flags(noun)
        if not bits & (KNOWN | DOMAIN | REFERENCE):
            return False
        # a technical noun, not an everyday one ("plasma glocose", "extra pateince" are slips)
        return self._web_zipf(noun) < 3.0

    def _brand_after_drug(self, before: str) -> bool:
        """A capitalized word after a drug's generic name, with only other brand names, commas
        and parenthesized synonyms between, inside one table cell or clause: "omeprazole Losec",
        "clofedanol (chlophedianol) Ulone", "fluorometholone FML , Flarex"."""
        cut = max(before.rfind("|"), before.rfind(". "), before.rfind("\n"))
        segment = _PARENTHESIZED.sub(" ", before[cut + 1:])
        words = _SEGMENT_WORD.findall(segment)
        for w in reversed(words):
            if w[:1].isupper() or w.isupper():
                continue  # another brand or an acronym ("FML", "MS-IR")
            return self._drug_word(w.lower())
        return False

    def _web_zipf(self, lower: str) -> float:
        """How often the web writes the word (Zipf); 0 without wordfreq, so the tests that ask
        whether a word is common then say it is not."""
        return self.web.zipf(lower) if self.web is not None else 0.0

    def _drug_word(self, lower: str) -> bool:
        """A word of the medical or FDA lists that is no everyday English word (omeprazole, not calcium)."""
        bits = self.lexicon.flags(lower)
        if not bits & (DOMAIN | REFERENCE):
            return False
        return self._web_zipf(lower) < 3.0

    def _latin_word(self, word: str) -> bool:
        """A word that may be a species epithet: unknown, or known only from a reference list
        (which holds many plants' and microbes' Latin names) and not an everyday word."""
        if not self.known(word):
            return True
        bits = self.lexicon.flags(word.lower())
        return bool(bits & REFERENCE) and not bits & (FREQUENT | DOMAIN)

    def _after_genus(self, text: str, start: int) -> bool:
        m = _GENUS_BEFORE.search(text, max(0, start - 40), start)
        if m is None:
            return False
        if m.group(1) is None:
            return True  # abbreviated genus: "E. coli"
        # a capitalized word that is not an everyday word ("The sciatia" stays a typo)
        return self.lexicon.count(m.group(1).lower()) < 1000

    def _after_title(self, text: str, pos: int) -> bool:
        """True when the word at `pos` follows a title ("Dr. Rafael" -> Rafael)."""
        if pos <= 0:
            return False
        m = _TITLE_BEFORE.search(text[max(0, pos - 20):pos])
        return bool(m and m.group(1).lower() in self.titles)

    def _capitalized_words(self, blocks: list[Block], suspects: set[str], all_tokens: set[str]) -> dict[str, tuple[int, int]]:
        """Suspect words the draft writes capitalized and never in lower case: word ->
        (occurrences in mid-sentence, all occurrences)."""
        wanted = {w.translate(_APOSTROPHES).removesuffix("'s") for t in suspects for w in t.split("-")}
        wanted = {w for w in wanted if w[:1].isupper()}
        if not wanted:
            return {}
        parts = {p for t in all_tokens for p in (t.split("-") if "-" in t else (t,))}
        lower_seen = {w.lower() for w in wanted} & parts
        counts: dict[str, list[int]] = {}
        for block in blocks:
            text = block.text
            for m in _CAPITALIZED.finditer(text):  # capitalized words only: a small share of the text
                w = m.group(0).translate(_APOSTROPHES).removesuffix("'s")
                if w not in wanted:
                    continue
                c = counts.setdefault(w, [0, 0])
                c[1] += 1
                if block.kind != "heading" and not _starts_sentence(text, m.start()):
                    c[0] += 1
        return {w: (c[0], c[1]) for w, c in counts.items() if w.lower() not in lower_seen}

    def _finding(self, doc: Document, block: Block, start: int, end: int, candidates: list[str],
                 severity: str | None, fix: bool) -> Finding:
        word = block.text[start:end]
        candidates = [_match_case(word, c) for c in candidates]
        suggestion = candidates[0] if candidates else None
        src_start, src_end = block.source_span(start, end)
        fix_obj = None
        if fix and suggestion and self.spec.fixable and doc.source[src_start:src_end] == word:
            fix_obj = Fix(src_start, src_end, suggestion)
        if len(candidates) > 1:
            hint = "; did you mean " + " or ".join(f"\u201c{c}\u201d" for c in candidates) + "?"
        elif suggestion:
            hint = f"; did you mean \u201c{suggestion}\u201d?"
        elif severity == "info":
            hint = " (a name? add it to vocabulary.accept)"
        else:
            hint = ""
        shown = word if len(word) <= 45 else word[:45] + "\u2026"  # a 50,000-letter token stays readable
        message = self.message(word=shown, hint=hint)
        return Finding(src_start, src_end, message, suggestion=suggestion, fix=fix_obj, severity=severity)


_LEXICONS: dict = {}


def _lexicon(lists: tuple[str, ...], domain: tuple[str, ...], reference: tuple[str, ...], domain_weight: int,
             accepted: frozenset[str]) -> Lexicon:
    """One Lexicon per distinct configuration in a process (word-list paths, weight, accepted
    words), so that every rule and draft shares its corrections."""
    key = (lists, domain, reference, domain_weight, accepted)
    lex = _LEXICONS.get(key)
    if lex is None:
        if len(_LEXICONS) > 8:
            _LEXICONS.clear()
        lex = _LEXICONS[key] = Lexicon(word_index(lists, domain, reference), accepted, domain_weight)
    return lex


_ENGLISH_FUNCTION = frozenset("the and of to in is a that for it with as was on are be this by you or".split())
_OTHER_FUNCTION = frozenset("""el la los las de del y en un una para por con que tu su es se al lo como más
le les des et du une dans pour sur est pas avec qui der die das und ist nicht mit ein eine zu von den dem
il di che per non una sono gli della o em um uma não com os""".split())


# Code in Markdown source: fenced blocks and inline spans.
_CODE = _compile(r"^[ \t]{0,3}(```+|~~~+)[^\n]*\n(.*?)^[ \t]{0,3}\1[ \t]*$|(`+)(?!`)(.+?)(?<!`)\3(?!`)", regex.M | regex.S)


_SIC = _compile(r"\W{0,3}\s?[\[(]?sic\b", regex.I)


def _clipped_forms(suspects: set[str], known: set[str], drug_word) -> set[str]:
    """Suspect tokens of three to six letters that begin a drug's name the same draft writes,
    at most 60% of it: "tirz" for tirzepatide, "sema" for semaglutide. A truncation slip keeps
    most of the word ("defaul"), and an everyday word is not clipped so ("urin" is a slip even
    in a draft about urination)."""
    short = {t for t in suspects if 3 <= len(t) <= 6 and t.isalpha()}
    if not short:
        return set()
    long_words = [w.casefold() for w in known if len(w) >= 8 and w.isalpha() and drug_word(w.casefold())]
    out = set()
    for t in short:
        folded = t.casefold()
        if any(w.startswith(folded) and len(folded) <= 0.6 * len(w) for w in long_words):
            out.add(t)
    return out


def _named_by_link(block: Block, start: int, end: int, token: str) -> bool:
    """Whether the token is in a link's text and the link's absolute URL spells it too: the
    name of the project, account or product the link points to, not a slip (a typo in a
    site's own slug is not excused: only links with a scheme count)."""
    folded = token.casefold()
    for link in block.links:
        if link.start <= start and end <= link.end and "://" in link.target \
                and folded in link.target.casefold():
            return True
    return False


def _italic_start(source: str, pos: int) -> bool:
    """Whether the word at source offset `pos` opens an italic span ("_Coffea_", "*Coffea
    arabica*"), not a bold one ("**Note**")."""
    before = source[max(0, pos - 2):pos]  # the mark, and what precedes it
    return before[-1:] in ("_", "*") and before[:-1] not in ("_", "*") and not before[:-1].isalnum()


def _in_external_link(block: Block, start: int, end: int) -> bool:
    """Whether text[start:end] is in the text of a link to another site (a URL with a scheme)."""
    return any(link.start <= start and end <= link.end and "://" in link.target for link in block.links)


def _code_words(source: str) -> frozenset:
    """The words a draft writes inside code (fenced blocks, `inline spans`), folded."""
    found = set()
    for m in _CODE.finditer(source):
        found.update(w.casefold() for w in WORD_RE.findall(m.group(2) or m.group(4) or ""))
    return frozenset(found)


def _other_language(text: str) -> bool:
    """A paragraph mostly in another language: its function words are Spanish, French, German,
    Italian or Portuguese ones, not English ones."""
    tokens = [t.lower() for t in WORD_RE.findall(text)]
    if len(tokens) < 6:
        return False
    other = sum(1 for t in tokens if t in _OTHER_FUNCTION)
    english = sum(1 for t in tokens if t in _ENGLISH_FUNCTION)
    return other >= 3 and other > 2 * english


def _in_skipped_span(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies in a URL, e-mail address, file name, inline code, handle or
    respelling. Only the run of non-space characters around it is examined."""
    left = _NON_SPACE_BEFORE.search(text, max(0, start - 200), start).start()
    right = _NON_SPACE_AFTER.match(text, end, min(len(text), end + 200)).end()
    if text.count("`", 0, start) % 2:
        return True  # inside `inline code` that the reader left in the text
    return any(m.start() <= start - left < m.end() for m in _SKIP_SPANS.finditer(text[left:right]))


def _parts(text: str, start: int, end: int):
    """A hyphenated compound is checked part by part ("sacro-iliac", "FDA-approved")."""
    if "-" not in text[start:end]:
        yield start, end
        return
    pos = start
    for piece in _HYPHEN_SPLIT.split(text[start:end]):
        if piece and piece != "-":
            yield pos, pos + len(piece)
        pos += len(piece)


def _not_a_word(word: str) -> bool:
    """Numbers and units ("10mg", "3x"), acronyms ("MRI", "MRIs", "COL1A1"), and mixed-case
    brand or code names ("iPhone", "ScienceBased") are not spelling-checked."""
    if any(c.isdigit() for c in word):
        return True
    core = word[:-2] if word.endswith("'s") else word
    if core.endswith("s") and core[:-1].isupper() and len(core) > 2:
        return True
    if core.isupper() and len(core) > 1:
        return True
    return any(c.isupper() for c in core[1:])


def _starts_sentence(text: str, start: int) -> bool:
    return _SENTENCE_START.search(text, max(0, start - 12), start) is not None


def _match_case(word: str, suggestion: str) -> str:
    if word[:1].isupper() and suggestion[:1].islower():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion
