"""MDX reader: Markdown with ESM and JSX (Astro, Gatsby, Next, Docusaurus content).

What is not prose is blanked (spaces, line breaks kept) and the rest is read by the Markdown
reader, so offsets stay those of the file:
- `import` and `export` statements at the top level (up to the next blank line, as MDX reads
  them);
- JSX expressions `{...}`, comments `{/* ... */}` included;
- component tags (`<Callout type="tip">`, `</Callout>`, `<Image ... />`, fragments `<>`): the
  text between an opening and a closing tag is kept and read as Markdown, as MDX does.
Lower-case HTML tags are left to the Markdown reader's HTML handling (links keep their targets).
MDX has no indented code blocks, so none are read."""
from __future__ import annotations

import re

from ..model import Comment, Document
from .markdown import read_markdown
from .templates import blank

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ESM_START = re.compile(r"(?:import|export)\b")
_TAG_NAME = re.compile(r"<(/?)([A-Z][\w.:-]*|[a-z][\w-]*\.[\w.-]+|)(?=[\s/>])")


_JSX_COMMENT = re.compile(r"\{/\*\s*(healthlint-.*?)\s*\*/\}", re.S)


def read_mdx(text: str, path: str = "<text>") -> Document:
    doc = read_markdown(text, path, parse_text=blank(text, non_prose_spans(text)), indented_code=False, fmt="mdx")
    if "healthlint-" in text:  # {/* healthlint-disable typo */}: MDX's comment is a suppression too
        doc.comments.extend(Comment(m.start(), m.end(), m.group(1)) for m in _JSX_COMMENT.finditer(text))
        doc.comments.sort(key=lambda c: c.start)
    return doc


def non_prose_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ESM statements, JSX expressions and component tags, outside code."""
    spans: list[tuple[int, int]] = []
    code = _code_spans(text)
    front = _front_matter_end(text)
    i, n = front, len(text)
    ci = 0  # index into `code`
    at_line_start = True
    while i < n:
        while ci < len(code) and code[ci][1] <= i:
            ci += 1
        if ci < len(code) and code[ci][0] <= i:
            i = code[ci][1]
            at_line_start = i == 0 or text[i - 1] == "\n"
            continue
        ch = text[i]
        if at_line_start and _ESM_START.match(text, i) and _top_level(text, i):
            end = _block_end(text, i)
            spans.append((i, end))
            i = end
            continue
        if ch == "{":
            end = _balanced(text, i, "{", "}")
            if end is not None:
                spans.append((i, end))
                i = end
                at_line_start = False
                continue
        elif ch == "<":
            m = _TAG_NAME.match(text, i)
            if m and (m.group(2) or text.startswith(("<>", "</>"), i)):
                end = _tag_end(text, m.end())
                if end is not None:
                    spans.append((i, end))
                    i = end
                    at_line_start = False
                    continue
            elif text.startswith(("<>", "</>"), i):
                end = text.find(">", i) + 1
                spans.append((i, end))
                i = end
                continue
        at_line_start = ch == "\n"
        i += 1
    return spans


def _front_matter_end(text: str) -> int:
    m = re.match(r"\A---[ \t]*\r?\n.*?^---[ \t]*$", text, re.S | re.M)
    return m.end() if m else 0


def _top_level(text: str, i: int) -> bool:
    """ESM only at the top level: not indented, not inside a list or quote."""
    line_start = text.rfind("\n", 0, i) + 1
    return i == line_start


def _block_end(text: str, i: int) -> int:
    """An ESM block runs to the next blank line (or the end)."""
    m = re.compile(r"\n[ \t]*\n").search(text, i)
    return m.start() + 1 if m else len(text)


def _balanced(text: str, i: int, open_ch: str, close_ch: str, limit: int = 20000) -> int | None:
    """End of the balanced `{...}` starting at i (strings and template literals skipped), or
    None when it does not close within `limit` characters."""
    depth = 0
    j, n = i, min(len(text), i + limit)
    quote = None
    while j < n:
        ch = text[j]
        if quote:
            if ch == "\\":
                j += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'`" and depth > 0:
            quote = ch
        elif ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return None


def _tag_end(text: str, j: int, limit: int = 5000) -> int | None:
    """End of a JSX tag whose name ends at j: past the '>' that closes it, skipping attribute
    strings and {expressions}."""
    n = min(len(text), j + limit)
    while j < n:
        ch = text[j]
        if ch in "\"'":
            k = text.find(ch, j + 1)
            if k < 0:
                return None
            j = k + 1
            continue
        if ch == "{":
            end = _balanced(text, j, "{", "}")
            if end is None:
                return None
            j = end
            continue
        if ch == ">":
            return j + 1
        j += 1
    return None


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks and inline code spans, where braces and tags are code, not JSX."""
    spans = []
    pos = 0
    fence = None
    fence_start = 0
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            fence, fence_start = m.group(1), pos
        elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                and not line[m.end():].strip():
            spans.append((fence_start, pos + len(line)))
            fence = None
        elif fence is None and "`" in line:
            for cm in re.finditer(r"(`+)(?!`).*?(?<!`)\1(?!`)", line):
                spans.append((pos + cm.start(), pos + cm.end()))
        pos += len(line)
    if fence is not None:
        spans.append((fence_start, len(text)))
    return sorted(spans)
