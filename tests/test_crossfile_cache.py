"""The cache keeps the cross-file phase's findings: a warm run over the same drafts loads no
fingerprints and compares nothing, and still reports exactly what a run without the cache does.
Any change to the compared drafts (content, name, a draft added or removed) or damage to what is
stored makes the run compare afresh."""
from __future__ import annotations

import os
import sqlite3

import pytest

from healthlint import load_config
from healthlint.store.outcomes import DB_NAME, FOLDER_NAME
from healthlint.api import lint_paths
from healthlint.kinds.duplicate import DuplicateKind
from healthlint.kinds.near_duplicate import NearDuplicateKind
from healthlint.kinds.template import TemplateTextKind

from .test_parallel_and_cache import SHARED, library  # noqa: F401 - the fixture, used as an argument

# ruff: noqa: F811 - pytest passes the imported fixture `library` as the tests' argument of that name

NEAR = SHARED.replace("helps", "really helps")


def _dups(result):
    return sorted((d.path, d.line, d.code, d.related) for d in result.diagnostics if d.family == "duplicate-paragraph")


def _everything(result):
    return [(d.path, d.line, d.column, d.code, d.message, d.related) for d in result.diagnostics]


class ComparisonCounter:
    """Counts the cross-file comparisons (check_library calls) of the three duplicate kinds."""

    def __init__(self, monkeypatch):
        self.calls = 0
        for cls in (DuplicateKind, NearDuplicateKind, TemplateTextKind):
            real = cls.check_library

            def counting(kind, entries, _real=real):
                self.calls += 1
                return _real(kind, entries)

            monkeypatch.setattr(cls, "check_library", counting)


def test_unchanged_library_reuses_the_cross_file_findings(library, monkeypatch):
    fresh = lint_paths(["drafts"], load_config())
    assert [d for d in _dups(fresh) if d[2] == "HL101"] == [("drafts/d20.md", 5, "HL101", (("drafts/d00.txt", 7),))]
    lint_paths(["drafts"], load_config(), cache=True)  # warm
    counter = ComparisonCounter(monkeypatch)
    warm = lint_paths(["drafts"], load_config(), cache=True)
    assert counter.calls == 0
    assert _everything(warm) == _everything(fresh)


@pytest.mark.parametrize("change", ["edit", "rename", "add", "remove"])
def test_any_change_to_the_drafts_compares_afresh(library, monkeypatch, change):
    lint_paths(["drafts"], load_config(), cache=True)  # warm
    drafts = library / "drafts"
    if change == "edit":  # a near-copy of the shared paragraph appears in a draft that had none
        (drafts / "d01.md").write_text(f"# One\n\n{NEAR}\n")
    elif change == "rename":
        (drafts / "d20.md").rename(drafts / "d20-renamed.md")
    elif change == "add":
        (drafts / "new.md").write_text(f"# New\n\n{SHARED}\n")
    else:
        (drafts / "d20.md").unlink()
    counter = ComparisonCounter(monkeypatch)
    warm = lint_paths(["drafts"], load_config(), cache=True)
    assert counter.calls > 0
    assert _everything(warm) == _everything(lint_paths(["drafts"], load_config()))
    if change == "edit":
        assert any(d[0] == "drafts/d01.md" and d[2] == "HL102" for d in _dups(warm))
    if change == "remove":  # its twin has no copy left
        assert not any(d[2] == "HL101" for d in _dups(warm))


def test_damaged_stored_findings_are_computed_afresh(library):
    fresh = lint_paths(["drafts"], load_config())
    lint_paths(["drafts"], load_config(), cache=True)
    with sqlite3.connect(library / FOLDER_NAME / DB_NAME) as db:
        assert db.execute("UPDATE cross_file SET findings = x'8004deadbeef'").rowcount == 1
    assert _everything(lint_paths(["drafts"], load_config(), cache=True)) == _everything(fresh)


def test_damaged_fingerprints_of_a_cached_draft_mean_it_is_checked_again(library):
    """The outcome row is fine but its fingerprints are damaged: found when they are needed."""
    fresh = lint_paths(["drafts"], load_config())
    lint_paths(["drafts"], load_config(), cache=True)
    with sqlite3.connect(library / FOLDER_NAME / DB_NAME) as db:
        db.execute("DELETE FROM cross_file")
        # rows of relative paths are named with the folder the run was started from
        assert db.execute("UPDATE files SET summaries = x'00' WHERE path = ?",
                          (f"{os.getcwd()}\0drafts/d20.md",)).rowcount == 1
    assert _everything(lint_paths(["drafts"], load_config(), cache=True)) == _everything(fresh)


def test_whole_run_and_pre_commit_run_keep_their_own_findings(library, monkeypatch):
    (library / ".healthlint.yaml").write_text("library: ['drafts/*.md', 'drafts/*.txt']\n")
    lint_paths(["drafts"], load_config(), cache=True)
    one = lint_paths(["drafts/d20.md"], load_config(), cache=True)
    assert any(d.code == "HL101" for d in one.diagnostics)
    counter = ComparisonCounter(monkeypatch)
    again = lint_paths(["drafts"], load_config(), cache=True)
    assert counter.calls == 0  # the one-draft run did not evict the whole run's findings
    assert _dups(again) == _dups(lint_paths(["drafts"], load_config()))
