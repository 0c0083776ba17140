"""A review of one file: every change of every unit decided by a ``Decide`` function (a person
at the terminal, the review page, or a decisions log), what depended on a rejected change
recomputed, and the result: the file's targets as reviewed and one log record per decision.
"""

from __future__ import annotations

import bisect
from typing import Callable, Optional

from ..engine.pipeline import Pipeline, veto_key
from ..text.edits import DocumentResult, Edit, original_spans, span_before
from ..text.inline import Reader
from .interactive import HAND_EDIT, Decide, Recompute, apply_decisions


def edit_places(doc, unit, seg) -> tuple[list, list]:
    """Where each edit and each held proposal of a fixed unit stands in the file as it was read:
    (line, column, end line, end column), the same place that `check` reports."""
    edits = list(seg.edits)
    made = [doc.locate(unit, a, b) for a, b in original_spans(edits)]
    held = [doc.locate(unit, *span_before(edits, h.start, h.end)) for h in seg.held]
    return made, held


def recompute_for(pipeline: Pipeline, doc, fixed: list[str], k: int, documents: str) -> Optional[Recompute]:
    """The changes the fixers make to unit ``k`` as reviewed, with rejected ones vetoed, in the
    document as fixed; ``None`` (a later change that depended on a rejected one is skipped)
    for a unit with an ignore note. In a unit with inline tags or entities the fixers read
    the text as a reader sees it, so a rejected change is vetoed there (``recompute.key``)."""
    if doc.units[k].ignore:
        return None

    def recompute(text: str, veto: frozenset):
        segments = fixed[:k] + [text] + fixed[k + 1:]
        return pipeline.fix_units(segments, doc.sources, documents, doc.keeps_units, doc.markup,
                                  veto=veto).segments[k].edits

    if doc.markup:
        recompute.key = reader_veto_key
    return recompute


def reader_veto_key(edit: Edit, markup: str) -> tuple:
    """The veto key of ``edit`` (an edit of ``markup``) as the fixers meet it: in the reader
    text, where tags take no room and entities are characters."""
    reader = Reader(markup)
    start, end = bisect.bisect_left(reader.chars, edit.start), bisect.bisect_left(reader.chars, edit.end)
    return veto_key(edit.rule, reader.text, start, end, Reader(edit.after).text)


def review_file(pipeline: Pipeline, doc, result: DocumentResult, documents: str,
                decide_for: Callable[[int, Callable[[Edit], str]], Decide],
                hand_for: Optional[Callable[[int, str], Optional[str]]] = None) -> tuple[list[str], list[dict]]:
    """The targets of ``doc`` as reviewed and the decisions log. ``decide_for(k, where)`` gives
    the decisions for unit ``k`` (0-based); ``where(edit)`` says "file:line:column";
    ``hand_for(k, text)``, the translator's own text for unit ``k`` after them, if any."""
    finals, log = [], []
    fixed = [seg.text for seg in result.segments]
    for k, (unit, seg) in enumerate(zip(doc.units, result.segments)):
        places = dict(zip(seg.edits, edit_places(doc, unit, seg)[0]))

        def place(edit, unit=unit, places=places):
            if edit not in places:  # recomputed after a rejection: its offsets are in the text as reviewed
                places[edit] = doc.locate(unit, 0, 0)
            return places[edit]

        decide = decide_for(k, lambda e: "{}:{}:{}".format(doc.name, *place(e)[:2]))
        text, decisions = apply_decisions(seg.original, list(seg.edits), decide,
                                          recompute_for(pipeline, doc, fixed, k, documents))
        hand = hand_for(k, text) if hand_for is not None else None
        for d in decisions:
            line, column, end_line, end_column = place(d.edit)
            log.append({"file": doc.name, "unit": k + 1, "id": unit.id, "line": line, "column": column,
                        "end_line": end_line, "end_column": end_column, "rule": d.edit.rule,
                        "before": d.edit.before, "after": d.edit.after, "decision": d.choice,
                        "applied": d.applied, "note": d.reason})
        if hand is not None and hand != text:
            log.append(hand_record(doc.name, k, unit, text, hand))
            text = hand
        finals.append(text)
    return finals, log


def hand_record(name: str, k: int, unit, before: str, after: str) -> dict:
    """The log record of a translator's own text for unit ``k``."""
    return {"file": name, "unit": k + 1, "id": unit.id, "line": unit.line, "rule": HAND_EDIT, "before": before,
            "after": after, "decision": "edited", "applied": after, "note": "the translator's own text"}
