"""reStructuredText reader, built on docutils' parser.

docutils gives each paragraph and title a line number but no columns; each piece of text is
placed in the source by a forward search from there, word by word when markup or escapes stand
between. Directives that hold code, raw output, comments, substitutions, targets and the
generated table of contents are not prose; the bibliographic fields at the top become metadata.
Sphinx's roles (:ref:, :doc:, :term:, ...) keep their display text; its structural directives
(toctree, only, tabs, seealso, versionadded, ...) are known, so they are not reported as
errors, and their content is read."""
from __future__ import annotations

import io
import re
from collections import defaultdict
from functools import lru_cache

from ..model import Comment, Document, LineIndex
from .builder import BlockBuilder

_WORD_PIECE = re.compile(r"\w+|[^\w\s]+")
_SKIP = {"literal_block", "doctest_block", "comment", "raw", "system_message", "substitution_definition",
         "target", "image", "math_block", "problematic", "substitution_reference", "pending", "docinfo",
         "field_name", "option_string", "label", "citation_reference_label"}
_INLINE_PLACEHOLDER = {"literal", "math"}
_SPHINX_TEXT_ROLES = ("ref", "doc", "term", "abbr", "numref", "download", "any", "keyword", "option", "envvar",
                      "file", "samp", "guilabel", "menuselection", "kbd", "dfn", "command", "program", "mimetype",
                      "manpage", "pep", "rfc", "eq", "cite", "footcite")
_SPHINX_CODE_ROLES = ("code", "py:func", "py:class", "py:meth", "py:mod", "func", "class", "meth", "mod", "attr",
                      "data", "const", "exc", "obj")
_SPHINX_CONTAINERS = ("only", "tab", "tabs", "group-tab", "seealso", "versionadded", "versionchanged", "deprecated",
                      "glossary", "hlist", "centered", "dropdown", "card", "grid", "grid-item", "grid-item-card",
                      "tab-set", "tab-item", "admonition-generic")
_SPHINX_SKIPPED = ("toctree", "autosummary", "automodule", "autoclass", "autofunction", "literalinclude",
                   "graphviz", "mermaid", "bibliography", "index", "highlight", "sectionauthor", "codeauthor",
                   "moduleauthor", "currentmodule", "tabularcolumns", "footbibliography", "jinja", "raw-html")
_DISPLAY = re.compile(r"^(.*?)\s*<[^<>]*>$", re.S)


