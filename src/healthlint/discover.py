"""Paths and globs in, a sorted list of draft files out. Hidden folders, .git and node_modules
are skipped, as are the config's exclude globs; a file the user names explicitly is always
linted, whatever its name."""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

from .config import Config, glob_full_match
from .readers import FORMATS_BY_SUFFIX

SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv", "venv", ".healthlint_cache"}


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, problem)
    empty_folders: list[str] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was skipped)


def discover(paths: list[str], config: Config) -> Discovery:
    found: dict[str, None] = {}
    result = Discovery()
    for raw in paths:
        if os.path.isfile(raw):
            found[os.path.normpath(raw)] = None
            continue
        if os.path.isdir(raw):
            before = len(found)
            for path in _walk(raw, config, result.notices):
                found[path] = None
            if len(found) == before:
                result.empty_folders.append(raw)
            continue
        if os.path.islink(raw):
            result.errors.append((raw, "broken symbolic link (its target does not exist)"))
            continue
        if any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            for m in matches:
                if os.path.isfile(m) and not config.is_excluded(m):
                    found[os.path.normpath(m)] = None
            if not matches:
                result.errors.append((raw, "no file matches this pattern"))
            continue
        result.errors.append((raw, "no such file or folder"))
    result.files = sorted(found)
    return result


def _walk(root: str, config: Config, notices: list[tuple[str, str]]):
    """Symbolic links are followed only while they stay inside the folder being walked: a link
    out of the tree (to a home folder, to /) is skipped with a notice, so a walk cannot wander
    over the whole disk and `--fix` never writes outside the folder it was given. Name such a
    file explicitly to lint it."""
    seen_dirs: set[tuple[int, int]] = set()
    inside = _inside(os.path.realpath(root))
    for folder, dirs, files in os.walk(root, followlinks=True):
        try:
            st = os.stat(folder)
            key = (st.st_dev, st.st_ino)
        except OSError:
            dirs[:] = []
            continue
        if key in seen_dirs:  # symlink loop
            dirs[:] = []
            continue
        seen_dirs.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and not config.is_excluded(os.path.join(folder, d))
                         and _stays_inside(os.path.join(folder, d), inside, notices))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() not in FORMATS_BY_SUFFIX:
                continue
            path = os.path.normpath(os.path.join(folder, name))
            if not config.is_excluded(path) and _stays_inside(path, inside, notices):
                yield path


def _inside(real_root: str):
    prefix = real_root.rstrip(os.sep) + os.sep
    return lambda real: real == real_root or real.startswith(prefix)


def _stays_inside(path: str, inside, notices: list[tuple[str, str]]) -> bool:
    if not os.path.islink(path):
        return True
    real = os.path.realpath(path)
    if not os.path.exists(real):
        return True  # a broken link or a loop: reading it reports the problem
    if inside(real):
        return True
    notices.append((os.path.normpath(path), f"symbolic link to {real}, outside the folder being linted; "
                                            "skipped (name it explicitly to lint it)"))
    return False


def library_files(config: Config) -> list[str]:
    """Files named by the config's `library` globs (relative to the config's folder), with the
    same glob semantics as `exclude` (`*` stays in one folder, `**` is any depth) and the same
    walk as `discover`: hidden folders, .git and node_modules skipped, excluded folders pruned,
    symbolic-link loops cut."""
    out: dict[str, None] = {}
    for pattern in config.library:
        full = os.path.normpath(pattern if os.path.isabs(pattern) else os.path.join(config.root, pattern))
        base, rest = _literal_base(full)
        if not rest:  # no wildcard: one file or one folder
            if os.path.isfile(base):
                if os.path.splitext(base)[1].lower() in FORMATS_BY_SUFFIX and not config.is_excluded(base):
                    out[base] = None
                continue
        if not os.path.isdir(base):
            continue
        for path in _walk(base, config, []):  # links out of `base` are skipped quietly here
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if not rest or glob_full_match(rel, rest):
                out[path] = None
    return sorted(out)


def _literal_base(pattern: str) -> tuple[str, str]:
    """('content', '**/*.md') for 'content/**/*.md': the folder before the first wildcard."""
    parts = pattern.replace(os.sep, "/").split("/")
    for i, part in enumerate(parts):
        if any(ch in part for ch in "*?["):
            return ("/".join(parts[:i]) or ("/" if pattern.startswith("/") else ".")), "/".join(parts[i:])
    return pattern, ""
