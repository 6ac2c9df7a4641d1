"""The one cross-file phase: what drafts share (copied paragraphs, near copies, template text,
a word several drafts use). Per-file outcomes carry each draft's summaries; this module compares
them, in one of three ways that give the same findings:

- in memory: every summary at hand (the API, standard input, runs without a cache);
- cached: the findings of an earlier run that compared exactly the same drafts under the same
  rules are taken from the outcome cache; otherwise the summaries are loaded from it;
- indexed: with a library and a cache, the library index (store/library.py) compares a few
  changed drafts with the whole library without loading every library draft's summaries.

`cross_file_phase` picks the way; callers never choose."""
from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from typing import Any

from ..config import Config
from ..discover import library_files
from ..kinds.base import LocatedFinding
from ..model import Diagnostic
from .batch import check_files, check_uncached
from .perfile import FileOutcome
from .rules import ActiveRule, RuleSet
from .workers import gc_paused


def cross_file_phase(outcomes: list[FileOutcome], rules: RuleSet, config: Config, cache, jobs: int) -> list[Diagnostic]:
    """The cross-file diagnostics of the linted drafts `outcomes`, compared with each other and
    with the config's library drafts not linted in this run. `cache`: the run's OutcomeCache or None."""
    if not rules.cross_file:
        return []
    if config.library and cache is not None:
        return _indexed(outcomes, rules, config, cache, jobs)
    library = library_outcomes(config, rules, outcomes, cache, jobs) if config.library else []
    if cache is None:
        return compare(outcomes, library, rules)
    return _cached(outcomes, library, rules, config, cache, jobs)


def compare(outcomes: list[FileOutcome], library: list[FileOutcome], rules: RuleSet) -> list[Diagnostic]:
    entries_by_rule: dict[str, list[tuple[str, bool, Any]]] = {r.spec.id: [] for r in rules.cross_file}
    for outcome, linted in [(o, True) for o in outcomes] + [(o, False) for o in library]:
        for rule_id, summary in outcome.summaries.items():
            entries_by_rule[rule_id].append((outcome.path, linted, summary))
    found = []
    with gc_paused():  # comparison builds acyclic data only; see gc_paused
        for rule in rules.cross_file:
            entries = sorted(entries_by_rule[rule.spec.id], key=lambda e: e[0])
            found.append((rule, list(rule.kind.check_library(entries))))
    return [located_to_diagnostic(rule, f) for rule, fs in settle_parallel(found) for f in fs]


def settle_parallel(found: list[tuple[ActiveRule, list[LocatedFinding]]]) -> list[tuple[ActiveRule, list[LocatedFinding]]]:
    """Decides the duplicate findings on short paragraphs shared with one other draft (`lone`):
    a copy when a duplicate finding of any rule on a neighbouring paragraph names the same draft
    (a passage was copied, exactly or with light edits), else parallel text, reported as the
    rule's `parallel` option says (info) or not at all. One pass over every rule's findings, so
    an exact copy next to a near copy is still a passage."""
    if not any(f.lone for _, fs in found for f in fs):
        return found
    names: dict[tuple[str, int], set[str]] = {}
    for rule, fs in found:
        if getattr(rule.kind, "library_index", None) not in ("duplicate", "near"):
            continue  # template text on a neighbour is the site's, not a copied passage
        for f in fs:
            names.setdefault((f.path, f.line), set()).update(path for path, _ in f.related)
    out = []
    for rule, fs in found:
        kept = []
        for f in fs:
            if not f.lone:
                kept.append(f)
                continue
            other = f.related[0][0] if f.related else None
            if any(other in names.get((f.path, line), ()) for line in f.lone):
                kept.append(replace(f, lone=(), parallel_message=None))  # part of a copied passage
            elif rule.kind.options.get("parallel") == "info" and f.parallel_message:
                kept.append(replace(f, message=f.parallel_message, severity="info", removes=False,
                                    lone=(), parallel_message=None))
        out.append((rule, kept))
    return out


def _cached(outcomes: list[FileOutcome], library: list[FileOutcome], rules: RuleSet, config: Config,
                       index, jobs: int) -> list[Diagnostic]:
    """compare, or its findings from the cache when an earlier run compared exactly the same
    drafts (paths, contents, linted or not) under the same rules: then not one summary is loaded."""
    key = _entries_key(outcomes, library)
    scope = "library" if library else "linted"
    if key is not None:
        found = index.cross_file_findings(scope, key)
        if found is not None:
            return found
    differ: list[str] = []
    outcomes = with_summaries(outcomes, rules, config, index, jobs, linted=True, differ=differ)
    library = with_summaries(library, rules, config, index, jobs, linted=False, differ=differ)
    found = compare(outcomes, library, rules)
    if key is not None and not differ:  # else the findings are not those of the drafts the key names
        index.store_cross_file(scope, key, found)
    return found


