import dataclasses

import pytest

from posteditor import Config, ConfigError, Pipeline, apply_edits, fix, load_config


def test_fix_returns_text_and_explained_edits():
    result = fix("Talks resumed in in Baku ,officials said .")
    assert result.text == "Talks resumed in Baku, officials said."
    assert [e.rule for e in result.edits] == [
        "EN_DOUBLE_WORD", "EN_SPACE_BEFORE_PUNCT", "EN_SPACE_BEFORE_PUNCT", "EN_SPACE_AFTER_COMMA",
    ]
    edit = result.edits[0]
    assert (edit.category, edit.before, edit.after) == ("REPEAT", "in in", "in")
    assert edit.message


def test_boilerplate_segment_becomes_empty_and_is_recorded():
    result = fix("Leave a Reply\nHe asked readers to leave a reply.")
    assert result.text == "\nHe asked readers to leave a reply."
    (edit,) = result.edits
    assert (edit.rule, edit.category, edit.before, edit.after) == (
        "BOILERPLATE_PAGE_FURNITURE", "BOILERPLATE", "Leave a Reply", "",
    )


HEADLINE = ["Biden and Putin to meet in Geneva", "", "Biden and Putin to meet in Geneva.", "Biden and Putin met."]


def test_a_headline_repeated_as_the_next_paragraph_is_removed_where_the_source_does_not_repeat_it():
    sources = ["Байден и Путин встретятся в Женеве", "", "Об этом сообщил Кремль.", "Они встретились."]
    result = Pipeline().fix_document(HEADLINE, sources)
    assert [s.text for s in result.segments] == ["Biden and Putin to meet in Geneva", "", "", "Biden and Putin met."]
    assert [e.rule for e in result.edits] == ["EN_REPEATED_SEGMENT"]


def test_a_headline_the_source_repeats_stays_repeated():
    sources = ["Байден и Путин встретятся в Женеве", "", "Байден и Путин встретятся в Женеве.", "Они встретились."]
    result = Pipeline().fix_document(HEADLINE, sources)
    assert [s.text for s in result.segments] == HEADLINE
    assert all(not s.held for s in result.segments)


def test_without_a_source_a_repeated_headline_is_proposed_not_removed():
    result = Pipeline().fix_document(HEADLINE)
    assert [s.text for s in result.segments] == HEADLINE
    (held,) = result.segments[2].held
    assert (held.rule, held.before, held.after) == ("EN_REPEATED_SEGMENT", HEADLINE[2], "")
    assert "source" in held.message


def test_fixers_switch_off_by_id_and_by_category():
    text = "Leave a Reply\nheld talks in in Baku ."
    assert fix(text, Config(disabled=frozenset({"BOILERPLATE"}))).text == "Leave a Reply\nheld talks in Baku."
    assert fix(text, Config(disabled=frozenset({"EN_DOUBLE_WORD", "spacing"}))).text == "\nheld talks in in Baku ."


def test_protected_spans_are_never_edited():
    text = "See http://a.org/x.Y,z  and mail a.b@c.com ,now"
    result = fix(text)
    assert "http://a.org/x.Y,z" in result.text and "a.b@c.com" in result.text
    assert result.text.endswith("a.b@c.com, now")


def test_a_file_name_keeps_the_spelling_it_was_saved_with():
    doc = Pipeline().fix_document([
        "Cho Biden will hold talks in in Geneva .",
        "Official portrait of Joe Biden, Cho Biden 2021.jpg",
        "Joe Biden arrived.",
    ])
    assert [s.text for s in doc.segments] == [
        "Joe Biden will hold talks in Geneva.",
        "Official portrait of Joe Biden, Cho Biden 2021.jpg",
        "Joe Biden arrived.",
    ]


def test_runs_to_a_fixed_point():
    text = "held talks in in in the capital ,,officials said ."
    once = fix(text).text
    assert fix(once).text == once
    assert "in in" not in once


def test_line_breaks_inside_a_segment_are_kept_and_never_edited():
    result = Pipeline().fix_document(["ok", "held talks in in Baku\nofficials said .", "Leave a Reply\n", "word ,\r\n, word"])
    assert [s.text for s in result.segments] == [
        "ok", "held talks in Baku\nofficials said.", "Leave a Reply\n", "word,\r\n, word"]


def test_document_edits_replay(pipeline):
    text = "Leave a Reply\nTbilisi.Officials said\nTbilisi.Officials said ."
    result = pipeline.fix(text)
    assert apply_edits(text, result.edits) == result.text


def test_config_file_round_trip(tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text("", encoding="utf-8")
    path = tmp_path / "posteditor.toml"
    path.write_text('lang = "en"\ndisable = ["BOILERPLATE"]\nrules = ["r.toml"]\nmax_passes = 3\n', encoding="utf-8")
    config = load_config(path)
    assert config == Config(disabled=frozenset({"BOILERPLATE"}), rules=(tmp_path / "r.toml",), max_passes=3)
    assert dataclasses.replace(config, lang="en") == config


@pytest.mark.parametrize(
    "text, message",
    [("lang = 3\n", "lang must be a string"), ("disabel = []\n", "unknown keys"), ("x = [\n", "not valid TOML")],
)
def test_bad_config_files_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_fixers_that_undo_each_other_stop_where_the_cycle_began():
    from posteditor.fixers.base import Change, Fixer

    class Flip(Fixer):
        def find(self, text, ctx):
            i = text.find(self.description)
            if i >= 0:
                yield Change(i, i + 1, "b" if self.description == "a" else "a")

    a_to_b = Flip(id="A_TO_B", category="X", description="a")
    b_to_a = Flip(id="B_TO_A", category="Y", description="b")
    pipeline = Pipeline(Config(builtin=False), fixers=[a_to_b, b_to_a])
    # "xa" -> "xb" -> "xa" is a cycle back to the start: the segment is left as it came
    result = pipeline.fix_segment("xa")
    assert result.text == "xa" and result.edits == ()
    # from "xb" the loop reaches "xa", whose next step would return to the start: it stops
    # there, with the one edit replayable, and the result is a fixed point
    other = pipeline.fix_segment("xb")
    assert other.text == "xa" and apply_edits("xb", other.edits) == "xa" and len(other.edits) == 1
    assert pipeline.fix_segment(other.text).edits == ()


def test_accepted_name_variants_do_not_oscillate_across_a_document():
    doc = ["Ilham Aliev met the envoy.", "According to Ilham  Aliyev, the talks resume.", "Aliyev said so."]
    result = fix("\n".join(doc))
    assert [e.rule for e in result.edits if e.category == "NAME"] == []
    assert not fix(result.text).changed
