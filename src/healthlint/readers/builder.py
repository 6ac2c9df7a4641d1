"""Builds a Block's text piece by piece while remembering where each piece came from."""
from __future__ import annotations

from ..model import Block, Link, Marker

# Line breaks inside a block are only wrapping: rules see them as spaces, so a phrase such as
# "substitute for medical advice" matches however the writer wrapped it. One character for one
# keeps every offset. Hard breaks (<br>, Markdown's trailing backslash) stay "\n".
_WRAP = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})


class BlockBuilder:
    def __init__(self, kind: str, label: str | None = None, level: int = 0):
        self.kind = kind
        self.label = label
        self.level = level
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[tuple[int, int, int]] = []
        self.links: list[Link] = []
        self.markers: list[Marker] = []
        self._open_links: list[tuple[int, str]] = []
        self.first_source: int | None = None
        self.last_source: int = 0

    def add(self, text: str, source_offset: int | None, *, hard_break: bool = False) -> None:
        """Append `text`; `source_offset` is where it starts in the file, or None for text
        the reader synthesized (a joining space, a decoded entity with no exact position)."""
        if not text:
            return
        if not hard_break:
            text = text.translate(_WRAP)
        if source_offset is not None:
            prev = self.segments[-1] if self.segments else None
            if prev and prev[0] + prev[2] == self.length and prev[1] + prev[2] == source_offset:
                self.segments[-1] = (prev[0], prev[1], prev[2] + len(text))
            else:
                self.segments.append((self.length, source_offset, len(text)))
            if self.first_source is None:
                self.first_source = source_offset
            self.last_source = max(self.last_source, source_offset + len(text))
        self.parts.append(text)
        self.length += len(text)

    def add_gap(self, text: str, source_offset: int) -> None:
        """Append synthesized text that stands for the markup at `source_offset` (e.g. a decoded
        entity): each character maps to that one position."""
        for ch in text:
            self.segments.append((self.length, source_offset, 1))
            self.parts.append(ch)
            self.length += 1
        if self.first_source is None:
            self.first_source = source_offset
        self.last_source = max(self.last_source, source_offset + 1)

    def open_link(self, target: str) -> None:
        self._open_links.append((self.length, target))

    def close_link(self) -> None:
        if self._open_links:
            start, target = self._open_links.pop()
            self.links.append(Link(start, self.length, target))

    def add_marker(self, start: int, label: str, kind: str) -> None:
        if 0 <= start <= self.length:
            self.markers.append(Marker(start, self.length, label, kind))

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def build(self) -> Block | None:
        text = "".join(self.parts)
        # Trim white space at both ends so blocks start at their first word.
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        if trail <= lead:
            return None
        segments = self.segments
        links, markers = self.links, self.markers
        if lead or trail != len(text):
            text = text[lead:trail]
            segments = _shift_segments(segments, lead, len(text))
            links = [Link(*_clamp(l.start - lead, l.end - lead, len(text)), l.target) for l in links]
            markers = [Marker(*_clamp(m.start - lead, m.end - lead, len(text)), m.label, m.kind) for m in markers]
        start = segments[0][1] if segments else (self.first_source or 0)
        end = max((s + n for _, s, n in segments), default=start)
        return Block(self.kind, text, start, end, tuple(segments), tuple(links), tuple(markers), self.label, self.level)


def _clamp(start: int, end: int, length: int) -> tuple[int, int]:
    """A span shifted by the trimmed lead, kept inside [0, length] and never reversed (a link or
    marker that sat in trimmed white space becomes empty instead of start > end)."""
    start = max(0, min(start, length))
    return start, max(start, min(end, length))


def _shift_segments(segments, lead, length):
    out = []
    for t0, s0, n in segments:
        a, b = max(t0, lead), min(t0 + n, lead + length)
        if a < b:
            out.append((a - lead, s0 + (a - t0), b - a))
    return out
