"""Many drafts' per-file outcomes: those unchanged since the last run come from the outcome
cache (store/outcomes.py), the rest are checked by worker processes (workers.py) and stored."""
from __future__ import annotations

from typing import Callable

from ..config import Config
from .perfile import FileOutcome, check_file
from .rules import RuleSet
from .workers import map_items


def check_files(paths: list[str], rules: RuleSet, config: Config, *, linted: bool = True, jobs: int = 1,
                cache=None, progress: Callable[[int, int], None] | None = None) -> list[FileOutcome]:
    """check_file over many paths: unchanged files come from the cache (an OutcomeCache), the
    rest are checked by `jobs` processes and stored. Outcomes keep the order of `paths`.
    `progress(done, total)` is called as drafts are done, cached ones first."""
    cached = cache.lookup(paths, full=linted) if cache is not None else {}
    todo = [p for p in paths if p not in cached]
    if progress is not None and cached:
        progress(len(cached), len(paths))
    report = None if progress is None else (lambda done: progress(len(cached) + done, len(paths)))
    fresh = check_uncached(todo, rules, config, jobs=jobs, linted=linted, progress=report) if todo else []
    if cache is not None and fresh:
        cache.store(fresh, linted=linted)
    by_path = dict(zip(todo, fresh))
    return [cached[p] if p in cached else by_path[p] for p in paths]


def check_uncached(paths: list[str], rules: RuleSet, config: Config, *, jobs: int = 1, linted: bool = True,
                   progress: Callable[[int], None] | None = None) -> list[FileOutcome]:
    """check_file over `paths` with up to `jobs` processes, no cache; outcomes in the order of `paths`."""
    return map_items(check_file, paths, (rules, config), {"linted": linted}, jobs=jobs, progress=progress)
