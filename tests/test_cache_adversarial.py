"""Attacks on the caches (cache.py's SQLite index, libindex.py's library index, the cross-file
findings table): each test makes a run with the cache disagree with the same run without it
unless the cache is exact. Ground truth is always `cache=False`."""
from __future__ import annotations

import os
import time

from healthlint import load_config
from healthlint.api import lint_paths


def _keys(result):
    return sorted((d.path, d.line, d.column, d.code, d.message, d.related) for d in result.diagnostics)


def _lint(paths, cache, select=None):
    return lint_paths([str(p) for p in paths], load_config(), select=select, cache=cache)


def test_a_draft_saved_again_in_the_same_mtime_tick_after_a_long_run_read_it_is_not_trusted(tmp_path, monkeypatch):
    """The "racy git" problem: an mtime is proof of no change only if it is older than the moment
    the file was read by more than a timestamp tick. A run that read a just-saved draft and ended
    seconds later must not store that mtime as trusted: a second save within the same tick
    (same size, same mtime) would be served the first content's findings forever."""
    import healthlint.pipeline.batch as parallel

    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "a.md"
    draft.write_text("# A\n\nThis is teh draft we wrote.\n", encoding="utf-8")
    saved_at = time.time_ns()
    os.utime(draft, ns=(saved_at, saved_at))
    real_check, real_now = parallel.check_uncached, time.time_ns

    def read_then_saved_again_and_the_run_goes_on(*args, **kwargs):
        out = real_check(*args, **kwargs)
        draft.write_text("# A\n\nThis is the draft we wrote.\n", encoding="utf-8")  # same size
        os.utime(draft, ns=(saved_at, saved_at))  # the same timestamp tick
        monkeypatch.setattr(time, "time_ns", lambda: real_now() + 5_000_000_000)  # a long run
        return out

    monkeypatch.setattr(parallel, "check_uncached", read_then_saved_again_and_the_run_goes_on)
    first = _lint([draft], cache=True)
    assert any("teh" in d.message or d.snippet == "teh" for d in first.diagnostics)
    monkeypatch.setattr(parallel, "check_uncached", real_check)
    monkeypatch.setattr(time, "time_ns", real_now)
    assert _keys(_lint([draft], cache=True)) == _keys(_lint([draft], cache=False))


PARA = ("Regular walks of twenty minutes a day ease stiffness in the lower back for most adults "
        "who sit at a desk for long hours.")


def test_summaries_read_afresh_for_other_content_are_not_stored_as_the_cached_contents_findings(tmp_path, monkeypatch):
    """A draft whose stored fingerprints vanish between the lookup and their loading (a concurrent
    run stored its new content) is read again: that reading may be of new content, so the
    cross-file findings worked out from it must not be remembered under the old content's key."""
    from healthlint.store import outcomes as cache_module

    monkeypatch.chdir(tmp_path)
    a, b, c = (tmp_path / n for n in ("a.md", "b.md", "c.md"))
    a.write_text(f"# A\n\n{PARA}\n", encoding="utf-8")
    old = f"# B\n\n{PARA}\n"
    new = "# B\n\nSomething else entirely that no other draft of this small library has ever said.\n"
    b.write_text(old, encoding="utf-8")
    c.write_text("# C\n\nNothing to see.\n", encoding="utf-8")
    _lint([a, b], cache=True, select=["HL101"])  # both drafts' outcomes are stored
    _lint([a, c], cache=True, select=["HL101"])  # another run's findings are remembered instead
    real = cache_module.OutcomeCache.load_summaries

    def concurrent_edit(self, outcomes):
        if any(o.path == str(b) for o in outcomes):
            b.write_text(new, encoding="utf-8")
            self._connect().execute("DELETE FROM files WHERE path = ?", (str(b),))  # the other run's store
        return real(self, outcomes)

    monkeypatch.setattr(cache_module.OutcomeCache, "load_summaries", concurrent_edit)
    _lint([a, b], cache=True, select=["HL101"])
    monkeypatch.setattr(cache_module.OutcomeCache, "load_summaries", real)
    b.write_text(old, encoding="utf-8")  # the edit undone
    want = _keys(_lint([a, b], cache=False, select=["HL101"]))
    assert want  # b repeats a's paragraph
    assert _keys(_lint([a, b], cache=True, select=["HL101"])) == want


