"""What the spelling kind knows about words: word lists (plain, gzip or Hunspell .dic), the
English frequency list used to rank corrections, and the candidate corrections of a word.

A spelling configuration's words (about 420,000: the English list and the rule's word lists)
are merged into one WordIndex: per word, which lists hold it and its English count. Building it
takes 0.3-0.5 s, so it is kept in the user's cache folder as a marisa-trie file that a later
process opens in about a millisecond; a one-draft run (pre-commit, editors) looks up a few
hundred words and never pays for the rest. Everything is loaded once per process and shared by
every rule and draft."""
from __future__ import annotations

import os
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .errors import HealthlintError
from .memo import cache_folder, write_best_effort  # noqa: F401 - shared by the user-cache files
from .patterns import compile_cached

LETTERS = "abcdefghijklmnopqrstuvwxyz"
APOSTROPHES = "'\u2019"


@dataclass(frozen=True)
class WordList:
    """Entries written in lower case accept any capitalization ("aspirin", "Aspirin"); entries
    with a capital accept only that spelling (the proper noun "Hurston", not "hurston")."""

    any_case: frozenset[str]
    exact: frozenset[str]


def parse_word_list(text: str) -> WordList:
    """One word a line; '#' starts a comment line. A Hunspell .dic file works too: its first
    line (the entry count) is skipped and affix flags after '/' are dropped."""
    if "#" not in text and "/" not in text and not text[:20].strip().split("\n")[0].isdigit():
        # fast path for plain lists such as the shipped SCOWL file: no per-line parsing
        words = set(text.replace("\u2019", "'").split())
        exact = {w for w in words if not w.islower()}
        return WordList(frozenset(words - exact), frozenset(exact))
    any_case: set[str] = set()
    exact: set[str] = set()
    lines = text.splitlines()
    if lines and lines[0].strip().isdigit():
        lines = lines[1:]
    for line in lines:
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        word = word.split("/", 1)[0].strip().replace("\u2019", "'")
        if not word:
            continue
        if word.lower() == word:
            any_case.add(word)
        else:
            exact.add(word)
    return WordList(frozenset(any_case), frozenset(exact))


