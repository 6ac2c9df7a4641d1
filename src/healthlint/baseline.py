"""Baselines for a legacy library: `--write-baseline FILE` records today's findings, and
`--baseline FILE` then reports only findings that are not in it, so a publisher can adopt
healthlint on thousands of old articles and still fail CI on every new problem.

A finding is matched by rule, path and a fingerprint of its normalized flagged text, never by
line number: an edit above it does not make it new. When the same text is flagged several times
in one draft, the baseline holds that many entries and only extra copies are new. Paths are
stored relative to the baseline file's folder, so a run from another folder still matches."""
from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from . import __version__
from .errors import BaselineError
from .fingerprint import text_fingerprint
from .model import Diagnostic

FORMAT_VERSION = 1


@dataclass(frozen=True)
class BaselineEntry:
    path: str  # relative to the baseline file's folder, with forward slashes
    rule: str
    fingerprint: str
    code: str = ""
    line: int = 0  # where it was when recorded; informative only, never used for matching
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.rule, self.fingerprint)


@dataclass
class BaselineMatch:
    """The outcome of comparing a run with a baseline."""

    path: str
    new: list[Diagnostic] = field(default_factory=list)
    known: int = 0  # findings hidden because the baseline has them
    stale: list[BaselineEntry] = field(default_factory=list)  # entries whose finding is gone


def _relative(path: str, folder: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def entry_for(d: Diagnostic, folder: str) -> BaselineEntry:
    return BaselineEntry(_relative(d.path, folder), d.rule, text_fingerprint(d.rule, d.snippet),
                         d.code, d.line, d.message)


def write_baseline(path: str, diagnostics: Iterable[Diagnostic]) -> int:
    """Record every finding; returns how many. Written atomically (a crash leaves the old file)."""
    folder = os.path.dirname(os.path.abspath(path))
    entries = sorted((entry_for(d, folder) for d in diagnostics), key=lambda e: (e.path, e.line, e.rule))
    data = {
        "healthlint_baseline": FORMAT_VERSION,
        "generated_by": f"healthlint {__version__}",
        "about": "Known findings: `healthlint check --baseline THIS_FILE` reports only findings not "
                 "listed here. Regenerate with --write-baseline once old findings are fixed.",
        "findings": [{"path": e.path, "rule": e.rule, "code": e.code, "fingerprint": e.fingerprint,
                      "line": e.line, "message": e.message} for e in entries],
    }
    from .atomic import replace_file

    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    try:
        replace_file(path, text.encode("utf-8", "surrogateescape"))
    except OSError as exc:
        raise BaselineError(f"cannot write the baseline: {exc.strerror or exc}", path) from None
    return len(entries)


def load_baseline(path: str) -> list[BaselineEntry]:
    from .decode import BASELINE_MAX_BYTES, read_guarded
    from .errors import InputError

    if not os.path.lexists(path):
        raise BaselineError("baseline file not found (create it with --write-baseline)", path)
    try:
        # surrogateescape: a draft's file name that is not UTF-8 is written as its own bytes
        data = json.loads(read_guarded(path, BASELINE_MAX_BYTES).decode("utf-8", "surrogateescape"))
    except InputError as exc:
        raise BaselineError(f"cannot read the baseline: {exc.message}", path) from None
    except (ValueError, RecursionError) as exc:  # invalid JSON, an integer of thousands of digits, deep nesting
        raise BaselineError(f"not a healthlint baseline (invalid JSON: {str(exc)[:120]})", path) from None
    if not isinstance(data, dict) or "healthlint_baseline" not in data or not isinstance(data.get("findings"), list):
        raise BaselineError("not a healthlint baseline (write one with --write-baseline)", path)
    if data["healthlint_baseline"] != FORMAT_VERSION:
        raise BaselineError(f"baseline format {data['healthlint_baseline']!r} is not supported by "
                            f"healthlint {__version__} (expected {FORMAT_VERSION}); regenerate it", path)
    entries = []
    for i, item in enumerate(data["findings"]):
        try:
            entries.append(BaselineEntry(str(item["path"]), str(item["rule"]), str(item["fingerprint"]),
                                         str(item.get("code", "")), int(item.get("line", 0)),
                                         str(item.get("message", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"finding #{i + 1} needs 'path', 'rule' and 'fingerprint'", path) from None
    return entries


def apply_baseline(path: str, diagnostics: list[Diagnostic], linted_files: Iterable[str] | None = None) -> BaselineMatch:
    """Split a run's findings into new ones and known ones. Entries for drafts this run did not
    lint (a pre-commit run on one file) are neither matched nor stale."""
    entries = load_baseline(path)
    folder = os.path.dirname(os.path.abspath(path))
    remaining: dict[tuple[str, str, str], list[BaselineEntry]] = defaultdict(list)
    for e in entries:
        remaining[e.key].append(e)
    match = BaselineMatch(path)
    for d in diagnostics:
        pool = remaining.get(entry_for(d, folder).key)
        if pool:
            pool.pop(0)
            match.known += 1
        else:
            match.new.append(d)
    linted = None if linted_files is None else {_relative(p, folder) for p in linted_files}
    match.stale = sorted((e for pool in remaining.values() for e in pool if linted is None or e.path in linted),
                         key=lambda e: (e.path, e.line, e.rule))
    return match
