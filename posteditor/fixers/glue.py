"""Glued tokens: words fused where MT or scraping lost a space.

"Vladimir Putininitially" (name + word), "NATOis" (acronym + word), "February 20White House"
(number + word), "announcedplans" (word + word), "saidBiden" (word + name), "FranceGermany"
(two names). A split must be better English than the token it replaces, and a token that
looks like a word or a name of its own is left alone unless the text around it proves the
join. Each split is decided in two steps:

1. **The token alone** (:func:`splits`, the same answer wherever the token stands): it must
   not be a known word (wordfreq) nor on the exception list, nor a token the rules never
   split (suffixes such as UAVs or Brexiteers, units and ordinals such as 9am, 22nd, 1980s,
   alphanumeric model names, tokens touching hyphens, dots, slashes, @ or #); its parts must
   be of the right kinds (a known name, a frequent word, a function word).
2. **The words around it** (:meth:`GluedTokens.find`): a function word split off must fit the
   word that follows it, by an English bigram list (symspellpy's, from web text: "and the",
   "is trying"); a content word split off a name must be long and common (a proper noun rarely
   ends in "initially"); a name split off must be a listed name or stand alone elsewhere in
   the document; and a token that the document itself repeats is one of its words, not an
   accident of scraping.

Words that look like glue but are names ("Laoshan", "Dudarev", "Changhe") thus stay whole:
"han", "rev" and "he" are not words that end a glued name before "District", "," or "Scenic".
Wikipedia markup glued to words (``thumbrightMircea``) is deliberately left alone: the
MLQE-PE post-editors kept it as it was.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

import regex

from ..knowledge import frequency
from .base import Change, Context, Example, Fixer

# A candidate token: letters and digits, not touching characters that make it part of a
# larger unit (URL, e-mail, hashtag, hyphenated or dotted name, code identifier).
# Longer than MAX_TOKEN it is no glued pair of words but a code, a hash or a run of letters,
# and trying every split of it would cost its length in look-ups.
MAX_TOKEN = 40
_CANDIDATE = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}_@#/\\&.+=-])[\p{L}\p{N}]{4,%d}(?![\p{L}\p{N}\p{M}_@/\\=+-]|[.'’]?\p{L}|\.\d)" % MAX_TOKEN
)
# The shape a token must have for each kind of split.
_SHAPES = {
    "number_word": regex.compile(r"(\p{N}+)(\p{L}+)"),
    "acronym_word": regex.compile(r"(\p{Lu}{2,})(\p{Lu}?\p{Ll}+)"),
    "name_word": regex.compile(r"\p{Lu}\p{Ll}{4,}"),
    "word_word": regex.compile(r"\p{Lu}?\p{Ll}{4,}"),
    "word_name": regex.compile(r"(\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})"),
    "name_name": regex.compile(r"(\p{Lu}\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})"),
}
_LIST_NEIGHBOUR = regex.compile(r",\s*$|^\s*,")
_NEXT_WORD = regex.compile(r"[ \t]+([\p{L}\p{N}][\p{L}\p{N}'’-]*)")
_GIVEN_NAME_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+[ \t]+$")

# Endings that make a word of a name or an acronym rather than a second word.
SUFFIXES = frozenset(
    """s es ed ing ings er ers or ors ism isms ist ists ite ites ian ians an ans ese ic ics ish
    ness ment ments ity ities less ful ship ships dom hood land lands ville ton tons son sons
    berg burg stein ov ova ovs ev eva ovich evich ovna sky ski skaya enko yan yev yeva dze
    shvili ia ium al als ly like wise ward wards y ie ey i o a ee eer eers ette ettes
    gate phobia phobe mania ology ologist nomics""".split()
)
# Word-forming prefixes that are also names or brands (Meta, Euro, Hyper): a token that
# begins with one is a compound (Metagalaxy, Eurobonds), not a name glued to a word.
PREFIXES = frozenset(
    """meta micro macro mega multi inter trans super hyper cyber euro tele auto nano ultra poly
    mono semi post para photo agro techno petro electro astro aero hydro thermo intra extra
    omni retro neuro""".split()
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
# Words that MT glues to the name before them, besides GLUE_WORDS: auxiliaries and reporting
# verbs, which then must fit the next word as a function word must ("Peskovsaid that").
AFTER_NAMES = GLUE_WORDS | frozenset(
    "will would also can could should may must did does who which met told says noted added stated urged warned".split()
)
# Function words that may stand before a capitalised word (a name) in English: "and Russian",
# "in Geneva", "said Biden". A pronoun such as "he" may not ("he Scenic" is no English).
BEFORE_NAMES = frozenset(
    """and or of to in on at by for with from that is was were are has have had said the a an this
    met told urged warned""".split()
)
# Capitalised words that begin a sentence or a clause, glued to the word before them where a
# headline or a link ran into the text after it ("GenevaThe president").
SENTENCE_STARTERS = frozenset(
    """The A An In On At It He She They We This That These Those But And As For According After
    Before However Meanwhile Earlier Later Officials Police""".split()
)

# Titles that stand before a name ("Health MinisterKhumbize ..." lost its space).
TITLES = frozenset(
    """Minister President Premier Secretary Chairman Chairwoman Governor Mayor Ambassador Spokesman
    Spokeswoman Spokesperson Director Chancellor Senator Deputy General Admiral Colonel""".split()
)

COMMON = 4.0  # Zipf frequency of a word common enough to split off on its own evidence
ORDINARY = 5.0  # Zipf frequency of an everyday word (new, will, mark), which a listed name may also be
# frequency.association of a function word and the next word, below which the pair is no
# English ("Shah is have": -0.6; "at is": 0.3; grammatical pairs score 4 and more).
MIN_ASSOCIATION = 2.0
LONG_WORD = 6  # letters of a content word that may be split off a name without a function word


zipf = frequency.zipf  # wordfreq's Zipf frequency of an English word


class Lexicon:
    """What the glue fixer knows: word frequencies, names, places, exceptions."""

    def __init__(self, lang: str, exception_files: tuple[Path, ...], word_files: tuple[Path, ...]):
        self.lang = lang
        self._exception_files = exception_files
        self._word_files = word_files

    def _words(self, shipped: str, user_files: tuple[Path, ...]) -> frozenset[str]:
        """A shipped list under rules/<lang>/glue/ (if present) and the user's files."""
        from ..knowledge.shipped import read_list, shipped_rules_dir

        path = shipped_rules_dir() / self.lang / "glue" / shipped
        files = ((path,) if path.exists() else ()) + tuple(user_files)
        return frozenset(w for f in files for w in read_list(Path(f)))

    @functools.cached_property
    def exceptions(self) -> frozenset[str]:
        return self._words("exceptions.txt", self._exception_files)

    @functools.cached_property
    def user_words(self) -> frozenset[str]:
        return self._words("words.txt", self._word_files)

    @functools.cached_property
    def names(self) -> frozenset[str]:
        from ..knowledge import gazetteer

        return gazetteer.name_tokens(self.lang) | self.user_words

    @functools.cached_property
    def places(self) -> frozenset[str]:
        from ..knowledge import gazetteer

        return gazetteer.place_names(self.lang)

    @functools.cached_property
    def surnames(self) -> frozenset[str]:
        """Last words of known people's names, places, organisations, the user's words."""
        from ..knowledge import gazetteer

        return gazetteer.surnames(self.lang) | self.places | self.user_words

    def known_word(self, token: str) -> bool:
        return zipf(token) > 0 or token in self.exceptions


