"""Interactive review of every change, like ``git add -p``.

For each edit: y accept, n reject, e edit (type the text you want), a accept this and every
later edit of the same rule, d reject this and every later edit of the same rule, q reject
everything left, ? help. Decisions are applied to the original text. Once a change is
rejected or edited, the fixers run again on the text as reviewed, with every rejected change
vetoed: a later change that depended on a rejected one is recomputed and shown (or is gone,
when nothing is left to change), never silently skipped.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..engine.pipeline import veto_key
from ..text.edits import Edit

HELP = """y - accept this change
n - reject this change
e - edit: type the text to use instead
a - accept this change and all later ones of the same rule
d - reject this change and all later ones of the same rule
q - quit: reject every change not yet reviewed
? - show this help"""


@dataclass
class Decision:
    edit: Edit
    choice: str  # accepted | rejected | edited | skipped
    applied: str  # the text put in place of edit.before (equals before when rejected)
    reason: str = ""


Decide = Callable[[Edit, str], tuple[str, str]]
#: the rule id of a translator's own text for a whole unit, in a decisions log
HAND_EDIT = "HAND_EDIT"
#: the changes the fixers make to a text, given the changes vetoed (see Pipeline.fix_units)
Recompute = Callable[[str, frozenset], Sequence[Edit]]


def decided_text(decision: str, before: str, after: str, own: Optional[str] = None) -> Optional[str]:
    """The text a decision puts in place of ``before``: ``after`` when accepted, ``before``
    when rejected, the reviewer's ``own`` text otherwise (edited)."""
    return {"accepted": after, "rejected": before}.get(decision, own)


def position_in(edit: Edit, text: str) -> int:
    """Where ``edit`` stands in ``text``: at its offsets when its text is there, else where its
    text first occurs (-1: nowhere), for a change whose offsets are in the pipeline's text."""
    if text[edit.start:edit.end] == edit.before:
        return edit.start
    return text.find(edit.before) if edit.before else -1


def apply_decisions(original: str, edits: Sequence[Edit], decide: Decide,
                    recompute: Optional[Recompute] = None) -> tuple[str, list[Decision]]:
    """Walk ``edits`` (sequential, as the pipeline recorded them) asking ``decide(edit, text)``
    for (choice, replacement); return the resulting text and every decision.

    With ``recompute``, the recorded edits are followed while every one is accepted; after a
    rejection or a hand edit, the next change is the first that ``recompute`` finds in the text
    as reviewed, with the changes rejected so far vetoed. Without it, offsets are mapped from
    the text as the pipeline had it to the text as reviewed, and an edit whose text depended
    on a change left out is skipped.
    """
    if recompute is not None:
        return _review_recomputing(original, edits, decide, recompute)
    text = original
    shifts: list[list[int]] = []  # [anchor in pipeline space, delta = reviewed - pipeline]
    decisions: list[Decision] = []
    for edit in edits:
        delta_before = sum(d for anchor, d in shifts if anchor <= edit.start)
        start, end = edit.start + delta_before, edit.end + delta_before
        # A change left out (or replaced) inside this edit's span: its text is not what the
        # pipeline had, so this edit cannot be applied as recorded.
        conflict = any(edit.start < anchor <= edit.end for anchor, _ in shifts)
        if conflict or text[start:end] != edit.before:
            decisions.append(Decision(edit, "skipped", edit.before, "depends on a change that was not accepted"))
            applied = edit.before
            shift = len(edit.before) - len(edit.after)
        else:
            choice, replacement = decide(edit, text)
            applied = decided_text(choice, edit.before, edit.after, replacement)
            decisions.append(Decision(edit, choice, applied))
            text = text[:start] + applied + text[end:]
            shift = len(applied) - len(edit.after)
        # Positions after this edit, in pipeline space, move by the length change of the edit.
        growth = len(edit.after) - (edit.end - edit.start)
        for s in shifts:
            if s[0] > edit.start:
                s[0] += growth
        if shift:
            shifts.append([edit.start + len(edit.after), shift])
    return text, decisions


def _review_recomputing(original: str, edits: Sequence[Edit], decide: Decide,
                        recompute: Recompute) -> tuple[str, list[Decision]]:
    text, decisions, veto = original, [], set()
    recorded = list(edits)
    for _ in range(4 * len(recorded) + 20):  # bound: fixers that keep proposing must not loop forever
        if veto:
            pending = recompute(text, frozenset(veto))
            edit = pending[0] if pending else None
        else:
            edit = recorded[len(decisions)] if len(decisions) < len(recorded) else None
        if edit is None:
            break
        choice, replacement = decide(edit, text)
        applied = decided_text(choice, edit.before, edit.after, replacement)
        decisions.append(Decision(edit, choice, applied))
        if choice != "accepted":
            key = getattr(recompute, "key", None)  # where the fixers see another text than the reviewer
            veto.add(key(edit, text) if key else veto_key(edit.rule, text, edit.start, edit.end, edit.after))
        text = text[:edit.start] + applied + text[edit.end:]
    return text, decisions