def _entries_key(outcomes: list[FileOutcome], library: list[FileOutcome]) -> bytes | None:
    """What the cross-file findings depend on besides the rules: each draft's path, content
    and whether it is linted. None when a draft's content is unknown."""
    h = hashlib.blake2b(digest_size=16)
    for linted, group in ((b"1", outcomes), (b"0", library)):
        for o in sorted(group, key=lambda o: o.path):
            if o.stamp is None:
                return None
            h.update(b"%s\0%s\0%s\0" % (linted, o.path.encode("utf-8", "surrogateescape"), o.stamp.sha256.encode()))
    return h.digest()


def with_summaries(group: list[FileOutcome], rules: RuleSet, config: Config, index, jobs: int,
                    linted: bool, differ: list[str] | None = None) -> list[FileOutcome]:
    """The outcomes with their cross-file summaries loaded from the cache; a draft whose stored
    summaries turn out damaged is checked afresh (never left out, never guessed). The file may
    have changed since its outcome was looked up: `differ` receives the paths whose fresh
    reading is not of the outcome's content (or failed), whose summaries are then not that content's."""
    missing = index.load_summaries(group)
    if not missing:
        return group
    redone = {o.path: o for o in check_uncached([o.path for o in missing], rules, config, jobs=jobs, linted=False)}
    out = []
    for o in group:
        fresh = redone.get(o.path)
        if fresh is not None and o.summaries is None:
            if differ is not None and (fresh.stamp is None or o.stamp is None
                                       or fresh.stamp.sha256 != o.stamp.sha256):
                differ.append(o.path)
            if fresh.problem is not None and not linted:
                continue  # a library draft that can no longer be read: left out, as in a fresh run
            o.summaries = fresh.summaries or {}
        out.append(o)
    return out


def across_drafts(diags: list[Diagnostic], rules: RuleSet) -> list[Diagnostic]:
    """What a rule learns from all the drafts of a run: a kind with `across_drafts` sees its own
    findings in every draft at once and returns those that stand (the spelling rule drops a word
    several drafts use, a term of the site and not a slip)."""
    refiners = {r.spec.id: r.kind for r in rules.per_file if hasattr(r.kind, "across_drafts")}
    if not refiners:
        return diags
    mine: dict[str, list[Diagnostic]] = {rule_id: [] for rule_id in refiners}
    rest = []
    for d in diags:
        (mine[d.rule] if d.rule in mine else rest).append(d)
    for rule_id, kind in refiners.items():
        rest.extend(kind.across_drafts(mine[rule_id]))
    return rest


def located_to_diagnostic(rule: ActiveRule, f: LocatedFinding) -> Diagnostic:
    return Diagnostic(f.path, f.line, f.column, f.end_line, f.end_column, rule.spec.code, rule.spec.id,
                      rule.spec.family, f.severity or rule.severity, f.message, f.suggestion, None, f.snippet, f.related,
                      f.removes and not f.severity)


def library_outcomes(config: Config, rules: RuleSet, linted: list[FileOutcome], index,
                      jobs: int) -> list[FileOutcome]:
    """The cross-file summaries of the config's library drafts not linted in this run (from the
    cache when it has them); drafts that cannot be read are left out of the comparison."""
    others = _library_others(library_files(config), linted)
    return [o for o in check_files(others, rules, config, linted=False, jobs=jobs, cache=index) if o.problem is None]


def _library_others(library: list[str], linted: list[FileOutcome]) -> list[str]:
    """Library drafts not linted in this run, as display paths. Identity by (device, inode):
    exact for symlinks and hard links, and one stat per file instead of a realpath walk."""
    seen = {file_identity(o.path) for o in linted}
    cwd = os.getcwd() + os.sep
    return [p[len(cwd):] if p.startswith(cwd) else display_path(p) for p in library if file_identity(p) not in seen]


def file_identity(path: str, st=False):
    """Which file a path names: (device, inode), or the absolute path when the file cannot be
    stat'ed. `st`: a stat result already taken (None: it failed)."""
    if st is False:
        try:
            st = os.stat(path)
        except OSError:
            st = None
    return (st.st_dev, st.st_ino) if st is not None else os.path.abspath(path)


