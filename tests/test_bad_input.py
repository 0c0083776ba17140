"""Every command on every kind of awkward input: a clear result or one line and exit 2, never
a traceback, never exit 1 (which `check` keeps for findings) or 3 (an unexpected error)."""

import json
import subprocess
import sys

import pytest

PO_WITH_NEWLINE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello\\nworld"
msgstr "Held talks in in Baku\\nofficials said ."
'''
XLIFF_WITH_NEWLINE = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="az" target-language="en" datatype="plaintext" original="x"><body>
<trans-unit id="1"><source>Salam
dunya</source><target>held talks in in Baku
officials said .</target></trans-unit>
</body></file></xliff>
'''
XLIFF_WITH_ENTITY = '''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [<!ENTITY prod "Posteditor">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="az" target-language="en" datatype="plaintext" original="x"><body>
<trans-unit id="1"><source>Salam</source><target>held talks in in Baku with &prod; today</target></trans-unit>
</body></file></xliff>
'''
TMX_WITH_ENTITY = '''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [<!ENTITY prod "Posteditor">]>
<tmx version="1.4"><header srclang="az" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body><tu><tuv xml:lang="az"><seg>Salam</seg></tuv><tuv xml:lang="en"><seg>held talks in in Baku with &prod; today</seg></tuv></tu></body></tmx>
'''
JSONL_SURROGATE = '{"source": "a", "target": "held talks in in Baku \\ud800 now"}\n{"target": "ok", "n": 1e400}\n'

INPUTS = {
    "nl.po": PO_WITH_NEWLINE.encode(),
    "nl.xlf": XLIFF_WITH_NEWLINE.encode(),
    "ent.xlf": XLIFF_WITH_ENTITY.encode(),
    "ent.tmx": TMX_WITH_ENTITY.encode(),
    "sur.jsonl": JSONL_SURROGATE.encode(),
    "u2028.txt": "held talks in in Baku\u2028still\x85one\x0cline\nline two\n".encode(),
    "u16.txt": "held talks in in Baku .\n".encode("utf-16-le"),
    "latin1.txt": "caf\xe9 talks\n".encode("latin-1"),
    "broken.jsonl": b'{"target": "ok"}\n{"target": \n',
    "empty.txt": b"",
}


def posteditor(*args, cwd):
    proc = subprocess.run([sys.executable, "-m", "posteditor.cli", *args], cwd=cwd, capture_output=True)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad")
    for name, data in INPUTS.items():
        (path / name).write_bytes(data)
    return path


COMMANDS = [
    ["fix", "{}"],
    ["fix", "{}", "--edits", "edits.jsonl"],
    ["check", "{}", "--output-format", "json", "--max-issues", "99"],
    ["check", "{}", "--output-format", "sarif", "--max-issues", "99"],
    ["report", "{}", "-o", "report.html"],
]


@pytest.mark.parametrize("name", sorted(INPUTS))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:]))
def test_no_traceback_and_a_documented_exit_code(folder, name, command):
    code, out, err = posteditor(*[a.format(name) for a in command], cwd=folder)
    assert "Traceback" not in err, err
    assert code in (0, 2), err  # check exits 1 only for findings (here tolerated by --max-issues)
    if code == 2:
        assert err.count("\n") == 1, err  # one line
    if name in ("u16.txt", "latin1.txt", "broken.jsonl"):
        assert code == 2 and name in err


@pytest.mark.parametrize("name", ["nl.po", "nl.xlf"])
def test_line_breaks_in_a_unit_are_kept_and_the_unit_is_fixed(folder, name):
    code, out, err = posteditor("fix", name, cwd=folder)
    assert code == 0, err
    text = out.decode("utf-8")
    assert "in in" not in text and "Baku" in text and "officials said" in text


@pytest.mark.parametrize("name", ["ent.xlf", "ent.tmx"])
def test_an_entity_of_the_files_dtd_is_written_back_as_a_reference(folder, name):
    code, out, err = posteditor("fix", name, cwd=folder)
    assert code == 0, err
    assert b"held talks in Baku with &prod; today" in out


def test_jsonl_keeps_what_it_did_not_change_byte_for_byte(folder):
    code, out, err = posteditor("fix", "sur.jsonl", cwd=folder)
    assert code == 0, err
    first, second = out.decode("utf-8").splitlines()
    assert second == '{"target": "ok", "n": 1e400}'  # not Infinity
    assert json.loads(first)["target"] == "held talks in Baku \ud800 now"  # the escape survives


def test_lines_break_only_at_line_ends(folder):
    code, out, err = posteditor("fix", "u2028.txt", cwd=folder)
    assert out.decode("utf-8") == "held talks in Baku\u2028still\x85one\x0cline\nline two\n"
    code, out, err = posteditor("check", "u2028.txt", "--output-format", "json", cwd=folder)
    assert {f["line"] for f in json.loads(out)["findings"]} == {1}


@pytest.mark.parametrize("command", [["score", "empty.txt", "empty.txt"],
                                     ["bench", "--mt", "empty.txt", "--ref", "empty.txt"]])
def test_scoring_nothing_is_a_clear_error(folder, command):
    code, out, err = posteditor(*command, cwd=folder)
    assert code == 2 and "no segments" in err and "Traceback" not in err
