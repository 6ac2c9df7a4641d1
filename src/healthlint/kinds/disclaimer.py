"""`disclaimer` kind: a required disclaimer is absent.

Required always, or when a trigger appears in the draft (text patterns, or front-matter values
such as `sponsored: true`); waived or satisfied by front-matter metadata. Satisfied by any
accepted wording: a regular expression, or a canonical wording matched loosely (word pairs in
common after normalization), so a reworded or re-punctuated disclaimer still counts."""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ..errors import PackError
from ..model import Block, Document, Finding
from ..pages import is_site_page
from ..pages import page_title as _title
from ..patterns import compile_alternation, compile_pattern
from ..words import normalize_for_comparison, sentences
from .base import PROSE_KINDS, RuleKind, at_least, list_of, mapping_of

DISCLAIMER_BLOCKS = PROSE_KINDS + ("heading",)


@lru_cache(maxsize=256)  # a draft's paragraphs: the pairs are asked for within one draft
def _bigrams(text: str) -> frozenset[tuple[str, str]]:
    """The word pairs of a text, normalized. Remembered: every disclaimer detector asks for the
    same paragraphs' pairs, twice a draft."""
    tokens = normalize_for_comparison(text).split()
    return frozenset(zip(tokens, tokens[1:]))


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"))


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
    recognizes_required_text = True  # what it accepts is a required text (unless required_text: false)
    OPTIONS = {
        "name": (str, "disclaimer", "what the disclaimer is called in messages"),
        "wordings": (list, [], "regular expressions: any one of them satisfies the requirement"),
        "canonical": (list, [], "canonical wordings matched loosely: a block (or two adjacent blocks) that "
                                "shares at least `similarity` of a wording's word pairs satisfies the requirement"),
        "similarity": ((int, float), 0.7, "share of a canonical wording's word pairs that must be present (0-1)"),
        "required": (str, "always", "'always', or 'when-triggered' by one of `triggers` or `trigger_metadata`"),
        "triggers": (list, [], "regular expressions that make the disclaimer required"),
        "weak_triggers": (list, [], "regular expressions that count half a trigger (a posture cue, a routine "
                                    "named): two of them, or one with a trigger, make the disclaimer required"),
        "trigger_metadata": (dict, {}, "front-matter keys and values that make the disclaimer required", mapping_of(str, object)),
        "metadata": (dict, {}, "front-matter keys and values that satisfy the requirement", mapping_of(str, object)),
        "waived_by": (dict, {}, "front-matter keys and values that waive the requirement", mapping_of(str, object)),
        "position": (str, "anywhere", "'anywhere', or 'end' (in the last `end_blocks` blocks of the draft)"),
        "end_blocks": (int, 3, "how many blocks at the end of the draft count as 'the end'", at_least(1)),
        "suggestion": (str, "", "a wording to add, shown to the editor"),
        "trigger_context": (list, [], "regular expressions: text triggers count only in a draft where one of these "
                                      "also matches (a supplement word: not a food, a device or a drug)"),
        "metadata_keys": (str, "", "a pattern for front-matter keys that switch the site's own disclaimer on for the "
                                   "page (showMedicalDisclaimer: true): a true value counts as the disclaimer"),
        "section_headings": (str, "", "a pattern for headings that label a section as the disclaimer (\"Medical "
                                      "disclaimer\"): the paragraph under such a heading counts as the disclaimer"),
        "site_pages": (str, "", "a pattern that a draft's file name or title matching makes it one of the site's own "
                                "pages (privacy, contact, a listing page): no article advice there to disclaim"),
        "context_window": (int, -1, "how near a trigger `trigger_context` must match: within this many blocks "
                                    "before or after it (0: the trigger's own paragraph; -1: anywhere in the draft). "
                                    "A discount code beside a sauna is no supplement pitch because the draft names "
                                    "vitamins elsewhere", at_least(-1)),
        "health_cues": (list, [], ("regular expressions of health-advice words (symptoms, treatment, pain, doctor); "
                                   "with `min_health_cues`, a draft that uses fewer distinct ones gives no health "
                                   "advice to disclaim (a software how-to, a clinic's opening hours)")),
        "min_health_cues": (int, 0, ("how many distinct `health_cues` words a draft needs before a disclaimer "
                                     "required 'always' applies (0: off)"), at_least(0)),
        "health_cue_words": (int, 60, ("the draft length (in words) from which `min_health_cues` applies: a shorter "
                                       "draft says too little to tell"), at_least(0)),
        "exempt_when": (list, [], "regular expressions: a draft where these match more often than "
                                  "`trigger_context` (prescription medicine beside a supplement word) needs no disclaimer"),
        "regions": (list, [], "the config regions (US, UK, CA, ...) the requirement applies in; empty: everywhere. "
                              "With the config's region unset it applies unless `foreign_markers` match"),
        "foreign_markers": (list, [], "regular expressions naming another jurisdiction (Health Canada, NHS, TGA)"),
        "required_text": (bool, True, "what the rule accepts is a required text that duplicate, template-text and "
                                      "boilerplate rules leave alone"),
        "cues": (dict, {}, "named lists of regular expressions: the parts a disclaimer is made of (what it is "
                           "about, a limitation, its scope, a referral to a professional...)", mapping_of(str, list)),
        "combinations": (list, [], "which cues together make a disclaimer: each entry {all: [cue names], within: "
                                   "sentence or paragraph}; any one entry satisfies the requirement", list_of(dict)),
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        self.wordings = compile_alternation(sid, self.options["wordings"], where=src, word_bounded=False)
        self.triggers = compile_alternation(sid, self.options["triggers"], where=src)
        self.weak_triggers = compile_alternation(sid, self.options["weak_triggers"], where=src)
        keys, headings = self.options["metadata_keys"], self.options["section_headings"]
        self.metadata_keys = compile_pattern(sid, rf"(?:{keys})\Z", where=src) if keys else None
        self.section_headings = compile_pattern(sid, rf"\W*(?:{headings})\W*\Z", where=src) if headings else None
        pages = self.options["site_pages"]
        self.site_pages = compile_pattern(sid, rf"(?:{pages})\Z", where=src) if pages else None
        self.canonical = [b for b in (_bigrams(w) for w in self.options["canonical"]) if b]
        if self.options["required"] not in ("always", "when-triggered"):
            raise PackError(f"rule '{sid}': option 'required' must be 'always' or 'when-triggered'", src)
        if self.options["position"] not in ("anywhere", "end"):
            raise PackError(f"rule '{sid}': option 'position' must be 'anywhere' or 'end'", src)
        if not 0 < self.options["similarity"] <= 1:
            raise PackError(f"rule '{sid}': option 'similarity' must be between 0 and 1", src)
        self.trigger_context = compile_alternation(sid, self.options["trigger_context"], where=src, word_bounded=False)
        self.exempt_when = compile_alternation(sid, self.options["exempt_when"], where=src, word_bounded=False)
        self.health_cues = compile_alternation(sid, self.options["health_cues"], where=src) \
            if self.options["min_health_cues"] > 0 else None
        self.foreign_markers = compile_alternation(sid, self.options["foreign_markers"], where=src, word_bounded=False)
        self.regions = {str(r).upper() for r in self.options["regions"]}
        self.cues = {name: compile_alternation(sid, patterns, where=src, word_bounded=False)
                     for name, patterns in self.options["cues"].items()}
        self.combinations = []
        for n, combo in enumerate(self.options["combinations"], 1):
            if not isinstance(combo, dict) or not isinstance(combo.get("all"), list) or not combo["all"]:
                raise PackError(f"rule '{sid}': combinations entry {n} must be a mapping with 'all: [cue names]'", src)
            groups = [tuple(g) if isinstance(g, list) else (g,) for g in combo["all"]]
            unknown = [c for g in groups for c in g if c not in self.cues]
            if unknown:
                raise PackError(f"rule '{sid}': combinations entry {n} names unknown cue(s) {', '.join(map(str, unknown))}; "
                                f"cues are {', '.join(self.cues) or 'none'}", src)
            within = combo.get("within", "sentence")
            if within not in ("sentence", "paragraph"):
                raise PackError(f"rule '{sid}': combinations entry {n}: 'within' must be sentence or paragraph", src)
            combo = {**combo, "all": groups}
            self.combinations.append((tuple(groups), within))
        # every cue some combination names, once each: _share marks the sentences any of them touch
        self.combination_cues = tuple(dict.fromkeys(n for groups, _ in self.combinations for g in groups for n in g))

    def check(self, doc: Document) -> Iterable[Finding]:
        if not doc.blocks:
            return
        reason, at = "every article needs it", (0, 0)
        if not self._applies_here(doc):
            return
        if self.site_pages is not None and is_site_page(doc, _title(doc), self.site_pages):
            return  # the site's privacy, contact or listing page: no article advice to disclaim
        if self.options["required"] == "when-triggered":
            trigger = self._first_trigger(doc)
            if trigger is None:
                return
            reason, at = trigger
        elif self.health_cues is not None and not self._gives_health_advice(doc):
            return  # no health words to speak of: a how-to, a logistics or news page
        if metadata_matches(doc.metadata, self.options["waived_by"]) or metadata_matches(doc.metadata, self.options["metadata"]):
            return
        if doc.provided and self.is_present_in_texts(doc.provided):
            return  # the site adds it to the page: an include, a layout, the config's `provided`
        if self.metadata_keys is not None and isinstance(doc.metadata, dict) and any(
                isinstance(k, str) and self.metadata_keys.match(k) and _truthy(v) for k, v in doc.metadata.items()):
            return  # the page asks the site's layout for its disclaimer
        if self.section_headings is not None and self._headed_section(doc):
            return
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

    def _gives_health_advice(self, doc: Document) -> bool:
        """At least `min_health_cues` distinct health-advice words in the draft's prose."""
        need = self.options["min_health_cues"]
        seen: set[str] = set()
        words = 0
        for block in doc.blocks:
            if block.kind not in PROSE_KINDS and block.kind != "heading":
                continue
            text = _plain(block.text)
            words += text.count(" ") + 1
            for m in self.health_cues.finditer(text):
                seen.add(m.group(0).casefold().rstrip("s"))
                if len(seen) >= need:
                    return True
        return words < self.options["health_cue_words"]  # too short to tell: as before, it needs one

    def _headed_section(self, doc: Document) -> bool:
        """A section headed as the disclaimer ("## Medical disclaimer") with text under it."""
        blocks = doc.blocks
        for i, block in enumerate(blocks[:-1]):
            if block.kind == "heading" and self.section_headings.match(block.text.strip()):
                following = blocks[i + 1]
                if following.kind != "heading" and len(following.text.split()) >= 8:
                    return True
        return False

    def is_present(self, blocks: list[Block]) -> bool:
        if self.wordings is not None and any(self._worded(b.text) for b in blocks):
            return True
        if self.combinations and any(self._combined(b.text) for b in blocks):
            return True
        if not self.canonical:
            return False
        grams = [_bigrams(b.text) for b in blocks]
        windows = grams + [a | b for a, b in zip(grams, grams[1:])]
        threshold = self.options["similarity"]
        return any(len(wording & window) >= threshold * len(wording) for wording in self.canonical for window in windows)

    # A block's text is asked about twice per draft (required_blocks, then the rule's own check):
    # the answers are remembered for the block texts of the current draft, by identity.
    _MEMO_SIZE = 512

    def _memo(self, kind: str, text: str, compute, plain: bool = True):
        memo = self.__dict__.setdefault("_text_memo", {})
        key = (kind, id(text))
        hit = memo.get(key)
        if hit is not None and hit[0] is text:
            return hit[1]
        if len(memo) >= self._MEMO_SIZE:
            memo.clear()
        value = compute(_plain(text)) if plain else compute(text)
        if plain:
            value = bool(value)
        memo[key] = (text, value)  # the text is kept, so its id is not reused meanwhile
        return value

    def _worded(self, text: str) -> bool:
        return self._memo("w", text, self.wordings.search)

    def _combined(self, text: str) -> bool:
        return self._memo("c", text, self.combines)

    def share(self, text: str) -> float:
        return self._memo("s", text, self._share, plain=False)

    def _share(self, text: str) -> float:
        """How much of `text` (a share of its characters) is the disclaimer: the sentences that
        a wording matches or that carry a cue of a combination the text satisfies. 0 when the
        text holds no disclaimer."""
        spans = sentences(text) or [(0, len(text))]
        marked = set()
        if self.wordings is not None:
            for m in self.wordings.finditer(text):
                marked |= {i for i, (a, b) in enumerate(spans) if a < m.end() and m.start() < b}
        if self.combinations and self.combines(text):
            starts = [a for a, _ in spans]  # sentences() gives sorted, disjoint spans
            for name in self.combination_cues:
                cue = self.cues.get(name)
                if cue is None:
                    continue
                for m in cue.finditer(text):
                    i = bisect_right(starts, m.start()) - 1  # the sentence holding the cue, if any
                    if i >= 0 and m.start() < spans[i][1]:
                        marked.add(i)
        if not marked and not self.is_present_block_by_canonical(text):
            return 0.0
        if not marked:
            return 1.0
        total = sum(b - a for a, b in spans) or 1
        return sum(spans[i][1] - spans[i][0] for i in marked) / total

    def is_present_block_by_canonical(self, text: str) -> bool:
        if not self.canonical:
            return False
        grams = _bigrams(text)
        return any(len(w & grams) >= self.options["similarity"] * len(w) for w in self.canonical)

    def combines(self, text: str) -> bool:
        """Whether the text holds the parts of a disclaimer that one of `combinations` names,
        in one sentence or one paragraph: a meaning, recognized whatever the wording. In a
        combination, a list of cues must meet in one sentence ([content, limitation]: "this
        page is general information"), a single cue anywhere in the span."""
        present: dict[str, list[int]] = {}

        def at(name: str) -> list[int]:
            """Where cue `name` occurs, searched only when a combination asks (most paragraphs
            lack a combination's first cue, and the others are then never searched)."""
            found = present.get(name)
            if found is None:
                cue = self.cues.get(name)
                found = present[name] = [m.start() for m in cue.finditer(text)] if cue is not None else []
            return found

        spans = None
        for groups, within in self.combinations:
            if not all(at(n) for g in groups for n in g):
                continue
            if spans is None:
                spans = sentences(text) or [(0, len(text))]
            if within == "paragraph":
                if all(any(all(any(a <= x < b for x in present[n]) for n in g) for a, b in spans) for g in groups):
                    return True
                continue
            for a, b in spans:
                if all(any(a <= x < b for x in present[n]) for g in groups for n in g):
                    return True
        return False

    def _applies_here(self, doc: Document) -> bool:
        """Jurisdiction and scope: the config's region, the draft's own markers of another
        country's regulator, and drafts about something the rule does not concern."""
        if self.regions:
            region = (self.context.region or "").upper()
            if region and region not in self.regions:
                return False
            if not region and self.foreign_markers is not None and any(
                    self.foreign_markers.search(b.text) for b in doc.blocks):
                return False
        if self.exempt_when is not None:
            text = "\n".join(b.text for b in doc.blocks if b.kind in PROSE_KINDS)
            exempt = sum(1 for _ in self.exempt_when.finditer(text))
            context = sum(1 for _ in self.trigger_context.finditer(text)) if self.trigger_context is not None else 0
            if exempt >= 2 and exempt > context:
                return False
        return True

    def is_present_in_texts(self, texts: list[str]) -> bool:
        """Whether one of `texts` (what the site adds to the page) carries the disclaimer."""
        for text in texts:
            paragraphs = [p for p in text.split("\n\n") if p.strip()]
            if self.wordings is not None and any(self.wordings.search(_plain(" ".join(p.split()))) for p in paragraphs):
                return True
            if self.combinations and any(self.combines(_plain(" ".join(p.split()))) for p in paragraphs):
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
        if self.triggers is None and self.weak_triggers is None:
            return None
        if self.trigger_context is not None and not any(self.trigger_context.search(_plain(b.text)) for b in doc.blocks):
            return None  # the draft names no product of the kind (a food, a device): nothing to disclaim
        window = self.options["context_window"]
        if window >= 0 and self.trigger_context is not None:
            # a draft whose title names the product's kind ("Psyllium husk: ...") is about it throughout
            if self.trigger_context.search(_plain(_title(doc))):
                window = -1
        first = None
        count = 0.0
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            if block.kind not in PROSE_KINDS or block.kind == "quote":
                continue  # a quotation tells someone else's story: it instructs nobody
            plain = _plain(block.text)
            found = [m for m in self.triggers.finditer(plain) if not _quoted(plain, m.start())] if self.triggers is not None else []
            weak = ([m for m in self.weak_triggers.finditer(plain) if not _quoted(plain, m.start())]
                    if self.weak_triggers is not None else [])
            if (found or weak) and window >= 0 and self.trigger_context is not None and not any(
                    self.trigger_context.search(_plain(b.text)) for b in blocks[max(0, i - window):i + window + 1]):
                found = weak = []  # the product promoted here is not of the kind (the supplement is named elsewhere)
            if found or weak:
                if first is None or (not first[2] and found):
                    first = (block, found[0], True) if found else (block, min(weak, key=lambda m: m.start()), False)
                count += len(found) + 0.5 * len(weak)
                if count >= 1:
                    block, m, _ = first
                    start, end = block.source_span(m.start(), m.end())
                    words = " ".join(m.group(0).split())
                    return f"the draft has \u201c{words}\u201d at line {doc.position(start)[0]}", (start, end)
        return None


def _quoted(text: str, pos: int) -> bool:
    """Whether `pos` lies inside a quotation ("...", “...”) of its paragraph: quoted speech is
    someone's words, not the article's instructions."""
    before = text[:pos]
    if before.count("\u201c") > before.count("\u201d"):
        return True
    return before.count('"') % 2 == 1


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u2019", "'")
