"""The spelling rule's word index kept in the user cache folder (dictionary.word_index): what a
later run loads must answer exactly like what a run builds, follow every change of a word list,
and never be trusted when it is corrupt, foreign or of another configuration."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from healthlint import dictionary
from healthlint.packs import default_pack_path

REPO = Path(__file__).resolve().parents[1]
VOCABULARY = default_pack_path() / "vocabulary"
PROBES = ["the", "aspirin", "Aspirin", "sacroiliac", "labral", "sciatica", "Hurston", "hurston", "don't",
          "dont", "zorblatt", "adalimumab", "influenzae", "123", "colour", "Tylenol", "tylenol", "", "a"]


@pytest.fixture
def user_cache(tmp_path, monkeypatch):
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(folder))
    dictionary._word_index.cache_clear()
    yield folder
    dictionary._word_index.cache_clear()


def _lists(tmp_path: Path, house_words: str = "zorblatt\nHurston\n") -> tuple:
    house = tmp_path / "house.txt"
    if not house.exists() or house.read_text() != house_words:
        house.write_text(house_words, encoding="utf-8")
    return ((str(house), str(VOCABULARY / "english-scowl-70.txt.gz")), (str(VOCABULARY / "medical.txt"),),
            (str(VOCABULARY / "fda-unii-names.txt.gz"),))


def _answers(index: dictionary.WordIndex, words) -> list:
    return [(w, index.lookup(w), index.flag(w), index.count(w)) for w in words]


def test_the_stored_index_answers_exactly_like_the_built_one(user_cache, tmp_path):
    lists = _lists(tmp_path)
    built = dictionary.word_index(*lists)  # first run: rows in a dict, and the trie file written
    assert isinstance(built.store, dict)
    assert [p.name.startswith("words-") for p in user_cache.iterdir() if p.suffix == ".marisa"] == [True]
    dictionary._word_index.cache_clear()
    loaded = dictionary.word_index(*lists)  # next process: the file
    assert not isinstance(loaded.store, dict) and len(loaded) == len(built)
    medical = (VOCABULARY / "medical.txt").read_text(encoding="utf-8").split()
    sample = PROBES + medical[::7] + list(built.store)[::97]
    assert _answers(loaded, sample) == _answers(built, sample)
    assert loaded.flag("zorblatt") & dictionary.LISTED and loaded.flag("Hurston") & dictionary.EXACT
    assert loaded.having(set(sample), dictionary.KNOWN) == built.having(set(sample), dictionary.KNOWN)
    # spawned workers receive it pickled (a mapped file cannot be): the same answers
    copy = pickle.loads(pickle.dumps(loaded))
    assert _answers(copy, sample) == _answers(built, sample)


def test_an_edited_word_list_gets_a_new_index(user_cache, tmp_path):
    first = dictionary.word_index(*_lists(tmp_path))
    assert first.flag("quibblewort") == 0
    house = tmp_path / "house.txt"
    house.write_text("zorblatt\nHurston\nquibblewort\n", encoding="utf-8")
    st = house.stat()
    os.utime(house, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a later edit, as an editor makes
    dictionary._word_index.cache_clear()
    dictionary.read_word_list.cache_clear()
    again = dictionary.word_index(*_lists(tmp_path, "zorblatt\nHurston\nquibblewort\n"))
    assert again.flag("quibblewort") & dictionary.LISTED
    assert len(list(user_cache.glob("words-*.marisa"))) == 2


def _with_crc(data: bytes) -> bytes:
    """The file with its checksum made right again (header: magic and four 8-byte numbers)."""
    import zlib

    return data[:32] + zlib.crc32(data[40:]).to_bytes(8, "little") + data[40:]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-key", "empty", "flipped-byte"])
def test_a_damaged_or_foreign_index_file_is_rebuilt_silently(user_cache, tmp_path, damage):
    lists = _lists(tmp_path)
    built = dictionary.word_index(*lists)
    (path,) = user_cache.glob("words-*.marisa")
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not an index at all" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) - 1000])
    elif damage == "other-key":  # whole and valid, but it records another configuration's key
        key = dictionary._index_key(*lists).encode()
        at = data.index(key)
        path.write_bytes(_with_crc(data[:at] + key.replace(b"house.txt", b"house.TXT") + data[at + len(key):]))
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # one byte of a word's counts or bits changed: the same size, key and magic
        at = len(data) // 3
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1:])
    dictionary._word_index.cache_clear()
    again = dictionary.word_index(*lists)
    assert isinstance(again.store, dict)  # not trusted: rebuilt, and stored again
    assert _answers(again, PROBES) == _answers(built, PROBES)
    dictionary._word_index.cache_clear()
    assert not isinstance(dictionary.word_index(*lists).store, dict)


def test_without_a_cache_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    dictionary._word_index.cache_clear()
    try:
        index = dictionary.word_index(*_lists(tmp_path))
    finally:
        dictionary._word_index.cache_clear()
    assert isinstance(index.store, dict) and index.flag("zorblatt") & dictionary.LISTED
    assert not (tmp_path / "home").exists()


def test_only_the_newest_index_files_are_kept(tmp_path):
    for i in range(dictionary._INDEX_FILES_KEPT + 3):
        path = tmp_path / f"words-{i:020d}.marisa"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "english-pyspellchecker-1.pickle").write_bytes(b"x")  # not an index: left alone
    dictionary._prune(tmp_path, "words-*.marisa", dictionary._INDEX_FILES_KEPT)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["english-pyspellchecker-1.pickle"] + [f"words-{i:020d}.marisa" for i in range(3, 11)]


def test_parsed_word_lists_of_edited_files_do_not_pile_up_in_the_user_cache(tmp_path, monkeypatch):
    """Every edit of a large list leaves a parsed copy keyed by its mtime: only the newest stay."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(cache))
    big = tmp_path / "big.txt"
    for i in range(20):
        big.write_text("".join(f"word{i}x{n}\n" for n in range(40_000)), encoding="utf-8")
        os.utime(big, ns=(1_000_000_000 * (i + 1), 1_000_000_000 * (i + 1)))
        dictionary.read_word_list.cache_clear()
        assert f"word{i}x7" in dictionary.read_word_list(str(big)).any_case
    assert 1 <= len(list(cache.glob("wordlist-big-*.pickle"))) <= 16


