"""Review of the cache, engine and discovery layer: what the rules key covers, the index closed
however a run ends, library-only runs not spoiling full entries, `--fix` re-linting with the
run's cache, per-path override matching, and one glob meaning for exclude / overrides / library
(with the library walk skipping what the drafts walk skips)."""
from __future__ import annotations

import os
import sqlite3
import time

import pytest

from healthlint import load_config
from healthlint import api as engine
from healthlint.store.outcomes import DB_NAME, FOLDER_NAME, OutcomeCache, cache_folder_for, rules_key
from healthlint.config import Config
from healthlint.discover import library_files
from healthlint.api import build_rules, lint_paths
from healthlint.pipeline.batch import check_files
from healthlint.kinds.base import RunContext

from .conftest import clean_draft

AN_HOUR_AGO = int((time.time() - 3600) * 1e9)

HOUSE_PACK = """\
rules:
  - id: house-no-miracle
    code: HL951
    family: boilerplate
    kind: pattern
    severity: warning
    message: "Avoid \\u201c{match}\\u201d"
    options:
      patterns: ['miracle cure']
    docs:
      summary: Oversold treatments.
  - id: house-typo
    code: HL952
    family: typo
    kind: spelling
    severity: warning
    enabled: false
    message: "\\u201c{word}\\u201d may be misspelled"
    options:
      word_lists: [house-words.txt]
    docs:
      summary: House spelling.
"""


def _old(path):
    os.utime(path, ns=(AN_HOUR_AGO, AN_HOUR_AGO))  # not edited in the last seconds (no racy check)
    return path


@pytest.fixture
def root_pack(tmp_path, monkeypatch, write):
    """A repository whose house pack sits at its root, next to the config and the drafts."""
    monkeypatch.chdir(tmp_path)
    write(".healthlint.yaml", "packs: [house.yaml]\n")
    write("house.yaml", HOUSE_PACK)
    write("house-words.txt", "sunnybone\n")
    for name in ("a", "b"):
        _old(write(f"drafts/{name}.md", clean_draft(f"Draft {name} says a miracle cure is not on offer here.")))
    return tmp_path


# --- 1. the rules key -----------------------------------------------------------------------------

def test_a_pack_at_the_repository_root_does_not_stop_the_cache_from_hitting(root_pack, write):
    runs = [lint_paths(["drafts"], load_config(), cache=True) for _ in range(3)]
    assert [r.cache_stats.hits for r in runs] == [0, 2, 2]
    assert "HL951" in {d.code for d in runs[0].diagnostics}
    write("notes/todo.txt", "unrelated file at the root")  # not a pack, not a word list
    assert lint_paths(["drafts"], load_config(), cache=True).cache_stats.hits == 2


def test_the_rules_key_follows_the_pack_file_and_the_word_lists_it_names(root_pack, write):
    def key():
        config = load_config()
        return rules_key(build_rules(config, ["house-typo", "house-no-miracle"]), config)

    first = key()
    write("unrelated.md", "a draft at the root")
    assert key() == first
    write("house-words.txt", "sunnybone\nhealthlint\n")  # named by house-typo's word_lists
    second = key()
    assert second != first
    write("house.yaml", HOUSE_PACK + "\n# a comment changes the pack file\n")
    assert key() != second


def test_config_vocabulary_files_are_part_of_the_rules_key(root_pack, write):
    write("vocab.txt", "sunnybone\n")
    write(".healthlint.yaml", "packs: [house.yaml]\nvocabulary:\n  files: [vocab.txt]\n")
    config = load_config()
    rules = build_rules(config)
    before = rules_key(rules, config)
    path = root_pack / "vocab.txt"
    os.utime(path, ns=(AN_HOUR_AGO, AN_HOUR_AGO + 1))  # the file changed (its words were read before)
    assert rules_key(rules, config) != before


# --- 6. the publisher's vocabulary is hashed once -------------------------------------------------

class CountingWords(frozenset):
    iterations = 0

    def __iter__(self):
        type(self).iterations += 1
        return super().__iter__()


