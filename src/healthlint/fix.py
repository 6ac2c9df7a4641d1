"""`check --fix` and `check --diff`: apply the unambiguous fixes rules attached to their findings.

A fix is applied only when its rule is marked `fixable` in its pack and it does not overlap
another fix. Each file is fixed in memory first (re-linted until no fix is left, so a second
`--fix` changes nothing), then written back atomically: a temporary file in the same folder,
fsync, then os.replace. The bytes are re-encoded with the file's own encoding and byte-order
mark; line endings are never normalized (fixes are offsets into the raw text), and the mode
bits are kept. A file that could not be read or parsed is never touched, and neither is a file
whose bytes changed on disk since they were linted. SIGINT/SIGTERM during the writes are held
until the current file is replaced, so every file is either untouched or fully fixed."""
from __future__ import annotations

import difflib
import os
import re
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from .config import Config
from .api import LintResult, lint_document_fully
from .errors import InputError
from .model import Diagnostic, Fix
from .pipeline.perfile import FileProblem
from .pipeline.rules import RuleSet
from .readers import format_for_path, parse_document
from .decode import FileStamp, decode_bytes, read_bytes, stamp_of

MAX_PASSES = 10  # re-lint after fixing, so fixes that reveal new fixes converge in one run
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class FileFix:
    """One file fixed in memory: its decoded text before and after, and how to write it back."""

    path: str
    original: str
    fixed: str
    count: int  # fixes applied
    data: bytes  # the new bytes (byte-order mark + encoded text)
    stamp: FileStamp  # of the bytes the fixes were computed on


@dataclass
class FixRun:
    files: list[FileFix] = field(default_factory=list)  # files with changes (written when write=True)
    written: list[FileFix] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)  # files that were not fixed, and why
    interrupted: int | None = None  # the signal number that stopped the writes

    @property
    def count(self) -> int:
        return sum(f.count for f in self.files)


def is_applicable(diagnostic: Diagnostic, rules: RuleSet) -> bool:
    fixable = {r.spec.id for r in rules.active if r.spec.fixable}
    return diagnostic.fix is not None and diagnostic.rule in fixable


def select_fixes(fixes: list[Fix], length: int) -> list[Fix]:
    """Non-overlapping fixes inside [0, length], in order. Of two overlapping fixes the earlier
    one wins; the other stays a finding for the editor. Identical fixes count once."""
    chosen: list[Fix] = []
    for f in sorted(set(fixes), key=lambda f: (f.start, f.end, f.replacement)):
        if not (0 <= f.start <= f.end <= length):
            continue
        if chosen:
            last = chosen[-1]
            # Overlapping ranges, or two edits at the same point: ambiguous, keep the first.
            if f.start < last.end or (f.start == last.start):
                continue
        chosen.append(f)
    return chosen


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply already-selected fixes; returns the new text and how many changed something."""
    out, last, count = [], 0, 0
    for f in fixes:
        if text[f.start:f.end] == f.replacement:
            continue
        out.append(text[last:f.start])
        out.append(f.replacement)
        last = f.end
        count += 1
    out.append(text[last:])
    return "".join(out), count


def fix_text(text: str, path: str, first: list[Diagnostic], rules: RuleSet, config: Config) -> tuple[str, int]:
    """Apply the fixes in `first` (diagnostics already found on `text`), then re-lint and fix
    again until nothing is left to fix (at most MAX_PASSES), so the result is a fixed point."""
    fmt = format_for_path(path)
    diagnostics, total, seen = first, 0, {text}
    for _ in range(MAX_PASSES):
        fixes = select_fixes([d.fix for d in diagnostics if is_applicable(d, rules)], len(text))
        new_text, count = apply_fixes(text, fixes)
        if not count or new_text in seen:  # nothing to do, or fixes going round in a circle
            break
        text, total = new_text, total + count
        seen.add(text)
        diagnostics = lint_document_fully(parse_document(text, fmt, path), rules, config, cross_file=False).diagnostics
    return text, total


def plan(result: LintResult, rules: RuleSet, config: Config) -> FixRun:
    """Compute every file's fixes in memory; nothing is written."""
    run = FixRun()
    by_path: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    planned_targets: set[str] = set()
    for path, diagnostics in by_path.items():
        if not any(is_applicable(d, rules) for d in diagnostics):
            continue
        target = os.path.realpath(path)
        if target in planned_targets:  # a link and its target both linted: fix the file once
            continue
        expected = result.stamps.get(path)
        if expected is None:  # not read or not parsed in this run: never touched
            continue
        try:
            data, stamp = read_bytes(path, config.max_file_size)
            if stamp.size != expected.size or stamp.sha256 != expected.sha256:
                raise InputError("changed on disk while healthlint was running; not fixed (run again)", path)
            decoded = decode_bytes(data, path)
            if decoded.bom + decoded.text.encode(decoded.encoding) != data:
                raise InputError(f"cannot be written back byte for byte as {decoded.encoding}; not fixed", path)
            fixed, count = fix_text(decoded.text, path, diagnostics, rules, config)
            if not count or fixed == decoded.text:
                continue
            try:
                new_data = decoded.bom + fixed.encode(decoded.encoding)
            except UnicodeEncodeError:
                raise InputError(f"a fix uses characters that {decoded.encoding} cannot hold; not fixed", path) from None
        except InputError as exc:
            run.problems.append(FileProblem(path, exc.message, fatal=False))
            continue
        planned_targets.add(target)
        run.files.append(FileFix(path, decoded.text, fixed, count, new_data, expected))
    return run


