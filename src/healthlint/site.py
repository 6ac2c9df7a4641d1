"""Site composition: what a static site adds to a page around the draft.

A writer's disclaimer often lives in the site, not in the draft: a Jekyll include where the
draft calls it (`{% include medical-disclaimer.html %}`), a layout the front matter names
(`layout: post` and `_layouts/post.html`), or a footer partial every page gets. Those texts are
gathered here as `Document.provided`: rules that need a text somewhere on the page (the medical
disclaimer, the FDA statement) count them; no other rule reads them.

- Jekyll includes are followed to the nearest `_includes/` folder up from the draft (or next to
  the draft for `include_relative`), nested includes too.
- Jekyll layouts are followed to the nearest `_layouts/` folder, with the layout's own layout.
- The config's `provided:` entries declare the rest: a file or a text, and the globs of the
  drafts it is added to (Hugo partials, Astro components, a CMS footer).

Every file is read through decode.read_draft (regular files only, size-limited) and parsed by
its format's reader; what cannot be read is left out, never fatal."""
from __future__ import annotations

import os
from functools import lru_cache

from .config import Config, glob_full_match, root_relative
from .errors import InputError
from .model import Document

MAX_DEPTH = 6  # includes inside includes inside layouts...
MAX_PROVIDED_BYTES = 1024 * 1024
_SITE_FOLDERS = ("_includes", "_layouts")


def provided_texts(doc: Document, config: Config) -> list[str]:
    out: list[str] = []
    path = doc.path
    if path and not path.startswith("<") and os.path.exists(path):
        folder = os.path.dirname(os.path.abspath(path))
        seen: set[str] = set()
        for inc in doc.includes:
            out.extend(_include_texts(folder, inc.name, inc.relative, seen, 0))
        layout = doc.metadata.get("layout") if isinstance(doc.metadata, dict) else None
        if isinstance(layout, str) and layout.strip():
            out.extend(_layout_texts(folder, layout.strip(), seen, 0))
    for entry in config.provided:
        if not _covers(entry, path, config):
            continue
        if "text" in entry:
            out.append(str(entry["text"]))
        elif "file" in entry:
            text = _file_text(os.path.join(config.root, entry["file"]))
            if text:
                out.append(text)
    return out


def _covers(entry: dict, path: str, config: Config) -> bool:
    globs = entry.get("paths") or ["**"]
    rel = root_relative(path, config.root)
    return any(glob_full_match(rel, g) for g in globs)


def find_site_folder(start: str, name: str) -> str | None:
    """The nearest `name` folder (e.g. _includes) in `start` or one of its parents."""
    folder = start
    for _ in range(12):
        candidate = os.path.join(folder, name)
        if os.path.isdir(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


def _include_texts(folder: str, name: str, relative: bool, seen: set[str], depth: int) -> list[str]:
    if depth > MAX_DEPTH:
        return []
    base = folder if relative else find_site_folder(folder, "_includes")
    if base is None:
        return []
    target = os.path.normpath(os.path.join(base, name))
    return _texts_of(target, seen, depth)


def _layout_texts(folder: str, name: str, seen: set[str], depth: int) -> list[str]:
    if depth > MAX_DEPTH:
        return []
    base = find_site_folder(folder, "_layouts")
    if base is None:
        return []
    for candidate in (name, name + ".html", name + ".liquid", name + ".md"):
        target = os.path.normpath(os.path.join(base, candidate))
        if os.path.isfile(target):
            return _texts_of(target, seen, depth)
    return []


def _texts_of(target: str, seen: set[str], depth: int) -> list[str]:
    if target in seen:
        return []
    seen.add(target)
    doc = _parsed(target)
    if doc is None:
        return []
    out = [text for text in ("\n\n".join(b.text for b in doc.blocks),) if text.strip()]
    here = os.path.dirname(target)
    for inc in doc.includes:
        out.extend(_include_texts(here, inc.name, inc.relative, seen, depth + 1))
    layout = doc.metadata.get("layout") if isinstance(doc.metadata, dict) else None
    if isinstance(layout, str) and layout.strip():
        out.extend(_layout_texts(here, layout.strip(), seen, depth + 1))
    return out


def _file_text(target: str) -> str:
    doc = _parsed(os.path.normpath(target))
    return "" if doc is None else "\n\n".join(b.text for b in doc.blocks)


def _parsed(target: str) -> Document | None:
    try:
        st = os.stat(target)
    except OSError:
        return None
    return _parsed_at(target, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=256)
def _parsed_at(target: str, size: int, mtime_ns: int) -> Document | None:
    """A site file parsed by its reader (HTML for templates of any suffix but Markdown's)."""
    from .readers import format_for_path, is_binary_format, parse_document
    from .decode import read_draft

    try:
        decoded = read_draft(target, MAX_PROVIDED_BYTES)
    except InputError:
        return None
    fmt = format_for_path(target, default="html")
    if fmt == "text" or is_binary_format(fmt):
        fmt = "html"
    try:
        return parse_document(decoded.text, fmt, target)
    except Exception:  # noqa: BLE001 - a site file that cannot be parsed adds nothing
        return None


def site_files(config: Config, limit: int = 2000) -> list[str]:
    """The include and layout files under the project's folder, for the cache key: an edited
    include changes what every page that calls it is checked against."""
    out = []
    for root in dict.fromkeys((os.path.abspath(config.root), os.getcwd())):
        for name in _SITE_FOLDERS:
            base = os.path.join(root, name)
            if not os.path.isdir(base):
                continue
            for folder, dirs, files in os.walk(base):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    out.append(os.path.join(folder, f))
                    if len(out) >= limit:
                        return out
    return out
