"""What the README tells a user to type or expect is what the tool does (#18)."""

import re
import shlex
from pathlib import Path

import click
import yaml
from click.testing import CliRunner

from posteditor.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = ROOT / "corpora" / "sample" / "article.mt.txt"


def _yaml_blocks():
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", README, re.S)]


def test_the_pre_commit_example_runs_as_written(tmp_path):
    (config,) = [b for b in _yaml_blocks() if isinstance(b, dict) and "repos" in b]
    for repo in config["repos"]:
        # a hook from a repository needs a rev that exists; none is tagged, so the example is local
        assert repo["repo"] == "local", repo
        for hook in repo["hooks"]:
            program, *args = shlex.split(hook["entry"])
            assert program == "posteditor" and re.search(hook["files"], SAMPLE.name)
            result = CliRunner().invoke(main, args + [str(SAMPLE)])
            assert result.exit_code in (0, 1) and f"{SAMPLE}:3:10: EN_GLUED_NUMBER_WORD" in result.stdout


def test_the_review_log_is_where_the_readme_says(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("The talks talks ended.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["review", str(source), "-o", str(out)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "`OUTPUT.review.jsonl`" in README and "INPUT.review.jsonl" not in README
    assert (tmp_path / "out.txt.review.jsonl").exists() and not (tmp_path / "in.txt.review.jsonl").exists()


def test_help_summaries_are_whole_sentences():
    """`posteditor --help` lists each command with a summary that is not cut mid-sentence."""
    def commands(group):
        for command in group.commands.values():
            yield command
            if isinstance(command, click.Group):
                yield from commands(command)

    for command in commands(main):
        summary = command.get_short_help_str(limit=45)
        assert summary.endswith(".") and not summary.endswith("..."), (command.name, summary)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden and param.name != "help":
                assert param.help, (command.name, param.name)
