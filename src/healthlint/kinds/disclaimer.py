"""`disclaimer` kind: a required disclaimer is absent. Required always, or when a trigger appears
in the draft; satisfied by any accepted wording, or by front-matter metadata."""
from __future__ import annotations

from typing import Iterable

from ..model import Document, Finding
from ..patterns import compile_alternation
from .base import RuleKind


class DisclaimerKind(RuleKind):
    OPTIONS = {
        "wordings": (list, [], "regular expressions: any one of them satisfies the requirement"),
        "required": (str, "always", "'always', or 'when-triggered' by one of `triggers`"),
        "triggers": (list, [], "regular expressions that make the disclaimer required"),
        "metadata": (dict, {}, "front-matter keys and values that satisfy the requirement"),
        "position": (str, "anywhere", "'anywhere', or 'end' (in the last blocks of the draft)"),
        "suggestion": (str, "", "a wording to add, shown to the editor"),
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        self.wordings = compile_alternation(sid, self.options["wordings"], where=src, word_bounded=False)
        self.triggers = compile_alternation(sid, self.options["triggers"], where=src)

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.blocks:
            return
        reason = "every article needs it"
        if self.options["required"] == "when-triggered":
            trigger = self._first_trigger(doc)
            if trigger is None:
                return
            offset, words = trigger
            reason = f"the draft has \u201c{words}\u201d at line {doc.position(offset)[0]}"
        if self._satisfied_by_metadata(doc):
            return
        blocks = doc.blocks[-3:] if self.options["position"] == "end" else doc.blocks
        if self.wordings is not None and any(self.wordings.search(b.text) for b in blocks):
            return
        yield Finding(0, 0, self.message(reason=reason), suggestion=self.options["suggestion"] or None)

    def _first_trigger(self, doc: Document):
        if self.triggers is None:
            return None
        for block in doc.blocks:
            m = self.triggers.search(block.text)
            if m:
                return block.to_source(m.start()), m.group(0)
        return None

    def _satisfied_by_metadata(self, doc: Document) -> bool:
        for key, accepted in self.options["metadata"].items():
            value = doc.metadata.get(key)
            if value is None:
                continue
            if accepted is True or accepted == "*":
                return True
            values = value if isinstance(value, list) else [value]
            wanted = accepted if isinstance(accepted, list) else [accepted]
            if any(str(v).lower() in {str(w).lower() for w in wanted} for v in values):
                return True
        return False