@functools.lru_cache(maxsize=16)
def lexicon(lang: str, exception_files: tuple[Path, ...], word_files: tuple[Path, ...]) -> Lexicon:
    return Lexicon(lang, exception_files, word_files)


class Split(NamedTuple):
    """One way to split a token, as far as the token alone can say.

    ``after`` replaces the token; ``need`` says what the text around it must show:
    ``"next"`` (the function word ``right`` must fit the next word), ``"name"`` (``left`` must
    be a listed name or stand alone in the document), ``"list"`` (two names: inside a list,
    or both listed), ``"given"`` (a capitalised word, a given name, just before the token)
    or ``""`` (nothing more)."""

    after: str
    left: str
    right: str
    need: str
    message: str
    score: float


def _word_part_ok(word: str, threshold: float) -> bool:
    return len(word) >= 2 and word.lower() not in SUFFIXES and zipf(word) >= threshold


def _fits_next(word: str, following: Optional[str]) -> bool:
    """Whether the function word ``word`` can stand before ``following`` in English: the pair
    is associated in web text (:func:`frequency.association`), or ``following`` is a
    capitalised word after a function word that may precede a name."""
    if not following:
        return False
    w = word.lower()
    if following[:1].isupper() and w in BEFORE_NAMES and not following.isupper():
        return True
    # Seen together, and more often than chance: web text has "is have" and "at is" too.
    score = frequency.association(w, following.lower())
    return score is not None and score >= MIN_ASSOCIATION


