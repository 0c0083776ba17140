"""Whole-pipeline cases kept as data, as ftfy keeps them: fixes, negatives, known failures."""

import pytest

from posteditor import apply_edits

from .conftest import read_cases, read_jsonl

NEGATIVE = read_cases("negative.txt")
SYNTHETIC = read_jsonl("synthetic.jsonl")
KNOWN = read_jsonl("known-failures.jsonl")


@pytest.mark.parametrize("text", NEGATIVE)
def test_clean_text_is_left_alone(pipeline, text):
    result = pipeline.fix_segment(text)
    assert result.text == text, [e.rule for e in result.edits]


@pytest.mark.parametrize("case", SYNTHETIC, ids=[c["input"][:40] for c in SYNTHETIC])
def test_synthetic_errors_are_fixed(pipeline, case):
    result = pipeline.fix_segment(case["input"])
    assert result.text == case["output"]
    assert apply_edits(case["input"], result.edits) == result.text


@pytest.mark.parametrize("case", KNOWN, ids=[c["input"][:40] for c in KNOWN])
@pytest.mark.xfail(strict=True, reason="known failure: see tests/data/known-failures.jsonl")
def test_known_failures(pipeline, case):
    assert pipeline.fix_segment(case["input"]).text == case["output"]
