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
from dataclasses import dataclass, field
from typing import Iterable

import regex

from ..model import Block, Document, Finding
from ..patterns import SafePattern, compile_alternation, compile_pattern
from ..text import sentences
from .base import RuleKind, at_least

CLAIM_BLOCKS = ("paragraph", "list_item", "quote", "table_cell")
DEFAULT_REFERENCE_HEADING = r"^(?:references|sources|bibliography|works cited|citations|notes|footnotes|further reading)$"
_DEFAULT_HEADING = regex.compile(DEFAULT_REFERENCE_HEADING, regex.I)  # compiled once, not per document
_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_NUMBER_LIST = regex.compile(r"\d{1,3}(?:\s*[-\u2013]\s*\d{1,3})?")
_LIST_NUMBER_BEFORE = regex.compile(r"(?:^|\n)[ \t>]*(\d{1,3})[.)][ \t]*$")
_ENTRY_NUMBER = regex.compile(r"\s*(?:\[(\d{1,3})\]|\^?(\d{1,3})[.)\]:])\s")
_RANGE_DASH = regex.compile(r"\s*[-\u2013]\s*")
_FIRST_AUTHOR = regex.compile(r"\s*(\p{Lu}[\p{L}'\u2019-]+)")


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


@dataclass
class ReferenceEntry:
    number: str | None  # "3", or None for an unnumbered (author-year) entry
    text: str
    start: int  # source offsets of the entry
    end: int
    author: str | None = None


@dataclass
class CitationIndex:
    """Where a draft's reference list is and what it contains."""

    entries: list[ReferenceEntry] = field(default_factory=list)
    reference_blocks: set[int] = field(default_factory=set)  # id() of blocks inside the reference list
    has_section: bool = False

    @property
    def numbers(self) -> set[str]:
        return {e.number for e in self.entries if e.number}


# What a reference looks like: a year, a DOI, a PMID or a web address. A paragraph after the
# list without any of these (a disclaimer, a sign-off) ends the reference list.
_LOOKS_LIKE_REFERENCE = regex.compile(r"(?:19|20)\d{2}|\bdoi\b|10\.\d{4,9}/|PMID|https?://|www\.", regex.I)
_FOOTNOTE_DEFINITION = regex.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$", regex.M)


def read_citations(doc: Document, heading) -> CitationIndex:
    """Find the reference list: footnote definitions, and the entries under a heading such as
    "References" (or a paragraph that is only that word, as plain-text drafts have it). Worked
    out once per document and heading pattern; the claim rules share it."""
    key = ("citations", getattr(heading, "source", None) or heading.pattern)
    index = doc.derived.get(key)
    if index is None:
        index = doc.derived[key] = _read_citations(doc, heading)
    return index


def _read_citations(doc: Document, heading) -> CitationIndex:
    index = CitationIndex()
    in_refs = False
    ref_level = 0
    ordinal = 0
    for block in doc.blocks:
        if block.kind == "footnote":
            index.entries.append(ReferenceEntry(block.label, block.text, block.start, block.to_source(min(len(block.text), 60))))
            index.reference_blocks.add(id(block))
            index.has_section = True
            continue
        title = block.text.strip().rstrip(":").strip("*_ ")
        is_heading = block.kind == "heading" or (block.kind == "paragraph" and len(title) < 40 and heading.match(title))
        if is_heading:
            if heading.match(title):
                in_refs, ref_level, ordinal = True, block.level, 0
                index.has_section = True
                index.reference_blocks.add(id(block))
                continue
            if block.kind == "heading" and (not in_refs or block.level <= ref_level or ref_level == 0):
                in_refs = False
            continue
        if not in_refs:
            continue
        number = _entry_number(doc, block)
        if number is None and not _LOOKS_LIKE_REFERENCE.search(block.text):
            if ordinal:
                in_refs = False  # the list is over: a disclaimer or a sign-off follows it
            continue
        index.reference_blocks.add(id(block))
        ordinal += 1
        if number is None and block.kind == "list_item" and doc.format == "html" and _in_html_ordered_list(doc, block):
            number = str(ordinal)  # an HTML <ol> item, numbered by its place
        author = _FIRST_AUTHOR.match(block.text)
        index.entries.append(ReferenceEntry(number, block.text, block.start, block.to_source(min(len(block.text), 60)),
                                            author.group(1) if author else None))
    if doc.format == "markdown" and "[^" in doc.source:
        # markdown-it drops footnote definitions nothing refers to: read them from the source.
        for m in _FOOTNOTE_DEFINITION.finditer(doc.source):
            if m.group(1) not in doc.footnote_labels:
                index.entries.append(ReferenceEntry(m.group(1), m.group(2), m.start(), m.end()))
                index.has_section = True
    return index


def _entry_number(doc: Document, block: Block) -> str | None:
    if block.kind == "list_item" and block.label and block.label.isdigit():
        return block.label  # the Markdown reader keeps an ordered-list item's number
    m = _ENTRY_NUMBER.match(block.text)
    if m:
        return m.group(1) or m.group(2)
    # Markdown ordered lists lose their "3." in the block text: read it from the source line.
    before = _LIST_NUMBER_BEFORE.search(doc.source, max(0, block.start - 12), block.start)
    return before.group(1) if before else None


def _in_html_ordered_list(doc: Document, block: Block) -> bool:
    before = doc.source[:block.start].lower()
    return before.rfind("<ol") > before.rfind("<ul")


def _has_source_link(block: Block, not_sources: SafePattern | None = None) -> bool:
    """A link to a web address that is not a shop, cart or the like counts as a source."""
    return any(link.target.startswith(("http://", "https://", "doi:", "www."))
               and (not_sources is None or not_sources.search(link.target) is None) for link in block.links)


