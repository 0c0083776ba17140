"""What every fixer is: a named, categorised, pure function from a segment to changes."""

from __future__ import annotations

import collections
import functools
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Optional, Sequence

import regex

# Order in which categories run: whole-segment removals first, spacing last, so that spacing
# tidies what the other fixers leave.
CATEGORY_ORDER = {
    "BOILERPLATE": 10,
    "REPEAT": 20,
    "GLUE": 30,
    "NAME": 40,
    "ORDER": 50,
    "GRAMMAR": 60,
    "PUNCT": 70,
    "SPACING": 80,
}
DEFAULT_STAGE = 65
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def literals_found(automaton, text: str, overlapping: bool = False) -> list[tuple[int, int, int]]:
    """``automaton.find_matches_as_indexes(text, overlapping)`` (an ahocorasick_rs automaton
    of literal strings) for any string: the automaton reads UTF-8, in which a lone surrogate
    cannot be written; no literal holds one, so such a text is read between them (the
    positions are then those within each stretch)."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping)
    except UnicodeEncodeError:
        return [hit for part in _SURROGATE.split(text) for hit in automaton.find_matches_as_indexes(part, overlapping)]


class Change(NamedTuple):
    """A proposed replacement of ``text[start:end]`` by ``after``, with a reason."""

    start: int
    end: int
    after: str
    message: str = ""


class Vocabulary:
    """Evidence from the whole document at the start of a pass, computed lazily once: how
    often a word stands alone in it."""

    def __init__(self, segments: Sequence[str]):
        self._segments = tuple(segments)
        self._counts: Optional[dict[str, int]] = None
        self._joined: Optional[str] = None
        self._has: dict[str, bool] = {}
        self._memo: dict[object, object] = {}

    def memo(self, key: object, build):
        """``build(segments)``, computed once per document and pass (``key`` names it)."""
        if key not in self._memo:
            self._memo[key] = build(self._segments)
        return self._memo[key]

    def count(self, word: str) -> int:
        """How often ``word`` stands as a whole word (a run of letters and digits)."""
        if self._counts is None:
            self._counts = collections.Counter(_WORDS.findall(" ".join(self._segments)))
        return self._counts.get(word, 0)

    def has(self, word: str) -> bool:
        """Whether ``word`` stands as a whole word anywhere: the first segment that shows it
        answers; a word absent from the whole text is ruled out by one string search."""
        if self._counts is not None:
            return self._counts.get(word, 0) > 0
        found = self._has.get(word)
        if found is None:
            if self._joined is None:
                self._joined = " ".join(self._segments)
            found = word in self._joined and any(word in seg and word in _WORDS.findall(seg) for seg in self._segments)
            self._has[word] = found
        return found


class Context(NamedTuple):
    """What a fixer may know besides its segment: the document it belongs to.

    ``segments`` is the document as it stands (segments before ``index`` already fixed in this
    pass), ``source`` the source-language segment when the input has one. Immutable (a named
    tuple: the pipeline makes one per segment and pass, so it must be cheap to make).
    """

    segments: Sequence[str] = ()
    index: int = 0
    source: Optional[str] = None
    lang: str = "en"
    #: the source segments of the whole document, aligned with ``segments``, when known
    sources: Optional[Sequence[Optional[str]]] = None
    #: evidence from the whole document
    vocabulary: Optional[Vocabulary] = None
    #: changes a reviewer rejected (see :func:`posteditor.engine.pipeline.veto_key`): never made again
    veto: frozenset = frozenset()

    def word_count(self, word: str) -> int:
        """How often ``word`` stands as a whole word in the document (0 without one)."""
        if self.vocabulary is None:
            return 0
        return self.vocabulary.count(word)

    def has_word(self, word: str) -> bool:
        """Whether ``word`` stands as a whole word in the document (cheaper than counting)."""
        return self.vocabulary is not None and self.vocabulary.has(word)

    @classmethod
    def alone(cls, text: str, lang: str = "en") -> "Context":
        return cls(segments=(text,), index=0, lang=lang)


@dataclass(frozen=True)
class Example:
    """An example input and its expected output (``None``: must stay unchanged)."""

    input: str
    output: Optional[str] = None
    known_failure: bool = False
    origin: str = ""  # "file:line" where the example was written, for error messages
    #: segments that come before this one in its document, for fixers that use context
    preceding: tuple[str, ...] = ()
    #: the source segments of ``preceding`` and of the input, in order, where the example has them
    sources: Optional[tuple[Optional[str], ...]] = None

    @property
    def expected(self) -> str:
        return self.input if self.output is None else self.output


def duplicate_ids(fixers: Iterable) -> list[tuple["Fixer", str]]:
    """Each fixer whose id an earlier one already has, with where the earlier one comes from.
    Rule ids name rules in edits, options and baselines, so they must be unique."""
    first: dict[str, str] = {}
    found = []
    for fixer in fixers:
        if fixer.id in first:
            found.append((fixer, first[fixer.id]))
        else:
            first[fixer.id] = fixer.origin or fixer.id
    return found


@dataclass(frozen=True, eq=False)
class Fixer:
    """Base of every fixer. Subclasses implement :meth:`find`.

    ``find`` returns changes against the text it was given, non-overlapping; the pipeline
    applies them, drops any that touch protected spans, and records an :class:`Edit` each.
    """

    id: str
    category: str
    description: str
    severity: str = "warning"
    examples: tuple[Example, ...] = field(default=(), repr=False)
    origin: str = ""  # file (and line) that defines the fixer
    uses_context: bool = False  # True when find() reads other segments
    #: True when the only other segments find() reads are those just before its own, back to
    #: the previous non-empty one (and their sources)
    reads_previous_only: bool = False
    #: Literal strings of which a segment must contain at least one for find() to change it
    #: (a necessary condition, not a sufficient one); () = no such condition. The pipeline
    #: tests the needs of all fixers at once and does not call a fixer whose needs are absent.
    needs: tuple[str, ...] = ()
    #: whether ``needs`` are found regardless of case (compared after casefolding)
    needs_ignorecase: bool = False

    #: An optional cheap test, ``gate(text) -> bool``, that is False only where find() would
    #: change nothing whatever the document; run by the pipeline after ``needs``.
    gate = None
    #: An optional test shared (as the same object) by a family of fixers, False only where
    #: none of them would change the text: asked once for the family, before their gates.
    family_gate = None

    def has_needs(self, text: str) -> bool:
        """Whether ``text`` contains one of ``needs`` (always, without needs)."""
        if not self.needs:
            return True
        if self.needs_ignorecase:
            text = text.casefold()
        for n in self._needs_compared:
            if n in text:
                return True
        return False

    @functools.cached_property
    def _needs_compared(self) -> tuple[str, ...]:
        return tuple(n.casefold() for n in self.needs) if self.needs_ignorecase else self.needs

    def may_change(self, text: str) -> bool:
        """False when ``needs`` or ``gate`` rule out any change to ``text``."""
        return self.has_needs(text) and (self.gate is None or self.gate(text))

    @property
    def stage(self) -> int:
        return CATEGORY_ORDER.get(self.category, DEFAULT_STAGE)

    def find(self, text: str, ctx: Context) -> Iterable[Change]:  # pragma: no cover
        raise NotImplementedError

    #: True when :meth:`proposals` may return something
    proposes = False

    def proposals(self, text: str, ctx: Context) -> Iterable[Change]:
        """Changes a reviewer should consider that the text alone does not justify making
        (``check`` reports them; ``fix`` leaves the text as it is)."""
        return ()

    def matches_selector(self, selectors: Iterable[str]) -> bool:
        """Whether a rule id or category in ``selectors`` names this fixer."""
        return any(s == self.id or s.upper() == self.category for s in selectors)
