"""Inline suppressions, written as HTML comments in every format (Markdown, HTML and plain
text alike):

    <!-- healthlint-disable-file [rules] -->       the whole file
    <!-- healthlint-disable [rules] -->            from here until healthlint-enable
    <!-- healthlint-enable [rules] -->
    <!-- healthlint-disable-next-line [rules] -->  the line after the comment
    <!-- healthlint-disable-line [rules] -->       the comment's own line

[rules] are ids, codes, code prefixes or family names separated by spaces or commas; none
means every rule."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Document
from .packs import selector_matches

_DIRECTIVE = re.compile(r"^healthlint-(disable-file|disable-next-line|disable-line|disable|enable)\b(.*)$", re.S)

ALL = "*"


@dataclass
class Suppressions:
    """Which rules are off on which lines of one file. Small and picklable."""

    whole_file: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[int, int, set[str]]] = field(default_factory=list)  # [start_line, end_line]

    def suppresses(self, line: int, names: tuple[str, ...]) -> bool:
        if not (self.whole_file or self.lines or self.ranges):
            return False  # most drafts have no directive: the common case costs three tests
        def hit(selectors: set[str]) -> bool:
            return ALL in selectors or any(selector_matches(sel, *names) for sel in selectors)

        if hit(self.whole_file):
            return True
        if line in self.lines and hit(self.lines[line]):
            return True
        return any(a <= line <= b and hit(sel) for a, b, sel in self.ranges)


def _selectors(rest: str) -> set[str]:
    items = {x for x in re.split(r"[\s,]+", rest.strip()) if x and x != "--"}
    return items or {ALL}


def collect_suppressions(doc: Document) -> Suppressions:
    sup = Suppressions()
    open_ranges: list[tuple[int, set[str]]] = []
    last_line = doc.lines.line_count
    for comment in sorted(doc.comments, key=lambda c: c.start):
        m = _DIRECTIVE.match(comment.text)
        if not m:
            continue
        action, selectors = m.group(1), _selectors(m.group(2))
        line = doc.position(comment.start)[0]
        if action == "disable-file":
            sup.whole_file |= selectors
        elif action == "disable-next-line":
            end_line = doc.position(comment.end)[0]
            sup.lines.setdefault(end_line + 1, set()).update(selectors)
        elif action == "disable-line":
            sup.lines.setdefault(line, set()).update(selectors)
        elif action == "disable":
            open_ranges.append((line, selectors))
        elif action == "enable":
            still_open = []
            for start, sel in open_ranges:
                if ALL in selectors or sel & selectors:
                    remaining = set() if ALL in selectors else sel - selectors
                    sup.ranges.append((start, line, sel if not remaining else sel & selectors))
                    if remaining:
                        still_open.append((line, remaining))
                else:
                    still_open.append((start, sel))
            open_ranges = still_open
    for start, sel in open_ranges:
        sup.ranges.append((start, last_line, sel))
    return sup
