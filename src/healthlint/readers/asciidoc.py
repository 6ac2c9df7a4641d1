"""AsciiDoc reader.

No maintained Python library parses AsciiDoc into a tree with source positions (Asciidoctor is
Ruby; asciidoc-py converts to HTML and keeps no offsets), so this reader follows the AsciiDoc
language description line by line. Not prose: the document header's author and revision lines,
attribute entries (`:imagesdir: images`) and references (`{imagesdir}`), comments (`//`, `////`),
block attributes and anchors (`[source,python]`, `[[id]]`), block macros and includes
(`image::knee.png[]`, `include::disclaimer.adoc[]`), listing, literal and passthrough blocks,
inline macros' targets, and monospace text. Prose: paragraphs, section and block titles, list
items, admonitions (`NOTE: ...`), quotes, sidebars, examples, table cells, link texts and
footnotes (`footnote:[...]`, read as footnote blocks with a marker where they stand)."""
from __future__ import annotations

import re

from ..model import Comment, Document, LineIndex
from .builder import BlockBuilder

_LINE = re.compile(r"[^\n]*\n?")
_ATTRIBUTE_ENTRY = re.compile(r"^:!?[\w-]+!?:(?:\s.*)?$")
_SECTION = re.compile(r"^(={1,6}|#{1,6})\s+(\S.*)$")
_BLOCK_TITLE = re.compile(r"^\.(?=[^\s.])(.+)$")
_BLOCK_ATTRIBUTES = re.compile(r"^\[\[?[^\]]*\]\]?\s*$")
_BLOCK_MACRO = re.compile(r"^[a-z][\w-]*::\S*\[.*\]\s*$")
_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|\+{4,}|/{4,}|={4,}|\*{4,}|_{4,}|--|\|={3,}|,={3,}|:={3,}|!={3,})\s*$")
_NOT_PROSE_DELIMITERS = ("-", ".", "+", "/")  # listing, literal, passthrough, comment
_LIST_ITEM = re.compile(r"^(\s*)(\*{1,5}|-|\.{1,5}|\d{1,3}\.|[a-zA-Z]\.|[ivxIVX]{1,4}\))\s+(?:\[[ xX*]\]\s+)?(?=\S)")
_DESCRIPTION = re.compile(r"^(.+?)(:{2,4}|;;)(?:\s+|$)")
_ADMONITION = re.compile(r"^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+")
_CODE_STYLES = re.compile(r"^\[(?:source|listing|literal|stem|latexmath|asciimath|pass)\b", re.I)
_QUOTE_STYLE = re.compile(r"^\[(?:quote|verse)\b", re.I)
# Inline constructs, in the order they are tried where each starts.
_INLINE = re.compile(
    r"(?P<footnote>footnote(?:ref)?:(?:[\w-]*)\[(?P<fn>(?:[^\]\\]|\\.)*)\])"
    r"|(?P<macro>(?P<mname>link|mailto|xref|image|kbd|btn|menu|icon|pass|stem|latexmath|asciimath|indexterm2?|anchor)"
    r":(?P<mtarget>[^\s\[]*)\[(?P<mtext>(?:[^\]\\]|\\.)*)\])"
    r"|(?P<url>(?:https?|ftp|irc)://[^\s\[\]<>]+)(?:\[(?P<utext>(?:[^\]\\]|\\.)*)\])?"
    r"|(?P<xref><<(?P<xtarget>[^,>]+)(?:,\s*(?P<xtext>[^>]*))?>>)"
    r"|(?P<attr>\{[\w-]+\})"
    r"|(?P<anchor>\[\[[^\]]*\]\]|\[#[\w-]+\])"
    r"|(?P<mono>`[^`\n]+`|\+{3}.*?\+{3}|\+[^+\n]+\+)"
    r"|(?P<mark>(?<![\w*_#^~])[*_#]{1,2}(?=\S)|(?<=\S)[*_#]{1,2}(?![\w*_#])|[\^~](?=\S)|(?<=\S)[\^~])"
    r"|(?P<hardbreak>\s\+$)")


