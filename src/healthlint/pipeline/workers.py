"""Work on many items spread over worker processes. The caller hands the function to run and
the arguments every call shares (for the pipeline: check_file, the RuleSet and the Config);
workers receive them once, through the pool's initializer (inherited for free under fork), take
items in chunks and return the function's results in the order of the input, so a report is the
same whatever the number of workers. This module imports nothing of the pipeline."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Callable, Sequence

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


def _init_worker(func: Callable, shared: tuple, keywords: dict) -> None:
    global _worker_state
    _worker_state = (func, shared, keywords)
    import gc

    if _gc_paused:  # a worker forked while the parent had paused its collector (a replacement)
        gc.enable()
    # A worker's drafts leave few cycles behind, yet the default threshold (700 net allocations)
    # ran a young collection every few drafts: 3% of a worker's CPU. Rarer ones cost 1-2%.
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], WORKER_GC_THRESHOLD), *threshold[1:])


def _run_chunk(items: list) -> list:
    func, shared, keywords = _worker_state
    return [func(item, *shared, **keywords) for item in items]


def _pool_context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the already-built rules and imported modules with the workers; elsewhere
    # (Windows) spawn pickles the shared arguments once per worker through the initializer.
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def map_items(func: Callable, items: Sequence, shared: tuple = (), keywords: dict | None = None, *, jobs: int = 1,
              progress: Callable[[int], None] | None = None) -> list:
    """[func(item, *shared, **keywords) for item in items] with up to `jobs` processes (0: all
    cores); results in the order of `items`. `func` must be a module-level function (workers
    are handed it by reference). `progress(done)` is called after each item (serial) or each
    chunk (parallel)."""
    keywords = keywords or {}
    _freeze_long_lived()
    jobs = min(jobs if jobs > 0 else default_jobs(), len(items) // MIN_FILES_PER_WORKER)
    results: list[Any] = []
    if jobs <= 1:
        for item in items:
            results.append(func(item, *shared, **keywords))
            if progress is not None:
                progress(len(results))
        return results
    # Several chunks per worker keep the load even when some drafts are much longer than others.
    size = max(1, min(MAX_CHUNK, len(items) // (jobs * 4)))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    with _pool_context().Pool(jobs, initializer=_init_worker, initargs=(func, shared, keywords)) as pool:
        with gc_paused():  # the workers are forked already: they keep their collector
            for chunk in pool.imap(_run_chunk, chunks):
                results.extend(chunk)
                if progress is not None:
                    progress(len(results))
    return results
