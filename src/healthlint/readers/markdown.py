"""Markdown reader, built on markdown-it-py (CommonMark, tables, footnotes, front matter).

markdown-it gives each block its line range; inline tokens carry no positions, so each piece of
inline text is located in the block's source by a forward search. Code blocks and inline code
are never prose; front matter becomes metadata."""
from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache

from ..model import Comment, Document, LineIndex
from .builder import BlockBuilder
from .frontmatter import parse_front_matter, parse_toml_front_matter

_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
_SUP_OPEN = re.compile(r"<sup\b[^>]*>", re.I)
_SUP_CLOSE = re.compile(r"</sup\s*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_A_OPEN = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(("([^"]*)")|'([^']*)'|([^\s>]+))?[^>]*>""", re.I | re.S)
_A_CLOSE = re.compile(r"</a\s*>", re.I)
_WORD_PIECE = re.compile(r"\w+|[^\w\s]+")

_CONTAINER_KIND = {
    "bullet_list_open": "list_item",
    "ordered_list_open": "list_item",
    "blockquote_open": "quote",
    "footnote_open": "footnote",
}


@lru_cache(maxsize=2)
def _parser(indented_code: bool = True):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).use(footnote_plugin).enable("table")
    if not indented_code:
        md.disable("code")  # MDX has no indented code; blanked template tags must not make any
    return md


_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*$", re.S | re.M)


def read_markdown(text: str, path: str = "<text>", *, parse_text: str | None = None,
                  indented_code: bool = True, fmt: str = "markdown") -> Document:
    """`parse_text`: what to parse instead of `text`, of the same length and line breaks (the
    text with non-prose blanked by a caller, such as the MDX reader); offsets and the Document's
    source stay those of `text`."""
    from .templates import blank, creates_indented_code, mask_templates

    source = text
    if parse_text is None:
        parse_text, spans, includes = mask_templates(text)
        if spans and indented_code and creates_indented_code(text, parse_text, spans):
            indented_code = False
    else:
        includes = mask_templates(text)[2]
    metadata: dict = {}
    problems = []
    toml = _TOML_FRONT_MATTER.match(parse_text)
    if toml:  # Hugo's TOML front matter (+++): metadata, never prose
        metadata, problem = parse_toml_front_matter(toml.group(1))
        if problem:
            problems.append((0, problem))
        parse_text = blank(parse_text, [toml.span()])
    text = parse_text
    tokens = _parser(indented_code).parse(text)
    lines = LineIndex(text)  # built once: the reader and the Document share it
    line_starts = lines.starts
    blocks, comments = [], []
    footnote_labels: set[str] = set()
    containers: list[str] = []
    pending_heading: int | None = None
    cell = False
    footnote_label: str | None = None
    item_numbers: list[str | None] = []  # the number of each open ordered-list item

    for tok in tokens:
        t = tok.type
        if t == "front_matter":
            metadata, problem = parse_front_matter(tok.content)
            if problem:
                problems.append((0, problem))
        elif t in _CONTAINER_KIND:
            containers.append(_CONTAINER_KIND[t])
            if t == "footnote_open":
                footnote_label = str(tok.meta.get("label", tok.meta.get("id", "")))
                footnote_labels.add(footnote_label)
        elif t in ("bullet_list_close", "ordered_list_close", "blockquote_close", "footnote_close"):
            if containers:
                containers.pop()
            if t == "footnote_close":
                footnote_label = None
        elif t == "list_item_open":
            item_numbers.append(tok.info or None)
        elif t == "list_item_close":
            if item_numbers:
                item_numbers.pop()
        elif t == "heading_open":
            pending_heading = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif t in ("td_open", "th_open"):
            cell = True
        elif t in ("td_close", "th_close"):
            cell = False
        elif t == "inline":
            if pending_heading is not None:
                kind, level = "heading", pending_heading
            elif cell:
                kind, level = "table_cell", 0
            else:
                # anything inside a block quote is quoted, a list in it too ("> - 70% animal foods")
                kind = "quote" if "quote" in containers and containers[-1] != "footnote" else (
                    containers[-1] if containers else "paragraph")
                level = 0
            label = footnote_label if kind == "footnote" else (item_numbers[-1] if kind == "list_item" and item_numbers else None)
            block = _inline_block(tok, kind, level, text, line_starts, comments, label)
            if block is not None:
                blocks.append(block)
            pending_heading = None
        elif t == "html_block" and tok.map:
            start = line_starts[tok.map[0]]
            end = line_starts[tok.map[1]] if tok.map[1] < len(line_starts) else len(text)
            html_source = text[start:end]
            if _COMMENT_RE.sub("", html_source).strip():
                from .html import HtmlBlockReader

                reader = HtmlBlockReader(base=start)
                reader.feed(html_source)
                reader.close()
                blocks.extend(reader.blocks)
                comments.extend(reader.comments)
            else:
                for m in _COMMENT_RE.finditer(html_source):
                    comments.append(Comment(start + m.start(), start + m.end(), m.group(1).strip()))
        # fence, code_block, hr: not prose
    blocks.sort(key=lambda b: b.start)
    return Document(path=path, source=source, format=fmt, blocks=blocks, metadata=metadata,
                    comments=comments, footnote_labels=frozenset(footnote_labels), problems=problems, _lines=lines,
                    includes=includes)


