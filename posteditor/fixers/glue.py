"""Glued tokens: words fused where MT or scraping lost a space.

"Vladimir Putininitially" (name + word), "NATOis" (acronym + word), "February 20White House"
(number + word), "announcedplans" (word + word), "saidBiden" (word + name), "FranceGermany"
(two names). Each split is decided on evidence, not shape alone:

- the whole token must not itself be a known word (wordfreq): FedEx, PlayStation, Robertson,
  Trumpism and Greenland are all known, so they stay;
- each part must be a frequent word (wordfreq Zipf frequency), a known name (the gazetteer
  under ``rules/<lang>/names/`` or the user's word list), or stand alone elsewhere in the
  same document;
- suffixes (UAVs, DJing, Brexiteers), units and ordinals (9am, 15kg, 22nd, 1980s), alphanumeric
  model names (A321XLR, RAV4, H1N1), tokens touching hyphens, dots, slashes, @ or # (URLs,
  e-mail addresses, hashtags, code), and the user's exception list are never split.

Wikipedia markup glued to words (``thumbrightMircea``) is deliberately left alone: the
MLQE-PE post-editors kept it as it was.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import regex

from .. import frequency
from .base import Change, Context, Example, Fixer

# A candidate token: letters and digits, not touching characters that make it part of a
# larger unit (URL, e-mail, hashtag, hyphenated or dotted name, code identifier).
_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}_@#/\\&.+=-])[\p{L}\p{N}]{4,}(?![\p{L}\p{N}\p{M}_@/\\=+-]|[.'’]?\p{L}|\.\d)"
)
_NUMBER_WORD = regex.compile(r"(\p{N}+)(\p{L}+)")
_ACRONYM_WORD = regex.compile(r"(\p{Lu}{2,})(\p{Lu}?\p{Ll}+)")
_NAME_WORD = regex.compile(r"\p{Lu}\p{Ll}{4,}")
_WORD_WORD = regex.compile(r"\p{Ll}{5,}")
_WORD_NAME = regex.compile(r"(\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})")
_NAME_NAME = regex.compile(r"(\p{Lu}\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})")
_LIST_NEIGHBOUR = regex.compile(r",\s*$|^\s*,")
# The shape a token must have for each kind of split: a cheap test before any lookup.
_SHAPES = {
    "number_word": _NUMBER_WORD,
    "acronym_word": _ACRONYM_WORD,
    "name_word": _NAME_WORD,
    "word_word": _WORD_WORD,
    "word_name": _WORD_NAME,
    "name_name": _NAME_NAME,
}


class _Settled:
    """What the six glue fixers of one lexicon have learnt for good: per kind, the decisions
    that read neither the document nor the text around the token; and the pieces of text
    (between spaces) in which no token can be split by any kind, whatever the document."""

    LIMIT = 200_000  # entries kept per table, so that memory stays bounded on endless input

    def __init__(self):
        self.decisions: dict[str, dict[str, object]] = {kind: {} for kind in _SHAPES}
        self.dead: set[str] = set()
        self._last: tuple[str, dict] = ("", {})
        self.any_live = lambda text: bool(self.live(text))  # one object: the family gate

    def live(self, text: str) -> dict[str, tuple]:
        """The candidate tokens of a text that some glue fixer may split, by the kind of
        split their shape allows: kind -> ((start, end, token, parts), ...), found once for
        the six fixers (which ask about the same text one after the other). A token whose
        decision is settled as 'stays whole' is left out.

        A space is never part of a candidate nor of what its look-arounds examine, so the
        text is read piece by piece between spaces, and a piece found dead is skipped from
        then on.
        """
        last_text, last = self._last
        if text is last_text or text == last_text:
            return last
        decisions, dead = self.decisions, self.dead
        pieces = text.split(" ")
        if dead.issuperset(pieces):
            self._last = (text, {})
            return {}
        found: dict[str, list] = {}
        offset = 0
        for piece in pieces:
            if piece not in dead:
                alive = False
                for start, end, token, shapes in _piece_candidates(piece):
                    for kind, parts in shapes:
                        if decisions[kind].get(token, True) is not None:
                            found.setdefault(kind, []).append((offset + start, offset + end, token, parts))
                            alive = True
                if not alive and len(dead) < self.LIMIT:
                    dead.add(piece)
            offset += len(piece) + 1
        live = {kind: tuple(v) for kind, v in found.items()}
        self._last = (text, live)
        return live


@functools.lru_cache(maxsize=16)
def _settled_for(lexicon_args: tuple) -> _Settled:
    return _Settled()


@functools.lru_cache(maxsize=100_000)
def _piece_candidates(piece: str) -> tuple:
    """(start, end, token, shapes) of each candidate token with a shape, in a space-free text."""
    out = []
    for m in _CANDIDATE.finditer(piece):
        shapes = _token_shapes(m.group())
        if shapes:
            out.append((m.start(), m.end(), m.group(), shapes))
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _token_shapes(token: str) -> tuple:
    """(kind, groups of the kind's shape) for every kind whose shape ``token`` has."""
    return tuple((kind, mm.groups()) for kind, shape in _SHAPES.items() if (mm := shape.fullmatch(token)))


class _Probe:
    """A context that records whether a decision read the document."""

    __slots__ = ("ctx", "used")

    def __init__(self, ctx: Context):
        self.ctx, self.used = ctx, False

    def has_word(self, word: str) -> bool:
        self.used = True
        return self.ctx.has_word(word)


# Endings that make a word of a name or an acronym rather than a second word.
SUFFIXES = frozenset(
    """s es ed ing ings er ers or ors ism isms ist ists ite ites ian ians an ans ese ic ics ish
    ness ment ments ity ities less ful ship ships dom hood land lands ville ton tons son sons
    berg burg stein ov ova ovs ev eva ovich evich ovna sky ski skaya enko yan yev yeva dze
    shvili ia ium al als ly like wise ward wards y ie ey i o a ee eer eers ette ettes
    gate phobia phobe mania ology ologist nomics""".split()
)
# Units, ordinals and other letter groups that legitimately follow a number.
UNITS = frozenset(
    """st nd rd th s am pm kg km mm cm m g mg ml l mph kph kmh kw kwh mw mwh gw gwh gb mb tb
    kb hz khz mhz ghz px pt k bn mn mln x fps bit bits min mins hr hrs sec secs yo ft lb lbs oz
    mpg yrs pcs ppm ppb bps kbps mbps gbps mah v w ah cc hp nm ton tons mt yen won yuan rub usd
    eur gbp tl azn uah""".split()
)

# Function words: glue across a phrase boundary has one on either side (inthe, announcedto).
STOPWORDS = frozenset(
    """a an the and or but of to in on at by for with from into about as than that this these
    those is are was were be been has have had will would can could should may might must do
    does did not no its his her their our your my he she it they we you who which what when
    where said says also after before over under between against during""".split()
)

# Function words that MT glues to a neighbour; not "no", "not", "can" (majorno, candid).
GLUE_WORDS = frozenset(
    "the a an and or of to in on at by for with from that this is was were are has have had said".split()
)
DETERMINERS = frozenset("the a an this that these those his her its their our".split())

COMMON = 4.0  # Zipf frequency of a word common enough to split off on its own evidence
KNOWN = 2.5  # Zipf frequency of a word or name known well enough as the other part


zipf = frequency.zipf  # wordfreq's Zipf frequency of an English word


class Lexicon:
    """What the glue fixer knows: word frequencies, names, places, exceptions."""

    def __init__(self, lang: str, exception_files: tuple[Path, ...], word_files: tuple[Path, ...]):
        self.lang = lang
        self._exception_files = exception_files
        self._word_files = word_files

    def _words(self, shipped: str, user_files: tuple[Path, ...]) -> frozenset[str]:
        """A shipped list under rules/<lang>/glue/ (if present) and the user's files."""
        from ..rules import _read_list, shipped_rules_dir

        path = shipped_rules_dir() / self.lang / "glue" / shipped
        files = ((path,) if path.exists() else ()) + tuple(user_files)
        return frozenset(w for f in files for w in _read_list(Path(f)))

    @functools.cached_property
    def exceptions(self) -> frozenset[str]:
        return self._words("exceptions.txt", self._exception_files)

    @functools.cached_property
    def user_words(self) -> frozenset[str]:
        return self._words("words.txt", self._word_files)

    @functools.cached_property
    def names(self) -> frozenset[str]:
        from .. import gazetteer

        return gazetteer.name_tokens(self.lang) | self.user_words

    @functools.cached_property
    def places(self) -> frozenset[str]:
        from .. import gazetteer

        return gazetteer.place_names(self.lang)

    @functools.cached_property
    def surnames(self) -> frozenset[str]:
        """Last words of known people's names, places, organisations, the user's words."""
        from .. import gazetteer

        return gazetteer.surnames(self.lang) | self.places | self.user_words

    def is_name(self, token: str, ctx: Context) -> bool:
        return token in self.names or ctx.has_word(token)

    def known_word(self, token: str) -> bool:
        return zipf(token) > 0 or token in self.exceptions


@functools.lru_cache(maxsize=16)
def lexicon(lang: str, exception_files: tuple[Path, ...], word_files: tuple[Path, ...]) -> Lexicon:
    return Lexicon(lang, exception_files, word_files)


def _word_part_ok(word: str, threshold: float) -> bool:
    return len(word) >= 2 and word.lower() not in SUFFIXES and zipf(word) >= threshold


@dataclass(frozen=True, eq=False)
class GluedTokens(Fixer):
    """Split one kind of glued token; ``kind`` picks which (see the module docstring)."""

    kind: str = ""
    lexicon_args: tuple = ("en", (), ())

    @property
    def lexicon(self) -> Lexicon:
        return lexicon(*self.lexicon_args)

    @functools.cached_property
    def _settled(self) -> _Settled:
        return _settled_for(self.lexicon_args)

    def gate(self, text: str) -> bool:
        """Whether the text has a token of this kind not already known to stay whole."""
        return self.kind in self._settled.live(text)

    @property
    def family_gate(self):
        """Whether the text has a token any of the six glue fixers may split (one object
        for the six, which is what makes them a family)."""
        return self._settled.any_live

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        settled = self._settled
        shaped = settled.live(text).get(self.kind)
        if not shaped:
            return
        split = getattr(self, "_split_" + self.kind)
        lex = self.lexicon
        decisions = settled.decisions[self.kind]
        for start, end, token, parts in shaped:
            result = decisions.get(token, decisions)
            if result is decisions:
                if token in lex.exceptions:
                    decisions[token] = None
                    continue
                probe = _Probe(ctx)
                result = split(token, parts, lex, probe, text, start, end)
                if not probe.used and self.kind != "name_name" and len(decisions) < settled.LIMIT:
                    decisions[token] = result
            if result:
                after, why = result
                yield Change(start, end, after, why)

    # Each _split_* gets the token, the groups of its match of the kind's shape (_SHAPES), the
    # lexicon, the context, the text and the token's span; it returns (replacement, reason) or
    # None. Only _split_name_name looks at the text around the token.

    def _split_number_word(self, token, parts, lex, ctx, text, start, end):
        number, word = parts
        if len(word) < 3 or word.lower() in UNITS or word.isupper() or (word.islower() and len(word) < 4):
            return None
        if not (word.islower() or (word[0].isupper() and word[1:].islower())):
            return None
        if not _word_part_ok(word, 3.0) and not lex.is_name(word, ctx):
            return None
        return f"{number} {word}", f"number {number!r} glued to the word {word!r}"

    def _split_acronym_word(self, token, parts, lex, ctx, text, start, end):
        if lex.known_word(token):
            return None
        acronym, word = parts
        # Lower case after an acronym: only a function word (NATOis, OPECwill), since
        # brands join acronyms to ordinary words (JBpress, PCmag).
        if word.islower() and (word not in STOPWORDS or len(acronym) + len(word) < 5):
            return None
        if word[0].isupper() and not (_word_part_ok(word, COMMON) or lex.is_name(word, ctx)):
            return None
        return f"{acronym} {word}", f"acronym {acronym!r} glued to the word {word!r}"

    def _split_name_word(self, token, parts, lex, ctx, text, start, end):
        if lex.known_word(token):
            return None
        best = None
        for i in range(4, len(token) - 1):
            name, word = token[:i], token[i:]
            # Short endings are more often inflections of a foreign name (Parisul, Pretoriana)
            # than English words: only function words (Donetskis) may be that short.
            if not _word_part_ok(word, 3.5) or (len(word) < 3 and word not in STOPWORDS):
                continue
            # A name from the gazetteer or the user's list needs a common word after it; a
            # name only seen standing alone in this document needs a function word (and, is,
            # said) and must not be an ordinary word itself, since unknown proper nouns and
            # brands are everywhere (Mazepin, Formbook, Easyhome, Futurestore).
            if name in lex.surnames:
                if zipf(word) < 3.5:
                    continue
            elif not (word in STOPWORDS and zipf(name) < COMMON and ctx.has_word(name)):
                continue
            score = zipf(word)
            if best is None or score > best[0]:
                best = (score, name, word)
        if best is None:
            return None
        _, name, word = best
        return f"{name} {word}", f"name {name!r} glued to the word {word!r}"

    def _split_word_word(self, token, parts, lex, ctx, text, start, end):
        whole = zipf(token)
        best = None
        for i in range(2, len(token) - 1):
            left, right = token[:i], token[i:]
            if right in SUFFIXES or left in SUFFIXES:
                continue
            # A function word before a determiner (ofthe, inthe) is glue even though web text
            # has such tokens often enough for wordfreq to list them; pairs of other function
            # words make real words (within, whereas, candid, whatnot).
            if left in STOPWORDS and right in DETERMINERS:
                if whole >= 3.5:
                    continue
            elif whole > 0 or len(token) < 7:
                continue
            # Compounds (camerawomen, sideloaded) join two content words; glue left by MT
            # joins across a phrase: a function word on one side, or an inflected verb.
            if not (left in GLUE_WORDS or right in GLUE_WORDS or (left.endswith("ed") and len(left) >= 5)):
                continue
            lz, rz = zipf(left), zipf(right)
            if lz >= COMMON and rz >= COMMON:
                score = min(lz, rz)
                if best is None or score > best[0]:
                    best = (score, left, right)
        if best is None:
            return None
        _, left, right = best
        return f"{left} {right}", f"{left!r} and {right!r} run together"

    def _split_word_name(self, token, parts, lex, ctx, text, start, end):
        if lex.known_word(token):
            return None
        word, name = parts
        if zipf(word) < COMMON or word in SUFFIXES or (len(word) < 3 and word not in STOPWORDS):
            return None
        if not (name in lex.names or name in lex.places or ctx.has_word(name)):
            return None
        return f"{word} {name}", f"the word {word!r} glued to the name {name!r}"

    def _split_name_name(self, token, parts, lex, ctx, text, start, end):
        if lex.known_word(token):
            return None
        left, right = parts
        in_list = _LIST_NEIGHBOUR.search(text[:start]) or _LIST_NEIGHBOUR.search(text[end:])
        known = all(p in lex.places or p in lex.surnames for p in (left, right))
        # Inside a list, two names each standing alone elsewhere in the document will do,
        # unless they are ordinary words (Pro, Control).
        attested = in_list and all(ctx.has_word(p) and zipf(p) < COMMON for p in (left, right))
        if not (known or attested):
            return None
        sep = ", " if in_list else " "
        return f"{left}{sep}{right}", f"names {left!r} and {right!r} run together"


def fixers(config) -> list[Fixer]:
    if config.lang != "en":
        return []
    from ..errors import InputError

    for path in (*config.glue_exceptions, *config.glue_words):
        if not Path(path).is_file():
            raise InputError("word list not found", path)
    args = (config.lang, tuple(config.glue_exceptions), tuple(config.glue_words))
    spec = [
        ("EN_GLUED_NAME_WORD", "name_word", "A name glued to the next word is split (Putininitially)", (
            Example("Vladimir Putininitially agreed", "Vladimir Putin initially agreed"),
            Example("Antony Blinkenand Russian Foreign Minister", "Antony Blinken and Russian Foreign Minister"),
            Example("Robertson, Greenland, Newfoundland, Trumpism, Reaganomics, Brexiteers and Parisians"),
            Example("Manchin and Cornyn met Johnstone."),
        )),
        ("EN_GLUED_ACRONYM", "acronym_word", "An acronym glued to the next word is split (NATOis)", (
            Example("The Kremlin says NATOis trying", "The Kremlin says NATO is trying"),
            Example("OPECwill meet", "OPEC will meet"),
            Example("UAVs, IDPs, ATMs, ICBMs and the UN's budget"),
            Example("DJing and GOPers"),
        )),
        ("EN_GLUED_NUMBER_WORD", "number_word", "A number glued to the next word is split (20White)", (
            Example("February 20White House", "February 20 White House"),
            Example("Psaki February 20noted", "Psaki February 20 noted"),
            Example("9am, 6pm, 15kg, 40mph, 4th, 22nd, 1980s, 4G, 3D, 7Up"),
        )),
        ("EN_GLUED_WORDS", "word_word", "Two frequent words run together are split (announcedplans)", (
            Example("The ministry announcedplans to", "The ministry announced plans to"),
            Example("counteroffensive, nonetheless, whereabouts, stakeholders, cyberattack"),
        )),
        ("EN_GLUED_WORD_NAME", "word_name", "A word glued to the next name is split (saidBiden)", (
            Example("as saidBiden on Monday", "as said Biden on Monday"),
            Example("iPad, eBay, macOS, thumbrightMircea, jQuery"),
        )),
        ("EN_GLUED_NAMES", "name_name", "Two names run together are split, with a comma inside a list", (
            Example("Britain, FranceGermany, Canada", "Britain, France, Germany, Canada"),
            Example("talks in FranceGermany today", "talks in France Germany today"),
            Example("FedEx, PlayStation, SoftBank, DreamWorks, HarperCollins, MasterCard, YouGov"),
            Example("McKinsey, DeVos, LaGuardia, DuPont, MacKenzie, DiMaggio, WhatsApp"),
        )),
    ]
    return [
        GluedTokens(
            id=rule_id,
            category="GLUE",
            description=description,
            examples=examples,
            origin=__name__,
            uses_context=True,
            kind=kind,
            lexicon_args=args,
        )
        for rule_id, kind, description, examples in spec
    ]
