"""The outcome cache: per-file outcomes (diagnostics, suppressions, cross-file summaries)
kept in SQLite under `.healthlint_cache/` so that drafts unchanged since the last run are
neither re-read nor re-parsed nor re-summarized.

An entry is valid for one file content and one *rules key*: a hash of healthlint's version, the
active rules (ids, severities, options), the pack files and the word lists they name, the
publisher's vocabulary and the spelling dictionary. Path, size and mtime are only a fast
pre-check: when they differ the file is read and its content hash compared. Every stored blob
carries its own digest; a blob that does not match, a database SQLite cannot open, or one
written by another program or format is ignored or rebuilt (with a notice), never trusted.
Concurrent runs are safe: WAL journal, short write transactions, and a busy timeout."""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .. import decode
from ..decode import FileStamp
from ..errors import InputError
from ..packs import default_pack_path, yaml_files
from ..pipeline.perfile import FileOutcome

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from ..config import Config
    from ..pipeline.rules import RuleSet

FOLDER_NAME = ".healthlint_cache"
DB_NAME = "index.sqlite3"
FORMAT = "healthlint-index-9"  # 9: outcomes of pipeline.perfile with FileStamps; 8: list items marked; 5: rows of relative paths are named with the run's folder; 6: inode, ctime; 7: removes
RACY_NS = 2_000_000_000  # a file modified this recently may change again within the same mtime tick
BULK_LOOKUP = 200  # more paths than this: read the whole rules key's rows in one query
KEEP_RULES_KEYS = 4  # entries of older configs/packs/versions are deleted, so the index stays small

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    rules_key TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    content_hash BLOB NOT NULL,
    linted INTEGER NOT NULL,
    outcome BLOB NOT NULL,
    summaries BLOB NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (rules_key, path)
);
CREATE TABLE IF NOT EXISTS cross_file (
    rules_key TEXT NOT NULL,
    scope TEXT NOT NULL,
    entries_key BLOB NOT NULL,
    findings BLOB NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (rules_key, scope)
);
"""


def cache_folder_for(config: Config) -> Path:
    """`.healthlint_cache/` next to the config file, or in the current folder without one."""
    base = Path(config.path).resolve().parent if config.path else Path.cwd()
    return base / FOLDER_NAME


_CODE_STAMP: list | None = None


def _code_stamp() -> list:
    """Size and mtime of every module of healthlint itself: an edited checkout (an editable
    install, a patched kind) never reuses outcomes the old code found. About 70 stat calls."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        stamp = []
        pending = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
        while pending:
            try:
                entries = sorted(os.scandir(pending.pop()), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    stamp.append([entry.name, st.st_size, st.st_mtime_ns])
        _CODE_STAMP = stamp
    return _CODE_STAMP


def rules_key(rules: RuleSet, config: Config) -> str:
    """What an outcome depends on besides the file itself."""
    h = hashlib.blake2b(digest_size=16)

    def add(value: Any) -> None:
        h.update(json.dumps(value, sort_keys=True, default=repr).encode("utf-8"))
        h.update(b"\0")

    add([FORMAT, __version__, list(sys.version_info[:2]), config.max_file_size, config.formats, config.provided])
    add(_code_stamp())
    from ..site import site_files

    # what the site adds to pages (includes, layouts, `provided` files): by path, size and mtime
    provided_files = [os.path.join(config.root, e["file"]) for e in config.provided if "file" in e]
    for path in site_files(config) + provided_files:
        try:
            st = os.stat(path)
            add([path, st.st_size, st.st_mtime_ns])
        except OSError:
            add([path, None])
    contexts: dict[int, Any] = {}
    for rule in rules.active:
        spec = rule.spec
        context = rule.kind.context
        contexts.setdefault(id(context), context)  # build_rules shares one context: hashed once below
        add([spec.id, spec.code, spec.family, spec.kind, rule.severity, spec.message, spec.fixable,
             rule.kind.options, list(contexts).index(id(context))])
    for context in contexts.values():
        add([sorted(context.accepted_words), sorted(context.rejected_words)])
    for path in _files_the_rules_read(rules, config):  # by path, size and mtime: never the whole folder
        try:
            st = path.stat()
            add([str(path), st.st_size, st.st_mtime_ns])
        except OSError:
            add([str(path), None])
    if any(rule.spec.kind == "spelling" for rule in rules.active):
        for source in (_english_word_list(), *_spelling_data_files()):
            if source is not None and source.is_file():
                st = source.stat()
                add(["dictionary", str(source), st.st_size, st.st_mtime_ns])
    return h.hexdigest()


def _spelling_data_files() -> list[Path]:
    """The web frequencies (wordfreq) and known misspellings (codespell) the spelling rule reads."""
    from importlib.util import find_spec

    out = []
    for module, rel in (("wordfreq", "data/large_en.msgpack.gz"), ("codespell_lib", "data/dictionary.txt")):
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            out.append(Path(spec.origin).parent / rel)
    return out


def _files_the_rules_read(rules: RuleSet, config: Config) -> list[Path]:
    """The pack YAML files and the word lists the active rules and the config name. Not the
    folders they sit in: a pack at a repository's root would put every draft, `.git` and this
    cache's own index into the key, and the cache would never hit."""
    files: set[Path] = set()
    packs = ([default_pack_path()] if config.default_pack else []) + list(config.pack_paths())
    for pack in packs:
        try:
            files.update(p.resolve() for p in yaml_files(Path(pack)))
        except Exception:  # noqa: BLE001 - a pack that vanished since build_rules: its rules are hashed anyway
            pass
    for rule in rules.active:
        spec = rule.spec
        if spec.source:
            base = Path(spec.source).resolve().parent
            files.add(Path(spec.source).resolve())
            for option in ("word_lists", "domain_word_lists", "reference_word_lists"):
                names = rule.kind.options.get(option) or []
                if isinstance(names, (list, tuple)):
                    files.update((base / str(name)).resolve() for name in names)
    for name in config.vocabulary.get("files", []) or []:
        files.add(Path(config.root, name).resolve())
    return sorted(files)


def _english_word_list() -> Path | None:
    """pyspellchecker's word-frequency file, located without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "en.json.gz"


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stored: int = 0


class OutcomeCache:
    """One run's handle on the index. `notices` collects what the user should be told (a
    corrupt cache that was rebuilt, a cache that could not be written)."""

    def __init__(self, folder: Path, key: str):
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self.key = key
        self.notices: list[str] = []
        self.stats = CacheStats()
        self._db: sqlite3.Connection | None = None
        self._refresh: list[tuple[int, int, str, str, str]] = []  # rows whose stat changed but content did not
        # Every file this run reads is read after this moment: an mtime is trusted only when it is
        # older than that by more than a timestamp tick (see trusted_mtime), however long the run.
        self.started_ns = time.time_ns()

    # --- opening --------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        import sqlite3  # not loaded by runs without a cache (--no-cache, the API by default)

        if self._db is not None:
            return self._db
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# created by healthlint\n*\n", encoding="utf-8")
        except OSError as exc:
            self.notices.append(f"cache folder cannot be created ({exc.strerror}); running without a cache")
            return None
        try:
            self._db = self._open()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):  # another run holds it: never delete it
                self.notices.append(f"cache is in use ({exc}); running without it")
                return None
            self.notices.append(f"cache was unreadable ({exc}); rebuilt it")
            self._remove_files()
            return self._reopen()
        except (sqlite3.DatabaseError, _OlderFormat) as exc:
            if not isinstance(exc, _OlderFormat):
                self.notices.append(f"cache was unreadable ({exc}); rebuilt it")
            self._remove_files()
            return self._reopen()
        return self._db

    def _reopen(self) -> sqlite3.Connection | None:
        import sqlite3

        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, _OlderFormat) as exc:
            self.notices.append(f"cache cannot be used ({exc}); running without a cache")
            self._db = None
        return self._db

    def _open(self) -> sqlite3.Connection:
        import sqlite3

        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and not ({"meta", "files", "cross_file"} <= tables and self._format(db) == FORMAT):
                if "meta" in tables and str(self._format(db)).startswith("healthlint-index-"):
                    raise _OlderFormat()  # written by another healthlint version: rebuilt quietly
                raise sqlite3.DatabaseError("not a healthlint index of this format")
            if not tables:
                db.execute("BEGIN IMMEDIATE")
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
                db.execute("COMMIT")
        except (sqlite3.DatabaseError, _OlderFormat):
            db.close()
            raise
        return db

    @staticmethod
    def _format(db: sqlite3.Connection) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        return row[0] if row else None

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(f"{self.path}{suffix}")
            except OSError:
                pass

    def __enter__(self) -> OutcomeCache:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()  # also on an exception or Ctrl-C: pending refreshes are written, SQLite is closed

    def close(self) -> None:
        import sqlite3

        if self._db is not None and self._refresh:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                # Only a row still holding the content this run saw: another run may have stored
                # other content under the path since.
                self._db.executemany("UPDATE files SET size = ?, mtime_ns = ?, ino = ?, ctime_ns = ? "
                                     "WHERE rules_key = ? AND path = ? AND content_hash = ?", self._refresh)
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError:
                pass  # only a speed-up for the next run
            self._refresh = []
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- reading --------------------------------------------------------------------------------

    def lookup(self, paths: list[str], *, full: bool) -> dict[str, FileOutcome]:
        """Cached outcomes of the files among `paths` that did not change. `full`: the file is
        linted in this run (diagnostics needed); otherwise only its cross-file summaries are.
        Summaries are not loaded here: an outcome's `summaries` is None until `load_summaries`,
        which a run whose cross-file findings are themselves cached never needs."""
        import sqlite3

        db = self._connect()
        if db is None or not paths:
            return {}
        columns = "path, size, mtime_ns, ino, ctime_ns, content_hash, linted, outcome, digest" if full else \
            "path, size, mtime_ns, ino, ctime_ns, content_hash, linted"
        try:
            rows = self._rows(db, columns, list(map(_row_keys(), paths)))
        except sqlite3.DatabaseError as exc:
            self.notices.append(f"cache could not be read ({exc}); files are checked afresh")
            return {}
        by_path = {r[0]: r for r in rows}
        found: dict[str, FileOutcome] = {}
        row_key = _row_keys()
        for path in paths:
            row = by_path.get(row_key(path))
            if row is None or (full and not row[6]):
                continue
            outcome = self._revive(path, row, full)
            if outcome is not None:
                found[path] = outcome
        self.stats.hits += len(found)
        self.stats.misses += len(paths) - len(found)
        return found

    def _rows(self, db, columns: str, row_keys: list[str]) -> list[tuple]:
        """`columns` of this rules key's rows named by `row_keys` (and maybe others: many names
        read the whole rules key in one query, the caller picks its rows by name)."""
        if len(row_keys) > BULK_LOOKUP:
            return db.execute(f"SELECT {columns} FROM files WHERE rules_key = ?", (self.key,)).fetchall()
        marks = ",".join("?" * len(row_keys))
        return db.execute(f"SELECT {columns} FROM files WHERE rules_key = ? AND path IN ({marks})",
                          (self.key, *row_keys)).fetchall()

    def _revive(self, path: str, row: tuple, full: bool) -> FileOutcome | None:
        import pickle

        stored_stat, stored_hash = row[1:5], row[5]
        try:
            st = os.stat(path)
        except OSError:
            return None
        # Size and mtime, as git does, and also the inode and ctime: a file renamed over this
        # path, or restored from an archive, keeps its size and mtime but not those; a chmod
        # changes the ctime (the file is then read, and a file no longer readable is a miss).
        if (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns) != tuple(stored_stat):
            if not self._same_content(path, stored_hash):
                return None
            self._refresh.append((st.st_size, trusted_mtime(st.st_mtime_ns), st.st_ino, st.st_ctime_ns, self.key,
                                  _row_keys()(path), stored_hash))
        stamp = FileStamp(st.st_size, st.st_mtime_ns, stored_hash, st.st_ino, st.st_ctime_ns)
        if not full:
            return FileOutcome(path, [], _no_suppressions(), None, stamp=stamp)
        blob, digest = row[7], row[8]
        if _digest(blob) != digest[:8]:
            return None  # damaged row: treat as a miss, never as a result
        try:
            outcome = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - any damage to a blob means "not cached"
            return None
        outcome.summaries = None  # loaded on demand by load_summaries
        outcome.stamp = stamp
        return outcome

    def load_summaries(self, outcomes: list[FileOutcome]) -> list[FileOutcome]:
        """Fill in the cross-file summaries of cached outcomes (those whose `summaries` is None).
        Returns the outcomes whose summaries could not be loaded (a row damaged or gone since
        the lookup): the caller checks those files afresh."""
        import sqlite3

        row_key = _row_keys()
        wanted = {row_key(o.path): o for o in outcomes if o.summaries is None}
        if not wanted:
            return []
        db = self._connect()
        rows: list = []
        if db is not None:
            try:
                rows = self._rows(db, "path, content_hash, summaries, digest", list(wanted))
            except sqlite3.DatabaseError as exc:
                self.notices.append(f"cache could not be read ({exc}); files are checked afresh")
                rows = []
        for path, content_hash, blob, digest in rows:
            outcome = wanted.get(path)
            if outcome is None or outcome.stamp is None or outcome.stamp.sha256 != content_hash:
                continue  # rewritten by a concurrent run for other content: not this file's summaries
            if _digest(blob) != digest[8:]:
                continue
            try:
                outcome.summaries = _load_summaries(blob)
            except Exception:  # noqa: BLE001 - a damaged blob is a miss
                continue
        return [o for o in wanted.values() if o.summaries is None]

    # --- cross-file findings --------------------------------------------------------------------

    def cross_file_findings(self, scope: str, entries_key: bytes) -> list | None:
        """The cross-file phase's findings of an earlier run over exactly the same drafts (the
        same paths, contents and linted flags) with the same rules, or None. One run per
        `scope` is remembered, so a whole-library run and a pre-commit run do not evict each other."""
        import pickle
        import sqlite3

        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT entries_key, findings, digest FROM cross_file WHERE rules_key = ? AND scope = ?",
                             (self.key, scope)).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None or bytes(row[0]) != entries_key or _digest(row[1]) != row[2]:
            return None
        try:
            return pickle.loads(row[1])
        except Exception:  # noqa: BLE001 - damaged: computed afresh
            return None

    def store_cross_file(self, scope: str, entries_key: bytes, findings: list) -> None:
        import pickle
        import sqlite3

        db = self._connect()
        if db is None:
            return
        blob = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            db.execute("INSERT OR REPLACE INTO cross_file VALUES (?, ?, ?, ?, ?)",
                       (self.key, scope, entries_key, blob, _digest(blob)))
        except sqlite3.DatabaseError as exc:
            self.notices.append(f"cache could not be updated ({exc}); results are not affected")

    @staticmethod
    def _same_content(path: str, stored_hash: str) -> bool:
        try:
            _, stamp = decode.read_bytes(path, 1 << 62)
        except InputError:
            return False
        return stamp.sha256 == stored_hash

    # --- writing --------------------------------------------------------------------------------

    def _forget_old_rules_keys(self, db) -> None:
        """Keep the entries of the few most recently used rules keys (e.g. a full run and a
        pre-commit run with --select); drop those of configs, packs and versions gone by."""
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"used:{self.key}", str(time.time_ns())))
        stale = [row[0] for row in db.execute(
            "SELECT key FROM meta WHERE key LIKE 'used:%' ORDER BY CAST(value AS INTEGER) DESC LIMIT -1 OFFSET ?",
            (KEEP_RULES_KEYS,))]
        for key in stale:
            db.execute("DELETE FROM files WHERE rules_key = ?", (key[len("used:"):],))
            db.execute("DELETE FROM cross_file WHERE rules_key = ?", (key[len("used:"):],))
            db.execute("DELETE FROM meta WHERE key = ?", (key,))

    def store(self, outcomes: list[FileOutcome], *, linted: bool) -> None:
        import pickle
        import sqlite3

        db = self._connect()
        if db is None:
            return
        rows = []
        row_key = _row_keys()
        for outcome in outcomes:
            stamp = getattr(outcome, "stamp", None)
            if outcome.problem is not None or stamp is None:
                continue
            size, mtime_ns, chash, ino, ctime_ns = stamp.size, stamp.mtime_ns, stamp.sha256, stamp.inode, stamp.ctime_ns
            mtime_ns = trusted_mtime(mtime_ns, self.started_ns)
            # The outcome's summaries are kept apart: most warm runs never load them.
            full = pickle.dumps(replace(outcome, summaries=None), protocol=pickle.HIGHEST_PROTOCOL)
            summaries = _dump_summaries(outcome.summaries)
            rows.append((self.key, row_key(outcome.path), size, mtime_ns, ino, ctime_ns, chash, int(linted), full, summaries,
                         _digest(full) + _digest(summaries)))
        if not rows:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            if linted:
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            else:
                # A library-only run must not replace a full row (diagnostics too) of the same content:
                # the next full run would miss it. Its summaries are the same; only the stat is newer.
                db.executemany(_STORE_SUMMARIES_ONLY, rows)
            self._forget_old_rules_keys(db)
            db.execute("COMMIT")
            self.stats.stored += len(rows)
        except sqlite3.DatabaseError as exc:
            try:
                db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass
            self.notices.append(f"cache could not be updated ({exc}); results are not affected")


_KEEP_FULL = "(files.linted = 1 AND files.content_hash = excluded.content_hash)"
_STORE_SUMMARIES_ONLY = f"""
INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (rules_key, path) DO UPDATE SET
    size = excluded.size, mtime_ns = excluded.mtime_ns, ino = excluded.ino, ctime_ns = excluded.ctime_ns,
    content_hash = excluded.content_hash,
    linted = CASE WHEN {_KEEP_FULL} THEN files.linted ELSE excluded.linted END,
    outcome = CASE WHEN {_KEEP_FULL} THEN files.outcome ELSE excluded.outcome END,
    summaries = CASE WHEN {_KEEP_FULL} THEN files.summaries ELSE excluded.summaries END,
    digest = CASE WHEN {_KEEP_FULL} THEN files.digest ELSE excluded.digest END
