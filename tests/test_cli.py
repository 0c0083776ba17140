import json
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from posteditor.cli import main

from .conftest import ROOT

SAMPLE = ROOT / "corpora" / "sample" / "article.mt.txt"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_fix_reads_stdin_and_keeps_every_line():
    result = run("fix", input="Leave a Reply\nheld talks in in Baku .\n")
    assert result.exit_code == 0
    assert result.stdout == "\nheld talks in Baku.\n"


def test_fix_sample_article_keeps_line_count(tmp_path):
    out = tmp_path / "out.txt"
    result = run("fix", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(SAMPLE.read_text(encoding="utf-8").splitlines())


def test_drop_empty_omits_removed_boilerplate():
    result = run("fix", "--drop-empty", input="Leave a Reply\nText stays.\n")
    assert result.stdout == "Text stays.\n"


def test_edits_file_has_the_documented_fields(tmp_path):
    edits = tmp_path / "edits.jsonl"
    run("fix", "-o", str(tmp_path / "o.txt"), "--edits", str(edits), input="ok\nheld talks in in Baku\n")
    (record,) = [json.loads(line) for line in edits.read_text(encoding="utf-8").splitlines()]
    assert {k: record[k] for k in ("line", "rule", "category", "start", "end", "before", "after")} == {
        "line": 2, "rule": "EN_DOUBLE_WORD", "category": "REPEAT", "start": 11, "end": 16,
        "before": "in in", "after": "in",
    }


def test_explain_and_diff():
    result = run("fix", "--explain", "--diff", input="held talks in in Baku\n")
    assert "<stdin>:1:12: EN_DOUBLE_WORD [REPEAT] 'in in' -> 'in'" in result.stderr
    assert result.stdout == "<stdin>:1: held talks in [-in -]Baku\n"


def test_disable_and_extra_rules(tmp_path):
    assert run("fix", "--disable", "REPEAT", input="in in\n").stdout == "in in\n"
    rules = tmp_path / "mine.toml"
    rules.write_text('[[rule]]\nid = "MY_COLOUR"\ncategory = "STYLE"\ndescription = "British spelling"\n'
                     'pattern = "\\\\bcolor\\\\b"\nreplace = "colour"\n'
                     '  [[rule.example]]\n  input = "the color"\n  output = "the colour"\n'
                     '  [[rule.example]]\n  input = "the colour"\n', encoding="utf-8")
    result = run("fix", "--rules", str(rules), "--explain", input="the color of in in talks\n")
    assert result.stdout == "the colour of in talks\n" and "MY_COLOUR [STYLE]" in result.stderr
    assert run("fix", "--rules", str(rules), "--disable", "MY_COLOUR", input="the color\n").stdout == "the color\n"


def test_unchanged_file_is_byte_identical(tmp_path):
    data = "\ufeffFirst line.\r\nSecond line.\r\nNo final newline"
    src = tmp_path / "in.txt"
    src.write_bytes(data.encode("utf-8"))
    out = tmp_path / "out.txt"
    run("fix", str(src), "-o", str(out))
    assert out.read_bytes() == src.read_bytes()


def test_several_inputs_go_to_an_output_folder(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("talks in in Baku\n", encoding="utf-8")
    b.write_text("Leave a Reply\n", encoding="utf-8")
    run("fix", str(a), str(b), "-o", str(tmp_path / "out"))
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "talks in Baku\n"
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == "\n"


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (None, ["fix", "missing.txt"], r"missing\.txt: no such file"),
        (lambda p: (p / "bad.txt").write_bytes(b"fine\nbad \xe9 byte\n"), ["fix", "bad.txt"],
         r"bad\.txt:2: invalid UTF-8 \(byte 0xe9 at column 5\)"),
        (lambda p: (p / "r.toml").write_text("[[rule]]\nid = 'X'\npattern = '('\n"), ["fix", "--rules", "r.toml"],
         r"r\.toml:2: rule X: category must be"),
        (lambda p: (p / "c.toml").write_text("nope = 1\n"), ["fix", "--config", "c.toml"], r"c\.toml: unknown keys"),
    ],
)
def test_input_errors_exit_2_with_one_line_and_no_traceback(tmp_path, monkeypatch, setup, args, message):
    monkeypatch.chdir(tmp_path)
    if setup:
        setup(tmp_path)
    result = CliRunner().invoke(main, args, input="x\n")
    assert result.exit_code == 2
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rules_list_and_check():
    listed = run("rules", "list")
    assert "EN_DOUBLE_WORD\tREPEAT\twarning\t" in listed.stdout
    checked = run("rules", "check")
    assert checked.exit_code == 0 and re.search(r"\d+ rules, \d+ examples: ok", checked.stdout)


def test_rules_check_fails_on_a_broken_example(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(
        "[[rule]]\nid = 'X'\ncategory = 'SPACING'\ndescription = 'd'\npattern = 'a'\nreplace = 'b'\n"
        "  [[rule.example]]\n  input = 'a'\n  output = 'c'\n", encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert result.exit_code == 1
    assert "X: example 'a': expected 'c', got 'b'" in result.stdout
    assert "X: needs at least one example that it leaves unchanged" in result.stdout


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, command in _commands(main):
        assert command.help, path
        assert f"posteditor {' '.join(path)}" in readme, path


def test_rule_commands_do_not_import_torch():
    code = (
        "import sys; from click.testing import CliRunner; from posteditor.cli import main; "
        "r = CliRunner().invoke(main, ['fix'], input='talks in in Baku\\n'); assert r.stdout == 'talks in Baku\\n'; "
        "CliRunner().invoke(main, ['rules', 'check']); "
        "bad = [m for m in ('torch', 'transformers', 'sacrebleu', 'numpy') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_chunks_and_jobs_fix_each_chunk_as_its_own_document(tmp_path):
    from posteditor import Config, Pipeline
    from posteditor.scale.stream import fix_stream

    segments = SAMPLE.read_text(encoding="utf-8").splitlines() * 3
    expected = [(r.text, r.edits) for k in range(0, len(segments), 7)
                for r in Pipeline().fix_document(segments[k : k + 7]).segments]
    assert any(edits for _, edits in expected)
    for jobs in (1, 2):
        assert [(r.text, r.edits) for r in fix_stream(segments, Config(), 7, jobs)] == expected
    source = tmp_path / "in.txt"
    source.write_text("\n".join(segments) + "\n", encoding="utf-8")
    outputs = []
    for args in (["--chunk-lines", "7"], ["--chunk-lines", "7", "--jobs", "2"]):
        out = tmp_path / f"out{len(outputs)}.txt"
        assert run("fix", str(source), "-o", str(out), *args).exit_code == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] == "\n".join(text for text, _ in expected) + "\n"
