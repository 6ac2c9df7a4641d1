"""Plain-text reader. Web-extracted drafts often put a whole paragraph on one long line with no
blank line between paragraphs; hard-wrapped drafts spread a paragraph over several short lines
and end it with a blank line. Both become the right paragraphs here.

HTML-style comments (`<!-- healthlint-disable typo -->`) are the inline-suppression syntax in
plain text too; they are removed from the prose."""
from __future__ import annotations

import re

from ..model import Comment, Document
from .builder import BlockBuilder

COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BULLET_RE = re.compile(r"^\s*(?:[•\u2022\u25AA\u25CF*\-–+]|\d{1,3}[.)])\s+")
# A line this long is a paragraph of its own (web extraction), never a wrapped fragment.
LONG_LINE = 120


def mask_comments(text: str) -> tuple[str, list[Comment]]:
    """Replace each comment by spaces (keeping line breaks) so offsets stay the same."""
    comments: list[Comment] = []
    if "<!--" not in text:
        return text, comments
    pieces, last = [], 0
    for m in COMMENT_RE.finditer(text):
        comments.append(Comment(m.start(), m.end(), m.group(1).strip()))
        pieces.append(text[last:m.start()])
        pieces.append(re.sub(r"[^\r\n]", " ", m.group(0)))
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), comments


def read_plaintext(text: str, path: str = "<text>") -> Document:
    masked, comments = mask_comments(text)
    lines = []  # (start_offset, content without line ending)
    for m in _LINE_RE.finditer(masked):
        if m.start() == len(masked) and m.end() == m.start():
            break
        content = m.group(0).rstrip("\r\n")
        lines.append((m.start(), content))
    blocks = []
    chunk: list[tuple[int, str]] = []
    for start, content in lines:
        if content.strip():
            chunk.append((start, content))
        else:
            blocks.extend(_chunk_to_blocks(chunk))
            chunk = []
    blocks.extend(_chunk_to_blocks(chunk))
    return Document(path=path, source=text, format="text", blocks=[b for b in blocks if b], comments=comments)


def _chunk_to_blocks(chunk):
    """Split a run of non-blank lines into paragraphs."""
    if not chunk:
        return []
    width = max(len(c.rstrip()) for _, c in chunk)
    paragraphs: list[list[tuple[int, str]]] = []
    for i, (start, content) in enumerate(chunk):
        new_paragraph = (
            not paragraphs
            or width > LONG_LINE  # one paragraph per line
            or _BULLET_RE.match(content) is not None
            or _ends_paragraph(chunk[i - 1][1], width)
        )
        if new_paragraph:
            paragraphs.append([])
        paragraphs[-1].append((start, content))
    out = []
    for para in paragraphs:
        kind = "list_item" if _BULLET_RE.match(para[0][1]) else "paragraph"
        builder = BlockBuilder(kind)
        for j, (start, content) in enumerate(para):
            stripped = content.strip()
            lead = len(content) - len(content.lstrip())
            if j:
                builder.add(" ", None)
            builder.add(stripped, start + lead)
        out.append(builder.build())
    return out


def _ends_paragraph(previous_line: str, width: int) -> bool:
    """In hard-wrapped text, a line much shorter than the wrap width ends its paragraph."""
    prev = previous_line.rstrip()
    return len(prev) < 0.6 * width and width > 0 and (not prev or prev[-1] in ".!?:\"'”’)" or len(prev.split()) <= 4)