class Reviewer:
    """Asks about each edit through ``ask`` (a prompt function) and ``show`` (output)."""

    def __init__(self, ask: Callable[[str], str], show: Callable[[str], None], edit_text: Callable[[str], str]):
        self.ask, self.show, self.edit_text = ask, show, edit_text
        self.always: dict[str, str] = {}  # rule -> accepted | rejected
        self.quit = False

    def __call__(self, location: str, edit: Edit, text: str) -> tuple[str, str]:
        if self.quit:
            return "rejected", edit.before
        if edit.rule in self.always:
            return self.always[edit.rule], edit.after if self.always[edit.rule] == "accepted" else edit.before
        start = position_in(edit, text)
        context = text
        if start >= 0:
            context = text[:start] + "[-" + edit.before + "-]{+" + edit.after + "+}" + text[start + len(edit.before):]
        self.show(f"\n{location}  {edit.rule} [{edit.category}]  {edit.message}\n  {context}")
        while True:
            answer = self.ask("Apply this change [y,n,e,a,d,q,?]? ").strip().lower()[:1]
            if answer == "y":
                return "accepted", edit.after
            if answer == "n":
                return "rejected", edit.before
            if answer == "e":
                return "edited", self.edit_text(edit.after)
            if answer in ("a", "d"):
                self.always[edit.rule] = "accepted" if answer == "a" else "rejected"
                return self.always[edit.rule], edit.after if answer == "a" else edit.before
            if answer == "q":
                self.quit = True
                return "rejected", edit.before
            self.show(HELP)


class Replay:
    """The decisions of a review log (JSON Lines, as ``posteditor review`` and the review page
    write it), given back change by change, so that a review can be resumed or reproduced
    without asking anyone.

    Each record names its file, its unit (1-based) and the change (rule, before, after); a
    change that does not match the next record of its unit is refused with the log's line,
    since the input or the rules must have changed since the review. A change left out of the
    log (a review saved half-way) is asked of ``fallback``, or accepted as `fix` would.
    """

    def __init__(self, path, fallback: Optional[Decide] = None):
        from ..errors import InputError
        from ..fileformats.formats import json_records

        self.name = str(path)
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the decisions log ({exc})", self.name) from None
        self.queues: dict[tuple[str, int], collections.deque] = collections.defaultdict(collections.deque)
        self.hands: dict[tuple[str, int], tuple[int, dict]] = {}
        for n, record in json_records(lines, self.name):
            missing = {"file", "unit", "rule", "before", "after", "decision"} - set(record)
            if missing:
                raise InputError(f"a decision needs {', '.join(sorted(missing))}", self.name, n)
            if record["decision"] not in ("accepted", "rejected", "edited", "skipped"):
                raise InputError(f"unknown decision {record['decision']!r}", self.name, n)
            if record["rule"] == HAND_EDIT:
                self.hands[(Path(record["file"]).name, int(record["unit"]))] = (n, record)
            elif record["decision"] != "skipped":
                self.queues[(Path(record["file"]).name, int(record["unit"]))].append((n, record))
        self.fallback = fallback or (lambda edit, text: ("accepted", edit.after))

    def log_name(self, file: str) -> str:
        """The name under which the log holds ``file``: its own, or, in a log of one file
        only, that file's (a review replayed on a copy)."""
        names = {name for name, _ in self.queues} | {name for name, _ in self.hands}
        return Path(file).name if Path(file).name in names or len(names) != 1 else names.pop()

    def for_unit(self, file: str, unit: int) -> Decide:
        from ..errors import InputError

        queue = self.queues.get((self.log_name(file), unit), collections.deque())

        def decide(edit: Edit, text: str) -> tuple[str, str]:
            if not queue:
                return self.fallback(edit, text)
            n, record = queue.popleft()
            if (record["rule"], record["before"], record["after"]) != (edit.rule, edit.before, edit.after):
                raise InputError(f"this decision is about {record['rule']} {record['before']!r} -> "
                                 f"{record['after']!r}, but unit {unit} of {file} now proposes {edit.rule} "
                                 f"{edit.before!r} -> {edit.after!r}: were the input or the rules changed?",
                                 self.name, n)
            applied = decided_text(record["decision"], edit.before, edit.after, record.get("applied"))
            if not isinstance(applied, str):
                raise InputError("an edited decision needs the text applied", self.name, n)
            return record["decision"], applied

        return decide

    def hand(self, file: str, unit: int, text: str) -> Optional[str]:
        """The translator's own text for ``unit``, given the text its decisions made
        (``None``: no hand edit); a hand edit made on another text is refused."""
        from ..errors import InputError

        if (self.log_name(file), unit) not in self.hands:
            return None
        n, record = self.hands.pop((self.log_name(file), unit))
        if record["before"] != text or not isinstance(record["after"], str):
            raise InputError(f"this hand edit of unit {unit} of {file} was made on {record['before']!r}, but the "
                             f"decisions give {text!r}: were the input or the rules changed?", self.name, n)
        return record["after"]

    def unused(self) -> list[int]:
        """Lines of the log whose decisions no change asked for."""
        return sorted([n for queue in self.queues.values() for n, _ in queue] + [n for n, _ in self.hands.values()])
