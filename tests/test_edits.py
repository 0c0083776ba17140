import pytest

from posteditor.text.edits import DocumentResult, Edit, FixResult, ReplayError, apply_edits, word_diff


def test_edits_apply_in_order_with_offsets_of_their_moment():
    text = "a  b ,c"
    edits = [
        Edit("SP", "SPACING", 1, 3, "  ", " "),  # "a b ,c"
        Edit("P", "SPACING", 3, 5, " ,", ","),  # "a b,c"
        Edit("C", "SPACING", 3, 4, ",", ", "),  # "a b, c"
    ]
    assert apply_edits(text, edits) == "a b, c"


def test_replay_refuses_an_edit_that_does_not_match():
    with pytest.raises(ReplayError, match="expects"):
        apply_edits("abc", [Edit("X", "Y", 0, 1, "z", "")])


def test_edit_round_trips_through_dict():
    edit = Edit("EN_DOUBLE_WORD", "REPEAT", 3, 8, "in in", "in", "said once", "info")
    assert Edit.from_dict(edit.to_dict()) == edit
    assert Edit.from_dict({**edit.to_dict(), "line": 4}) == edit


def test_document_edits_have_whole_text_offsets():
    seg1 = FixResult("x  y", "x y", (Edit("SP", "SPACING", 1, 3, "  ", " "),))
    seg2 = FixResult("in in", "in", (Edit("D", "REPEAT", 0, 5, "in in", "in"),))
    doc = DocumentResult((seg1, seg2))
    assert doc.original == "x  y\nin in"
    assert [e.start for e in doc.edits] == [1, 4]
    assert apply_edits(doc.original, doc.edits) == doc.text == "x y\nin"


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("said .", "said.") == "[-said .-]{+said.+}"
    assert word_diff("same", "same") == "same"


def test_the_written_out_constructors_take_the_fields_in_order_and_stay_frozen():
    import dataclasses
    import inspect

    import pytest

    from posteditor.check.qa import Finding
    from posteditor.text.edits import Edit, FixResult

    for cls in (Edit, FixResult, Finding):
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
        fields = dataclasses.fields(cls)
        assert [p.name for p in params] == [f.name for f in fields]
        for p, f in zip(params, fields):
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            assert p.default == (inspect.Parameter.empty if default is dataclasses.MISSING else default)
    edit = Edit("R", "SPACING", 1, 2, " ", "")
    assert edit == Edit(rule="R", category="SPACING", start=1, end=2, before=" ", after="", message="", severity="warning")
    with pytest.raises(dataclasses.FrozenInstanceError):
        edit.start = 3
    result = FixResult("a ,", "a,", (edit,))
    assert result.changed and result.model is None and hash(result) == hash(FixResult("a ,", "a,", (edit,)))


def test_span_before_maps_spans_inside_at_and_after_an_edit():
    # Killing the mutants the mutation run left (benchmarks/results/mutation.md): a span
    # inside what an edit wrote maps to the whole edit, its edges map exactly.
    from posteditor.text.edits import span_before

    double = Edit("R", "C", 0, 5, "in in", "in")  # "in in Baku" -> "in Baku"
    assert span_before([double], 1, 2) == (0, 5)  # inside the written "in": the whole edit
    assert span_before([double], 0, 1) == (0, 5)
    assert span_before([double], 0, 2) == (0, 5)
    assert span_before([double], 2, 7) == (5, 10)  # from the end of what it wrote: shifted
    assert span_before([double], 3, 7) == (6, 10)
    deletion = Edit("R", "C", 3, 6, "abc", "")  # "xyzabcdef" -> "xyzdef"
    assert span_before([deletion], 3, 3) == (3, 3)
    assert span_before([deletion], 0, 3) == (0, 3)
    assert span_before([deletion], 3, 4) == (3, 7)  # a span that starts where text was deleted takes it in
    assert span_before([deletion], 4, 5) == (7, 8)
    insertion = Edit("R", "C", 4, 4, "", " ")  # "abcdefg" -> "abcd efg"
    assert span_before([insertion], 4, 5) == (4, 4)
    assert span_before([insertion], 5, 6) == (4, 5)


def test_word_diff_of_insertions_and_long_texts():
    from posteditor.text.edits import word_diff

    assert word_diff("talks in Baku", "talks were held in Baku") == "talks {+were held +}in Baku"
    # Long texts with many repeated words: every repeated word is matched, not treated as junk.
    before = " ".join(["the talks in the capital went on"] * 40)
    after = before.replace("went on", "went on and on", 1)
    assert word_diff(before, after).count("{+") == 1 and "[-" not in word_diff(before, after)
