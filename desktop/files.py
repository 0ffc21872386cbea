"""Atomic file writes: a crash or a full disk never leaves half an export behind. The one writer
for every file the app produces (exports, the postmortem, screenshots, the password file)."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NotRegularFile(Exception):
    """What is at the path is a folder, a device or a pipe: it is never replaced by a file."""

    code = "not_regular"

    def __init__(self, path: Path | str) -> None:
        super().__init__(f"{self.code}: {path}")
        self.path = str(path)


def _target(path: Path) -> tuple[Path, int | None]:
    """Where the bytes go (a symlink's file, so the link stays) and the permission bits to keep."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        found = path.stat()
    except FileNotFoundError:
        return path, None
    if not stat.S_ISREG(found.st_mode):
        raise NotRegularFile(path)
    return path, stat.S_IMODE(found.st_mode)


@contextmanager
def replacing(path: Path | str, mode: int | None = None) -> Iterator[Path]:
    """Yields a new file beside ``path`` to write; renamed over ``path`` when the block ends
    without error, removed otherwise. An existing file keeps its permission bits, a new one gets
    0666 less the umask (mkstemp's 0600 would hide an export from its readers); ``mode`` forces
    the bits (0600 for a secret)."""
    target, kept = _target(Path(path))
    bits = mode if mode is not None else kept
    while True:  # os.open applies the umask, which mkstemp's fixed 0600 would not
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if bits is None else 0o600))
            break
        except FileExistsError:
            continue
    try:
        yield temp
        with temp.open("r+b") as handle:  # what the caller wrote reaches the disk before the rename
            os.fsync(handle.fileno())
        if bits is not None:
            os.chmod(temp, bits)  # after the writing: the kept bits may not allow it
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path | str, data: bytes, mode: int | None = None) -> None:
    with replacing(path, mode) as temp:
        temp.write_bytes(data)


# -- what an OS error means for the person who asked for the file (issue 12)

def error_code(exc: OSError) -> str:
    """The stable code of the common reasons a file cannot be written (desktop.labels.error words
    each): no_folder, permission_denied, is_directory, disk_full, read_only_fs; ``unwritable`` for
    the rest. The raw error (errno, strerror) belongs in the log, not in front of people."""
    import errno

    return {
        errno.ENOENT: "no_folder", errno.EACCES: "permission_denied", errno.EPERM: "permission_denied",
        errno.EISDIR: "is_directory", errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full",
        errno.EROFS: "read_only_fs",
    }.get(exc.errno, "unwritable")
