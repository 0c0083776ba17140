"""Fixing text with inline tags as the reader sees it.

In XLIFF and TMX a target's formatting is inline markup: ``President <g id="1">Putin</g>
initially agreed``. The reader sees no tags, and neither should the fixers: a link's text run
into its neighbour (``<g id="1">Putin</g>initially``, the very way glue arises in scraped
pages) is one glued token to the reader. So the fixers get the *reader text*, in which paired
formatting tags are zero-width, and each of their edits is carried back into the markup with
every tag kept whole and in place:

>>> markup = 'President <g id="1">Putin</g>initially agreed'
>>> reader = Reader(markup)
>>> reader.text
'President Putininitially agreed'
>>> from posteditor.text.edits import Edit
>>> to_markup(markup, [Edit("GLUE", "GLUE", 15, 15, "", " ")])[1][0].after
' '
>>> to_markup(markup, [Edit("GLUE", "GLUE", 15, 15, "", " ")])[0]
'President <g id="1">Putin</g> initially agreed'

Text inserted where tags meet goes after closing tags and before opening ones, outside the
formatting. Stand-alone placeholders (``<x/>``, ``<ph>…</ph>``) stand for content, so they
stay in the reader text, where the fixers leave them alone as protected markup.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Sequence

from .edits import Edit

# Paired formatting: the tags of g, pc, mrk (XLIFF), hi, sub (TMX) are zero-width, their
# content is text; bpt, ept, it, bx, ex, sc, ec mark the start or end of formatting, and
# their content, if any, is native code: the whole element is zero-width.
_ZERO_WIDTH = re.compile(
    r"<(?P<code>bpt|ept|it)\b[^>]*>.*?</(?P=code)\s*>"
    r"|<(?:bx|ex|sc|ec)\b[^>]*/>"
    r"|<(?P<close>/)?(?:g|pc|mrk|hi|sub)\b[^>]*?(?P<empty>/?)>",
    re.S,
)


class Reader:
    """The reader text of ``markup`` and where each of its characters and tags is."""

    def __init__(self, markup: str):
        self.markup = markup
        chars: list[int] = []  # markup offset of each reader character
        tags: dict[int, list[tuple[int, int, bool]]] = {}  # reader position -> (start, end, closing)
        pos = 0
        for m in _ZERO_WIDTH.finditer(markup):
            chars.extend(range(pos, m.start()))
            closing = bool(m.group("close") or m.group("empty")) or m.group().startswith(("<ept", "<ex", "<ec"))
            tags.setdefault(len(chars), []).append((m.start(), m.end(), closing))
            pos = m.end()
        chars.extend(range(pos, len(markup)))
        self.chars, self.tags = chars, tags
        self.text = "".join(markup[i] for i in chars)

    def insertion_point(self, p: int) -> int:
        """Where text inserted at reader position ``p`` goes in the markup: after the
        closing tags that stand there, before the opening ones."""
        here = self.tags.get(p, [])
        point = self.chars[p] if p < len(self.chars) else len(self.markup)
        for start, end, closing in here:
            if not closing:
                return start
            point = end
        return point

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The markup span of reader characters ``a`` to ``b``, tags at either end left out."""
        if a == b:
            point = self.insertion_point(a)
            return point, point
        return self.chars[a], self.chars[b - 1] + 1

    def markup_edit(self, edit: Edit) -> Edit:
        """``edit`` (offsets into the reader text) as an edit of the markup: the tags inside
        its span are kept, each where its neighbouring text went."""
        start, end = self.span(edit.start, edit.end)
        inner = [(p, self.markup[s:e]) for p in range(edit.start + 1, edit.end) for s, e, _ in self.tags.get(p, [])]
        after = edit.after
        if inner:
            after = _with_tags(edit.before, edit.after, [(p - edit.start, tag) for p, tag in inner])
        return replace(edit, start=start, end=end, before=self.markup[start:end], after=after)


def _with_tags(before: str, after: str, tags: Sequence[tuple[int, str]]) -> str:
    """``after`` with each tag put where its position in ``before`` went."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    blocks = matcher.get_opcodes()

    def mapped(p: int) -> int:
        for op, i1, i2, j1, j2 in blocks:
            if i1 <= p < i2 or (p == i2 and op == "equal"):
                return j1 + (p - i1) if op == "equal" else j2
        return len(after)

    out, pos = [], 0
    for p, tag in sorted(((mapped(p), tag) for p, tag in tags), key=lambda t: t[0]):
        out.append(after[pos:p])
        out.append(tag)
        pos = p
    out.append(after[pos:])
    return "".join(out)


def to_markup(markup: str, edits: Sequence[Edit]) -> tuple[str, list[Edit]]:
    """Replay ``edits`` (each with offsets into the reader text as it was just before it) on
    ``markup``: the resulting markup, and the edits as edits of the markup."""
    out = []
    for edit in edits:
        converted = Reader(markup).markup_edit(edit)
        markup = markup[: converted.start] + converted.after + markup[converted.end :]
        out.append(converted)
    return markup, out


def held_in_markup(markup: str, held: Sequence[Edit]) -> list[Edit]:
    """Proposals (offsets into the final reader text) as proposals on the final markup."""
    reader = Reader(markup)
    return [reader.markup_edit(h) for h in held]
