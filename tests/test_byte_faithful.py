"""Byte-faithful writing: a fixed translation file differs from its input only inside the
targets that changed, and every location points at the span in the file as it was read."""

import difflib

import pytest
from click.testing import CliRunner

from posteditor import Pipeline
from posteditor.cli import main
from posteditor.fileformats.formats import load
from posteditor.fileformats.locate import xml_element_spans

# Each file is written the way real tools write them, quirks included: single-quoted and
# unusually ordered attributes, comments, a header with notes, <seg-source> with <mrk>
# segments and no whitespace between them, CRLF line endings, escapes and entities.
XLIFF12 = (
    "<?xml version='1.0' encoding='UTF-8'?>\r\n"
    "<!-- exported by a CAT tool -->\r\n"
    "<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'>\r\n"
    "<file target-language='en' datatype='plaintext' original='news.html' source-language='az'>\r\n"
    "<header><note from='pm'>Deadline   Friday</note><tool tool-id='x' tool-name='X'/></header>\r\n"
    "<body>\r\n"
    "  <trans-unit id='1' resname='lead'>\r\n"
    "    <source>Bak\u0131, 20 fevral</source>\r\n"
    "    <seg-source><mrk mtype='seg' mid='1'>Bak\u0131,</mrk><mrk mtype='seg' mid='2'>20 fevral</mrk></seg-source>\r\n"
    "    <target state='translated'>Baku ,February 20 &apos;24</target>\r\n"
    "  </trans-unit>\r\n"
    "  <trans-unit id='2'>\r\n"
    "    <source>Prezident <g id='1'>Putin</g> razÄ± oldu</source>\r\n"
    "    <target>President <g id='1' ctype='bold'>Putin</g> agreed  to to the talks</target>\r\n"
    "  </trans-unit>\r\n"
    "  <trans-unit id='3'><source>Salam</source><target>Hello</target></trans-unit>\r\n"
    "</body>\r\n</file>\r\n</xliff>\r\n"
)

XLIFF20 = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="2.0" trgLang="en" srcLang="az" xmlns="urn:oasis:names:tc:xliff:document:2.0">\n'
    ' <file id="f1">\n'
    '  <notes><note id="n1">keep   spacing</note></notes>\n'
    '  <unit id="u1"><segment state="translated"><source>Salam</source>'
    '<target>The the minister said .</target></segment></unit>\n'
    ' </file>\n</xliff>\n'
)

PO = (
    "# Translator comments\r\n"
    'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\r\n\r\n'
    "#: news.c:10\r\n"
    'msgid ""\r\n"A long source line that wraps\\n"\r\n"onto two lines"\r\n'
    'msgstr ""\r\n"The minister said  that\\n"\r\n"he he would \\"return\\" soon ."\r\n\r\n'
    'msgid "%d item"\r\nmsgid_plural "%d items"\r\nmsgstr[0] "%d news item"\r\nmsgstr[1] "%d news  items ,today"\r\n\r\n'
    'msgctxt "button"\r\nmsgid "Send"\r\nmsgstr "Send"\r\n'
)

TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    '<tmx version="1.4"><header srclang="az" o-tmf="x" segtype="sentence" datatype="plaintext" adminlang="en"'
    ' creationtoolversion="1" creationtool="t"><prop type="x-note">a   b</prop></header>\n'
    '<body>\n<tu tuid="7"><tuv xml:lang="az"><seg>Salam</seg></tuv>'
    '<tuv xml:lang="en-GB"><seg>talks in in Baku ,today</seg></tuv></tu>\n</body>\n</tmx>\n'
)

SRT = "1\r\n00:00:01,000 --> 00:00:02,500\r\nHe said ,loudly\r\nand then the the end came\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nFine.\r\n"

JSONL = ('{"id": 1, "target": "talks in in Baku \\u2014 today", "n": 1e400}\n'
         '{"target":"caf\\u00e9 ,open","source":"x"}\n')

TSV = "source\ttarget\tnote\nA\ttalks in in Baku\tkeep  this\n"

FILES = {"a.xlf": XLIFF12, "b.xliff": XLIFF20, "c.po": PO, "d.tmx": TMX, "e.srt": SRT, "f.jsonl": JSONL,
         "g.tsv": TSV}


def _changed_ranges(before: str, after: str):
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(i1, i2) for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"]


