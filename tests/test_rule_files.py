"""The rule language and the errors a rule author sees."""

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posteditor import Config, Pipeline, RuleFileError
from posteditor.engine.rules import load_rule_file, load_rules
from posteditor.engine.selftest import check_fixers


def write(tmp_path, text, name="my.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = '''
[lists]
leaders = ["Biden", "Putin"]

[[rule]]
id = "MY_STRAY_CAPITAL"
category = "GRAMMAR"
description = "A modal after a leader's name is lower case"
pattern = '\\b(\\L<leaders>) (Will|Would|Can)\\b'
replace = '\\1 \\l\\2'
antipatterns = ['Will Ferrell']
  [[rule.example]]
  input = "Biden Will hold talks."
  output = "Biden will hold talks."
  [[rule.example]]
  input = "Putin met Will Ferrell."
'''


def test_a_rule_with_lists_case_conversion_and_examples(tmp_path):
    (rule,) = load_rule_file(write(tmp_path, GOOD))
    assert rule.id == "MY_STRAY_CAPITAL" and rule.category == "GRAMMAR"
    assert check_fixers([rule]) == ([], 2)
    pipeline = Pipeline(Config(builtin=False, rules=(tmp_path / "my.toml",)))
    assert pipeline.fix_segment("Putin Can wait.").text == "Putin can wait."


def test_antipattern_blocks_an_overlapping_match(tmp_path):
    (rule,) = load_rule_file(write(tmp_path, GOOD))
    pipeline = Pipeline(Config(builtin=False), fixers=[rule])
    assert pipeline.fix_segment("Biden Will Ferrell").text == "Biden Will Ferrell"


def test_user_rules_run_with_the_shipped_ones(tmp_path):
    path = write(tmp_path, GOOD)
    pipeline = Pipeline(Config(rules=(path,)))
    assert pipeline.fix_segment("Biden Will hold talks in in Baku .").text == "Biden will hold talks in Baku."


def test_lists_from_a_file_beside_the_rules(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "agencies.txt").write_text("# agencies\nTASS\nReuters\n", encoding="utf-8")
    path = write(tmp_path, '''
        [[rule]]
        id = "AGENCY_PREFIX"
        category = "NAME"
        description = "Drop 'agency' before a known agency name"
        pattern = 'agency (\\L<agencies>)'
        replace = '\\1'
          [[rule.example]]
          input = "said agency TASS"
          output = "said TASS"
          [[rule.example]]
          input = "said agency staff"
        ''')
    assert check_fixers(load_rules([path]))[0] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[[rule]\nid = 'X'", r"my\.toml:1: not valid TOML"),
        (GOOD.replace("pattern = '", "pattern = '(("), r"my\.toml:\d+: rule MY_STRAY_CAPITAL: pattern is not a valid regex"),
        (GOOD.replace("replace = '\\1 \\l\\2'", "replace = '\\3'"), r"rule MY_STRAY_CAPITAL: replacement uses group 3"),
        (GOOD.replace('category = "GRAMMAR"', 'category = "GRAMMAR"\nseverty = "error"'), r"unknown keys \['severty'\]"),
        (GOOD.replace('\\L<leaders>', '\\L<presidents>'), r"unknown word list\(s\) \['presidents'\]"),
        (GOOD.replace('id = "MY_STRAY_CAPITAL"', 'id = "bad id"'), r"rule without a valid id"),
        (GOOD.replace('description = "A modal after a leader\'s name is lower case"\n', ''), "description is required"),
        (GOOD.replace('category = "GRAMMAR"', 'category = "GRAMMAR"\nseverity = "fatal"'), "severity must be one of"),
    ],
)
def test_broken_rule_files_name_file_line_and_rule(tmp_path, text, expected):
    with pytest.raises(RuleFileError, match=expected):
        load_rule_file(write(tmp_path, text))


def test_rule_line_number_points_at_the_rule(tmp_path):
    path = write(tmp_path, GOOD.replace("pattern = '", "pattern = '(("))
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    assert info.value.line == GOOD.splitlines().index('id = "MY_STRAY_CAPITAL"') + 1
    assert info.value.rule_id == "MY_STRAY_CAPITAL"


def test_invalid_utf8_rule_file_names_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b"# ok\n# \xff\n")
    with pytest.raises(RuleFileError, match=r"bad\.toml:2: invalid UTF-8"):
        load_rule_file(path)


def test_duplicate_ids_across_files_are_refused(tmp_path):
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RuleFileError, match="duplicate id"):
        load_rules([tmp_path])


def test_a_user_rule_may_not_silently_shadow_a_shipped_one(tmp_path):
    path = write(tmp_path, GOOD.replace("MY_STRAY_CAPITAL", "EN_DOUBLE_WORD"))
    with pytest.raises(RuleFileError, match="duplicate id"):
        Pipeline(Config(rules=(path,)))


def test_checker_reports_every_failure_at_once(tmp_path):
    path = write(tmp_path, '''
        [[rule]]
        id = "LOOPS"
        category = "SPACING"
        description = "Inserts a space before every x, which fires again on its output"
        pattern = 'x'
        replace = ' x'
          [[rule.example]]
          input = "ax"
          output = "a x"
          [[rule.known_failure]]
          input = "bx"
          output = "b x"

        [[rule]]
        id = "WRONG"
        category = "SPACING"
        description = "Claims a wrong output and has no negative example"
        pattern = 'y'
        replace = 'z'
          [[rule.example]]
          input = "y"
          output = "q"
        ''')
    failures, count = check_fixers(load_rules([path]))
    messages = [f"{f.rule}: {f.message}" for f in failures]
    assert count == 3
    assert any("LOOPS" in m and "fires again" in m for m in messages)
    assert any("LOOPS" in m and "known failure" in m and "now passes" in m for m in messages)
    assert any("LOOPS" in m and "leaves unchanged" in m for m in messages)
    assert any("WRONG" in m and "expected 'q', got 'z'" in m for m in messages)
    assert any("WRONG" in m and "leaves unchanged" in m for m in messages)


def test_segment_scope_needs_the_whole_segment(tmp_path):
    path = write(tmp_path, '''
        [[rule]]
        id = "DROP_MENU"
        category = "BOILERPLATE"
        description = "A segment that is only the word Menu"
        scope = "segment"
        pattern = '\\s*Menu\\s*'
        replace = ''
          [[rule.example]]
          input = "Menu"
          output = ""
          [[rule.example]]
          input = "The Menu was long."
        ''')
    assert check_fixers(load_rules([path]))[0] == []


def test_token_classes_and_maps(tmp_path):
    path = write(tmp_path, '''
        [maps]
        demonym = { Turkey = "Turkish", Russia = "Russian" }

        [[rule]]
        id = "MY_CALQUE"
        category = "ORDER"
        description = "Minister Foreign Affairs <country> -> <demonym> Foreign Minister"
        pattern = 'Minister Foreign Affairs (\\T<COUNTRY>|Russia|Turkey)'
        replace = '\\M<demonym,1> Foreign Minister'
          [[rule.example]]
          input = "Minister Foreign Affairs Turkey Hakan Fidan"
          output = "Turkish Foreign Minister Hakan Fidan"
          [[rule.example]]
          input = "Minister Foreign Affairs France said"

        [[rule]]
        id = "MY_KNOWN_PRONOUN"
        category = "GRAMMAR"
        description = "A known person followed by 'He'"
        pattern = '(\\T<PERSON>) He (?=\\p{Ll})'
        replace = '\\1 '
          [[rule.example]]
          input = "Ilham Aliyev He said"
          output = "Ilham Aliyev said"
          [[rule.example]]
          input = "Anar Mammadli He said"
        ''')
    rules = load_rules([path])
    assert check_fixers(rules)[0] == []


@pytest.mark.parametrize(
    "pattern, replace, message",
    [
        ("\\T<PEOPLE> x", "y", r"unknown token class \\T<PEOPLE>"),
        ("(a)", "\\M<nope,1>", "map 'nope'"),
    ],
)
def test_token_class_and_map_errors(tmp_path, pattern, replace, message):
    path = write(tmp_path, f'''
        [[rule]]
        id = "BAD"
        category = "ORDER"
        description = "d"
        pattern = '{pattern}'
        replace = '{replace}'
        ''')
    with pytest.raises(RuleFileError, match=message):
        load_rule_file(path)


NEEDY = '''
[lists]
modals = ["Will", "Would"]

[[rule]]
id = "MY_MODAL"
category = "GRAMMAR"
description = "A modal after Biden is lower case"
pattern = '\\bBiden (Will|Would)\\b'
replace = 'Biden \\l\\1'
needs = ['\\L<modals>']
  [[rule.example]]
  input = "Biden Will hold talks."
  output = "Biden will hold talks."
  [[rule.example]]
  input = "Biden will hold talks."
'''


def test_needs_expand_lists_and_skip_segments_without_them(tmp_path):
    (rule,) = load_rule_file(write(tmp_path, NEEDY))
    assert rule.needs == ("Will", "Would")
    assert check_fixers([rule])[0] == []
    pipeline = Pipeline(Config(builtin=False, rules=(write(tmp_path, NEEDY),)))
    assert pipeline.fix_segment("Biden Would go.").text == "Biden would go."
    # A need is a promise the pipeline keeps: a rule whose needs are absent is not run, even
    # where its pattern would match.
    lying = write(tmp_path, NEEDY.replace("needs = ['\\L<modals>']", "needs = ['Would']"), "lying.toml")
    assert Pipeline(Config(builtin=False, rules=(lying,))).fix_segment("Biden Will go.").text == "Biden Will go."


def test_rules_check_catches_needs_that_exclude_an_example(tmp_path):
    path = write(tmp_path, NEEDY.replace("needs = ['\\L<modals>']", "needs = ['Would']"))
    failures, _ = check_fixers(load_rules([path]))
    messages = [f.message for f in failures]
    assert [f.rule for f in failures] == ["MY_MODAL"] * 3
    assert "the rule's pattern matches it, but it contains none of the rule's needs ['Would']" in messages[0]
    assert "the rule changes it, but it contains none of the rule's needs ['Would']" in messages[1]
    assert "expected 'Biden will hold talks.', got 'Biden Will hold talks.'" in messages[2]


def test_needs_ignore_case_with_ignorecase(tmp_path):
    path = write(tmp_path, NEEDY.replace("needs = ['\\L<modals>']", "needs = ['will', 'would']\nignorecase = true")
                 .replace("replace = 'Biden \\l\\1'", "replace = 'Biden \\L\\1'"))
    (rule,) = load_rule_file(path)
    assert rule.may_change("BIDEN WILL GO") and not rule.may_change("Biden goes")


@pytest.mark.parametrize(
    "needs, message",
    [("needs = 'Will'", "needs must be a list of non-empty strings"),
     ("needs = ['']", "needs must be a list of non-empty strings"),
     ("needs = ['\\L<verbs>']", "needs names an unknown word list: \\L<verbs>")],
)
def test_bad_needs_name_the_rule(tmp_path, needs, message):
    path = write(tmp_path, NEEDY.replace("needs = ['\\L<modals>']", needs))
    with pytest.raises(RuleFileError, match=r"my\.toml:\d+: rule MY_MODAL: " + re.escape(message)):
        load_rule_file(path)


def test_a_lazily_loaded_rule_is_checked_on_first_use_and_by_rules_check(tmp_path):
    # Shipped rules are compiled on first use; a broken one must still name file, line, rule.
    path = write(tmp_path, GOOD.replace("pattern = '", "pattern = '(("))
    (rule,) = load_rules([path], lazy=True)
    failures, _ = check_fixers([rule])
    assert failures and "pattern is not a valid regex" in failures[0].message
    with pytest.raises(RuleFileError, match=r"my\.toml:\d+: rule MY_STRAY_CAPITAL: pattern is not a valid regex"):
        Pipeline(Config(builtin=False), fixers=[rule]).fix_segment("Biden Will go.")
    bad_group = write(tmp_path, GOOD.replace("replace = '\\1 \\l\\2'", "replace = '\\3'"), "group.toml")
    (rule,) = load_rules([bad_group], lazy=True)
    assert "replacement uses group 3" in check_fixers([rule])[0][0].message


_LIST_WORDS = st.lists(st.text(alphabet="abAé -", max_size=4), max_size=6)
_LIST_TEXT = st.text(alphabet="abAé -x\t", max_size=30)


@settings(max_examples=300, deadline=None)
@given(_LIST_WORDS, _LIST_TEXT, st.sampled_from([
    r"\L<w>", r"(\L<w>)(b?)", r"\b\L<w>\s+a", r"(?:\L<w>|x)+", r"(\L<w>)(?=b)", r"x?\L<w>\L<w>",
]))
def test_a_list_split_by_first_character_matches_what_the_list_matches(words, text, source):
    # A named list in a case-sensitive pattern is compiled split by first character
    # (rules.list_by_first_character): the same matches, groups and order of preference.
    import regex

    from posteditor.engine.rules import LazyPattern

    plain = regex.compile(source, regex.V1, w=words)
    split = LazyPattern(source, regex.V1, {"w": tuple(words)}, None)
    assert "\\L<w>" not in split._get().pattern
    for overlapped in (False, True):
        assert [(m.span(), m.groups()) for m in split.finditer(text, overlapped=overlapped)] == [
            (m.span(), m.groups()) for m in plain.finditer(text, overlapped=overlapped)]
