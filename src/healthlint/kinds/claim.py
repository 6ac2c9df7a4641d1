"""`claim` kind: sentences that state a statistic, a research finding or a strong efficacy claim
without a citation in the sentence or its paragraph. `citation` kind: numbered citation markers
that point at no reference."""
from __future__ import annotations

from typing import Iterable

import regex

from ..model import Document, Finding
from ..patterns import compile_alternation
from ..text import sentences
from .base import RuleKind

CLAIM_BLOCKS = ("paragraph", "list_item", "quote", "table_cell")


def _has_source_link(block) -> bool:
    return any(link.target.startswith(("http://", "https://", "doi:", "www.")) for link in block.links)


class ClaimKind(RuleKind):
    OPTIONS = {
        "triggers": (list, [], "regular expressions that make a sentence a claim needing a source"),
        "citations": (list, [], "regular expressions that count as a citation in the sentence or paragraph"),
        "exempt": (list, [], "regular expressions that make a sentence not a claim (e.g. exercise instructions)"),
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        self.triggers = compile_alternation(sid, self.options["triggers"], where=src)
        self.citations = compile_alternation(sid, self.options["citations"], where=src, word_bounded=False)
        self.exempt = compile_alternation(sid, self.options["exempt"], where=src)

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.triggers is None:
            return
        for block in doc.blocks:
            if block.kind not in CLAIM_BLOCKS:
                continue
            text = block.text
            trigger_iter = self.triggers.search(text)
            if trigger_iter is None:
                continue
            if block.markers or _has_source_link(block):
                continue
            if self.citations is not None and self.citations.search(text):
                continue
            for start, end in sentences(text):
                m = self.triggers.search(text, start, end)
                if m is None:
                    continue
                if self.exempt is not None and self.exempt.search(text, start, end):
                    continue
                yield Finding(block.to_source(start), block.to_source(end),
                              self.message(trigger=m.group(0).strip()))


class CitationKind(RuleKind):
    """Numbered markers with no matching reference: a footnote reference to an undefined note, or
    a number glued to the end of a word or sentence ("...ominousness,10 and") in a draft that has
    no reference list."""

    OPTIONS = {
        "markers": (list, [], "regular expressions of citation markers; group 'n' is the number"),
        "reference_heading": (str, r"^(references|sources|bibliography|works cited|citations|notes)$",
                              "heading text that starts a reference list"),
    }

    def prepare(self) -> None:
        self.markers = compile_alternation(self.spec.id, self.options["markers"], where=self.spec.source, word_bounded=False)
        self.heading = regex.compile(self.options["reference_heading"], regex.I)

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.markers is None:
            return
        references = self._reference_numbers(doc)
        for block in doc.blocks:
            if block.kind in ("heading", "footnote", "reference"):
                continue
            for m in self.markers.finditer(block.text):
                number = m.group("n") if "n" in m.re.groupindex and m.group("n") else regex.sub(r"\D", "", m.group(0))
                if number and number not in references:
                    start = block.to_source(m.start("n") if m.group("n") else m.start())
                    end = block.to_source(m.end("n") if m.group("n") else m.end())
                    yield Finding(start, end, self.message(marker=number))

    def _reference_numbers(self, doc: Document) -> set[str]:
        numbers = set(doc.footnote_labels)
        in_refs = False
        for block in doc.blocks:
            if block.kind == "heading":
                in_refs = bool(self.heading.match(block.text.strip().rstrip(":")))
                continue
            if in_refs and block.kind == "list_item" and block.label:
                numbers.add(block.label)
            elif in_refs:
                m = regex.match(r"\s*\[?(\d{1,3})[.)\]]", block.text)
                if m:
                    numbers.add(m.group(1))
        return numbers
