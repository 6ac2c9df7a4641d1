"""The pipeline: discover files -> read -> parse into a Document -> run rules -> filter
suppressions. Cross-file rules run as a second phase over per-draft summaries (fingerprints),
never over text. The public API (`lint_text`, `lint_paths`) is built here; the CLI is a thin
layer over it."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .config import Config, load_config
from .discover import discover, library_files
from .errors import FileTooLarge, HealthlintError, InputError, PatternTimeout
from .kinds import kind_class
from .kinds.base import LocatedFinding, RunContext
from .model import SEVERITY_RANK, Diagnostic, Document, Finding
from .packs import RuleSpec, load_packs
from .readers import format_for_path, is_binary_format, parse_document
from .reading import read_bytes, read_draft
from .suppress import Suppressions, collect_suppressions


@dataclass
class ActiveRule:
    spec: RuleSpec
    severity: str
    kind: Any  # the RuleKind instance

    @property
    def names(self) -> tuple[str, str, str]:
        return (self.spec.id, self.spec.code, self.spec.family)


@dataclass
class RuleSet:
    all_specs: list[RuleSpec]
    active: list[ActiveRule]
    # Kinds that recognize a required text (the disclaimers), whether or not their rule runs:
    # such a paragraph is never duplicate, template text or boilerplate (zones.required_view).
    required_texts: list = field(default_factory=list)

    @property
    def per_file(self) -> list[ActiveRule]:
        return [r for r in self.active if not r.kind.cross_file]

    @property
    def cross_file(self) -> list[ActiveRule]:
        return [r for r in self.active if r.kind.cross_file]


@dataclass
class FileProblem:
    path: str
    message: str
    fatal: bool = True  # False: a notice (e.g. decoded as Windows-1252), the file was linted


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    empty_folders: list[str] = field(default_factory=list)
    cache_stats: Any = None  # cache.CacheStats when the run used the library cache
    # path -> (size, mtime_ns, sha256, inode, ctime_ns) of the bytes linted; `--fix` refuses to overwrite a file
    # whose fingerprint changed since (someone saved it during the run).
    fingerprints: dict[str, tuple[int, int, str, int, int]] = field(default_factory=dict)
    # findings inside a paragraph another finding asks to remove (engine.precedence): not
    # reported, counted by --statistics, shown by --show-all
    hidden: list[Diagnostic] = field(default_factory=list)


def _selected(spec: RuleSpec, selectors: list[str]) -> bool:
    return any(spec.matches(s) for s in selectors)


def validate_selectors(selectors: Iterable[str], specs: list[RuleSpec], where: str = "--select") -> None:
    from .packs import did_you_mean

    names = {n for s in specs for n in (s.id, s.code, s.family)}
    for sel in selectors:
        if not any(s.matches(sel) for s in specs):
            raise HealthlintError(f"{where}: no rule matches '{sel}'{did_you_mean(sel, names)}")


def build_rules(config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> RuleSet:
    """Load packs, apply the config's and the command line's selection, and instantiate kinds."""
    specs = load_packs(config.pack_paths(), include_default=config.default_pack)
    select = list(select or []) or list(config.select)
    ignore = list(config.ignore) + list(ignore or [])
    validate_selectors(select, specs, "select")
    validate_selectors(ignore, specs, "ignore")
    known = {s.id for s in specs} | {s.code for s in specs}
    for rule_id in config.rules:
        if rule_id not in known:
            from .errors import ConfigError
            from .packs import did_you_mean

            raise ConfigError(f"rules.{rule_id}: no such rule{did_you_mean(rule_id, known)}", config.path)
    context = RunContext(frozenset(config.accepted_words()), frozenset(config.rejected_words()),
                         language=config.language, region=config.region)
    active = []
    for spec in specs:
        setting = config.rules.get(spec.id) or config.rules.get(spec.code) or {}
        enabled = setting.get("enabled", spec.enabled)
        if select:
            enabled = _selected(spec, select) and (spec.enabled or setting.get("enabled", False) or _named_explicitly(spec, select))
        if _selected(spec, ignore):
            enabled = False
        if not enabled:
            continue
        kind_cls = kind_class(spec.kind)
        if setting.get("options"):
            _validate_config_options(kind_cls, spec, setting["options"], config)
        options = dict(spec.options)
        options.update(setting.get("options", {}))
        kind = kind_cls(spec, options, context)
        active.append(ActiveRule(spec, setting.get("severity", spec.severity), kind))
    required = [r.kind for r in active if getattr(r.kind, "recognizes_required_text", False)
                and r.kind.options.get("required_text", True)]
    have = {r.spec.id for r in active}
    from .kinds import REQUIRED_TEXT_KINDS

    for spec in specs:
        if spec.id in have or spec.kind not in REQUIRED_TEXT_KINDS:
            continue
        cls = kind_class(spec.kind)
        setting = config.rules.get(spec.id) or config.rules.get(spec.code) or {}
        options = {**spec.options, **setting.get("options", {})}
        if getattr(cls, "recognizes_required_text", False) and options.get("required_text", True):
            required.append(cls(spec, options, context))
    return RuleSet(specs, active, required)


def _validate_config_options(kind_cls, spec: RuleSpec, options: dict, config: Config) -> None:
    from .errors import ConfigError, PackError

    try:
        kind_cls.validate_options(spec, options)
    except PackError as exc:
        raise ConfigError(f"rules.{spec.id}.options: {exc.message.split(': ', 1)[-1]}", config.path) from None


def _named_explicitly(spec: RuleSpec, selectors: list[str]) -> bool:
    """Opt-in rules are turned on by naming them (id or code), not by a family or prefix."""
    return any(s in (spec.id, spec.code) for s in selectors)


# --- per-file phase ------------------------------------------------------------------------------

@dataclass
class FileOutcome:
    """What the per-file phase hands to the cross-file phase: small and picklable."""

    path: str
    diagnostics: list[Diagnostic]
    suppressions: Suppressions
    summaries: dict[str, Any]  # rule id -> cross-file summary
    problem: FileProblem | None = None
    notice: FileProblem | None = None
    fingerprint: tuple[int, int, str, int, int] | None = None  # (size, mtime_ns, sha256, inode, ctime_ns): --fix and the cache


def _to_diagnostic(doc: Document, rule: ActiveRule, finding: Finding, writable: bool = True) -> Diagnostic:
    line, col = doc.position(finding.start)
    end_line, end_col = doc.position(finding.end)
    return Diagnostic(
        path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
        code=rule.spec.code, rule=rule.spec.id, family=rule.spec.family,
        severity=finding.severity or rule.severity, message=finding.message, suggestion=finding.suggestion,
        fix=finding.fix if writable else None, snippet=doc.source[finding.start:finding.end][:200],
        related=finding.related, removes=finding.removes,
    )


def check_document(doc: Document, rules: RuleSet, *, linted: bool = True) -> FileOutcome:
    diagnostics: list[Diagnostic] = []
    timeouts: list[FileProblem] = []
    writable = not is_binary_format(doc.format)  # a Word file's text is not its bytes: no --fix
    from .zones import document_view

    doc.derived["required-detectors"] = rules.required_texts
    views = {}

    def view(kind):
        """The document as the kind declares it reads it: with or without its citation zone
        and its required texts (disclaimers)."""
        key = (kind.reads_citations, kind.reads_required)
        found = views.get(key)
        if found is None:
            found = views[key] = document_view(doc, citations=key[0], required=key[1], detectors=rules.required_texts)
        return found

    if linted:
        for rule in rules.per_file:
            try:
                for finding in rule.kind.check(view(rule.kind)):
                    diagnostics.append(_to_diagnostic(doc, rule, finding, writable))
            except PatternTimeout as exc:
                # One hostile pattern must not hide the other rules' findings in this file.
                timeouts.append(FileProblem(doc.path, f"{exc.message}; the rest of this rule was skipped for this file"))
    summaries = {rule.spec.id: rule.kind.collect(view(rule.kind)) for rule in rules.cross_file}
    outcome = FileOutcome(doc.path, diagnostics, collect_suppressions(doc), summaries)
    if timeouts:
        outcome.problem = timeouts[0]
    return outcome


def check_file(path: str, rules: RuleSet, config: Config, *, linted: bool = True) -> FileOutcome:
    fmt = format_for_path(path, extra=config.formats)
    try:
        if is_binary_format(fmt):
            data, fingerprint = read_bytes(path, config.max_file_size)
            notice = None
        else:
            decoded = read_draft(path, config.max_file_size)
            data, fingerprint, notice = decoded.text, decoded.fingerprint, decoded.notice
        doc = parse_document(data, fmt, path)
    except InputError as exc:
        # Too large is the publisher's own limit: a notice, so one huge file does not fail CI.
        problem = FileProblem(path, exc.message, fatal=not isinstance(exc, FileTooLarge))
        return FileOutcome(path, [], Suppressions(), {}, problem=problem)
    except Exception as exc:  # noqa: BLE001 - see _internal_error
        return FileOutcome(path, [], Suppressions(), {}, problem=_internal_error(path, exc))
    try:
        compose(doc, config)
        outcome = check_document(doc, rules, linted=linted)
    except Exception as exc:  # noqa: BLE001 - see _internal_error
        return FileOutcome(path, [], Suppressions(), {}, problem=_internal_error(path, exc))
    outcome.fingerprint = fingerprint
    if notice:
        outcome.notice = FileProblem(path, notice, fatal=False)
    return outcome


def compose(doc: Document, config: Config) -> None:
    """What the site adds to the page around the draft (followed includes, layouts, the
    config's `provided` texts) goes to doc.provided; see site.py."""
    from .site import provided_texts

    doc.provided = provided_texts(doc, config)


def check_files(paths: list[str], rules: RuleSet, config: Config, *, linted: bool = True, jobs: int = 1,
                cache=None, progress: Callable[[int, int], None] | None = None) -> list[FileOutcome]:
    """check_file over many paths: unchanged files come from the cache (a LibraryCache), the
    rest are checked by `jobs` processes (see parallel.py) and stored. Outcomes keep the order
    of `paths`. `progress(done, total)` is called as drafts are done, cached ones first."""
    from .parallel import check_files as check_in_parallel

    cached = cache.lookup(paths, full=linted) if cache is not None else {}
    todo = [p for p in paths if p not in cached]
    if progress is not None and cached:
        progress(len(cached), len(paths))
    report = None if progress is None else (lambda done: progress(len(cached) + done, len(paths)))
    fresh = check_in_parallel(todo, rules, config, jobs=jobs, linted=linted, progress=report) if todo else []
    if cache is not None and fresh:
        cache.store(fresh, linted=linted)
    by_path = dict(zip(todo, fresh))
    return [cached[p] if p in cached else by_path[p] for p in paths]


def _internal_error(path: str, exc: Exception) -> FileProblem:
    """A bug in a reader or rule on one draft must not hide the findings in every other draft
    (a linter in pre-commit sees every file anyone commits). The file is reported as an error
    naming the exception and where it was raised; HEALTHLINT_DEBUG=1 re-raises it with its
    full traceback instead."""
    if os.environ.get("HEALTHLINT_DEBUG"):
        raise exc
    import traceback

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return FileProblem(path, f"internal error while checking this file (a healthlint bug; please report it; "
                             f"HEALTHLINT_DEBUG=1 shows the traceback): {type(exc).__name__}{': ' + detail if detail else ''}{where}")


# --- cross-file phase and filtering --------------------------------------------------------------

def _cross_file(outcomes: list[FileOutcome], library: list[FileOutcome], rules: RuleSet) -> list[Diagnostic]:
    entries_by_rule: dict[str, list[tuple[str, bool, Any]]] = {r.spec.id: [] for r in rules.cross_file}
    for outcome, linted in [(o, True) for o in outcomes] + [(o, False) for o in library]:
        for rule_id, summary in outcome.summaries.items():
            entries_by_rule[rule_id].append((outcome.path, linted, summary))
    out = []
    from .parallel import gc_paused

    with gc_paused():  # comparison builds acyclic data only; see gc_paused
        for rule in rules.cross_file:
            entries = sorted(entries_by_rule[rule.spec.id], key=lambda e: e[0])
            for f in rule.kind.check_library(entries):
                out.append(_located_to_diagnostic(rule, f))
    return out


def _cross_file_cached(outcomes: list[FileOutcome], library: list[FileOutcome], rules: RuleSet, config: Config,
                       index, jobs: int) -> list[Diagnostic]:
    """_cross_file, or its findings from the cache when an earlier run compared exactly the same
    drafts (paths, contents, linted or not) under the same rules: then not one summary is loaded."""
    if index is None:
        return _cross_file(outcomes, library, rules)
    key = _entries_key(outcomes, library)
    scope = "library" if library else "linted"
    if key is not None:
        found = index.cross_file_findings(scope, key)
        if found is not None:
            return found
    differ: list[str] = []
    outcomes = _with_summaries(outcomes, rules, config, index, jobs, linted=True, differ=differ)
    library = _with_summaries(library, rules, config, index, jobs, linted=False, differ=differ)
    found = _cross_file(outcomes, library, rules)
    if key is not None and not differ:  # else the findings are not those of the drafts the key names
        index.store_cross_file(scope, key, found)
    return found


def _entries_key(outcomes: list[FileOutcome], library: list[FileOutcome]) -> bytes | None:
    """What the cross-file findings depend on besides the rules: each draft's path, content
    and whether it is linted. None when a draft's content is unknown."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for linted, group in ((b"1", outcomes), (b"0", library)):
        for o in sorted(group, key=lambda o: o.path):
            if o.fingerprint is None:
                return None
            h.update(b"%s\0%s\0%s\0" % (linted, o.path.encode("utf-8", "surrogateescape"), o.fingerprint[2].encode()))
    return h.digest()


def _with_summaries(group: list[FileOutcome], rules: RuleSet, config: Config, index, jobs: int,
                    linted: bool, differ: list[str] | None = None) -> list[FileOutcome]:
    """The outcomes with their cross-file summaries loaded from the cache; a draft whose stored
    summaries turn out damaged is checked afresh (never left out, never guessed). The file may
    have changed since its outcome was looked up: `differ` receives the paths whose fresh
    reading is not of the outcome's content (or failed), whose summaries are then not that content's."""
    missing = index.load_summaries(group)
    if not missing:
        return group
    from .parallel import check_files as check_in_parallel

    redone = {o.path: o for o in check_in_parallel([o.path for o in missing], rules, config, jobs=jobs, linted=False)}
    out = []
    for o in group:
        fresh = redone.get(o.path)
        if fresh is not None and o.summaries is None:
            if differ is not None and (fresh.fingerprint is None or o.fingerprint is None
                                       or fresh.fingerprint[2] != o.fingerprint[2]):
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


def _located_to_diagnostic(rule: ActiveRule, f: LocatedFinding) -> Diagnostic:
    return Diagnostic(f.path, f.line, f.column, f.end_line, f.end_column, rule.spec.code, rule.spec.id,
                      rule.spec.family, f.severity or rule.severity, f.message, f.suggestion, None, f.snippet, f.related,
                      f.removes and not f.severity)


def _apply_filters(diags: list[Diagnostic], outcomes: dict[str, FileOutcome], rules: RuleSet,
                   config: Config) -> list[Diagnostic]:
    by_id = {r.spec.id: r for r in rules.active}
    by_path: dict[str, list] = {}
    kept = []
    for d in diags:
        outcome = outcomes.get(d.path)
        if outcome is not None and outcome.suppressions.suppresses(d.line, (d.rule, d.code, d.family)):
            continue
        overrides = by_path.get(d.path)
        if overrides is None:  # matched once per path, not once per finding
            overrides = by_path[d.path] = config.overrides_for(d.path) if config.overrides else []
        dropped = False
        for ov in overrides:
            spec = by_id.get(d.rule).spec if d.rule in by_id else None
            if spec is not None and _selected(spec, ov.get("ignore", [])):
                dropped = True
            if spec is not None and ov.get("select") and not _selected(spec, ov["select"]):
                dropped = True
            sev = ov.get("severity", {})
            for key in (d.rule, d.code, d.family):
                if key in sev:
                    d = _with_severity(d, sev[key])
        if not dropped:
            kept.append(d)
    kept.sort(key=Diagnostic.sort_key)
    return kept


# Among findings that ask for a paragraph to go, which one speaks for it: pasted chrome before
# template text before a copy before a near copy (the more specific diagnosis first).
_REMOVAL_RANK = {"boilerplate": 0, "template-text": 1, "duplicate-paragraph": 2, "near-duplicate-paragraph": 3}


def precedence(diags: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """One problem, one finding: a finding that asks for the whole paragraph to go hides the
    lesser findings inside it (a typo in a pasted comment, the duplicate of a boilerplate
    paragraph). Returns (kept, hidden); `--show-all` reports the hidden ones too."""
    if not any(d.removes for d in diags):
        return diags, []
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    kept, hidden = [], []
    for path, group in by_path.items():
        removals = sorted((d for d in group if d.removes), key=lambda d: (_REMOVAL_RANK.get(d.rule, 9), d.line, d.column))
        spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        winners = set()
        for d in removals:
            start, end = (d.line, d.column), (d.end_line, d.end_column)
            if any(a < end and start < b for a, b in spans):
                continue
            spans.append((start, end))
            winners.add(id(d))
        for d in group:
            if id(d) in winners:
                kept.append(d)
                continue
            start, end = (d.line, d.column), (d.end_line, d.end_column)
            if d.removes:
                inside = any(a < end and start < b for a, b in spans)
            else:
                # a leftover inside the paragraph (navigation, "click here") is boilerplate too: kept
                inside = d.family != "boilerplate" and any(a <= start and end <= b and (start != end or a < start)
                                                            for a, b in spans)
            (hidden if inside else kept).append(d)
    kept.sort(key=Diagnostic.sort_key)
    hidden.sort(key=Diagnostic.sort_key)
    return kept, hidden


def _with_severity(d: Diagnostic, severity: str) -> Diagnostic:
    from dataclasses import replace

    return replace(d, severity=severity)


# --- public API ----------------------------------------------------------------------------------

def lint_text(text: str, format: str = "markdown", config: Config | None = None, path: str = "<text>",
              select: list[str] | None = None, ignore: list[str] | None = None, *, jobs: int = 1,
              cache: bool | Any = False) -> list[Diagnostic]:
    """Lint one draft given as text (e.g. from a CMS). Cross-file rules compare the draft with
    itself and with the config's `library` drafts (from the library cache when `cache` is True).
    Returns Diagnostics sorted by position."""
    config = config or Config()
    rules = build_rules(config, select, ignore)
    doc = parse_document(text, format, path)
    compose(doc, config)
    outcome = check_document(doc, rules)
    if outcome.problem is not None:  # a rule's pattern timed out: the API caller must know
        raise PatternTimeout(outcome.problem.message, path)
    library = []
    if rules.cross_file and config.library:
        with _open_cache(cache, rules, config) as index:
            library = _library_outcomes(config, rules, {}, index, jobs)
            if index is not None:
                library = _with_summaries(library, rules, config, index, jobs, linted=False)
    diags = outcome.diagnostics + _cross_file([outcome], library, rules)
    return precedence(_apply_filters(diags, {doc.path: outcome}, rules, config))[0]


def lint_paths(paths: list[str], config: Config | None = None, select: list[str] | None = None,
               ignore: list[str] | None = None, rules: RuleSet | None = None,
               progress: Callable[[int, int], None] | None = None, *, jobs: int = 1,
               cache: bool | Any = False) -> LintResult:
    """Lint files and folders. Files that cannot be read are reported in `problems`; the rest
    are still linted. `progress(done, total)` is called as drafts are done (e.g. for a bar).
    `jobs`: worker processes for the per-file phase (0: all cores). `cache`: True to use the
    library index under .healthlint_cache/ (or a LibraryCache to use that one)."""
    config = config or load_config()
    rules = rules or build_rules(config, select, ignore)
    found = discover(list(paths), config)
    result = LintResult(files=found.files, empty_folders=found.empty_folders)
    result.problems.extend(FileProblem(p, m) for p, m in found.errors)
    result.problems.extend(FileProblem(p, m, fatal=False) for p, m in found.notices)
    with _open_cache(cache, rules, config) as index:
        outcomes: dict[str, FileOutcome] = {}
        checked = check_files(found.files, rules, config, jobs=jobs, cache=index, progress=progress)
        for path, outcome in zip(found.files, checked):
            if outcome.problem:
                result.problems.append(outcome.problem)
                if outcome.fingerprint is None:  # not read or not parsed: nothing to report or fix
                    continue
            if outcome.fingerprint is not None:
                result.fingerprints[path] = outcome.fingerprint
            if outcome.notice:
                result.problems.append(outcome.notice)
            outcomes[path] = outcome
        diags = [d for o in outcomes.values() for d in o.diagnostics]
        if rules.cross_file and config.library and index is not None:
            # With the cache, the library index (libindex.py) spares a run on a few drafts the
            # loading of every library draft's fingerprints; same findings.
            from .libindex import cross_file_phase

            diags.extend(cross_file_phase(list(outcomes.values()), rules, config, index, jobs))
        elif rules.cross_file:
            library = _library_outcomes(config, rules, outcomes, index, jobs) if config.library else []
            diags.extend(_cross_file_cached(list(outcomes.values()), library, rules, config, index, jobs))
        diags = across_drafts(diags, rules)
        result.diagnostics, result.hidden = precedence(_apply_filters(diags, outcomes, rules, config))
    if index is not None:  # closed by the with: its pending updates are written, its notices final
        result.problems.extend(FileProblem(str(index.path), n, fatal=False) for n in index.notices)
        result.cache_stats = index.stats
    return result


def _open_cache(cache, rules: RuleSet, config: Config):
    """A context manager giving the LibraryCache to use (None without one); it closes the index
    however the run ends, so SQLite is released and pending stat refreshes are kept."""
    from contextlib import nullcontext

    if cache is False or cache is None:
        return nullcontext(None)
    if cache is True:
        from .cache import LibraryCache, cache_folder_for, rules_key

        return LibraryCache(cache_folder_for(config), rules_key(rules, config))
    return cache  # a LibraryCache given by the caller: closed at the end of the run too, as before


def _library_outcomes(config: Config, rules: RuleSet, linted: dict[str, FileOutcome], index,
                      jobs: int) -> list[FileOutcome]:
    """The cross-file summaries of the config's library drafts not linted in this run (from the
    cache when it has them); drafts that cannot be read are left out of the comparison."""
    others = _library_others(library_files(config), linted)
    return [o for o in check_files(others, rules, config, linted=False, jobs=jobs, cache=index) if o.problem is None]


def _library_others(library: list[str], linted: dict[str, FileOutcome]) -> list[str]:
    """Library drafts not linted in this run, as display paths. Identity by (device, inode):
    exact for symlinks and hard links, and one stat per file instead of a realpath walk."""
    seen = {file_identity(p) for p in linted}
    cwd = os.getcwd() + os.sep
    return [p[len(cwd):] if p.startswith(cwd) else _display_path(p) for p in library if file_identity(p) not in seen]


def file_identity(path: str, st=False):
    """Which file a path names: (device, inode), or the absolute path when the file cannot be
    stat'ed. `st`: a stat result already taken (None: it failed)."""
    if st is False:
        try:
            st = os.stat(path)
        except OSError:
            st = None
    return (st.st_dev, st.st_ino) if st is not None else os.path.abspath(path)


def _display_path(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def exit_code(result: LintResult, fail_on: str) -> int:
    if any(p.fatal for p in result.problems):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[d.severity] >= threshold for d in result.diagnostics) else 0


__all__ = ["lint_text", "lint_paths", "build_rules", "LintResult", "exit_code"]