class ClaimKind(RuleKind):
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
        if self.options["report"] not in ("unsourced", "attributed"):
            from ..errors import PackError

            raise PackError(f"rule '{sid}': option 'report' must be 'unsourced' or 'attributed'", src)

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.triggers is None:
            return
        attributed_mode = self.options["report"] == "attributed"
        refs = None
        for block in doc.blocks:
            if block.kind not in CLAIM_BLOCKS:
                continue
            text = prose_text(block)
            attributed = attributed_mode and self.attributions is not None and self.attributions.search(text) is not None
            if attributed_mode and not attributed and (self.speakers is None or self.speakers.search(text) is None):
                continue  # nothing credited to anyone here: no attributed claim, and unsourced ones are not ours
            claims = claim_sentences(text, self.triggers, self.not_claims, self.exempt, every_sentence=attributed)
            if not attributed and not any(trigger for _, _, trigger in claims):
                continue
            if refs is None:
                refs = read_citations(doc, _DEFAULT_HEADING)
            if id(block) in refs.reference_blocks or self._is_cited(block):
                continue
            for start, end, trigger in claims:
                speaker = self.speakers.search(text, start, end) if self.speakers is not None else None
                source = self.attributions.search(text, start, end) if self.attributions is not None else None
                if not attributed_mode:
                    if trigger and not (speaker or source):
                        yield Finding(*block.source_span(start, end), self.message(trigger=trigger))
                    continue
                # "According to the CDC, ..." states a fact on someone's authority: a claim of its own.
                if source and not trigger and not self._exempt(text, start, end):
                    trigger = _quote(source.group(0))
                if trigger and (speaker or source):
                    yield Finding(*block.source_span(start, end),
                                  self.message(trigger=trigger, attribution=_quote((speaker or source).group(0))))

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
                    exempt: SafePattern | None, every_sentence: bool = False) -> list[tuple[int, int, str | None]]:
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


def _quote(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .,;:")
    return text if len(text) <= 60 else text[:57] + "\u2026"


class CitationKind(RuleKind):
    """`check: dangling`: a numbered marker with no matching reference (a footnote reference to an
    undefined note, "[4]" or "<sup>4</sup>" with no entry 4, a number glued to the end of a word
    or sentence: "...ominousness,10 and"). `check: uncited`: a reference-list entry nothing cites."""

    OPTIONS = {
        "check": (str, "dangling", "'dangling' (markers without a reference) or 'uncited' (references no marker cites)"),
        "markers": (list, [], "regular expressions of citation markers in the text; group 'n' holds the number(s)"),
        "reference_heading": (str, DEFAULT_REFERENCE_HEADING, "heading text that starts a reference list"),
    }

    def prepare(self) -> None:
        self.markers = compile_alternation(self.spec.id, self.options["markers"], where=self.spec.source, word_bounded=False)
        self.heading = compile_pattern(self.spec.id, self.options["reference_heading"], where=self.spec.source)
        if self.options["check"] not in ("dangling", "uncited"):
            from ..errors import PackError

            raise PackError(f"rule '{self.spec.id}': option 'check' must be 'dangling' or 'uncited'", self.spec.source)

    def _markers(self, doc: Document, refs: CitationIndex):
        """(block, start, end, numbers) for every citation marker in the prose."""
        for block in doc.blocks:
            if block.kind in ("heading",) or id(block) in refs.reference_blocks:
                continue
            for marker in block.markers:
                yield block, marker.start, marker.end, expand_numbers(marker.label) if marker.kind == "superscript" else {marker.label}
            if self.markers is None:
                continue
            for m in self.markers.finditer(block.text):
                if any(mk.start <= m.start() < mk.end for mk in block.markers):
                    continue
                has_n = "n" in m.re.groupindex and m.group("n")
                a, b = (m.start("n"), m.end("n")) if has_n else (m.start(), m.end())
                numbers = expand_numbers(block.text[a:b])
                if numbers:
                    yield block, a, b, numbers

    def check(self, doc: Document) -> Iterable[Finding]:
        refs = read_citations(doc, self.heading)
        if self.options["check"] == "dangling":
            yield from self._dangling(doc, refs)
        else:
            yield from self._uncited(doc, refs)

    def _dangling(self, doc: Document, refs: CitationIndex) -> Iterable[Finding]:
        known = refs.numbers | set(doc.footnote_labels)
        for block, start, end, numbers in self._markers(doc, refs):
            missing = sorted(numbers - known, key=lambda n: (len(n), n))
            if missing:
                where = "the draft has no reference list" if not refs.has_section else "the reference list has no such entry"
                yield Finding(*block.source_span(start, end),
                              self.message(marker=", ".join(missing), reason=where))

    def _uncited(self, doc: Document, refs: CitationIndex) -> Iterable[Finding]:
        if not refs.entries:
            return
        cited: set[str] = set()
        for _, _, _, numbers in self._markers(doc, refs):
            cited |= numbers
        prose = " ".join(b.text for b in doc.blocks if id(b) not in refs.reference_blocks and b.kind != "heading")
        for entry in refs.entries:
            if entry.number is not None:
                if entry.number in cited:
                    continue
                if entry.author and regex.search(rf"\b{regex.escape(entry.author)}\b", prose):
                    continue  # numbered by its place in an HTML list, but cited by its author's name
            elif entry.author is None or regex.search(rf"\b{regex.escape(entry.author)}\b", prose):
                continue  # an author-year entry is cited when its first author is named in the text
            label = f"[{entry.number}]" if entry.number else f"\u201c{_quote(entry.text)}\u201d"
            yield Finding(entry.start, entry.end, self.message(entry=label))


class ReferencesSectionKind(RuleKind):
    """A draft that makes claims has a references section (a heading such as "References", or
    footnote definitions)."""

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