def read_asciidoc(text: str, path: str = "<text>") -> Document:
    lines = [(m.start(), m.group(0).rstrip("\n").rstrip("\r")) for m in _LINE.finditer(text) if m.group(0)]
    reader = _Reader(text)
    metadata: dict = {}
    i = 0
    n = len(lines)
    # the header: a level-0 title, then author and revision lines until a blank line
    if n and lines[0][1].startswith("= "):
        reader.heading(lines[0][0] + 2, lines[0][1][2:], 1)
        metadata["title"] = lines[0][1][2:].strip()
        i = 1
        while i < n and lines[i][1].strip():
            content = lines[i][1]
            m = _ATTRIBUTE_ENTRY.match(content)
            if m:
                _attribute(metadata, content)
            elif not content.startswith("//"):
                metadata.setdefault("author" if "author" not in metadata else "revision", content.strip())
            i += 1
    reader.body(lines, i, n, metadata)
    blocks = sorted(reader.blocks, key=lambda b: b.start)
    labels = frozenset(b.label for b in blocks if b.kind == "footnote" and b.label)
    return Document(path=path, source=text, format="asciidoc", blocks=blocks, metadata=metadata,
                    comments=reader.comments, footnote_labels=labels, _lines=LineIndex(text))


def _attribute(metadata: dict, content: str) -> None:
    name, _, value = content[1:].partition(":")
    metadata[name.strip("!")] = value.strip()


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.blocks = []
        self.comments: list[Comment] = []
        self.footnotes = 0

    def body(self, lines, i: int, n: int, metadata: dict, kind: str = "paragraph") -> None:
        para: list[tuple[int, str]] = []
        para_kind = kind
        skip_next_paragraph = False

        def flush():
            nonlocal para, para_kind, skip_next_paragraph
            if para and not skip_next_paragraph:
                self.paragraph(para, para_kind)
            if para:
                skip_next_paragraph = False
            para, para_kind = [], kind

        while i < n:
            start, content = lines[i]
            stripped = content.strip()
            if not stripped:
                flush()
                i += 1
                continue
            delim = _DELIMITER.match(content)
            if delim:
                flush()
                mark = delim.group(1)
                close = next((j for j in range(i + 1, n) if lines[j][1].rstrip() == mark.rstrip()), n)
                if mark[0] in _NOT_PROSE_DELIMITERS and mark != "--" or skip_next_paragraph:
                    skip_next_paragraph = False
                elif mark[0] in "|,:!":
                    self.table(lines, i + 1, close)
                else:
                    inner = "quote" if mark[0] == "_" else kind
                    self.body(lines, i + 1, close, metadata, inner)
                i = close + 1
                continue
            if content.startswith("//"):
                body = content[2:].strip()
                if body.startswith("healthlint-"):  # `// healthlint-disable typo`: a suppression
                    self.comments.append(Comment(start, start + len(content), body))
                i += 1  # a line comment
                continue
            if _ATTRIBUTE_ENTRY.match(content):
                flush()
                _attribute(metadata, content)
                i += 1
                continue
            if _BLOCK_ATTRIBUTES.match(stripped):
                flush()
                if _CODE_STYLES.match(stripped):
                    skip_next_paragraph = True
                elif _QUOTE_STYLE.match(stripped):
                    para_kind = "quote"
                i += 1
                continue
            if _BLOCK_MACRO.match(stripped):
                flush()
                i += 1
                continue
            section = _SECTION.match(content)
            if section and not para:
                level = len(section.group(1))
                self.heading(start + section.start(2), section.group(2), level)
                i += 1
                continue
            title = _BLOCK_TITLE.match(content)
            if title and not para:
                self.heading(start + 1, title.group(1), 6)
                i += 1
                continue
            if content == "+":  # list continuation
                flush()
                i += 1
                continue
            item = _LIST_ITEM.match(content)
            if item:
                flush()
                para_kind = "list_item"
                para.append((start + item.end(), content[item.end():]))
                i += 1
                continue
            description = _DESCRIPTION.match(content) if not para else None
            if description and not content.startswith(("http", "link:")):
                flush()
                self.paragraph([(start, description.group(1))], "paragraph")
                rest = content[description.end():]
                if rest.strip():
                    para_kind = "list_item"
                    para.append((start + description.end(), rest))
                i += 1
                continue
            admonition = _ADMONITION.match(content) if not para else None
            if admonition:
                para.append((start + admonition.end(), content[admonition.end():]))
                i += 1
                continue
            if content.startswith((" ", "\t")) and not para and kind == "paragraph":
                i += 1  # an indented literal paragraph
                while i < n and lines[i][1].strip():
                    i += 1
                continue
            para.append((start, content))
            i += 1
        flush()

    def heading(self, offset: int, content: str, level: int) -> None:
        builder = BlockBuilder("heading", level=level)
        self.inline(builder, offset, content.rstrip())
        block = builder.build()
        if block is not None:
            self.blocks.append(block)

    def paragraph(self, para: list[tuple[int, str]], kind: str) -> None:
        builder = BlockBuilder(kind)
        for k, (offset, content) in enumerate(para):
            lead = len(content) - len(content.lstrip())
            if k:
                builder.add(" ", None)
            self.inline(builder, offset + lead, content.strip())
        block = builder.build()
        if block is not None:
            self.blocks.append(block)

    def table(self, lines, i: int, close: int) -> None:
        for start, content in lines[i:close]:
            pos = 0
            for cell in re.finditer(r"(?:^|(?<=\s)|^)(?:\d*[.+*]?\d*[<^>]?[.<^>]?\d*[a-z]?)?\|([^|]*)", content):
                body = cell.group(1)
                if body.strip():
                    builder = BlockBuilder("table_cell")
                    lead = len(body) - len(body.lstrip())
                    self.inline(builder, start + cell.start(1) + lead, body.strip())
                    block = builder.build()
                    if block is not None:
                        self.blocks.append(block)
                pos = cell.end()
            if pos == 0 and content.strip():  # a cell continued on its own line
                builder = BlockBuilder("table_cell")
                self.inline(builder, start + len(content) - len(content.lstrip()), content.strip())
                block = builder.build()
                if block is not None:
                    self.blocks.append(block)

    def inline(self, builder: BlockBuilder, offset: int, content: str) -> None:
        last = 0
        for m in _INLINE.finditer(content):
            if m.start() > last:
                builder.add(content[last:m.start()], offset + last)
            kind = _outer(m)
            if kind == "footnote":
                self.footnotes += 1
                label = str(self.footnotes)
                start = builder.length
                builder.add(f"[{label}]", offset + m.start())
                builder.add_marker(start, label, "footnote")
                note = BlockBuilder("footnote", label=label)
                self.inline(note, offset + m.start("fn"), m.group("fn"))
                block = note.build()
                if block is not None:
                    self.blocks.append(block)
            elif kind == "macro":
                name, text = m.group("mname"), m.group("mtext")
                if name in ("link", "mailto", "xref") and text:
                    builder.open_link(m.group("mtarget"))
                    label = text.split(",")[0].strip('"') if name != "xref" else text
                    builder.add(label, offset + m.start("mtext"))
                    builder.close_link()
                elif name in ("kbd", "btn", "menu", "icon", "pass", "stem", "latexmath", "asciimath"):
                    builder.add("\uFFFC", offset + m.start())
            elif kind == "url":
                if m.group("utext"):
                    builder.open_link(m.group("url"))
                    builder.add(m.group("utext"), offset + m.start("utext"))
                    builder.close_link()
                else:
                    builder.open_link(m.group("url"))
                    builder.add(m.group("url"), offset + m.start("url"))
                    builder.close_link()
            elif kind == "xref" and m.group("xtext"):
                builder.add(m.group("xtext"), offset + m.start("xtext"))
            elif kind == "mono":
                builder.add("\uFFFC", offset + m.start())
            elif kind == "hardbreak":
                builder.add("\n", None, hard_break=True)
            # attributes, anchors and formatting marks add nothing
            last = m.end()
        if last < len(content):
            builder.add(content[last:], offset + last)


def _outer(m) -> str:
    for name in ("footnote", "macro", "url", "xref", "attr", "anchor", "mono", "mark", "hardbreak"):
        if m.group(name) is not None:
            return name
    return "mark"
