"""English word frequencies on wordfreq's Zipf scale, without wordfreq's start-up cost.

``zipf(word)`` equals ``wordfreq.zipf_frequency(word, "en")``. Importing wordfreq and loading
its English list takes about 0.2 s, most of a one-line run; so the frequencies of the
list's plain words (ASCII letters) are kept in an SQLite table in a cache folder, built from
wordfreq the first time it is needed (about a second) and read one word at a time after.
Any other word (accents, digits, apostrophes) is asked of wordfreq itself, as is every word
when no cache folder can be written.

The cache folder is that of :mod:`posteditor.knowledge.cache`; the table is named after wordfreq's data
file, so an upgraded wordfreq gets a new table.
"""

from __future__ import annotations

import functools
import math
import os
import sqlite3
import threading
from pathlib import Path
from typing import Optional

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


def _build(path: Path) -> None:
    from wordfreq import get_frequency_dict

    rows = [(w, _zipf_of_freq(f)) for w, f in get_frequency_dict("en").items() if w.isascii() and w.isalpha()]

    def write(tmp: str) -> None:
        db = sqlite3.connect(tmp)
        with db:
            db.execute("CREATE TABLE zipf (word TEXT PRIMARY KEY, zipf REAL) WITHOUT ROWID")
            db.executemany("INSERT OR REPLACE INTO zipf VALUES (?, ?)", rows)
        db.close()

    write_atomically(path, write)


@functools.lru_cache(maxsize=1)
def _table(pid: int) -> Optional[sqlite3.Connection]:
    """A read-only connection to the table, one per process (a connection must not cross a
    fork, so a worker process opens its own)."""
    data = _data_file()
    if data is None:
        return None
    try:
        path = entry_path("zipf-en", [data], ".sqlite3")
        with _LOCK:
            if not path.exists():
                _build(path)
        return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None  # no writable cache: wordfreq answers every word


@functools.lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``."""
    if word.isascii() and word.isalpha():
        table = _table(os.getpid())
        if table is not None:
            with _LOCK:
                row = table.execute("SELECT zipf FROM zipf WHERE word = ?", (word.lower(),)).fetchone()
            return row[0] if row else 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"  # in the symspellpy package
UNIGRAMS = "frequency_dictionary_en_82_765.txt"  # the same web text's word counts


def _read_bigrams(path: Path) -> dict[str, int]:
    counts = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            first, second, count = line.split()
            counts[f"{first} {second}"] = int(count)
    return counts


@functools.lru_cache(maxsize=1)
def _bigrams() -> dict[str, int]:
    """symspellpy's English bigram list (242,342 lower-case word pairs seen at least 6.4
    million times in web text, with their counts), kept in the cache folder as a dict."""
    from .cache import cached

    path = package_file("symspellpy", BIGRAMS)
    if path is None:
        return {}
    return cached("bigrams-en", [path], lambda: _read_bigrams(path))


def bigram(first: str, second: str) -> int:
    """How often the lower-case words ``first second`` stand together in English web text
    (symspellpy's bigram list; 0 when the pair is not in it).

    >>> bigram("plans", "to") > bigram("the", "rapist") == 0
    True
    """
    return _bigrams().get(f"{first} {second}", 0)


def _read_unigrams(path: Path) -> dict[str, int]:
    counts = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split()
            counts[word] = int(count)
    return counts


@functools.lru_cache(maxsize=1)
def _unigrams() -> tuple[dict[str, int], int]:
    """symspellpy's English word counts (82,765 words) and their total, kept in the cache
    folder as a dict."""
    from .cache import cached

    path = package_file("symspellpy", UNIGRAMS)
    if path is None:
        return {}, 0
    counts = cached("unigrams-en", [path], lambda: _read_unigrams(path))
    return counts, sum(counts.values())


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
    counts, total = _unigrams()
    a, b = counts.get(first), counts.get(second)
    if not (pair and a and b):
        return None
    return math.log2(pair * total / (a * b))
