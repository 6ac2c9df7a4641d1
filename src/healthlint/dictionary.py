"""What the spelling kind knows about words: word lists (plain, gzip or Hunspell .dic), the
English frequency list used to rank corrections, and the candidate corrections of a word.
Everything is loaded once per process and shared by every rule and draft."""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .errors import HealthlintError

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
    try:
        data = Path(path).read_bytes()
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise HealthlintError(f"word list cannot be read: {exc.__class__.__name__}", path) from None
    return parse_word_list(text)


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, int]:
    """pyspellchecker's English word-frequency list (MIT): about 160,000 lower-case words with
    counts from a large subtitle corpus. It is both a dictionary and the ranking of corrections."""
    from spellchecker import SpellChecker

    return dict(SpellChecker(distance=1).word_frequency.dictionary)


class Lexicon:
    """The union of the English list and the rule's word lists, with frequency-ranked corrections."""

    def __init__(self, lists: Iterable[WordList], extra_words: Iterable[str] = ()):
        self.frequency = english_frequencies()
        any_case: set[str] = set()
        exact: set[str] = set()
        for wl in lists:
            any_case |= wl.any_case
            exact |= wl.exact
        any_case |= {w.lower() for w in extra_words}
        self.any_case = frozenset(any_case)
        self.exact = frozenset(exact)
        self.exact_lower = frozenset(w.lower() for w in exact)

    def contains(self, word: str) -> bool:
        """Exact lookup of one spelling (apostrophes straightened)."""
        lower = word.lower()
        return lower in self.frequency or lower in self.any_case or word in self.exact

    def is_word(self, lower: str) -> bool:
        """A lower-case candidate is a correction only when it is a common-noun spelling."""
        return lower in self.frequency or lower in self.any_case

    def weight(self, lower: str) -> int:
        """Frequency for ranking; words only in a word list rank as uncommon but real."""
        return self.frequency.get(lower, 0) or (50 if lower in self.any_case else 0)

    # --- corrections ---------------------------------------------------------------------------

    def corrections(self, lower: str, max_distance: int = 2, limit: int = 3) -> list[str]:
        """The best corrections of a lower-case word, most likely first: one edit away
        (including a missing apostrophe, "dont" -> "don't", and a missing space, "alot" ->
        "a lot"), else two edits away for words of a plausible length."""
        found = {c for c in _edits1(lower) if self.is_word(c)}
        found |= self._apostrophe_candidates(lower)
        split = self._split_candidate(lower)
        if split:
            found.add(split)
        if not found and max_distance >= 2 and 4 <= len(lower) <= 14:
            found = {c for e in _edits1(lower) for c in _edits1(e) if self.is_word(c)}
            found.discard(lower)
        ranked = sorted(found, key=lambda c: (-self._score(lower, c), c))
        return ranked[:limit]

    def _score(self, wrong: str, candidate: str) -> float:
        if " " in candidate:
            a, b = candidate.split(" ", 1)
            return min(self.weight(a), self.weight(b)) / 10
        if "'" in candidate:  # a dropped apostrophe is the likeliest slip of all
            return self.weight(candidate) * 10 + 1
        score = float(self.weight(candidate))
        if sorted(wrong) == sorted(candidate):  # transposition: a very common typing slip
            score *= 3
        return score

    def _apostrophe_candidates(self, lower: str) -> set[str]:
        out = set()
        for i in range(1, len(lower)):
            c = lower[:i] + "'" + lower[i:]
            if c in self.frequency and self.frequency[c] > 1000:
                out.add(c)
        return out

    def _split_candidate(self, lower: str) -> str | None:
        """'alot' -> 'a lot', 'everytime' -> 'every time': both halves common words."""
        best = None
        best_weight = 0
        for i in range(1, len(lower)):
            a, b = lower[:i], lower[i:]
            if (len(a) > 1 or a in ("a", "i")) and len(b) > 1:
                w = min(self.frequency.get(a, 0), self.frequency.get(b, 0))
                if w > 100_000 and w > best_weight:
                    best, best_weight = f"{a} {b}", w
        return best

    def clear_winner(self, lower: str, candidates: list[str]) -> bool:
        """True when the first correction is the only plausible one: alone, or far more frequent
        than the runner-up. Only then may --fix apply it."""
        if not candidates:
            return False
        if len(candidates) == 1:
            return True
        first, second = self._score(lower, candidates[0]), self._score(lower, candidates[1])
        return first >= 20 * max(second, 1)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    out = set(deletes + transposes + replaces + inserts)
    out.discard(word)
    return out
