"""Files as an import meets them: regular files only, read to a hard limit; names as text.

A folder may hold a named pipe, a socket or a link to a device under an article's name. Opening a
pipe would wait for a writer for ever, and a device such as ``/dev/zero`` reports size 0 and
never ends, so the type is checked without blocking and no read goes past the limit.

File names come from ``os.walk`` as ``str``; bytes that are not UTF-8 (old zips with Latin-1
names) arrive as lone surrogates, which cannot be stored or printed: :func:`shown_path` escapes
them.
"""

from __future__ import annotations

import os
import re
import stat
from typing import BinaryIO

from db.ingest.decode import DecodeError, too_large

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the check must not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_STEP = 1 << 20  # bytes read at a time past a file's stated size
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> DecodeError:
    kind = next((what for test, what in _KINDS if test(mode)), "not an ordinary file")
    return DecodeError(f"not a regular file ({kind}); it was not read")


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """The regular file at ``path`` (links followed), open for reading; never blocks.

    Raises:
        DecodeError: not a regular file, or it cannot be opened (the message says why).
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        f = open(os.open(path, _OPEN_FLAGS), "rb", buffering=0)  # noqa: SIM115 (closed by the caller)
        mode = os.fstat(f.fileno()).st_mode
    except OSError as exc:
        raise DecodeError(exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(mode):  # replaced between the look and the open
        f.close()
        raise _not_regular(mode)
    return f


def read_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, never more than ``limit`` of them read.

    Raises:
        DecodeError: not a regular file, larger than ``limit``, or unreadable (says why).
    """
    with open_regular(path) as f:
        try:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise too_large(size, limit)
            data = f.read(size + 1)  # one read as large as the file says it is, and a byte
            if len(data) > size:  # it holds more than it said (a file in /proc, a growing one)
                while len(data) <= limit and (more := f.read(min(_STEP, limit + 1 - len(data)))):
                    data += more
        except OSError as exc:
            raise DecodeError(exc.strerror or str(exc)) from exc
    if len(data) > limit:
        raise too_large(None, limit)
    return data


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first ``size`` bytes of the regular file at ``path``; b"" if it is not one."""
    try:
        with open_regular(path) as f:
            return f.read(size)
    except (DecodeError, OSError):
        return b""


def shown_path(path: str) -> str:
    r"""``path`` as text that can be stored and printed: undecodable bytes escaped (``\xe9``)."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def name_text(name: str) -> str:
    """A file name to read words from: bytes that are not UTF-8 read as Windows-1252."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("cp1252", "replace")
    return name


# Control characters, lone surrogates, line and paragraph separators and bidirectional
# overrides: each could break or disguise a line of a report.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with control characters escaped as in ``repr``, so that it prints as one line."""
    return _UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)
