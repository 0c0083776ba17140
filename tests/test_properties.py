"""Invariants on arbitrary text: replay, idempotence, segment count."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posteditor import Pipeline, apply_edits

PIPELINE = Pipeline()

# Arbitrary text mixed with the fragments the rules react to, so that rules actually fire.
FRAGMENTS = [
    " ", "  ", " ,", ",", " .", ".", "in in ", "the the ", "Tbilisi.Officials", "( ", " )",
    "Leave a Reply", "U.S.", "3.5", "10:30", "...", "https://x.org/a.b", "a@b.com", "?", "!",
    "said", "Talks resumed. Talks resumed.", "\t", "\u00a0", "Walla Walla", "{0}", "<b>",
    "Putininitially", "NATOis", "20White", "FranceGermany", "inthe", "withPutin", "Britain, ",
]
segment = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=8)),
    max_size=12,
).map("".join)
document = st.lists(segment, min_size=1, max_size=6)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(segment)
def test_replaying_the_edits_gives_the_fixed_text(text):
    result = PIPELINE.fix_segment(text)
    assert apply_edits(text, result.edits) == result.text


@SETTINGS
@given(segment)
def test_fixing_twice_changes_nothing_more(text):
    once = PIPELINE.fix_segment(text).text
    assert PIPELINE.fix_segment(once).text == once


@SETTINGS
@given(document)
def test_documents_keep_their_segment_count_and_replay(segments):
    result = PIPELINE.fix_document(segments)
    assert len(result.segments) == len(segments)
    assert apply_edits(result.original, result.edits) == result.text
    again = PIPELINE.fix_document([s.text for s in result.segments])
    assert not again.changed