@lru_cache(maxsize=1)
def _register_sphinx_names() -> None:
    """Teach docutils the Sphinx roles and directives drafts use, once per process."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives, roles

    def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
        m = _DISPLAY.match(text)
        shown = (m.group(1) if m else text).lstrip("~!")
        return [nodes.inline(rawtext, shown)], []

    def code_role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [nodes.literal(rawtext, text)], []

    for name in _SPHINX_TEXT_ROLES:
        roles.register_local_role(name, text_role)
    for name in _SPHINX_CODE_ROLES:
        roles.register_local_role(name, code_role)

    any_option = defaultdict(lambda: directives.unchanged)

    class Container(Directive):
        has_content = True
        optional_arguments = 10
        final_argument_whitespace = True
        option_spec = any_option

        def run(self):
            node = nodes.container()
            if self.arguments:
                node += nodes.paragraph(self.arguments[0], self.arguments[0])
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node]

    class Skipped(Directive):
        has_content = True
        optional_arguments = 10
        final_argument_whitespace = True
        option_spec = any_option

        def run(self):
            return []

    for name in _SPHINX_CONTAINERS:
        directives.register_directive(name, Container)
    for name in _SPHINX_SKIPPED:
        directives.register_directive(name, Skipped)


def read_rst(text: str, path: str = "<text>") -> Document:
    import docutils.core
    import docutils.nodes

    _register_sphinx_names()
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(), "file_insertion_enabled": False,
                "raw_enabled": False, "input_encoding": "unicode", "line_length_limit": 10_000_000,
                "syntax_highlight": "none", "smart_quotes": False, "doctitle_xform": False}
    problems = []
    try:
        tree = docutils.core.publish_doctree(text, source_path=path, settings_overrides=settings)
    except Exception as exc:  # noqa: BLE001 - docutils raises many types on hostile input
        return Document(path=path, source=text, format="rst", blocks=[],
                        problems=[(0, f"reStructuredText could not be parsed ({type(exc).__name__}); not checked")])
    lines = LineIndex(text)
    reader = _Reader(text, lines)
    metadata = {}
    for node in tree.children:
        if node.tagname == "docinfo":
            for field in node.children:
                if field.tagname == "field" and len(field.children) == 2:
                    metadata[field.children[0].astext()] = field.children[1].astext()
                else:
                    metadata[field.tagname] = field.astext()
    reader.walk(tree, docutils.nodes, level=0, context="paragraph")
    blocks = sorted(reader.blocks, key=lambda b: b.start)
    labels = frozenset(b.label for b in blocks if b.kind == "footnote" and b.label)
    return Document(path=path, source=text, format="rst", blocks=blocks, metadata=metadata, problems=problems,
                    comments=reader.comments, footnote_labels=labels, _lines=lines)


class _Reader:
    def __init__(self, text: str, lines: LineIndex):
        self.text = text
        self.lines = lines
        self.blocks = []
        self.comments: list[Comment] = []
        self.cursor = 0

    def walk(self, node, nodes, level: int, context: str, label: str | None = None) -> None:
        tag = node.tagname
        if tag == "comment":
            self.comment(node)
            return
        if tag in _SKIP or (tag == "topic" and "contents" in node.get("classes", [])):
            return
        if tag == "section":
            for child in node.children:
                self.walk(child, nodes, level + 1, context)
            return
        if tag == "title" and context != "skip":
            self.block(node, nodes, "heading", level=max(1, level))
            return
        if tag in ("paragraph", "term", "line", "attribution", "caption", "rubric"):
            self.block(node, nodes, context if tag == "paragraph" else "paragraph", label=label)
            return
        if tag == "list_item":
            number = None
            parent = node.parent
            if parent is not None and parent.tagname == "enumerated_list":
                start = int(parent.get("start", 1))
                number = str(start + parent.index(node))
            for child in node.children:
                self.walk(child, nodes, level, "list_item", number)
            return
        if tag == "block_quote":
            for child in node.children:
                self.walk(child, nodes, level, "quote")
            return
        if tag == "entry":
            for child in node.children:
                self.walk(child, nodes, level, "table_cell")
            return
        if tag in ("footnote", "citation"):
            names = [c.astext() for c in node.children if c.tagname == "label"]
            for child in node.children:
                self.walk(child, nodes, level, "footnote", names[0] if names else None)
            return
        for child in getattr(node, "children", ()):
            self.walk(child, nodes, level, context, label)

    def comment(self, node) -> None:
        """`.. healthlint-disable typo`: an rST comment is the draft's comment (suppressions)."""
        body = node.astext().strip()
        line = getattr(node, "line", None)
        if not body.startswith("healthlint-") or not line:
            return
        first = body.split("\n", 1)[0]
        begin = self.lines.line_start(max(1, line - 2))
        pos = self.text.find(first, begin, begin + 4000)
        if pos >= 0:
            self.comments.append(Comment(pos, pos + len(first), body))

    def block(self, node, nodes, kind: str, level: int = 0, label: str | None = None) -> None:
        builder = BlockBuilder(kind, label=label, level=level)
        line = getattr(node, "line", None)
        if line:
            # docutils' line is the paragraph's first line (a title's underline): search from a
            # little before it, never before the last piece placed
            self.cursor = max(self.cursor, self.lines.line_start(max(1, line - 2)))
        self.inline(node, nodes, builder)
        block = builder.build()
        if block is not None:
            self.blocks.append(block)

    def inline(self, node, nodes, builder: BlockBuilder) -> None:
        for child in node.children:
            tag = child.tagname
            if isinstance(child, nodes.Text):
                self.add_text(builder, str(child))
            elif tag in _SKIP:
                continue
            elif tag in _INLINE_PLACEHOLDER:
                self.find(child.astext())
                builder.add("\uFFFC", None)
            elif tag == "reference":
                builder.open_link(child.get("refuri", "") or child.get("refid", ""))
                self.inline(child, nodes, builder)
                builder.close_link()
            elif tag in ("footnote_reference", "citation_reference"):
                label = child.astext()
                start = builder.length
                src = self.find(label)
                builder.add(f"[{label}]", src)
                builder.add_marker(start, label, "footnote")
            else:
                self.inline(child, nodes, builder)

    def find(self, piece: str, window: int = 4000) -> int | None:
        if not piece:
            return None
        pos = self.text.find(piece, self.cursor, self.cursor + window + len(piece))
        if pos < 0:
            return None
        self.cursor = pos + len(piece)
        return pos

    def add_text(self, builder: BlockBuilder, text: str) -> None:
        src = self.find(text)
        if src is not None:
            builder.add(text, src)
            return
        last = 0
        for m in _WORD_PIECE.finditer(text):
            if m.start() > last:
                builder.add(text[last:m.start()], None)
            builder.add(m.group(0), self.find(m.group(0), window=400))
            last = m.end()
        if last < len(text):
            builder.add(text[last:], None)