def test_the_library_index_does_not_trust_the_mtime_of_a_draft_saved_again_while_a_long_run_read_it(
        tmp_path, monkeypatch):
    """The library index keeps each draft's stat from before the run read it; written at the end
    of a long run, a mtime recent at reading time must still count as racy."""
    import healthlint.pipeline.batch as parallel

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".healthlint.yaml").write_text("library: ['drafts/*.md']\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    shared = tmp_path / "drafts" / "shared.md"
    other = PARA.replace("twenty", "thirty").replace("stiffness", "tightness")  # same length, no copy
    assert len(other) == len(PARA)
    shared.write_text(f"# S\n\n{PARA}\n", encoding="utf-8")
    (tmp_path / "drafts" / "z.md").write_text("# Z\n\nA draft with nothing in common with the others.\n",
                                               encoding="utf-8")
    mine = tmp_path / "mine.md"
    mine.write_text(f"# Mine\n\n{PARA}\n", encoding="utf-8")
    os.utime(mine, ns=(time.time_ns() - 3_600_000_000_000,) * 2)
    saved_at = time.time_ns()
    os.utime(shared, ns=(saved_at, saved_at))
    real_check, real_now = parallel.check_uncached, time.time_ns

    def read_then_saved_again_and_the_run_goes_on(*args, **kwargs):
        out = real_check(*args, **kwargs)
        if shared.read_text(encoding="utf-8").endswith(f"{PARA}\n"):
            shared.write_text(f"# S\n\n{other}\n", encoding="utf-8")
            os.utime(shared, ns=(saved_at, saved_at))
            monkeypatch.setattr(time, "time_ns", lambda: real_now() + 5_000_000_000)
        return out

    monkeypatch.setattr(parallel, "check_uncached", read_then_saved_again_and_the_run_goes_on)
    _lint(["drafts"], cache=True, select=["HL101"])  # writes the library index
    monkeypatch.setattr(parallel, "check_uncached", real_check)
    monkeypatch.setattr(time, "time_ns", real_now)
    want = _keys(_lint([mine], cache=False, select=["HL101"]))
    assert want == []  # the library no longer holds the paragraph
    assert _keys(_lint([mine], cache=True, select=["HL101"])) == want


def test_a_stat_refresh_does_not_land_on_a_row_another_run_rewrote_for_other_content(tmp_path, monkeypatch):
    """A run that finds a draft touched but unchanged refreshes the row's stat when it closes. If
    another run (from another folder, where the same relative path names another draft) stored
    other content under that path meanwhile, the refresh must not pair this draft's stat with
    that content: the next run would serve the other draft's findings for this one."""
    from dataclasses import replace

    from healthlint.api import build_rules
    from healthlint.pipeline.perfile import check_file
    from healthlint.store.outcomes import OutcomeCache, cache_folder_for, rules_key

    monkeypatch.chdir(tmp_path)
    config = load_config()
    rules = build_rules(config)
    a = tmp_path / "a.md"
    a.write_text("# A\n\nThis is a clean draft.\n", encoding="utf-8")
    an_hour_ago = time.time_ns() - 3_600_000_000_000
    os.utime(a, ns=(an_hour_ago, an_hour_ago))
    _lint(["a.md"], cache=True)  # stored
    later = an_hour_ago + 1_000_000_000
    os.utime(a, ns=(later, later))  # touched, not changed
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("# A\n\nThis is teh draft with a typo in it.\n", encoding="utf-8")
    other = check_file(str(elsewhere / "a.md"), rules, config)
    assert other.diagnostics
    folder, key = cache_folder_for(config), rules_key(rules, config)
    with OutcomeCache(folder, key) as run:
        assert "a.md" in run.lookup(["a.md"], full=True)  # the content matches: a refresh is queued
        with OutcomeCache(folder, key) as concurrent:  # the run from sub/ stores its a.md
            concurrent.store([replace(other, path="a.md")], linted=True)
    assert _keys(_lint(["a.md"], cache=True)) == _keys(_lint(["a.md"], cache=False))


def test_the_same_relative_path_from_another_folder_is_another_draft(tmp_path, monkeypatch):
    """Runs from a project's subfolders share the project's cache, where rows are named by the
    path as given. From sub/, 'drafts/a.md' is another file; with the same size and mtime (an
    export or archive stamps whole folders with one time) it must not get the other's findings."""
    (tmp_path / ".healthlint.yaml").write_text("fail_on: error\n", encoding="utf-8")
    stamp = time.time_ns() - 3_600_000_000_000
    for folder, text in (("drafts", "This is teh draft."), ("sub/drafts", "This is the draft.")):
        path = tmp_path / folder / "a.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"# A\n\n{text}\n", encoding="utf-8")
        os.utime(path, ns=(stamp, stamp))
    monkeypatch.chdir(tmp_path)
    assert _lint(["drafts/a.md"], cache=True).diagnostics  # the typo
    monkeypatch.chdir(tmp_path / "sub")
    assert _keys(_lint(["drafts/a.md"], cache=True)) == _keys(_lint(["drafts/a.md"], cache=False))


def test_a_draft_renamed_over_another_with_the_same_size_and_mtime_is_checked_again(tmp_path, monkeypatch):
    """`mv b.md a.md` where both have the same size and mtime (an export or an archive stamps
    them alike): size and mtime agree with a.md's cached row, the inode and ctime do not."""
    monkeypatch.chdir(tmp_path)
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# A\n\nThis is teh draft we wrote.\n", encoding="utf-8")
    b.write_text("# A\n\nThis is the draft we wrote.\n", encoding="utf-8")  # same size, no typo
    stamp = time.time_ns() - 3_600_000_000_000  # an hour ago: an mtime the cache trusts
    for path in (a, b):
        os.utime(path, ns=(stamp, stamp))
    first = _lint([a], cache=True)
    assert any(d.code == "HL501" for d in first.diagnostics)
    os.replace(b, a)
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (next(iter(first.stamps.values())).size, stamp)
    after = _lint([a], cache=True)
    assert _keys(after) == _keys(_lint([a], cache=False))
    assert not any(d.code == "HL501" for d in after.diagnostics)


def test_a_chmod_makes_the_cache_look_at_the_content_again(tmp_path, monkeypatch):
    """A chmod changes the ctime: the draft is read once more (then trusted again), so a draft
    that can no longer be read is reported as unreadable instead of served from the cache."""
    from healthlint import decode as reading

    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "a.md"
    draft.write_text("# A\n\nThis is teh draft we wrote.\n", encoding="utf-8")
    stamp = time.time_ns() - 3_600_000_000_000
    os.utime(draft, ns=(stamp, stamp))
    _lint([draft], cache=True)
    reads: list[str] = []
    real = reading.read_bytes
    monkeypatch.setattr(reading, "read_bytes", lambda path, *a, **k: reads.append(path) or real(path, *a, **k))
    _lint([draft], cache=True)
    assert reads == []  # unchanged: not read
    os.chmod(draft, 0o600)
    _lint([draft], cache=True)
    assert len(reads) == 1  # the ctime moved: content compared
    _lint([draft], cache=True)
    assert len(reads) == 1  # ...and then trusted again
