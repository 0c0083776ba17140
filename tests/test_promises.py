"""Promises the README makes that no other test would notice breaking (#18): the source decides
whether a repeated headline goes, and document evidence comes only from the same document."""

from posteditor import Pipeline

PIPELINE = Pipeline()
HEADLINE = "President met the envoy in Baku on Monday"


def test_a_repeated_headline_goes_only_where_the_source_does_not_repeat_it():
    segments = [HEADLINE, HEADLINE + ".", "Talks went on."]
    differ = ["Prezident Bak\u0131da el\u00e7i il\u0259 g\u00f6r\u00fc\u015fd\u00fc", "Bu bar\u0259d\u0259 m\u0259lumat verildi.",
              "Dan\u0131\u015f\u0131qlar davam etdi."]
    removed = PIPELINE.fix_units(segments, differ).segments
    assert removed[1].text == "" and removed[1].edits[0].category == "REPEAT"
    repeats = [differ[0], differ[0], differ[2]]
    kept = PIPELINE.fix_units(segments, repeats).segments
    assert kept[1].text == HEADLINE + "." and kept[1].edits == ()
    unknown = PIPELINE.fix_units(segments).segments  # no source: proposed, not made
    assert unknown[1].text == HEADLINE + "." and [h.after for h in unknown[1].held] == [""]


def test_document_evidence_comes_from_the_same_document_only():
    # an unlisted name glued to a function word is split only when the name stands alone in
    # the same document
    assert PIPELINE.fix_units(["Anar Mammadli arrived.", "Mammadliand the envoy met."]).segments[1].text == \
        "Mammadli and the envoy met."
    assert PIPELINE.fix_units(["Anar arrived.", "Mammadliand the envoy met."]).segments[1].text == \
        "Mammadliand the envoy met."
    apart = PIPELINE.fix_units(["Anar Mammadli arrived.", "", "Mammadliand the envoy met."], documents="blank-line")
    assert apart.segments[2].text == "Mammadliand the envoy met."
