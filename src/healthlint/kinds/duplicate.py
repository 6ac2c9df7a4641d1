"""Paragraphs that repeat, within a draft and across the library.

Three cross-file kinds share one fingerprinting step:
- `duplicate`: exact copies after normalization (case, spacing, punctuation, quotes, trailing
  web-paste artifacts), found by hashing.
- `near-duplicate`: copies with a few words changed, clauses reordered or a sentence added or
  dropped, measured as the Jaccard similarity of word shingles.
- `template`: a paragraph that recurs in many drafts is site template text (footers,
  signatures), reported once per draft instead of as a burst of duplicates.

Each draft contributes compact fingerprints in the per-file phase (`collect`); comparison runs
once over all fingerprints in `check_library`, never over all pairs of paragraphs.

Near-duplicate candidates come from a bottom-k sketch: each paragraph's shingles are hashed
to 32 bits and the k smallest hashes are its index keys. Two paragraphs with Jaccard similarity
J share the minimum hash of their union with probability J; with k = 12 keys, two paragraphs at
J >= 0.7 share at least two of them (the candidate condition) with probability above 99.9%. Every candidate pair is then verified with the
exact Jaccard similarity of the full shingle sets, so the sketch costs recall only, never
precision. Shingles shared by very many paragraphs (common phrases) are not used as keys,
which keeps every bucket small and the comparison linear.
"""
from __future__ import annotations

import hashlib
import zlib
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any, Iterable


from ..model import Block, Document
from ..patterns import compile_alternation, compile_pattern, required_literals
from ..words import normalize_for_comparison
from .base import CrossFileKind, LocatedFinding, at_least
from ..patterns import compile_cached as _compile  # remembered between runs (memo.py)

COMPARED_BLOCKS = ("paragraph", "list_item", "quote", "footnote")
# A paragraph that looks this much like an entry of a reference list (zones.bibliographic_score:
# authors with initials, a year, volume and pages, a DOI) is never compared, wherever it stands:
# citation-zone text is never a duplicate, even outside a "References" section.
REFERENCE_SCORE = 4
# Trailing artifacts ("BACK TO TEXT", a footnote number) are looked for in this many final
# characters only; scanning whole paragraphs for an end-anchored pattern is slow.
_TAIL = 120

# The duplicate kinds normalize the same paragraphs one after the other: remember recent ones.
_normalized_text = lru_cache(maxsize=4096)(normalize_for_comparison)


def _normalize(text: str, strip) -> str:
    if strip is not None:
        cut = max(0, len(text) - _TAIL)
        text = text[:cut] + strip.sub("", text[cut:])
    return _normalized_text(text)
MASK = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph's place in a draft and its fingerprint (small and picklable)."""

    line: int
    column: int
    end_line: int
    end_column: int
    digest: bytes  # hash of the normalized text
    shingles: array | None = None  # sorted unique 32-bit shingle hashes (near-duplicate kind only)
    words: array | None = None  # the paragraph's word ids in order (near-duplicate kind only)
    inside: bool = False  # an item of a list in the draft's body (not among its first or last two paragraphs)
    nwords: int = 0  # words compared (0 for a library paragraph read back from the index)
    item: bool = False  # a list item or a table row (read back from the index: False)

    def __reduce__(self):
        # Constructor arguments load ~5x faster than the slots-state default: a pre-commit run
        # unpickles the fingerprints of every library draft from the cache.
        # Every field, in order, so a field added later cannot be silently dropped on the way
        # through a worker process or the cache.
        return (Paragraph, tuple(getattr(self, name) for name in _PARAGRAPH_FIELDS))


_PARAGRAPH_FIELDS = tuple(f.name for f in fields(Paragraph))


@dataclass(slots=True)
class Copy:
    path: str
    linted: bool
    para: Paragraph

    @property
    def place(self) -> tuple[str, int]:
        return (self.path, self.para.line)


def where_else(path: str, other: Copy) -> str:
    return f"line {other.para.line}" if other.path == path else f"{other.path}:{other.para.line}"


def copy_finding(kind: CrossFileKind, copy: Copy, message: str, related: Iterable[Copy]) -> LocatedFinding:
    p = copy.para
    # The paragraph's digest stands in for its text, so baselines and fingerprints recognize
    # the same finding after edits elsewhere in the draft.
    return LocatedFinding(copy.path, p.line, p.column, p.end_line, p.end_column, message,
                          snippet=p.digest.hex(), related=tuple(c.place for c in related), removes=True)


_URL = _compile(r"\b(?:https?://|www\.)\S+")


