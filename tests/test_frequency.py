"""Word frequencies from the cached table equal wordfreq's, table or no table."""

import random

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from posteditor.knowledge import frequency


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path / "cache"))
    frequency._table.cache_clear()
    frequency.zipf.cache_clear()
    yield tmp_path / "cache"
    frequency._table.cache_clear()
    frequency.zipf.cache_clear()


def _words():
    rng = random.Random(3)
    listed = sorted(w for w in get_frequency_dict("en") if w.isascii() and w.isalpha())
    sample = rng.sample(listed, 2000)
    made_up = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 12))) for _ in range(500)]
    odd = ["Putininitially", "NATOis", "Zelenskyy", "naïve", "café", "20th", "don't", "Ş", "ﬁnal", "e-mail", ""]
    return sample + [w.title() for w in sample[:300]] + [w.upper() for w in sample[:300]] + made_up + odd


def test_the_cached_table_answers_as_wordfreq_does(fresh_cache):
    words = _words()
    assert [frequency.zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]
    assert list(fresh_cache.glob("zipf-en-*.sqlite3"))  # the table was built, and used


def test_without_a_writable_cache_wordfreq_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(blocker / "cache"))
    frequency._table.cache_clear()
    frequency.zipf.cache_clear()
    try:
        assert frequency._table("zipf-en", 0) is None
        words = _words()[:300]
        assert [frequency.zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]
    finally:
        frequency._table.cache_clear()
        frequency.zipf.cache_clear()


def _clear_pairs():
    for f in (frequency._table, frequency._in_memory, frequency.bigram, frequency._unigram, frequency._unigram_total):
        f.cache_clear()


def test_word_pair_counts_are_the_same_from_the_table_and_from_the_list(tmp_path, monkeypatch):
    # symspellpy's pair and word counts, read one key at a time from the cache folder's
    # table, equal those read from its files into memory (the path without a cache folder).
    pairs = [("plans", "to"), ("the", "rapist"), ("is", "slightly"), ("is", "have"), ("at", "is"), ("and", "the"),
             ("zzqx", "the"), ("", "")]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    try:
        monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path / "cache"))
        _clear_pairs()
        from_table = [(frequency.bigram(a, b), frequency.association(a, b)) for a, b in pairs]
        assert list((tmp_path / "cache").glob("bigrams-en-*.sqlite3"))
        monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(blocker / "cache"))
        _clear_pairs()
        in_memory = [(frequency.bigram(a, b), frequency.association(a, b)) for a, b in pairs]
        assert frequency._table("bigrams-en", 0) is None
    finally:
        _clear_pairs()
    assert from_table == in_memory
    assert from_table[0][0] > 0 == from_table[1][0] and from_table[2][1] > 4 > 1 > from_table[3][1]


def test_cached_values_are_kept_and_follow_their_sources(tmp_path, monkeypatch):
    from posteditor.knowledge.cache import cached

    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "source.txt"
    source.write_text("a")
    calls = []

    def build():
        calls.append(1)
        return ["x", source.read_text()]

    assert cached("thing", [source], build) == ["x", "a"]
    assert cached("thing", [source], build) == ["x", "a"]
    assert len(calls) == 1  # the second answer came from the cache folder
    source.write_text("bb")  # a changed source is a new entry
    assert cached("thing", [source], build) == ["x", "bb"]
    assert len(calls) == 2


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    from posteditor.knowledge.cache import cached

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(blocker / "cache"))
    assert cached("thing", [blocker], lambda: {"k": 1}) == {"k": 1}


def test_country_names_from_the_cache_equal_pycountrys(tmp_path, monkeypatch):
    from posteditor.knowledge import gazetteer

    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path / "cache"))
    gazetteer.countries.cache_clear()
    try:
        first = gazetteer.countries()
        gazetteer.countries.cache_clear()
        assert gazetteer.countries() == first == frozenset(gazetteer._country_names())
        assert {"Azerbaijan", "Iran", "Russian Federation"} <= first
    finally:
        gazetteer.countries.cache_clear()


def test_the_name_index_is_the_same_from_the_cache_folder(tmp_path, monkeypatch):
    # The shipped names' skeletons are kept in the cache folder (a one-line run's start);
    # the index built from them equals the one computed afresh, and the entry is reused.
    from posteditor.knowledge import namematch

    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path))
    fresh = namematch.NameIndex.build(namematch.shipped_entries("en"))
    namematch.name_index.cache_clear()
    written = namematch.name_index("en", ())
    entries = list(tmp_path.glob("name-skeletons-en-*.marshal"))
    namematch.name_index.cache_clear()
    read = namematch.name_index("en", ())
    namematch.name_index.cache_clear()

    def shape(index):
        return {k: [(e.canonical, form) for e, form in v] for k, v in index.by_skeleton.items()}

    assert len(entries) == 1 and shape(fresh) == shape(written) == shape(read)
