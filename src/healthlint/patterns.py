"""User-supplied regular expressions: compiled with the `regex` module once per run and always
executed with a time limit, so a catastrophic pattern in a rule pack ends the run with an error
naming the rule instead of hanging it."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import regex

from . import memo
from .errors import PackError, PatternTimeout

DEFAULT_TIMEOUT = 1.0  # seconds per search over one block of text


@dataclass(frozen=True)
class SafePattern:
    rule_id: str
    source: str
    compiled: regex.Pattern
    timeout: float = DEFAULT_TIMEOUT

    def _timed_out(self) -> PatternTimeout:
        return PatternTimeout(
            f"rule '{self.rule_id}': pattern {self.source!r} took longer than {self.timeout:g}s on one block "
            "(catastrophic backtracking?); simplify the pattern")

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        try:
            yield from self.compiled.finditer(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        try:
            return self.compiled.search(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        try:
            return self.compiled.match(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def sub(self, replacement: str, text: str) -> str:
        try:
            return self.compiled.sub(replacement, text, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None


def compile_pattern(rule_id: str, pattern: str, *, ignore_case: bool = True, where: str | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> SafePattern:
    flags = regex.V1 | (regex.IGNORECASE if ignore_case else 0)
    try:
        compiled = compile_cached(pattern, flags)
    except (regex.error, TypeError) as exc:
        raise PackError(f"rule '{rule_id}': invalid regular expression {pattern!r}: {exc}", where) from None
    return SafePattern(rule_id, pattern, compiled, timeout)


def compile_alternation(rule_id: str, patterns: list[str], *, ignore_case: bool = True, where: str | None = None,
                        word_bounded: bool = True, timeout: float = DEFAULT_TIMEOUT) -> SafePattern | None:
    """One pattern that matches any of `patterns` in a single pass. An entry that could change
    meaning inside the alternation ("a)|(b", a trailing backslash, a back-reference) is compiled
    alone first, and so is every entry when the alternation does not compile, so an error names
    the faulty entry. Compiling each entry twice was most of a one-file run's start-up."""
    if not patterns:
        return None
    if not all(isinstance(p, str) and _self_contained(p) for p in patterns):
        for p in patterns:
            compile_pattern(rule_id, p, ignore_case=ignore_case, where=where)
    body = "|".join(f"(?:{p})" for p in patterns)
    if word_bounded:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    try:
        whole = compile_pattern(rule_id, body, ignore_case=ignore_case, where=where, timeout=timeout)
    except PackError:
        for p in patterns:
            compile_pattern(rule_id, p, ignore_case=ignore_case, where=where)
        raise
    return _chunked(whole, patterns, ignore_case=ignore_case, where=where, word_bounded=word_bounded) or whole


# --- Alternations searched only for the entries that can match ---------------------------------
# A pack's trigger list is one alternation of a hundred or more entries, and the `regex` module
# tries every entry at every position: about a millisecond per paragraph. Most entries contain a
# literal word that a paragraph lacks ("study", "percent"), and an entry whose every match must
# contain a word absent from the text cannot match anywhere in it. So the entries are cut into a
# few consecutive chunks, each compiled alone, and a search runs only the chunks with an entry
# whose required word is present, merged so the result is exactly the whole alternation's: at
# each position the whole pattern takes the first entry (in order) that matches there, which is
# the first chunk (in order) whose leftmost match starts there.

_CHUNKS = 48
# Even one or two entries are worth a literal test: "according to" is absent from most paragraphs.
_MIN_ENTRIES = 1
# Entries whose meaning depends on where a search starts (\G, \K, reverse) or that set flags for
# the whole pattern are never chunked.
_POSITION_DEPENDENT = regex.compile(r"\\[GK]|\(\?[a-zA-Z-]*\)|\(\?r")