def _link_line(block: Block, nwords: int) -> bool:
    """Mostly links (half its characters are link text or bare addresses: an entry of a list of
    resources, "Learn more: https://..."), or a short line (20 words or fewer) that links to
    another page of the same site ("Read the full [Water element overview](/elements/water/)"):
    a cross-link sibling pages carry on purpose, whose meaning is where it points."""
    text = block.text
    if not text:
        return False
    covered = sum(link.end - link.start for link in block.links)
    covered += sum(m.end() - m.start() for m in _URL.finditer(text))
    if covered * 2 >= len(text):
        return True
    return nwords <= 20 and any(_internal(link.target) for link in block.links)


def _internal(target: str) -> bool:
    target = target.strip()
    return bool(target) and not target.startswith(("mailto:", "tel:")) and "://" not in target \
        and not target.startswith("www.")


class DuplicateKind(CrossFileKind):
    OPTIONS = {
        "min_words": (int, 12, "paragraphs shorter than this (in words) are not compared", at_least(1)),
        "strip_patterns": (list, [], "trailing artifacts removed before comparing (regular expressions)"),
        "exempt": (list, [], "paragraphs matching any of these are meant to repeat (disclaimers) and are not compared"),
        "max_drafts": (int, 0, "a paragraph found in this many drafts or more is left to the template-text "
                               "rule (0: no limit)", at_least(0)),
        "parallel_after": (int, 3, "two drafts that share this many paragraphs (but are not the same draft) are "
                                   "parallel pages written from one template (a guide for each condition, each "
                                   "clinic): their shared paragraphs are meant to match (0: off)", at_least(0)),
        "parallel": (str, "skip", "what to report for parallel pages' shared paragraphs: skip, or info "
                                  "(\"parallel text: keep the copies in sync\")"),
        "short_items": (str, "compare", "list items shorter than `short_item_words`: compare across drafts "
                                        "(compare), or only inside their own draft (within): a short tip or label "
                                        "that sibling pages share is written that way on purpose, one repeated "
                                        "in the same article is a slip"),
        "short_item_words": (int, 20, "how many words a list item needs to be compared across drafts when "
                                      "short_items is 'within'", at_least(1)),
        "lone_words": (int, 0, ("a paragraph shared with another draft, shorter than this (in words) and with "
                                "different paragraphs around it in the two drafts, is parallel text (a standard "
                                "note, a card, a tip), reported as `parallel` says; a longer one, or one whose "
                                "neighbour is shared too (a copied passage), is a copy (0: off)"), at_least(0)),
        "link_lines": (str, "skip", "paragraphs that are mostly links (a resource list's entries, \"Learn more: "
                                    "<url>\") and short lines linking to another page of the site (\"Read our guide "
                                    "to ...\"): skip, or compare them like any paragraph"),
    }
    with_shingles = False
    library_index = "duplicate"  # how store/library.py answers this rule from the library index
    reads_required = False  # a disclaimer repeated in every draft is meant to be there

    def prepare(self) -> None:
        strip = self.options["strip_patterns"]
        self.strip = compile_pattern(self.spec.id, "(?:" + "|".join(f"(?:{p})" for p in strip) + r")\s*$",
                                     where=self.spec.source) if strip else None  # SafePattern: sub() has a time limit
        self.exempt = compile_alternation(self.spec.id, self.options["exempt"], where=self.spec.source)
        # Words every exempt statement contains: a block with none of them skips the regex.
        gates = [required_literals(p) for p in self.options["exempt"]]
        self.exempt_words = None if any(g is None for g in gates) else frozenset().union(*gates)
        self._word_ids: dict[str, int] = {}

    # --- per-file phase --------------------------------------------------------------------------

    def collect(self, doc: Document) -> Any:
        out = []
        min_words = self.options["min_words"]
        skip_links = self.options.get("link_lines", "compare") == "skip"
        kept = [f for f in self._fingerprints(doc) if len(f[0]) >= min_words and not (skip_links and f[7])]
        last = len(kept) - 2
        within = self.options.get("short_items", "compare") == "within"
        short = self.options.get("short_item_words", 20)
        salt = hashlib.blake2b(doc.path.encode("utf-8", "replace"), digest_size=12).digest() if within else b""
        for i, (words, digest, line, col, end_line, end_col, item, _, row) in enumerate(kept):
            inside = item and 2 <= i < last
            # A short list item is fingerprinted with its draft's salt: the same item twice in one
            # draft still matches, the same tip on a sibling page never does.
            own = within and item and len(words) < short
            if own:
                digest = hashlib.blake2b(digest + salt, digest_size=12).digest()
            if self.with_shingles:
                ids = self._ids(words)
                shingles = self._shingles(ids)
                if own:
                    key = int.from_bytes(salt[:4], "little")
                    shingles = array("I", sorted({(h ^ key) & MASK for h in shingles}))
                out.append(Paragraph(line, col, end_line, end_col, digest, shingles, array("I", ids), inside, len(words), item or row))
            else:
                out.append(Paragraph(line, col, end_line, end_col, digest, inside=inside, nwords=len(words), item=item or row))
        return out

    def _fingerprints(self, doc: Document) -> list[tuple]:
        """(normalized words, digest, line, column, end line, end column) of each compared,
        non-exempt block. The three duplicate rules share their strip and exempt patterns (one
        YAML anchor), so the first of them works this out for the document and the others read
        it: a third of the fingerprinting cost was each rule repeating it. Keyed by the
        patterns, so rules configured differently never share."""
        key = ("duplicate-fingerprints", self.strip.source if self.strip is not None else None,
               tuple(self.options["exempt"]))
        found = doc.derived.get(key)
        if found is None:
            found = doc.derived[key] = list(self._fingerprint_blocks(doc))
        return found

    def _fingerprint_blocks(self, doc: Document) -> Iterable[tuple]:
        from ..zones import bibliographic_score

        for block in doc.blocks:
            if block.kind not in COMPARED_BLOCKS:
                continue
            if self.exempt is not None and self._exempt(block.text):
                continue
            if bibliographic_score(block.text) >= REFERENCE_SCORE:
                continue  # a reference entry: two pages citing one source cite it alike, by design
            norm = _normalize(block.text, self.strip)
            words = norm.split()
            digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=12).digest()
            row = block.kind == "paragraph" and block.text.lstrip().startswith("|") and block.text.count("|") >= 3
            yield ((words, digest) + doc.position(block.start) + doc.position(block.end)
                   + (block.kind == "list_item", _link_line(block, len(words)), row))

    def _exempt(self, text: str) -> bool:
        if self.exempt_words is not None:
            folded = text.casefold()  # what IGNORECASE matching sees: "ﬁnancial" holds "financial"
            if not any(w in folded for w in self.exempt_words):
                return False
        return self.exempt.search(text) is not None

    def _ids(self, words: list[str]) -> list[int]:
        """Stable word ids (crc32, cached per run) so fingerprints agree across processes and runs."""
        ids = self._word_ids
        wid = []
        for w in words:
            i = ids.get(w)
            if i is None:
                i = ids[w] = zlib.crc32(w.encode("utf-8"))
            wid.append(i)
        return wid

    def _shingles(self, wid: list[int]) -> array:
        """Sorted unique 32-bit hashes of the paragraph's word k-grams."""
        k = max(1, min(self.options.get("shingle_size", 3), len(wid)))
        # hash() of a tuple of ints is deterministic (ints are not salted) and runs in C.
        hashes = {hash(t) & MASK for t in zip(*(wid[i:] for i in range(k)))}
        return array("I", sorted(hashes))

    # --- cross-file phase ------------------------------------------------------------------------

    def _copies(self, entries: list[tuple[str, bool, Any]], digests: set | None = None) -> list[Copy]:
        """Every paragraph of the library, or only those whose digest is in `digests`."""
        if digests is None:
            copies = [Copy(path, linted, para) for path, linted, summary in entries for para in summary or ()]
        else:
            copies = [Copy(path, linted, para) for path, linted, summary in entries for para in summary or ()
                      if para.digest in digests]
        copies.sort(key=lambda c: (c.path, c.para.line, c.para.column))
        return copies

    @staticmethod
    def _linted_digests(entries: list[tuple[str, bool, Any]]) -> set | None:
        """The digests of the linted drafts' paragraphs, or None when every draft is linted.
        A group of copies yields findings only for its linted copies, so a pre-commit run on
        one draft in a library of thousands needs only the groups that draft takes part in."""
        if all(linted for _, linted, _ in entries):
            return None
        return {para.digest for _, linted, summary in entries if linted for para in summary or ()}

    def _groups(self, copies: list[Copy]) -> dict[bytes, list[Copy]]:
        groups: dict[bytes, list[Copy]] = defaultdict(list)
        for c in copies:
            groups[c.para.digest].append(c)
        return groups

    def _is_template(self, group: list[Copy]) -> bool:
        limit = self.options["max_drafts"]
        return limit > 0 and len({c.path for c in group}) >= limit

    def _parallel_pairs(self, entries, groups) -> dict[tuple[str, str], int]:
        """Pairs of drafts written from one template: they share `parallel_after` paragraphs or
        more, but less than 80% of the smaller one (which would be the same draft twice)."""
        need = self.options["parallel_after"]
        if need <= 0:
            return {}
        shared: dict[tuple[str, str], int] = defaultdict(int)
        for places in groups:
            if self._is_template(places):
                continue  # text of the whole site, not of two parallel pages
            paths = sorted({c.path for c in places})
            if len(paths) < 2 or len(paths) > 12:
                continue
            for i, a in enumerate(paths):
                for b in paths[i + 1:]:
                    shared[(a, b)] += 1
        return {(a, b): n for (a, b), n in shared.items() if n >= need}

    @staticmethod
    def _is_parallel(parallel: dict, sizes: dict, path: str, other: str, exact: dict | None = None) -> bool:
        """The reporting draft shares `parallel_after` paragraphs or more with the other, but
        not nearly all of its own word for word (that would be the same draft twice). Judged
        from the draft being reported, which every comparison holds whole."""
        pair = tuple(sorted((path, other)))
        n = parallel.get(pair, 0)
        same = (exact if exact is not None else parallel).get(pair, 0)
        return n > 0 and same < 0.8 * max(1, sizes.get(path, 0))

    @staticmethod
    def _neighbours(entries: list[tuple[str, bool, Any]]) -> dict[tuple[str, int], tuple[Paragraph, ...]]:
        """The compared paragraphs just before and after each paragraph of the linted drafts
        (whose summaries every comparison holds whole, in draft order)."""
        out: dict[tuple[str, int], tuple[Paragraph, ...]] = {}
        for path, linted, summary in entries:
            if not linted or not summary:
                continue
            for i, p in enumerate(summary):
                out[(path, p.line)] = tuple(q for q in summary[max(0, i - 1):i + 2] if q is not p)
        return out

    def _lone(self, copy: Copy, other_path: str, neighbours: dict, shared_with: dict) -> tuple[int, ...]:
        """For a short paragraph shared with `other_path` whose neighbours are not (exact copies
        in that draft, for the near-duplicate rule near ones too): the neighbours' lines, for
        settle_parallel to look for a duplicate finding there (a copied passage); () when it is
        long enough to be a copy anyway, or a neighbour is shared. `shared_with`: digest -> the
        drafts holding that paragraph, for groups below the template limit."""
        need = self.options.get("lone_words", 0)
        if need <= 0 or copy.para.nwords >= need:
            return ()
        around = neighbours.get(copy.place, ())
        if not around:
            return ()  # the draft's only compared paragraph: the draft is that copy, nothing around it differs
        if any(other_path in shared_with.get(q.digest, ()) for q in around):
            return ()  # the neighbour is in the other draft too: a passage was copied
        return tuple(q.line for q in around)

    def _parallel_message(self, copy: Copy, other: Copy, what: str, why: str) -> str:
        return f"Parallel text: {what} as {where_else(copy.path, other)}, {why}; keep the copies in sync"

    def _report_parallel(self, copy: Copy, other: Copy, what: str, why: str) -> Iterable[LocatedFinding]:
        if self.options["parallel"] == "info":
            yield replace(copy_finding(self, copy, self._parallel_message(copy, other, what, why), [other]), severity="info")

    def check_library(self, entries: list[tuple[str, bool, Any]]) -> Iterable[LocatedFinding]:
        groups = [g for g in self._groups(self._copies(entries, self._linted_digests(entries))).values() if len(g) >= 2]
        parallel = self._parallel_pairs(entries, groups)
        sizes = {path: len(summary or ()) for path, linted, summary in entries if linted}
        lone = self.options.get("lone_words", 0) > 0
        neighbours = self._neighbours(entries) if lone else {}
        shared_with = {g[0].para.digest: {c.path for c in g} for g in groups if not self._is_template(g)} if lone else {}
        for places in groups:
            if self._is_template(places):
                continue
            first = places[0]
            for i, copy in enumerate(places):
                if not copy.linted:
                    continue
                if i == 0:
                    # The first copy is reported only when every other copy is outside the run
                    # (a pre-commit run on one new draft that repeats library text).
                    if any(p.linted for p in places[1:]):
                        continue
                    other = places[1]
                else:
                    other = first
                if other.path != copy.path and self._is_parallel(parallel, sizes, copy.path, other.path):
                    yield from self._report_parallel(copy, other, "the same paragraph", "on a page written from the same template")
                    continue
                found = copy_finding(self, copy, self.message(other=where_else(copy.path, other)), [other])
                if other.path != copy.path and lone:
                    around = self._lone(copy, other.path, neighbours, shared_with)
                    if around:
                        found = replace(found, lone=around, parallel_message=self._parallel_message(
                            copy, other, "the same paragraph", "with different text around it"))
                yield found


def shared_words_ratio(wa, wb) -> float:
    """SequenceMatcher(None, wa, wb).quick_ratio(), same value: 2 x the words the two
    sequences share (a word repeated counts as often as both have it) / all their words."""
    ca, cb = Counter(wa), Counter(wb)
    matches = 0
    for word, n in ca.items():
        m = cb.get(word)
        if m:
            matches += n if n < m else m
    length = len(wa) + len(wb)
    return 2.0 * matches / length if length else 1.0
