"""Mistakes on the command line are named, not accepted in silence (#18): each case here was
accepted, ignored or crashed before."""

import json

import pytest
from click.testing import CliRunner

from posteditor.cli import main
from tests.test_scoring import SAMPLE_MT, SAMPLE_REF

QA_TSV = "source\ttarget\nBak\u0131 20 fevral\tBaku February 21\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("talks in in Baku\n", encoding="utf-8")
    return path


@pytest.fixture
def qa(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text(QA_TSV, encoding="utf-8")
    return path


def test_a_language_without_rules_is_refused(text):
    for args in (("fix", text, "--lang", "de"), ("check", text, "--lang", "de"), ("rules", "list", "--lang", "de")):
        result = run(*args)
        assert result.exit_code == 2 and "no rules for the language 'de'" in result.output and "en" in result.output


def test_unknown_rule_ids_and_categories_are_refused_with_a_suggestion(text, qa):
    result = run("fix", text, "--disable", "GLUEE")
    assert result.exit_code == 2 and "did you mean GLUE" in result.output
    result = run("check", qa, "--severity", "QA_PLACEHOLDR=warning")
    assert result.exit_code == 2 and "QA_PLACEHOLDER" in result.output
    assert run("fix", text, "--disable", "glue").exit_code == 0  # a category, in any case


def test_qa_checks_are_listed_and_can_be_disabled(qa):
    listed = run("rules", "list").output
    assert "QA_NUMBER_MISSING\tQA\terror\t" in listed
    assert "QA_NUMBER_MISSING" in run("check", qa).output
    quiet = run("check", qa, "--disable", "QA_NUMBER_MISSING").output
    assert "QA_NUMBER_MISSING" not in quiet and "QA_NUMBER_EXTRA" in quiet
    assert "QA_" not in run("check", qa, "--disable", "QA").output.split("\n\n")[0]
    assert "QA_URL" not in run("rules", "list", "--disable", "QA").output


def test_model_options_without_a_model_are_refused(text):
    result = run("fix", text, "--beams", "9", "--gate-margin", "7")
    assert result.exit_code == 2 and "--beams, --gate-margin" in result.output and "--model" in result.output


def test_bench_spec_refuses_options_it_would_ignore_and_unknown_keys(tmp_path):
    spec = tmp_path / "b.toml"
    spec.write_text(f'[[corpus]]\nmt = "{SAMPLE_MT}"\nrefs = ["{SAMPLE_REF}"]\n', encoding="utf-8")
    result = run("bench", "--spec", spec, "--disable", "GLUE", "--bootstrap", "10")
    assert result.exit_code == 2 and "--bootstrap, --disable" in result.output
    spec.write_text(f'[[corpus]]\nmt = "{SAMPLE_MT}"\nrefs = ["{SAMPLE_REF}"]\n'
                    f'[[strategy]]\nname = "no-glue"\ndisabled = ["GLUE"]\n', encoding="utf-8")
    result = run("bench", "--spec", spec)
    assert result.exit_code == 2 and "unknown key 'disabled'" in result.output and "'disable'" in result.output


@pytest.mark.parametrize("args", [("--bootstrap", "0"), ("--bootstrap", "-5")])
def test_bench_bootstrap_must_be_positive(args):
    result = run("bench", "--mt", SAMPLE_MT, "--ref", SAMPLE_REF, *args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_check_max_issues_and_baseline_are_validated(tmp_path, qa):
    assert run("check", qa, "--max-issues", "-1").exit_code == 2
    for content in ("{}", json.dumps({"version": "2.1.0", "runs": []})):
        baseline = tmp_path / "b.json"
        baseline.write_text(content, encoding="utf-8")
        result = run("check", qa, "--baseline", baseline)
        assert result.exit_code == 2 and "not a JSON report" in result.output


def test_one_output_file_for_several_inputs_is_refused(tmp_path, text):
    other = tmp_path / "b.txt"
    other.write_text("x\n", encoding="utf-8")
    result = run("fix", text, other, "-o", tmp_path / "multi.txt")
    assert result.exit_code == 2 and "names a folder" in result.output and not (tmp_path / "multi.txt").exists()
    assert run("fix", text, other, "-o", str(tmp_path / "out") + "/").exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "talks in Baku\n"


def test_tmx_target_language_with_a_region(tmp_path):
    tmx = tmp_path / "a.tmx"
    tmx.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="az"/><body><tu>'
                   '<tuv xml:lang="az"><seg>x</seg></tuv><tuv xml:lang="en-GB"><seg>talks in in Baku</seg></tuv>'
                   '</tu></body></tmx>\n', encoding="utf-8")
    assert "talks in Baku" in run("fix", tmx, "--target-lang", "en-GB").output
    assert "talks in Baku" in run("fix", tmx, "--target-lang", "en").output
    result = run("fix", tmx, "--target-lang", "fr")
    assert result.exit_code == 2 and "az, en-gb" in result.output


@pytest.mark.parametrize("line", ['builtin = "no"', "max_passes = true", 'disable = "GLUE"', "rules = [1]"])
def test_config_values_of_the_wrong_type_are_refused(tmp_path, text, line):
    config = tmp_path / "posteditor.toml"
    config.write_text(line + "\n", encoding="utf-8")
    assert run("fix", text, "--config", config).exit_code == 2


def test_a_unit_note_switches_rules_off_for_that_unit(tmp_path):
    po = tmp_path / "a.po"
    po.write_text('# posteditor: ignore EN_DOUBLE_WORD\nmsgid "a"\nmsgstr "Walla Walla talks in in Baku ."\n\n'
                  'msgid "b"\nmsgstr "talks in in Baku ."\n\n'
                  '#. posteditor: ignore\nmsgid "c"\nmsgstr "talks in in Baku ."\n', encoding="utf-8")
    out = run("fix", po).output
    assert 'msgid "a"\nmsgstr "Walla Walla talks in in Baku."' in out
    assert 'msgid "b"\nmsgstr "talks in Baku."' in out
    assert 'msgid "c"\nmsgstr "talks in in Baku ."' in out
    xlf = tmp_path / "a.xlf"
    xlf.write_text('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                   '<file original="x" source-language="az" target-language="en" datatype="plaintext"><body>'
                   '<trans-unit id="1"><source>a</source><target>in in Baku ,today</target>'
                   '<note>posteditor: ignore spacing</note></trans-unit></body></file></xliff>\n', encoding="utf-8")
    assert "<target>in Baku ,today</target>" in run("fix", xlf).output
    assert "EN_SPACE_BEFORE_PUNCT" not in run("check", xlf).output


def test_folders_as_inputs_keep_their_layout(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("talks in in Baku\n", encoding="utf-8")
    (folder / "sub" / "a.txt").write_text("he said ,yes\n", encoding="utf-8")
    (folder / "notes.md").write_text("in in\n", encoding="utf-8")
    assert run("fix", folder, "-o", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "talks in Baku\n"
    assert (tmp_path / "out" / "sub" / "a.txt").read_text(encoding="utf-8") == "he said, yes\n"
    assert not (tmp_path / "out" / "notes.md").exists()
    assert "2 file(s)" in run("check", folder).output
    (tmp_path / "empty").mkdir()
    assert run("check", tmp_path / "empty").exit_code == 2


def test_config_is_found_in_a_folder_above_and_select_runs_only_some_rules(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.posteditor]\ndisable = ["EN_DOUBLE_WORD"]\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("talks in in Baku .\n", encoding="utf-8")
    monkeypatch.chdir(sub)
    assert run("fix", "a.txt").output == "talks in in Baku.\n"
    assert run("fix", "a.txt", "--no-config").output == "talks in Baku.\n"
    assert run("fix", "a.txt", "--no-config", "--select", "REPEAT").output == "talks in Baku .\n"
    (sub / "posteditor.toml").write_text('select = ["SPACING"]\n', encoding="utf-8")  # nearer: wins
    assert run("fix", "a.txt").output == "talks in in Baku.\n"
    assert run("fix", "a.txt", "--no-config", "--select", "SPACINGG").exit_code == 2


def test_metrics_in_any_case(tmp_path):
    result = run("score", SAMPLE_MT, SAMPLE_REF, "--metrics", "bleu,CHRF")
    assert result.exit_code == 0 and "BLEU" in result.output and "chrF" in result.output
    assert run("score", SAMPLE_MT, SAMPLE_REF, "--metrics", "bleu,meteor").exit_code == 2