def _number_word(token: str, lex: Lexicon) -> tuple[Split, ...]:
    number, word = _SHAPES["number_word"].fullmatch(token).groups()
    if len(word) < 3 or word.lower() in UNITS or word.isupper() or (word.islower() and len(word) < 4):
        return ()
    if not (word.islower() or (word[0].isupper() and word[1:].islower())):
        return ()
    if (len(number) == 1 and word[0].isupper() and word not in SENTENCE_STARTERS
            and not (len(word) >= 4 and word in lex.names)):
        return ()  # one digit before a capitalised word names a product: 3Gen, 4Runner, 7Up
    if _word_part_ok(word, 3.0):
        need = ""
    elif word in lex.names:
        need = ""
    else:
        return ()
    return (Split(f"{number} {word}", number, word, need, f"number {number!r} glued to the word {word!r}", 0.0),)


def _acronym_word(token: str, lex: Lexicon) -> tuple[Split, ...]:
    if lex.known_word(token):
        return ()
    acronym, word = _SHAPES["acronym_word"].fullmatch(token).groups()
    message = f"acronym {acronym!r} glued to the word {word!r}"
    # Lower case after an acronym: only a function word that fits what follows (NATOis
    # trying, OPECwill meet), since brands join acronyms to ordinary words (JBpress, PCmag,
    # WPScan).
    if word.islower():
        if word in AFTER_NAMES and len(acronym) + len(word) >= 5:
            return (Split(f"{acronym} {word}", acronym, word, "next", message, 0.0),)
        return ()
    if _word_part_ok(word, COMMON) or word in lex.names:
        return (Split(f"{acronym} {word}", acronym, word, "", message, 0.0),)
    return ()


def _name_word(token: str, lex: Lexicon) -> tuple[Split, ...]:
    if lex.known_word(token):
        return ()
    out = []
    for i in range(4, len(token) - 1):
        name, word = token[:i], token[i:]
        listed = name in lex.surnames or name in lex.names
        # An everyday word is no name, listed or not ("New" of New York: "Newswitch").
        if word in SUFFIXES or name.lower() in PREFIXES or zipf(name) >= (ORDINARY if listed else COMMON):
            continue
        if word in AFTER_NAMES:
            # "Blinkenand Russian": a function word, which must fit the next word.
            need = "next"
        elif len(word) >= LONG_WORD and zipf(word) >= COMMON:
            # "Putininitially": a person's surname seldom ends in a long, common word; a
            # given name or a brand often does (Carltheater), so those must stand alone
            # elsewhere in the document too.
            need = "" if name in lex.surnames else "name"
        else:
            continue
        if not listed and need != "name":
            need = need + "+name" if need else "name"
        out.append(Split(f"{name} {word}", name, word, need,
                         f"name {name!r} glued to the word {word!r}", zipf(word) + (1 if listed else 0)))
    return tuple(sorted(out, key=lambda s: -s.score))