"""


def _row_keys():
    """The row name of a path as given: an absolute path as it is; a relative one with the
    current folder, since runs from a project's subfolders share its cache and 'drafts/a.md'
    from sub/ is another file (that may have the same size and mtime). The path as given stays
    part of it: the stored findings name the file that way."""
    try:
        cwd = os.getcwd()
    except OSError:  # the folder was deleted: relative paths name nothing that can be stat'ed
        cwd = "\0"
    return lambda path: _text_safe(path if os.path.isabs(path) else f"{cwd}\0{path}")


def _text_safe(key: str) -> str:
    """SQLite stores text as UTF-8: a file name that is not valid UTF-8 (surrogate escapes from
    the OS layer) is stored by its bytes in hex, behind a marker no real path starts with."""
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        return "\x01" + key.encode("utf-8", "surrogateescape").hex()


@lru_cache(maxsize=1)
def _no_suppressions():
    """One shared empty Suppressions for library-only drafts (filters apply to linted drafts)."""
    from ..suppress import Suppressions

    return Suppressions()


class _OlderFormat(Exception):
    """The index was written by another healthlint version's format."""


def _dump_summaries(summaries: dict) -> bytes:
    """marshal when the summaries are plain data (paragraph sketches usually are): it loads ~4x faster
    than pickle, which is most of a pre-commit run's time over a 10,000-draft library."""
    import marshal
    import pickle

    if _plain(summaries):
        return b"M" + marshal.dumps(summaries)
    # a kind's summary holds other objects (marshal would turn an array into bytes)
    return b"P" + pickle.dumps(summaries, protocol=pickle.HIGHEST_PROTOCOL)


