"""The start-up memo (memo.py): results of slow pure work kept in the user cache folder. A
damaged file is never trusted, and runs that save at the same time keep each other's entries."""
from __future__ import annotations

import pickle

import pytest

from healthlint import memo


@pytest.fixture
def fresh_memo(tmp_path, monkeypatch):
    """This process's memo state, emptied, with no save registered at exit (the test saves)."""
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(memo, "_entries", None)
    monkeypatch.setattr(memo, "_used", set())
    monkeypatch.setattr(memo, "_new", {})
    monkeypatch.setattr(memo, "_dirty", True)

    def restart():  # what the next process starts with
        monkeypatch.setattr(memo, "_entries", None)
        monkeypatch.setattr(memo, "_used", set())
        monkeypatch.setattr(memo, "_new", {})

    return restart


def test_a_stored_value_is_served_to_the_next_run(fresh_memo):
    memo.put(("k", 1), {"compiled": [1, 2]})
    memo._save()
    fresh_memo()
    assert memo.get(("k", 1)) == {"compiled": [1, 2]}
    assert memo.get(("k", 2), "absent") == "absent"


def test_runs_saving_at_the_same_time_keep_each_others_entries(fresh_memo):
    memo.put(("base",), "old")
    memo._save()
    fresh_memo()
    assert memo.get(("base",)) == "old"  # run A has loaded the file...
    memo.put(("from-a",), "a")
    # ...run B, started at the same time, saves first
    b = memo._read(memo._file())
    b[(memo._code_key(), ("from-b",))] = pickle.dumps("b")
    memo._file().write_bytes(pickle.dumps(b))
    memo._save()  # then run A
    fresh_memo()
    assert [memo.get(k) for k in [("base",), ("from-a",), ("from-b",)]] == ["old", "a", "b"]


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a", "list"]), pickle.dumps({("k",): 5})],
                         ids=["empty", "garbage", "a-list", "values-not-bytes"])
def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(fresh_memo, content):
    memo._file().parent.mkdir(parents=True, exist_ok=True)
    memo._file().write_bytes(content)
    assert memo.get(("k",), "absent") == "absent"
    memo.put(("k",), "value")
    memo._save()
    fresh_memo()
    assert memo.get(("k",)) == "value"


def test_an_entry_that_does_not_unpickle_is_a_miss(fresh_memo):
    memo._file().parent.mkdir(parents=True, exist_ok=True)
    memo._file().write_bytes(pickle.dumps({(memo._code_key(), ("k",)): b"\x80\x05broken"}))
    assert memo.get(("k",), "absent") == "absent"


def test_an_entry_worked_out_by_other_healthlint_code_is_not_used(fresh_memo, monkeypatch):
    """A pattern analysis fixed in a new healthlint (or edited in a checkout) must not be answered
    by what the code before the fix stored: the code is part of every key."""
    key = ("required_literal_groups", "(?:colour){e<=1}", True)
    memo.put(key, (frozenset({"colour"}),))
    memo._save()
    fresh_memo()
    assert memo.get(key) == (frozenset({"colour"}),)  # the same code: served
    fresh_memo()
    monkeypatch.setattr(memo, "_code", None)
    real = memo.Path.read_bytes
    monkeypatch.setattr(memo.Path, "read_bytes",
                        lambda self: real(self) + b"# fixed" if self.name == "patterns.py" else real(self))
    assert memo.get(key, "absent") == "absent"


def test_a_remembered_pattern_is_unpickled_only_when_first_used_and_matches_as_compiled(fresh_memo):
    import regex

    from healthlint.patterns import DeferredPattern, compile_cached

    source, flags = r"(?<!\w)(?:stud(?:y|ies)|trial)s?\s+(\w+)", regex.I
    first = compile_cached(source, flags)
    assert isinstance(first, regex.Pattern)  # computed by this run
    memo._save()
    fresh_memo()
    later = compile_cached(source, flags)
    assert isinstance(later, DeferredPattern) and later._compiled is None
    assert later == compile_cached(source, flags) and hash(later) == hash(compile_cached(source, flags))
    text = "One STUDY found it; two trials showed it."
    assert [m.span(1) for m in later.finditer(text)] == [m.span(1) for m in first.finditer(text)]
    assert later._compiled is not None and later.search.__self__ is later._compiled  # bound once
    assert later.sub("X", text) == first.sub("X", text) and later.flags == first.flags
    copy = pickle.loads(pickle.dumps(compile_cached(source, flags)))
    assert isinstance(copy, DeferredPattern) and copy.search(text).group(1) == "found"


def test_a_damaged_remembered_pattern_is_compiled_again(fresh_memo):
    from healthlint.patterns import DeferredPattern

    broken = DeferredPattern(r"colou?r", 0, b"not a pickle")
    assert broken.search("the colour").group(0) == "colour"
    foreign = DeferredPattern(r"colou?r", 0, pickle.dumps(__import__("regex").compile("other")))
    assert foreign.search("color").group(0) == "color"
