"""`pattern` kind: flags every match of a list of regular expressions in prose (Vale's
"existence" and "substitution" in one). An entry may carry a replacement, which becomes the
suggestion and, for rules marked fixable, the fix."""
from __future__ import annotations

from typing import Iterable

from ..errors import PackError
from ..model import Document, Finding, Fix
from ..patterns import compile_pattern, required_literal_groups
from .base import PROSE_KINDS, RuleKind, list_of


class PatternKind(RuleKind):
    OPTIONS = {
        "patterns": (list, [], "regular expressions (text) or mappings {pattern, replace, message, fixable, requires}", list_of(str, dict)),
        "ignore_case": (bool, True, "match without regard to case"),
        "blocks": (list, list(PROSE_KINDS) + ["heading"], "block kinds to check"),
    }

    def prepare(self) -> None:
        self.entries = []
        for entry in self.options["patterns"]:
            if isinstance(entry, str):
                entry = {"pattern": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
                raise PackError(f"rule '{self.spec.id}': each pattern must be text or a mapping with 'pattern'", self.spec.source)
            compiled = compile_pattern(self.spec.id, entry["pattern"], ignore_case=self.options["ignore_case"], where=self.spec.source)
            unknown = set(entry) - {"pattern", "replace", "message", "fixable", "requires"}
            if unknown:
                raise PackError(f"rule '{self.spec.id}': unknown pattern key '{sorted(unknown)[0]}'", self.spec.source)
            # an entry may offer a suggestion without letting --fix apply it (fixable: false)
            fixable = self.spec.fixable and entry.get("fixable", True) is not False
            # requires: lower-case text of which one must occur in a block for the pattern to be
            # tried there; a cheap substring test that spares most blocks the regex
            requires = entry.get("requires") or []
            if isinstance(requires, str):
                requires = [requires]
            if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
                raise PackError(f"rule '{self.spec.id}': 'requires' must be text or a list of text", self.spec.source)
            # Words every match contains (one of each group): a block without them is skipped
            # with a substring test instead of a regex search.
            needed = tuple(tuple(w.casefold() for w in group) for group in required_literal_groups(entry["pattern"]))
            self.entries.append((compiled, entry.get("replace"), entry.get("message"), fixable,
                                 tuple(r.lower() for r in requires), needed))
        self.block_kinds = frozenset(self.options["blocks"])

    def check(self, doc: Document) -> Iterable[Finding]:
        for block in doc.blocks:
            if block.kind not in self.block_kinds:
                continue
            text = block.text
            lowered = folded = None
            for compiled, replace, message, fixable, requires, needed in self.entries:
                if requires:
                    if lowered is None:
                        lowered = text.lower()
                    if not any(r in lowered for r in requires):
                        continue
                if needed:
                    if folded is None:
                        folded = text.casefold()
                    if not all(any(w in folded for w in group) for group in needed):
                        continue
                for m in compiled.finditer(text):
                    suggestion = m.expand(replace) if replace is not None else None
                    start, end = block.source_span(m.start(), m.end())
                    fix = None
                    if suggestion is not None and fixable and doc.source[start:end] == m.group(0):
                        fix = Fix(start, end, suggestion)
                    text_msg = self.message(message, match=m.group(0), suggestion=suggestion or "")
                    yield Finding(start, end, text_msg, suggestion=suggestion, fix=fix)
