"""The English word list behind the spelling rule, loaded in milliseconds instead of ~0.4 s.

pyspellchecker parses a 160,000-word gzip'd JSON file on every start. The first run converts it
once into a compact file in the user's cache folder (sorted UTF-8 words, byte offsets and
counts, keyed by the resource file's size and mtime); later runs read that file as three flat
buffers and answer lookups by binary search, so a one-file run touches only the words it asks
about. After many lookups (a library run) the list turns itself into a dict once, for O(1)
lookups. `WordList` offers the part of SpellChecker's interface the spelling kind uses
(`in`, `candidates`, `word_usage_frequency`), so callers only swap how they obtain it:

    from healthlint.dictionary import load_english
    english = load_english()
"""
from __future__ import annotations

import os
import struct
import sys
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

FORMAT = b"HLDICT1\n"
HEADER = struct.Struct("<8sIIQQI")  # magic, word count, letters bytes, source size, source mtime ns, longest
MATERIALIZE_AFTER = 4000  # lookups; then one dict build (~50 ms) beats further binary searches


class WordList:
    """Lower-case English words with their corpus counts."""

    def __init__(self, blob: bytes, offsets: array, counts: array, letters: str, longest: int):
        self._blob = blob
        self._offsets = offsets  # n + 1 byte offsets into blob
        self._counts = counts
        self.letters = letters
        self.longest = longest
        self._total: int | None = None
        self._dict: dict[str, int] | None = None
        self._lookups = 0
        self._candidates: dict[str, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._counts)

    def count(self, word: str) -> int:
        """How often the word occurs in the corpus; 0 for an unknown word."""
        if self._dict is not None:
            return self._dict.get(word, 0)
        self._lookups += 1
        if self._lookups > MATERIALIZE_AFTER:
            self._materialize()
            return self._dict.get(word, 0)
        key = word.encode("utf-8")
        blob, off = self._blob, self._offsets
        i = bisect_left(range(len(self._counts)), key, key=lambda j: blob[off[j]:off[j + 1] - 1])
        if i < len(self._counts) and blob[off[i]:off[i + 1] - 1] == key:
            return self._counts[i]
        return 0

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.count(word) > 0

    def _materialize(self) -> None:
        words = self._blob.decode("utf-8").split("\n")[:-1]
        self._dict = dict(zip(words, self._counts))

    @property
    def total(self) -> int:
        if self._total is None:  # summed on first use: a run without typos never needs it
            self._total = sum(self._counts)
        return self._total

    def word_usage_frequency(self, word: str) -> float:
        return self.count(word) / self.total if self.total else 0.0

    def edits1(self, word: str) -> set[str]:
        """Every string one deletion, transposition, replacement or insertion away."""
        letters = self.letters
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        out = {a + b[1:] for a, b in splits if b}
        out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
        out.update(a + c + b[1:] for a, b in splits if b for c in letters)
        out.update(a + c + b for a, b in splits for c in letters)
        return out

    def candidates(self, word: str) -> set[str] | None:
        """Known words one edit away (pyspellchecker's distance-1 candidates), or the word itself
        when it is known; None when there is none. Memoized: typos recur across a library."""
        word = word.lower()
        cached = self._candidates.get(word)
        if cached is None:
            if word in self:
                cached = frozenset((word,))
            elif len(word) > self.longest + 3 or _is_number(word):
                cached = frozenset((word,))
            else:
                cached = frozenset(w for w in self.edits1(word) if w in self)
            self._candidates[word] = cached
        return set(cached) or None


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return word not in ("nan", "inf", "infinity")


def _source_file() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("spellchecker")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "en.json.gz"


def cache_folder() -> Path:
    """The user's cache folder for healthlint (XDG_CACHE_HOME, ~/Library/Caches, LOCALAPPDATA)."""
    override = os.environ.get("HEALTHLINT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "healthlint"


def _read_compact(path: Path, source_size: int, source_mtime: int) -> WordList | None:
    try:
        data = path.read_bytes()
        magic, n, letters_len, size, mtime, longest = HEADER.unpack_from(data)
    except (OSError, struct.error):
        return None
    if magic != FORMAT or size != source_size or mtime != source_mtime:
        return None
    pos = HEADER.size
    try:
        letters = data[pos:pos + letters_len].decode("utf-8")
        pos += letters_len
        offsets = array("I")
        offsets.frombytes(data[pos:pos + 4 * (n + 1)])
        pos += 4 * (n + 1)
        counts = array("Q")
        counts.frombytes(data[pos:pos + 8 * n])
        pos += 8 * n
    except (UnicodeDecodeError, ValueError):
        return None
    blob = data[pos:]
    if len(offsets) != n + 1 or len(counts) != n or offsets[-1] != len(blob):
        return None
    return WordList(blob, offsets, counts, letters, longest)


def _build_compact(source: Path, path: Path | None, source_size: int, source_mtime: int) -> WordList:
    from spellchecker import SpellChecker

    frequency = SpellChecker(distance=1).word_frequency
    items = sorted((w.encode("utf-8"), c) for w, c in frequency.dictionary.items() if w and "\n" not in w)
    offsets, counts, pos = array("I", [0]), array("Q"), 0
    for word, count in items:
        pos += len(word) + 1
        offsets.append(pos)
        counts.append(count)
    blob = b"".join(w + b"\n" for w, _ in items)
    letters = "".join(sorted(frequency.letters))
    longest = frequency.longest_word_length
    if path is not None:
        letters_bytes = letters.encode("utf-8")
        header = HEADER.pack(FORMAT, len(items), len(letters_bytes), source_size, source_mtime, longest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(header + letters_bytes + offsets.tobytes() + counts.tobytes() + blob)
            os.replace(tmp, path)  # atomic: a concurrent run sees the old file or the new one
        except OSError:
            pass  # a read-only cache folder only costs speed
    return WordList(blob, offsets, counts, letters, longest)


@lru_cache(maxsize=1)
def load_english() -> WordList:
    """pyspellchecker's English word list as a WordList, from the compact cache when it is
    current, otherwise rebuilt (and the cache rewritten)."""
    source = _source_file()
    if source is None or not source.is_file():
        raise ImportError("pyspellchecker's English word list was not found; reinstall pyspellchecker")
    st = source.stat()
    path = cache_folder() / f"english-{st.st_size}-{st.st_mtime_ns}.bin"
    return _read_compact(path, st.st_size, st.st_mtime_ns) or _build_compact(source, path, st.st_size, st.st_mtime_ns)
