"""The library index: the cross-file rules' summaries (paragraph sketches) of every library draft, kept in one
file under `.healthlint_cache/` so that a run on a few drafts (pre-commit) compares them with
the whole library without loading every library draft's summaries.

A full cross-file phase (every library draft's summaries in memory) writes the index; later
runs read from it only what their linted drafts can meet:
- duplicate and template rules: the library's copies of the linted paragraphs' digests;
- near-duplicate rule: the paragraphs that share an index key with a linted paragraph, the
  library-wide "common shingle" set, and every paragraph whose group the run changes.
These, with the linted drafts and the library drafts changed since the index was written, are
handed to the rules' own `check_library`, so the findings are the full comparison's findings.

Exactness:
- The index records each library draft's path, size, mtime and inode (taken before the draft
  was read; a too-recent mtime is never trusted). A draft whose stat differs, a draft added
  since, and the linted drafts are the run's *delta*: their stored paragraphs are dropped and
  their current summaries (from this run, or from the outcome cache) are used instead.
- Template status and representatives are worked out on complete groups (every copy of a
  digest in the current library); only groups already known to be template are cut short.
- The near-duplicate rule's common shingles are counted over the whole library; the index
  stores the counts near and above the limit. The delta's effect on them is applied exactly,
  and when it would change which shingles are common (or cannot be bounded), the run falls
  back to the full comparison, which also rewrites the index.
- Every section and record carries a CRC; a file that is damaged, truncated, of another
  format or another rules key is never trusted: the run falls back to the full comparison
  and rewrites it.
"""
from __future__ import annotations

import marshal
import os
import struct
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

MAGIC = b"HLLIBIX1"
FORMAT = 3  # 3: a sixth number per copy, 1 for a list item inside the article
KEEP_FILES = 4  # index files of older rules keys are deleted beyond this many
POST_CHUNK = 512  # postings entries per checksummed chunk
COUNT_MARGIN = 32  # shingle counts within this of the common limit are stored exactly
_REC = struct.Struct("<12sIIII")  # digest, distinct drafts, copies, shingles, words


class IndexUnusable(Exception):
    """The index file cannot be trusted for this run (damaged, other format or rules key)."""


class IndexOutdated(IndexUnusable):
    """Written by another healthlint format or for other rules: replaced without a notice."""


class NeedsFullComparison(Exception):
    """The run's changes to the library are too large or too delicate to apply to the index."""


def index_path(folder: Path, key: str) -> Path:
    return Path(folder) / f"library-{key[:32]}.idx"


def supports(rules) -> bool:
    """True when every cross-file rule can be answered from the index."""
    return bool(rules.cross_file) and all(getattr(r.kind, "library_index", None) for r in rules.cross_file)


def key_path(path: str) -> str:
    return path if os.path.isabs(path) else os.path.abspath(path)


def _prefix(digest: bytes) -> int:
    return int.from_bytes(digest[:8], "big")


# --- writing ---------------------------------------------------------------------------------------

def build(folder: Path, key: str, files: list[tuple[str, int, int, int, dict]], rules) -> None:
    """Write the index for `files`: (key path, size, mtime_ns, inode, summaries by rule id),
    every library draft with summaries. Written to a temporary file and renamed into place,
    so a reader sees the old index or the new one, never a mix."""
    files = sorted(files, key=lambda f: f[0])
    sections: dict[str, tuple[int, int, int | None]] = {}
    chunks: list[bytes] = []
    offset = 0

    def add(name: str, data: bytes, crc: bool = True) -> None:
        nonlocal offset
        sections[name] = (offset, len(data), zlib.crc32(data) if crc else None)
        chunks.append(data)
        offset += len(data)

    add("files", marshal.dumps(([f[0] for f in files], [f[1] for f in files], [f[2] for f in files],
                                [f[3] for f in files])))
    meta = {}
    for rule in rules.cross_file:
        rid = rule.spec.id
        meta[rid] = rule.kind.library_index
        _build_rule(rid, rule.kind, [f[4].get(rid) for f in files], add)
    header = marshal.dumps({"format": FORMAT, "key": key, "byteorder": sys.byteorder, "sections": sections,
                            "rules": meta, "count_margin": COUNT_MARGIN, "post_chunk": POST_CHUNK})
    blob = MAGIC + struct.pack("<QI", len(header), zlib.crc32(header)) + header
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = index_path(folder, key)
    from ..atomic import replace_file  # readers see the old index or the new one, never a part

    replace_file(target, b"".join([blob, *chunks]))
    _forget_old(folder, target)


