"""Replacing a file so that readers and crashes see its old content or its new content, never a
part: the bytes go to a temporary file in the same folder, which is then renamed over the file.
Used for the user's drafts (`--fix`), reports (`--output`), baselines and the user-cache files."""
from __future__ import annotations

import os
import stat
from typing import Callable

TEMP_SUFFIX = ".healthlint-tmp"


def replace_file(path: str | os.PathLike, data: bytes, *, like: os.stat_result | None = None,
                 durable: bool = False, before_replace: Callable[[], None] | None = None) -> None:
    """Write `data` as the file at `path` (created if missing), atomically.

    like: copy the permission bits, and the owner where the system allows it, from this stat of
      the file being replaced (a fixed draft keeps its mode and owner).
    durable: fsync the data and the folder, so the new content survives a power cut (user files;
      caches skip it).
    before_replace: called just before the rename; an exception it raises abandons the write
      (e.g. the file changed on disk meanwhile) and leaves no temporary file behind.

    Raises OSError; callers turn it into their own one-line error or treat it as best effort."""
    import tempfile  # a run that writes nothing does not import it

    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if like is not None:
            os.chmod(tmp, stat.S_IMODE(like.st_mode))
            if hasattr(os, "chown") and (like.st_uid, like.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, like.st_uid, like.st_gid)
                except OSError:
                    pass  # not ours to give away; the mode bits are kept anyway
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
        tmp = None
        if durable:
            _fsync_folder(folder)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened on Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
