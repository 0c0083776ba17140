"""Every example of every shipped rule and fixer, one test each (LanguageTool style)."""

import pytest

from posteditor import Config
from posteditor.engine.pipeline import build_fixers
from posteditor.engine.selftest import all_examples, check_fixers, run_example

FIXERS = build_fixers(Config())
CASES = all_examples(FIXERS)


def _id(case):
    fixer, example = case
    return f"{fixer.id}:{example.input[:40]}"


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="known failure"))
        if c[1].known_failure
        else c
        for c in CASES
    ],
    ids=[_id(c) for c in CASES],
)
def test_rule_example(case):
    fixer, example = case
    assert run_example(fixer, example) == []


def test_every_fixer_passes_the_rule_checker():
    failures, count = check_fixers(FIXERS)
    assert failures == []
    # every example and known failure was run: as many as the fixers carry, counted apart
    assert count == sum(len(f.examples) + len(getattr(f, "known_failures", ())) for f in FIXERS) > 100


def test_every_fixer_has_examples_both_ways():
    for fixer in FIXERS:
        assert any(e.expected != e.input for e in fixer.examples), fixer.id
        assert any(e.expected == e.input for e in fixer.examples), fixer.id
