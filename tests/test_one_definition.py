"""No cache keyed by id() (a freed object's id is reused); one definition of URLs and numbers."""

from posteditor.fixers.names import _known_tokens
from posteditor.knowledge.namematch import NameEntry, NameIndex


def test_known_tokens_belong_to_the_index_asked_about():
    # Each index is freed before the next is built, so CPython reuses the address; an id()
    # keyed cache then answers for the wrong index.
    for letter in "abcdefghijklmnopqrstuvwxyz":
        surname = f"Quorva{letter}"
        index = NameIndex.build([NameEntry(f"Zelda {surname}")])
        assert surname in _known_tokens(index)
        del index


# One definition of URLs and numbers for the fixers' protection, QA and the model's gate.

def test_a_url_in_quotes_is_compared_by_qa():
    from posteditor.check.qa import check_unit

    found = check_unit("f", 1, 'Open "https://example.org/a" now', 'Open "https://example.org/b" now')
    assert [f.rule for f in found] == ["QA_URL"]


def test_the_gate_reads_a_url_without_the_full_stop_after_it():
    from posteditor.model.gate import decide
    from posteditor.model.options import GateOptions

    decision = decide("Read more about the plans at www.example.az", "Read more about the plans at www.example.az.",
                      GateOptions(keep_names=False), logprob_gain=1.0)
    assert decision.accepted, decision.reason


def test_protection_qa_and_gate_see_the_same_url():
    from posteditor.text.patterns import URL
    from posteditor.text.protect import protected_spans

    text = 'See https://example.org/a?b=1, "www.example.az" and me@example.org.'
    assert [text[s:e] for s, e in protected_spans(text)] == [m.group() for m in URL.finditer(text)]


# One reader for TSV and one for JSON Lines: bench's corpora are read as fix reads its files.

def test_a_corpus_line_nested_too_deeply_is_named_not_a_traceback(tmp_path):
    import pytest

    from posteditor.errors import InputError
    from posteditor.evaluation.corpus import read_jsonl

    path = tmp_path / "c.jsonl"
    path.write_text('{"mt": "a", "ref": "a"}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.jsonl:2: JSON nested too deeply"):
        read_jsonl(path)


def test_a_corpus_line_that_is_not_an_object_says_so(tmp_path):
    import pytest

    from posteditor.errors import InputError
    from posteditor.evaluation.corpus import read_jsonl

    path = tmp_path / "c.jsonl"
    path.write_text('["mt", "ref"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.jsonl:1: not a JSON object"):
        read_jsonl(path)
