"""`spelling` kind: words found in neither the English dictionary (pyspellchecker's word
frequency list) nor the medical vocabulary shipped with the pack nor the publisher's accepted
words. Names, acronyms, numbers, URLs and code are left alone."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

import regex

from ..model import Document, Finding, Fix
from ..text import WORD_RE
from .base import PROSE_KINDS, RuleKind

# Bounded, character-class runs instead of \S+ before "@" and the domain: with \S+ the search
# is quadratic or worse in the length of a run without spaces ("a@a@a@..." of 100 KB took 25 s,
# a 50,000-letter token 8 s; a 5 MB one would never end).
_URLISH = regex.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
    r"|[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?:com|org|net|gov|edu)\b\S*",
    regex.I)
MAX_SUGGESTION_LENGTH = 45
_SENTENCE_START = regex.compile(r"(?:^|[.!?…:]\s+|[\"“(]\s*)$")


@lru_cache(maxsize=1)
def _english():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


@lru_cache(maxsize=8)
def _word_list(path: str) -> frozenset[str]:
    text = Path(path).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


class SpellingKind(RuleKind):
    OPTIONS = {
        "word_lists": (list, [], "extra accepted-word files, relative to the pack file"),
        "misspellings": (dict, {}, "common misspellings a dictionary may accept: wrong -> right"),
        "names": (str, "info", "what to do with unknown capitalized words mid-sentence: info, warning, or skip"),
        "min_length": (int, 3, "shorter words are not checked"),
    }

    def prepare(self) -> None:
        base = Path(self.spec.source).parent if self.spec.source else Path(".")
        words: set[str] = set()
        for name in self.options["word_lists"]:
            words |= _word_list(str((base / name).resolve()))
        words |= {w.lower() for w in self.context.accepted_words}
        self.accepted = frozenset(words)
        self.rejected = {w.lower() for w in self.context.rejected_words}
        self.misspellings = {k.lower(): v for k, v in self.options["misspellings"].items()}

    def known(self, word: str) -> bool:
        w = word.lower().replace("\u2019", "'")
        if w in self.accepted:
            return True
        english = _english()
        if w in english:
            return True
        if w.endswith("'s") and w[:-2] in english:
            return True
        if "-" in w:
            return all(self.known(part) for part in w.split("-") if part)
        return False

    def check(self, doc: Document) -> Iterable[Finding]:
        min_len = self.options["min_length"]
        for block in doc.blocks:
            if block.kind not in PROSE_KINDS and block.kind != "heading":
                continue
            text = block.text
            skip = [(m.start(), m.end()) for m in _URLISH.finditer(text)]
            for m in WORD_RE.finditer(text):
                word = m.group(0)
                if any(a <= m.start() < b for a, b in skip):
                    continue
                lower = word.lower().replace("\u2019", "'")
                right = self.misspellings.get(lower)
                if lower in self.rejected or right is not None:
                    yield self._finding(doc, block, m, right, "warning")
                    continue
                if len(word) < min_len or any(c.isdigit() for c in word) or (word.isupper() and len(word) > 1):
                    continue
                if self.known(word):
                    continue
                severity = None
                if word[0].isupper() and not _SENTENCE_START.search(text, 0, m.start()):
                    if self.options["names"] == "skip":
                        continue
                    severity = self.options["names"]
                suggestion = self._suggest(lower)
                yield self._finding(doc, block, m, suggestion, severity)

    def _suggest(self, lower: str) -> str | None:
        # No dictionary word is longer than 45 letters, and the edits of a token cost time and
        # memory that grow with the square of its length (a 50,000-letter "word" took 9 s and
        # gigabytes): no suggestion for such a token (issue 8: never hang).
        if len(lower) > MAX_SUGGESTION_LENGTH:
            return None
        english = _english()
        candidates = english.candidates(lower) or set()
        candidates.discard(lower)
        if not candidates:
            return None
        return max(candidates, key=lambda c: english.word_usage_frequency(c))

    def _finding(self, doc, block, m, suggestion, severity) -> Finding:
        word = m.group(0)
        if suggestion and word[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        start, end = block.to_source(m.start()), block.to_source(m.end())
        fix = Fix(start, end, suggestion) if suggestion and self.spec.fixable and doc.source[start:end] == word else None
        hint = f"; did you mean \u201c{suggestion}\u201d?" if suggestion else ""
        shown = word if len(word) <= MAX_SUGGESTION_LENGTH else word[:MAX_SUGGESTION_LENGTH] + "\u2026"
        return Finding(start, end, self.message(word=shown, hint=hint), suggestion=suggestion, fix=fix, severity=severity)
