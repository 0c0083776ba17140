"""Where each target stands in its file, and writing a file back by splicing.

A unit's target is the text the fixers see; :class:`Place` says where each of its characters
stands in the file's text (an escape such as ``\\n`` in PO or JSON is one character of the
target and two of the file). With it, a change is written into the file's own text at the
place of the characters it replaces, so that nothing outside the changed targets moves:
not an attribute's order, a line ending, a comment or the wrapping of a PO string. The
same map gives every finding its exact line and column.

>>> text = 'msgstr ""\\n"Press the  button.\\\\n"\\n'
>>> place = po_place(text, [(11, 31)])
>>> target = "Press the  button.\\n"
>>> splice(text, [(place, target, "Press the button.\\n")], po_escape)
'msgstr ""\\n"Press the button.\\\\n"\\n'
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence


@dataclass(frozen=True)
class Place:
    """Where a target's characters are in the file's text: from ``start`` on, one file
    character for each target character, unless ``chars`` gives each one's (start, end)."""

    start: int
    chars: Optional[tuple[tuple[int, int], ...]] = None

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The file span of the target's characters ``a`` to ``b`` (where text inserted at
        ``a`` goes, when ``a == b``)."""
        if self.chars is None:
            return self.start + a, self.start + b
        if not self.chars:
            return self.start, self.start
        if a == b:
            pos = self.chars[a - 1][1] if a > 0 else self.chars[0][0]
            return pos, pos
        return self.chars[a][0], self.chars[b - 1][1]


def splice(text: str, changes: Iterable[tuple[Place, str, str]], escape: Callable[[str], str] = str) -> str:
    """``text`` with each (place, old target, new target) change written in: only the
    characters that differ between old and new are replaced, each at its place in the file,
    with inserted text passed through ``escape`` (the file format's quoting)."""
    pieces: list[tuple[int, int, str]] = []
    for place, old, new in changes:
        if old == new:
            continue
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                start, end = place.span(i1, i2)
                pieces.append((start, end, escape(new[j1:j2])))
    pieces.sort(key=lambda p: (p[0], p[1]))
    out, pos = [], 0
    for start, end, written in pieces:
        if start < pos:
            raise ValueError(f"overlapping changes at offset {start}")
        out.append(text[pos:start])
        out.append(written)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def aligned_place(view: str, raw: str, start: int) -> Place:
    """The place of ``view`` (what the fixers see) written as ``raw`` at ``start`` in the
    file, where the two differ in spelling only (``&#233;`` for ``é``, ``'`` for ``"``
    around an attribute): equal stretches map character for character, a differing stretch
    maps as a whole."""
    if view == raw:
        return Place(start)
    chars: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, view, raw, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chars.extend((start + j1 + k, start + j1 + k + 1) for k in range(i2 - i1))
        elif i2 > i1:
            chars.extend((start + j1, start + j2) for _ in range(i2 - i1))
    return Place(start, tuple(chars))


class Lines:
    """Line and column (1-based, in characters) of offsets into a file's text."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, offset) - 1
        return k + 1, offset - self.starts[k] + 1


# --- XML: where each element's content is --------------------------------------------------

_XML_TOKEN = re.compile(
    r"""
    <!--.*?-->
  | <!\[CDATA\[.*?\]\]>
  | <\?.*?\?>
  | <!DOCTYPE(?:[^\[>]|\[.*?\])*>
  | </(?P<end>[^\s>]+)\s*>
  | <(?P<start>[^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(?P<empty>/?)>
    """,
    re.S | re.X,
)


def xml_element_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of every element of an XML document, in document order
    (the order of ``root.iter()`` without comments and processing instructions); an empty
    element written ``<a/>`` has an empty span at its end.

    >>> text = '<?xml version="1.0"?><a x=">"><!-- <b> --><b>hi</b><c/></a>'
    >>> [text[s:e] for s, e in xml_element_spans(text)]
    ['<!-- <b> --><b>hi</b><c/>', 'hi', '']
    """
    spans: list[list[int]] = []
    stack: list[int] = []
    for m in _XML_TOKEN.finditer(text):
        if m.group("start"):
            spans.append([m.end(), m.end()])
            if not m.group("empty"):
                stack.append(len(spans) - 1)
        elif m.group("end"):
            spans[stack.pop()][1] = m.start()
    return [(s, e) for s, e in spans]


# --- PO: string chunks and their escapes ------------------------------------------------------

_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def po_place(text: str, chunks: Sequence[tuple[int, int]]) -> Place:
    """The place of a PO string written as ``chunks`` (the spans inside the quotes of
    ``msgstr "..."`` and its continuation lines): an escape is one character of the string."""
    chars: list[tuple[int, int]] = []
    for start, end in chunks:
        pos = start
        while pos < end:
            step = 2 if text[pos] == "\\" else 1
            chars.append((pos, pos + step))
            pos += step
    return Place(chunks[0][0] if chunks else 0, tuple(chars))


def po_unescape(raw: str) -> str:
    return re.sub(r"\\(.)", lambda m: _PO_ESCAPES.get(m.group(1), m.group(1)), raw)


def po_escape(value: str) -> str:
    r"""A string's text as written inside PO quotes.

    >>> print(po_escape('Say "hi"\n'))
    Say \"hi\"\n
    """
    return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


@dataclass
class PoEntry:
    """One entry of a PO file: its context and msgid as read, and where each msgstr's
    chunks are (``msgstr`` is index 0, ``msgstr[n]`` index n); ``line`` of each msgstr
    keyword."""

    context: Optional[str]
    msgid: str
    strings: dict[int, list[tuple[int, int]]]
    lines: dict[int, int]


_PO_LINE = re.compile(r'[ \t]*(?:(?P<key>msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<n>\d+)\])?)[ \t]+)?"(?P<body>(?:[^"\\]|\\.)*)"')


def po_entries(text: str) -> list[PoEntry]:
    """Every entry of a PO file that is not obsolete, with where its strings are."""
    entries: list[PoEntry] = []
    current: Optional[dict] = None
    key = None
    for n, m in enumerate(re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)?", text), start=1):
        line = m.group()
        if not line:
            break
        found = _PO_LINE.match(line)
        if not found:  # a comment, a blank line
            continue
        if found.group("key"):
            key = found.group("key")
            if key in ("msgctxt", "msgid") and (current is None or current["strings"] or
                                                (key == "msgctxt" and current["msgid"] is not None)):
                if current is not None and current["msgid"] is not None:
                    entries.append(_entry(current))
                current = {"msgctxt": None, "msgid": None, "strings": {}, "lines": {}}
            if key.startswith("msgstr"):
                index = int(found.group("n") or 0)
                # a keyword written twice continues its string, as gettext tools read it
                current["strings"].setdefault(index, [])
                current["lines"].setdefault(index, n)
                key = ("msgstr", index)
            else:
                current[key] = ""
        if current is None or key is None:
            continue
        start = m.start() + found.start("body")
        span = (start, start + len(found.group("body")))
        if isinstance(key, tuple):
            current["strings"][key[1]].append(span)
        elif key in ("msgctxt", "msgid"):
            current[key] += po_unescape(found.group("body"))
    if current is not None and current["msgid"] is not None:
        entries.append(_entry(current))
    return entries


def _entry(current: dict) -> PoEntry:
    strings = {k: [s for s in spans if s[1] > s[0]] or spans[:1] for k, spans in current["strings"].items()}
    return PoEntry(current["msgctxt"], current["msgid"], strings, current["lines"])


# --- JSON strings -----------------------------------------------------------------------------


def json_place(text: str, start: int, end: int) -> Place:
    """The place of a JSON string literal ``text[start:end]`` (quotes included): an escape
    (``\\n``, ``\\u00e9``) is one character of the value, a surrogate pair written as two
    escapes is one."""
    chars: list[tuple[int, int]] = []
    pos = start + 1
    while pos < end - 1:
        if text[pos] != "\\":
            chars.append((pos, pos + 1))
            pos += 1
            continue
        step = 6 if text[pos + 1] == "u" else 2
        if step == 6 and 0xD800 <= int(text[pos + 2 : pos + 6], 16) < 0xDC00 and text[pos + 6 : pos + 8] == "\\u":
            step = 12
        chars.append((pos, pos + step))
        pos += step
    return Place(start + 1, tuple(chars))
