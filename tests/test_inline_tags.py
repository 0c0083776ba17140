"""Fixers see through inline tags: text is fixed as the reader sees it, and every tag stays
whole and in place."""

import re

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from posteditor import Pipeline
from posteditor.cli import main
from posteditor.text.edits import apply_edits
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
