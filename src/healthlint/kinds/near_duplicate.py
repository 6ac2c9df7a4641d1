"""The `near_duplicate` rule kind (NearDuplicateKind); see duplicate.py for what it shares with its siblings."""
from __future__ import annotations

from difflib import SequenceMatcher
from array import array
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import chain, compress
from operator import eq
from typing import Any, Iterable


from .base import LocatedFinding, at_least, between
from .duplicate import Copy, DuplicateKind, MASK, Paragraph, copy_finding, shared_words_ratio, where_else


class NearDuplicateKind(DuplicateKind):
    OPTIONS = {
        **DuplicateKind.OPTIONS,
        "threshold": (float, 0.7, "Jaccard similarity of word shingles at which two paragraphs are near-duplicates", between(0, 1)),
        "shingle_size": (int, 3, "words per shingle", at_least(1)),
        "sketch_size": (int, 12, "index keys per paragraph (smallest shingle hashes); more finds more, slower", at_least(1)),
        "min_shared_keys": (int, 2, "index keys two paragraphs must share to be compared", at_least(1)),
        "max_bucket": (int, 50, "shingles among the smallest hashes of more paragraphs than this are common "
                                "phrases, not used as index keys", at_least(1)),
        "sequence_threshold": (float, 0.0, "word-sequence similarity (2 x matched words / all words, in order) at "
                                           "which two paragraphs are near-duplicates although scattered word "
                                           "substitutions keep their shingle Jaccard low (0: off)", between(0, 1)),
        "containment_threshold": (float, 0.0, "share of the shorter paragraph's shingles found in the longer one at "
                                              "which it is a copy with sentences added (0: off)", between(0, 1)),
        "parallel_entries": (bool, False, ("two neighbouring list items or table rows of one draft that differ only "
                                           "where one term replaces another inside them (a row for each drug, the "
                                           "same instruction for each device) are parallel entries, reported as "
                                           "`parallel` says; a copy further away, or with words added, dropped or "
                                           "changed at its ends, is a near-duplicate")),
        "min_jaccard": (float, 0.0, "pairs below this shingle Jaccard are never near-duplicates, whatever the "
                                    "other measures say", between(0, 1)),
    }
    with_shingles = True
    library_index = "near"

    def check_library(self, entries: list[tuple[str, bool, Any]], common: set | None = None) -> Iterable[LocatedFinding]:
        """`common`: the shingles too common to be index keys, when the caller knows them for a
        library larger than `entries` (store/library.py hands over only the groups a run can meet)."""
        copies = self._copies(entries)
        order = {id(c): n for n, c in enumerate(copies)}
        # Exact copies are the duplicate rule's business: compare one representative per group.
        reps = [g[0] for g in self._groups(copies).values() if not self._is_template(g)]
        reps.sort(key=lambda c: order[id(c)])
        neighbours = self._similar_pairs(reps) if common is None else self._similar_pairs(reps, common)
        # drafts written from one template share many paragraphs, near or exact (see DuplicateKind)
        shared: dict[tuple[str, str], int] = defaultdict(int)
        for g in self._groups(copies).values():
            if self._is_template(g):
                continue
            paths = sorted({c.path for c in g})
            for i, a in enumerate(paths[:12]):
                for b in paths[i + 1:12]:
                    shared[(a, b)] += 1
        exact = dict(shared)
        for n, near in neighbours.items():
            for m in near:
                if m > n and reps[n].path != reps[m].path:
                    shared[tuple(sorted((reps[n].path, reps[m].path)))] += 1
        need = self.options["parallel_after"]
        sizes = {path: len(summary or ()) for path, linted, summary in entries if linted}
        parallel = {pair: k for pair, k in shared.items() if need > 0 and k >= need}
        limit = self.options["max_drafts"]
        # where each linted paragraph stands among its draft's compared paragraphs
        positions = {(path, p.line): i for path, linted, summary in entries if linted for i, p in enumerate(summary or ())} \
            if self.options["parallel_entries"] else {}
        lone = self.options.get("lone_words", 0) > 0
        if lone:
            # which other drafts hold each paragraph, exactly or nearly: a neighbour found there too
            # means a passage was copied, not one standard paragraph
            lone_neighbours = self._neighbours(entries)
            shared_with: dict[bytes, set[str]] = {}
            for g in self._groups(copies).values():
                if not self._is_template(g):
                    shared_with[g[0].para.digest] = {c.path for c in g}
            # pairs with a linted paragraph only: what a pre-commit run's shortcut computes too
            for n, near in neighbours.items():
                if not reps[n].linted:
                    continue
                for m in near:
                    shared_with.setdefault(reps[n].para.digest, {reps[n].path}).add(reps[m].path)
                    shared_with.setdefault(reps[m].para.digest, {reps[m].path}).add(reps[n].path)
        for n, copy in enumerate(reps):
            near = neighbours.get(n)
            if not near or not copy.linted:
                continue
            if limit > 0 and len({copy.path} | {reps[m].path for m in near}) >= limit:
                continue  # a sentence of the site's template with its details filled in, in many drafts
            earlier = [(sim, m) for m, sim in near.items() if m < n]
            if earlier:
                sim, m = max(earlier, key=lambda e: (e[0], -e[1]))
            elif not any(reps[m].linted for m in near):
                # The earliest copy, reported only when every similar one is outside this run.
                sim, m = max(((sim, m) for m, sim in near.items()), key=lambda e: (e[0], -e[1]))
            else:
                continue
            other = reps[m]
            if other.path != copy.path and self._is_parallel(parallel, sizes, copy.path, other.path, exact):
                yield from self._report_parallel(copy, other, "nearly the same paragraph", "on a page written from the same template")
                continue
            around = self._lone(copy, other.path, lone_neighbours, shared_with) if other.path != copy.path and lone else ()
            if self.options["parallel_entries"] and other.path == copy.path and copy.para.item and other.para.item and \
                    abs(positions.get(copy.place, -9) - positions.get(other.place, 9)) == 1 and \
                    _parallel_entries(copy.para.words, other.para.words):
                yield from self._report_parallel(copy, other, "nearly the same paragraph",
                                                 "with other terms in the same places")
                continue
            if _substituted(copy.para.words, other.para.words):
                yield from self._report_parallel(copy, other, "nearly the same paragraph",
                                                 "with one term put in place of another throughout")
                continue
            message = self.message(other=where_else(copy.path, other), similarity=f"{int(sim * 100)}%")
            found = copy_finding(self, copy, message, [other])
            if around:
                found = replace(found, lone=around, parallel_message=self._parallel_message(
                    copy, other, "nearly the same paragraph", "with different text around it"))
            yield found

    def _similar_pairs(self, reps: list[Copy], common: set | None = None) -> dict[int, dict[int, float]]:
        """Pairs of paragraphs (indexes into reps) whose Jaccard similarity reaches the threshold.
        Flat sorted arrays instead of dicts of lists keep memory at a few bytes per key."""
        k = self.options["sketch_size"]
        cap = self.options["max_bucket"]
        # Shingles that are among the smallest hashes of very many paragraphs are common
        # phrases ("talk to your doctor"): they would make huge buckets, so each paragraph's keys
        # are its k smallest hashes among the uncommon ones. The filter is the same for every
        # paragraph, so the keys remain a consistent sample and similar paragraphs still meet.
        pool = 2 * k
        if common is None:
            counts = Counter(chain.from_iterable(c.para.shingles[:pool] for c in reps))  # counted in C
            common = {h for h, n in counts.items() if n > cap}
            del counts
        if not all(c.linted for c in reps):
            return self._similar_to_linted(reps, common, k, pool)
        postings = array("Q")
        for n, c in enumerate(reps):
            keys = [h for h in c.para.shingles[:pool] if h not in common][:k]
            postings.extend(h << 32 | n for h in keys)
        ordered = sorted(postings)
        del postings
        keys = [x >> 32 for x in ordered]
        # Pairs sharing at least `min_shared_keys` keys: similar paragraphs share many, while
        # paragraphs that merely have one uncommon phrase in common share one.
        mask = MASK
        total = len(keys)
        # The positions whose key repeats the one before, found in C: buckets of two or more.
        repeats = list(compress(range(1, total), map(eq, keys[1:], keys)))
        pairs = array("Q")  # a << 32 | b per pair of paragraphs sharing a key (a < b), then counted in C
        r, n_repeats = 0, len(repeats)
        while r < n_repeats:
            i = repeats[r] - 1  # the bucket's first posting
            j = repeats[r] + 1
            r += 1
            while r < n_repeats and repeats[r] == j:
                j += 1
                r += 1
            if j - i == 2:
                pairs.append((ordered[i] & mask) << 32 | (ordered[i + 1] & mask))
                continue
            members = [x & mask for x in ordered[i:j]]  # sorted, so a < b below
            for a_i, a in enumerate(members):
                base = a << 32
                pairs.extend([base | b for b in members[a_i + 1:]])
        del ordered, keys, repeats
        shared = Counter(pairs)
        del pairs
        return self._verified(reps, shared, k)

    def _similar_to_linted(self, reps: list[Copy], common: set, k: int, pool: int) -> dict[int, dict[int, float]]:
        """_similar_pairs restricted to pairs with a linted paragraph (a pre-commit run): the same
        index keys, the same shared-key counts and verification for those pairs, but only the
        buckets of the linted paragraphs' keys are built, so the cost no longer grows with the
        square of the library's common buckets. check_library reads neighbours of linted
        paragraphs only, so the findings are the same."""
        linted = [c.linted for c in reps]
        keys_of = lambda c: [h for h in c.para.shingles[:pool] if h not in common][:k]  # noqa: E731
        targets: set[int] = set()
        for n, c in enumerate(reps):
            if linted[n]:
                targets.update(keys_of(c))
        buckets: dict[int, list[int]] = defaultdict(list)
        for n, c in enumerate(reps):
            # A paragraph's keys are among its first `pool` hashes: most share none with the
            # linted paragraphs' keys, which one C-level test tells.
            if targets.isdisjoint(c.para.shingles[:pool]):
                continue
            for h in keys_of(c):
                if h in targets:
                    buckets[h].append(n)
        shared: Counter = Counter()
        for members in buckets.values():
            if len(members) < 2:
                continue
            for a in members:
                if not linted[a]:
                    continue
                for b in members:
                    if b == a or (linted[b] and b < a):
                        continue  # a pair of two linted paragraphs is counted once, from the smaller
                    shared[min(a, b) << 32 | max(a, b)] += 1
        return self._verified(reps, shared, k)

    def _verified(self, reps: list[Copy], shared: Counter, k: int) -> dict[int, dict[int, float]]:
        mask = MASK
        threshold = self.options["threshold"]
        need = min(self.options["min_shared_keys"], k)
        seq_threshold = self.options["sequence_threshold"]
        contain_threshold = self.options["containment_threshold"]
        floor = threshold
        if seq_threshold > 0 or contain_threshold > 0:
            floor = min(threshold, self.options["min_jaccard"])
        out: dict[int, dict[int, float]] = defaultdict(dict)
        # Pairs in order of their first paragraph, whose set of shingles is then built once for
        # all its pairs instead of once per pair. (The order of the pairs changes nothing: each
        # paragraph's neighbours are read as a whole.)
        current, set_a = -1, None
        for pair in sorted(pair for pair, count in shared.items() if count >= need):
            a, b = pair >> 32, pair & mask
            sa, sb = reps[a].para.shingles, reps[b].para.shingles
            la, lb = len(sa), len(sb)
            if not la or not lb or min(la, lb) / max(la, lb) < floor:  # Jaccard <= small/large
                continue
            if a != current:
                current, set_a = a, set(sa)
            inter = len(set_a.intersection(sb))
            sim = inter / (la + lb - inter)
            if sim < floor:
                continue
            if sim < threshold:
                sim = self._second_measure(reps[a].para, reps[b].para, inter / min(la, lb))
            if sim > 0:
                out[a][b] = sim
                out[b][a] = sim
        return out

    def _second_measure(self, pa: Paragraph, pb: Paragraph, containment: float) -> float:
        """For a pair whose shingle Jaccard is between `min_jaccard` and `threshold`: the
        similarity that makes it a near-duplicate after all, or 0.

        - containment: one paragraph is (nearly) all inside the other, i.e. a copy with a
          sentence or two added; Jaccard is then bounded by the length ratio.
        - word-sequence similarity: the same words in the same order with a word swapped every
          few words ("fits"/"attaches", "common"/"frequent"). Each swap breaks `shingle_size`
          shingles, so a 60-word copy with five synonyms falls near Jaccard 0.6 while the
          matched-words ratio stays near 0.9."""
        best = 0.0
        # `threshold` stays the least similarity by any measure: raising it (0.95) makes every
        # measure stricter, not only Jaccard.
        floor = self.options["threshold"]
        contain = self.options["containment_threshold"]
        if contain > 0 and containment >= max(contain, floor):
            best = containment
        seq = self.options["sequence_threshold"]
        if seq > 0:
            seq = max(seq, floor)
        if seq > 0 and pa.words is not None and pb.words is not None:
            wa, wb = pa.words, pb.words
            if 2 * min(len(wa), len(wb)) / (len(wa) + len(wb)) >= seq:  # upper bound of the ratio
                # SequenceMatcher.quick_ratio (the shared words, in any order, counted with their
                # repeats) bounds ratio from above; counted here in C, without the index of
                # positions SequenceMatcher builds first (most of the cost of a pair).
                if shared_words_ratio(wa, wb) >= seq:
                    ratio = SequenceMatcher(None, list(wa), list(wb), autojunk=False).ratio()
                else:
                    ratio = 0.0
                if ratio >= seq:
                    best = max(best, ratio)
        return best


