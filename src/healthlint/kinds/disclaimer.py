"""`disclaimer` kind: a required disclaimer is absent.

Required always, or when a trigger appears in the draft (text patterns, or front-matter values
such as `sponsored: true`); waived or satisfied by front-matter metadata. Satisfied by any
accepted wording: a regular expression, or a canonical wording matched loosely (word pairs in
common after normalization), so a reworded or re-punctuated disclaimer still counts."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..errors import PackError
from ..model import Block, Document, Finding
from ..patterns import compile_alternation
from ..text import normalize_for_comparison
from .base import PROSE_KINDS, RuleKind, at_least, mapping_of

DISCLAIMER_BLOCKS = PROSE_KINDS + ("heading",)


def _bigrams(text: str) -> set[tuple[str, str]]:
    tokens = normalize_for_comparison(text).split()
    return set(zip(tokens, tokens[1:]))


def metadata_matches(metadata: Mapping[str, Any], wanted: Mapping[str, Any]) -> tuple[str, Any] | None:
    """The first (key, value) of `metadata` accepted by `wanted` ({key: accepted value(s)}, where
    `true` or "*" accepts any non-empty value), or None."""
    for key, accepted in wanted.items():
        value = metadata.get(key)
        if value is None or value == "" or value == [] or value is False:
            continue
        if accepted is True or accepted == "*":
            return key, value
        values = value if isinstance(value, list) else [value]
        wanted_values = accepted if isinstance(accepted, list) else [accepted]
        accepted_text = {str(w).lower() for w in wanted_values}
        for v in values:
            if str(v).lower() in accepted_text:
                return key, v
    return None


class DisclaimerKind(RuleKind):
    reads_citations = True
    OPTIONS = {
        "name": (str, "disclaimer", "what the disclaimer is called in messages"),
        "wordings": (list, [], "regular expressions: any one of them satisfies the requirement"),
        "canonical": (list, [], "canonical wordings matched loosely: a block (or two adjacent blocks) that "
                                "shares at least `similarity` of a wording's word pairs satisfies the requirement"),
        "similarity": ((int, float), 0.7, "share of a canonical wording's word pairs that must be present (0-1)"),
        "required": (str, "always", "'always', or 'when-triggered' by one of `triggers` or `trigger_metadata`"),
        "triggers": (list, [], "regular expressions that make the disclaimer required"),
        "trigger_metadata": (dict, {}, "front-matter keys and values that make the disclaimer required", mapping_of(str, object)),
        "metadata": (dict, {}, "front-matter keys and values that satisfy the requirement", mapping_of(str, object)),
        "waived_by": (dict, {}, "front-matter keys and values that waive the requirement", mapping_of(str, object)),
        "position": (str, "anywhere", "'anywhere', or 'end' (in the last `end_blocks` blocks of the draft)"),
        "end_blocks": (int, 3, "how many blocks at the end of the draft count as 'the end'", at_least(1)),
        "suggestion": (str, "", "a wording to add, shown to the editor"),
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        self.wordings = compile_alternation(sid, self.options["wordings"], where=src, word_bounded=False)
        self.triggers = compile_alternation(sid, self.options["triggers"], where=src)
        self.canonical = [b for b in (_bigrams(w) for w in self.options["canonical"]) if b]
        if self.options["required"] not in ("always", "when-triggered"):
            raise PackError(f"rule '{sid}': option 'required' must be 'always' or 'when-triggered'", src)
        if self.options["position"] not in ("anywhere", "end"):
            raise PackError(f"rule '{sid}': option 'position' must be 'anywhere' or 'end'", src)
        if not 0 < self.options["similarity"] <= 1:
            raise PackError(f"rule '{sid}': option 'similarity' must be between 0 and 1", src)

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.blocks:
            return
        reason, at = "every article needs it", (0, 0)
        if self.options["required"] == "when-triggered":
            trigger = self._first_trigger(doc)
            if trigger is None:
                return
            reason, at = trigger
        if metadata_matches(doc.metadata, self.options["waived_by"]) or metadata_matches(doc.metadata, self.options["metadata"]):
            return
        if doc.provided and self.is_present_in_texts(doc.provided):
            return  # the site adds it to the page: an include, a layout, the config's `provided`
        blocks = [b for b in doc.blocks if b.kind in DISCLAIMER_BLOCKS]
        if self.options["position"] == "end":
            if self.is_present(blocks):
                if not self.is_present(blocks[-max(1, self.options["end_blocks"]):]):
                    yield Finding(at[0], at[1], self.message(name=self.options["name"], reason=reason + "; it must come at the end of the draft"),
                                  suggestion=self.options["suggestion"] or None)
                return
            blocks = blocks[-max(1, self.options["end_blocks"]):]
        if self.is_present(blocks):
            return
        yield Finding(at[0], at[1], self.message(name=self.options["name"], reason=reason),
                      suggestion=self.options["suggestion"] or None)

    def is_present(self, blocks: list[Block]) -> bool:
        if self.wordings is not None and any(self.wordings.search(_plain(b.text)) for b in blocks):
            return True
        if not self.canonical:
            return False
        grams = [_bigrams(b.text) for b in blocks]
        windows = grams + [a | b for a, b in zip(grams, grams[1:])]
        threshold = self.options["similarity"]
        return any(len(wording & window) >= threshold * len(wording) for wording in self.canonical for window in windows)

    def is_present_in_texts(self, texts: list[str]) -> bool:
        """Whether one of `texts` (what the site adds to the page) carries the disclaimer."""
        for text in texts:
            paragraphs = [p for p in text.split("\n\n") if p.strip()]
            if self.wordings is not None and any(self.wordings.search(_plain(" ".join(p.split()))) for p in paragraphs):
                return True
            if self.canonical:
                grams = [_bigrams(p) for p in paragraphs]
                windows = grams + [a | b for a, b in zip(grams, grams[1:])]
                threshold = self.options["similarity"]
                if any(len(w & window) >= threshold * len(w) for w in self.canonical for window in windows):
                    return True
        return False

    def _first_trigger(self, doc: Document) -> tuple[str, tuple[int, int]] | None:
        """Why the disclaimer is required, and where (source offsets of the trigger)."""
        hit = metadata_matches(doc.metadata, self.options["trigger_metadata"])
        if hit is not None:
            value = str(hit[1]).lower() if isinstance(hit[1], bool) else hit[1]
            return f"the front matter has {hit[0]}: {value}", (0, 0)
        if self.triggers is None:
            return None
        for block in doc.blocks:
            if block.kind not in PROSE_KINDS:
                continue
            m = self.triggers.search(_plain(block.text))
            if m:
                start, end = block.source_span(m.start(), m.end())
                words = " ".join(m.group(0).split())
                return f"the draft has \u201c{words}\u201d at line {doc.position(start)[0]}", (start, end)
        return None


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u2019", "'")
