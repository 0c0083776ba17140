"""A folder for data derived from installed packages, so that later runs start faster.

The folder is ``$POSTEDITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/posteditor``, else
``~/.cache/posteditor``. Each entry is named after the size and modification time of the
files it was derived from, so that an upgraded package gets a new entry. Where the folder
cannot be written, values are derived afresh each run.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Callable, Iterable, Optional


def cache_dir() -> Path:
    explicit = os.environ.get("POSTEDITOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "posteditor"


def package_file(package: str, *parts: str) -> Optional[Path]:
    """A data file inside an installed package, found without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder, *parts)
        if path.is_file():
            return path
    return None


def entry_path(name: str, sources: Iterable[Path], suffix: str) -> Path:
    """Where the entry ``name`` derived from ``sources`` lives."""
    stamp = "".join(f"{path}\0{(st := path.stat()).st_size}\0{st.st_mtime_ns}\0" for path in sources).encode()
    return cache_dir() / f"{name}-{zlib.crc32(stamp):08x}{len(stamp):04x}{suffix}"


def write_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then move it into place: a
    concurrent reader sees the whole entry or none."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def cached(name: str, sources: Iterable[Path], build: Callable[[], object]):
    """``build()``'s value (marshal-able: str, numbers, lists, tuples, dicts, sets), kept in
    the cache folder while ``sources`` are unchanged."""
    sources = list(sources)
    try:
        path = entry_path(name, sources, ".marshal")
        if path.exists():
            return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError):
        path = None
    value = build()
    if path is not None:
        try:
            data = marshal.dumps(value)
            write_atomically(path, lambda tmp: Path(tmp).write_bytes(data))
        except (OSError, ValueError):
            pass
    return value
