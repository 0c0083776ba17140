"""Translator workflow: learning from post-edits, the HTML report, interactive review."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from posteditor import Pipeline
from posteditor.cli import main
from posteditor.engine.rules import load_rule_file
from posteditor.engine.selftest import check_fixers
from posteditor.review.interactive import apply_decisions
from posteditor.review.learn import learn, rule_file

from .conftest import ROOT

SAMPLE = ROOT / "corpora" / "sample" / "article.mt.txt"


def _pairs():
    pairs = []
    for i in range(6):
        pairs.append((f"The Otoman army reached Vienna in {1600 + i}.", f"The Ottoman army reached Vienna in {1600 + i}."))
        pairs.append((f"He wrote chronics of year {i}.", f"He wrote chronicle of year {i}."))
        pairs.append((f"They met Ralevas in Tallinn on day {i}.", f"They met Rõivas in Tallinn on day {i}."))
    pairs.append(("The chronics were lost.", "The chronics were lost."))  # not always changed
    pairs.append(("A one-off mistak here.", "A one-off mistake here."))  # support 1
    return pairs


def test_learn_keeps_recurring_consistent_replacements(tmp_path):
    result = learn(_pairs(), min_support=3, min_consistency=0.8)
    rules = {(c.before, c.after): c for c in result.rules}
    names = {(c.before, c.after) for c in result.names}
    assert ("chronics", "chronicle") in rules and rules[("chronics", "chronicle")].consistency == pytest.approx(6 / 7)
    assert ("Otoman", "Ottoman") in names and ("Ralevas", "Rõivas") in names
    assert not any(c.before == "mistak" for c in result.rules)
    path = tmp_path / "learned.toml"
    path.write_text(rule_file(result), encoding="utf-8")
    assert check_fixers(load_rule_file(path))[0] == []


def test_learn_command_writes_rules_and_a_glossary_that_the_pipeline_uses(tmp_path):
    mt, pe = tmp_path / "mt.txt", tmp_path / "pe.txt"
    pairs = _pairs()
    mt.write_text("\n".join(m for m, _ in pairs) + "\n", encoding="utf-8")
    pe.write_text("\n".join(p for _, p in pairs) + "\n", encoding="utf-8")
    out = tmp_path / "rules" / "learned.toml"
    result = CliRunner().invoke(main, ["learn", "--mt", str(mt), "--pe", str(pe), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["rules", "check", str(out)]).exit_code == 0
    glossary = out.with_suffix(".tsv")
    assert "Otoman\tOttoman" in glossary.read_text(encoding="utf-8")
    fixed = CliRunner().invoke(main, ["fix", "--rules", str(out), "--glossary", str(glossary)],
                               input="The Otoman court kept chronics.\n")
    assert fixed.stdout == "The Ottoman court kept chronicle.\n"


def test_review_decisions_replay_on_the_original():
    seg = Pipeline().fix_segment("Talks resumed in in Baku ,officials said .")
    keep_all = apply_decisions(seg.original, seg.edits, lambda e, t: ("accepted", e.after))[0]
    assert keep_all == seg.text
    reject_all, decisions = apply_decisions(seg.original, seg.edits, lambda e, t: ("rejected", e.before))
    assert reject_all == seg.original
    assert {d.choice for d in decisions} <= {"rejected", "skipped"}
    edited, _ = apply_decisions(seg.original, seg.edits,
                                lambda e, t: ("edited", "at") if e.rule == "EN_DOUBLE_WORD" else ("accepted", e.after))
    assert edited == "Talks resumed at Baku, officials said."


def test_review_through_a_pseudo_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    doc = tmp_path / "doc.txt"
    doc.write_text("held talks in in Baku ,officials said .\nLeave a Reply\nthe the delegation arrived.\n", encoding="utf-8")
    exe = shutil.which("posteditor") or f"{sys.executable} -m posteditor.cli"
    child = pexpect.spawn(f"{exe} review {doc}", encoding="utf-8", timeout=60, dimensions=(40, 200))
    answers = []
    while True:
        i = child.expect([r"Apply this change \[y,n,e,a,d,q,\?\]\? ", r"Use instead.*: ", pexpect.EOF])
        if i == 2:
            break
        if i == 1:
            child.sendline("in the")
            continue
        before = child.before
        if "EN_DOUBLE_WORD" in before:
            child.send("e\r")  # edit: "in in" -> "in the"
            answers.append("e")
        elif "BOILERPLATE" in before:
            child.send("n\r")
            answers.append("n")
        else:
            child.send("a\r")  # accept this rule from now on
            answers.append("a")
    child.close()
    assert child.exitstatus == 0
    result = doc.read_text(encoding="utf-8").splitlines()
    assert result[0] == "held talks in the Baku, officials said."
    assert result[1] == "Leave a Reply"
    log = [json.loads(l) for l in Path(str(doc) + ".review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["decision"] for r in log} >= {"edited", "rejected", "accepted"}
    assert all({"file", "line", "rule", "before", "after", "decision", "applied"} <= set(r) for r in log)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _dump_dom(url: str, tmp_path: Path) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=True).stdout


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium); .ci/run installs it")
def test_html_report_renders_and_filters_in_headless_chromium(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page  # self-contained
    dom = _dump_dom(out.as_uri(), tmp_path)
    rows = dom.count('<tr class="seg"') + dom.count('<tr class="seg hidden"')  # changed segments
    assert rows >= 15 and "EN_GLUED_NAME_WORD" in dom and "<del>" in dom and "<ins>" in dom
    assert int(dom.split('id="shown">')[1].split("<")[0]) == rows  # unchanged ones hidden until asked for
    filtered = _dump_dom(out.as_uri() + "#category=GLUE", tmp_path)
    shown = int(filtered.split('id="shown">')[1].split("<")[0])
    hidden = filtered.count('class="seg hidden"')
    assert 0 < shown < rows and shown + hidden == rows
    with_unchanged = _dump_dom(out.as_uri() + "#unchanged=1", tmp_path)
    assert int(with_unchanged.split('id="shown">')[1].split("<")[0]) > rows
    by_rule = _dump_dom(out.as_uri() + "#rule=EN_GLUED_NAMES", tmp_path)
    assert int(by_rule.split('id="shown">')[1].split("<")[0]) == 1


def test_a_change_that_depends_on_a_rejected_one_is_recomputed_and_shown(tmp_path):
    # The reordering of "According to X according to," was recorded on "Joe Biden"; rejecting
    # the name fix used to skip it unseen. Now the fixers run again on the reviewed text.
    text = "According to Cho Biden according to, Putin if it carries out an attack on Ukraine, the West will respond."
    pipeline = Pipeline()
    seg = pipeline.fix_segment(text)
    assert [e.rule for e in seg.edits][:2] == ["EN_NAME_SPELLING", "EN_ORDER_ACCORDING_TO_TWICE"]

    def reject_names(e, t):
        assert t[e.start:e.end] == e.before  # every change shown stands where it says, in the text as reviewed
        return ("rejected", e.before) if e.rule == "EN_NAME_SPELLING" else ("accepted", e.after)

    recompute = lambda t, veto: pipeline.fix_units([t], veto=veto).segments[0].edits  # noqa: E731
    out, decisions = apply_decisions(seg.original, seg.edits, reject_names, recompute)
    assert out == "According to Cho Biden, if Putin carries out an attack on Ukraine, the West will respond."
    assert [d.choice for d in decisions] == ["rejected", "accepted", "accepted"]
    assert decisions[1].edit.before == "According to Cho Biden according to,"
    # The same through the command, answering as a translator would.
    doc = tmp_path / "doc.txt"
    doc.write_text(text + "\n", encoding="utf-8")
    answers = ["n", "y", "y", "y", "y"]
    result = CliRunner().invoke(main, ["review", str(doc)], input="".join(a + "\n" for a in answers))
    assert result.exit_code == 0, result.output
    assert doc.read_text(encoding="utf-8") == out + "\n"
    log = [json.loads(line) for line in Path(str(doc) + ".review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in log] == ["rejected", "accepted", "accepted"]
    assert "0 skipped" in result.output


def test_review_decisions_replays_a_log_on_the_same_input(tmp_path):
    original = ("According to Cho Biden according to, Putin if it carries out an attack on Ukraine, the West will "
                "respond.\nLeave a Reply\nTalks resumed in in Baku ,officials said .\n")
    doc = tmp_path / "doc.txt"
    doc.write_text(original, encoding="utf-8")
    answers = ["n", "y", "y", "n", "e", "at", "y", "y", "y", "y", "y"]
    first = CliRunner().invoke(main, ["review", str(doc), "-o", str(tmp_path / "a.txt")],
                               input="".join(a + "\n" for a in answers))
    assert first.exit_code == 0, first.output
    log = tmp_path / "a.txt.review.jsonl"
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {r["decision"] for r in records} == {"accepted", "rejected", "edited"}
    assert [r["unit"] for r in records] == sorted(r["unit"] for r in records)
    again = CliRunner().invoke(main, ["review", str(doc), "-o", str(tmp_path / "b.txt"), "--decisions", str(log)])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "b.txt").read_bytes() == (tmp_path / "a.txt").read_bytes()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").splitlines()[1] == "Leave a Reply"  # rejected
    # A log that no longer fits the input is refused with its line, and nothing is written.
    records[0]["before"] = "Chou Biden"
    log.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    stale = CliRunner().invoke(main, ["review", str(doc), "-o", str(tmp_path / "c.txt"), "--decisions", str(log)])
    assert stale.exit_code == 2 and f"{log}:1" in stale.output and "Chou Biden" in stale.output
    assert not (tmp_path / "c.txt").exists()


def test_a_dependent_change_is_recomputed_in_a_unit_with_inline_tags(tmp_path):
    xliff = tmp_path / "news.xlf"
    target = ('According to Cho Biden according to, Putin if it carries out an attack on <g id="1">Ukraine</g>, '
              'the West will respond.')
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="n" source-language="az" target-language="en" datatype="plaintext"><body>'
        f'<trans-unit id="t1"><source>Mənbə</source><target>{target}</target></trans-unit>'
        '</body></file></xliff>\n', encoding="utf-8")
    out = tmp_path / "out.xlf"
    result = CliRunner().invoke(main, ["review", str(xliff), "-o", str(out)], input="n\ny\ny\ny\ny\n")
    assert result.exit_code == 0, result.output
    assert ('<target>According to Cho Biden, if Putin carries out an attack on <g id="1">Ukraine</g>, the West will '
            'respond.</target>') in out.read_text(encoding="utf-8")
    log = [json.loads(line) for line in (tmp_path / "out.xlf.review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in log] == ["rejected", "accepted", "accepted"]