def _content_line_offsets(tok, text, line_starts, footnote: bool = False) -> list[int]:
    """Source offset of the first character of each line of an inline token's content.

    Content line k normally sits on source line map[0] + k, but markdown-it trims the block's
    content first, so leading lines that hold only white space it does not count as blank (a
    form feed, say) vanish from the content: when a line's text is not on its expected source
    line, the next source lines of the block are tried and later lines shift with it."""
    first, last = tok.map
    offsets = []
    shift = 0
    for k, content_line in enumerate(tok.content.split("\n")):
        found = None
        for line_no in range(first + k + shift, max(last, first + k + shift + 1)):
            if line_no >= len(line_starts):
                break
            # a footnote definition's first line starts after its "[^label]:" (a short text
            # such as ":" would otherwise be found inside the label; found by fuzzing)
            after = "]:" if footnote and k == 0 and line_no == first else None
            pos = _find_in_line(text, line_starts, line_no, content_line, after)
            if pos is not None:
                found = pos
                shift = line_no - (first + k)
                break
        if found is None:
            line_no = first + k + shift
            found = line_starts[line_no] if line_no < len(line_starts) else len(text)
        offsets.append(found)
    return offsets


def _find_in_line(text: str, line_starts: list[int], line_no: int, content_line: str,
                  after: str | None = None) -> int | None:
    """Offset in the source that content index 0 of `content_line` maps to, or None when the
    line's text is not on source line `line_no`.

    The line is placed by its first non-blank text: markdown-it removes part of a line's
    indentation (a list item's) and expands tabs at its start into spaces, so leading blanks
    differ from the source; they never reach a block's text anyway (found by fuzzing)."""
    start = line_starts[line_no]
    end = line_starts[line_no + 1] if line_no + 1 < len(line_starts) else len(text)
    if after is not None and text.find(after, start, end) >= 0:
        start = text.find(after, start, end) + len(after)
    src_line = text[start:end]
    # blanks as Markdown knows them: str.lstrip() would also drop \x1c-\x1f and Unicode spaces,
    # which are text to markdown-it
    key = content_line.lstrip(" \t")[:40]
    lead = len(content_line) - len(content_line.lstrip(" \t"))
    if not key:
        return start
    pos = src_line.find(key)
    if pos < 0 and "|" in key:
        # A table cell's content has its escaped pipes (\|) unescaped: look for the source
        # form, so the cell at least starts in the right column (found by fuzzing).
        m = re.search(re.escape(key).replace(r"\|", r"\\?\|"), src_line)
        pos = m.start() if m else -1
    return start + pos - lead if pos >= 0 else None


