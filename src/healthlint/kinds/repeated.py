"""`repeated-word` kind: the same word twice in a row ("the the"), except doublings English
allows ("had had", "that that") and, for words like "is", the contexts that make them right
("what it is is"). A draft without any adjacent pair of equal words is passed over after one
C-level split, so the rule costs almost nothing on clean text."""
from __future__ import annotations

import string
from typing import Iterable

import regex

from ..errors import PackError
from ..model import Document, Finding, Fix
from ..patterns import compile_pattern
from .base import PROSE_KINDS, RuleKind, mapping_of
from ..patterns import compile_cached as _compile  # remembered between runs (memo.py)

_DROP_PUNCTUATION = str.maketrans("", "", string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026")


class RepeatedWordKind(RuleKind):
    OPTIONS = {
        "allowed": (list, [], "words English may write twice in a row (had had, that that)"),
        "allowed_after": (dict, {}, "word -> words that, shortly before it, make the doubling right "
                                    "(is: [what] for 'what it is is')", mapping_of(str, (list, str))),
        "blocks": (list, list(PROSE_KINDS) + ["heading"], "block kinds to check"),
    }

    def prepare(self) -> None:
        words = list(self.options["allowed"]) + [b for v in self.options["allowed_after"].values()
                                                 for b in (v if isinstance(v, list) else [v])]
        if not all(isinstance(w, str) for w in words):
            # YAML reads a bare yes/no/on/off as true/false: say so instead of failing later
            raise PackError(f"rule '{self.spec.id}': every word must be text (quote yes, no, on and off)",
                            self.spec.source)
        self.allowed = {w.lower() for w in self.options["allowed"]}
        self.allowed_after = {}
        for word, before in self.options["allowed_after"].items():
            before = before if isinstance(before, list) else [before]  # one word, not its letters
            words = "|".join(regex.escape(str(b)) for b in before)
            self.allowed_after[str(word).lower()] = _compile(rf"\b(?:{words})\b[^.!?;:]{{0,30}}$", regex.I)
        self.pattern = compile_pattern(self.spec.id, r"\b(\p{L}+)[ \t]+\1\b", where=self.spec.source)
        self.block_kinds = frozenset(self.options["blocks"])

    def check(self, doc: Document) -> Iterable[Finding]:
        for block in doc.blocks:
            if block.kind not in self.block_kinds:
                continue
            text = block.text
            words = text.lower().translate(_DROP_PUNCTUATION).split()
            if not any(map(str.__eq__, words, words[1:])):
                continue  # no two equal words side by side: nothing to look for
            for m in self.pattern.finditer(text):
                word = m.group(1).lower()
                if word in self.allowed:
                    continue
                context = self.allowed_after.get(word)
                if context is not None and context.search(text, max(0, m.start() - 60), m.start()):
                    continue
                if any((link.start <= m.start() < link.end) != (link.start <= m.end() - 1 < link.end)
                       for link in block.links):
                    continue  # a link's text and the next word: "[Mayo Clinic](...) Clinic staff"
                start, end = block.source_span(m.start(), m.end())
                written = doc.source[start:end]
                if written != m.group(0) and regex.search(r"\n|[#*_\]\[<>|]", written):
                    continue  # two blocks or cells run together by markup ("## Sleep\n\nSleep is...")
                fix = Fix(start, end, m.group(1)) if self.spec.fixable and doc.source[start:end] == m.group(0) else None
                yield Finding(start, end, self.message(match=m.group(0), word=m.group(1)), suggestion=m.group(1), fix=fix)
