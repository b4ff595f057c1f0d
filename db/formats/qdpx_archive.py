"""Opening a .qdpx archive safely: no path out of its folder, no zip bomb, no lying sizes."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import PurePosixPath

from db.formats.collect import FormatError

MAX_MEMBERS = 200_000
MAX_TOTAL = 1 << 30  # bytes, all members uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for members over a megabyte


def safe_members(z: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise FormatError(f"the archive holds {len(infos):,} files; that is not a REFI-QDA project")
    total = 0
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise FormatError(
                f"the archive holds a path that leaves its folder ({name!r}); refused"
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_TOTAL or (info.file_size > 1 << 20 and ratio > MAX_RATIO):
            raise FormatError("the archive expands to far more than it holds; refused as unsafe")
        members[name.replace("\\", "/").lower()] = info
    return members


def read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with z.open(info) as f:  # read no more than the header claims, whatever the stream says
        data = f.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise FormatError("the archive's sizes do not add up; refused as unsafe")
    return data


# What a damaged or unusual archive raises while it is read.
ZIP_ERRORS = (zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)
