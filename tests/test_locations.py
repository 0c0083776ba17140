"""Exact locations: every report points at the flagged characters in the file as it was read
(1-based line and column in characters of the file's line, and where the span ends), the same
in `fix --explain`, `fix --edits` and every `check` output."""

import json
import re

from click.testing import CliRunner

from posteditor.cli import main
from tests.test_byte_faithful import PO, SRT, XLIFF12


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _file_line(path, line):
    return path.read_bytes().decode("utf-8").splitlines()[line - 1]


def _check_json(path, *extra):
    result = CliRunner().invoke(main, ["check", str(path), "--output-format", "json", *extra])
    return json.loads(result.stdout)["findings"]


def test_every_finding_points_at_its_text_in_the_file(tmp_path):
    for name, text in (("c.po", PO), ("e.srt", SRT), ("a.xlf", XLIFF12)):
        path = _write(tmp_path, name, text)
        findings = [f for f in _check_json(path) if not f["rule"].startswith("QA_")]
        assert findings
        for f in findings:
            assert f["line"] == f["end_line"]
            line = _file_line(path, f["line"])
            # the file's characters at the reported columns are the flagged text (in PO, as
            # escaped), or hold it where an earlier edit of the same place wrote it
            written = line[f["column"] - 1 : f["end_column"] - 1].replace('\\"', '"')
            assert written == f["text"] or (f["text"] in written and f["rule"] == "EN_SPACE_AFTER_COMMA"), (f, line)


def test_multi_line_po_and_srt_entries_are_not_at_line_zero(tmp_path):
    po = _write(tmp_path, "c.po", PO)
    lines = {f["line"] for f in _check_json(po)}
    assert 0 not in lines and 1 not in lines
    # "he he" is on the second continuation line of a msgstr "" entry
    assert any(f["rule"] == "EN_DOUBLE_WORD" and _file_line(po, f["line"]).startswith('"he he') for f in _check_json(po))
    srt = _write(tmp_path, "e.srt", SRT)
    doubled = [f for f in _check_json(srt) if f["rule"] == "EN_DOUBLE_WORD"]
    assert [(f["line"], f["column"]) for f in doubled] == [(4, 10)]


def test_plural_forms_carry_their_index(tmp_path):
    po = _write(tmp_path, "c.po", PO)
    plural = [f for f in _check_json(po) if "plural" in f]
    assert plural and all(f["plural"] == 1 for f in plural)
    assert all(_file_line(po, f["line"]).startswith("msgstr[1]") for f in plural)
    edits = tmp_path / "edits.jsonl"
    CliRunner().invoke(main, ["fix", str(po), "-o", str(tmp_path / "out.po"), "--edits", str(edits)])
    records = [json.loads(line) for line in edits.read_text(encoding="utf-8").splitlines()]
    assert {r.get("plural") for r in records} == {None, 1}


def test_explain_edits_and_check_agree_on_every_location(tmp_path):
    # the second edit of a unit comes after a first one that changed the length of the text:
    # its place is still that of its characters in the file as read
    path = _write(tmp_path, "c.po", PO)
    edits = tmp_path / "edits.jsonl"
    result = CliRunner().invoke(main, ["fix", str(path), "-o", str(tmp_path / "out.po"), "--explain",
                                       "--edits", str(edits)])
    explained = re.findall(r"c\.po:(\d+):(\d+): (?:msgstr\[\d\] )?(\w+) \[", result.stderr)
    recorded = [(str(r["line"]), str(r["column"]), r["rule"])
                for r in map(json.loads, edits.read_text(encoding="utf-8").splitlines())]
    checked = [(str(f["line"]), str(f["column"]), f["rule"]) for f in _check_json(path) if not f["rule"].startswith("QA_")]
    assert explained == recorded
    assert sorted(explained) == sorted(checked)
    assert ("13", "29", "EN_SPACE_BEFORE_PUNCT") in explained


def test_sarif_and_github_carry_the_end_of_the_span(tmp_path):
    path = _write(tmp_path, "c.po", PO)
    sarif = json.loads(CliRunner().invoke(main, ["check", str(path), "--output-format", "sarif"]).stdout)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in sarif["runs"][0]["results"]]
    assert all({"startLine", "startColumn", "endLine", "endColumn"} <= set(r) for r in regions)
    assert any(r["endColumn"] > r["startColumn"] for r in regions)
    github = CliRunner().invoke(main, ["check", str(path), "--output-format", "github"]).stdout
    assert re.search(r"line=13,col=2,endLine=13,endColumn=7,", github)


def test_findings_are_sorted_by_position(tmp_path):
    path = _write(tmp_path, "c.po", PO)
    positions = [(f["line"], f["column"]) for f in _check_json(path)]
    assert positions == sorted(positions)


def test_report_and_review_show_the_same_places(tmp_path):
    path = _write(tmp_path, "c.po", PO)
    html = tmp_path / "r.html"
    CliRunner().invoke(main, ["report", str(path), "-o", str(html)])
    assert '<span class="at">13:29</span>' in html.read_text(encoding="utf-8")
    log = tmp_path / "log.jsonl"
    result = CliRunner().invoke(main, ["review", str(path), "-o", str(tmp_path / "out.po"), "--log", str(log)],
                                input="n\n" * 10)
    assert "c.po:13:2  EN_DOUBLE_WORD" in result.stderr
    first = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    assert (first["line"], first["column"], first["end_column"]) == (13, 2, 7)
