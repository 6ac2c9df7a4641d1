"""--jobs and the library index cache: the report never depends on the number of workers or on
the cache; a cache hit does not re-read a file; an entry is invalidated by a change to the file,
the config or a pack; a damaged or foreign cache is rebuilt with a notice; concurrent runs."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path

import pytest

from healthlint import decode as reading
from healthlint import load_config
from healthlint.store.outcomes import DB_NAME, FOLDER_NAME
from healthlint.api import build_rules, lint_paths

from .conftest import REPO

Sig = namedtuple("Sig", "band value")  # a kind's summary type, for the round-trip test
# A whole paragraph copied into another draft (long enough to be a copy whatever surrounds it).
SHARED = ("Gentle stretching after a long day at a desk helps the hip flexors relax and makes "
          "standing up easier for many office workers. A few slow lunges, a short walk to the window "
          "and a calf stretch every hour add up over a working week, with no special equipment.")
DISCLAIMER = "This article is not a substitute for professional medical advice, diagnosis, or treatment."


def _draft(i: int) -> str:
    body = [f"# Draft number {i}", "",
            f"Walking for {10 + i} minutes after lunch keeps the joints moving and the mood steady.", ""]
    if i % 3 == 0:
        # planted typo, in many drafts: a known misspelling, so not learned as a term of the library
        body += ["Drink water through the day and headaches often dissapear.", ""]
    if i % 20 == 0:
        body += [SHARED, ""]  # cross-draft duplicate (in 2 drafts: 5 would make it template text)
    if i % 7 == 0:
        body += ["Studies show that 40% of adults sit for more than eight hours a day.", ""]
    if i % 4:
        body += [DISCLAIMER, ""]
    return "\n".join(body)


@pytest.fixture
def library(tmp_path, monkeypatch):
    """40 drafts in drafts/ (Markdown and plain text), the current folder set to tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "drafts"
    folder.mkdir()
    an_hour_ago = int((time.time() - 3600) * 1e9)
    for i in range(40):
        path = folder / f"d{i:02d}{'.txt' if i % 6 == 0 else '.md'}"
        path.write_text(_draft(i), encoding="utf-8")
        os.utime(path, ns=(an_hour_ago, an_hour_ago))  # drafts not edited in the last seconds
    return tmp_path