def test_the_vocabulary_is_hashed_once_not_once_per_rule(root_pack):
    config = load_config()
    rules = build_rules(config)
    assert len(rules.active) > 3
    context = RunContext(CountingWords({"sunnybone", "healthlint"}), frozenset())
    for rule in rules.active:
        rule.kind.context = context
    CountingWords.iterations = 0
    rules_key(rules, config)
    assert CountingWords.iterations == 1


# --- 2. the index is closed however the run ends --------------------------------------------------

def test_an_interrupted_run_still_closes_the_index_and_keeps_its_refreshes(root_pack):
    lint_paths(["drafts"], load_config(), cache=True)
    touched = root_pack / "drafts" / "a.md"
    new_mtime = AN_HOUR_AGO - 10**9
    os.utime(touched, ns=(new_mtime, new_mtime))  # same content, new stat: the entry is refreshed

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        lint_paths(["drafts"], load_config(), cache=True, progress=interrupt)
    db = sqlite3.connect(root_pack / FOLDER_NAME / DB_NAME, timeout=0.1)
    try:
        rows = dict(db.execute("SELECT path, mtime_ns FROM files"))
        db.execute("BEGIN IMMEDIATE")  # nobody holds it
        db.execute("ROLLBACK")
    finally:
        db.close()
    assert rows[f"{os.getcwd()}\0" + os.path.join("drafts", "a.md")] == new_mtime


# --- 3. a library-only run does not overwrite a full entry ----------------------------------------

def test_a_library_only_store_keeps_the_full_entry_of_the_same_content(root_pack):
    config = load_config()
    rules = build_rules(config)
    paths = [os.path.join("drafts", "a.md"), os.path.join("drafts", "b.md")]
    assert lint_paths(["drafts"], config, rules=rules, cache=True).cache_stats.stored == 2
    with OutcomeCache(cache_folder_for(config), rules_key(rules, config)) as index:
        # what a pre-commit run stores for drafts it only compares against
        index.store(check_files(paths, rules, config, linted=False), linted=False)
    again = lint_paths(["drafts"], config, rules=rules, cache=True)
    assert again.cache_stats.hits == 2
    assert "HL951" in {d.code for d in again.diagnostics}


def test_a_library_only_store_replaces_a_full_entry_of_other_content(root_pack, write):
    config = load_config()
    rules = build_rules(config)
    lint_paths(["drafts"], config, rules=rules, cache=True)
    _old(write("drafts/a.md", clean_draft("Draft a was rewritten without the oversold phrase.")))
    with OutcomeCache(cache_folder_for(config), rules_key(rules, config)) as index:
        index.store(check_files([os.path.join("drafts", "a.md")], rules, config, linted=False), linted=False)
        found = index.lookup([os.path.join("drafts", "a.md")], full=False)
    assert os.path.join("drafts", "a.md") in found  # the summaries of the new content are kept
    result = lint_paths(["drafts"], config, rules=rules, cache=True)
    assert [d.path for d in result.diagnostics if d.code == "HL951"] == [os.path.join("drafts", "b.md")]


# --- 4. --fix re-lints with the run's jobs and cache ----------------------------------------------

def test_fix_relints_with_the_same_jobs_and_cache_and_the_same_output(cli, write, monkeypatch):
    for i in range(3):
        _old(write(f"drafts/d{i}.md", clean_draft("Patients recieve care." if i == 0 else "Patients receive care.")))
    _old(write("drafts/no-disclaimer.md", "# Title\n\nWalking keeps the joints moving.\n"))  # not fixable
    calls = []
    real = engine.lint_paths

    def recording(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "lint_paths", recording)
    fixed = cli("check", "--fix", "--jobs", "2", "--format", "json", "drafts")
    assert [c["cache"] for c in calls] == [True, True] and [c["jobs"] for c in calls] == [2, 2]
    assert "fixed 1 problem in" in fixed.err
    fresh = cli("check", "--no-cache", "--format", "json", "drafts")
    assert fixed.out == fresh.out and fixed.code == fresh.code == 1
    assert {d["rule"] for d in fixed.json()} == {"missing-disclaimer"}


