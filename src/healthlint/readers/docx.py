"""Word reader (.docx, also what Google Docs exports), built on python-docx.

A Word file has no lines, so the Document's source is the file's text laid out one paragraph a
line, in reading order: body paragraphs and table cells, then footnotes. A finding's line is the
paragraph's number in that order, and its column the character in the paragraph. Headings
(Title, Heading 1-9), list paragraphs (numbered or bulleted), quotes, table cells, hyperlinks and
footnotes are read as such; Word comments are the draft's comments, so an editor can write
`healthlint-disable typo` in a comment to suppress a finding there."""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError
from ..model import Comment, Document, LineIndex
from .builder import BlockBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_UNPACKED = 200 * 1024 * 1024  # a Word file that unpacks to more than this is refused (a zip bomb)
_HEADING = re.compile(r"^(?:heading\s*(\d)|title|subtitle)$", re.I)


def read_docx(data: bytes, path: str = "<docx>") -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED:
                raise InputError(f"is a Word file that unpacks to {unpacked // 1048576} MB, above the "
                                 f"{MAX_UNPACKED // 1048576} MB limit; skipped", path)
            if "word/document.xml" not in archive.namelist():
                raise InputError("is a zip archive but not a Word document (no word/document.xml)", path)
    except zipfile.BadZipFile:
        raise InputError("is not a readable Word file (not a valid .docx zip archive)", path) from None
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on damaged files
        raise InputError(f"is not a readable Word file ({type(exc).__name__}: {str(exc)[:120]})", path) from None
    return _Layout(word, path).document()


class _Layout:
    def __init__(self, word, path: str):
        self.word = word
        self.path = path
        self.lines: list[str] = []
        self.blocks = []
        self.comment_anchor: dict[str, int] = {}  # Word comment id -> line offset

    def offset(self) -> int:
        return sum(len(x) + 1 for x in self.lines)

    def document(self) -> Document:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        body = self.word.element.body
        for child in body.iterchildren():
            if child.tag == W + "p":
                self.paragraph(Paragraph(child, self.word._body))
            elif child.tag == W + "tbl":
                self.table(Table(child, self.word._body))
        labels = self.footnotes()
        comments = self.comments()
        source = "\n".join(self.lines) + ("\n" if self.lines else "")
        title = (self.word.core_properties.title or "").strip()
        metadata = {"title": title} if title else {}
        return Document(path=self.path, source=source, format="docx", blocks=self.blocks, metadata=metadata,
                        comments=comments, footnote_labels=frozenset(labels), _lines=LineIndex(source))

    def paragraph(self, para, kind: str | None = None) -> None:
        style = (para.style.name if para.style is not None else "") or ""
        level = 0
        if kind is None:
            m = _HEADING.match(style.strip())
            if m:
                kind, level = "heading", int(m.group(1) or 1)
            elif para._p.pPr is not None and para._p.pPr.numPr is not None or style.lower().startswith("list"):
                kind = "list_item"
            elif "quote" in style.lower():
                kind = "quote"
            else:
                kind = "paragraph"
        start = self.offset()
        builder = BlockBuilder(kind, level=level)
        line = self.inline(para._p, builder, start)
        for anchor in para._p.iter(W + "commentRangeStart"):
            self.comment_anchor[anchor.get(W + "id")] = start
        self.lines.append(line)
        block = builder.build()
        if block is not None:
            self.blocks.append(block)

    def inline(self, element, builder: BlockBuilder, start: int) -> str:
        """Walk the runs of a paragraph element, in order: text, tabs and breaks, hyperlinks and
        footnote references. Returns the paragraph's line."""
        pieces: list[str] = []
        length = 0

        def add(text: str) -> None:
            nonlocal length
            text = text.replace("\n", " ")
            builder.add(text, start + length)
            pieces.append(text)
            length += len(text)

        in_links = {id(t) for link in element.iter(W + "hyperlink") for t in link.iter(W + "t")}
        for node in element.iter():
            tag = node.tag
            if tag == W + "t":
                if id(node) not in in_links:
                    add(node.text or "")
            elif tag == W + "tab":
                add(" ")
            elif tag in (W + "br", W + "cr"):
                add(" ")
            elif tag == W + "hyperlink":
                target = self._hyperlink_target(node)
                builder.open_link(target)
                for t in node.iter(W + "t"):
                    add(t.text or "")
                builder.close_link()
            elif tag == W + "footnoteReference":
                label = node.get(W + "id") or ""
                marker_start = builder.length
                add(f"[{label}]")
                builder.add_marker(marker_start, label, "footnote")
        return "".join(pieces)

    def _hyperlink_target(self, node) -> str:
        rid = node.get(R + "id")
        if rid and rid in self.word.part.rels:
            rel = self.word.part.rels[rid]
            if rel.is_external:
                return rel.target_ref
        anchor = node.get(W + "anchor")
        return f"#{anchor}" if anchor else ""

    def table(self, table) -> None:
        from docx.text.paragraph import Paragraph

        seen = set()
        for row in table._tbl.iter(W + "tr"):
            for cell in row.iter(W + "tc"):
                if id(cell) in seen:
                    continue
                seen.add(id(cell))
                for p in cell.iter(W + "p"):
                    self.paragraph(Paragraph(p, self.word._body), kind="table_cell")

    def footnotes(self) -> list[str]:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml

        labels = []
        for rel in self.word.part.rels.values():
            if rel.reltype != RT.FOOTNOTES or rel.is_external:
                continue
            root = parse_xml(rel.target_part.blob)
            for note in root.iter(W + "footnote"):
                if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                label = note.get(W + "id") or ""
                labels.append(label)
                start = self.offset()
                builder = BlockBuilder("footnote", label=label)
                line = self.inline(note, builder, start)
                self.lines.append(line)
                block = builder.build()
                if block is not None:
                    self.blocks.append(block)
        return labels

    def comments(self) -> list[Comment]:
        out = []
        try:
            comments = list(self.word.comments)
        except Exception:  # noqa: BLE001 - a file without a comments part, or a damaged one
            return out
        for comment in comments:
            cid = str(comment.comment_id)
            at = self.comment_anchor.get(cid)
            if at is None:
                continue
            text = (comment.text or "").strip()
            # a comment belongs to the paragraph it is anchored on: "healthlint-disable typo"
            # there suppresses the paragraph, not the rest of the document
            text = re.sub(r"^healthlint-disable(?=\s|$)", "healthlint-disable-line", text)
            out.append(Comment(at, at, text))
        return out
