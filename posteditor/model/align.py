"""Model outputs as explained edits: word-level alignment of input and output.

>>> [(e.start, e.end, e.before, e.after) for e in edits_between("held talks in in Baku", "held talks in Baku", "m")]
[(14, 17, 'in ', '')]
"""

from __future__ import annotations

from ..text.edits import Edit, word_opcodes


def edits_between(before: str, after: str, name: str, message: str = "") -> list[Edit]:
    """Minimal word-level edits turning ``before`` into ``after``, in replay order."""
    a, b, opcodes = word_opcodes(before, after)
    edits: list[Edit] = []
    shift = 0
    offsets = [0]
    for piece in a:
        offsets.append(offsets[-1] + len(piece))
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            continue
        old = "".join(a[i1:i2])
        new = "".join(b[j1:j2])
        # Trim what both sides share at the ends, so the edit is as small as the change.
        p = 0
        while p < min(len(old), len(new)) and old[p] == new[p]:
            p += 1
        q = 0
        while q < min(len(old), len(new)) - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
            q += 1
        start = offsets[i1] + p + shift
        old_t, new_t = old[p : len(old) - q], new[p : len(new) - q]
        edits.append(Edit(f"model:{name}", "MODEL", start, start + len(old_t), old_t, new_t,
                          message or f"rewritten by the model {name}", "info"))
        shift += len(new_t) - len(old_t)
    return edits
