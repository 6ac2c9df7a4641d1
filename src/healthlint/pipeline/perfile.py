"""One draft, start to end: read its bytes (decode.py), parse it into a Document (readers/),
add what the site puts around it (site.py), run the per-file rules and collect the cross-file
rules' summaries. Knows nothing of caches, workers or other drafts."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..decode import FileStamp, read_bytes, read_draft
from ..errors import FileTooLarge, InputError, PatternTimeout
from ..model import Diagnostic, Document, Finding
from ..readers import format_for_path, is_binary_format, parse_document
from ..suppress import Suppressions, collect_suppressions
from .rules import ActiveRule, RuleSet


@dataclass
class FileProblem:
    path: str
    message: str
    fatal: bool = True  # False: a notice (e.g. decoded as Windows-1252), the file was linted


@dataclass
class FileOutcome:
    """What the per-file phase hands to the cross-file phase: small and picklable."""

    path: str
    diagnostics: list[Diagnostic]
    suppressions: Suppressions
    summaries: dict[str, Any]  # rule id -> cross-file summary
    problem: FileProblem | None = None
    notice: FileProblem | None = None
    stamp: FileStamp | None = None  # the bytes linted, for --fix and the cache; None: not read


def to_diagnostic(doc: Document, rule: ActiveRule, finding: Finding, writable: bool = True) -> Diagnostic:
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
    from ..zones import document_view

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
                    diagnostics.append(to_diagnostic(doc, rule, finding, writable))
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
            data, stamp = read_bytes(path, config.max_file_size)
            notice = None
        else:
            decoded = read_draft(path, config.max_file_size)
            data, stamp, notice = decoded.text, decoded.stamp, decoded.notice
        doc = parse_document(data, fmt, path)
    except InputError as exc:
        # Too large is the publisher's own limit: a notice, so one huge file does not fail CI.
        problem = FileProblem(path, exc.message, fatal=not isinstance(exc, FileTooLarge))
        return FileOutcome(path, [], Suppressions(), {}, problem=problem)
    except Exception as exc:  # noqa: BLE001 - see _internal_error
        return FileOutcome(path, [], Suppressions(), {}, problem=internal_error(path, exc))
    try:
        outcome = lint_document(doc, rules, config, linted=linted)
    except Exception as exc:  # noqa: BLE001 - see _internal_error
        return FileOutcome(path, [], Suppressions(), {}, problem=internal_error(path, exc))
    outcome.stamp = stamp
    if notice:
        outcome.notice = FileProblem(path, notice, fatal=False)
    return outcome


def lint_document(doc: Document, rules: RuleSet, config: Config, *, linted: bool = True) -> FileOutcome:
    """A parsed draft's outcome: the site's additions composed in, then every per-file rule.
    The one way a text is linted, whether it came from a file, standard input, the API or a
    pass of --fix."""
    compose(doc, config)
    return check_document(doc, rules, linted=linted)


def compose(doc: Document, config: Config) -> None:
    """What the site adds to the page around the draft (followed includes, layouts, the
    config's `provided` texts) goes to doc.provided; see site.py."""
    from ..site import provided_texts

    doc.provided = provided_texts(doc, config)


def internal_error(path: str, exc: Exception) -> FileProblem:
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
