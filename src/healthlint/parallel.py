"""Per-file work (read, parse, per-file rules, cross-file summaries) spread over worker
processes. Workers receive the RuleSet once, through the pool's initializer (inherited for free
under fork), take paths in chunks and return FileOutcome objects; results come back in the
order of the input, so the report is the same whatever the number of workers."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .engine import FileOutcome, RuleSet

# Below this many files a pool costs more (process start-up, pickling) than it saves.
MIN_FILES_PER_WORKER = 8
MAX_CHUNK = 32
WORKER_GC_THRESHOLD = 10_000  # allocations between young collections in a worker process

_worker_state: tuple | None = None
_frozen = False


def _freeze_long_lived() -> None:
    """Once per process, before the first draft: move what exists now (the rules, the spelling
    lexicon's millions of strings, the imported modules) out of the garbage collector's view.
    They live as long as the process, yet each young-generation collection triggered while
    drafts are parsed walked them again: 30-60 ms of a one-file run. Frozen objects are still
    freed by reference counting; forked workers inherit the frozen state (the gc module's
    documented use of freeze before fork)."""
    global _frozen
    if not _frozen:
        _frozen = True
        import gc

        if gc.isenabled():
            gc.freeze()


_gc_paused = False


@contextmanager
def gc_paused():
    """Run the block with the cyclic garbage collector off (reference counting still frees
    everything it can). For main-process work that only builds acyclic data (unpickled
    outcomes, fingerprint comparisons) while tens of thousands of outcomes are alive: each
    collection of the oldest generation walks all of them, which was half of the 10,000-draft
    cross-file phase (2.1 -> 0.9 s). Nothing the block creates is lost: a cycle made meanwhile
    is collected once the collector is back on. Nests; leaves a disabled collector disabled."""
    global _gc_paused
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    _gc_paused = True
    try:
        yield
    finally:
        _gc_paused = False
        gc.enable()


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _init_worker(rules: RuleSet, config: Config, linted: bool) -> None:
    global _worker_state
    _worker_state = (rules, config, linted)
    import gc

    if _gc_paused:  # a worker forked while the parent had paused its collector (a replacement)
        gc.enable()
    # A worker's drafts leave few cycles behind, yet the default threshold (700 net allocations)
    # ran a young collection every few drafts: 3% of a worker's CPU. Rarer ones cost 1-2%.
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], WORKER_GC_THRESHOLD), *threshold[1:])


def _check_chunk(paths: list[str]) -> list[FileOutcome]:
    from .engine import check_file

    rules, config, linted = _worker_state
    return [check_file(path, rules, config, linted=linted) for path in paths]


def _pool_context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the already-built rules and imported modules with the workers; elsewhere
    # (Windows) spawn pickles the RuleSet once per worker through the initializer.
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def check_files(paths: list[str], rules: RuleSet, config: Config, *, jobs: int = 1, linted: bool = True,
                progress: Callable[[int], None] | None = None) -> list[FileOutcome]:
    """check_file over `paths` with up to `jobs` processes; outcomes in the order of `paths`.
    `progress(done)` is called after each draft (serial) or each chunk (parallel)."""
    from .engine import check_file

    _freeze_long_lived()
    jobs = min(jobs if jobs > 0 else default_jobs(), len(paths) // MIN_FILES_PER_WORKER)
    outcomes: list[FileOutcome] = []
    if jobs <= 1:
        for path in paths:
            outcomes.append(check_file(path, rules, config, linted=linted))
            if progress is not None:
                progress(len(outcomes))
        return outcomes
    # Several chunks per worker keep the load even when some drafts are much longer than others.
    size = max(1, min(MAX_CHUNK, len(paths) // (jobs * 4)))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with _pool_context().Pool(jobs, initializer=_init_worker, initargs=(rules, config, linted)) as pool:
        with gc_paused():  # the workers are forked already: they keep their collector
            for chunk in pool.imap(_check_chunk, chunks):
                outcomes.extend(chunk)
                if progress is not None:
                    progress(len(outcomes))
    return outcomes