def display_path(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel



# --- the indexed way ------------------------------------------------------------------------

def _indexed(outcomes: list[FileOutcome], rules: RuleSet, config: Config, cache, jobs: int) -> list[Diagnostic]:
    """The cross-file diagnostics of a run whose config names a library, using and keeping
    the library index. `outcomes`: the linted drafts' FileOutcomes; `cache`: the run's
    OutcomeCache (its folder holds the index)."""
    from ..store import library as index_store  # only runs with a cache and a library load it

    stats: dict = {}
    lib = library_files(config, stats)
    linted_ids = {file_identity(o.path) for o in outcomes}

    def identity(p):
        return file_identity(p, stats.get(p, False))

    others = [p for p in lib if identity(p) not in linted_ids]
    cwd = os.getcwd() + os.sep

    def display(p: str) -> str:
        return p[len(cwd):] if p.startswith(cwd) else display_path(p)

    folder = cache.folder
    key = cache.key
    usable = index_store.supports(rules)
    index = None
    plan = None
    if usable:
        path = index_store.index_path(folder, key)
        if path.exists():
            try:
                index = index_store.LibraryIndex(path, key)
                plan = index_store.Plan(index, lib, stats, set(others))
            except (index_store.IndexUnusable, ValueError, TypeError, IndexError) as exc:  # a damaged file table
                if not isinstance(exc, index_store.IndexOutdated):
                    cache.notices.append(f"library index was unusable ({exc}); rebuilt it")
                index = plan = None
    try:
        if plan is not None and _small(plan, len(outcomes), len(lib)):
            fresh_outcomes = check_files([display(p) for p in plan.fresh], rules, config, linted=False, jobs=jobs,
                                         cache=cache) if plan.fresh else []
            # Outcomes from the cache come without summaries: load those of these few drafts.
            linted = with_summaries(outcomes, rules, config, cache, jobs, linted=True)
            fresh = with_summaries([o for o in fresh_outcomes if o.problem is None], rules, config, cache, jobs,
                                    linted=False)
            try:
                found = index_store.compare(plan, rules, [(o.path, o.summaries) for o in linted],
                                [(o.path, o.summaries) for o in fresh], display)
                return [located_to_diagnostic(rule, f) for rule, fs in settle_parallel(found) for f in fs]
            except index_store.IndexUnusable as exc:
                cache.notices.append(f"library index was unusable ({exc}); rebuilt it")
                plan = None
            except index_store.NeedsFullComparison:
                plan = None
            except Exception as exc:  # noqa: BLE001 - a bug here must cost speed, not the findings
                if os.environ.get("HEALTHLINT_DEBUG"):
                    raise
                cache.notices.append(f"library index could not be used ({type(exc).__name__}: {exc}); "
                                     "compared the whole library")
                plan = None
        if index is not None:  # released before it may be replaced below
            index.close()
            index = None
        # The full comparison: every library draft's summaries.
        library = [o for o in check_files([display(p) for p in others], rules, config, linted=False, jobs=jobs,
                                          cache=cache) if o.problem is None]
        diags = _cached(outcomes, library, rules, config, cache, jobs)
        if usable and (plan is None or plan.changed > _rebuild_after(len(lib))):
            # The findings may have come from the cache without loading the summaries.
            outcomes = with_summaries(outcomes, rules, config, cache, jobs, linted=True)
            library = with_summaries(library, rules, config, cache, jobs, linted=False)
            _rebuild(folder, key, rules, lib, stats, others, outcomes, library, identity, display, cache)
        return diags
    finally:
        if index is not None:
            index.close()


def _small(plan, linted: int, library: int) -> bool:
    """Few enough changes to apply to the index rather than compare the whole library."""
    return linted + len(plan.fresh) + len(plan.stale) <= 64 + library // 50


def _rebuild_after(library: int) -> int:
    """Library drafts changed since the index was written beyond which a full comparison
    rewrites it. Below, later runs apply the changes as a delta: rewriting costs about a
    second per 10,000 drafts, too much to pay after every edit in a whole-library run."""
    return 16 + library // 1000


def _rebuild(folder, key, rules, lib, stats, others, outcomes, library, identity, display, cache) -> None:
    from ..store import library as index_store
    from ..store.outcomes import trusted_mtime

    linted_by_id = {}
    for o in outcomes:
        linted_by_id.setdefault(file_identity(o.path), o)
    library_by_path = {o.path: o for o in library}
    other_set = set(others)
    files = []
    for p in lib:
        st = stats.get(p)
        if st is None:
            continue
        if p in other_set:
            o = library_by_path.get(display(p))
            if o is None:
                continue
            size, mtime = st.st_size, st.st_mtime_ns  # taken before the draft was read
        else:
            o = linted_by_id.get(identity(p))
            stamp = getattr(o, "stamp", None)
            if o is None or o.problem is not None or stamp is None or (stamp.size, stamp.mtime_ns) != (st.st_size, st.st_mtime_ns):
                # A problem keeps a draft out of the library (engine: `o.problem is None`); a draft
                # read at another moment than this stat is left to the next run's delta.
                continue
            size, mtime = stamp.size, stamp.mtime_ns
        # The stats were taken after the cache was opened: recent is judged from then.
        files.append((index_store.key_path(p), size, trusted_mtime(mtime, cache.started_ns), st.st_ino,
                      o.summaries))
    try:
        index_store.build(folder, key, files, rules)
    except OSError as exc:
        cache.notices.append(f"library index could not be written ({exc.strerror or exc}); results are not affected")
