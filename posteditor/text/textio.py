"""Plain-text files, one segment a line, read and written without losing a byte.

Line endings (\\n or \\r\\n), a UTF-8 byte-order mark and a missing final newline are kept, so a
file with nothing to fix comes back byte-identical.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Optional, Sequence

from ..errors import InputError

BOM = "\ufeff"


@dataclass
class TextFile:
    """Segments of a text file and what is needed to write them back as they came."""

    name: str
    segments: list[str]
    endings: list[str] = field(default_factory=list)  # each segment's line ending ("" for last)
    bom: bool = False

    def render(self, segments: Optional[Sequence[str]] = None, drop_empty: bool = False) -> str:
        segments = self.segments if segments is None else segments
        parts = [BOM] if self.bom else []
        for text, ending in zip(segments, self.endings):
            if drop_empty and not text.strip():
                continue
            parts.append(text + ending)
        return "".join(parts)


# A line ends at \n, \r\n or \r, and nowhere else: not at U+2028, U+0085 or a form feed,
# which str.splitlines also takes for line breaks.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def split_lines(text: str) -> list[str]:
    r"""The lines of ``text`` with their endings.

    >>> split_lines("a\u2028b\r\nc\rd\n\x0ce")
    ['a\u2028b\r\n', 'c\r', 'd\n', '\x0ce']
    """
    return _LINE.findall(text)


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` without their endings (``str.splitlines`` for line files)."""
    return [line.rstrip("\r\n") for line in split_lines(text)]


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of ``data``; invalid bytes raise :class:`InputError` with the line, and a
    file in UTF-16 or UTF-32 (which has NUL bytes in every other character) is named as such."""
    if b"\x00" in data[:4096] and data[:4096].count(b"\x00") * 4 >= min(len(data), 4096):
        raise InputError("looks like UTF-16 or UTF-32, not UTF-8 (NUL bytes between the letters); convert it "
                         "first, e.g. iconv -f UTF-16 -t UTF-8", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"invalid UTF-8 (byte 0x{bad} at column {col}); convert the file to UTF-8 first, "
            f"e.g. iconv -f WINDOWS-1252 -t UTF-8",
            name,
            line,
        ) from None


def parse(text: str, name: str = "<text>") -> TextFile:
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    lines = split_lines(text)
    segments, endings = [], []
    for line in lines:
        body = line.rstrip("\r\n")
        segments.append(body)
        endings.append(line[len(body) :])
    return TextFile(name, segments, endings, bom)


def read_bytes(path: str | Path, stdin: Optional[BinaryIO] = None) -> bytes:
    if str(path) == "-":
        return (stdin or sys.stdin.buffer).read()
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None


def read_text_file(path: str | Path, stdin: Optional[BinaryIO] = None) -> TextFile:
    """Read a UTF-8 text file ('-' for standard input) as segments, one a line."""
    name = "<stdin>" if str(path) == "-" else str(path)
    return parse(decode(read_bytes(path, stdin), name), name)


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file, without their endings."""
    return read_text_file(path).segments


def iter_text_lines(path: str | Path, stdin: Optional[BinaryIO] = None):
    """(segment, line ending) pairs of a UTF-8 text file, read lazily; invalid UTF-8 raises
    :class:`InputError` with its line. A byte-order mark at the start is dropped."""
    name = "<stdin>" if str(path) == "-" else str(path)
    if str(path) == "-":
        handle = stdin or sys.stdin.buffer
    else:
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            raise InputError("no such file", path) from None
        except IsADirectoryError:
            raise InputError("is a folder, not a file", path) from None
    try:
        for n, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 1].hex()
                raise InputError(f"invalid UTF-8 (byte 0x{bad} at column {exc.start + 1})", name, n) from None
            if n == 1:
                decode(raw, name)  # a UTF-16 file is named as such, not read as NUL-laden UTF-8
                if line.startswith(BOM):
                    line = line[1:]
            body = line.rstrip("\r\n")
            yield body, line[len(body):]
    finally:
        if handle is not stdin and handle is not getattr(sys.stdin, "buffer", None):
            handle.close()
