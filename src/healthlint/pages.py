"""The site's own pages (privacy, terms, contact, about, a section's listing page), told from a
draft's file name or title: rules about articles (pasted chrome, a missing disclaimer) leave
them alone."""
from __future__ import annotations

from .model import Document
from .patterns import compile_cached

_SITE_PAGE_NAME = compile_cached(r"[\W_]+")


def is_site_page(doc: Document, title: str, pattern) -> bool:
    """A draft whose file name ("privacy-policy.md", "about/index.md") or title names one of the
    site's own pages."""
    parts = [p for p in doc.path.replace("\\", "/").split("/") if p]
    stem = parts[-1].rsplit(".", 1)[0] if parts else ""
    if stem.lower() == "_index":
        return True  # a section's listing page (Hugo): the site's own page, not an article
    if stem.lower() in ("index", "readme", "page") and len(parts) >= 2:
        stem = parts[-2]  # about/index.md
    names = [_SITE_PAGE_NAME.sub(" ", stem).strip(), title.strip()]
    return any(name and pattern.match(name) for name in names)


def page_title(doc: Document) -> str:
    """The draft's title: its front matter's, else its first heading."""
    meta = doc.metadata if isinstance(doc.metadata, dict) else {}
    title = meta.get("title") or meta.get("name") or ""
    if not isinstance(title, str) or not title.strip():
        title = next((b.text for b in doc.blocks if b.kind == "heading"), "")
    return title
