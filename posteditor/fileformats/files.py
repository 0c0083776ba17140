"""Files written whole or not at all.

Every file posteditor writes goes first to a temporary file in the same folder, is flushed
and fsynced, and is then renamed over the target, so that a full disk, an I/O error or a kill
at any moment leaves the old file as it was (or no file), never a truncated one. The target's
mode (and, where permitted, its owner) is kept; a symbolic link is written through: its
target is replaced and the link stays a link.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_file(folder / "out.txt", b"fixed\\n")
>>> (folder / "out.txt").read_bytes()
b'fixed\\n'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Optional

from ..errors import OutputError


def resolved(path: str | Path) -> Path:
    """Where writing ``path`` really lands: a symbolic link's target, followed."""
    return Path(os.path.realpath(path))


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file (the same inode), e.g. an output that is also an input."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return resolved(a) == resolved(b)


class AtomicFile:
    """A binary file that becomes ``path`` only when closed without an error.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with AtomicFile(target) as handle:
    ...     _ = handle.write(b"one\\n")
    ...     target.exists()
    False
    >>> target.read_bytes()
    b'one\\n'
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.target = resolved(path)
        self._tmp: Optional[str] = None
        self.handle: Optional[BinaryIO] = None

    def __enter__(self) -> BinaryIO:
        try:
            fd, self._tmp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"cannot write ({exc.strerror})", self.path) from None
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:
            self.discard()
            return
        try:
            self.commit()
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write ({exc.strerror}); the file is as it was", self.path) from None

    def commit(self) -> None:
        assert self.handle is not None and self._tmp is not None
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        _keep_mode_and_owner(self.target, self._tmp)
        os.replace(self._tmp, self.target)
        self._tmp = None
        _fsync_folder(self.target.parent)

    def discard(self) -> None:
        if self.handle is not None and not self.handle.closed:
            self.handle.close()
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None


def write_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring); a failure raises
    :class:`~posteditor.errors.OutputError` and leaves the old file as it was."""
    try:
        with AtomicFile(path) as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write ({exc.strerror}); the file is as it was", path) from None


def write_files(outputs: Iterable[tuple[str | Path, bytes]]) -> None:
    """Write several files, each atomically, once all of them are ready."""
    for path, data in outputs:
        write_file(path, data)


def _keep_mode_and_owner(target: Path, tmp: str) -> None:
    try:
        st = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # what a plain open() would have made
        return
    os.chmod(tmp, st.st_mode & 0o7777)
    if hasattr(os, "chown"):
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except PermissionError:
            pass  # only the owner can be kept by someone who may give files away


def _fsync_folder(folder: Path) -> None:
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