def write(run: FixRun) -> FixRun:
    """Write every planned file atomically. A SIGINT/SIGTERM stops after the file being written."""
    with _deferred_signals() as received:
        for file_fix in run.files:
            if received:
                run.interrupted = received[0]
                break
            try:
                write_atomically(file_fix.path, file_fix.data, file_fix.stamp)
            except InputError as exc:
                run.problems.append(FileProblem(file_fix.path, exc.message, fatal=not exc.message.startswith("changed on disk")))
                continue
            run.written.append(file_fix)
        else:
            if received:
                run.interrupted = received[0]
    return run


def write_atomically(path: str, data: bytes, expected: FileStamp) -> None:
    """Replace the file at `path` (its target, if a symbolic link) with `data`, unless its
    bytes differ from the stamp `expected`. The old or the new content is on disk at
    every moment: never a truncated file. Mode and owner are kept; the write is fsynced."""
    from .atomic import replace_file

    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except OSError as exc:
        raise InputError(f"cannot be fixed: {exc.strerror}", path) from None

    def still_as_read() -> None:
        _fault_point("before-replace", path)
        if not _unchanged(target, expected):
            raise InputError("changed on disk while healthlint was running; not fixed (run again)", path)

    try:
        replace_file(target, data, like=st, durable=True, before_replace=still_as_read)
    except OSError as exc:
        raise InputError(f"cannot be fixed: {exc.strerror}", path) from None
    _fault_point("after-replace", path)


def _unchanged(path: str, expected: FileStamp) -> bool:
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            if st.st_size != expected.size:
                return False
            data = handle.read(expected.size + 1)
    except OSError:
        return False
    return stamp_of(data, st).sha256 == expected.sha256


def _fault_point(name: str, path: str) -> None:
    """Test hook for fault injection: with HEALTHLINT_FAULT_PAUSE=SECONDS, announce the point on
    stderr and pause there, so a test can kill the process at a known moment."""
    pause = os.environ.get("HEALTHLINT_FAULT_PAUSE")
    if pause:
        print(f"healthlint-fault: {name} {path}", file=sys.stderr, flush=True)
        time.sleep(float(pause))


@contextmanager
def _deferred_signals() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM while files are written; the caller stops after the current file.
    The yielded list receives the signal numbers."""
    received: list[int] = []
    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, lambda n, _frame: received.append(n))
    except ValueError:  # not the main thread: signals cannot be caught here, writes stay atomic
        pass
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def split_lines(text: str) -> list[str]:
    """Lines with their own endings (CRLF, CR or LF), unlike str.splitlines which also splits
    at form feeds and Unicode line separators."""
    return _LINE_RE.findall(text)


def unified_diff(file_fix: FileFix) -> str:
    lines = difflib.unified_diff(split_lines(file_fix.original), split_lines(file_fix.fixed),
                                 fromfile=f"a/{file_fix.path}", tofile=f"b/{file_fix.path}")
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)



