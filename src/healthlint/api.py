"""The public API: lint_text for one draft given as text (a CMS), lint_paths for files and
folders, LintResult and exit_code. It composes the pipeline's layers (pipeline/): rules ->
per-file outcomes (batch: cache, workers) -> the cross-file phase -> filters. The CLI, the
pre-commit hook and --fix are thin layers over it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .config import Config, load_config
from .decode import FileStamp
from .discover import discover
from .errors import PatternTimeout
from .model import SEVERITY_RANK, Diagnostic, Document
from .pipeline.batch import check_files
from .pipeline.crossfile import across_drafts, cross_file_phase
from .pipeline.filters import apply_filters, precedence
from .pipeline.perfile import FileOutcome, FileProblem, lint_document
from .pipeline.rules import RuleSet, build_rules
from .readers import parse_document


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    empty_folders: list[str] = field(default_factory=list)
    cache_stats: Any = None  # store.outcomes.CacheStats when the run used the cache
    # path -> FileStamp of the bytes linted; `--fix` refuses to overwrite a file whose content
    # changed since (someone saved it during the run).
    stamps: dict[str, FileStamp] = field(default_factory=dict)
    # findings inside a paragraph another finding asks to remove (filters.precedence): not
    # reported, counted by --statistics, shown by --show-all
    hidden: list[Diagnostic] = field(default_factory=list)


@dataclass
class TextOutcome:
    """One document linted on its own: its per-file outcome and what is reported of it."""

    outcome: FileOutcome
    diagnostics: list[Diagnostic]
    hidden: list[Diagnostic]


def lint_document_fully(doc: Document, rules: RuleSet, config: Config, *, cache=None, jobs: int = 1,
                        cross_file: bool = True) -> TextOutcome:
    """A parsed document through the whole pipeline: per-file rules, the cross-file phase
    against itself and the config's library (unless `cross_file` is False: a --fix pass, whose
    fixes are all per-file), filters and precedence. Used by lint_text, standard input and --fix."""
    outcome = lint_document(doc, rules, config)
    if not cross_file:
        return TextOutcome(outcome, apply_filters(outcome.diagnostics, {doc.path: outcome}, rules, config), [])
    diags = outcome.diagnostics + cross_file_phase([outcome], rules, config, cache, jobs)
    kept, hidden = precedence(apply_filters(diags, {doc.path: outcome}, rules, config))
    return TextOutcome(outcome, kept, hidden)


def lint_text(text: str, format: str = "markdown", config: Config | None = None, path: str = "<text>",
              select: list[str] | None = None, ignore: list[str] | None = None, *, jobs: int = 1,
              cache: bool | Any = False) -> list[Diagnostic]:
    """Lint one draft given as text (e.g. from a CMS). Cross-file rules compare the draft with
    itself and with the config's `library` drafts (from the library cache when `cache` is True).
    Returns Diagnostics sorted by position."""
    config = config or Config()
    rules = build_rules(config, select, ignore)
    doc = parse_document(text, format, path)
    with open_cache(cache if (rules.cross_file and config.library) else False, rules, config) as index:
        linted = lint_document_fully(doc, rules, config, cache=index, jobs=jobs)
    if linted.outcome.problem is not None:  # a rule's pattern timed out: the API caller must know
        raise PatternTimeout(linted.outcome.problem.message, path)
    return linted.diagnostics


def lint_paths(paths: list[str], config: Config | None = None, select: list[str] | None = None,
               ignore: list[str] | None = None, rules: RuleSet | None = None,
               progress: Callable[[int, int], None] | None = None, *, jobs: int = 1,
               cache: bool | Any = False) -> LintResult:
    """Lint files and folders. Files that cannot be read are reported in `problems`; the rest
    are still linted. `progress(done, total)` is called as drafts are done (e.g. for a bar).
    `jobs`: worker processes for the per-file phase (0: all cores). `cache`: True to use the
    cache and library index under .healthlint_cache/ (or an OutcomeCache to use that one)."""
    config = config or load_config()
    rules = rules or build_rules(config, select, ignore)
    found = discover(list(paths), config)
    result = LintResult(files=found.files, empty_folders=found.empty_folders)
    result.problems.extend(FileProblem(p, m) for p, m in found.errors)
    result.problems.extend(FileProblem(p, m, fatal=False) for p, m in found.notices)
    with open_cache(cache, rules, config) as index:
        outcomes: dict[str, FileOutcome] = {}
        checked = check_files(found.files, rules, config, jobs=jobs, cache=index, progress=progress)
        for path, outcome in zip(found.files, checked):
            if outcome.problem:
                result.problems.append(outcome.problem)
                if outcome.stamp is None:  # not read or not parsed: nothing to report or fix
                    continue
            if outcome.stamp is not None:
                result.stamps[path] = outcome.stamp
            if outcome.notice:
                result.problems.append(outcome.notice)
            outcomes[path] = outcome
        diags = [d for o in outcomes.values() for d in o.diagnostics]
        diags.extend(cross_file_phase(list(outcomes.values()), rules, config, index, jobs))
        diags = across_drafts(diags, rules)
        result.diagnostics, result.hidden = precedence(apply_filters(diags, outcomes, rules, config))
    if index is not None:  # closed by the with: its pending updates are written, its notices final
        result.problems.extend(FileProblem(str(index.path), n, fatal=False) for n in index.notices)
        result.cache_stats = index.stats
    return result


def open_cache(cache, rules: RuleSet, config: Config):
    """A context manager giving the OutcomeCache to use (None without one); it closes the index
    however the run ends, so SQLite is released and pending stat refreshes are kept."""
    from contextlib import nullcontext

    if cache is False or cache is None:
        return nullcontext(None)
    if cache is True:
        from .store.outcomes import OutcomeCache, cache_folder_for, rules_key

        return OutcomeCache(cache_folder_for(config), rules_key(rules, config))
    return cache  # an OutcomeCache given by the caller: closed at the end of the run too, as before


def exit_code(result: LintResult, fail_on: str) -> int:
    if any(p.fatal for p in result.problems):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[d.severity] >= threshold for d in result.diagnostics) else 0


__all__ = ["lint_text", "lint_paths", "build_rules", "LintResult", "FileProblem", "exit_code"]
