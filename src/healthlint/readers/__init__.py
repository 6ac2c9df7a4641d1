"""Readers turn a draft's text into the common Document model, one reader per format."""
from __future__ import annotations

from ..model import Document

FORMATS_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
}


def format_for_path(path: str, default: str = "text") -> str:
    import os

    return FORMATS_BY_SUFFIX.get(os.path.splitext(path)[1].lower(), default)


def parse_document(text: str, fmt: str, path: str = "<text>") -> Document:
    """Parse `text` in format `fmt` ("markdown", "html" or "text") into a Document."""
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown(text, path)
    if fmt == "html":
        from .html import read_html

        return read_html(text, path)
    if fmt == "text":
        from .plaintext import read_plaintext

        return read_plaintext(text, path)
    raise ValueError(f"unknown format {fmt!r}; expected markdown, html or text")
