"""Fixers see through inline tags: text is fixed as the reader sees it, and every tag stays
whole and in place."""

import random
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from posteditor import Pipeline
from posteditor.cli import main
from posteditor.text.edits import Edit, apply_edits
from posteditor.text.inline import Reader

PIPELINE = Pipeline()


def fixed(markup):
    return PIPELINE.fix_units([markup], markup=True, keep_units=True).segments[0]


def test_glue_across_a_closing_tag_is_split_outside_the_tag():
    assert fixed('President <g id="1">Putin</g>initially agreed.').text == \
        'President <g id="1">Putin</g> initially agreed.'


def test_a_name_spelt_across_a_tag_is_corrected_and_the_tag_kept():
    assert fixed('Cho <g id="2">Biden</g> said.').text == 'Joe <g id="2">Biden</g> said.'


def test_doubled_word_across_tags_and_code_elements():
    assert fixed('<g id="1">the</g> the minister said.').text == '<g id="1">the</g> minister said.'
    assert fixed('talks <bpt id="1">&lt;b&gt;</bpt>in in<ept id="1">&lt;/b&gt;</ept> Baku').text == \
        'talks <bpt id="1">&lt;b&gt;</bpt>in<ept id="1">&lt;/b&gt;</ept> Baku'


def test_standalone_placeholders_stay_where_they_are():
    assert fixed('Press <x id="1"/> to to continue').text == 'Press <x id="1"/> to continue'
    assert fixed('Click<x id="1"/>here').text == 'Click<x id="1"/>here'


def test_xliff_file_with_glue_across_a_tag(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="x" source-language="ru" target-language="en" datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>Президент <g id="1">Путин</g> изначально согласился</source>'
        '<target>President <g id="1">Putin</g>initially agreed</target></trans-unit>\n</body></file></xliff>\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", str(path), "--explain"])
    assert '<target>President <g id="1">Putin</g> initially agreed</target>' in result.stdout
    check = CliRunner().invoke(main, ["check", str(path)])
    assert "QA_PLACEHOLDER" not in check.stdout


TAGS = st.sampled_from(['<g id="1">', '</g>', '<x id="2"/>', '<bx id="3"/>', '<ex id="3"/>',
                        '<bpt id="4">&lt;b&gt;</bpt>', '<ept id="4">&lt;/b&gt;</ept>'])
WORDS = st.sampled_from(["the", "the ", "in in ", "Putin", "initially", " ,", " .", "Cho Biden", "  ", "Leave a Reply"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(TAGS, WORDS), max_size=12))
def test_tags_survive_in_order_and_edits_replay(parts):
    markup = "".join(parts)
    seg = fixed(markup)
    tags = lambda text: re.findall(r"<[^>]+>", re.sub(r"<(bpt|ept)\b[^>]*>.*?</\1>", lambda m: m.group(), text))  # noqa: E731
    assert tags(seg.text) == tags(markup)
    assert apply_edits(markup, seg.edits) == seg.text
    assert Reader(seg.text).text == PIPELINE.fix_units([Reader(markup).text]).segments[0].text or seg.text == markup


@pytest.mark.parametrize("markup, expected", [
    ('<bpt id="1">&lt;b&gt;</bpt>Putin<ept id="1">&lt;/b&gt;</ept>initially',
     '<bpt id="1">&lt;b&gt;</bpt>Putin<ept id="1">&lt;/b&gt;</ept> initially'),
    ('<bx id="1"/>Putin<ex id="1"/>initially', '<bx id="1"/>Putin<ex id="1"/> initially'),
    ('<sc id="1"/>Putin<ec startRef="1"/>initially', '<sc id="1"/>Putin<ec startRef="1"/> initially'),
    ('<g id="1">Putin</g>initially', '<g id="1">Putin</g> initially'),
    ('Putin<g id="1">initially</g>', 'Putin <g id="1">initially</g>'),
])
def test_text_inserted_where_tags_meet_goes_after_closing_and_before_opening_ones(markup, expected):
    from posteditor.text.inline import Reader, to_markup

    assert Reader(markup).text == "Putininitially"
    assert to_markup(markup, [Edit("GLUE", "GLUE", 5, 5, "", " ")])[0] == expected


def test_insertion_points_at_the_ends_of_a_marked_up_text():
    from posteditor.text.inline import Reader

    reader = Reader('<g id="1">Talks</g> resumed<x id="2"/>')
    assert reader.insertion_point(0) == 0  # before the opening tag
    assert reader.insertion_point(2) == len('<g id="1">') + 2  # no tag there: at the character
    assert reader.insertion_point(5) == len('<g id="1">Talks</g>')  # after the closing one
    assert reader.insertion_point(len(reader.text)) == len(reader.markup)


def test_a_tag_inside_a_replaced_stretch_goes_after_the_replacement():
    from posteditor.text.inline import _with_tags

    assert _with_tags("abcdef", "abXYZef", [(3, "<t/>")]) == "abXYZ<t/>ef"
    assert _with_tags("abcdef", "abcdef!", [(3, "<t/>")]) == "abc<t/>def!"
    # A long text of few distinct characters: each one is matched (difflib's autojunk would
    # treat them all as junk and move the tag to the end of one big replacement).
    rng = random.Random(0)
    long_before = "".join(rng.choice("ab c") for _ in range(300))
    long_after = long_before[:100] + "XY" + long_before[101:]
    assert _with_tags(long_before, long_after, [(250, "<t/>")]) == long_after[:251] + "<t/>" + long_after[251:]


def test_held_proposals_are_placed_in_the_markup():
    from posteditor.text.inline import held_in_markup

    held = held_in_markup('Talks <g id="1">resumed</g> .', [Edit("R", "C", 13, 15, " .", ".")])
    assert [(h.start, h.end, h.before, h.after) for h in held] == [(27, 29, " .", ".")]