@lru_cache(maxsize=32)
def read_word_list(path: str) -> WordList:
    """Read a word-list file (plain text, .gz, or Hunspell .dic). Raises HealthlintError naming
    the file when it cannot be read. (The pack's lists reach a run through the cached WordIndex
    and are read only to build it; a config's vocabulary files are read by every run.)"""
    import pickle

    cache = _list_cache_file(path)
    if cache is not None:
        try:
            with open(cache, "rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, WordList):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass
    from .decode import VOCABULARY_MAX_BYTES, read_guarded_text
    from .errors import InputError

    try:
        text = read_guarded_text(path, VOCABULARY_MAX_BYTES, gunzip=path.endswith(".gz"))
    except InputError as exc:
        raise HealthlintError(f"word list cannot be read: {exc.message}", path) from None
    words = parse_word_list(text)
    if cache is not None:
        write_best_effort(cache, pickle.dumps(words, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(cache.parent, "wordlist-*.pickle", 16)
    return words


def _list_cache_file(path: str) -> Path | None:
    """Large lists (SCOWL, a Hunspell medical dictionary) are cached parsed, keyed by path, size
    and modification time."""
    folder = cache_folder()
    try:
        st = os.stat(path)
    except OSError:
        return None
    if folder is None or st.st_size < 256 * 1024:
        return None
    import hashlib

    key = hashlib.sha1(f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return folder / f"wordlist-{Path(path).name.split('.')[0]}-{key}.pickle"


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, int]:
    """pyspellchecker's English word-frequency list (MIT): about 160,000 lower-case words with
    counts from a large subtitle corpus. It is both a dictionary and the ranking of corrections.
    pyspellchecker decodes it from gzip JSON (~0.15-0.3 s); a pickle of it in the user's cache
    folder loads several times faster, so building a WordIndex for a new configuration is quicker."""
    import pickle

    cache = _cache_file()
    if cache is not None:
        try:
            with open(cache, "rb") as handle:
                data = pickle.load(handle)
            if isinstance(data, dict) and len(data) > 1000:
                return data
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass
    from spellchecker import SpellChecker

    data = dict(SpellChecker(distance=1).word_frequency.dictionary)
    if cache is not None:
        write_best_effort(cache, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(cache.parent, "english-pyspellchecker-*.pickle", 2)
    return data


def _english_source() -> Path | None:
    """pyspellchecker's list file, found without importing the package: importlib.metadata
    alone cost 0.03-0.06 s of a one-draft run."""
    try:
        from importlib.util import find_spec

        spec = find_spec("spellchecker")
        return Path(spec.origin).parent / "resources" / "en.json.gz"
    except Exception:  # not installed as a package folder: no stable key, no cache
        return None


def _cache_file() -> Path | None:
    """~/.cache/healthlint/english-pyspellchecker-<key>.pickle (XDG_CACHE_HOME respected);
    HEALTHLINT_CACHE_DIR overrides the folder, and setting it empty turns the cache off."""
    folder = cache_folder()
    source = _english_source()
    if folder is None or source is None:
        return None
    try:
        import hashlib

        st = source.stat()
    except OSError:
        return None
    key = hashlib.sha1(f"{source}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return folder / f"english-pyspellchecker-{key}.pickle"


# --- how often the web writes a word (wordfreq) ---------------------------------------------------

class WebFrequencies:
    """wordfreq's English list (about 320,000 words from web text, Wikipedia, subtitles, news and
    books) as Zipf values: 7 for "the", 3 for once in a million words, 0 for unseen. It tells a
    rare but real word ("vaginosis", 1.9) from a slip ("protien", 1.4, beside "protein", 4.5).
    Kept as a marisa trie in the user's cache (1.3 MB), opened in a tenth of a millisecond; built
    from wordfreq once (0.5 s)."""

    def __init__(self, trie=None, table: dict | None = None):
        self._trie = trie
        self._table = table

    def zipf(self, word: str) -> float:
        lower = word.lower().replace("\u2019", "'")
        if self._trie is not None:
            found = self._trie.get(lower)
            return found[0][0] / 100 if found else 0.0
        if self._table is not None:
            return self._table.get(lower, 0.0)
        return 0.0

    def __bool__(self) -> bool:
        return self._trie is not None or bool(self._table)

    @property
    def frequent_words(self) -> list[str]:
        """Plain lower-case words the web writes at least once in a million words (Zipf 3):
        the pool a far-off slip is matched against. About 28,000; kept beside the trie."""
        words = getattr(self, "_frequent", None)
        if words is None:
            words = self._frequent = _frequent_words(self)
        return words


def _frequent_words(web: WebFrequencies) -> list[str]:
    path = getattr(web, "path", None)
    side = Path(str(path) + ".frequent") if path else None
    if side is not None and side.is_file():
        try:
            return side.read_text(encoding="ascii").split("\n")
        except (OSError, UnicodeDecodeError):
            pass
    if web._trie is not None:
        words = [k for k, (v,) in web._trie.items() if v >= 300 and k.isascii() and k.isalpha()]
    else:
        words = [k for k, v in (web._table or {}).items() if v >= 3.0 and k.isascii() and k.isalpha()]
    words.sort()
    if side is not None:
        write_best_effort(side, "\n".join(words).encode("ascii"))
    return words


@lru_cache(maxsize=1)
def web_frequencies() -> WebFrequencies:
    try:
        from importlib.util import find_spec

        spec = find_spec("wordfreq")
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return WebFrequencies()  # not installed: the spelling rule falls back to its word lists
    source = Path(spec.origin).parent / "data" / "large_en.msgpack.gz"
    folder = cache_folder()
    path = None
    if folder is not None and source.is_file():
        import hashlib

        st = source.stat()
        key = hashlib.sha1(f"{source}|{st.st_size}|{st.st_mtime_ns}|1".encode()).hexdigest()[:16]
        path = folder / f"wordfreq-en-{key}.marisa"
        if path.is_file():
            try:
                import marisa_trie

                trie = marisa_trie.RecordTrie("<H")
                trie.mmap(str(path))
                web = WebFrequencies(trie)
                web.path = path
                return web
            except (OSError, ValueError, RuntimeError):
                pass
    import math

    import wordfreq

    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    rows = [(w, (int(round((math.log10(f) + 9) * 100)),)) for w, f in freqs.items() if f > 0]
    try:
        import marisa_trie

        trie = marisa_trie.RecordTrie("<H", rows)
    except Exception:  # noqa: BLE001 - without marisa, a dict serves (slower to build per process)
        return WebFrequencies(table={w: z / 100 for w, (z,) in rows})
    if path is not None:
        import tempfile

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
                tmp_name = tmp.name
            trie.save(tmp_name)
            os.replace(tmp_name, path)
            _prune(path.parent, "wordfreq-en-*.marisa", 2)
        except OSError:
            path = None
    web = WebFrequencies(trie)
    web.path = path
    return web


class Misspellings:
    """Known misspellings and their corrections: codespell's list (about 65,000 slips people make,
    "dissapear", "noticable"), read from the installed codespell package, kept as a marisa trie in
    the user's cache. `get` gives the corrections, or None."""

    def __init__(self, trie=None, table: dict | None = None):
        self._trie = trie
        self._table = table or {}

    def get(self, lower: str) -> list[str] | None:
        if self._trie is not None:
            found = self._trie.get(lower)
            return found[0].decode("utf-8").split("\n") if found else None
        return self._table.get(lower)

    def __bool__(self) -> bool:
        return self._trie is not None or bool(self._table)


@lru_cache(maxsize=1)
def known_misspellings() -> Misspellings:
    try:
        from importlib.util import find_spec

        spec = find_spec("codespell_lib")
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return Misspellings()
    source = Path(spec.origin).parent / "data" / "dictionary.txt"
    if not source.is_file():
        return Misspellings()
    folder = cache_folder()
    path = None
    import hashlib

    st = source.stat()
    key = hashlib.sha1(f"{source}|{st.st_size}|{st.st_mtime_ns}|1".encode()).hexdigest()[:16]
    if folder is not None:
        path = folder / f"misspellings-{key}.marisa"
        if path.is_file():
            try:
                import marisa_trie

                trie = marisa_trie.BytesTrie()
                trie.mmap(str(path))
                return Misspellings(trie)
            except (OSError, ValueError, RuntimeError):
                pass
    table: dict[str, list[str]] = {}
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Misspellings()
    for line in text.splitlines():
        wrong, sep, right = line.partition("->")
        if not sep:
            continue
        fixes = [r.strip() for r in right.split(",") if r.strip()]
        if fixes and wrong.isascii():
            table[wrong.strip().lower()] = fixes
    try:
        import marisa_trie

        trie = marisa_trie.BytesTrie((w, "\n".join(f).encode("utf-8")) for w, f in table.items())
    except Exception:  # noqa: BLE001
        return Misspellings(table=table)
    if path is not None:
        import tempfile

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
                tmp_name = tmp.name
            trie.save(tmp_name)
            os.replace(tmp_name, path)
            _prune(path.parent, "misspellings-*.marisa", 2)
        except OSError:
            pass
    return Misspellings(trie)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


# --- one index of every word a spelling configuration knows ------------------------------------

# What the index records of a word (a bit each):
FREQUENT = 1  # in the English frequency list (its count is kept too)
LISTED = 2  # a lower-case entry of a word list (any capitalization accepted)
EXACT = 4  # an entry of a word list written with a capital (only that spelling accepted)
DOMAIN = 8  # a lower-case entry of a domain list (the medical vocabulary): ranks high
REFERENCE = 16  # a lower-case entry of a reference list (FDA names): known, ranks as uncommon
KNOWN = FREQUENT | LISTED

_INDEX_FORMAT = 4
_INDEX_MAGIC = b"HLWORDIX"
_INDEX_FILES_KEPT = 8


class WordIndex:
    """Every word of a configuration with its bits and English count, as loaded from the user
    cache: `store` is a marisa_trie.Trie mapping a word to its row of `flags` and `counts`
    (lookups cost what a set's do)."""

    def __init__(self, store, flags: array, counts: array):
        self.store = store
        self.flags = flags
        self.counts = counts
        self._get = store.get

    def __getstate__(self):  # spawned workers (Windows) receive the index pickled
        flags, counts = array("B"), array("Q")  # the loaded rows are views of a mapped file
        flags.frombytes(bytes(self.flags))
        counts.frombytes(bytes(self.counts))
        return (self.store, flags, counts)

    def __setstate__(self, state):
        self.__init__(*state)

    def __len__(self) -> int:
        return len(self.flags)

    def flag(self, word: str) -> int:
        row = self._get(word)
        return 0 if row is None else self.flags[row]

    def count(self, word: str) -> int:
        row = self._get(word)
        return 0 if row is None else self.counts[row]

    def lookup(self, word: str) -> tuple[int, int]:
        row = self._get(word)
        return (0, 0) if row is None else (self.flags[row], self.counts[row])

    def having(self, words: Iterable[str], mask: int) -> set[str]:
        """The words with any of the bits in `mask`."""
        get, flags = self._get, self.flags
        return {w for w in words if (row := get(w)) is not None and flags[row] & mask}


class BuiltWordIndex(WordIndex):
    """The same answers straight from the dicts a build made: the run that builds the index, or
    every run when there is no cache folder."""

    def __init__(self, words: dict[str, int], english: dict[str, int]):
        self.store = words
        self.english = english
        self._get = words.get

    def __getstate__(self):
        return (self.store, self.english)

    def __len__(self) -> int:
        return len(self.store)

    def flag(self, word: str) -> int:
        return self._get(word, 0)

    def count(self, word: str) -> int:
        return self.english.get(word, 0)

    def lookup(self, word: str) -> tuple[int, int]:
        return (self._get(word, 0), self.english.get(word, 0))

    def having(self, words: Iterable[str], mask: int) -> set[str]:
        get = self._get
        return {w for w in words if get(w, 0) & mask}


def word_index(lists: tuple[str, ...], domain: tuple[str, ...] = (), reference: tuple[str, ...] = ()) -> WordIndex:
    """The index of the English list and these word-list files (absolute paths): `lists` are
    accepted words, `domain` lists rank high among corrections, `reference` lists are known but
    rank as uncommon. Loaded from the user cache when it holds this exact configuration (same
    files, sizes and modification times, same healthlint and marisa-trie), else built from the
    files and stored for the next process. A corrupt or foreign cache file is rebuilt."""
    return _word_index(tuple(lists), tuple(domain), tuple(reference))


@lru_cache(maxsize=8)
def _word_index(lists: tuple[str, ...], domain: tuple[str, ...], reference: tuple[str, ...]) -> WordIndex:
    key = _index_key(lists, domain, reference)
    path = _index_file(key)
    if path is not None:
        index = _load_index(path, key)
        if index is not None:
            return index
    words, english = _index_rows(lists, domain, reference)
    if path is not None:
        _store_index(path, key, words, english)
    return BuiltWordIndex(words, english)


def _index_rows(lists, domain, reference) -> tuple[dict[str, int], dict[str, int]]:
    """word -> its bits, and the English counts."""
    english = english_frequencies()
    words = dict.fromkeys(english, FREQUENT)

    def mark(source: Iterable[str], bit: int) -> None:
        get = words.get
        for w in source:
            words[w] = get(w, 0) | bit

    for path in lists + domain + reference:  # read in this order: a bad file is reported first
        read_word_list(path)
    for path in lists:
        wl = read_word_list(path)
        mark(wl.any_case, LISTED)
        mark(wl.exact, EXACT)
    for path in domain:
        wl = read_word_list(path)
        mark(wl.any_case, LISTED | DOMAIN)
        mark(wl.exact, EXACT)
    for path in reference:
        wl = read_word_list(path)
        mark(wl.any_case, LISTED | REFERENCE)
        mark(wl.exact, EXACT)
    return words, english


def _index_key(lists, domain, reference) -> str | None:
    """Everything the index is made of, by path, size and times; None when a file cannot be
    seen (no cache then: building reports an unreadable list as before)."""
    from . import __version__

    parts: list = [_INDEX_FORMAT, __version__, sys.byteorder]
    try:
        import marisa_trie

        source = _english_source()
        if source is None:
            return None
        for role, paths in (("english", (str(source),)), ("marisa", (marisa_trie.__file__,)),
                            ("lists", lists), ("domain", domain), ("reference", reference)):
            for p in paths:
                st = os.stat(p)
                parts.append([role, p, st.st_size, st.st_mtime_ns, st.st_ctime_ns])
    except (OSError, ImportError, TypeError):
        return None
    return repr(parts)  # ints and strings only: the same text for the same files


def _index_file(key: str | None) -> Path | None:
    folder = cache_folder()
    if folder is None or key is None:
        return None
    import hashlib

    return folder / f"words-{hashlib.sha1(key.encode()).hexdigest()[:20]}.marisa"


def _load_index(path: Path, key: str) -> WordIndex | None:
    """The stored index, or None when it is missing, truncated, damaged (its CRC-32 differs),
    foreign or of another key. The file is mapped, not read into memory (the checksum pass over
    its 5 MB costs under a millisecond)."""
    try:
        import mmap
        import zlib

        import marisa_trie

        with open(path, "rb") as handle:
            data = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        if data[:8] != _INDEX_MAGIC:
            return None
        key_len, n, trie_len, crc = (int.from_bytes(data[i:i + 8], "little") for i in (8, 16, 24, 32))
        if data[40:40 + key_len] != key.encode() or zlib.crc32(data[40:]) != crc:
            return None
        at = _aligned(40 + key_len)
        counts = data[at:at + 8 * n].cast("Q")
        at += 8 * n
        flags = data[at:at + n]
        at += n
        if at + trie_len != len(data) or len(counts) != n or len(flags) != n:
            return None
        trie = marisa_trie.Trie().frombytes(bytes(data[at:]))
        if len(trie) != n:
            return None
        return WordIndex(trie, flags, counts)
    except Exception:  # noqa: BLE001 - anything wrong with the file: build afresh
        return None


def _aligned(offset: int) -> int:
    return (offset + 7) // 8 * 8


def _store_index(path: Path, key: str, words: dict[str, int], english: dict[str, int]) -> None:
    """Write the index atomically (a concurrent run reads the old file or the new one, never
    half of one) and keep only the newest few index files."""
    try:
        import zlib

        import marisa_trie

        trie = marisa_trie.Trie(words)
        n = len(trie)
        flags = array("B", bytes(n))
        counts = array("Q", bytes(8 * n))
        for word, row in trie.iteritems():
            flags[row] = words[word]
            counts[row] = english.get(word, 0)
        trie_bytes = trie.tobytes()
        head = key.encode()
        body = b"".join([head, bytes(_aligned(40 + len(head)) - 40 - len(head)), counts.tobytes(),
                         flags.tobytes(), trie_bytes])
        sizes = b"".join(v.to_bytes(8, "little") for v in (len(head), n, len(trie_bytes), zlib.crc32(body)))
        write_best_effort(path, _INDEX_MAGIC + sizes + body)
        _prune(path.parent, "words-*.marisa", _INDEX_FILES_KEPT)
    except Exception:  # noqa: BLE001 - best effort: without the file the next run builds again
        pass


def _prune(folder: Path, pattern: str, keep: int) -> None:
    """Each configuration (a pack copied elsewhere, an edited list, another pyspellchecker)
    leaves a file in the user's cache: keep the newest `keep`, so the folder does not grow
    with every edit."""
    files = []
    for p in folder.glob(pattern):
        try:
            files.append((p.stat().st_mtime, p))
        except OSError:
            pass
    for _, p in sorted(files, reverse=True)[keep:]:
        try:
            p.unlink()
        except OSError:
            pass


class Lexicon:
    """A WordIndex and the publisher's accepted words, with frequency-ranked corrections."""

    def __init__(self, index: WordIndex, extra_words: Iterable[str] = (), domain_weight: int = 10_000):
        self.index = index
        # Subtitle counts underrate medical words (labral: none; sciatica: 231) against everyday
        # ones (liberal: 6,710); in health copy a domain word is the likelier intended word.
        self.domain_weight = domain_weight
        self.accepted = frozenset(w.lower() for w in extra_words)
        self._flag = index.flag
        self._corrections_cache: dict[tuple[str, int, int], list[str]] = {}

    def contains(self, word: str) -> bool:
        """Exact lookup of one spelling (apostrophes straightened)."""
        lower = word.lower()
        bits = self._flag(lower)
        if bits & KNOWN or lower in self.accepted:
            return True
        if word != lower:
            bits = self._flag(word)
        return bool(bits & EXACT)

    def is_word(self, lower: str) -> bool:
        """A lower-case candidate is a correction only when it is a common-noun spelling."""
        return bool(self._flag(lower) & KNOWN) or lower in self.accepted

    def _words_among(self, candidates: set[str]) -> set[str]:
        found = self.index.having(candidates, KNOWN)
        if self.accepted:
            found |= candidates & self.accepted
        return found

    def count(self, lower: str) -> int:
        """The word's count in the English frequency list (0 when not in it)."""
        return self.index.count(lower)

    def flags(self, word: str) -> int:
        return self._flag(word)

    def in_domain(self, lower: str) -> bool:
        return bool(self._flag(lower) & DOMAIN)

    def in_exact(self, word: str) -> bool:
        return bool(self._flag(word) & EXACT)

    def weight(self, lower: str) -> int:
        """Frequency for ranking; words only in a word list rank as uncommon but real."""
        bits, count = self.index.lookup(lower)
        if bits & DOMAIN:
            return max(count, self.domain_weight)
        return count or (50 if (bits & LISTED or lower in self.accepted) else 0)

    # --- corrections ---------------------------------------------------------------------------

    def corrections(self, lower: str, max_distance: int = 2, limit: int = 3) -> list[str]:
        """The best corrections of a lower-case word, most likely first: one edit away
        (including a missing apostrophe, "dont" -> "don't", and a missing space, "alot" ->
        "a lot"), else two edits away for words of a plausible length. Very long tokens get
        none: nobody misspells a 40-letter word, and their edits would not fit in memory."""
        if len(lower) > 30:
            return []
        key = (lower, max_distance, limit)
        cached = self._corrections_cache.get(key)
        if cached is not None:
            return cached
        found = self._words_among(edits1(lower))
        found |= self._apostrophe_candidates(lower)
        split = self._split_candidate(lower)
        if split:
            found.add(split)
        if not found and max_distance >= 2 and 4 <= len(lower) <= 14:
            # Two edits, one of which removes or swaps letters of the typo ("Indiivfduals"): a
            # few thousand lookups instead of the ~300,000 of every pair of edits.
            found = self._words_among({c for e in _deletes_and_swaps(lower) for c in edits1(e)})
            found.discard(lower)
        ranked = sorted(found, key=lambda c: (-self._score(lower, c), c))[:limit]
        if len(self._corrections_cache) > 20_000:
            self._corrections_cache.clear()
        self._corrections_cache[key] = ranked
        return ranked

    def _score(self, wrong: str, candidate: str) -> float:
        if " " in candidate:
            a, b = candidate.split(" ", 1)
            return min(self.weight(a), self.weight(b)) / 10
        if "'" in candidate:  # a dropped apostrophe is the likeliest slip of all
            return self.weight(candidate) * 10 + 1
        score = float(self.weight(candidate))
        if len(wrong) == len(candidate) and sorted(wrong) == sorted(candidate):
            score *= 10  # two letters swapped: the commonest typing slip ("waht", "thye")
        return score

    def _apostrophe_candidates(self, lower: str) -> set[str]:
        out = set()
        for i in range(1, len(lower)):
            c = lower[:i] + "'" + lower[i:]
            if self.index.count(c) > 1000:
                out.add(c)
        return out

    def _split_candidate(self, lower: str) -> str | None:
        """Two words run together: 'alot' -> 'a lot', 'lifestylewith' -> 'lifestyle with'. Both
        halves must be words and one of them common."""
        best = None
        best_weight = 0
        for i in range(1, len(lower)):
            a, b = lower[:i], lower[i:]
            if (len(a) == 1 and a not in ("a", "i")) or (len(b) == 1 and b != "a"):
                continue
            wa, wb = self.weight(a), self.weight(b)
            if min(wa, wb) >= 500 and max(wa, wb) >= 100_000 and min(wa, wb) > best_weight:
                best, best_weight = f"{a} {b}", min(wa, wb)
        return best

    def closed_compound(self, lower: str) -> bool:
        """Two content words written as one, as English does (handwashing, sweatproof, kettlebell,
        pickleball). Not when either half is a function word or the first is a plural: those are
        words run together by mistake ("lifestylewith", "asthmathat", "chamberscalled")."""
        if len(lower) < 7:
            return False
        for i in range(3, len(lower) - 2):
            a, b = lower[:i], lower[i:]
            if a in FUNCTION_WORDS or b in FUNCTION_WORDS or (a.endswith("s") and not a.endswith("ss")):
                continue
            if self.index.count(a) >= 1000 and self.index.count(b) >= 1000:
                # unless one edit from a word: a typo explains it better ("comman", "vomitting")
                return not any(" " not in c for c in self.corrections(lower, max_distance=1))
        return False

    def american(self, lower: str) -> str | None:
        """The American spelling of a British one the lists know (tumour -> tumor, oedema ->
        edema, anaemia -> anemia, centre -> center, paediatric -> pediatric, discolouration ->
        discoloration, gynaecomastia -> gynecomastia, manoeuvre -> maneuver), else None. Up to
        two changes are combined; the result must be a word of the lists."""
        frontier = [lower]
        for _ in range(2):
            nxt = []
            for word in frontier:
                for pattern, us in _BRITISH:
                    candidate = pattern.sub(us, word, count=1)
                    if candidate == word:
                        continue
                    if self.is_word(candidate):
                        return candidate
                    nxt.append(candidate)
            frontier = nxt[:40]
        return None

    def clear_winner(self, lower: str, candidates: list[str]) -> bool:
        """True when the first correction is the only plausible one: alone, or far more frequent
        than the runner-up. Only then may --fix apply it."""
        if not candidates:
            return False
        if len(candidates) == 1:
            return True
        first, second = self._score(lower, candidates[0]), self._score(lower, candidates[1])
        return first >= 10 * max(second, 1)


# British -> American spellings, anchored where the difference really occurs so that a typo
# ("intence", "vidoe") is not taken for a British variant.
FUNCTION_WORDS = frozenset("""
a an the this that these those there here what which who whom whose when where why how
and or but nor so yet if then than as at by for from in into of off on onto out over per to up upon
via with within without about above after against along among around before behind below beneath
beside between beyond during except inside near since through throughout toward towards under until
is are was were be been being am has have had having do does did done can could may might must
shall should will would it its he she we they you i me him her us them my your his our their
not no all any each every some such very just also only even more most less least much many
""".split())

_BRITISH = tuple((compile_cached(p, 0), r) for p, r in (  # kept between runs, see memo.py
    (r"our(s|ed|ing|able|ite|ites)?$", r"or\1"), (r"(?<=[^aeiou])re(s|d)?$", r"er\1"),
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"), (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"^haem", "hem"), (r"^paed", "ped"), (r"aem(ia|ias|ic)$", r"em\1"), (r"^oe(?=d|s)", "e"),
    (r"rhoea(l?)$", r"rhea\1"), (r"^foet", "fet"), (r"^aesth", "esth"), (r"^anaes", "anes"),
    (r"^orthopaed", "orthoped"), (r"^caes", "ces"), (r"ogue(s?)$", r"og\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"), (r"mme(s?)$", r"m\1"),
    # inside a word, for long words only (a short typo must not pass as a variant)
    (r"(?<=\w{3})our(?=[a-z]{3})", "or"), (r"(?<=\w{3})ae(?=[a-z]{3})", "e"), (r"(?<=\w{2})oe(?=[a-z]{3})", "e"),
    (r"is(ation|ational|ationally|er|ers)$", r"iz\1"), (r"^(def|off|lic|pret)ence(s?)$", r"\1ense\2"), (r"oeu", "eu"),
))


def _deletes_and_swaps(word: str) -> set[str]:
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    out.discard(word)
    return out


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    out = set(deletes + transposes + replaces + inserts)
    out.discard(word)
    return out
