"""`spliced-reference` kind: a bibliographic reference pasted into the middle of a paragraph
("...or even walk Changes in hip joint ... Gait & Posture, 2010 Feb; 31 (2): 279-83.. All
pretty essential..."). Detected from the pack's reference patterns (author lists with
initials, journal volume/issue/pages, DOIs): at least `min_signals` different patterns must
match within one stretch of text, with prose before it and after it (or a block that starts
mid-sentence, as a hard-wrapped line does).
A reference standing alone (a reference list entry) is left alone."""
from __future__ import annotations

from typing import Iterable

import regex

from ..errors import PackError
from ..model import Document, Finding
from ..patterns import DIGIT, compile_pattern, required_literal_groups
from ..words import WORD_RE
from .base import RuleKind, at_least
from ..patterns import compile_cached as _compile  # remembered between runs (memo.py)


class SplicedReferenceKind(RuleKind):
    OPTIONS = {
        "patterns": (list, [], "regular expressions for parts of a bibliographic reference"),
        "min_signals": (int, 2, "how many different patterns must match within `window` characters", at_least(1)),
        "window": (int, 300, "the most characters a spliced reference spans", at_least(1)),
        "min_words_around": (int, 3, "words of prose required both before and after the reference", at_least(0)),
        "blocks": (list, ["paragraph", "list_item", "quote"], "block kinds to check (not footnotes)"),
    }

    def prepare(self) -> None:
        if not self.options["patterns"]:
            raise PackError(f"rule '{self.spec.id}': 'patterns' must list at least one pattern", self.spec.source)
        self.patterns = [compile_pattern(self.spec.id, p, ignore_case=False, where=self.spec.source)
                         for p in self.options["patterns"]]
        self.block_kinds = frozenset(self.options["blocks"])
        # Per pattern, the groups of words every match has one of (DIGIT: any digit): a pattern
        # none of whose words a paragraph has is not searched there, and a paragraph where
        # fewer than `min_signals` patterns can match is skipped. Most paragraphs have no
        # "et al." or "PMID"; searching each of them with eight patterns was a twentieth of
        # a draft's time.
        self.gates = [tuple(frozenset(x.casefold() for x in group)
                            for group in required_literal_groups(p, digits=True))
                      for p in self.options["patterns"]]

    def check(self, doc: Document) -> Iterable[Finding]:
        need = self.options["min_signals"]
        window = self.options["window"]
        around = self.options["min_words_around"]
        for block in doc.blocks:
            if block.kind not in self.block_kinds:
                continue
            text = block.text
            possible = self._possible(text)
            if len(possible) < need:
                continue
            hits = sorted((m.start(), m.end(), i) for i in possible for m in self.patterns[i].finditer(text))
            if len({h[2] for h in hits}) < need:
                continue
            used_until = -1
            for j, (start, _, _) in enumerate(hits):
                if start < used_until:
                    continue
                group = [h for h in hits[j:] if h[0] - start <= window]
                if len({h[2] for h in group}) < need:
                    continue
                end = max(h[1] for h in group)
                if len(WORD_RE.findall(text[:start])) < around:
                    continue
                # Prose must go on after it, or the block must itself be the middle of a sentence
                # (a hard-wrapped line that starts in lower case).
                if len(WORD_RE.findall(text[end:])) < around and not text[:1].islower():
                    continue
                used_until = end
                yield Finding(*block.source_span(start, end), self.message(match=text[start:end]))

    def _possible(self, text: str) -> list[int]:
        """Indexes of the patterns that can match somewhere in `text`."""
        folded = text.casefold()
        digit = None
        out = []
        for i, groups in enumerate(self.gates):
            for group in groups:
                if DIGIT in group:
                    if digit is None:
                        digit = _ANY_DIGIT.search(text) is not None
                    if digit:
                        continue
                if not any(word in folded for word in group if word != DIGIT):
                    break
            else:
                out.append(i)
        return out


_ANY_DIGIT = _compile(r"\d", regex.V1)  # what DIGIT stands for
