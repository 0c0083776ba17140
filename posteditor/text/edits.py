"""Edits: the record of every change a fixer makes, and their replay.

An :class:`Edit` says which rule changed which span of a segment, from what to what. Edits of a
segment apply in order, each with offsets into the text as it was just before that edit, so

>>> text = "held talks in in the capital ,officials said ."
>>> edits = [Edit("EN_DOUBLE_WORD", "REPEAT", 11, 16, "in in", "in")]
>>> apply_edits(text, edits)
'held talks in the capital ,officials said .'
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Edit:
    """One change: ``text[start:end] == before`` became ``after``.

    ``rule`` is the id of the rule or fixer that made it, ``category`` its family (SPACING,
    REPEAT, BOILERPLATE, GLUE, NAME, ...), ``message`` why, in words for a reviewer.
    """

    rule: str
    category: str
    start: int
    end: int
    before: str
    after: str
    message: str = ""
    severity: str = "warning"

    def __init__(self, rule: str, category: str, start: int, end: int, before: str, after: str, message: str = "",
                 severity: str = "warning"):
        # Written out (the fields, in order, as a test checks): the __init__ that dataclass
        # writes for a frozen class sets each field through object.__setattr__, 3.6 times
        # slower, and the pipeline makes one of these for every change (and a FixResult for
        # every segment). Instances stay frozen: assigning a field still raises.
        d = self.__dict__
        d["rule"], d["category"], d["start"], d["end"] = rule, category, start, end
        d["before"], d["after"], d["message"], d["severity"] = before, after, message, severity

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Edit":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def shifted(self, offset: int) -> "Edit":
        """The same edit with its span moved by ``offset`` characters."""
        return dataclasses.replace(self, start=self.start + offset, end=self.end + offset)


class ReplayError(ValueError):
    """An edit does not match the text it is replayed on."""


def apply_edit(text: str, edit: Edit) -> str:
    """Apply one edit, checking that the text under its span is what the edit says."""
    if text[edit.start : edit.end] != edit.before:
        raise ReplayError(
            f"edit {edit.rule} expects {edit.before!r} at {edit.start}:{edit.end}, "
            f"found {text[edit.start:edit.end]!r}"
        )
    return text[: edit.start] + edit.after + text[edit.end :]


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay ``edits`` on ``text`` in order; the result equals what the fixers produced."""
    for edit in edits:
        text = apply_edit(text, edit)
    return text


def original_spans(edits: Iterable[Edit]) -> list[tuple[int, int]]:
    """Where each of a segment's edits lies in the segment as it was before any of them.

    Edits apply one after another, each with offsets into the text just before it; a span is
    mapped back through the edits before it (a position inside text that an earlier edit
    wrote maps to that edit's span).

    >>> original_spans([Edit("A", "X", 0, 2, "ab", "abcd"), Edit("B", "X", 5, 6, "e", "")])
    [(0, 2), (3, 4)]
    """
    edits = list(edits)
    return [span_before(edits[:k], e.start, e.end) for k, e in enumerate(edits)]


def span_before(edits: list[Edit], start: int, end: int) -> tuple[int, int]:
    """The span of the text after ``edits`` from ``start`` to ``end``, in the text before them."""
    for earlier in reversed(edits):
        start = _position_before(start, earlier, left=True)
        end = _position_before(end, earlier, left=False)
    return start, max(start, end)


def _position_before(pos: int, edit: Edit, left: bool) -> int:
    written_end = edit.start + len(edit.after)
    if pos <= edit.start:
        return pos
    if pos >= written_end:
        return pos - len(edit.after) + len(edit.before)
    return edit.start if left else edit.end


@dataclass(frozen=True)
class FixResult:
    """A segment after fixing: the ``original``, the fixed ``text`` and the ``edits`` between."""

    original: str
    text: str
    edits: tuple[Edit, ...] = field(default_factory=tuple)
    #: the model stage's verdict on this segment, when a model ran: proposed output,
    #: accepted or not, and why (a rejected proposal is recorded here, not applied)
    model: Optional[dict[str, Any]] = None
    #: changes proposed for a reviewer but not made, for want of evidence (offsets into
    #: ``text``): `check` reports them, `fix --explain` lists them
    held: tuple[Edit, ...] = ()

    def __init__(self, original: str, text: str, edits: tuple[Edit, ...] = (), model: Optional[dict[str, Any]] = None,
                 held: tuple[Edit, ...] = ()):
        # Written out for speed, as Edit's.
        d = self.__dict__
        d["original"], d["text"], d["edits"], d["model"], d["held"] = original, text, edits, model, held

    @property
    def changed(self) -> bool:
        return self.text != self.original


@dataclass(frozen=True)
class DocumentResult:
    """A document (segments, one per line) after fixing.

    ``edits`` holds the edits of every segment with offsets into the whole text (segments
    joined by newlines), ordered so that ``apply_edits(original, edits) == text``.
    """

    segments: tuple[FixResult, ...]

    @property
    def original(self) -> str:
        return "\n".join(s.original for s in self.segments)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)

    @property
    def edits(self) -> tuple[Edit, ...]:
        out: list[Edit] = []
        offset = 0  # segments before the current one are already in their final state
        for seg in self.segments:
            out.extend(e.shifted(offset) for e in seg.edits)
            offset += len(seg.text) + 1
        return tuple(out)

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.segments)


def word_opcodes(before: str, after: str) -> tuple[list[str], list[str], list[tuple]]:
    """The words of ``before`` and ``after`` (each with the space after it) and difflib's
    opcodes between them: the one word alignment that word diffs, the HTML report and the
    model's edits all use.

    >>> word_opcodes("in in Baku", "in Baku")[2]
    [('delete', 0, 1, 0, 0), ('equal', 1, 3, 0, 2)]
    """
    a, b = _PIECE.findall(before), _PIECE.findall(after)
    return a, b, difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()


_PIECE = re.compile(r"\S+\s*|\s+")


def word_diff(before: str, after: str) -> str:
    """A ``git diff --word-diff`` style rendering: ``[-old-]{+new+}``.

    >>> word_diff("held talks in in the capital", "held talks in the capital")
    'held talks in [-in -]the capital'
    """
    a, b, opcodes = word_opcodes(before, after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)
