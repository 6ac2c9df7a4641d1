"""Text helpers shared by rules: words with offsets, normalization for comparison, sentences.
Rules tokenize through here so that every family agrees on what a word and a sentence are."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex
from .patterns import compile_cached as _compile  # remembered between runs (memo.py)

# A word: letters, optionally joined by apostrophes or hyphens (don't, sacro-iliac, O'Neil);
# digits glued to letters stay in the word so "10mg" and "COL1A1" are one token.
WORD_RE = _compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*", regex.V1)
_PUNCT_RE = _compile(r"[\p{P}\p{S}]+")
_SPACE_RE = _compile(r"\s+")

QUOTE_MAP = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                           "\u2013": "-", "\u2014": "-", "\uFFFC": " "})


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word in `text`."""
    return [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(text)]


def normalize_for_comparison(text: str, trailing_artifacts: regex.Pattern | None = None) -> str:
    """Lower-cased words only: NFKC, curly quotes straightened, punctuation and spacing dropped.
    Two paragraphs that differ only in those respects normalize to the same string."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_MAP)
    if trailing_artifacts is not None:
        text = trailing_artifacts.sub("", text)
    text = _PUNCT_RE.sub(" ", text.casefold())
    return _SPACE_RE.sub(" ", text).strip()


# --- sentences -----------------------------------------------------------------------------------
# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms prof sr jr st vs etc al e.g i.e cf fig figs no nos vol approx est dept univ inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    u.s u.k a.m p.m ph.d m.d r.n d.o b.s m.s ca op p pp ed eds rev gen col lt sgt capt
    """.split()
)

# A sentence ends at . ! ? or an ellipsis, after closing quotes/brackets and after a citation
# marker glued to the punctuation ("...a false alarm.18 Check", "...shown.[4] Next", "...it.³ So").
_SENTENCE_END = _compile(
    r"[.!?…]+[\"'”’)\]]*(?:(?<=\p{L}[.!?][\"'”’)\]]*)(?:\d{1,3}(?:[,–-]\d{1,3})*|\[\d{1,3}(?:[,–-]\d{1,3})*\])"
    r"|[\u00B9\u00B2\u00B3\u2070-\u2079]+)?(?=\s+|$)|\n\s*\n",
    regex.V1)
# Abbreviations that also often end a sentence: split after them when a capital follows.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "co", "corp", "jr", "sr", "a.m", "p.m"})
# Abbreviations only before a number ("No. 5", "Fig. 2", "p. 14"): "Is it contagious? No. It is not."
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "fig", "figs", "vol", "p", "pp", "op", "ed"})
# Day and month abbreviations only when capitalized: "Avoid the sun. Wear a hat." ends a sentence.
CAPITALIZED_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split())
_TOKEN_BEFORE = _compile(r"(\S+)$")
_TWO_TOKENS_BEFORE = _compile(r"(\S+)\s+(\S+)$")
_NEXT_CHARACTER = _compile(r"\s*(\S)")  # compiled once: regex.match() looks it up on every call
# Words after which a single capital letter names something ("vitamin D", "hepatitis B", "type A",
# "Plan B") rather than being an initial, so a period after it can end the sentence.
LETTER_DESIGNATORS = frozenset(
    "vitamin vitamins hepatitis type types group groups stage grade class phase plan part section appendix "
    "option step level schedule zone factor strep influenza letter exhibit table figure row column".split()
)


@lru_cache(maxsize=4096)
def _is_abbreviation(token: str) -> bool:
    core = token.rstrip(".").lstrip("(\"'“‘[").casefold()
    if core in ABBREVIATIONS:
        return True
    # Initials (P.O., J.) and dotted abbreviations (e.g., U.S.)
    if regex.fullmatch(r"(?:\p{L}\.)*\p{L}", core) and len(core.replace(".", "")) <= 3 and core[:1].isalpha():
        return len(core) == 1 or "." in core
    return False


def sentences(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences as (start, end) offsets. Survives "Dr.", "et al.", "e.g.",
    decimals ("2.5 mg"), initials and ellipses inside a sentence followed by lower case."""
    out = []
    start = 0
    n = len(text)
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        mark = m.group(0)
        if mark.strip() == "":
            # blank line: a hard break
            if text[start:m.start()].strip():
                out.append(_trim(text, start, m.start()))
            start = end
            continue
        # look back only a little: searching from the block's start made long blocks quadratic
        before = _TOKEN_BEFORE.search(text, max(0, m.start() - 64), m.end())
        token = before.group(1) if before else ""
        nxt = _NEXT_CHARACTER.match(text[end:end + 20])
        ch = nxt.group(1) if nxt else ""
        if mark.startswith(".") and _is_abbreviation(token.rstrip("\"'”’)]")) and not _is_designated_letter(text, m.start()):
            bare = token.rstrip("\"'”’)].").lstrip("(\"'“‘[")
            folded = bare.casefold()
            ends = ((folded in SENTENCE_FINAL_ABBREVIATIONS and ch.isupper())
                    or (folded in NUMBER_ABBREVIATIONS and not ch.isdigit())
                    or (folded in CAPITALIZED_ABBREVIATIONS and bare[:1].islower()))
            if not ends:
                continue
        # The next sentence must start with something that can begin a sentence.
        if ch and (ch.islower() or ch in ",;:"):
            continue
        if text[start:end].strip():
            out.append(_trim(text, start, end))
        start = end
    if start < n and text[start:].strip():
        out.append(_trim(text, start, n))
    return out


def _is_designated_letter(text: str, dot: int) -> bool:
    """True for "vitamin D." or "hepatitis B.": a lone capital letter after a lower-case word or a
    designator is a name, not an initial."""
    m = _TWO_TOKENS_BEFORE.search(text, max(0, dot - 40), dot)
    if not m or len(m.group(2)) != 1 or not m.group(2).isupper():
        return False
    previous = m.group(1).strip("(\"'“‘[,;:")
    return previous.casefold() in LETTER_DESIGNATORS or (previous[:1].islower() and previous.isalpha())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
