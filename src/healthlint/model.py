"""The values that cross module boundaries: the Document every reader produces, and the
Diagnostic every rule yields. Offset-to-line/column mapping lives here and nowhere else."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Mapping

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


class LineIndex:
    """Maps a character offset in a text to a 1-based (line, column); columns count characters.
    CRLF, CR and LF all end a line."""

    __slots__ = ("starts", "length")

    def __init__(self, text: str):
        starts = [0]
        i, n = 0, len(text)
        find_n = text.find
        # Fast path for LF-only text; fall back to a scan when CR is present.
        if "\r" not in text:
            pos = find_n("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find_n("\n", pos + 1)
        else:
            while i < n:
                ch = text[i]
                if ch == "\r":
                    if i + 1 < n and text[i + 1] == "\n":
                        i += 1
                    starts.append(i + 1)
                elif ch == "\n":
                    starts.append(i + 1)
                i += 1
        self.starts = starts
        self.length = n

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self.starts[max(0, min(line - 1, len(self.starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self.starts)


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink inside a block: [start, end) in the block's text, and its target."""

    start: int
    end: int
    target: str


@dataclass(frozen=True, slots=True)
class Marker:
    """A citation marker the reader recognized from markup (a Markdown footnote reference, an
    HTML <sup>): [start, end) in the block's text and its label ("3")."""

    start: int
    end: int
    label: str
    kind: str  # "footnote" | "superscript"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of prose. `text` is what rules read (markup removed); `segments` map it back
    to the original file: (text_offset, source_offset, length) triples sorted by text_offset.
    Characters of `text` that no segment covers (joins, decoded entities) map to the nearest
    preceding source position."""

    kind: str  # heading | paragraph | list_item | quote | table_cell | footnote | reference
    text: str
    start: int  # source offset of the block's first character
    end: int  # source offset just past the block
    segments: tuple[tuple[int, int, int], ...]
    links: tuple[Link, ...] = ()
    markers: tuple[Marker, ...] = ()
    label: str | None = None  # footnote label, or the number of an ordered-list item
    level: int = 0  # heading level

    def to_source(self, index: int) -> int:
        """Source offset of the character at `index` in `text` (index == len(text) is allowed)."""
        segs = self.segments
        if not segs:
            return self.start
        i = bisect.bisect_right(segs, (index, float("inf"), 0)) - 1
        if i < 0:
            return segs[0][1]
        t0, s0, length = segs[i]
        if index - t0 < length:
            return s0 + (index - t0)
        return s0 + length  # in a gap after the segment: just past it

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of text[start:end]. The end is placed just past the span's last
        character, so a span ending where markup begins ("*lefy*") does not take the markup in."""
        src_start = self.to_source(start)
        if end <= start:
            return src_start, src_start
        return src_start, max(src_start, self.to_source(end - 1) + 1)


@dataclass(frozen=True)
class Comment:
    """An HTML-style comment in the source (used for inline suppressions)."""

    start: int
    end: int
    text: str


@dataclass
class Document:
    """One draft in the common model, whatever its format."""

    path: str
    source: str
    format: str  # markdown | html | text
    blocks: list[Block]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    footnote_labels: frozenset[str] = frozenset()
    problems: list[tuple[int, str]] = field(default_factory=list)  # (offset, message)
    # Template includes the reader found ({% include disclaimer.html %}): readers.templates.Include
    includes: list = field(default_factory=list)
    # Texts the site adds to this page outside the draft (an included file, a layout's footer,
    # the config's `provided`): they satisfy required-text rules, and nothing else reads them.
    provided: list[str] = field(default_factory=list)
    _lines: LineIndex | None = field(default=None, repr=False)
    # What several rules compute from the same document (e.g. its reference list), computed once
    # by the first rule that needs it and shared; keyed by whoever stores it.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.source)
        return self._lines

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace source[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str

    def __reduce__(self):
        return (Fix, (self.start, self.end, self.replacement))


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule yields: source offsets and words for the editor. The engine turns it into a
    Diagnostic by adding the rule's identity and the line/column."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    severity: str | None = None  # overrides the rule's severity when set
    related: tuple[tuple[str, int], ...] = ()  # (path, line) of other places involved
    removes: bool = False  # the finding asks for the whole paragraph to go (boilerplate, a copy)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, located in a file. This is the public contract (JSON output, API)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    family: str
    severity: str
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    snippet: str = ""  # the flagged text; used for fingerprints (baselines), not shown
    related: tuple[tuple[str, int], ...] = ()
    removes: bool = False  # the finding asks for the whole paragraph to go: lesser findings in it are hidden

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def __reduce__(self):
        # Pickled as constructor arguments: loading is ~5x faster than the slots-state default,
        # which matters when workers and the cache hand back tens of thousands of diagnostics.
        return (Diagnostic, (self.path, self.line, self.column, self.end_line, self.end_column, self.code,
                             self.rule, self.family, self.severity, self.message, self.suggestion, self.fix,
                             self.snippet, self.related, self.removes))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "family": self.family,
            "severity": self.severity,
            "message": self.message,
        }
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        out["fixable"] = self.fix is not None
        out["related"] = [{"path": p, "line": ln} for p, ln in self.related]
        return out
