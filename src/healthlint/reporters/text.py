"""Human-readable output, in ruff's two styles:

- `concise`: one finding a line, `path:line:col: CODE [rule] message` (the default when piped);
- `full`: findings grouped by file, each with the source line and the flagged span underlined,
  wrapped to the terminal width (the default on a terminal).

Both end with a "N fixable with `healthlint check --fix`" hint and the summary line. Draft text
in messages and excerpts is stripped of terminal control characters."""
from __future__ import annotations

import os
import re
import textwrap
from collections import Counter

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def clean(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def summary_line(result) -> str:
    """The last line. It never contradicts an error above it: when a path or file could not be
    read, it says so instead of "No problems found"."""
    diags = result.diagnostics
    counts = Counter(d.severity for d in diags)
    files = len({d.path for d in diags})
    failed_paths = {p.path for p in getattr(result, "problems", ()) if p.fatal}
    failed = len(failed_paths)
    unread = (f"{failed} path{'s' if failed != 1 else ''} could not be checked (see the error{'s' if failed != 1 else ''} above)"
              if failed else "")
    if not diags:
        n = sum(1 for f in result.files if f not in failed_paths)
        if failed and n == 0:
            return f"Nothing was checked: {unread}."
        found = f"No problems found in {n} file{'s' if n != 1 else ''}"
        return f"{found}, but {unread}." if failed else f"{found}."
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
    line = (f"{len(diags)} problem{'s' if len(diags) != 1 else ''} ({', '.join(parts)}) "
            f"in {files} file{'s' if files != 1 else ''}")
    return f"{line}; {unread}" if failed else line


def baseline_lines(baseline) -> list[str]:
    """What --statistics says about the baseline: how much it hides and which entries are stale."""
    lines = [f"{baseline.known:6d}  known finding{'s' if baseline.known != 1 else ''} hidden by the baseline "
             f"({clean(baseline.path)})"]
    if baseline.stale:
        lines.append(f"{len(baseline.stale):6d}  stale baseline entr{'ies' if len(baseline.stale) != 1 else 'y'}: "
                     "the finding is gone (fixed?); rerun with --write-baseline to drop "
                     f"{'them' if len(baseline.stale) != 1 else 'it'}")
        for e in baseline.stale:
            lines.append(f"        {clean(e.path)}:{e.line}: {e.code} [{e.rule}] {clean(e.message)}".rstrip())
    return lines


def _fixable(result, rules) -> list:
    fixable = {r.spec.id for r in rules.active if r.spec.fixable} if rules is not None else set()
    return [d for d in result.diagnostics if d.fix is not None and d.rule in fixable]


def _fix_note(d) -> str:
    return f"fix: replace \u201c{clean(d.snippet)}\u201d with \u201c{clean(d.fix.replacement)}\u201d"


def _concise(result, *, color: bool, show_fixes: bool, fixable_ids: set) -> list[str]:
    lines = []
    for d in result.diagnostics:
        loc = f"{clean(d.path)}:{d.line}:{d.column}:"
        code = f"{d.code} [{d.rule}]"
        if color:
            loc = f"{BOLD}{loc}{RESET}"
            code = f"{COLORS.get(d.severity, '')}{code}{RESET}"
        line = f"{loc} {code} {clean(d.message)}"
        if show_fixes and id(d) in fixable_ids:
            line += f" ({_fix_note(d)})"
        lines.append(line)
    return lines


def _source_lines(path: str) -> list[str] | None:
    from ..decode import read_draft
    from ..errors import InputError
    from ..readers import format_for_path, is_binary_format

    if is_binary_format(format_for_path(path)):
        return None  # a Word file: its text is not lines of the file
    try:
        return read_draft(path, 1 << 62).text.splitlines()
    except (InputError, OSError):
        return None


def _full(result, *, color: bool, show_fixes: bool, fixable_ids: set, width: int) -> list[str]:
    lines: list[str] = []
    by_path: dict[str, list] = {}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    for path, group in by_path.items():
        source = _source_lines(path)
        header = clean(path)
        lines.append(f"{BOLD}{header}{RESET}" if color else header)
        gutter = len(str(max(d.end_line for d in group)))
        for d in group:
            code = f"{d.code} [{d.rule}]"
            if color:
                code = f"{COLORS.get(d.severity, '')}{code}{RESET}"
            head = f"  {d.line}:{d.column} {code} "
            wrapped = textwrap.wrap(clean(d.message), max(30, width - len(f"  {d.line}:{d.column} {d.code} [{d.rule}] ")))
            lines.append(head + (wrapped[0] if wrapped else ""))
            indent = " " * (len(f"  {d.line}:{d.column} {d.code} [{d.rule}] "))
            lines.extend(indent + w for w in wrapped[1:])
            if source is not None and 1 <= d.line <= len(source) and (d.line, d.column) != (d.end_line, d.end_column):
                text = clean(source[d.line - 1])
                start = d.column - 1
                end = d.end_column - 1 if d.end_line == d.line else len(text)
                room = max(20, width - gutter - 6)
                offset = max(0, min(start - 10, len(text) - room)) if len(text) > room else 0
                shown = text[offset:offset + room]
                marks = " " * (start - offset) + "^" * max(1, min(end, offset + room) - start)
                lines.append(f"  {' ' * gutter} |")
                lines.append(f"  {d.line:>{gutter}} | {shown}")
                lines.append(f"  {' ' * gutter} | {marks}")
            if d.suggestion and d.fix is None:
                lines.extend(textwrap.wrap(f"= help: {clean(d.suggestion)}", max(30, width - 4),
                                           initial_indent="  ", subsequent_indent="    "))
            if show_fixes and id(d) in fixable_ids:
                lines.append(f"  = {_fix_note(d)}")
        lines.append("")
    return lines


def render(result, *, color: bool = False, quiet: bool = False, statistics: bool = False, baseline=None,
           rules=None, output_format: str = "concise", show_fixes: bool = False, width: int | None = None,
           **_) -> str:
    lines = []
    fixable = _fixable(result, rules)
    fixable_ids = {id(d) for d in fixable}
    if not quiet:
        if output_format == "full":
            if width is None:
                width = max(60, min(os.get_terminal_size(2).columns if os.isatty(2) else 100, 160))
            lines.extend(_full(result, color=color, show_fixes=show_fixes, fixable_ids=fixable_ids, width=width))
        else:
            lines.extend(_concise(result, color=color, show_fixes=show_fixes, fixable_ids=fixable_ids))
    if statistics:
        counts = Counter((d.code, d.rule, d.family) for d in result.diagnostics)
        if lines and lines[-1] != "":
            lines.append("")
        rule_width = max((len(rule) for _, rule, _ in counts), default=0)
        for (code, rule, family), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:6d}  {code:<6} {rule:<{rule_width}}  ({family})")
        if counts:
            lines.append("")
        hidden = getattr(result, "hidden", None) or []
        if hidden:
            lines.append(f"{len(hidden):6d}  finding{'s' if len(hidden) != 1 else ''} inside paragraphs reported for "
                         "removal, not shown (--show-all shows them)")
            lines.append("")
        if baseline is not None:
            lines.extend(baseline_lines(baseline))
            lines.append("")
    summary = summary_line(result)
    if baseline is not None and baseline.known:
        if result.diagnostics:
            summary += f"; {baseline.known} more known from the baseline"
        else:
            n = len(result.files)
            summary = (f"No new problems found in {n} file{'s' if n != 1 else ''} "
                       f"({baseline.known} known from the baseline).")
    if fixable and not quiet:  # before the summary, which stays the last line
        lines.append(f"{len(fixable)} fixable with `healthlint check --fix`"
                     + ("" if show_fixes else " (--show-fixes shows the fixes)") + ".")
    lines.append(summary)
    return "\n".join(lines) + "\n"