def _word_word(token: str, lex: Lexicon) -> tuple[Split, ...]:
    whole = zipf(token)
    out = []
    for i in range(2, len(token) - 1):
        left, right = token[:i], token[i:]
        into_determiner = _into_determiner(left, right)
        if token[0].isupper() and not into_determiner:
            continue  # capitalised: only a sentence's first function word glued on ("Inthe morning")
        if right in SUFFIXES or left in SUFFIXES:
            continue
        # A function word before a determiner (ofthe, inthe) is glue even though web text
        # has such tokens often enough for wordfreq to list them; pairs of other function
        # words make real words (within, whereas, candid, whatnot).
        if into_determiner:
            if whole >= 3.5:
                continue
        elif whole > 0 or len(token) < 7:
            continue
        # Compounds (camerawomen, sideloaded) join two content words; glue left by MT
        # joins across a phrase: a function word on one side, or an inflected verb. And the
        # two words must make an English bigram ("announced plans"; "the rapist" is none).
        if not (left in GLUE_WORDS or right in GLUE_WORDS or (left.endswith("ed") and len(left) >= 5)):
            continue
        lz, rz = zipf(left), zipf(right)
        # A verb in -ed before a function word need only be a word ("affirmedthat"): the
        # function word must fit the next word too.
        left_floor = 3.0 if whole == 0 and right in GLUE_WORDS and left.endswith("ed") else COMMON
        if lz >= left_floor and rz >= COMMON and frequency.bigram(left.lower(), right) > 0:
            # A function word split off the end must also go with the word after it
            # ("experimentis" in a Latin title is followed by none).
            need = "next" if right in GLUE_WORDS else ""
            out.append(Split(f"{left} {right}", left, right, need, f"{left!r} and {right!r} run together", min(lz, rz)))
    return tuple(sorted(out, key=lambda s: -s.score))


def _word_name(token: str, lex: Lexicon) -> tuple[Split, ...]:
    word, name = _SHAPES["word_name"].fullmatch(token).groups()
    # A token that is a word is left; but web text has "outthe" often enough for wordfreq to
    # list it, and a word that begins a sentence inside a token ("outThe") makes none.
    ceiling = 3.0 if name in SENTENCE_STARTERS else 0.0
    if token in lex.exceptions or zipf(token) > ceiling:
        return ()
    if zipf(word) < COMMON or word in SUFFIXES or (len(word) < 3 and word not in STOPWORDS):
        return ()
    message = f"the word {word!r} glued to the name {name!r}"
    if name in SENTENCE_STARTERS:
        # "GenevaThe president", "endedThe talks": a sentence ran into the word before it.
        return (Split(f"{word} {name}", word, name, "", f"the word {word!r} glued to {name!r}, which begins a sentence",
                      0.0),)
    if len(name) < 3:
        return ()
    if name in lex.names or name in lex.places:
        return (Split(f"{word} {name}", word, name, "", message, 0.0),)
    return (Split(f"{word} {name}", word, name, "name-right", message, 0.0),)


def _name_name(token: str, lex: Lexicon) -> tuple[Split, ...]:
    if lex.known_word(token):
        return ()
    left, right = _SHAPES["name_name"].fullmatch(token).groups()
    message = f"names {left!r} and {right!r} run together"
    if left in TITLES:
        # "MinisterPham": a title glued to the name after it.
        return (Split(f"{left} {right}", left, right, "", f"the title {left!r} glued to the name {right!r}", 0.0),)
    if (right in TITLES or right == "Vice") and zipf(left) < COMMON:
        # "Flavio DinoMinister of Justice": a surname glued to the title after it, after a
        # given name (a word is no name: "HealthMinister" is left; nor is markup at the start
        # of a line).
        return (Split(f"{left} {right}", left, right, "given", f"the name {left!r} glued to the title {right!r}", 0.0),)
    if right in SENTENCE_STARTERS and (left in lex.surnames or left in lex.names):
        return (Split(f"{left} {right}", left, right, "", f"the name {left!r} glued to {right!r}, which begins a sentence",
                      0.0),)
    return (Split(f"{left}{{sep}}{right}", left, right, "list", message, 0.0),)