class LiteralScanner:
    """Which of a fixed set of strings occur in a text, found in one pass over the text with an
    Aho-Corasick automaton (the pyahocorasick package) instead of one substring search per
    string: a pack's trigger or phrase list has a few hundred of them, and testing each one in
    every paragraph was a tenth of a draft's CPU time. Without the package, a test per string.
    Exactly the strings that occur, overlapping ones included."""

    __slots__ = ("literals", "_set", "_automaton")

    def __init__(self, literals):
        self.literals = tuple(sorted(set(literals)))
        self._set = frozenset(self.literals)
        self._automaton = None

    def __getstate__(self):
        return self.literals  # the automaton is rebuilt where it is used (a worker process)

    def __setstate__(self, state):
        self.literals = state
        self._set = frozenset(state)
        self._automaton = None

    def present_in_block(self, text: str) -> set[str]:
        """present(text.casefold()) for a whole paragraph, answered from one pass of an automaton
        of every alternation's words that is remembered for the paragraph: each rule searches
        each paragraph of a draft (rule by rule), so a paragraph is searched by a dozen
        alternations and is now read once for all of them."""
        if not self.literals:
            return set()
        found = _block_words(text)
        if found is None:
            return self.present(_casefolded(text))
        return found & self._set  # DIGIT is in `found` exactly when the text has a digit

    def present(self, text: str) -> set[str]:
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = _automaton(self.literals)
        if automaton is False:
            found = {lit for lit in self.literals if lit in text}
        else:
            found = {found for _, found in automaton.iter(text)}
        return self._with_digit(found, text)

    def _with_digit(self, found: set[str], text: str) -> set[str]:
        found.discard(DIGIT)  # the marker's own characters in a text are not a digit
        if DIGIT in self._set and _ANY_DIGIT.search(text):
            found.add(DIGIT)
        return found


# The words of every ChunkedAlternation made in this process, and their automaton (None until
# needed, False without the package): one (words, automaton) pair replaced whole, so a thread
# never sees words and automaton that do not belong together.
_block_scan: list = [(frozenset(), None)]
_block_found: dict[int, tuple] = {}  # id(text) -> (text, words in text.casefold(), the words scanned for)
_BLOCKS_REMEMBERED = 256  # more than the paragraphs of a long draft
_block_lock = threading.Lock()


def _register_block_literals(literals) -> None:
    with _block_lock:
        words = _block_scan[0][0]
        if not words.issuperset(literals):
            _block_scan[0] = (words.union(literals), None)


def _block_words(text: str) -> set[str] | None:
    scan = _block_scan[0]
    hit = _block_found.get(id(text))
    if hit is not None and hit[0] is text and hit[2] is scan[0]:
        return hit[1]
    if scan[1] is None:
        with _block_lock:  # registration takes the lock too: what is read here stays put
            scan = _block_scan[0]
            if scan[1] is None:
                # Single characters ("%", "e") are in nearly every paragraph and were half of the
                # automaton's matches (each occurrence is one): a substring test each is cheaper.
                longer = tuple(sorted(lit for lit in scan[0] if len(lit) > 1))
                singles = tuple(sorted(lit for lit in scan[0] if len(lit) == 1))
                automaton = _automaton(longer) if longer else None
                scan = _block_scan[0] = (scan[0], False if automaton is False else (automaton, singles))
    if scan[1] is False:
        return None
    automaton, singles = scan[1]
    folded = _casefolded(text)
    found = {lit for _, lit in automaton.iter(folded)} if automaton is not None else set()
    found.update(lit for lit in singles if lit in folded)
    # The digit marker, as _with_digit has it, once per paragraph instead of once per pattern.
    found.discard(DIGIT)
    if _ANY_DIGIT.search(text):
        found.add(DIGIT)
    if len(_block_found) >= _BLOCKS_REMEMBERED:
        _block_found.clear()
    # The text is kept with its words, so its id is not reused meanwhile; and the words scanned
    # for, so a list of words grown since (another rule pack) is not answered from here.
    _block_found[id(text)] = (text, found, scan[0])
    return found


