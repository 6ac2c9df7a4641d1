"""What the spelling kind knows about words: word lists (plain, gzip or Hunspell .dic), the
English frequency list used to rank corrections, and the candidate corrections of a word.
Everything is loaded once per process and shared by every rule and draft."""
from __future__ import annotations

import contextlib
import gzip
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import regex

from .errors import HealthlintError
from .memo import _cache_folder, _write_atomically  # noqa: F401 - shared by the user-cache files

LETTERS = "abcdefghijklmnopqrstuvwxyz"
APOSTROPHES = "'\u2019"


@dataclass(frozen=True)
class WordList:
    """Entries written in lower case accept any capitalization ("aspirin", "Aspirin"); entries
    with a capital accept only that spelling (the proper noun "Hurston", not "hurston")."""

    any_case: frozenset[str]
    exact: frozenset[str]


def parse_word_list(text: str) -> WordList:
    """One word a line; '#' starts a comment line. A Hunspell .dic file works too: its first
    line (the entry count) is skipped and affix flags after '/' are dropped."""
    if "#" not in text and "/" not in text and not text[:20].strip().split("\n")[0].isdigit():
        # fast path for plain lists such as the shipped SCOWL file: no per-line parsing
        words = set(text.replace("\u2019", "'").split())
        exact = {w for w in words if not w.islower()}
        return WordList(frozenset(words - exact), frozenset(exact))
    any_case: set[str] = set()
    exact: set[str] = set()
    lines = text.splitlines()
    if lines and lines[0].strip().isdigit():
        lines = lines[1:]
    for line in lines:
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        word = word.split("/", 1)[0].strip().replace("\u2019", "'")
        if not word:
            continue
        if word.lower() == word:
            any_case.add(word)
        else:
            exact.add(word)
    return WordList(frozenset(any_case), frozenset(exact))