def _cli(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "healthlint.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}, timeout=300)


def _keys(result):
    return [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics]


class CountingReader:
    """Counts the drafts read in this process (by the engine, or by the cache checking content)."""

    def __init__(self, monkeypatch):
        self.paths: list[str] = []
        real = reading.read_bytes

        def counting(path, *args, **kwargs):
            self.paths.append(path)
            return real(path, *args, **kwargs)

        monkeypatch.setattr(reading, "read_bytes", counting)  # read_draft reads through it


# --- --jobs --------------------------------------------------------------------------------------

def test_jobs_do_not_change_the_report_text_or_json(library):
    # --show-all: the planted typos and claims sit in paragraphs that repeat across drafts
    one = _cli("check", "--no-cache", "--jobs", "1", "--show-all", "drafts", cwd=library)
    two = _cli("check", "--no-cache", "--jobs", "2", "--show-all", "drafts", cwd=library)
    assert one.returncode == two.returncode == 1, one.stderr + two.stderr
    assert one.stdout == two.stdout
    assert "HL101" in one.stdout and "HL501" in one.stdout and "HL201" in one.stdout and "HL301" in one.stdout
    j1 = _cli("check", "--no-cache", "-j", "1", "--format", "json", "drafts", cwd=library)
    j2 = _cli("check", "--no-cache", "-j", "2", "--format", "json", "drafts", cwd=library)
    assert json.loads(j1.stdout) == json.loads(j2.stdout) and j1.stdout == j2.stdout


def test_parallel_outcomes_come_back_in_input_order(library):
    from healthlint.pipeline.batch import check_uncached

    config = load_config()
    rules = build_rules(config)
    paths = sorted(str(p.relative_to(library)) for p in (library / "drafts").iterdir())
    serial = check_uncached(paths, rules, config, jobs=1)
    forked = check_uncached(paths, rules, config, jobs=2)
    assert [o.path for o in forked] == paths
    assert [(o.path, o.diagnostics, o.summaries) for o in forked] == [(o.path, o.diagnostics, o.summaries) for o in serial]


# --- cache hits and invalidation -----------------------------------------------------------------

def test_cache_hit_does_not_reread_files_and_gives_the_same_report(library, monkeypatch):
    reads = CountingReader(monkeypatch)
    first = lint_paths(["drafts"], load_config(), cache=True)
    assert len(reads.paths) == 40 and first.cache_stats.stored == 40
    reads.paths.clear()
    second = lint_paths(["drafts"], load_config(), cache=True)
    assert reads.paths == []
    assert second.cache_stats.hits == 40
    assert _keys(second) == _keys(first)
    assert _keys(lint_paths(["drafts"], load_config(), cache=False)) == _keys(first)


def test_changed_file_is_rechecked_even_with_the_same_size_and_mtime(library, monkeypatch):
    """Two saves within one timestamp tick ("racy git"): an entry stored right after an edit
    is verified by content next time, so the second save is not missed."""
    draft = library / "drafts" / "d01.md"
    draft.write_text(draft.read_text())  # just edited
    lint_paths(["drafts"], load_config(), cache=True)
    before = draft.stat()
    text = draft.read_text()
    draft.write_text(text.replace("keeps the joints", "keeps the jionts"))  # same size
    os.utime(draft, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime too
    reads = CountingReader(monkeypatch)
    result = lint_paths(["drafts"], load_config(), cache=True)
    assert any(d.path.endswith("d01.md") and "jionts" in d.message for d in result.diagnostics)
    assert result.cache_stats.hits == 39
    assert reads.paths and all(p.endswith("d01.md") for p in reads.paths)


def test_touched_but_unchanged_file_is_read_once_then_trusted(library, monkeypatch):
    lint_paths(["drafts"], load_config(), cache=True)
    os.utime(library / "drafts" / "d02.md")  # e.g. a git checkout: new mtime, same content
    reads = CountingReader(monkeypatch)
    assert lint_paths(["drafts"], load_config(), cache=True).cache_stats.hits == 40
    assert reads.paths == ["drafts/d02.md"]


def test_config_change_invalidates_the_cache(library):
    first = lint_paths(["drafts"], load_config(), cache=True)
    assert any("dissapear" in d.message for d in first.diagnostics + first.hidden)
    (library / ".healthlint.yaml").write_text("vocabulary:\n  accept: [dissapear]\n")
    result = lint_paths(["drafts"], load_config(), cache=True)
    assert not any("dissapear" in d.message for d in result.diagnostics + result.hidden)
    assert result.cache_stats.hits == 0


def test_pack_change_invalidates_the_cache(library):
    pack = library / "house.yaml"
    rule = ("rules:\n  - id: no-miracle\n    code: HL901\n    family: boilerplate\n    kind: pattern\n"
            "    severity: warning\n    message: \"{msg}\"\n    options:\n      patterns: ['lunch']\n")
    pack.write_text(rule.format(msg="first wording"))
    (library / ".healthlint.yaml").write_text("packs: [house.yaml]\n")
    assert "first wording" in {d.message for d in lint_paths(["drafts"], load_config(), cache=True).diagnostics}
    pack.write_text(rule.format(msg="second wording"))
    messages = {d.message for d in lint_paths(["drafts"], load_config(), cache=True).diagnostics}
    assert "second wording" in messages and "first wording" not in messages


def test_library_files_come_from_the_cache_and_duplicates_are_still_found(library, monkeypatch):
    """The pre-commit case: one changed draft checked against a cached library."""
    (library / ".healthlint.yaml").write_text("library: ['drafts/*.md', 'drafts/*.txt']\n")
    lint_paths(["drafts"], load_config(), cache=True)  # warm the cache
    new = library / "drafts" / "new.md"
    new.write_text(f"# New\n\n{SHARED}\n\n{DISCLAIMER}\n")
    reads = CountingReader(monkeypatch)
    result = lint_paths([str(new.relative_to(library))], load_config(), cache=True)
    assert [p for p in reads.paths] == ["drafts/new.md"]
    dups = [d for d in result.diagnostics if d.code == "HL101"]
    assert len(dups) == 1 and dups[0].related[0][0].startswith("drafts/d")


# --- the cache as a file -------------------------------------------------------------------------

def _no_cache_output(cwd):
    return _cli("check", "--no-cache", "drafts", cwd=cwd).stdout


def test_corrupt_cache_is_rebuilt_with_a_notice(library):
    expected = _no_cache_output(library)
    _cli("check", "drafts", cwd=library)
    db = library / FOLDER_NAME / DB_NAME
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    run = _cli("check", "drafts", cwd=library)
    assert "notice" in run.stderr and "cache" in run.stderr and "rebuilt" in run.stderr
    assert run.stdout == expected
    again = _cli("check", "drafts", cwd=library)
    assert again.stderr == "" and again.stdout == expected


def test_foreign_database_is_rebuilt_and_damaged_rows_are_misses(library):
    expected = _no_cache_output(library)
    folder = library / FOLDER_NAME
    folder.mkdir()
    with sqlite3.connect(folder / DB_NAME) as other:
        other.execute("CREATE TABLE files (x)")
    run = _cli("check", "drafts", cwd=library)
    assert "rebuilt" in run.stderr and run.stdout == expected
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("UPDATE files SET outcome = x'8004deadbeef', summaries = x'00'")
    assert _cli("check", "drafts", cwd=library).stdout == expected


def test_cache_clear_and_no_cache(library):
    _cli("check", "--no-cache", "drafts", cwd=library)
    assert not (library / FOLDER_NAME).exists()
    _cli("check", "drafts", cwd=library)
    assert (library / FOLDER_NAME / DB_NAME).is_file()
    cleared = _cli("cache", "clear", cwd=library)
    assert cleared.returncode == 0 and "Cleared" in cleared.stdout
    assert not (library / FOLDER_NAME).exists()
    assert "No cache" in _cli("cache", "clear", cwd=library).stdout


def test_two_concurrent_runs_share_the_cache_safely(library):
    expected = _no_cache_output(library)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    cmd = [sys.executable, "-m", "healthlint.cli", "check", "--jobs", "1", "drafts"]
    runs = [subprocess.Popen(cmd, cwd=library, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [r.communicate(timeout=300) for r in runs]
    for out, err in outputs:
        assert out == expected and "error" not in err
    with sqlite3.connect(library / FOLDER_NAME / DB_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 40
    assert _cli("check", "drafts", cwd=library).stdout == expected


def test_diagnostic_pickles_with_every_field():
    """Diagnostic.__reduce__ lists the fields by hand (for speed); a new field must be added there."""
    import dataclasses
    import pickle

    from healthlint.model import Diagnostic, Fix

    values = {"fix": Fix(1, 2, "x"), "related": (("b.md", 3),)}
    for i, f in enumerate(dataclasses.fields(Diagnostic)):
        values.setdefault(f.name, i if f.type == "int" else f"value-{i}")
    d = Diagnostic(**values)
    assert pickle.loads(pickle.dumps(d)) == d


def _imported_modules(args, cwd, env):
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "healthlint.cli", *args], cwd=cwd,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src"), **env})
    return {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def test_one_file_runs_import_only_what_they_use(tmp_path):
    """Start-up for pre-commit and editors: no Markdown parser for .txt, no HTML parser for .md,
    no SQLite without the cache, never pyspellchecker once the word index is cached (the index
    is opened, not rebuilt: no gzip, no word-list reading), no baseline or fingerprints without
    --baseline, nothing that only writes the user cache, no worker pool."""
    env = {"HEALTHLINT_CACHE_DIR": str(tmp_path / "user-cache")}
    (tmp_path / "a.txt").write_text("Walking keeps the joints moving.\n\n" + DISCLAIMER + "\n")
    (tmp_path / "a.md").write_text("# Walking\n\nWalking keeps the joints moving.\n\n" + DISCLAIMER + "\n")
    _imported_modules(["check", "a.md"], tmp_path, env)  # first run ever: builds the compact word list
    txt = _imported_modules(["check", "--no-cache", "a.txt"], tmp_path, env)
    assert "healthlint.dictionary" in txt  # the typo rule ran...
    assert not {"spellchecker", "markdown_it", "html.parser", "sqlite3", "multiprocessing"} & txt
    assert "marisa_trie" in txt  # the stored word index...
    assert not {"gzip", "json", "tempfile", "healthlint.baseline", "healthlint.fingerprint"} & txt  # ...only
    md = _imported_modules(["check", "--no-cache", "a.md"], tmp_path, env)
    assert "markdown_it" in md
    assert not {"spellchecker", "html.parser", "sqlite3", "multiprocessing", "healthlint.baseline"} & md
    for args in (["--write-baseline", "known.json"], ["--baseline", "known.json"]):
        assert "healthlint.baseline" in _imported_modules(["check", "--no-cache", *args, "a.md"], tmp_path, env)
    assert (tmp_path / "known.json").is_file()
    cached = _imported_modules(["check", "a.md"], tmp_path, env)  # stored by the first run
    assert "sqlite3" in cached and "markdown_it" not in cached  # a cache hit parses nothing
    no_typo = _imported_modules(["check", "--no-cache", "--ignore", "typo", "a.md"], tmp_path, env)
    assert "healthlint.dictionary" not in no_typo and "healthlint.kinds.spelling" not in no_typo


def test_entries_of_old_configs_are_dropped(library):
    for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        (library / ".healthlint.yaml").write_text(f"vocabulary:\n  accept: [{word}]\n")
        lint_paths(["drafts"], load_config(), cache=True)
    with sqlite3.connect(library / FOLDER_NAME / DB_NAME) as db:
        keys = db.execute("SELECT count(DISTINCT rules_key), count(*) FROM files").fetchone()
    assert keys == (4, 4 * 40)
    # the newest config's entries are among those kept
    assert lint_paths(["drafts"], load_config(), cache=True).cache_stats.hits == 40


def test_lint_text_compares_with_the_cached_library(library, monkeypatch):
    """A CMS calling lint_text gets cross-draft duplicates from the library index."""
    from healthlint import lint_text

    (library / ".healthlint.yaml").write_text("library: ['drafts/*.md']\n")
    lint_paths(["drafts"], load_config(), cache=True)
    reads = CountingReader(monkeypatch)
    found = lint_text(f"# New\n\n{SHARED}\n\n{DISCLAIMER}\n", config=load_config(), path="cms/new.md", cache=True)
    assert reads.paths == []
    assert [d.code for d in found if d.related and d.related[0][0].startswith("drafts/d")] == ["HL101"]


def test_progress_is_reported_with_workers_and_cache(library):
    for cache in (True, True):  # cold, then every draft from the cache
        calls = []
        lint_paths(["drafts"], load_config(), jobs=2, cache=cache, progress=lambda done, total: calls.append((done, total)))
        assert calls and calls[-1] == (40, 40)
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_summaries_of_any_picklable_type_round_trip_through_the_cache():
    """Fingerprints are stored with marshal when they are plain data, else pickled: a kind's
    array or named tuple must come back as itself."""
    from array import array

    from healthlint.store.outcomes import _dump_summaries, _load_summaries

    for summaries in ({"dup": [(b"\x01" * 12, 3, 1, 4, 20)]}, {"dup": [array("I", [1, 2, 3])]},
                      {"dup": [Sig(1, b"x")]}, {"dup": bytearray(b"ab")}, {}):
        back = _load_summaries(_dump_summaries(summaries))
        assert back == summaries and type(back["dup"] if summaries else back) is type(summaries["dup"] if summaries else summaries)
        if summaries and isinstance(summaries["dup"], list):
            assert type(back["dup"][0]) is type(summaries["dup"][0])


def test_foreign_database_with_a_meta_table_of_other_columns_is_rebuilt(library):
    folder = library / FOLDER_NAME
    folder.mkdir()
    with sqlite3.connect(folder / DB_NAME) as other:
        other.execute("CREATE TABLE meta (name, size)")
        other.execute("CREATE TABLE files (x)")
    run = _cli("check", "--jobs", "1", "drafts", cwd=library)
    assert "rebuilt" in run.stderr
    assert _cli("check", "--jobs", "1", "drafts", cwd=library).stderr == ""


@pytest.mark.parametrize("bad", ["a)|(b", "abc\\\\", "(unclosed", "[abc", "x)(?:y"])
def test_alternation_names_an_entry_that_is_invalid_alone(bad):
    """Entries are no longer compiled one by one when the alternation is safe to compile as a
    whole (start-up); one that would only be valid inside the alternation is still rejected."""
    from healthlint.errors import PackError
    from healthlint.patterns import compile_alternation

    with pytest.raises(PackError, match="invalid regular expression") as err:
        compile_alternation("r", ["fine words", bad.replace("\\\\", "\\")])
    assert repr(bad.replace("\\\\", "\\")) in str(err.value)


def test_alternation_back_reference_does_not_reach_another_entry():
    from healthlint.errors import PackError
    from healthlint.patterns import compile_alternation

    with pytest.raises(PackError):
        compile_alternation("r", ["(a)b", r"\1c"])
    assert compile_alternation("r", [r"(\w)\1", "[(]x[)]", r"\(y\)", "[]z]"]).search("see a (y) here")


def test_duplicate_fingerprints_pickle_with_every_field():
    """Paragraph.__reduce__ lists the fields by hand (for speed); a new field must be added there."""
    import dataclasses
    import pickle
    from array import array

    from healthlint.kinds.duplicate import Paragraph

    values = {f.name: i for i, f in enumerate(dataclasses.fields(Paragraph))}
    values.update(digest=b"\x01" * 12, shingles=array("I", [3, 5]))
    p = Paragraph(**values)
    assert pickle.loads(pickle.dumps(p)) == p


def test_gc_paused_turns_the_collector_off_for_the_block_only():
    import gc

    from healthlint.pipeline.workers import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: still off, and the outer block turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with gc_paused():
            raise ValueError("x")
    assert gc.isenabled()  # back on after an error too
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_worker_initializer_makes_young_collections_rarer_and_keeps_the_rest():
    import gc

    from healthlint.pipeline import workers as parallel

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 11, 12)
        parallel._init_worker(None, None, True)
        assert gc.get_threshold() == (parallel.WORKER_GC_THRESHOLD, 11, 12)
        gc.set_threshold(50_000, 11, 12)
        parallel._init_worker(None, None, True)
        assert gc.get_threshold() == (50_000, 11, 12)  # never lowered
    finally:
        gc.set_threshold(*before)
        parallel._worker_state = None
