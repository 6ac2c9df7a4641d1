"""Claims and citations.

`claim`: a sentence that states a statistic, a research finding or a strong efficacy claim with
no citation in the sentence or its paragraph. One kind serves two rules: `report: unsourced`
(nothing backs the claim) and `report: attributed` (a named organization or author is credited,
but nothing a reader can follow: no link, no reference).
`citation`: numbered markers that point at no reference (`check: dangling`), and reference-list
entries that nothing cites (`check: uncited`).
`references-section`: a draft that makes claims has a references section (a trust signal).

Where a sentence or a reference list is, and which markers a draft uses, is worked out here once
per document (`read_citations`); the patterns that decide what is a claim, a citation or an
attribution come from the rule pack."""
from __future__ import annotations

import bisect
from typing import Iterable

import regex

from ..model import Block, Document, Finding
from ..patterns import SafePattern, compile_alternation, compile_pattern
from ..words import sentences
from ..zones import CitationIndex, citation_zone
from .base import RuleKind, at_least
from ..patterns import compile_cached as _compile  # remembered between runs (memo.py)

CLAIM_BLOCKS = ("paragraph", "list_item", "quote", "table_cell")
_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_NUMBER_LIST = _compile(r"\d{1,3}(?:\s*[-\u2013]\s*\d{1,3})?")
_RANGE_DASH = _compile(r"\s*[-\u2013]\s*")
# an author-year citation in the text: "(Smith, 2019)", "(Smith and Lee 2020)", "Smith et al. (2018)"
AUTHOR_YEAR = _compile(r"\(\p{Lu}[\p{L}'-]+(?:\s+(?:et al\.?|and|&)\s*(?:\p{Lu}[\p{L}'-]+)?)?,?\s+(?:19|20)\d{2}[a-z]?"
                             r"|\p{Lu}[\p{L}'-]+(?:\s+et al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'-]+)?\s+\((?:19|20)\d{2}[a-z]?\)")
UNIT_BEFORE = _compile(r"(?:\b(?:k?m|c?m|mm|ft|in|kg|g)|/)\s?$")
_NEGATIVE_CLAIM = _compile(r"\W*(?:no|zero|never|without|nothing|none)\b", regex.I)
_NAME_WORDS = _compile(r"[\p{L}][\p{L}'\u2019.-]+")
_NOT_NAMES = frozenset("according the to a an of and for in on by says say said report reports reported found "
                       "finds shows show study studies research data survey experts doctors researchers".split())


def expand_numbers(label: str) -> set[str]:
    """'1,3-5' -> {'1','3','4','5'}; superscript digits are read as digits."""
    out: set[str] = set()
    for m in _NUMBER_LIST.finditer(label.translate(_SUPERSCRIPT_DIGITS)):
        parts = _RANGE_DASH.split(m.group(0))
        if len(parts) == 2 and int(parts[0]) < int(parts[1]) <= int(parts[0]) + 50:
            out.update(str(n) for n in range(int(parts[0]), int(parts[1]) + 1))
        else:
            out.update(str(int(p)) for p in parts)
    return out


def read_citations(doc: Document, heading=None) -> CitationIndex:
    """The document's citation zone (zones.py), with this rule's reference heading."""
    return citation_zone(doc, heading)


def in_sources(attribution: str, refs: CitationIndex) -> bool:
    """Whether the name an attribution credits ("According to the CDC", "Smith and Osei
    report") is in one of the draft's reference entries: every capitalized name of the
    attribution in the same entry. A Sources list with no markers then backs the claim."""
    if not refs.entries:
        return False
    names = [w.rstrip(".").casefold() for w in _NAME_WORDS.findall(attribution)
             if w[:1].isupper() and w.casefold() not in _NOT_NAMES]
    if not names:
        return False
    patterns = [_compile(rf"(?<!\w){regex.escape(n)}(?!\w)") for n in names]
    return any(all(p.search(e.text.casefold()) for p in patterns) for e in refs.entries)


def _has_source_link(block: Block, not_sources: SafePattern | None = None) -> bool:
    """A link to a web address that is not a shop, cart or the like counts as a source."""
    return any(link.target.startswith(("http://", "https://", "doi:", "www."))
               and (not_sources is None or not_sources.search(link.target) is None) for link in block.links)


