"""Quotation marks as MT and tokenizers leave them.

- **Spacing** (EN_QUOTE_SPACING): a quotation whose marks are spaced as tokens,
  ``" epidemic "`` or ``“ epidemic ”``, is closed up; one whose marks stuck to the words
  outside while the inside gained a space, ``the"epidemic "will``, is turned round; a mark
  glued to the word outside it (``said:"We``, ``"we win"he said``) gets its space. Straight
  double quotes are paired in order, and only in a segment that holds an even number of them
  (an odd number means a quotation runs across segments, or the mark is an inch sign); a
  pair is changed only where both its marks show the same damage, which human text almost
  never does (none of 28,000 lines of WMT references), so a stray space by one mark is left.
- **A bare 'said.'** (EN_QUOTE_BARE_SAID): ``"We will respond," said.`` becomes
  ``"We will respond," Aliyev said.`` when exactly one known person (the gazetteer) is named
  in the segment before the quotation or in the segment before it; with no such person, or
  several, the text is left alone (no guessing of pronouns).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator

import regex

from .base import Change, Context, Example, Fixer

_BARE_SAID = regex.compile(r"([,!?][\"”’»])\s*(said|says|added|noted|stressed)\.\s*$")
_VERBS = ("said.", "says.", "added.", "noted.", "stressed.")
_CLOSING = ('"', "”", "’", "»")


@functools.lru_cache(maxsize=4)
def _people_pattern(lang: str):
    from ..knowledge.gazetteer import people

    forms = sorted({f for p in people(lang) for f in (p.canonical, *p.variants)}, key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(f) for f in forms) + r")(?![\p{L}])")


def _surname(name: str) -> str:
    words = [w for w in name.split() if w[:1].isupper()]
    return words[-1] if words else name


# What may stand just outside a quotation: the segment's edge, a space, a bracket, a dash;
# after its closing mark also punctuation.
_BEFORE_OPENING = " \t([{—–-/"
_AFTER_CLOSING = " \t)]}—–-/.,;:!?…"
_LATIN_LETTER = regex.compile(r"\p{Latin}")
# A straight mark, a colon or comma, a straight mark: JSON or another language's literals
# (held-out native sample 11: a form's messages as JSON left on a page).
_CODE_QUOTES = re.compile(r'"[ \t]*[:,][ \t]*"|[{\[][ \t]*"')


def _latin(ch: str) -> bool:
    """Whether ``ch`` is a letter of the Latin script: a space is put between a quotation
    mark and an English word stuck to it, never beside Korean particles ("…”며") or any other
    script's letters, which attach to quotation marks by their own rules."""
    return bool(ch) and _LATIN_LETTER.match(ch) is not None


NESTED_WORDS = 6  # the longest quotation trusted where a segment has four marks or more


_SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")


def _short(quotation: str) -> bool:
    return len(quotation.split()) <= NESTED_WORDS and not _SENTENCE_INSIDE.search(quotation)


def _straight_pairs(text: str) -> list[tuple[int, int]]:
    """The positions of paired straight double quotes, in order; none where their number is odd."""
    marks = [i for i, c in enumerate(text) if c == '"']
    if len(marks) % 2:
        return []
    return list(zip(marks[::2], marks[1::2]))


def _curly_pairs(text: str) -> list[tuple[int, int]]:
    """“…” pairs: each opening mark with the next closing one, where no other opening mark
    comes between them."""
    pairs = []
    opening = None
    for i, c in enumerate(text):
        if c == "“":
            opening = i
        elif c == "”" and opening is not None:
            pairs.append((opening, i))
            opening = None
    return pairs


def quote_changes(text: str) -> list[Change]:
    """The changes that put the quotation marks of ``text`` right (see the module docstring)."""
    if _CODE_QUOTES.search(text):
        return []  # keys and values of code ({"email":"...","url":"..."}), not quotations
    changes = []
    straight = _straight_pairs(text)
    if len(straight) > 1 and not all(_short(text[o + 1 : c]) for o, c in straight):
        # With four marks or more, one quotation may hold others ("he said " Title " was
        # ..."), which pairing in order gets wrong: the marks are trusted only where every
        # pair is a short quotation (titles, terms), with no sentence ending inside.
        straight = []
    for o, c in straight + _curly_pairs(text):
        inner = text[o + 1 : c]
        if not any(ch.isalpha() for ch in inner):
            continue
        left = text[o - 1] if o else ""
        right = text[c + 1] if c + 1 < len(text) else ""
        spaced_in = inner.startswith(" ") and inner.endswith(" ") and not inner.startswith("  ") and bool(inner.strip())
        if spaced_in and left in ("", *_BEFORE_OPENING) and right in ("", *_AFTER_CLOSING):
            # " epidemic " -> "epidemic"
            changes.append(Change(o + 1, o + 2, "", "a space just inside the opening quotation mark"))
            changes.append(Change(c - 1, c, "", "a space just inside the closing quotation mark"))
        elif (_latin(left) and _latin(right) and inner[:1].isalpha() and inner.endswith(" ")
              and not inner.endswith("  ")):
            # the"epidemic "will -> the "epidemic" will
            changes.append(Change(o, o + 1, " " + text[o], "the opening quotation mark stuck to the word before it"))
            changes.append(Change(c - 1, c + 1, text[c] + " ", "the closing quotation mark stuck to the word after it"))
        elif not spaced_in and inner[:1].isalnum() and inner[-1:] not in (" ", "\t"):
            # said:"We will" / "we win"he said: a mark glued to the word outside it
            if _latin(left) or left in (":", ","):
                if right in ("", *_AFTER_CLOSING) or _latin(right):
                    changes.append(Change(o, o, " ", "no space before the opening quotation mark"))
            plural = text[c + 1 : c + 2] == "s" and not text[c + 2 : c + 3].isalpha()  # the "o"s in "robot"
            if _latin(right) and not plural and (left in ("", *_BEFORE_OPENING) or left in (":", ",") or _latin(left)):
                changes.append(Change(c + 1, c + 1, " ", "no space after the closing quotation mark"))
    return sorted(changes, key=lambda ch: (ch.start, ch.end))


