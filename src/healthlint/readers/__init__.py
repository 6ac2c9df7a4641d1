"""Readers turn a draft into the common Document model, one reader per format and module.

READERS is the plug point (the registry style of kinds and reporters too, registry.py): a reader
is registered once, as "module:function", with the file suffixes it reads. Text readers get the
decoded text; binary readers (Word files) get the bytes. Every reader keeps offsets into what it
was given, so findings point at the original file. A reader's module is imported only when a
draft of its format is read."""
from __future__ import annotations

import os
from typing import Mapping

from ..model import Document
from ..registry import Registry

READERS = Registry("format")
for _name, _target, _suffixes, _binary, _description in (
    ("markdown", "healthlint.readers.markdown:read_markdown", (".md", ".markdown", ".mdown", ".mkd"), False,
     "CommonMark with front matter, tables and footnotes"),
    ("mdx", "healthlint.readers.mdx:read_mdx", (".mdx",), False,
     "MDX: Markdown with import/export lines and JSX as non-prose"),
    ("text", "healthlint.readers.plaintext:read_plaintext", (".txt", ".text"), False, "plain text"),
    ("html", "healthlint.readers.html:read_html", (".html", ".htm"), False, "HTML, and site templates in it"),
    ("rst", "healthlint.readers.rst:read_rst", (".rst", ".rest"), False, "reStructuredText, read by docutils"),
    ("asciidoc", "healthlint.readers.asciidoc:read_asciidoc", (".adoc", ".asciidoc", ".asc"), False, "AsciiDoc"),
    ("docx", "healthlint.readers.docx:read_docx", (".docx",), True,
     "Word documents (and Google Docs exports), read by python-docx"),
):
    READERS.register(_name, _target, suffixes=_suffixes, binary=_binary, description=_description)

FORMATS_BY_SUFFIX: dict[str, str] = {suffix: e.name for e in READERS.entries() for suffix in e.meta["suffixes"]}


def format_for_path(path: str, default: str = "text", extra: Mapping[str, str] | None = None) -> str:
    """The format of a file by its suffix; `extra` (the config's `formats`) adds or overrides suffixes."""
    suffix = os.path.splitext(path)[1].lower()
    if extra and suffix in extra:
        return extra[suffix]
    return FORMATS_BY_SUFFIX.get(suffix, default)


def is_binary_format(fmt: str) -> bool:
    return fmt in READERS and bool(READERS.entry(fmt).meta.get("binary"))


def parse_document(text, fmt: str, path: str = "<text>") -> Document:
    """Parse `text` (bytes for a binary format) in format `fmt` into a Document."""
    if fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(READERS.names())}")
    return READERS.load(fmt)(text, path)
