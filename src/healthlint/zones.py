"""The citation zone of a Document: the blocks that are references, not prose.

It covers reference, sources, bibliography, further-reading and works-cited sections under
their usual headings (English, Spanish, French, German, Italian, Portuguese, Dutch and the
Nordic languages), a paragraph that is only such a heading ("**Sources:**"), a paragraph that
opens with one ("Sources: CDC; NIH"), footnote definitions, and bibliographic entries wherever
they stand: numbered or bulleted entries in the Vancouver, AMA, APA or Harvard style are
recognized by their shape (authors with initials, a year, a journal volume and pages, a DOI or
PMID, "et al.", "Retrieved from").

Rules declare whether they read the zone (RuleKind.reads_citations): spelling, spliced
references, duplicates and template text do not; citation rules do. The engine gives each rule
the view it declares (pipeline/perfile.check_document), so no rule has to filter blocks itself."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .model import Block, Document
from .patterns import compile_cached as _compile  # remembered between runs (memo.py)

_HEADING_WORDS = (
    r"references?|reference list|sources?|source list|bibliography|bibliographies|works cited|works consulted|"
    r"literature cited|cited literature|literature|citations?|notes|footnotes|endnotes|further reading|"
    r"suggested reading|recommended reading|reading list|additional reading|resources|additional resources|"
    r"useful resources|more resources|further resources|further information|useful links|research|"
    r"scientific references|medical references|studies cited|evidence|"
    r"referencias|referencias bibliográficas|bibliografía|fuentes|lecturas recomendadas|"
    r"références|références bibliographiques|bibliographie|sources et références|"
    r"quellen|quellenangaben|literatur|literaturverzeichnis|weiterführende literatur|"
    r"riferimenti|riferimenti bibliografici|bibliografia|fonti|"
    r"referências|referências bibliográficas|fontes|"
    r"bronnen|literatuur|bronvermelding|referenties|"
    r"källor|referenser|kilder|referencer|litteratur|lähteet"
)
_ADJECTIVES = r"(?:selected|key|main|primary|scientific|medical|additional|further|other|more|cited|useful|helpful)\s+"
DEFAULT_REFERENCE_HEADING = (
    rf"^(?:\d{{1,2}}[.)]?\s+)?(?:{_ADJECTIVES})?(?:{_HEADING_WORDS})s?"
    rf"(?:\s*(?:and|&|/|,|y|et|und|e|en|og|och)\s*(?:{_ADJECTIVES})?(?:{_HEADING_WORDS})s?)*\s*:?$"
)
_DEFAULT_HEADING = _compile(DEFAULT_REFERENCE_HEADING, regex.I)
# "Sources: CDC; NIH" — a paragraph that opens with the heading word and goes on
_OPENS_WITH_HEADING = _compile(r"^(?:sources?|references?|citations?|bibliography|fuentes|quellen)\s*:\s*\S", regex.I)

# What a reference looks like: a year, a DOI, a PMID or a web address. A paragraph after the
# list without any of these (a disclaimer, a sign-off) ends the reference list.
_LOOKS_LIKE_REFERENCE = _compile(r"(?:19|20)\d{2}|\bdoi\b|10\.\d{4,9}/|PMID|https?://|www\.", regex.I)
_ENTRY_NUMBER = _compile(r"\s*(?:\[(\d{1,3})\]|\^?(\d{1,3})[.)\]:])\s")
_LIST_NUMBER_BEFORE = _compile(r"(?:^|\n)[ \t>]*(\d{1,3})[.)][ \t]*$")
_FIRST_AUTHOR = _compile(r"\s*(?:\[\d{1,3}\]\s*|\d{1,3}[.)]\s*)?(\p{Lu}[\p{L}'\u2019-]+)")
_FOOTNOTE_DEFINITION = _compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$", regex.M)

# --- the shape of a bibliographic entry -----------------------------------------------------------
_YEAR = _compile(r"(?<!\d)(?:1[89]|20)\d{2}[a-z]?(?!\d)")
_DOI_PMID = _compile(r"\b10\.\d{4,9}/\S+|\bdoi\s*:|\bPMID\s*:?\s*\d|\bPMCID\s*:?\s*PMC\d|\bPMC\d{5,}|\bISBN\b", regex.I)
_VOLUME_PAGES = _compile(
    r"\b\d{1,4}\s*\(\s*\d{1,4}(?:[-\u2013]\d{1,4})?\s*(?:suppl\.?\s*\d*)?\)\s*[:,]\s*[eE]?\d{1,6}"  # 12(3):45 / 12(3), 45
    r"|;\s*\d{1,4}(?:\s*\([^)]{1,12}\))?\s*:\s*[eE]?\d{1,6}"  # 2019;12:45 / 2019;12(3):45
    r"|\b(?:vol\.?|volume)\s*\d+|\bpp?\.\s*\d+")
_AUTHORS = _compile(
    r"^\s*(?:\[\d{1,3}\]\s*|\d{1,3}[.)]\s*)?"
    r"(?:\p{Lu}[\p{L}'\u2019-]+(?:\s+\p{Lu}[\p{L}'\u2019-]+)?,?\s+(?:\p{Lu}\.?\s?){1,3}(?:[,;.]|\s+(?:and|&)\s)"  # Smith J, / Smith, J. A.
    r"|\p{Lu}[\p{L}'\u2019-]+,\s+\p{Lu}[\p{Ll}]+\s*(?:\p{Lu}\.)?[,.])")  # Smith, John.
_ET_AL = _compile(r"\bet\.?\s+al\b", regex.I)
_RETRIEVED = _compile(r"\b(?:retrieved (?:from|on)|accessed (?:on )?|available (?:at|from|online)|"
                           r"published (?:online|in)|last updated|in:\s|eds?\.|press|publishers?|journal of|"
                           r"proceedings of|university of|\bJ\s+\p{Lu}|\bAm\s+J\b|lancet|jama|bmj|n engl j med|"
                           r"cochrane|plos|pediatrics|circulation|nature|science)\b", regex.I)
_SENTENCE_VERB = _compile(r"\b(?:is|are|was|were|can|may|should|will|has|have|you|your|we|our|helps?)\b", regex.I)


def bibliographic_score(text: str) -> int:
    """How much `text` looks like one entry of a reference list (0 to about 9). A DOI or a year
    alone is not enough: prose cites inline too ("one trial found ... (doi:10.1001/x)"), so an
    entry also needs the shape of one (authors with initials, volume and pages, "et al.", a
    publisher's words)."""
    if len(text) > 900:
        return 0
    if not (_AUTHORS.match(text) or _VOLUME_PAGES.search(text) or _ET_AL.search(text) or _RETRIEVED.search(text)):
        return min(2, 1 if _YEAR.search(text) else 0)
    score = 0
    if _YEAR.search(text):
        score += 1
    if _DOI_PMID.search(text):
        score += 3
    if _VOLUME_PAGES.search(text):
        score += 2
    if _AUTHORS.match(text):
        score += 2
    if _ET_AL.search(text):
        score += 1
    if _RETRIEVED.search(text):
        score += 1
    words = text.split()
    if len(words) > 25 and len(_SENTENCE_VERB.findall(text)) >= 3:
        score -= 3  # a sentence of prose that mentions a study, not an entry
    return score


@dataclass
class ReferenceEntry:
    number: str | None  # "3", or None for an unnumbered (author-year) entry
    text: str
    start: int  # source offsets of the entry
    end: int
    author: str | None = None
    section: str = ""  # the heading it stands under, folded ("references", "further reading"), or ""
    linked: bool = False  # the entry is a link to the work (most of its text is a link's text)


# Sections that list reading, not the sources of the text: nothing is expected to cite them.
READING_SECTIONS = _compile(r"\b(?:further|suggested|recommended|additional) reading|reading list|resources|"
                                 r"useful links|further information|learn more|lecturas|weiterf\w+ literatur", regex.I)


@dataclass
class CitationIndex:
    """Where a draft's citation zone is and what its reference entries are."""

    entries: list[ReferenceEntry] = field(default_factory=list)
    reference_blocks: set[int] = field(default_factory=set)  # id() of the blocks in the zone
    has_section: bool = False

    @property
    def numbers(self) -> set[str]:
        return {e.number for e in self.entries if e.number}

    def holds(self, block: Block) -> bool:
        return id(block) in self.reference_blocks


def citation_zone(doc: Document, heading=None) -> CitationIndex:
    """The zone, worked out once per document and heading pattern and shared by every rule."""
    heading = heading or _DEFAULT_HEADING
    key = ("citations", getattr(heading, "source", None) or heading.pattern)
    index = doc.derived.get(key)
    if index is None:
        index = doc.derived[key] = _read_citations(doc, heading)
    return index


def prose_view(doc: Document) -> Document:
    """The document without its citation zone, for rules that do not read it."""
    return document_view(doc, citations=False, required=True)


def required_blocks(doc: Document, detectors=None) -> set[int]:
    """id() of the blocks that are required texts: a disclaimer or the FDA statement any of
    `detectors` (the disclaimer kinds) recognizes in the block itself, or a text the site
    declares it adds to pages (config `provided`, an include). Worked out once per document."""
    found = doc.derived.get("required-blocks")
    if found is None:
        if detectors is None:
            detectors = doc.derived.get("required-detectors", ())
        found = set()
        provided = {" ".join(p.split()).casefold() for t in doc.provided for p in t.split("\n\n") if p.strip()}
        for block in doc.blocks:
            if block.kind not in ("paragraph", "list_item", "quote", "table_cell", "footnote", "heading"):
                continue
            if provided and " ".join(block.text.split()).casefold() in provided:
                found.add(id(block))
                continue
            # the paragraph is the disclaimer, not an article paragraph with a safety line in it
            if any(d.is_present([block]) and d.share(block.text.replace("\u00a0", " ")) >= 0.5 for d in detectors):
                found.add(id(block))
        doc.derived["required-blocks"] = found
    return found


def document_view(doc: Document, citations: bool, required: bool, detectors=()) -> Document:
    """The document as a rule reads it: without its citation zone (`citations` False), without
    its required texts (`required` False), or whole."""
    if citations and required:
        return doc
    key = ("view", citations, required)
    view = doc.derived.get(key)
    if view is not None:
        return view
    drop: set[int] = set()
    if not citations:
        drop |= citation_zone(doc).reference_blocks
    if not required:
        drop |= required_blocks(doc, detectors)
    if not drop:
        view = doc
    else:
        from dataclasses import replace

        view = replace(doc, blocks=[b for b in doc.blocks if id(b) not in drop], derived={})
    doc.derived[key] = view
    return view


def _read_citations(doc: Document, heading) -> CitationIndex:
    index = CitationIndex()
    in_refs = False
    ref_level = 0
    ordinal = 0
    blocks = doc.blocks
    scores = [bibliographic_score(b.text) if b.kind in ("paragraph", "list_item", "table_cell") else 0 for b in blocks]
    starts = [bool(score) and _starts_like_entry(doc, b) for b, score in zip(blocks, scores)]
    for i, b in enumerate(blocks):
        if b.kind == "list_item" and _cites_a_paper(b):
            # a list item that is a link to a paper ("[Title. Authors - 2018](pubmed/...)")
            scores[i], starts[i] = max(scores[i], 5), True

    section = ""

    def add_entry(block: Block, number: str | None) -> None:
        index.reference_blocks.add(id(block))
        author = _FIRST_AUTHOR.match(block.text)
        linked = sum(link.end - link.start for link in block.links) >= 0.8 * len(block.text.strip())
        index.entries.append(ReferenceEntry(number, block.text, block.start, block.to_source(min(len(block.text), 60)),
                                            author.group(1) if author else None, section, bool(block.links) and linked))

    for i, block in enumerate(blocks):
        if block.kind == "footnote":
            index.entries.append(ReferenceEntry(block.label, block.text, block.start,
                                                block.to_source(min(len(block.text), 60))))
            index.reference_blocks.add(id(block))
            index.has_section = True
            continue
        title = block.text.strip().rstrip(":").strip("*_ ").rstrip(":").strip()
        is_heading = block.kind == "heading" or (block.kind == "paragraph" and len(title) < 60 and heading.match(title))
        if is_heading:
            if heading.match(title):
                in_refs, ref_level, ordinal = True, block.level, 0
                section = title.casefold()
                index.has_section = True
                index.reference_blocks.add(id(block))
                continue
            if block.kind == "heading" and (not in_refs or block.level <= ref_level or ref_level == 0):
                in_refs, section = False, ""
            continue
        if block.kind == "paragraph" and _OPENS_WITH_HEADING.match(block.text):
            index.has_section = True
            section, saved = "sources", section
            add_entry(block, None)
            section = saved
            continue
        if in_refs:
            number = _entry_number(doc, block)
            reference_like = number is not None or _LOOKS_LIKE_REFERENCE.search(block.text) or scores[i] >= 2 \
                or block.links or block.kind == "list_item"
            if not reference_like:
                if ordinal:
                    in_refs = False  # the list is over: a disclaimer or a sign-off follows it
                continue
            ordinal += 1
            if number is None and block.kind == "list_item" and doc.format == "html" and _in_html_ordered_list(doc, block):
                number = str(ordinal)  # an HTML <ol> item, numbered by its place
            add_entry(block, number)
            continue
        # an entry outside any reference section: it starts as entries do (authors with
        # initials, or a number) and has an entry's shape, alone or in a run of such blocks
        if not in_refs:
            section = ""
        if starts[i] and (scores[i] >= 5 or (scores[i] >= 3 and ((i > 0 and starts[i - 1] and scores[i - 1] >= 3)
                                                                 or (i + 1 < len(blocks) and starts[i + 1]
                                                                     and scores[i + 1] >= 3)))):
            add_entry(block, _entry_number(doc, block))
    if doc.format in ("markdown", "mdx") and "[^" in doc.source:
        # markdown-it drops footnote definitions nothing refers to: read them from the source.
        for m in _FOOTNOTE_DEFINITION.finditer(doc.source):
            if m.group(1) not in doc.footnote_labels:
                index.entries.append(ReferenceEntry(m.group(1), m.group(2), m.start(), m.end()))
                index.has_section = True
    return index


_SCHOLARLY = _compile(
    r"doi\.org/|ncbi\.nlm\.nih\.gov|pubmed|europepmc|sciencedirect\.com|springer|wiley\.com|nature\.com/articles|"
    r"bmj\.com|thelancet\.com|jamanetwork|nejm\.org|frontiersin\.org|mdpi\.com|plos|academic\.oup\.com|tandfonline|"
    r"karger\.com|cochranelibrary|journals\.|scholar\.google|researchgate\.net/publication|biomedcentral|"
    r"ahajournals|jstor\.org|semanticscholar|arxiv\.org|medrxiv|biorxiv|cell\.com", regex.I)


def _cites_a_paper(block: Block) -> bool:
    """Most of the item is one link to a paper or a journal's page."""
    for link in block.links:
        if _SCHOLARLY.search(link.target) and (link.end - link.start) >= 0.5 * len(block.text.strip()):
            return True
    return False


def _starts_like_entry(doc: Document, block: Block) -> bool:
    """Authors with initials first ("Smith J, Lee K."), or a reference number ("[3]", "3.", an
    ordered-list item) before a capitalized word: not prose that cites inline."""
    if _AUTHORS.match(block.text):
        return True
    numbered = _entry_number(doc, block) is not None
    return numbered and bool(_FIRST_AUTHOR.match(block.text))


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


def entry_names(index: CitationIndex) -> str:
    """The entries' text in one lower-case string, to find whether an attributed name (the CDC,
    Smith) is among the sources."""
    return "\n".join(e.text for e in index.entries).casefold()
