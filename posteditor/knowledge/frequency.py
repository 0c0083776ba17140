"""English word frequencies and word-pair counts, without loading whole lists at start-up.

``zipf(word)`` equals ``wordfreq.zipf_frequency(word, "en")``; ``bigram`` and
``association`` read symspellpy's English word and word-pair counts. Loading those lists
takes 0.2 s or more (wordfreq's import and list, a 242,000-entry pair dict), most of a
one-line run; so each is kept as an SQLite table in a cache folder, built the first time it
is needed (about a second) and read one key at a time after. Where no cache folder can be
written, the lists are read into memory as before (wordfreq answers every word).

The cache folder is that of :mod:`posteditor.knowledge.cache`; each table is named after
the data file it comes from, so an upgraded package gets a new table.
"""

from __future__ import annotations

import functools
import math
import os
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Iterable, Optional

from .cache import entry_path, package_file, write_atomically

_LOCK = threading.Lock()


def _data_file() -> Optional[Path]:
    """wordfreq's English list, found without importing wordfreq."""
    return package_file("wordfreq", "data", "large_en.msgpack.gz") or package_file("wordfreq", "data", "small_en.msgpack.gz")


def _zipf_of_freq(freq: float) -> float:
    """What wordfreq.zipf_frequency makes of a single word's list frequency (its rounding to
    three significant digits, the 1e-9 floor of minimum=0, the two decimals)."""
    unrounded = max(freq, 1e-9)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(math.log(round(unrounded, leading_zeroes + 3), 10) + 9, 2)


def _zipf_rows(_: Path) -> Iterable[tuple[str, float]]:
    from wordfreq import get_frequency_dict

    return ((w, _zipf_of_freq(f)) for w, f in get_frequency_dict("en").items() if w.isascii() and w.isalpha())


BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"  # in the symspellpy package
UNIGRAMS = "frequency_dictionary_en_82_765.txt"  # the same web text's word counts


def _bigram_rows(path: Path) -> Iterable[tuple[str, int]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            first, second, count = line.split()
            yield f"{first} {second}", int(count)


def _unigram_rows(path: Path) -> Iterable[tuple[str, int]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            yield word, int(count)


# Each table: its cache entry's name, its data file, the rows read from that file.
_TABLES: dict[str, tuple[Callable[[], Optional[Path]], Callable[[Path], Iterable[tuple[str, float]]]]] = {
    "zipf-en": (_data_file, _zipf_rows),
    "bigrams-en": (lambda: package_file("symspellpy", BIGRAMS), _bigram_rows),
    "unigrams-en": (lambda: package_file("symspellpy", UNIGRAMS), _unigram_rows),
}


def _build(path: Path, rows: Iterable[tuple[str, float]]) -> None:
    rows = list(rows)

    def write(tmp: str) -> None:
        db = sqlite3.connect(tmp)
        with db:
            db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v REAL) WITHOUT ROWID")
            db.executemany("INSERT OR REPLACE INTO t VALUES (?, ?)", rows)
        db.close()

    write_atomically(path, write)


@functools.lru_cache(maxsize=16)  # three tables, a process or two each: bounded
def _table(name: str, pid: int) -> Optional[sqlite3.Connection]:
    """A read-only connection to the table ``name``, one per process (a connection must not
    cross a fork, so a worker process opens its own); None where the data file is missing or
    no cache folder can be written."""
    find_source, rows = _TABLES[name]
    source = find_source()
    if source is None:
        return None
    try:
        path = entry_path(name + "-kv", [source], ".sqlite3")
        with _LOCK:
            if not path.exists():
                _build(path, rows(source))
        return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None


@functools.lru_cache(maxsize=len(_TABLES))
def _in_memory(name: str) -> dict[str, float]:
    """The table ``name`` as a dict, where it cannot be kept on disk."""
    find_source, rows = _TABLES[name]
    source = find_source()
    return dict(rows(source)) if source is not None else {}


def _value(name: str, key: str) -> Optional[float]:
    table = _table(name, os.getpid())
    if table is None:
        return _in_memory(name).get(key)
    with _LOCK:
        row = table.execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone()
    return row[0] if row else None


@functools.lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``."""
    if word.isascii() and word.isalpha() and _table("zipf-en", os.getpid()) is not None:
        return _value("zipf-en", word.lower()) or 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@functools.lru_cache(maxsize=100_000)
def bigram(first: str, second: str) -> int:
    """How often the lower-case words ``first second`` stand together in English web text
    (symspellpy's bigram list: 242,342 pairs seen at least 6.4 million times; 0 when the
    pair is not in it).

    >>> bigram("plans", "to") > bigram("the", "rapist") == 0
    True
    """
    return int(_value("bigrams-en", f"{first} {second}") or 0)


@functools.lru_cache(maxsize=100_000)
def _unigram(word: str) -> int:
    return int(_value("unigrams-en", word) or 0)


@functools.lru_cache(maxsize=1)
def _unigram_total() -> int:
    """The sum of symspellpy's English word counts (82,765 words)."""
    table = _table("unigrams-en", os.getpid())
    if table is None:
        return int(sum(_in_memory("unigrams-en").values()))
    with _LOCK:
        return int(table.execute("SELECT SUM(v) FROM t").fetchone()[0] or 0)


def association(first: str, second: str) -> Optional[float]:
    """How much more often the lower-case words ``first second`` stand together than their
    own frequencies predict: log2(count(pair) * total / (count(first) * count(second))),
    from symspellpy's word and pair counts of one web corpus (pointwise mutual information;
    the pair list's cut-off shifts it up by a few bits: grammatical pairs score 4 and more,
    "is slightly" 8.2, "and to" 4.1; broken ones 0.3 and less, "at is" 0.3, "is have" -0.6).
    None when the pair or a word is not listed.

    >>> association("is", "slightly") > 4 > 1 > association("is", "have")
    True
    """
    pair = bigram(first, second)
    a, b = _unigram(first), _unigram(second)
    if not (pair and a and b):
        return None
    return math.log2(pair * _unigram_total() / (a * b))
