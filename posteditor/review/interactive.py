"""Interactive review of every change, like ``git add -p``.

For each edit: y accept, n reject, e edit (type the text you want), a accept this and every
later edit of the same rule, d reject this and every later edit of the same rule, q reject
everything left, ? help. Decisions are applied to the original text: a later edit whose text
depended on a rejected one is skipped and logged as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

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


def apply_decisions(original: str, edits: Sequence[Edit], decide: Callable[[Edit, str], tuple[str, str]]) -> tuple[str, list[Decision]]:
    """Walk ``edits`` (sequential, as the pipeline recorded them) asking ``decide(edit, text)``
    for (choice, replacement); return the resulting text and every decision.

    Offsets of each edit are mapped from the text as the pipeline had it (every earlier edit
    applied) to the text as reviewed (only the accepted ones, or the user's versions).
    """
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
            applied = {"accepted": edit.after, "rejected": edit.before}.get(choice, replacement)
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
        start = text.find(edit.before) if edit.before else -1
        context = text
        if edit.before and start >= 0:
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