def _parallel_entries(a, b) -> bool:
    """Two word sequences that are one template filled in differently: at least one run of
    words replaced by another inside the paragraph (not at its ends), and no more runs added or
    dropped than replaced ("the unit for `activity` is percent used" / "the unit for `iob` is
    percent remaining"). A copy with a clause added or its opening reworded is not."""
    if a is None or b is None:
        return False
    ops = [op for op in SequenceMatcher(None, list(a), list(b), autojunk=False).get_opcodes() if op[0] != "equal"]
    replaced = [op for op in ops if op[0] == "replace"]
    inner = [op for op in replaced if op[1] > 0 and op[2] < len(a) and op[3] > 0 and op[4] < len(b)]
    return bool(inner) and len(replaced) >= len(ops) - len(replaced)


def _substituted(a, b) -> bool:
    """Two word sequences that are one text written for two subjects: every difference is a
    short run of words (three at most) put in place of another, a swap seen twice or more, and
    at most two different swaps ("if you get a hot dog, get a grass-fed hot dog" / "... a
    sausage, ... a grass-fed sausage"; a feminizing and a masculinizing guide). A copy that was
    edited has words added, dropped, or changed once each."""
    if a is None or b is None:
        return False
    swaps: dict[tuple, int] = {}
    for op, i1, i2, j1, j2 in SequenceMatcher(None, list(a), list(b), autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 > 3 or j2 - j1 > 3:
            return False
        key = (tuple(a[i1:i2]), tuple(b[j1:j2]))
        swaps[key] = swaps.get(key, 0) + 1
    return 0 < len(swaps) <= 2 and max(swaps.values()) >= 2
