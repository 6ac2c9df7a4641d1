"""Paths and globs in, a sorted list of draft files out. Hidden folders, .git and node_modules
are skipped, as are the config's exclude globs and what the project's .gitignore files ignore
(unless `respect_gitignore` is off); a file the user names explicitly is always linted,
whatever its name."""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

from .config import Config, compiled_glob
from .readers import FORMATS_BY_SUFFIX


def draft_suffixes(config: Config) -> set[str]:
    """The suffixes the folder walk picks up: every reader's, and the config's `formats`."""
    return set(FORMATS_BY_SUFFIX) | set(config.formats)

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


def _walk(root: str, config: Config, notices: list[tuple[str, str]], stats: dict | None = None):
    """Symbolic links are followed only while they stay inside the folder being walked: a link
    out of the tree (to a home folder, to /) is skipped with a notice, so a walk cannot wander
    over the whole disk and `--fix` never writes outside the folder it was given. Name such a
    file explicitly to lint it.

    The same walk as os.walk(root, followlinks=True) with sorted names, but on os.scandir
    entries: whether an entry is a link or a folder comes with the listing, so a library of
    thousands of drafts costs no system call per file. `stats`, when given, receives each
    yielded path's os.stat result (None when it cannot be read) for the caller to reuse."""
    seen_dirs: set[tuple[int, int]] = set()
    inside = _inside(os.path.realpath(root))
    excluded = config.is_excluded if config.exclude else None
    suffixes = draft_suffixes(config)
    ignores = GitIgnores(root) if config.respect_gitignore else None
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            key = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if key in seen_dirs:  # symlink loop
            continue
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        if ignores is not None and any(e.name == ".gitignore" for e in entries):
            ignores.add_file(os.path.join(folder, ".gitignore"))
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        subdirs = []
        for entry in sorted(dirs, key=lambda e: e.name):
            name = entry.name
            if name.startswith(".") or name in SKIP_DIRS:
                continue
            path = os.path.join(folder, name)
            if excluded is not None and excluded(path):
                continue
            if ignores is not None and ignores.ignored(path, is_dir=True):
                continue
            if entry.is_symlink() and not _stays_inside(path, inside, notices):
                continue
            subdirs.append(path)
        base = os.path.normpath(folder)
        prefix = "" if base == "." else (base if base.endswith(os.sep) else base + os.sep)
        for entry in sorted(files, key=lambda e: e.name):
            name = entry.name
            if name.startswith("."):
                continue
            dot = name.rfind(".")
            if dot <= 0 or name[dot:].lower() not in suffixes:
                continue
            path = prefix + name
            if excluded is not None and excluded(path):
                continue
            if ignores is not None and ignores.ignored(path, is_dir=False):
                continue
            if entry.is_symlink() and not _stays_inside(path, inside, notices):
                continue
            if stats is not None:
                try:
                    stats[path] = entry.stat()
                except OSError:
                    stats[path] = None
            yield path
        stack.extend(reversed(subdirs))


class GitIgnores:
    """The .gitignore files that apply to a walk, read with pathspec (git's own matching rules):
    those of the repository's folders above the walked folder and of every folder below it, and
    .git/info/exclude. A deeper file's pattern overrides a shallower one, as in git."""

    def __init__(self, root: str):
        self.specs: list[tuple[str, object]] = []  # (folder, GitIgnoreSpec), shallowest first
        self._loaded: set[str] = set()
        real = os.path.abspath(root)
        repo = _repository_root(real)
        if repo is not None:
            self.add_file(os.path.join(repo, ".git", "info", "exclude"), folder=repo)
            chain = []
            folder = os.path.dirname(real) if os.path.isfile(real) else real
            while True:
                chain.append(folder)
                if folder == repo:
                    break
                parent = os.path.dirname(folder)
                if parent == folder:
                    break
                folder = parent
            for folder in reversed(chain[1:]):  # the walked folder's own file is read by the walk
                self.add_file(os.path.join(folder, ".gitignore"))

    def add_file(self, path: str, folder: str | None = None) -> None:
        import pathspec

        path = os.path.abspath(path)
        if path in self._loaded:
            return
        self._loaded.add(path)
        try:
            from .decode import read_draft

            lines = read_draft(path, 1024 * 1024).text.splitlines()
        except Exception:  # noqa: BLE001 - an unreadable .gitignore ignores nothing
            return
        try:
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        except Exception:  # noqa: BLE001 - a pattern git would reject ignores nothing
            return
        self.specs.append((folder or os.path.dirname(path), spec))
        self.specs.sort(key=lambda fs: fs[0].count(os.sep))

    def ignored(self, path: str, is_dir: bool) -> bool:
        if not self.specs:
            return False
        real = os.path.abspath(path)
        verdict = None
        for folder, spec in self.specs:
            if real != folder and not real.startswith(folder.rstrip(os.sep) + os.sep):
                continue
            rel = os.path.relpath(real, folder).replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)


def _repository_root(folder: str) -> str | None:
    for _ in range(40):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


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


def library_files(config: Config, stats: dict | None = None) -> list[str]:
    """Files named by the config's `library` globs (relative to the config's folder), with the
    same glob semantics as `exclude` (`*` stays in one folder, `**` is any depth) and the same
    walk as `discover`: hidden folders, .git and node_modules skipped, excluded folders pruned,
    symbolic-link loops cut. `stats`, when given, receives each file's os.stat result (None
    when it cannot be read), taken before anything reads the file."""
    out: dict[str, None] = {}
    walked: dict[str, list[str]] = {}  # globs with the same folder (drafts/**/*.md, drafts/**/*.txt) share one walk
    for pattern in config.library:
        full = os.path.normpath(pattern if os.path.isabs(pattern) else os.path.join(config.root, pattern))
        base, rest = _literal_base(full)
        if not rest:  # no wildcard: one file or one folder
            if os.path.isfile(base):
                if os.path.splitext(base)[1].lower() in draft_suffixes(config) and not config.is_excluded(base):
                    out[base] = None
                    if stats is not None and base not in stats:
                        stats[base] = _stat(base)
                continue
        if not os.path.isdir(base):
            continue
        paths = walked.get(base)
        if paths is None:
            paths = walked[base] = list(_walk(base, config, [], stats))  # links out of `base` are skipped quietly here
        if not rest:
            out.update(dict.fromkeys(paths))
            continue
        # Every walked path is `base` + separator + the rest (the walk joins names onto it).
        prefix = "" if base == "." else (base if base.endswith(os.sep) else base + os.sep)
        match = compiled_glob(rest.rstrip("/")).match  # what glob_full_match does, compiled once
        for path in paths:
            if path in out:
                continue
            rel = path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, base)
            if match(rel.replace(os.sep, "/") if os.sep != "/" else rel) is not None:
                out[path] = None
    return sorted(out)


def _stat(path: str):
    try:
        return os.stat(path)
    except OSError:
        return None


def _literal_base(pattern: str) -> tuple[str, str]:
    """('content', '**/*.md') for 'content/**/*.md': the folder before the first wildcard."""
    parts = pattern.replace(os.sep, "/").split("/")
    for i, part in enumerate(parts):
        if any(ch in part for ch in "*?["):
            return ("/".join(parts[:i]) or ("/" if pattern.startswith("/") else ".")), "/".join(parts[i:])
    return pattern, ""