_SPLITTERS = {
    "number_word": _number_word,
    "acronym_word": _acronym_word,
    "name_word": _name_word,
    "word_word": _word_word,
    "word_name": _word_name,
    "name_name": _name_name,
}


def splits(token: str, kind: str, lexicon_args: tuple) -> tuple[Split, ...]:
    """The splits of ``token`` of one kind that the token alone allows, best first (a pure
    function of the token: :func:`token_splits` keeps them)."""
    shape = _SHAPES[kind]
    lex = lexicon(*lexicon_args)
    if not shape.fullmatch(token) or token in lex.exceptions:
        return ()
    return _SPLITTERS[kind](token, lex)


@functools.lru_cache(maxsize=10_000)
def candidates(text: str, lexicon_args: tuple) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, token, kind) of every token in ``text`` that some kind may split: the
    family gate of the six glue fixers, and what each of them reads."""
    out = []
    for m in _CANDIDATE.finditer(text):
        token = m.group()
        for kind, _ in token_splits(token, lexicon_args):
            out.append((m.start(), m.end(), token, kind))
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def token_splits(token: str, lexicon_args: tuple) -> tuple[tuple[str, tuple[Split, ...]], ...]:
    """(kind, splits) for each kind of split that ``token`` alone allows (only the kinds whose
    shape can begin as the token does are asked): a pure function of the token, cached."""
    first = token[0]
    kinds = _NUMBER_KINDS if first.isnumeric() else _UPPER_KINDS if first.isupper() else _LOWER_KINDS
    out = []
    for kind in kinds:
        found = splits(token, kind, lexicon_args)
        if found:
            out.append((kind, found))
    return tuple(out)


_NUMBER_KINDS = ("number_word",)
_UPPER_KINDS = ("acronym_word", "name_word", "name_name", "word_word")
_LOWER_KINDS = ("word_word", "word_name")


@dataclass(frozen=True, eq=False)
class GluedTokens(Fixer):
    """Split one kind of glued token; ``kind`` picks which (see the module docstring)."""

    kind: str = ""
    lexicon_args: tuple = ("en", (), ())

    @property
    def lexicon(self) -> Lexicon:
        return lexicon(*self.lexicon_args)

    def gate(self, text: str) -> bool:
        """Whether the text has a token that this kind may split."""
        return any(kind == self.kind for _, _, _, kind in candidates(text, self.lexicon_args))

    @property
    def family_gate(self):
        """Whether the text has a token any of the six glue fixers may split (one object
        for the six, which is what makes them a family)."""
        return _family_gate(self.lexicon_args)

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        lex = self.lexicon
        for start, end, token, kind in candidates(text, self.lexicon_args):
            if kind != self.kind:
                continue
            if not _function_pair(token) and ctx.word_count(token) > 1:
                continue  # the document uses the token as a word of its own
            if kind == "word_word" and token[0].isupper() and text[:start].rstrip()[-1:] not in ("", *_SENTENCE_ENDS):
                continue  # "Inthe" begins a sentence; inside one it is a name
            for split in dict(token_splits(token, self.lexicon_args))[kind]:
                found = _confirmed(split, lex, ctx, text, start, end)
                if found is not None:
                    yield Change(start, end, *found)
                    break


_SENTENCE_ENDS = tuple('.!?:;"“”»')


def _into_determiner(left: str, right: str) -> bool:
    """Whether ``left`` is a function word and ``right`` a determiner ("of" + "the")."""
    return left.lower() in STOPWORDS and right in DETERMINERS


def _function_pair(token: str) -> bool:
    """Whether ``token`` is a function word run into a determiner ("ofthe", "Inthe"), which
    no document uses as a word however often MT repeats it."""
    return any(_into_determiner(token[:i], token[i:]) for i in range(1, len(token)))


def _confirmed(split: Split, lex: Lexicon, ctx: Context, text: str, start: int, end: int) -> Optional[tuple[str, str]]:
    """(replacement, reason) where the text around the token confirms ``split``, else None."""
    after, message = split.after, split.message
    need = split.need
    if "name" in need.split("+"):
        # A name not in the gazetteer must stand alone elsewhere in the document and be no
        # ordinary word itself.
        if not (ctx.has_word(split.left) and zipf(split.left) < COMMON):
            return None
        message += f"; {split.left!r} stands alone elsewhere in the document"
    if need == "given":
        if not _GIVEN_NAME_BEFORE.search(text, 0, start):
            return None
        message += "; a given name stands before it"
    if need == "name-right":
        if not (ctx.has_word(split.right) and zipf(split.right) < COMMON):
            return None
        message += f"; {split.right!r} stands alone elsewhere in the document"
    if "next" in need.split("+"):
        m = _NEXT_WORD.match(text, end)
        following = m.group(1) if m else None
        if not _fits_next(split.right, following):
            return None
        message += f"; {split.right!r} fits the next word {following!r}"
    if need == "list":
        in_list = _LIST_NEIGHBOUR.search(text[:start]) or _LIST_NEIGHBOUR.search(text[end:])
        known = all(p in lex.places or p in lex.surnames for p in (split.left, split.right))
        # Inside a list, two names each standing alone elsewhere in the document will do,
        # unless they are ordinary words (Pro, Control).
        attested = in_list and all(ctx.has_word(p) and zipf(p) < COMMON for p in (split.left, split.right))
        if not (known or attested):
            return None
        after = after.replace("{sep}", ", " if in_list else " ")
    return after, message


@functools.lru_cache(maxsize=16)
def _family_gate(lexicon_args: tuple):
    return lambda text: bool(candidates(text, lexicon_args))


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
            Example("the Laoshan District, the Dixia Changhe Scenic Area and Aleksandr Dudarev, who came second"),
        )),
        ("EN_GLUED_ACRONYM", "acronym_word", "An acronym glued to the next word is split (NATOis)", (
            Example("The Kremlin says NATOis trying", "The Kremlin says NATO is trying"),
            Example("OPECwill meet", "OPEC will meet"),
            Example("UAVs, IDPs, ATMs, ICBMs and the UN's budget"),
            Example("DJing and GOPers"),
            Example('He ran "WPScan", a scanner.'),
        )),
        ("EN_GLUED_NUMBER_WORD", "number_word", "A number glued to the next word is split (20White)", (
            Example("February 20White House", "February 20 White House"),
            Example("Psaki February 20noted", "Psaki February 20 noted"),
            Example("9am, 6pm, 15kg, 40mph, 4th, 22nd, 1980s, 4G, 3D, 7Up"),
            Example("a 3Gen flat, a 4Runner and a 5Star hotel"),
            Example("on March 5The minister said", "on March 5 The minister said"),
        )),
        ("EN_GLUED_WORDS", "word_word", "Two frequent words run together are split (announcedplans)", (
            Example("The ministry announcedplans to", "The ministry announced plans to"),
            Example("counteroffensive, nonetheless, whereabouts, stakeholders, cyberattack, therapist"),
        )),
        ("EN_GLUED_WORD_NAME", "word_name", "A word glued to the next name is split (saidBiden)", (
            Example("as saidBiden on Monday", "as said Biden on Monday"),
            Example("the talks endedThe minister left", "the talks ended The minister left"),
            Example("iPad, eBay, macOS, thumbrightMircea, jQuery"),
        )),
        ("EN_GLUED_NAMES", "name_name", "Two names run together are split, with a comma inside a list", (
            Example("Britain, FranceGermany, Canada", "Britain, France, Germany, Canada"),
            Example("Health MinisterKhumbize Chiponda said", "Health Minister Khumbize Chiponda said"),
            Example("talks with Rafael DantasMinister of Justice", "talks with Rafael Dantas Minister of Justice"),
            Example("the new HealthMinister app and the PrimeMinister podcast"),
            Example("PisiGeneral of the army"),
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
