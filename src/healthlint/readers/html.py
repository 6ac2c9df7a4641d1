"""HTML reader, built on the standard library's tolerant html.parser. Text blocks come from
block elements (p, li, headings, blockquote, td, ...); script, style and comments are not prose;
entities are decoded and every piece of text keeps its offset in the source."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..model import Comment, Document
from .builder import BlockBuilder

BLOCK_KIND = {
    "p": "paragraph", "li": "list_item", "blockquote": "quote", "td": "table_cell", "th": "table_cell",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "dd": "paragraph", "dt": "paragraph", "figcaption": "paragraph", "caption": "paragraph",
}
# Elements that end the current block without starting a typed one of their own.
BREAKING = {"div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol",
            "table", "tr", "tbody", "thead", "form", "body", "html", "hr", "dl", "figure", "address"}
NOT_PROSE = {"script", "style", "pre", "code", "head", "title", "noscript", "template", "svg", "math", "textarea", "select"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"}


class HtmlBlockReader(HTMLParser):
    """Feeds HTML and collects Blocks; `base` is the offset of the fed text in the whole file
    (so an HTML block inside Markdown maps back to the Markdown source)."""

    def __init__(self, base: int = 0):
        super().__init__(convert_charrefs=False)
        self.base = base
        self.blocks = []
        self.comments: list[Comment] = []
        self._fed: list[str] = []
        self._line_starts = [0]
        self._builder: BlockBuilder | None = None
        self._skip_depth = 0
        self._skip_stack: list[str] = []
        self._sup_start: int | None = None
        self._quote_depth = 0  # open <blockquote> elements: what is inside them is quoted

    def parse_html_declaration(self, i):
        # The standard library raises AssertionError on malformed declarations such as
        # "<![k" ("unknown status keyword") or "<!DOCTYPE x [" (found by fuzzing). Returning
        # -1 makes the parser treat the markup as text up to the next ">" instead.
        # It may have moved its position (updatepos) before raising: restore it, or every
        # later offset in the file would be shifted.
        position = (self.lineno, self.offset)
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = position
            return -1

    # -- positions ---------------------------------------------------------------------------
    def feed(self, data: str) -> None:
        offset = sum(len(x) for x in self._fed)
        self._fed.append(data)
        for i, ch in enumerate(data):
            if ch == "\n":
                self._line_starts.append(offset + i + 1)
        super().feed(data)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.base + self._line_starts[min(line - 1, len(self._line_starts) - 1)] + col

    # -- blocks ------------------------------------------------------------------------------
    def _flush(self) -> None:
        # A <sup> left open when its block ends must not produce a marker in the next block
        # (its start offset belongs to this block's text): found by benchmarks/fuzz_readers.py.
        self._sup_start = None
        if self._builder is not None:
            block = self._builder.build()
            if block is not None:
                self.blocks.append(block)
        self._builder = None

    def _ensure_builder(self) -> BlockBuilder:
        if self._builder is None:
            self._builder = BlockBuilder("paragraph")
        return self._builder

    def handle_starttag(self, tag, attrs):
        if tag in NOT_PROSE:
            if tag not in VOID:
                self._skip_stack.append(tag)
            return
        if self._skip_stack:
            return
        if tag in BLOCK_KIND:
            self._flush()
            kind = BLOCK_KIND[tag]
            if tag == "blockquote":
                self._quote_depth += 1
            elif self._quote_depth and kind in ("paragraph", "list_item"):
                kind = "quote"  # <blockquote><p>, <blockquote><ul><li>: quoted, as in Markdown
            level = int(tag[1]) if kind == "heading" else 0
            self._builder = BlockBuilder(kind, level=level)
        elif tag in BREAKING:
            self._flush()
        elif tag == "br":
            self._ensure_builder().add("\n", None, hard_break=True)
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._ensure_builder().open_link(href)
        elif tag == "sup":
            self._sup_start = self._ensure_builder().length

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._skip_stack:
            if tag in self._skip_stack:
                while self._skip_stack and self._skip_stack.pop() != tag:
                    pass
            return
        if tag == "blockquote" and self._quote_depth:
            self._quote_depth -= 1
        if tag in BLOCK_KIND or tag in BREAKING:
            self._flush()
        elif tag == "a" and self._builder is not None:
            self._builder.close_link()
        elif tag == "sup" and self._builder is not None and self._sup_start is not None:
            b = self._builder
            b.add_marker(self._sup_start, b.text[self._sup_start:].strip(), "superscript")
            self._sup_start = None

    def handle_data(self, data):
        if self._skip_stack or not data:
            return
        if self._builder is None and not data.strip():
            return
        self._ensure_builder().add(data, self._offset())

    def handle_entityref(self, name):
        self._add_decoded(f"&{name};")

    def handle_charref(self, name):
        self._add_decoded(f"&#{name};")

    def _add_decoded(self, raw: str) -> None:
        if self._skip_stack:
            return
        decoded = html.unescape(raw)
        if decoded == "\xa0":
            decoded = " "
        self._ensure_builder().add_gap(decoded, self._offset())

    def handle_comment(self, data):
        start = self._offset()
        self.comments.append(Comment(start, start + len(data) + 7, data.strip()))

    def close(self):
        super().close()
        self._flush()


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)


def read_html(text: str, path: str = "<text>") -> Document:
    """HTML, with a Jekyll-style front matter block (metadata) and template tags (not prose)."""
    from .frontmatter import parse_front_matter
    from .templates import blank, mask_templates

    parse_text, _, includes = mask_templates(text)
    metadata, problems = {}, []
    fm = _FRONT_MATTER.match(parse_text)
    if fm:
        metadata, problem = parse_front_matter(fm.group(1))
        if problem:
            problems.append((0, problem))
        parse_text = blank(parse_text, [fm.span()])
    reader = HtmlBlockReader()
    reader.feed(parse_text)
    reader.close()
    blocks = sorted(reader.blocks, key=lambda b: b.start)
    return Document(path=path, source=text, format="html", blocks=blocks, comments=reader.comments,
                    metadata=metadata, problems=problems, includes=includes)
