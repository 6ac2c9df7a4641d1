"""Readers turn a draft into the common Document model, one reader per format.

A reader is registered once, with the file suffixes it reads: `register_reader` is the one
plug point. Text readers get the decoded text; binary readers (Word files) get the bytes. Every
reader keeps offsets into what it was given, so findings point at the original file."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping

from ..model import Document


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    read: Callable[..., Document]  # (text or bytes, path) -> Document
    binary: bool = False  # reads bytes (a Word file), not decoded text
    description: str = ""


READERS: dict[str, Reader] = {}
FORMATS_BY_SUFFIX: dict[str, str] = {}


def register_reader(name: str, suffixes: tuple[str, ...], *, binary: bool = False, description: str = ""):
    """Decorator: `read` becomes the reader of format `name` and of files ending in `suffixes`."""
    def add(read: Callable[..., Document]) -> Callable[..., Document]:
        READERS[name] = Reader(name, tuple(suffixes), read, binary, description)
        for suffix in suffixes:
            FORMATS_BY_SUFFIX[suffix] = name
        return read
    return add


@register_reader("markdown", (".md", ".markdown", ".mdown", ".mkd"), description="CommonMark with front matter, tables and footnotes")
def _markdown(text: str, path: str) -> Document:
    from .markdown import read_markdown

    return read_markdown(text, path)


@register_reader("mdx", (".mdx",), description="MDX: Markdown with import/export lines and JSX as non-prose")
def _mdx(text: str, path: str) -> Document:
    from .mdx import read_mdx

    return read_mdx(text, path)


@register_reader("text", (".txt", ".text"), description="plain text")
def _text(text: str, path: str) -> Document:
    from .plaintext import read_plaintext

    return read_plaintext(text, path)


@register_reader("html", (".html", ".htm"), description="HTML, and site templates in it")
def _html(text: str, path: str) -> Document:
    from .html import read_html

    return read_html(text, path)


@register_reader("rst", (".rst", ".rest"), description="reStructuredText, read by docutils")
def _rst(text: str, path: str) -> Document:
    from .rst import read_rst

    return read_rst(text, path)


@register_reader("asciidoc", (".adoc", ".asciidoc", ".asc"), description="AsciiDoc")
def _asciidoc(text: str, path: str) -> Document:
    from .asciidoc import read_asciidoc

    return read_asciidoc(text, path)


@register_reader("docx", (".docx",), binary=True, description="Word documents (and Google Docs exports), read by python-docx")
def _docx(data: bytes, path: str) -> Document:
    from .docx import read_docx

    return read_docx(data, path)


def format_for_path(path: str, default: str = "text", extra: Mapping[str, str] | None = None) -> str:
    """The format of a file by its suffix; `extra` (the config's `formats`) adds or overrides suffixes."""
    suffix = os.path.splitext(path)[1].lower()
    if extra and suffix in extra:
        return extra[suffix]
    return FORMATS_BY_SUFFIX.get(suffix, default)


def is_binary_format(fmt: str) -> bool:
    reader = READERS.get(fmt)
    return reader is not None and reader.binary


def parse_document(text, fmt: str, path: str = "<text>") -> Document:
    """Parse `text` (bytes for a binary format) in format `fmt` into a Document."""
    reader = READERS.get(fmt)
    if reader is None:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(sorted(READERS))}")
    return reader.read(text, path)
