"""Results of slow, pure start-up work kept between runs in the user's cache folder (the one
that holds the spelling word list): compiled regular expressions, parsed rule-pack YAML. A
one-draft run (pre-commit, editors) spent most of its 0.6 s re-doing this work; loading it back
takes a few milliseconds.

Every key holds everything the value depends on (the input text itself, library versions, and
the healthlint code that computed it: a fixed pattern analysis must not be answered by what the
code before the fix worked out), so an entry can never be stale, only unused. Values are pickled one by one, so each hit returns
fresh objects. A missing, truncated or foreign file is ignored and rewritten; the file is
written atomically at exit by the process that loaded it, and only when something new was
computed, merging what this run computed into the file as it is then (a concurrent run's new
entries are kept). Errors are never stored: a bad pattern or pack is reported exactly as without it."""
from __future__ import annotations

import atexit
import os
import pickle
import sys
from pathlib import Path
from typing import Any

_FORMAT = 1
_MAX_ENTRIES = 4000

_entries: dict | None = None  # key -> pickled value
_used: set = set()
_new: dict = {}  # what this process computed: merged into the file as it is at exit
_dirty = False
_owner = os.getpid()
# The modules whose results are remembered here: their source is part of every key.
_CODE_FILES = ("__init__.py", "memo.py", "patterns.py", "packs.py", "yaml_loading.py")
_code: bytes | None = None


def _code_key() -> bytes:
    """A digest of the healthlint code whose results this memo keeps (a few files read once)."""
    global _code
    if _code is None:
        import hashlib

        h = hashlib.blake2b(digest_size=12)
        here = Path(__file__).parent
        for name in _CODE_FILES:
            try:
                h.update((here / name).read_bytes())
            except OSError:
                h.update(b"\0missing\0")
            h.update(b"\0")
        _code = h.digest()
    return _code


def _file():
    folder = cache_folder()
    if folder is None:
        return None
    return folder / f"startup-memo-v{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"


def _load() -> dict:
    global _entries
    if _entries is None:
        path = _file()
        _entries = _read(path) if path is not None else {}
    return _entries


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            data = pickle.load(handle)
        if isinstance(data, dict) and all(isinstance(v, bytes) for v in data.values()):
            return data
    except Exception:  # missing, truncated or foreign: start afresh
        pass
    return {}


def get(key: tuple, default: Any = None) -> Any:
    key = (_code_key(), key)
    blob = _load().get(key)
    if blob is None:
        return default
    try:
        value = pickle.loads(blob)
    except Exception:
        return default
    _used.add(key)
    return value


def get_pickled(key: tuple) -> bytes | None:
    """The stored value still pickled, for a caller that unpickles it only if it needs it."""
    key = (_code_key(), key)
    blob = _load().get(key)
    if blob is not None:
        _used.add(key)
    return blob


def put(key: tuple, value: Any) -> None:
    global _dirty
    key = (_code_key(), key)
    try:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    _load()[key] = blob
    _new[key] = blob
    _used.add(key)
    if not _dirty:
        _dirty = True
        atexit.register(_save)


def _save() -> None:
    path = _file()
    if path is None or _entries is None or os.getpid() != _owner:
        return
    # Another run may have saved since this one loaded (other packs, another healthlint):
    # keep its entries too, or concurrent runs would keep erasing each other's work.
    data = _read(path)
    data.update(_new)
    if len(data) > _MAX_ENTRIES:  # edited packs leave old entries behind: keep this run's
        data = {k: v for k, v in data.items() if k in _used}
    try:
        write_best_effort(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        pass


def cache_folder() -> Path | None:
    folder = os.environ.get("HEALTHLINT_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "healthlint")
    return Path(folder)


def write_best_effort(path: Path, data: bytes) -> None:
    """Best effort: a read-only home or a race with another process just means no cache."""
    from .atomic import replace_file

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)
    except OSError:
        pass