def test_a_word_added_to_a_house_list_is_accepted_by_the_next_run(tmp_path):
    """End to end, in fresh processes sharing one user cache: the index stored by the first run
    is not reused once the pack's word list changes."""
    (tmp_path / "house.yaml").write_text(
        "rules:\n  - id: house-typo\n    code: HL951\n    family: typo\n    kind: spelling\n    severity: warning\n"
        "    message: \"{word}{hint}\"\n    options:\n      word_lists: [house.txt]\n"
        # every unknown word reported, as a house rule may choose: these words are invented
        "      confidence: false\n", encoding="utf-8")
    (tmp_path / "house.txt").write_text("sunnybone\n", encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("default_pack: false\npacks: [house.yaml]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# Title\n\nThe sunnybone and the quibblewort.\n", encoding="utf-8")
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(tmp_path / "user-cache"), "PYTHONPATH": str(REPO / "src")}

    def flagged() -> str:
        run = subprocess.run([sys.executable, "-m", "healthlint.cli", "check", "--no-cache", "--format", "json",
                              "a.md"], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert run.returncode in (0, 1), run.stderr
        return run.stdout

    assert "quibblewort" in flagged() and "sunnybone" not in flagged()  # built, then loaded
    house = tmp_path / "house.txt"
    house.write_text("sunnybone\nquibblewort\n", encoding="utf-8")
    st = house.stat()
    os.utime(house, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert "quibblewort" not in flagged()