# --- 5. overrides are matched once per path --------------------------------------------------------

def test_overrides_are_matched_once_per_draft_not_once_per_finding(cli, write, monkeypatch):
    write(".healthlint.yaml", "overrides:\n  - files: ['news/**']\n    ignore: [missing-disclaimer]\n")
    write("drafts/a.md", "Patients recieve care. Doctors seperate cases. We acheive results.\n")
    calls = []
    real = Config.overrides_for

    def counting(self, path):
        calls.append(path)
        return real(self, path)

    monkeypatch.setattr(Config, "overrides_for", counting)
    result = lint_paths(["drafts"], load_config())
    assert len(result.diagnostics) >= 3
    assert sorted(calls) == sorted(set(calls)) == [os.path.join("drafts", "a.md")]


# --- 7. one glob meaning ---------------------------------------------------------------------------

def test_a_star_does_not_cross_folders_in_exclude(cli, write):
    write(".healthlint.yaml", "exclude: ['drafts/*.md']\n")
    write("drafts/top.md", clean_draft("Top level."))
    write("drafts/deep/inner.md", clean_draft("One level down."))
    assert lint_paths(["drafts"], load_config()).files == [os.path.join("drafts", "deep", "inner.md")]


def test_double_star_matches_zero_or_more_folders_and_names_a_folder(cli, write):
    write(".healthlint.yaml", "exclude: ['**/old/*.md', 'drafts/archive/**']\n")
    for rel in ("drafts/old/a.md", "old/b.md", "drafts/archive/c.md", "drafts/archive/x/d.md",
                "drafts/archived.md", "drafts/keep.md", "drafts/old/deeper/e.md"):
        write(rel, clean_draft("Text."))
    files = lint_paths(["."], load_config()).files
    assert files == [os.path.join("drafts", "archived.md"), os.path.join("drafts", "keep.md"),
                     os.path.join("drafts", "old", "deeper", "e.md")]


def test_an_excluded_folder_is_not_walked(cli, write, monkeypatch):
    write(".healthlint.yaml", "exclude: ['drafts/archive/**']\n")
    write("drafts/a.md", clean_draft("Kept."))
    write("drafts/archive/old.md", clean_draft("Old."))
    write("drafts/archive/2019/older.md", clean_draft("Older."))
    asked = []
    real = Config.is_excluded

    def recording(self, path):
        asked.append(path)
        return real(self, path)

    monkeypatch.setattr(Config, "is_excluded", recording)
    assert lint_paths(["drafts"], load_config()).files == [os.path.join("drafts", "a.md")]
    assert os.path.join("drafts", "archive") in asked
    assert not [p for p in asked if p.startswith(os.path.join("drafts", "archive", ""))]  # pruned, not walked


def test_library_globs_have_the_same_meaning_and_skip_what_discovery_skips(cli, write, tmp_path):
    write(".healthlint.yaml", "library: ['content/**/*.md', 'flat/*.md']\n")
    for rel in ("content/a.md", "content/x/y/b.md", "content/node_modules/pkg/c.md", "content/.drafts/d.md",
                "flat/e.md", "flat/sub/f.md", "content/x/g.txt"):
        write(rel, clean_draft("Text."))
    os.symlink(tmp_path / "content", tmp_path / "content" / "x" / "loop")  # a loop back up the tree
    found = [os.path.relpath(p, tmp_path) for p in library_files(load_config())]
    assert found == [os.path.join("content", "a.md"), os.path.join("content", "x", "y", "b.md"),
                     os.path.join("flat", "e.md")]


def test_library_drafts_under_an_excluded_folder_are_left_out(cli, write, tmp_path):
    write(".healthlint.yaml", "library: ['content/**']\nexclude: ['content/archive']\n")
    write("content/a.md", clean_draft("Text."))
    write("content/archive/b.md", clean_draft("Text."))
    assert [os.path.relpath(p, tmp_path) for p in library_files(load_config())] == [os.path.join("content", "a.md")]
