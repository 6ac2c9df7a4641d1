"""Bytes in, text out, or a clear error. BOMs and legacy encodings are handled here; nothing
here knows about rules. Line endings are kept as they are so that `--fix` can preserve them."""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from typing import NamedTuple

from .errors import FileTooLarge, InputError


class FileStamp(NamedTuple):
    """A file as it was read: `size` and `sha256` of the bytes (its content), and the stat
    fields (`mtime_ns`, `inode`, `ctime_ns`) that tell cheaply whether it may have changed.
    `--fix` refuses to overwrite a file whose content changed since it was linted; the outcome
    cache and the library index trust an entry while size and stat agree."""

    size: int
    mtime_ns: int
    sha256: str
    inode: int
    ctime_ns: int

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # the codec to write the file back with
    bom: bytes  # the byte-order mark the file started with, to keep on --fix
    notice: str | None = None  # e.g. "decoded as Windows-1252"
    # the bytes read, so `--fix` can tell whether the file changed on disk since it was linted;
    # None for text that did not come from a file.
    stamp: FileStamp | None = None


def decode_bytes(data: bytes, path: str) -> DecodedText:
    """Decode a draft's bytes. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as
    such; bytes that are not UTF-8 are read as Windows-1252 (the usual culprit for pasted web
    text) with a notice; binary content is an error."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _no_nul(DecodedText(data[3:].decode("utf-8"), "utf-8", codecs.BOM_UTF8), path)
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 after its byte-order mark (byte {exc.start + 3})", path) from None
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return _no_nul(DecodedText(data[2:].decode(codec), codec, bom), path)
            except UnicodeDecodeError:
                raise InputError("starts with a UTF-16 byte-order mark but is not valid UTF-16", path) from None
    if b"\x00" in data:  # the whole file: a C-speed scan, and a NUL deep inside is binary too
        if _looks_like_utf16_without_bom(data):
            raise InputError("looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
                             "(or UTF-16 with a byte-order mark)", path)
        raise InputError("looks like a binary file (it contains NUL bytes); not a text draft", path)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"is neither UTF-8 nor Windows-1252 text (first bad byte at offset {first_bad})", path) from None
    return DecodedText(text, "cp1252", b"", notice=f"not UTF-8 (first bad byte at offset {first_bad}); read as Windows-1252")


def _no_nul(decoded: DecodedText, path: str) -> DecodedText:
    """A NUL character is never prose: after a byte-order mark it still means a binary file
    (and parsers would silently turn it into U+FFFD, shifting what rules see from the source)."""
    if "\x00" in decoded.text:
        raise InputError("looks like a binary file (it contains NUL characters); not a text draft", path)
    return decoded


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """ASCII-heavy UTF-16 has a NUL in every other byte, all on one side."""
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd)) or \
           (odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even))


def read_draft(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Read and decode one draft. Only regular files are opened (a FIFO named `x.md` would
    block forever), and never more than `max_bytes` are read, so memory stays bounded even if
    the file grows while it is read."""
    data, stamp = read_bytes(path, max_bytes)
    decoded = decode_bytes(data, path)
    return DecodedText(decoded.text, decoded.encoding, decoded.bom, decoded.notice, stamp)


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, FileStamp]:
    """A draft's bytes and their FileStamp, or an InputError."""
    return _read_regular_file(path, max_bytes)


def _read_regular_file(path: str, max_bytes: int) -> tuple[bytes, FileStamp]:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(_os_reason(exc), path) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder, not a file", path)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("is not a regular file (a pipe, socket or device); skipped", path)
    _check_size(st.st_size, max_bytes, path)
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            _check_size(st.st_size, max_bytes, path)
            data = _read_at_most(handle, max_bytes + 1)
    except OSError as exc:
        raise InputError(_os_reason(exc), path) from None
    _check_size(len(data), max_bytes, path)
    return data, stamp_of(data, st)


# Limits of the guarded reader for the files a run reads besides drafts (drafts have the
# config's max_file_size). A config or a rule pack is a few kilobytes; a vocabulary (a Hunspell
# medical dictionary, SCOWL) a few megabytes.
CONFIG_MAX_BYTES = 4 << 20
PACK_MAX_BYTES = 16 << 20
VOCABULARY_MAX_BYTES = 64 << 20  # on disk and, for .gz, once decompressed
BASELINE_MAX_BYTES = 256 << 20


def read_guarded(path: str, max_bytes: int, *, gunzip: bool = False) -> bytes:
    """The one way healthlint opens a file on the user's behalf (configs, packs, vocabularies,
    baselines; drafts through read_bytes, the same checks): regular files only, symbolic links
    followed first (a link to /dev/zero is a device), the size checked before reading and never
    more than `max_bytes` read; with `gunzip`, the decompressed size is capped at `max_bytes`
    too (a gzip bomb stops there). Every failure is an InputError naming the file."""
    try:
        data, _ = _read_regular_file(path, max_bytes)
    except InputError as exc:  # "skipped" is for drafts; a config or vocabulary it stops
        raise type(exc)(exc.message.removesuffix("; skipped"), path) from None
    if not gunzip:
        return data
    import gzip
    import io
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            out = _read_at_most(unzipped, max_bytes + 1)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"is not a readable gzip file ({exc.__class__.__name__}: {str(exc)[:80]})", path) from None
    if len(out) > max_bytes:
        raise FileTooLarge(f"decompresses to more than {_megabytes(max_bytes)}; not read (a gzip bomb?)", path)
    return out


def read_guarded_text(path: str, max_bytes: int, *, gunzip: bool = False) -> str:
    """read_guarded, decoded as UTF-8 (a byte-order mark is dropped); undecodable bytes are an
    InputError naming the first bad byte."""
    data = read_guarded(path, max_bytes, gunzip=gunzip)
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (bad byte at offset {exc.start})", path) from None
    if "\x00" in text:
        raise InputError("looks like a binary file (it contains NUL bytes)", path)
    return text


def display_path(path: str) -> str:
    """A path for a message: a file name that is not valid UTF-8 (decoded by the OS layer with
    surrogate escapes) is shown with its undecodable bytes as \\xNN, so printing never fails."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_at_most(handle, limit: int) -> bytes:
    """Read to the end, but never more than `limit` bytes. In chunks: read(limit) would allocate
    `limit` bytes up front, whatever the file's size (a huge configured limit is a MemoryError)."""
    chunks, total = [], 0
    while total < limit:
        chunk = handle.read(min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def stamp_of(data: bytes, st: os.stat_result) -> FileStamp:
    """The FileStamp of bytes read from a file whose stat (taken on the open handle) is `st`."""
    return FileStamp(len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest(), st.st_ino, st.st_ctime_ns)


def _check_size(size: int, max_bytes: int, path: str) -> None:
    if size > max_bytes:
        raise FileTooLarge(f"is {_megabytes(size)}, above the {_megabytes(max_bytes)} limit "
                         "(max_file_size in the config, or --max-file-size); skipped", path)


def _megabytes(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 104858 else f"{n} bytes"


def _os_reason(exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOENT: "no such file",
        errno.EACCES: "permission denied (cannot read the file)",
        errno.EISDIR: "is a folder, not a file",
        errno.ELOOP: "symbolic link loop",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))