@dataclass(frozen=True, eq=False)
class QuoteSpacing(Fixer):
    def gate(self, text: str) -> bool:
        return text.count('"') >= 2 or ("“" in text and "”" in text)

    def find(self, text: str, ctx: Context) -> list[Change]:
        return quote_changes(text)


@dataclass(frozen=True, eq=False)
class BareSaid(Fixer):
    def gate(self, text: str) -> bool:
        """Ends in a bare reporting verb, after a closing quotation mark."""
        return text.rstrip().endswith(_VERBS) and any(q in text for q in _CLOSING)

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        m = _BARE_SAID.search(text)
        if not m:
            return
        quote_start = max(text.rfind("\"", 0, m.start()), text.rfind("“", 0, m.start()))
        before = text[: max(quote_start, 0)]
        previous = ctx.segments[ctx.index - 1] if ctx.index > 0 and ctx.segments else ""
        pattern = _people_pattern(ctx.lang)
        found = {_surname(x) for x in pattern.findall(before)} or {_surname(x) for x in pattern.findall(previous)}
        if len(found) != 1:
            return
        (who,) = found
        yield Change(m.start(2), m.start(2), f"{who} ",
                     f"the quotation's speaker, {who}, is named just before it")


def fixers(config) -> list[Fixer]:
    if config.lang != "en":
        return []
    return [
        QuoteSpacing(
            id="EN_QUOTE_SPACING",
            category="SPACING",
            description="Quotation marks sit against the words they enclose and apart from the words outside",
            origin=__name__,
            needs=('"', "“"),
            examples=(
                Example('the fight against the " epidemic " together', 'the fight against the "epidemic" together'),
                Example("a “ green ” recovery", "a “green” recovery"),
                Example('the fight against the"epidemic "will go on', 'the fight against the "epidemic" will go on'),
                Example('He said:"We will see."', 'He said: "We will see."'),
                Example('"We will win"he said.', '"We will win" he said.'),
                Example('He said "we will see" and left; a 5" screen, the "Minami-style " cut.'),
                Example('"Talks resume today," he said. " The rest is'),
                Example('He recalled " Middle Age ". " Since then what moved me most was " Middle Age. " It made '
                        'friends cry. If " Doctors " can do so, fine. "'),
                Example('the films " Middle Age " and " Doctors " and " Home "',
                        'the films "Middle Age" and "Doctors" and "Home"'),
                Example('He wrote “ and ” in the margin.', 'He wrote “and” in the margin.'),
                Example('Frames of 5" by 7" and of 8" by 10" were sold; the "o"s in "robot".'),
                Example("시장은 “모두 감사합니다”라고 말했고, “내년에도 열겠다”며 웃었다."),
                Example('{"name":"Field required","email":"Address invalid"}'),
            ),
        ),
        BareSaid(
            id="EN_QUOTE_BARE_SAID",
            category="GRAMMAR",
            description="A quotation closed by a bare 'said.' gets back the speaker named just before it",
            origin=__name__,
            uses_context=True,
            reads_previous_only=True,
            needs=_VERBS,
            examples=(
                Example("Ilham Aliyev met the envoy. \"We will respond,\" said.",
                        "Ilham Aliyev met the envoy. \"We will respond,\" Aliyev said."),
                Example("\"We will respond,\" said.", "\"We will respond,\" Aliyev said.",
                        preceding=("Ilham Aliyev met the envoy in Baku.",)),
                Example("\"We will respond,\" said."),
                Example("Aliyev and Pashinyan met. \"We will respond,\" said."),
                Example("\"We will respond,\" he said."),
            ),
        )
    ]
