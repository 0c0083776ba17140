"""Translation files as a CAT tool keeps them: locked units stay locked, fuzzy entries are
counted, and no unit is ever emptied (its removal is proposed instead)."""

import json

import pytest
from click.testing import CliRunner

from posteditor.cli import main
from posteditor.fileformats.formats import load

DAMAGED = "held talks in in Baku ."
FIXED = "held talks in Baku."

XLIFF12_STATES = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
  <file original="a.txt" source-language="az" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="open"><source>x</source><target>{DAMAGED}</target></trans-unit>
      <trans-unit id="no" translate="no"><source>x</source><target>{DAMAGED}</target></trans-unit>
      <trans-unit id="approved" approved="yes"><source>x</source><target>{DAMAGED}</target></trans-unit>
      <trans-unit id="final"><source>x</source><target state="final">{DAMAGED}</target></trans-unit>
      <trans-unit id="signed"><source>x</source><target state="signed-off">{DAMAGED}</target></trans-unit>
      <trans-unit id="locked" sdl:locked="true"><source>x</source><target>{DAMAGED}</target></trans-unit>
      <group translate="no"><trans-unit id="ingroup"><source>x</source><target>{DAMAGED}</target></trans-unit></group>
    </body>
  </file>
</xliff>
"""
XLIFF20_STATES = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="az" trgLang="en">
  <file id="f1">
    <unit id="open"><segment><source>x</source><target>{DAMAGED}</target></segment></unit>
    <unit id="final"><segment state="final"><source>x</source><target>{DAMAGED}</target></segment></unit>
    <unit id="no" translate="no"><segment><source>x</source><target>{DAMAGED}</target></segment></unit>
  </file>
</xliff>
"""
PO_FUZZY = f'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, fuzzy
msgid "a"
msgstr "{DAMAGED}"

msgid "b"
msgstr "{DAMAGED}"