class _Locator:
    """Finds successive pieces of inline text in the block's content and returns their source
    offsets, moving forward only."""

    def __init__(self, content: str, line_offsets: list[int]):
        self.content = content
        self.cursor = 0
        self.line_offsets = line_offsets
        starts = self.line_content_starts = [0]
        pos = content.find("\n")
        while pos != -1:  # str.find, not a Python loop over every character
            starts.append(pos + 1)
            pos = content.find("\n", pos + 1)

    def source_of(self, content_index: int) -> int:
        line = bisect.bisect_right(self.line_content_starts, content_index) - 1
        return self.line_offsets[min(line, len(self.line_offsets) - 1)] + content_index - self.line_content_starts[line]

    def find(self, piece: str) -> int | None:
        pos = self.content.find(piece, self.cursor)
        if pos < 0:
            return None
        self.cursor = pos + len(piece)
        return self.source_of(pos)


def _add_text(builder: BlockBuilder, locator: _Locator, text: str) -> None:
    src = locator.find(text)
    if src is not None:
        builder.add(text, src)
        return
    # The token's text differs from its source (escapes, entities): place it word by word.
    last = 0
    for m in _WORD_PIECE.finditer(text):
        if m.start() > last:
            builder.add(text[last:m.start()], None)
        src = locator.find(m.group(0))
        builder.add(m.group(0), src)
        last = m.end()
    if last < len(text):
        builder.add(text[last:], None)


def _inline_block(tok, kind, level, text, line_starts, comments, footnote_label):
    if not tok.map:
        return None
    line_offsets = _content_line_offsets(tok, text, line_starts, footnote=kind == "footnote")
    locator = _Locator(tok.content, line_offsets)
    builder = BlockBuilder(kind, label=footnote_label, level=level)
    sup_start: int | None = None
    for child in tok.children or []:
        ct = child.type
        if ct == "text":
            _add_text(builder, locator, child.content)
        elif ct in ("softbreak", "hardbreak"):
            src = locator.find("\n")
            builder.add("\n", src, hard_break=ct == "hardbreak")
        elif ct == "code_inline":
            # Never linted: keep a neutral placeholder so words on either side stay apart.
            found = locator.find(child.markup + child.content) if child.markup else None
            builder.add("\uFFFC", found)
        elif ct == "link_open":
            builder.open_link(str(child.attrs.get("href", "")))
        elif ct == "link_close":
            builder.close_link()
        elif ct == "image":
            locator.find(child.content or "")
        elif ct == "footnote_ref":
            label = str(child.meta.get("label", child.meta.get("id", "")))
            marker_text = f"[^{label}]"
            src = locator.find(marker_text)
            start = builder.length
            builder.add(marker_text, src)
            builder.add_marker(start, label, "footnote")
        elif ct == "html_inline":
            raw = child.content
            src = locator.find(raw)
            if raw.startswith("<!--"):
                if src is not None:
                    comments.append(Comment(src, src + len(raw), raw[4:-3].strip()))
            elif _SUP_OPEN.fullmatch(raw):
                sup_start = builder.length
            elif _SUP_CLOSE.fullmatch(raw):
                if sup_start is not None:
                    builder.add_marker(sup_start, builder.text[sup_start:].strip(), "superscript")
                sup_start = None
            elif _BR.fullmatch(raw):
                builder.add("\n", None, hard_break=True)
            elif (a := _A_OPEN.fullmatch(raw)) is not None:
                builder.open_link(html.unescape(a.group(3) or a.group(4) or a.group(5) or ""))
            elif _A_CLOSE.fullmatch(raw):
                builder.close_link()
        # emphasis open/close and other markup carry no text
    return builder.build()
