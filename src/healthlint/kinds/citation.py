"""The `citation` rule kind (CitationKind); see claim.py for what it shares with its siblings."""
from __future__ import annotations

from typing import Iterable

import regex

from ..model import Document, Finding
from ..patterns import compile_alternation, compile_pattern
from ..zones import DEFAULT_REFERENCE_HEADING, READING_SECTIONS, CitationIndex
from .base import RuleKind
from .claim import AUTHOR_YEAR, UNIT_BEFORE, expand_numbers, read_citations, short_excerpt


class CitationKind(RuleKind):
    """`check: dangling`: a numbered marker with no matching reference (a footnote reference to an
    undefined note, "[4]" or "<sup>4</sup>" with no entry 4, a number glued to the end of a word
    or sentence: "...ominousness,10 and"). `check: uncited`: a reference-list entry nothing cites."""
    reads_citations = True

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

    def _markers(self, doc: Document, refs: CitationIndex, dangling_only: bool = False):
        """(block, start, end, numbers) for every citation marker in the prose. A heading's
        markers cite their entries ("Tips for stopping the drug [62][63]"), but one that points
        nowhere is not reported: a heading's "[1]" is as often a label as a lost marker."""
        for block in doc.blocks:
            if block.kind == "quote" or id(block) in refs.reference_blocks or (dangling_only and block.kind == "heading"):
                continue  # a quotation's markers point at the quoted paper's own references
            for marker in block.markers:
                yield block, marker.start, marker.end, expand_numbers(marker.label) if marker.kind == "superscript" else {marker.label}
            if self.markers is None:
                continue
            for m in self.markers.finditer(block.text):
                if any(mk.start <= m.start() < mk.end for mk in block.markers):
                    continue
                if UNIT_BEFORE.search(block.text, max(0, m.start() - 12), m.start()):
                    continue  # an exponent: "kg/m²", "25 cm²"
                if dangling_only and any(link.start < m.end() and m.start() < link.end and not link.target.startswith("#")
                                         for link in block.links):
                    continue  # the marker is itself a link to the source ("[[7]](url)", "[[21](url)]"), not to a missing entry
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
        for block, start, end, numbers in self._markers(doc, refs, dangling_only=True):
            missing = sorted(numbers - known, key=lambda n: (len(n), n))
            if missing:
                where = "the draft has no reference list" if not refs.has_section else "the reference list has no such entry"
                yield Finding(*block.source_span(start, end),
                              self.message(marker=", ".join(missing), reason=where))

    def _uncited(self, doc: Document, refs: CitationIndex) -> Iterable[Finding]:
        """Only where the draft's own style says an entry should be cited: numbered entries when
        the text uses numbered markers, author-year entries when it cites by author and year.
        A Sources list in a draft with no in-text citations at all, and further-reading or
        resources lists, are the blog style, not lost markers."""
        if not refs.entries:
            return
        cited: set[str] = set()
        for _, _, _, numbers in self._markers(doc, refs):
            cited |= numbers
        prose = " ".join(b.text for b in doc.blocks if id(b) not in refs.reference_blocks and b.kind != "heading")
        author_year = AUTHOR_YEAR.search(prose) is not None
        # a linked paper listed outside any reference section is a link to read, not a source
        # whose marker was lost: a wiki's lists of papers under topic headings
        entries = [e for e in refs.entries if not READING_SECTIONS.search(e.section) and not (e.linked and not e.section)]
        unnumbered = [e for e in entries if e.number is None and e.author is not None]
        named = sum(1 for e in unnumbered if regex.search(rf"\b{regex.escape(e.author)}\b", prose))
        if author_year and len(unnumbered) >= 3 and named * 2 < len(unnumbered):
            # most author-year entries named nowhere: a bibliography to read, not a list whose
            # citations were lost (a lost citation leaves one or two entries uncited)
            entries = [e for e in entries if e.number is not None]
        for entry in entries:
            if entry.number is not None:
                if not cited:
                    continue  # the text uses no numbered markers at all
                if entry.number in cited:
                    continue
                if entry.author and regex.search(rf"\b{regex.escape(entry.author)}\b", prose):
                    continue  # numbered by its place in an HTML list, but cited by its author's name
            elif not author_year or entry.author is None or regex.search(rf"\b{regex.escape(entry.author)}\b", prose):
                continue  # an author-year entry is cited when its first author is named in the text
            label = f"[{entry.number}]" if entry.number else f"\u201c{short_excerpt(entry.text)}\u201d"
            yield Finding(entry.start, entry.end, self.message(entry=label))