_PLAIN_SCALARS = (str, bytes, int, float, bool, type(None))


def _plain(value, depth: int = 0) -> bool:
    """Only builtin containers and scalars of exactly these types, which marshal round-trips."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if depth > 20:
        return False
    if kind is dict:
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.items())
    if kind in (list, tuple, set, frozenset):
        return all(_plain(v, depth + 1) for v in value)
    return False


def _load_summaries(blob: bytes):
    import marshal
    import pickle

    view = memoryview(blob)[1:]
    return marshal.loads(view) if blob[:1] == b"M" else pickle.loads(view)


def trusted_mtime(mtime_ns: int, read_after_ns: int | None = None) -> int:
    """The mtime to store, or -1 when it is too recent to prove the file unchanged later (the
    "racy git" problem: two writes within one timestamp tick); -1 forces a content check.
    Recent means recent when the file was read (`read_after_ns`: a moment before that, the
    run's start), not when the outcome is stored: a long run stores its first drafts' outcomes
    many seconds after reading them."""
    now = time.time_ns() if read_after_ns is None else min(read_after_ns, time.time_ns())
    return -1 if now - mtime_ns < RACY_NS else mtime_ns


def _digest(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=8).digest()


def clear_cache(folder: Path) -> bool:
    """Delete the index. True if there was one."""
    import shutil

    folder = Path(folder)
    if not (folder / DB_NAME).exists() and not folder.exists():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True
