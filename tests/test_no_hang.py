"""Nothing hangs: every shipped rule is linear in the line's length, a user's pattern that
backtracks is stopped by a timeout, and one that matches the empty string is refused."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from posteditor.cli import main

SLOW_RULE = '''
[[rule]]
id = "MY_SLOW"
category = "GRAMMAR"
description = "backtracks catastrophically"
pattern = '(a|a)+b'
replace = 'x'
  [[rule.example]]
  input = "ab"
  output = "x"
  [[rule.example]]
  input = "cd"
'''
EMPTY_RULE = '''
[[rule]]
id = "MY_EMPTY"
category = "GRAMMAR"
description = "matches the empty string"
pattern = 'x*'
replace = 'y'
  [[rule.example]]
  input = "x"
  output = "y"
  [[rule.example]]
  input = "c"
'''


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# The shapes that once took minutes: 100 KB of "." (a gate's regex backtracked), of
# "Word." and "in,in," (every match checked against every antipattern span), glued tokens.
@pytest.mark.parametrize("unit", [".", "Word.", "in,in,", "Putininitially ", "a", ", ", "Biden "])
def test_a_long_pathological_line_is_fixed_in_seconds(tmp_path, unit):
    line = tmp_path / "line.txt"
    line.write_text((unit * (200_000 // len(unit)))[:200_000] + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "posteditor.cli", "fix", str(line)], capture_output=True,
                          timeout=60)  # minutes before: a hang fails here, not a slow machine
    assert proc.returncode == 0, proc.stderr


def test_a_long_line_that_ends_near_a_file_extension_is_fixed_in_seconds(tmp_path):
    # No stop for 200 KB, then what looks like a file type: the file-name protection once
    # looked for the name's start from every place of the line.
    line = tmp_path / "line.txt"
    line.write_text("a " * 100_000 + "x.pdfx\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "posteditor.cli", "fix", str(line)], capture_output=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_a_backtracking_user_rule_times_out_with_a_warning(tmp_path):
    rules = tmp_path / "slow.toml"
    rules.write_text(SLOW_RULE, encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("a" * 40 + "\n", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("rule_timeout = 0.2\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "posteditor.cli", "fix", str(text), "--rules", str(rules),
                           "--config", str(config)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout == "a" * 40 + "\n"
    assert "warning: rule MY_SLOW" in proc.stderr and "skipped there" in proc.stderr


def test_rules_check_reports_a_pattern_that_can_backtrack(tmp_path):
    rules = tmp_path / "slow.toml"
    rules.write_text(SLOW_RULE, encoding="utf-8")
    result = run("rules", "check", rules)
    assert result.exit_code == 1
    assert "MY_SLOW" in result.output and "(a|a)+" in result.output


def test_a_pattern_that_matches_the_empty_string_is_refused_at_load(tmp_path):
    rules = tmp_path / "empty.toml"
    rules.write_text(EMPTY_RULE, encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("abc\n", encoding="utf-8")
    result = run("fix", text, "--rules", rules)
    assert result.exit_code == 2
    assert f"{rules}:3" in result.output and "MY_EMPTY" in result.output and "empty string" in result.output


def test_a_segment_over_the_size_limit_is_left_with_a_warning(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("max_segment_chars = 20\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("held talks in in Baku and in in Tbilisi\nwe met in in Baku\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "posteditor.cli", "fix", str(text), "--config", str(config)],
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout == "held talks in in Baku and in in Tbilisi\nwe met in Baku\n"
    assert "segment 1 has 39 characters, more than max_segment_chars (20)" in proc.stderr
