"""Where a target's characters stand in its file (posteditor.fileformats.locate), checked
directly: the mutation run (benchmarks/results/mutation.md) found these maps exercised only
through subprocesses or not at all, so that breaking an escape rule or an offset went
unnoticed."""

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posteditor.fileformats.locate import (
    Place,
    aligned_place,
    json_place,
    po_entries,
    po_escape,
    po_place,
    po_unescape,
    splice,
)

# Text with what JSON and PO escape: quotes, backslashes, controls, non-ASCII, astral characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from('"\\\n\t\r/é😀'), max_size=40)


@settings(max_examples=300, deadline=None)
@given(value=TEXT, ascii_style=st.booleans(), prefix=st.sampled_from(["", '{"id": 7, "target": ']))
def test_json_place_maps_every_character_to_its_escape(value, ascii_style, prefix):
    literal = json.dumps(value, ensure_ascii=ascii_style)
    text = prefix + literal + "}"
    place = json_place(text, len(prefix), len(prefix) + len(literal))
    assert place.start == len(prefix) + 1
    assert len(place.chars) == len(value)
    for ch, (a, b) in zip(value, place.chars):
        assert json.loads('"' + text[a:b] + '"') == ch


@settings(max_examples=300, deadline=None)
@given(value=TEXT, data=st.data(), ascii_style=st.booleans())
def test_splicing_a_change_into_json_writes_exactly_the_new_value(value, data, ascii_style):
    i = data.draw(st.integers(0, len(value)))
    j = data.draw(st.integers(i, len(value)))
    new = value[:i] + data.draw(TEXT) + value[j:]
    literal = json.dumps(value, ensure_ascii=ascii_style)
    written = splice(literal, [(json_place(literal, 0, len(literal)), value, new)],
                     lambda v: json.dumps(v, ensure_ascii=ascii_style)[1:-1])
    assert json.loads(written) == new


def test_an_escape_far_from_a_long_targets_change_stays_as_written():
    value = "The minister said " + "that the talks went on " * 12 + "in Baku/Ganja ."
    literal = json.dumps(value).replace("/", "\\/")  # a writer that escapes the solidus
    new = value.replace(" .", ".")
    written = splice(literal, [(json_place(literal, 0, len(literal)), value, new)], lambda v: json.dumps(v)[1:-1])
    assert written == literal.replace(' ."', '."')


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_po_escape_round_trips_and_leaves_no_bare_quote_or_control(value):
    escaped = po_escape(value)
    assert po_unescape(escaped) == value
    assert not any(c in escaped for c in "\n\t\r")
    assert '"' not in escaped.replace("\\\\", "").replace('\\"', "")


def test_po_unescape_reads_an_unknown_escape_as_its_character():
    assert po_unescape(r"a\qb\"c\\d") == 'aqb"c\\d'


def test_po_place_counts_an_escape_as_one_character_and_knows_empty_strings():
    text = 'msgstr ""\n"Tab\\there"\n'
    place = po_place(text, [(8, 8), (11, 20)])
    assert place.start == 8 and len(place.chars) == 8
    assert text[slice(*place.chars[3])] == "\\t"
    assert place.span(4, 8) == (16, 20)
    assert po_place(text, []).start == 0 and po_place(text, []).span(0, 0) == (0, 0)
    assert po_place(text, [(8, 8)]).span(0, 0) == (8, 8)  # text put into an empty msgstr goes inside its quotes


def test_insertion_points_of_a_mapped_place():
    place = Place(10, ((10, 11), (11, 13), (13, 14)))  # the middle character is written as two
    assert [place.span(k, k) for k in range(4)] == [(10, 10), (11, 11), (13, 13), (14, 14)]
    assert place.span(0, 3) == (10, 14)
    assert Place(5).span(1, 3) == (6, 8)
    assert Place(5, ()).span(0, 0) == (5, 5)


def test_aligned_place_maps_an_entity_as_a_whole():
    place = aligned_place("café au lait", "caf&#233; au lait", 100)
    assert place.span(3, 4) == (103, 109)  # é is &#233;
    assert place.span(4, 7) == (109, 112)
    assert place.span(0, 3) == (100, 103)
    assert aligned_place("same", "same", 7).span(1, 2) == (8, 9)


def test_splice_refuses_overlapping_changes():
    with pytest.raises(ValueError, match="overlapping changes at offset 2"):
        splice("abcdef", [(Place(0), "abcdef", "aXcdef"), (Place(0), "abcdef", "abYdef"), (Place(1), "bcd", "b-d")])


PO = '''# translator comments
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "menu"
msgid "Open"
msgstr "Open"

#, fuzzy
msgid "One file"
msgid_plural "%d files"
msgstr[0] "One file"
msgstr[1] ""
"%d files"

msgid "no translation yet"
msgctxt "button"
msgid "Close"
msgstr "Close"
'''


def test_po_entries_know_contexts_plurals_and_the_line_of_each_msgstr():
    entries = po_entries(PO)
    assert [(e.context, e.msgid) for e in entries] == [
        (None, ""), ("menu", "Open"), (None, "One file"), (None, "no translation yet"), ("button", "Close")]
    plural = entries[2]
    assert plural.lines == {0: 13, 1: 14}
    assert [PO[a:b] for a, b in plural.strings[1]] == ["%d files"]  # the empty first chunk is left out
    assert entries[0].lines == {0: 3} and entries[3].strings == {}


def test_po_entries_of_a_file_without_entries():
    assert po_entries("") == [] and po_entries("# only a comment\n") == []


def test_json_surrogates_pair_only_from_a_high_one():
    assert len(json_place('"\\ud83d\\ude00"', 0, 14).chars) == 1  # one astral character
    assert len(json_place('"\\udc00\\u00e9"', 0, 14).chars) == 2  # a lone low surrogate, then é
    assert len(json_place('"\\udbff\\udfff"', 0, 14).chars) == 1


def test_long_targets_of_few_distinct_characters_are_still_mapped_character_by_character():
    # difflib's autojunk would take every character of such a text for junk, and rewrite or
    # map the whole tail as one block.
    rng = random.Random(0)
    old = "".join(rng.choice("ab c") for _ in range(300))
    new = old[:100] + "X" + old[101:]
    assert splice(old, [(Place(0), old, new)], str.upper) == new
    raw = old[:100] + "&#98;" + old[101:]  # the character at 100 written as an entity
    place = aligned_place(old, raw, 0)
    assert place.span(100, 101) == (100, 105) and place.span(250, 251) == (254, 255)