@pytest.mark.parametrize("name", sorted(FILES))
def test_only_bytes_inside_changed_targets_differ(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name].encode("utf-8"))
    doc = load(path)
    fixed = Pipeline().fix_units(doc.segments, doc.sources, keep_units=True)
    targets = [s.text for s in fixed.segments]
    assert targets != doc.segments, "the fixture must have something to fix"
    out = doc.render(targets)
    allowed = [u.place.span(0, len(u.target)) for u, t in zip(doc.units, targets) if t != u.target]
    text_out = out.decode("utf-8")
    assert ("\r\n" in FILES[name]) == ("\r\n" in text_out)
    for start, end in _changed_ranges(FILES[name], text_out):
        assert any(a <= start and end <= b for a, b in allowed), (
            f"bytes changed outside a changed target: {FILES[name][max(0, start - 20):end + 20]!r}")
    # and the file reads back with exactly the fixed targets
    path.write_bytes(out)
    assert load(path).segments == targets


def test_xml_declaration_attributes_header_and_seg_source_are_kept(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_bytes(XLIFF12.encode("utf-8"))
    result = CliRunner().invoke(main, ["fix", str(path), "-i"])
    assert result.exit_code == 0, result.output
    out = path.read_bytes().decode("utf-8")
    for kept in ("<?xml version='1.0' encoding='UTF-8'?>\r\n<!-- exported by a CAT tool -->\r\n",
                 "<file target-language='en' datatype='plaintext' original='news.html' source-language='az'>",
                 "<header><note from='pm'>Deadline   Friday</note><tool tool-id='x' tool-name='X'/></header>",
                 "<mrk mtype='seg' mid='1'>Bak\u0131,</mrk><mrk mtype='seg' mid='2'>20 fevral</mrk>",
                 "<g id='1' ctype='bold'>Putin</g>", "&apos;24"):
        assert kept in out
    assert "<target state='translated'>Baku, February 20 &apos;24</target>" in out


def test_po_keeps_its_wrapping_and_line_endings(tmp_path):
    path = tmp_path / "c.po"
    path.write_bytes(PO.encode("utf-8"))
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    out = path.read_bytes().decode("utf-8")
    assert 'msgstr ""\r\n"The minister said  that\\n"\r\n"he would \\"return\\" soon."\r\n' in out
    assert 'msgstr[1] "%d news  items, today"\r\n' in out


def test_srt_keeps_crlf_and_its_lines(tmp_path):
    path = tmp_path / "e.srt"
    path.write_bytes(SRT.encode("utf-8"))
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    assert path.read_bytes() == SRT.replace("said ,loudly", "said, loudly").replace("the the end", "the end").encode()


def test_jsonl_keeps_escapes_and_other_fields(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_bytes(JSONL.encode("utf-8"))
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    assert path.read_text(encoding="utf-8") == JSONL.replace("in in", "in").replace(" ,open", ", open")


def test_xml_element_spans_skip_comments_cdata_and_quoted_brackets():
    text = "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY e 'x'>]><a b='<c>'><![CDATA[<d>]]><e>x</e><!-- <f> --></a>"
    spans = xml_element_spans(text)
    assert [text[s:e] for s, e in spans][1:] == ["x"]
    assert len(spans) == 2


def test_latin1_xliff_is_written_in_its_own_encoding(tmp_path):
    text = XLIFF20.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("Salam", "Caf\u00e9")
    path = tmp_path / "l.xliff"
    path.write_bytes(text.encode("latin-1"))
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    data = path.read_bytes()
    assert b"Caf\xe9" in data and b"The minister said." in data
    assert data == text.replace("The the minister said .", "The minister said.").encode("latin-1")


def test_po_in_its_declared_charset(tmp_path):
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-15\\n"\n\n'
            'msgid "Caf\u00e9"\nmsgstr "The caf\u00e9 is is open ."\n')
    path = tmp_path / "l.po"
    path.write_bytes(text.encode("iso-8859-15"))
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    assert path.read_bytes() == text.replace("is is open .", "is open.").encode("iso-8859-15")


def test_po_keyword_written_twice_reads_as_one_string(tmp_path):
    # as gettext tools read it: a msgstr[0] written twice continues the first
    text = ('msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\n"they built the the wall"\nmsgstr[1] "walls"\n'
            'msgstr[0] ""\nmsgstr[1] ""\n')
    path = tmp_path / "d.po"
    path.write_bytes(text.encode())
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    assert path.read_bytes() == text.replace("the the wall", "the wall").encode()


def test_srt_cue_with_a_blank_line_inside(tmp_path):
    # srt reads a cue whose next block lacks its timing as one cue with a blank line inside
    text = "1\n00:00:00,500 --> 00:00:07,000\nwe met in in the text\n\n2\nCaption two\n\n3\n00:00:11,890 --> 00:00:16,320\nThree\n"
    path = tmp_path / "m.srt"
    path.write_bytes(text.encode())
    CliRunner().invoke(main, ["fix", str(path), "-i"])
    assert path.read_bytes() == text.replace("in in the text", "in the text").encode()