class ClaimKind(RuleKind):
    reads_citations = True
    OPTIONS = {
        "triggers": (list, [], "regular expressions that make a sentence a claim needing a source"),
        "not_claims": (list, [], "regular expressions of near-misses: a trigger inside one of these is not a "
                                 "claim (e.g. 'no cure', '1% hydrocortisone cream')"),
        "exempt": (list, [], "regular expressions that make a whole sentence not a claim (e.g. exercise instructions)"),
        "citations": (list, [], "regular expressions that count as a citation in the sentence or paragraph"),
        "attributions": (list, [], "regular expressions that credit a named source without citing it "
                                   "('according to the CDC', 'Smith et al present'); such a sentence is a "
                                   "claim of its own"),
        "speaker_attributions": (list, [], "regular expressions that credit a quote to a named, credentialed "
                                           "person ('says Jane Roe, MD'): attribution, not a claim of its own"),
        "report": (str, "unsourced", "'unsourced': claims with neither citation nor attribution; "
                                     "'attributed': attributed claims with no citation"),
        "links_cite": (bool, True, "a link to a web address in the sentence or paragraph counts as a citation"),
        "negations": (list, [], "regular expressions of negation and caution: a trigger right after one of these "
                                "(within `negation_words` words) states the opposite of a claim ('no injection is risk-free')"),
        "negation_words": (int, 3, "how many words may stand between a negation and the trigger it negates", at_least(0)),
        "personal": (list, [], "regular expressions of a writer's own experience ('I lost', 'my results'): such a "
                               "sentence reports, it does not claim"),
        "statistic": (str, r"\d|percent|\bhalf\b|\bthird\b|\bquarter\b", "what makes a trigger a statistic: in a table "
                                                                          "cell a statistic is data, not a claim"),
        "skip_blocks": (list, [], "block kinds whose sentences are not claims of the draft (quote: someone else's "
                                  "words, credited where they are quoted)"),
        "non_source_links": (list, [], "regular expressions of link targets that are not sources (a shop, a cart)"),
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        compile_ = lambda key, **kw: compile_alternation(sid, self.options[key], where=src, **kw)  # noqa: E731
        self.triggers = compile_("triggers")
        self.not_claims = compile_("not_claims")
        self.exempt = compile_("exempt")
        self.citations = compile_("citations", word_bounded=False)
        self.attributions = compile_("attributions", word_bounded=False)
        self.speakers = compile_("speaker_attributions", word_bounded=False)
        self.non_source_links = compile_("non_source_links", word_bounded=False)
        self.negations = compile_alternation(sid, self.options["negations"], where=src, word_bounded=False)
        self.personal = compile_alternation(sid, self.options["personal"], where=src, word_bounded=False)
        self.statistic = compile_pattern(sid, self.options["statistic"], where=src)
        self.skip_blocks = frozenset(self.options["skip_blocks"])
        if self.options["report"] not in ("unsourced", "attributed"):
            from ..errors import PackError

            raise PackError(f"rule '{sid}': option 'report' must be 'unsourced' or 'attributed'", src)

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.triggers is None:
            return
        attributed_mode = self.options["report"] == "attributed"
        refs = None
        for block in doc.blocks:
            if block.kind not in CLAIM_BLOCKS or block.kind in self.skip_blocks:
                continue
            text = prose_text(block)
            attributed = attributed_mode and self.attributions is not None and self.attributions.search(text) is not None
            if attributed_mode and not attributed and (self.speakers is None or self.speakers.search(text) is None):
                continue  # nothing credited to anyone here: no attributed claim, and unsourced ones are not ours
            kind = block.kind
            if kind == "paragraph" and text.lstrip().startswith("|") and text.count("|") >= 3:
                kind = "table_cell"  # a pipe-table row the parser left as text (no separator line): data
            claims = claim_sentences(text, self.triggers, self.not_claims, self.exempt, every_sentence=attributed,
                                     keep=lambda t, a, b, m, kind=kind: self._asserted(t, a, b, m, kind))
            if not attributed and not any(trigger for _, _, trigger in claims):
                continue
            if refs is None:
                refs = read_citations(doc)
            if id(block) in refs.reference_blocks or self._is_cited(block):
                continue
            for start, end, trigger in claims:
                speaker = self.speakers.search(text, start, end) if self.speakers is not None else None
                source = self.attributions.search(text, start, end) if self.attributions is not None else None
                if source is not None and in_sources(source.group(0), refs):
                    continue  # credited to a source the draft's Sources list names
                if not attributed_mode:
                    if trigger and not (speaker or source):
                        yield Finding(*block.source_span(start, end), self.message(trigger=trigger))
                    continue
                # "According to the CDC, ..." states a fact on someone's authority: a claim of its own.
                if source and not trigger and not self._exempt(text, start, end):
                    trigger = short_excerpt(source.group(0))
                if trigger and (speaker or source):
                    yield Finding(*block.source_span(start, end),
                                  self.message(trigger=trigger, attribution=short_excerpt((speaker or source).group(0))))

    def _asserted(self, text: str, start: int, end: int, match, kind: str) -> bool:
        """Whether a trigger (match) in the sentence text[start:end] is asserted, not negated or
        reported: not right after a negation, not in the writer's own story, and not a bare
        number in a table cell (data, not a claim)."""
        if self.negations is not None and not _NEGATIVE_CLAIM.match(match.group(0)):
            # ("no side effects" is itself the claim: a negation before it does not undo it)
            window = text[max(start, match.start() - 60):match.start()]
            for neg in self.negations.finditer(window):
                between = window[neg.end():]
                if len(between.split()) <= self.options["negation_words"]:
                    return False
        if self.personal is not None and self.personal.search(text, start, end) is not None:
            return False
        if kind == "table_cell" and self.statistic is not None and self.statistic.search(match.group(0)):
            return False
        return True

    def _exempt(self, text: str, start: int, end: int) -> bool:
        return self.exempt is not None and self.exempt.search(text, start, end) is not None

    def _is_cited(self, block: Block) -> bool:
        """A citation anywhere in the paragraph backs every sentence of it. A marker the reader
        recognized (footnote, <sup>) counts even when it points nowhere: `dangling-citation`
        reports that, once."""
        if block.markers:
            return True
        if self.options["links_cite"] and _has_source_link(block, self.non_source_links):
            return True
        return self.citations is not None and self.citations.search(prose_text(block)) is not None


def prose_text(block: Block) -> str:
    """The block's text with no-break spaces as plain spaces (same length, so offsets hold):
    web-pasted drafts are full of them, and patterns are written with plain spaces."""
    return block.text.replace("\u00a0", " ").replace("\u202f", " ")


def claim_sentences(text: str, triggers: SafePattern, not_claims: SafePattern | None,
                    exempt: SafePattern | None, every_sentence: bool = False,
                    keep=None) -> list[tuple[int, int, str | None]]:
    """(start, end, trigger words or None) for the sentences of `text` (none at all when no
    sentence is a claim, unless `every_sentence`). Each pattern runs once over the whole block,
    not once per sentence; a match belongs to the sentence it starts in."""
    hits = list(triggers.finditer(text))
    if not hits:
        return [(start, end, None) for start, end in sentences(text)] if every_sentence else []
    spans = sentences(text)
    masks = [(m.start(), m.end()) for m in not_claims.finditer(text)] if not_claims is not None else []
    exempted = [m.start() for m in exempt.finditer(text)] if exempt is not None else []
    starts = [start for start, _ in spans]
    found: list[list[str]] = [[] for _ in spans]
    for m in hits:
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0 or any(a < m.end() and m.start() < b for a, b in masks):
            continue
        if keep is not None and not keep(text, spans[i][0], spans[i][1], m):
            continue
        words = " ".join(m.group(0).split())
        if words not in found[i]:
            found[i].append(words)
    out = []
    for i, (start, end) in enumerate(spans):
        if found[i] and not any(start <= x < end for x in exempted):
            # Quote at most two triggers: "One study found \u2026 12%" names both what and how much.
            out.append((start, end, " \u2026 ".join(found[i][:2])))
        else:
            out.append((start, end, None))
    return out


def find_claims(text: str, triggers: SafePattern, not_claims: SafePattern | None,
                exempt: SafePattern | None) -> Iterable[tuple[int, int, str]]:
    """(sentence start, sentence end, trigger words) for each sentence of `text` that makes a claim."""
    for start, end, trigger in claim_sentences(text, triggers, not_claims, exempt):
        if trigger:
            yield start, end, trigger


def short_excerpt(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .,;:")
    return text if len(text) <= 60 else text[:57] + "\u2026"
