"""`duplicate` kind: paragraphs that repeat, within a draft and across the library. Each draft
contributes fingerprints of its paragraphs; comparison runs once over all fingerprints, so no
draft is compared with every other one."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any, Iterable

from ..model import Document
from ..patterns import compile_alternation, compile_pattern
from ..text import WORD_RE, normalize_for_comparison
from .base import CrossFileKind, LocatedFinding

COMPARED_BLOCKS = ("paragraph", "list_item", "quote", "footnote")


class DuplicateKind(CrossFileKind):
    OPTIONS = {
        "min_words": (int, 12, "paragraphs shorter than this are not compared"),
        "strip_patterns": (list, [], "trailing artifacts removed before comparing (regular expressions)"),
        "exempt": (list, [], "paragraphs matching any of these are meant to repeat (disclaimers) and are not compared"),
    }

    def prepare(self) -> None:
        strip = self.options["strip_patterns"]
        self.strip = compile_pattern(self.spec.id, "(?:" + "|".join(f"(?:{p})" for p in strip) + r")\s*$",
                                     where=self.spec.source).compiled if strip else None
        self.exempt = compile_alternation(self.spec.id, self.options["exempt"], where=self.spec.source)

    def collect(self, doc: Document) -> Any:
        out = []
        for block in doc.blocks:
            if block.kind not in COMPARED_BLOCKS:
                continue
            if self.exempt is not None and self.exempt.search(block.text):
                continue
            norm = normalize_for_comparison(block.text, self.strip)
            if len(norm.split()) < self.options["min_words"]:
                continue
            digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=12).digest()
            line, col = doc.position(block.start)
            end_line, end_col = doc.position(block.end)
            out.append((digest, line, col, end_line, end_col))
        return out

    def check_library(self, entries: list[tuple[str, bool, Any]]) -> Iterable[LocatedFinding]:
        copies: dict[bytes, list[tuple[str, int, int, int, int, bool]]] = defaultdict(list)
        for path, linted, summary in entries:
            for digest, line, col, end_line, end_col in summary or ():
                copies[digest].append((path, line, col, end_line, end_col, linted))
        for digest, places in copies.items():
            if len(places) < 2:
                continue
            places.sort()
            first = places[0]
            for i, (path, line, col, end_line, end_col, linted) in enumerate(places):
                if not linted:
                    continue
                if i == 0:
                    # The first copy is reported only when every other copy is outside the run
                    # (a pre-commit run on one new draft that repeats library text).
                    if any(p[5] for p in places[1:]):
                        continue
                    other = places[1]
                else:
                    other = first
                where = f"line {other[1]}" if other[0] == path else f"{other[0]}:{other[1]}"
                # The paragraph's digest stands in for its text, so baselines and fingerprints
                # recognize the same duplicate after edits elsewhere in the draft.
                yield LocatedFinding(path, line, col, end_line, end_col, self.message(other=where),
                                     snippet=digest.hex(), related=((other[0], other[1]),))