@lru_cache(maxsize=32)
def read_word_list(path: str) -> WordList:
    """Read a word-list file (plain text, .gz, or Hunspell .dic). Raises HealthlintError naming
    the file when it cannot be read."""
    cache = _list_cache_file(path)
    if cache is not None:
        try:
            with open(cache, "rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, WordList):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass
    try:
        data = Path(path).read_bytes()
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise HealthlintError(f"word list cannot be read: {exc.__class__.__name__}", path) from None
    words = parse_word_list(text)
    if cache is not None:
        _write_atomically(cache, pickle.dumps(words, protocol=pickle.HIGHEST_PROTOCOL))
    return words


def _list_cache_file(path: str) -> Path | None:
    """Large lists (SCOWL) are cached parsed, keyed by path, size and modification time."""
    folder = _cache_folder()
    try:
        st = os.stat(path)
    except OSError:
        return None
    if folder is None or st.st_size < 256 * 1024:
        return None
    import hashlib

    key = hashlib.sha1(f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return folder / f"wordlist-{Path(path).name.split('.')[0]}-{key}.pickle"


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, int]:
    """pyspellchecker's English word-frequency list (MIT): about 160,000 lower-case words with
    counts from a large subtitle corpus. It is both a dictionary and the ranking of corrections.
    pyspellchecker decodes it from gzip JSON (~0.15-0.3 s); a pickle of it in the user's cache
    folder loads several times faster, so every later run and worker process starts sooner."""
    cache = _cache_file()
    if cache is not None:
        try:
            with open(cache, "rb") as handle:
                data = pickle.load(handle)
            if isinstance(data, dict) and len(data) > 1000:
                return data
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass
    from spellchecker import SpellChecker

    data = dict(SpellChecker(distance=1).word_frequency.dictionary)
    if cache is not None:
        _write_atomically(cache, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data


def _cache_file() -> Path | None:
    """~/.cache/healthlint/english-<pyspellchecker version>.pickle (XDG_CACHE_HOME respected);
    HEALTHLINT_CACHE_DIR overrides the folder, and setting it empty turns the cache off."""
    folder = _cache_folder()
    if folder is None:
        return None
    # Keyed by the installed list file itself (size and mtime), found without importing
    # pyspellchecker: importlib.metadata alone cost 0.03-0.06 s of a one-draft run.
    try:
        import hashlib
        from importlib.util import find_spec

        spec = find_spec("spellchecker")
        source = Path(spec.origin).parent / "resources" / "en.json.gz"
        st = source.stat()
    except Exception:  # not installed as a package folder: no stable key, no cache
        return None
    key = hashlib.sha1(f"{source}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return folder / f"english-pyspellchecker-{key}.pickle"


class Lexicon:
    """The union of the English list and the rule's word lists, with frequency-ranked corrections."""

    def __init__(self, lists: Iterable[WordList], extra_words: Iterable[str] = (),
                 domain_lists: Iterable[WordList] = (), domain_weight: int = 10_000):
        self.frequency = english_frequencies()
        lists = list(lists) + list(domain_lists)
        # Subtitle counts underrate medical words (labral: none; sciatica: 231) against everyday
        # ones (liberal: 6,710); in health copy a domain word is the likelier intended word.
        self.domain = frozenset(w for wl in domain_lists for w in wl.any_case)
        self.domain_weight = domain_weight
        any_case: set[str] = set()
        exact: set[str] = set()
        for wl in lists:
            any_case |= wl.any_case
            exact |= wl.exact
        any_case |= {w.lower() for w in extra_words}
        self.any_case = frozenset(any_case)
        self.exact = frozenset(exact)
        self._corrections_cache: dict[tuple[str, int, int], list[str]] = {}

    def contains(self, word: str) -> bool:
        """Exact lookup of one spelling (apostrophes straightened)."""
        lower = word.lower()
        return lower in self.frequency or lower in self.any_case or word in self.exact

    def is_word(self, lower: str) -> bool:
        """A lower-case candidate is a correction only when it is a common-noun spelling."""
        return lower in self.frequency or lower in self.any_case

    def weight(self, lower: str) -> int:
        """Frequency for ranking; words only in a word list rank as uncommon but real."""
        if lower in self.domain:
            return max(self.frequency.get(lower, 0), self.domain_weight)
        return self.frequency.get(lower, 0) or (50 if lower in self.any_case else 0)

    # --- corrections ---------------------------------------------------------------------------

    def corrections(self, lower: str, max_distance: int = 2, limit: int = 3) -> list[str]:
        """The best corrections of a lower-case word, most likely first: one edit away
        (including a missing apostrophe, "dont" -> "don't", and a missing space, "alot" ->
        "a lot"), else two edits away for words of a plausible length. Very long tokens get
        none: nobody misspells a 40-letter word, and their edits would not fit in memory."""
        if len(lower) > 30:
            return []
        key = (lower, max_distance, limit)
        cached = self._corrections_cache.get(key)
        if cached is not None:
            return cached
        found = {c for c in _edits1(lower) if self.is_word(c)}
        found |= self._apostrophe_candidates(lower)
        split = self._split_candidate(lower)
        if split:
            found.add(split)
        if not found and max_distance >= 2 and 4 <= len(lower) <= 14:
            # Two edits, one of which removes or swaps letters of the typo ("Indiivfduals"): a
            # few thousand lookups instead of the ~300,000 of every pair of edits.
            found = {c for e in _deletes_and_swaps(lower) for c in _edits1(e) if self.is_word(c)}
            found.discard(lower)
        ranked = sorted(found, key=lambda c: (-self._score(lower, c), c))[:limit]
        if len(self._corrections_cache) > 20_000:
            self._corrections_cache.clear()
        self._corrections_cache[key] = ranked
        return ranked

    def _score(self, wrong: str, candidate: str) -> float:
        if " " in candidate:
            a, b = candidate.split(" ", 1)
            return min(self.weight(a), self.weight(b)) / 10
        if "'" in candidate:  # a dropped apostrophe is the likeliest slip of all
            return self.weight(candidate) * 10 + 1
        score = float(self.weight(candidate))
        if len(wrong) == len(candidate) and sorted(wrong) == sorted(candidate):
            score *= 10  # two letters swapped: the commonest typing slip ("waht", "thye")
        return score

    def _apostrophe_candidates(self, lower: str) -> set[str]:
        out = set()
        for i in range(1, len(lower)):
            c = lower[:i] + "'" + lower[i:]
            if c in self.frequency and self.frequency[c] > 1000:
                out.add(c)
        return out

    def _split_candidate(self, lower: str) -> str | None:
        """Two words run together: 'alot' -> 'a lot', 'lifestylewith' -> 'lifestyle with'. Both
        halves must be words and one of them common."""
        best = None
        best_weight = 0
        for i in range(1, len(lower)):
            a, b = lower[:i], lower[i:]
            if (len(a) == 1 and a not in ("a", "i")) or (len(b) == 1 and b != "a"):
                continue
            wa, wb = self.weight(a), self.weight(b)
            if min(wa, wb) >= 500 and max(wa, wb) >= 100_000 and min(wa, wb) > best_weight:
                best, best_weight = f"{a} {b}", min(wa, wb)
        return best

    def closed_compound(self, lower: str) -> bool:
        """Two content words written as one, as English does (handwashing, sweatproof, kettlebell,
        pickleball). Not when either half is a function word or the first is a plural: those are
        words run together by mistake ("lifestylewith", "asthmathat", "chamberscalled")."""
        if len(lower) < 7:
            return False
        for i in range(3, len(lower) - 2):
            a, b = lower[:i], lower[i:]
            if a in FUNCTION_WORDS or b in FUNCTION_WORDS or (a.endswith("s") and not a.endswith("ss")):
                continue
            if self.frequency.get(a, 0) >= 1000 and self.frequency.get(b, 0) >= 1000:
                # unless one edit from a word: a typo explains it better ("comman", "vomitting")
                return not any(" " not in c for c in self.corrections(lower, max_distance=1))
        return False

    def american(self, lower: str) -> str | None:
        """The American spelling of a British one the lists know (tumour -> tumor, oedema ->
        edema, anaemia -> anemia, centre -> center, paediatric -> pediatric), else None."""
        for pattern, us in _BRITISH:
            candidate = pattern.sub(us, lower, count=1)
            if candidate != lower and self.is_word(candidate):
                return candidate
        return None

    def clear_winner(self, lower: str, candidates: list[str]) -> bool:
        """True when the first correction is the only plausible one: alone, or far more frequent
        than the runner-up. Only then may --fix apply it."""
        if not candidates:
            return False
        if len(candidates) == 1:
            return True
        first, second = self._score(lower, candidates[0]), self._score(lower, candidates[1])
        return first >= 10 * max(second, 1)


# British -> American spellings, anchored where the difference really occurs so that a typo
# ("intence", "vidoe") is not taken for a British variant.
FUNCTION_WORDS = frozenset("""
a an the this that these those there here what which who whom whose when where why how
and or but nor so yet if then than as at by for from in into of off on onto out over per to up upon
via with within without about above after against along among around before behind below beneath
beside between beyond during except inside near since through throughout toward towards under until
is are was were be been being am has have had having do does did done can could may might must
shall should will would it its he she we they you i me him her us them my your his our their
not no all any each every some such very just also only even more most less least much many
""".split())

_BRITISH = tuple((regex.compile(p), r) for p, r in (
    (r"our(s|ed|ing|able|ite|ites)?$", r"or\1"), (r"(?<=[^aeiou])re(s|d)?$", r"er\1"),
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"), (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"^haem", "hem"), (r"^paed", "ped"), (r"aem(ia|ias|ic)$", r"em\1"), (r"^oe(?=d|s)", "e"),
    (r"rhoea(l?)$", r"rhea\1"), (r"^foet", "fet"), (r"^aesth", "esth"), (r"^anaes", "anes"),
    (r"^orthopaed", "orthoped"), (r"^caes", "ces"), (r"ogue(s?)$", r"og\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"), (r"mme(s?)$", r"m\1"),
))


def _deletes_and_swaps(word: str) -> set[str]:
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    out.discard(word)
    return out


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    out = set(deletes + transposes + replaces + inserts)
    out.discard(word)
    return out
