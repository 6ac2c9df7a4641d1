"""`boilerplate` kind: text pasted from a website's chrome (policies, badges, navigation,
comment sections). Each category in the pack lists phrases with weights; a block whose score in
a category reaches the threshold is flagged with that category's name. Categories marked
`inline` flag just the matched words (e.g. "BACK TO TEXT" glued to the end of a paragraph)."""
from __future__ import annotations

from typing import Iterable

from ..errors import PackError
from ..model import Document, Finding
from ..patterns import compile_pattern
from .base import PROSE_KINDS, RuleKind


class BoilerplateKind(RuleKind):
    OPTIONS = {
        "categories": (list, [], "list of {name, label, phrases: [{pattern, weight}], inline}"),
        "threshold": (float | int, 1.0, "score at which a block is flagged"),
    }

    def prepare(self) -> None:
        self.categories = []
        for i, cat in enumerate(self.options["categories"]):
            if not isinstance(cat, dict) or "name" not in cat or not isinstance(cat.get("phrases"), list):
                raise PackError(f"rule '{self.spec.id}': category #{i + 1} needs 'name' and a 'phrases' list", self.spec.source)
            phrases = []
            for p in cat["phrases"]:
                pattern, weight = (p, 1.0) if isinstance(p, str) else (p.get("pattern"), float(p.get("weight", 1.0)))
                if not isinstance(pattern, str):
                    raise PackError(f"rule '{self.spec.id}': category '{cat['name']}' has a phrase without a pattern", self.spec.source)
                phrases.append((compile_pattern(self.spec.id, rf"(?<!\w)(?:{pattern})(?!\w)", where=self.spec.source), weight))
            self.categories.append((cat["name"], cat.get("label", cat["name"]), phrases, bool(cat.get("inline", False))))

    def check(self, doc: Document) -> Iterable[Finding]:
        threshold = float(self.options["threshold"])
        for block in doc.blocks:
            if block.kind not in PROSE_KINDS and block.kind != "heading":
                continue
            text = block.text
            best = None
            for name, label, phrases, inline in self.categories:
                score, first = 0.0, None
                for pattern, weight in phrases:
                    m = pattern.search(text)
                    if m:
                        score += weight
                        first = m if first is None or m.start() < first.start() else first
                if score >= threshold:
                    if inline:
                        yield Finding(block.to_source(first.start()), block.to_source(first.end()),
                                      self.message(kind=label, match=first.group(0)))
                    elif best is None or score > best[0]:
                        best = (score, label, first)
            if best is not None:
                yield Finding(block.start, block.to_source(len(text)), self.message(kind=best[1], match=best[2].group(0)))
