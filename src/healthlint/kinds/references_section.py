"""The `references_section` rule kind (ReferencesSectionKind); see claim.py for what it shares with its siblings."""
from __future__ import annotations

from typing import Iterable


from ..model import Document, Finding
from ..patterns import compile_alternation, compile_pattern
from ..zones import DEFAULT_REFERENCE_HEADING
from .base import RuleKind, at_least
from .claim import CLAIM_BLOCKS, find_claims, prose_text, read_citations


class ReferencesSectionKind(RuleKind):
    """A draft that makes claims has a references section (a heading such as "References", or
    footnote definitions)."""
    reads_citations = True

    OPTIONS = {
        "triggers": (list, [], "regular expressions of claims (the same as `unsourced-claim`'s)"),
        "not_claims": (list, [], "near-misses that are not claims"),
        "exempt": (list, [], "sentences that are not claims"),
        "reference_heading": (str, DEFAULT_REFERENCE_HEADING, "heading text that starts a reference list"),
        "min_claims": (int, 1, "how many claims make a references section necessary", at_least(1)),
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        self.triggers = compile_alternation(sid, self.options["triggers"], where=src)
        self.not_claims = compile_alternation(sid, self.options["not_claims"], where=src)
        self.exempt = compile_alternation(sid, self.options["exempt"], where=src)
        self.heading = compile_pattern(sid, self.options["reference_heading"], where=src)

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.triggers is None:
            return
        refs = read_citations(doc, self.heading)
        if refs.has_section:
            return
        claims = []
        for block in doc.blocks:
            if block.kind in CLAIM_BLOCKS:
                for start, _, trigger in find_claims(prose_text(block), self.triggers, self.not_claims, self.exempt):
                    claims.append((block.to_source(start), trigger))
        if len(claims) >= max(1, self.options["min_claims"]):
            offset, trigger = claims[0]
            line = doc.position(offset)[0]
            yield Finding(0, 0, self.message(count=len(claims), trigger=trigger, line=line))
