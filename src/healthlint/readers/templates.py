"""Site-template markup is not prose: Liquid and Jekyll tags, Hugo shortcodes, Handlebars and
Mustache, Nunjucks and Jinja, ERB and EJS. `mask_templates` replaces each tag with spaces
(line breaks kept), so a reader parses the rest as usual and every offset still points into the
original file. What paired shortcodes hold (`{{< note >}}Drink water.{{< /note >}}`) stays prose;
blocks whose content is code or comment (`{% raw %}`, `{% highlight %}`, `{% comment %}`,
`{{< highlight >}}`) are masked whole.

`includes` lists the Jekyll/Liquid includes (`{% include disclaimer.html %}`) with their offsets,
so the engine can count what they add where they stand."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Blocks masked whole, content included: code, comments and verbatim template source.
_WHOLE = re.compile(
    r"\{%-?\s*(raw|comment|highlight|capture)\b[^%]{0,400}?-?%\}.{0,200000}?\{%-?\s*end\1\s*-?%\}"
    r"|\{\{[<%]\s*(highlight|code)\b[^}]{0,400}?[>%]\}\}.{0,200000}?\{\{[<%]\s*/\s*\2\s*[>%]\}\}"
    r"|\{\{!--.{0,5000}?--\}\}"
    r"|\{#[\s-].{0,5000}?#\}",
    re.S)
# Single tags. Each alternative is bounded, and none can run past the next opening brace pair
# of its own kind, so an unclosed tag costs linear time and masks at most one line's worth.
_TAG = re.compile(
    r"\{\{[<%].{0,2000}?[>%]\}\}"  # Hugo shortcodes {{< x >}} {{% x %}}
    r"|\{%.{0,2000}?%\}"  # Liquid, Jekyll, Nunjucks, Jinja tags
    r"|\{\{\{[^{}]{0,2000}\}\}\}"  # Handlebars triple-stash
    r"|\{\{(?![{<%])[^{}]{0,2000}?\}\}"  # {{ expression }}, {{#if}}, {{/if}}, {{> partial}}
    r"|<%.{0,2000}?%>"  # ERB, EJS
    r"|\{:?[ \t]*[#.][\w-]+(?:[ \t]+[#.:]?[\w-]+(?:=\S+)?)*[ \t]*\}",  # attribute lists: {#id}, {: .class}
    re.S)
_INCLUDE = re.compile(r"\{%-?\s*include(?:_relative)?\s+[\"']?([\w./-]+)[\"']?", re.S)
_MAY_HOLD = ("{{", "{%", "{#", "<%", "{:", "{.")


@dataclass(frozen=True)
class Include:
    start: int
    end: int
    name: str  # as written: "medical-disclaimer.html"
    relative: bool  # include_relative: next to the draft, not in _includes/


def has_templates(text: str) -> bool:
    return any(marker in text for marker in _MAY_HOLD)


def mask_templates(text: str) -> tuple[str, list[tuple[int, int]], list[Include]]:
    """(text with template markup blanked, the masked spans, the includes)."""
    if not has_templates(text):
        return text, [], []
    spans: list[tuple[int, int]] = []
    for m in _WHOLE.finditer(text):
        spans.append(m.span())
    covered = _Coverage(spans)
    for m in _TAG.finditer(text):
        if not covered.overlaps(*m.span()):
            spans.append(m.span())
    spans.sort()
    includes = []
    for start, end in spans:
        m = _INCLUDE.match(text, start, end)
        if m:
            includes.append(Include(start, end, m.group(1), "include_relative" in m.group(0)))
    return blank(text, spans), spans, includes


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span's characters replaced by spaces, line breaks kept."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        if start < last:
            start = last
        if start >= end:
            continue
        pieces.append(text[last:start])
        pieces.append(_SPACES.sub(" ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


_SPACES = re.compile(r"[^\r\n]")


class _Coverage:
    """Whether a span overlaps one of some sorted, non-overlapping spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        import bisect

        i = bisect.bisect_right(self.starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.spans):
                s, e = self.spans[j]
                if s < end and start < e:
                    return True
        return False


def creates_indented_code(original: str, masked: str, spans: list[tuple[int, int]]) -> bool:
    """Whether blanking made a line start with four spaces before text that did not: Markdown
    would read it as an indented code block. The caller then parses without indented code."""
    for start, _ in spans:
        line_start = masked.rfind("\n", 0, start) + 1
        if original[line_start:start].strip():
            continue  # the tag is not at the line's start
        line_end = masked.find("\n", start)
        line = masked[line_start:line_end if line_end >= 0 else len(masked)]
        stripped = line.lstrip(" ")
        if stripped and len(line) - len(stripped) >= 4 and not original[line_start:line_start + 4].isspace():
            return True
    return False
