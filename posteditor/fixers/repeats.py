"""Repeated sentences and segments, as MT and scrapers leave them.

Doubled words ("in in") are a rule file entry (``rules/en/repeats.toml``); here are the
repeats that need sentence splitting or the document: a sentence said twice back to back,
and a segment (often a headline) repeated as the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import regex

from .base import Change, Context, Example, Fixer

# Sentence ends: . ! ? (and closing quotes or brackets after them) then space and a capital
# or an opening quote. Abbreviations are not a worry here: a false split only makes the
# repeat check see shorter sentences, and both halves must still be identical.
_SENTENCE = regex.compile(r"[^.!?]*(?:[.!?]+[\"'”’)\]]*|$)(?:\s+|$)")
_NORM_TRAIL = regex.compile(r"[\s.!?;:,…\"'”’]+$")
_WORD = regex.compile(r"\w+")
# A character that may end a sentence (found before the last word by the gate).
_SENTENCE_END_MARK = re.compile(r"[.!?\"'”’)\]]")

MIN_WORDS = 4


def _norm(text: str) -> str:
    return " ".join(_NORM_TRAIL.sub("", text).split()).casefold()


@dataclass(frozen=True, eq=False)
class RepeatedSentence(Fixer):
    """Drop the second of two identical sentences that follow each other in a segment."""

    def gate(self, text: str) -> bool:
        """A first sentence ends in . ! ? (or a closing quote or bracket) before a space."""
        if len(text) < 2 * MIN_WORDS * 2:
            return False
        # A mark before the start of the last word has whitespace after it and a word after
        # that: one scan of the text (a regex for it backtracks quadratically on "....").
        words = text.rstrip()
        last = words.rsplit(None, 1)
        return len(last) == 2 and _SENTENCE_END_MARK.search(words, 0, len(words) - len(last[1])) is not None

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        if len(text) < 2 * MIN_WORDS * 2:
            return
        spans = [m.span() for m in _SENTENCE.finditer(text) if m.end() > m.start()]
        prev: tuple[int, int] | None = None
        for start, end in spans:
            if prev is not None:
                a, b = text[prev[0] : prev[1]], text[start:end]
                if _norm(a) == _norm(b) and len(_WORD.findall(a)) >= MIN_WORDS:
                    # Remove the repeat and the space before it, keeping the segment's tail.
                    cut_start = len(text[: start].rstrip()) if end == len(text) else start
                    yield Change(cut_start, end, "", "sentence repeated back to back")
                    continue
            prev = (start, end)


HEADLINE_MAX_WORDS = 16
# Searched from the end (REVERSE): the same answer, without trying every position first.
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)]*\s*$", regex.REVERSE)


@dataclass(frozen=True, eq=False)
class RepeatedSegment(Fixer):
    """Empty a segment that repeats the headline just before it, where the source does not.

    Only a headline (no sentence-final punctuation, at most 16 words) counts: real documents
    repeat whole sentences on purpose (a lead printed as a pull quote), and a translation of
    a source that repeats itself must repeat too. So the segment is emptied only where the
    source is known and does not repeat; without a source the removal is proposed to the
    reviewer (``check`` reports it) and the text is left alone.
    """

    proposes = True

    def find(self, text: str, ctx: Context) -> tuple[Change, ...]:
        """The removal, where the source shows that the repeat is not the original's."""
        if ctx.sources is None:
            return ()
        return self._repeat(text, ctx)

    def proposals(self, text: str, ctx: Context) -> tuple[Change, ...]:
        """Without a source, nothing shows whether the original repeats itself: the removal
        is only proposed."""
        if ctx.sources is not None:
            return ()
        return tuple(ch._replace(message=ch.message + "; no source shows whether the original repeats it "
                                 "(give the source to have it removed)") for ch in self._repeat(text, ctx))

    def _repeat(self, text: str, ctx: Context) -> tuple[Change, ...]:
        # Called on every segment: a tuple, not a generator, and the common answer (the
        # previous segment starts with another letter) reached in a few steps.
        prev_index = ctx.index - 1
        if prev_index < 0 or not text or text.isspace():
            return ()
        segments = ctx.segments
        prev = segments[prev_index]
        while not prev or prev.isspace():
            prev_index -= 1
            if prev_index < 0:
                return ()
            prev = segments[prev_index]
        if _first_folded(prev) != _first_folded(text):
            return ()  # normalised texts that start differently differ
        if _SENTENCE_END.search(prev) or not MIN_WORDS - 1 <= len(_WORD.findall(prev)) <= HEADLINE_MAX_WORDS:
            return ()
        if _norm(prev) != _norm(text):
            return ()
        if ctx.sources is not None and (ctx.source is None or _norm(ctx.sources[prev_index] or "") == _norm(ctx.source)):
            return ()  # the source repeats it too, or there is no source for this segment
        return (Change(0, len(text), "", "segment repeats the headline before it"),)


def _first_folded(text: str) -> str:
    """The first character of ``_norm(text)`` (``text`` has one that is not a space)."""
    first = text[0]
    if first.isspace():
        first = text.lstrip()[0]
    return first.casefold()[:1]


def fixers(config) -> list[Fixer]:
    if config.lang != "en":
        return []
    return [
        RepeatedSegment(
            id="EN_REPEATED_SEGMENT",
            category="REPEAT",
            description="A segment that repeats the previous one (a headline printed twice) is emptied",
            origin=__name__,
            uses_context=True,
            reads_previous_only=True,
            examples=(
                Example(
                    "Biden and Putin to meet in Geneva next month",
                    "",
                    preceding=("Biden and Putin to meet in Geneva next month",),
                    sources=("Байден и Путин встретятся в Женеве", "Встреча пройдет в следующем месяце"),
                ),
                Example(
                    "Biden and Putin to meet in Geneva next month.",
                    "",
                    preceding=("Biden and Putin to meet in Geneva next month", ""),
                    sources=("Байден и Путин встретятся в Женеве", "", "Об этом сообщил Кремль."),
                ),
                Example(  # the source repeats its headline: so must the translation
                    "Biden and Putin to meet in Geneva next month",
                    preceding=("Biden and Putin to meet in Geneva next month",),
                    sources=("Байден и Путин встретятся в Женеве", "Байден и Путин встретятся в Женеве"),
                ),
                Example(  # no source: proposed to the reviewer, not made
                    "Biden and Putin to meet in Geneva next month",
                    preceding=("Biden and Putin to meet in Geneva next month",),
                ),
                Example("Thank you.", preceding=("Thank you.",)),
                Example(
                    "The car we introduce now is the dream of many men!",
                    preceding=("The car we introduce now is the dream of many men!",),
                ),
                Example(
                    "Biden and Putin to meet in Geneva next month",
                    preceding=("Biden and Putin met in Geneva last month",),
                ),
            ),
        ),
        RepeatedSentence(
            id="EN_REPEATED_SENTENCE",
            category="REPEAT",
            description="A sentence repeated back to back within a segment is said once",
            origin=__name__,
            needs=(".", "!", "?"),  # the first of the two sentences ends with one
            examples=(
                Example(
                    "Talks resumed on Monday. Talks resumed on Monday. Both sides met.",
                    "Talks resumed on Monday. Both sides met.",
                ),
                Example(
                    "The army said it had withdrawn. The army said it had withdrawn.",
                    "The army said it had withdrawn.",
                ),
                Example("Yes. Yes. He said so."),
                Example("He said it again. And again. He said it again later."),
            ),
        ),
    ]
