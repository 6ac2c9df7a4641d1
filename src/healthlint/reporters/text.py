"""Human-readable output: one finding a line, `path:line:col: CODE [rule] message`, then a
summary line. Draft text in messages is stripped of terminal control characters."""
from __future__ import annotations

import re
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


def render(result, *, color: bool = False, quiet: bool = False, statistics: bool = False, baseline=None,
           **_) -> str:
    lines = []
    if not quiet:
        for d in result.diagnostics:
            loc = f"{clean(d.path)}:{d.line}:{d.column}:"
            code = f"{d.code} [{d.rule}]"
            if color:
                loc = f"{BOLD}{loc}{RESET}"
                code = f"{COLORS.get(d.severity, '')}{code}{RESET}"
            lines.append(f"{loc} {code} {clean(d.message)}")
    if statistics:
        counts = Counter((d.code, d.rule, d.family) for d in result.diagnostics)
        if lines:
            lines.append("")
        for (code, rule, family), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:6d}  {code}  {rule}  ({family})")
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
    lines.append(summary)
    return "\n".join(lines) + "\n"