#~ msgid "c"
#~ msgstr "{DAMAGED}"
'''


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("text, name", [(XLIFF12_STATES, "a.xlf"), (XLIFF20_STATES, "b.xlf")])
def test_locked_units_stay_as_they_are_and_are_counted(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = load(path)
    assert [u.id for u in doc.units] == ["open"]
    assert sum(doc.skipped.values()) == text.count("<trans-unit") + text.count("<unit") - 1
    result = run("fix", path)
    assert result.exit_code == 0
    assert result.stdout.count(FIXED) == 1 and result.stdout.count(DAMAGED) == sum(doc.skipped.values())
    assert "left as they are" in result.stderr


def test_check_reports_nothing_on_a_translate_no_unit(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF12_STATES, encoding="utf-8")
    result = run("check", path, "--output-format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert findings and {f["line"] for f in findings} == {5}  # the open unit only
    assert not any(f["rule"] == "QA_UNTRANSLATED" for f in findings)


def test_fuzzy_entries_are_left_and_counted_unless_asked_for(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(PO_FUZZY, encoding="utf-8")
    result = run("fix", path)
    assert result.stdout.count(FIXED) == 1 and result.stdout.count(DAMAGED) == 2  # fuzzy and obsolete stay
    assert "1 unit(s) left as they are: 1 fuzzy" in result.stderr and "--include-fuzzy" in result.stderr
    result = run("fix", path, "--include-fuzzy")
    assert result.stdout.count(FIXED) == 2 and result.stdout.count(DAMAGED) == 1  # the obsolete entry stays


XLIFF_FURNITURE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="az" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>Şərh yaz</source><target state="translated">Leave a Reply</target></trans-unit>
      <trans-unit id="2"><source>x</source><target>held talks in in Baku .</target></trans-unit>
    </body>
  </file>
</xliff>
"""
SRT_FURNITURE = "1\n00:00:01,000 --> 00:00:02,000\nLeave a Reply\n\n2\n00:00:03,000 --> 00:00:04,000\nheld talks in in Baku .\n\n"


@pytest.mark.parametrize("name, text", [("a.xlf", XLIFF_FURNITURE), ("a.srt", SRT_FURNITURE),
                                        ("a.jsonl", '{"target": "Leave a Reply"}\n{"target": "held talks in in Baku ."}\n')])
def test_a_unit_is_never_emptied_its_removal_is_proposed(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    fixed = run("fix", path, "--explain")
    assert "Leave a Reply" in fixed.stdout and "held talks in Baku." in fixed.stdout
    assert "proposed, not made: BOILERPLATE_PAGE_FURNITURE" in fixed.stderr
    findings = json.loads(run("check", path, "--output-format", "json").stdout)["findings"]
    assert any(f["rule"] == "BOILERPLATE_PAGE_FURNITURE" and f["suggestion"] == "" for f in findings)


def test_plain_text_still_empties_the_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Leave a Reply\nheld talks in in Baku .\n", encoding="utf-8")
    assert run("fix", path).stdout == "\nheld talks in Baku.\n"


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="t1"><langSet xml:lang="en"><tig><term>Oleksiy Reznikov</term></tig></langSet>
<langSet xml:lang="uk"><tig><term>Олексій Резніков</term></tig></langSet></termEntry>
</body></text></martif>
"""


@pytest.mark.parametrize("glossary, text", [("user.tsv", "Oleksiy Reznikov\n"), ("user.tbx", TBX)])
def test_a_user_glossary_beats_the_shipped_spelling_in_fix_and_check(tmp_path, glossary, text):
    # The gazetteer spells him Oleksii (Oleksiy accepted); the user's glossary says Oleksiy.
    (tmp_path / glossary).write_text(text, encoding="utf-8")
    doc = tmp_path / "a.tsv"
    doc.write_text("source\ttarget\nОлексій Резніков заявив.\tDefence Minister Oleksii Reznikov said.\n",
                   encoding="utf-8")
    fixed = run("fix", doc, "--glossary", tmp_path / glossary)
    assert "Defence Minister Oleksiy Reznikov said." in fixed.stdout
    findings = json.loads(run("check", doc, "--glossary", tmp_path / glossary, "--output-format", "json").stdout)
    suggestions = {f["suggestion"] for f in findings["findings"] if "Reznikov" in (f["suggestion"] or "")}
    assert suggestions == {"Oleksiy Reznikov"}  # no finding asks for the other spelling


def test_states_chooses_which_units_are_fixed(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF12_STATES, encoding="utf-8")
    # final units are fixed when the user asks for them; locks and translate="no" still hold
    out = run("fix", path, "--states", "final").stdout
    assert out.count(FIXED) == 1 and out.count(DAMAGED) == 6
    assert '<target state="final">held talks in Baku.</target>' in out
    out = run("fix", path, "--states", "translated,signed-off").stdout
    assert out.count(FIXED) == 2 and '<target state="signed-off">held talks in Baku.</target>' in out
    po = tmp_path / "a.po"
    po.write_text(PO_FUZZY, encoding="utf-8")
    only_fuzzy = run("fix", po, "--states", "fuzzy")
    assert f'msgid "a"\nmsgstr "{FIXED}"' in only_fuzzy.stdout and f'msgid "b"\nmsgstr "{DAMAGED}"' in only_fuzzy.stdout
    assert "1 unit(s) left as they are: 1 translated" in only_fuzzy.stderr
    assert run("fix", po, "--states", " , ").exit_code == 2


@pytest.mark.parametrize("extra", [[], ["--chunk-lines", "2"], ["--chunk-lines", "2", "--jobs", "2"]])
def test_a_plain_text_pragma_switches_rules_off_for_the_next_line(tmp_path, extra):
    path = tmp_path / "a.txt"
    path.write_text("The talks talks ended.\n<!-- posteditor: ignore EN_DOUBLE_WORD -->\nThe talks talks ended.\n"
                    "<!--posteditor: ignore-->\nThe talks talks ended .\nThe talks talks ended .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", str(path)] + extra)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "The talks ended.", "<!-- posteditor: ignore EN_DOUBLE_WORD -->", "The talks talks ended.",
        "<!--posteditor: ignore-->", "The talks talks ended .", "The talks ended."]
    path.write_text("<!-- posteditor: ignore GLUEE -->\nThe talks talks ended.\n", encoding="utf-8")
    typo = CliRunner().invoke(main, ["fix", str(path)] + extra)
    assert typo.exit_code == 2 and f"{path}:2:" in typo.stderr and "did you mean GLUE" in typo.stderr


def test_enable_is_select(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The talks talks ended .\n", encoding="utf-8")
    outputs = {option: CliRunner().invoke(main, ["fix", str(path), option, "SPACING"]).stdout
               for option in ("--select", "--enable")}
    assert outputs["--select"] == outputs["--enable"] == "The talks talks ended.\n"