def _forget_old(folder: Path, keep: Path) -> None:
    try:
        old = sorted((p for p in folder.glob("library-*.idx") if p != keep), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    except OSError:
        return
    for path in old[KEEP_FILES - 1:]:
        try:
            path.unlink()
        except OSError:
            pass


def _build_rule(rid: str, kind, summaries: list, add) -> None:
    copies: dict[bytes, list[tuple[int, int, int, int, int, int]]] = defaultdict(list)
    first: dict[bytes, Any] = {}
    for pid, summary in enumerate(summaries):
        for p in summary or ():
            copies[p.digest].append((pid, p.line, p.column, p.end_line, p.end_column, int(p.inside)))
            first.setdefault(p.digest, p)
    digests = sorted(copies)  # bytes order is the order of (_prefix, digest)
    number = {d: i for i, d in enumerate(digests)}
    near = kind.library_index == "near"
    opts = kind.options
    limit = opts.get("max_drafts", 0)
    heap, offs = [], array("Q", [0])
    size = 0
    npaths_of = []
    pack, crc32, first_of = _REC.pack, zlib.crc32, itemgetter(0)
    for d in digests:
        # Copies in no particular order: the reader's check_library sorts them.
        group = copies[d]
        npaths = len(set(map(first_of, group)))
        npaths_of.append(npaths)
        body = array("I", chain.from_iterable(group)).tobytes()  # row-major: 6 numbers per copy
        if near:
            para = first[d]
            payload = b"".join((pack(d, npaths, len(group), len(para.shingles), len(para.words)), body,
                                para.shingles.tobytes(), para.words.tobytes()))
        else:
            payload = pack(d, npaths, len(group), 0, 0) + body
        record = crc32(payload).to_bytes(4, "little") + payload
        heap.append(record)
        size += len(record)
        offs.append(size)
    add(f"{rid}/dkeys", array("Q", map(_prefix, digests)).tobytes())
    add(f"{rid}/doffs", offs.tobytes())
    add(f"{rid}/heap", b"".join(heap), crc=False)
    pheap, poffs, size = [], array("Q", [0]), 0
    for summary in summaries:
        ids = array("I", sorted({number[p.digest] for p in summary or ()}))
        payload = ids.tobytes()
        record = zlib.crc32(payload).to_bytes(4, "little") + payload
        pheap.append(record)
        size += len(record)
        poffs.append(size)
    add(f"{rid}/poffs", poffs.tobytes())
    add(f"{rid}/pheap", b"".join(pheap), crc=False)
    if not near:
        return
    k, cap = opts["sketch_size"], opts["max_bucket"]
    pool = 2 * k
    nt = [i for i, d in enumerate(digests) if not (limit > 0 and npaths_of[i] >= limit)]
    counts = Counter(chain.from_iterable(first[digests[i]].shingles[:pool] for i in nt))
    common = {h for h, n in counts.items() if n > cap}
    floor = max(1, cap + 1 - COUNT_MARGIN)
    stored = sorted((h, n) for h, n in counts.items() if n >= floor)
    add(f"{rid}/counts", array("I", [h for h, _ in stored]).tobytes() + array("I", [n for _, n in stored]).tobytes())
    postings = array("Q")
    for i in nt:
        keys = [h for h in first[digests[i]].shingles[:pool] if h not in common][:k]
        postings.extend(h << 32 | i for h in keys)
    postings = array("Q", sorted(postings))
    add(f"{rid}/posts", postings.tobytes(), crc=False)
    fence = array("Q", postings[::POST_CHUNK])
    crcs = array("I", (zlib.crc32(postings[i:i + POST_CHUNK].tobytes()) for i in range(0, len(postings), POST_CHUNK)))
    add(f"{rid}/pfence", fence.tobytes() + crcs.tobytes())


# --- reading ---------------------------------------------------------------------------------------

class LibraryIndex:
    """One index file opened for one run. Any inconsistency raises IndexUnusable."""

    def __init__(self, path: Path, key: str):
        import mmap

        self.path = Path(path)
        try:
            with open(self.path, "rb") as f:
                self._mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise IndexUnusable(str(exc)) from None
        mm = self._mm
        if len(mm) < 20 or mm[:8] != MAGIC:
            raise IndexUnusable("not a healthlint library index")
        hlen, hcrc = struct.unpack("<QI", mm[8:20])
        raw = mm[20:20 + hlen]
        if len(raw) != hlen or zlib.crc32(raw) != hcrc:
            raise IndexUnusable("damaged header")
        try:
            header = marshal.loads(raw)
        except Exception as exc:  # noqa: BLE001
            raise IndexUnusable(f"damaged header ({exc})") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key \
                or header.get("byteorder") != sys.byteorder or header.get("count_margin") != COUNT_MARGIN \
                or header.get("post_chunk") != POST_CHUNK:
            raise IndexOutdated("another format or rules key")
        self.base = 20 + hlen
        self.sections = header["sections"]
        self.rules = header["rules"]
        self._rule_cache: dict[str, _RuleData] = {}
        files = marshal.loads(self.section("files"))
        self.paths, self.sizes, self.mtimes, self.inodes = files
        if not (len(self.paths) == len(self.sizes) == len(self.mtimes) == len(self.inodes)):
            raise IndexUnusable("damaged file table")

    def close(self) -> None:
        try:
            self._mm.close()
        except Exception:  # noqa: BLE001
            pass

    def section(self, name: str, verify: bool = True) -> bytes:
        try:
            start, length, crc = self.sections[name]
        except (KeyError, TypeError, ValueError):
            raise IndexUnusable(f"no section {name}") from None
        data = self._mm[self.base + start:self.base + start + length]
        if len(data) != length or (verify and crc is not None and zlib.crc32(data) != crc):
            raise IndexUnusable(f"damaged section {name}")
        return data

    def span(self, name: str) -> tuple[int, int]:
        try:
            start, length, _ = self.sections[name]
        except (KeyError, TypeError, ValueError):
            raise IndexUnusable(f"no section {name}") from None
        if self.base + start + length > len(self._mm):
            raise IndexUnusable(f"truncated section {name}")
        return self.base + start, length

    def rule(self, rid: str, kind) -> _RuleData:
        if self.rules.get(rid) != kind.library_index:
            raise IndexUnusable(f"rule {rid} not indexed")
        data = self._rule_cache.get(rid)
        if data is None:
            data = self._rule_cache[rid] = _RuleData(self, rid, kind)
        return data


def _array(typecode: str, data: bytes) -> array:
    a = array(typecode)
    if len(data) % a.itemsize:
        raise IndexUnusable("damaged array")
    a.frombytes(data)
    return a


class _Record:
    __slots__ = ("index", "digest", "npaths", "pids", "lines", "cols", "end_lines", "end_cols", "inside", "shingles",
                 "words")


class _RuleData:
    def __init__(self, index: LibraryIndex, rid: str, kind):
        self.index = index
        self.rid = rid
        self.near = kind.library_index == "near"
        self.dkeys = _array("Q", index.section(f"{rid}/dkeys"))
        self.doffs = _array("Q", index.section(f"{rid}/doffs"))
        self.poffs = _array("Q", index.section(f"{rid}/poffs"))
        if len(self.doffs) != len(self.dkeys) + 1 or len(self.poffs) != len(index.paths) + 1:
            raise IndexUnusable("damaged offsets")
        self.heap = index.span(f"{rid}/heap")
        self.pheap = index.span(f"{rid}/pheap")
        self._records: dict[int, _Record] = {}
        if self.near:
            raw = index.section(f"{rid}/counts")
            half = len(raw) // 2
            self.count_hashes = _array("I", raw[:half])
            self.count_values = _array("I", raw[half:])
            cap = kind.options["max_bucket"]
            self.common = {h for h, n in zip(self.count_hashes, self.count_values) if n > cap}
            self.count_floor = max(1, cap + 1 - COUNT_MARGIN)
            self.posts = index.span(f"{rid}/posts")
            fence_raw = index.section(f"{rid}/pfence")
            nchunks = (self.posts[1] // 8 + POST_CHUNK - 1) // POST_CHUNK
            if len(fence_raw) != nchunks * 12:
                raise IndexUnusable("damaged postings fence")
            self.fence = _array("Q", fence_raw[:nchunks * 8])
            self.chunk_crcs = _array("I", fence_raw[nchunks * 8:])
            self._chunks: dict[int, array] = {}

    def _blob(self, where: tuple[int, int], offs: array, i: int) -> bytes:
        start, length = where
        a, b = offs[i], offs[i + 1]
        if not (0 <= a <= b <= length) or b - a < 4:
            raise IndexUnusable("damaged record offsets")
        raw = self.index._mm[start + a:start + b]
        (crc,) = struct.unpack("<I", raw[:4])
        payload = raw[4:]
        if zlib.crc32(payload) != crc:
            raise IndexUnusable("damaged record")
        return payload

    def find(self, digest: bytes) -> int | None:
        """The digest's number in the index, or None."""
        prefix = _prefix(digest)
        lo = bisect_left(self.dkeys, prefix)
        hi = bisect_right(self.dkeys, prefix, lo)
        for i in range(lo, hi):
            if self.record(i).digest == digest:
                return i
        return None

    def record(self, i: int) -> _Record:
        rec = self._records.get(i)
        if rec is not None:
            return rec
        payload = self._blob(self.heap, self.doffs, i)
        if len(payload) < _REC.size:
            raise IndexUnusable("damaged record")
        digest, npaths, ncopies, nshingles, nwords = _REC.unpack(payload[:_REC.size])
        body = _array("I", payload[_REC.size:])
        if len(body) != 6 * ncopies + nshingles + nwords or _prefix(digest) != self.dkeys[i]:
            raise IndexUnusable("damaged record")
        rec = _Record()
        rec.index, rec.digest, rec.npaths = i, digest, npaths
        n = ncopies
        rows = body[:6 * n]  # row-major: path, line, column, end line, end column, inside of each copy
        rec.pids, rec.lines, rec.cols, rec.end_lines, rec.end_cols, rec.inside = (rows[j::6] for j in range(6))
        rec.shingles = body[6 * n:6 * n + nshingles] if self.near else None
        rec.words = body[6 * n + nshingles:] if self.near else None
        if any(p >= len(self.index.paths) for p in rec.pids):
            raise IndexUnusable("damaged record")
        self._records[i] = rec
        return rec

    def path_digests(self, pid: int) -> array:
        ids = _array("I", self._blob(self.pheap, self.poffs, pid))
        if any(i >= len(self.dkeys) for i in ids):
            raise IndexUnusable("damaged path record")
        return ids

    def stored_count(self, h: int) -> int | None:
        i = bisect_left(self.count_hashes, h)
        if i < len(self.count_hashes) and self.count_hashes[i] == h:
            return self.count_values[i]
        return None

    def postings(self, h: int) -> list[int]:
        """Numbers of the digests (not template when the index was written) with `h` as a key."""
        lo, hi = h << 32, (h + 1) << 32
        out: list[int] = []
        fence = self.fence
        j = max(0, bisect_right(fence, lo) - 1)
        while j < len(fence) and fence[j] < hi:
            chunk = self._chunk(j)
            a, b = bisect_left(chunk, lo), bisect_left(chunk, hi)
            out.extend(x & 0xFFFFFFFF for x in chunk[a:b])
            if b < len(chunk):
                break
            j += 1
        return out

    def _chunk(self, j: int) -> array:
        chunk = self._chunks.get(j)
        if chunk is None:
            start, length = self.posts
            a = j * POST_CHUNK * 8
            b = min(length, a + POST_CHUNK * 8)
            raw = self.index._mm[start + a:start + b]
            if zlib.crc32(raw) != self.chunk_crcs[j]:
                raise IndexUnusable("damaged postings")
            chunk = self._chunks[j] = _array("Q", raw)
            if chunk[0] != self.fence[j] or any(x & 0xFFFFFFFF >= len(self.dkeys) for x in chunk):
                raise IndexUnusable("damaged postings")
        return chunk


# --- the run's comparison --------------------------------------------------------------------------

class Plan:
    """Which index entries still describe the library, and what changed."""

    def __init__(self, index: LibraryIndex, lib: list[str], stats: dict, others: set[str]):
        self.index = index
        by_key = {p: i for i, p in enumerate(index.paths)}
        sizes, mtimes, inodes = index.sizes, index.mtimes, index.inodes
        self.current: dict[int, str] = {}  # valid index path number -> current library path
        self.fresh: list[str] = []  # library drafts (not linted) without a valid entry
        self.changed = 0  # library drafts (linted or not) that do not match their entry, or have none
        for p in lib:
            st = stats.get(p)
            i = by_key.get(key_path(p))
            same = (i is not None and st is not None and sizes[i] == st.st_size and mtimes[i] == st.st_mtime_ns
                    and inodes[i] == st.st_ino)
            if not same:
                self.changed += 1
            if p in others:
                if same:
                    self.current[i] = p
                else:
                    self.fresh.append(p)
        self.changed += max(0, len(by_key) - (len(lib) - self.changed))  # entries of drafts gone since
        self.stale = [i for i in range(len(index.paths)) if i not in self.current]
        self.stale_set = set(self.stale)


def compare(plan: Plan, rules, linted: list[tuple[str, Any]], fresh: list[tuple[str, Any]], display) -> list:
    """The cross-file findings (LocatedFinding per rule) of the run: linted (path, summaries) and
    fresh library (path, summaries) beside the index's valid entries."""
    out = []
    for rule in rules.cross_file:
        rid = rule.spec.id
        data = plan.index.rule(rid, rule.kind)
        entries, common = _entries(plan, data, rule.kind, [(p, s.get(rid)) for p, s in linted],
                                   [(p, s.get(rid)) for p, s in fresh], display)
        if common is None:
            found = rule.kind.check_library(entries)
        else:
            found = rule.kind.check_library(entries, common=common)
        out.append((rule, list(found)))
    return out


def _entries(plan: Plan, data: _RuleData, kind, linted, fresh, display):
    """The rule's entries for check_library: the linted and fresh drafts whole, and the index's
    copies (in valid drafts) of every digest the comparison can need, group by complete group."""
    stale = plan.stale_set
    new_paths: dict[bytes, set[str]] = defaultdict(set)
    new_para: dict[bytes, Any] = {}
    for path, summary in linted + fresh:
        for p in summary or ():
            new_paths[p.digest].add(path)
            new_para.setdefault(p.digest, p)
    linted_digests = {p.digest for _, s in linted for p in s or ()}
    include: set[int] = set()
    for d in linted_digests:
        i = data.find(d)
        if i is not None:
            include.add(i)
    common = None
    if data.near:
        common = _near_include(plan, data, kind, linted, new_paths, new_para, include)
    limit = kind.options.get("max_drafts", 0) if kind.library_index != "template" else 0
    library: dict[int, list] = defaultdict(list)
    from ..kinds.duplicate import Paragraph

    for i in sorted(include):
        rec = data.record(i)
        shingles = rec.shingles
        words = rec.words
        taken: set[int] = set()
        for j, pid in enumerate(rec.pids):
            if pid in stale:
                continue
            if limit > 0 and pid not in taken and len(taken) >= limit:
                continue  # a group already in `limit` drafts is template text whatever else it holds
            taken.add(pid)
            library[pid].append(Paragraph(rec.lines[j], rec.cols[j], rec.end_lines[j], rec.end_cols[j], rec.digest,
                                          shingles, words, bool(rec.inside[j])))
    entries = [(path, True, summary) for path, summary in linted]
    entries += [(path, False, summary) for path, summary in fresh]
    entries += [(display(plan.current[pid]), False, paras) for pid, paras in library.items()]
    entries.sort(key=lambda e: e[0])
    return entries, common


def _near_include(plan: Plan, data: _RuleData, kind, linted, new_paths, new_para, include: set[int]) -> set:
    """Adds to `include` what the near-duplicate comparison of the linted paragraphs needs and
    returns the library's common shingles; NeedsFullComparison when the delta changes them."""
    opts = kind.options
    k, cap, limit = opts["sketch_size"], opts["max_bucket"], opts["max_drafts"]
    pool = 2 * k
    stale = plan.stale_set

    def not_template(npaths: int) -> bool:
        return npaths > 0 and not (limit > 0 and npaths >= limit)

    touched: set[int] = set()
    for pid in plan.stale:
        touched.update(data.path_digests(pid))
    known: dict[bytes, int] = {}
    for d in new_paths:
        i = data.find(d)
        if i is not None:
            known[d] = i
            touched.add(i)
    delta: Counter = Counter()
    for i in touched:
        rec = data.record(i)
        gone = len({pid for pid in rec.pids if pid in stale})
        now = rec.npaths - gone + len(new_paths.get(rec.digest, ()))
        before, after = not_template(rec.npaths), not_template(now)
        if before != after:
            delta.update({h: 1 if after else -1 for h in rec.shingles[:pool]})
    for d, paths in new_paths.items():
        if d not in known and not_template(len(paths)):
            delta.update({h: 1 for h in new_para[d].shingles[:pool]})
    common = data.common
    for h, change in delta.items():
        if not change:
            continue
        stored = data.stored_count(h)
        if stored is None:
            if data.count_floor - 1 + change > cap:
                raise NeedsFullComparison("a shingle may have become common")
        elif (stored > cap) != (stored + change > cap):
            raise NeedsFullComparison("a shingle changed between common and not")
    include.update(touched)
    targets: set[int] = set()
    for _, summary in linted:
        for p in summary or ():
            targets.update([h for h in p.shingles[:pool] if h not in common][:k])
    for h in targets:
        include.update(data.postings(h))
    return common