def _automaton(literals: tuple[str, ...]):
    if not literals:
        return False
    try:
        import ahocorasick  # lazily: only runs that search text need it
    except ImportError:  # pragma: no cover - the package is a dependency; a test per string works too
        return False
    automaton = ahocorasick.Automaton()
    for lit in literals:
        automaton.add_word(lit, lit)
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class ChunkedAlternation(SafePattern):
    chunks: tuple = ()  # (required literals or None: always searched, SafePattern) per chunk, in entry order
    literal_chunks: tuple = ()  # (casefolded literal, chunk indexes that need it)
    scanner: LiteralScanner | None = None  # finds which of literal_chunks' literals a text has
    always: tuple = ()  # indexes of the chunks with an entry that has no required literal
    # per chunk: None (always searched) or, per entry, the groups of words it needs (one of each)
    requirements: tuple = ()

    def __post_init__(self):
        if self.scanner is not None:
            _register_block_literals(self.scanner.literals)

    def __setstate__(self, state):
        self.__dict__.update(state)
        if self.scanner is not None:
            _register_block_literals(self.scanner.literals)

    def _active(self, text: str, pos: int, endpos: int | None) -> list:
        needs, requirements, always, lists = self._index
        if pos == 0 and endpos is None:
            present = self.scanner.present_in_block(text)
        else:
            # A part of a paragraph has no word the whole lacks (casefolding maps character by
            # character), and a chunk needs words: where the whole paragraph activates no chunk,
            # neither does any part of it. Claim rules search sentence by sentence.
            if self._inactive_in_block(text):
                return lists[always]
            present = self.scanner.present(_casefolded(text[pos:endpos]))
        if not present:
            return lists[always]
        # Bit masks: of the chunks that need a present word, and of the word groups satisfied.
        candidates = satisfied = 0
        for literal in present:
            chunk_bits, group_bits = needs[literal]
            candidates |= chunk_bits
            satisfied |= group_bits
        hit = always
        candidates &= ~always
        while candidates:
            low = candidates & -candidates
            candidates ^= low
            # a chunk can match only where one of its entries has a word of each of its groups
            for groups in requirements[low.bit_length() - 1]:
                if not groups & ~satisfied:
                    hit |= low
                    break
        found = lists.get(hit)
        if found is None:
            found = lists[hit] = [self.chunks[i][1] for i in range(len(self.chunks)) if hit >> i & 1]
        return found

    @property
    def _index(self) -> tuple:
        """(literal -> (bit mask of the chunks needing it, bit mask of the groups holding it),
        per chunk the group masks of its entries (one each), bit mask of the chunks always
        searched, the lists of active chunks by bit mask), worked out on first use. The lists
        are shared between calls: callers only read them."""
        index = self.__dict__.get("_index_cache")
        if index is None:
            numbers: dict[frozenset, int] = {}
            groups_of: dict[str, int] = {}
            per_chunk = []
            for entries in self.requirements:
                needed = []
                for groups in entries or ():
                    mask = 0
                    for group in groups:
                        if group not in numbers:
                            numbers[group] = len(numbers)
                            for literal in group:
                                groups_of[literal] = groups_of.get(literal, 0) | 1 << numbers[group]
                        mask |= 1 << numbers[group]
                    needed.append(mask)
                per_chunk.append(tuple(needed))
            needs = {}
            for literal, chunk_indexes in self.literal_chunks:
                bits = 0
                for i in chunk_indexes:
                    bits |= 1 << i
                needs[literal] = (bits, groups_of.get(literal, 0))
            always = 0
            for i in self.always:
                always |= 1 << i
            lists = {always: [self.chunks[i][1] for i in self.always]}
            index = (needs, tuple(per_chunk), always, lists)
            object.__setattr__(self, "_index_cache", index)
        return index

    def _inactive_in_block(self, text: str) -> bool:
        """True when no chunk beyond those always searched can match anywhere in `text`."""
        return self._active(text, 0, None) is self._index[3][self._index[2]]

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        active = self._active(text, pos, endpos)
        if not active:
            return
        if len(active) == 1:
            yield from active[0].finditer(text, pos, endpos)
            return
        yield from _merged(active, text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        active = self._active(text, pos, endpos)
        if not active:
            return None
        if len(active) == 1:
            return active[0].search(text, pos, endpos)
        return next(_merged(active, text, pos, endpos), None)


def _merged(active: list, text: str, pos: int, endpos: int | None) -> Iterator[regex.Match]:
    """The whole alternation's matches from the active chunks' leftmost matches. A chunk's next
    match found from an earlier position stays its leftmost one until the scan passes its start.
    No entry matches the empty string (see _chunked), so each match ends later. Even when every
    chunk is active this beats the whole alternation: the `regex` module searches a single entry
    with its own fast paths (a literal prefix, a first character), which an alternation of many
    entries loses; a citation list of 13 entries ran 8x slower as one pattern."""
    found = [chunk.search(text, pos, endpos) for chunk in active]
    p = pos
    while True:
        best = None
        for i, m in enumerate(found):
            if m is not None and m.start() < p:
                m = found[i] = active[i].search(text, p, endpos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        p = best.end()


_last_folded: list = [(None, "")]  # one (text, folded) pair, replaced whole: safe across threads


def _casefolded(text: str) -> str:
    """str.casefold, remembered for the last text: several patterns search the same paragraph.
    Full case folding ("ß" -> "ss") is what the regex module's IGNORECASE applies."""
    last = _last_folded[0]
    if last[0] is text:
        return last[1]
    folded = text.casefold()
    _last_folded[0] = (text, folded)
    return folded


def _chunked(whole: SafePattern, patterns: list[str], *, ignore_case: bool, where: str | None,
             word_bounded: bool) -> ChunkedAlternation | None:
    if len(patterns) < _MIN_ENTRIES or any(_POSITION_DEPENDENT.search(p) or not _self_contained(p) for p in patterns):
        return None
    # Each entry's required words, as groups: a text must have a word of every group.
    requirements = [required_literal_groups(p, digits=True) for p in patterns]
    literals = [frozenset().union(*groups) if groups else None for groups in requirements]
    # An entry without a required word is searched in every text; it must not match the empty
    # string (merging relies on that), which the analysis shows or the list stays whole.
    if any(not lits and not _never_empty(p) for p, lits in zip(patterns, literals)):
        return None
    size = -(-len(patterns) // _CHUNKS)
    chunks = []
    chunk_requirements: list = []
    for start in range(0, len(patterns), size):
        part = patterns[start:start + size]
        body = "|".join(f"(?:{p})" for p in part)
        if word_bounded:
            body = rf"(?<![\w])(?:{body})(?![\w])"
        try:
            compiled = compile_pattern(whole.rule_id, body, ignore_case=ignore_case, where=where, timeout=whole.timeout)
        except PackError:
            return None
        part_literals = literals[start:start + size]
        chunk_literals = (None if any(not lits for lits in part_literals)
                          else frozenset(l.casefold() for lits in part_literals for l in lits))
        # A timeout names the whole pattern, as without chunks.
        chunks.append((chunk_literals, SafePattern(whole.rule_id, whole.source, compiled.compiled, whole.timeout)))
        chunk_requirements.append(None if chunk_literals is None else
                                  tuple(tuple(frozenset(x.casefold() for x in g) for g in groups)
                                        for groups in requirements[start:start + size]))
    needs: dict[str, list[int]] = {}
    for i, (lits, _) in enumerate(chunks):
        for literal in lits or ():
            needs.setdefault(literal, []).append(i)
    literal_chunks = tuple((lit, tuple(ix)) for lit, ix in sorted(needs.items()))
    always = tuple(i for i, (lits, _) in enumerate(chunks) if lits is None)
    return ChunkedAlternation(whole.rule_id, whole.source, whole.compiled, whole.timeout, tuple(chunks), literal_chunks,
                              LiteralScanner(needs), always, tuple(chunk_requirements))


# Constructs whose meaning depends on the rest of the pattern: group references, recursion,
# verbose mode (comments may hold parentheses).
_CONTEXT_DEPENDENT = regex.compile(r"\\(?:\d|g)|\(\?(?:P=|P>|&|R|\d|[+-]\d|[a-zA-Z-]*x)")


@lru_cache(maxsize=4096)
def _self_contained(pattern: str) -> bool:
    """True when `pattern` certainly stays one unit inside "(?:...)": its parentheses balance
    outside character classes and no escape dangles. False means "not sure", never "invalid"."""
    if _CONTEXT_DEPENDENT.search(pattern):
        return False
    depth, i, n, in_class = 0, 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return False
            i += 2
            continue
        if in_class:
            if c == "[":
                return False  # a nested set (V1): leave it to the regex module
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":  # a ']' first in a class is a literal
                i += 1
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0 and not in_class


def required_literals(pattern: str) -> frozenset[str] | None:
    """See _required_literals; remembered between runs (memo.py)."""
    key = ("required_literals", pattern)
    found = memo.get(key, default=False)
    if found is None or (isinstance(found, frozenset) and all(isinstance(s, str) for s in found)):
        return found
    found = _required_literals(pattern)
    memo.put(key, found)
    return found


# Stands for "any digit" (the regex module's Unicode \d) in a group of required strings, with
# digits=True: "(?:one|two|\d+) in" needs "one", "two" or a digit. LiteralScanner tests it with
# the regex module itself, so both agree on what a digit is.
DIGIT = "\x00\\d\x00"
_ANY_DIGIT = regex.compile(r"\d", regex.V1)


def required_literal_groups(pattern: str, digits: bool = False) -> tuple[frozenset[str], ...]:
    """Every set of lower-cased strings of which each match of `pattern` contains at least one
    (required_literals gives the most selective of them): a text must have a string of each.
    With `digits`, a group may hold DIGIT (see there). Empty when none is known. Remembered
    between runs (memo.py)."""
    key = ("required_literal_groups", pattern, digits)
    found = memo.get(key, default=None)
    if isinstance(found, tuple) and all(isinstance(g, frozenset) and all(isinstance(x, str) for x in g) for g in found):
        return found
    parsed = _parsed(pattern)
    groups: list[frozenset[str]] = []
    if parsed is not None:
        for candidate in _all_required(list(parsed[0]), parsed[1], digits):
            group = frozenset(x.lower() for x in candidate)
            if group not in groups:
                groups.append(group)
    found = tuple(groups)
    memo.put(key, found)
    return found


_NON_ASCII = regex.compile(r"[^\x00-\x7f]+")


def _ascii_pieces(run: str) -> list[str]:
    """The ASCII stretches of a literal run, each required on its own. Only they are kept: a
    text's casefold() holds an ASCII letter wherever the `regex` module's case-insensitive
    matching finds it ("s" in "ſ", "k" in the Kelvin sign), but not so for every other letter
    ("İ" matches "i", while "i".casefold() lacks "i̇")."""
    return [piece for piece in _NON_ASCII.split(run) if piece]


def _is_digit_class(op, arg, sp) -> bool:
    return op is sp.IN and list(arg) == [(sp.CATEGORY, sp.CATEGORY_DIGIT)]


def _all_required(items, sp, digits: bool = False) -> list[set[str]]:
    """All the sets of alternatives that a sequence of parsed items must contain (each one is
    necessary on its own): literal runs, and what groups repeated at least once require."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def close_run():
        if run:
            candidates.extend({piece} for piece in _ascii_pieces("".join(run)))
            run.clear()

    for op, arg in items:
        if op is sp.LITERAL:
            run.append(chr(arg))
            continue
        close_run()
        if op is sp.SUBPATTERN:
            candidates.extend(_all_required(list(arg[-1]), sp, digits))
        elif op is sp.BRANCH:
            alts = [_required(list(branch), sp, digits) for branch in arg[1]]
            if alts and all(alts):
                candidates.append(set().union(*alts))
        elif op in (sp.MAX_REPEAT, sp.MIN_REPEAT) and arg[0] >= 1:
            candidates.extend(_all_required(list(arg[2]), sp, digits))
        elif digits and _is_digit_class(op, arg, sp):
            candidates.append({DIGIT})
    close_run()
    return [c for c in candidates if c and all(s.strip() for s in c)]


def _parsed(pattern: str):
    """(standard-library parse tree, sre_parse module) of `pattern`, or None."""
    try:
        try:
            from re import _parser as sre_parse  # Python >= 3.11
        except ImportError:  # pragma: no cover - Python 3.10
            import sre_parse  # type: ignore[no-redef]
        if _FUZZY.search(pattern) or _v1_set_syntax(pattern):
            # Fuzzy matching ("(?:colour){e<=1}" matches "color") and V1 sets ("[[:digit:]]",
            # "[a-z--[aeiou]]") are `regex`-only syntax that the standard parser reads as other
            # classes plus literal text ("]"): what it would call required is not.
            return None
        # `regex`-only syntax that the standard parser lacks stands in as a one-character class.
        simplified = regex.sub(r"\\[pP]\{[^}]*\}", r"\\w", pattern)
        simplified = regex.sub(r"\(\?i:", "(?:", simplified)
        return sre_parse.parse(simplified), sre_parse
    except Exception:
        return None


def _v1_set_syntax(pattern: str) -> bool:
    """True when a character class holds a nested set, a POSIX class or a set operation
    ("--", "&&", "||", "~~"), which the `regex` module's V1 mode reads otherwise than the
    standard parser."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "[" or pattern.startswith(("--", "&&", "||", "~~"), i):
                return True
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":  # a ']' first in a class is a literal
                i += 1
            continue
        i += 1
    return False


# A `regex` fuzzy constraint: "{e<=1}", "{e}", "{1<=e<=2}", "{2i+2d+1s<=4}" (not "\\p{Lu}").
_FUZZY = regex.compile(r"(?<!\\[pPN])\{[^}]*[eisd][^}]*\}")


def _never_empty(pattern: str) -> bool:
    """True when every match of `pattern` is at least one character long (False: not sure).
    Remembered between runs (memo.py): parsing is most of a one-file run's start-up."""
    key = ("never_empty", pattern)
    found = memo.get(key)
    if isinstance(found, bool):
        return found
    found = _analyse_never_empty(pattern)
    memo.put(key, found)
    return found


def _analyse_never_empty(pattern: str) -> bool:
    if _FUZZY.search(pattern):
        return False  # `regex` fuzzy matching ("(?:abc){e<=1}") may match less than it spells out
    parsed = _parsed(pattern)
    try:
        return parsed is not None and parsed[0].getwidth()[0] >= 1
    except Exception:
        return False


def _required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-cased strings of which every match of `pattern` contains at least one, or None
    when that cannot be worked out. Lets a rule skip a slow regex search on text that lacks
    them all (a plain substring test is a hundred times cheaper). Analysis only: the pattern
    is still run by the `regex` module."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    tree, sre_parse = parsed
    found = _required(list(tree), sre_parse)
    if not found or min(len(s) for s in found) < 1:
        return None
    return frozenset(s.lower() for s in found)


def _required(items, sp, digits: bool = False) -> set[str] | None:
    """Best set of alternatives that a sequence of parsed items must contain: of everything
    _all_required finds, the most selective (longest shortest alternative, then fewest)."""
    candidates = _all_required(items, sp, digits)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(1 if s == DIGIT else len(s.strip()) for s in c), -len(c)))


def compile_cached(pattern: str, flags: int = 0) -> regex.Pattern:
    """regex.compile, served from the user cache folder when this pattern was compiled by an
    earlier run (see memo.py), as a DeferredPattern: unpickled when first used. An invalid
    pattern raises here and is never stored."""
    key = ("regex", getattr(regex, "__version__", "?"), pattern, flags)
    blob = memo.get_pickled(key)
    if blob is not None:
        return DeferredPattern(pattern, flags, blob)
    compiled = regex.compile(pattern, flags)
    memo.put(key, compiled)
    return compiled


class DeferredPattern:
    """A compiled regular expression that an earlier run stored (memo.py), unpickled the first
    time it is used. A pack holds about 2,300 patterns and a one-draft run searches a few hundred
    of them (the rest wait for words the draft lacks); unpickling all of them was a sixth of its
    start-up. The first use binds the compiled pattern's own methods on the instance, so every
    later call goes straight to the compiled pattern, at no cost over it. Anything else a
    compiled pattern has (flags, groups, groupindex) is looked up on it."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "splititer",
                "scanner")

    def __init__(self, pattern: str, flags: int, blob: bytes):
        self.pattern = pattern
        self._flags = flags
        self._blob = blob
        self._compiled = None

    def _resolve(self) -> regex.Pattern:
        compiled = self._compiled
        if compiled is None:
            import pickle

            try:
                compiled = pickle.loads(self._blob)
            except Exception:
                compiled = None
            if not isinstance(compiled, regex.Pattern) or compiled.pattern != self.pattern:
                compiled = regex.compile(self.pattern, self._flags)
            self._compiled = compiled
            for name in self._METHODS:
                setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str):  # flags, groups, groupindex: what is not set on the instance
        if name.startswith("__") or name in ("_compiled", "_blob", "_flags", "pattern"):
            raise AttributeError(name)
        return getattr(self._resolve(), name)

    def __eq__(self, other) -> bool:
        if isinstance(other, DeferredPattern):
            return self.pattern == other.pattern and self._flags == other._flags
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags))

    def __reduce__(self):  # a spawned worker gets it still deferred
        return (DeferredPattern, (self.pattern, self._flags, self._blob))

    def __repr__(self) -> str:
        return f"regex.compile({self.pattern!r}, flags={self._flags!r})"


def _forward(name: str):
    """DeferredPattern.<name>: resolve, then call the compiled pattern's method (after the first
    call the instance attribute set by _resolve is found first, and this is never called)."""
    def method(self, *args, **kwargs):
        return getattr(self._resolve(), name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in DeferredPattern._METHODS:
    setattr(DeferredPattern, _name, _forward(_name))
