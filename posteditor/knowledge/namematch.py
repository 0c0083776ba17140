"""Name knowledge for the name fixer: the gazetteer's people and the user's glossaries, a
transliteration-aware phonetic key, and an index to find the entry a mangled name is close to.

Glossaries (``--glossary``, repeatable, or ``glossaries`` in a config file):

- TSV or CSV with two columns, ``variant<TAB>canonical``: the variant is corrected to the
  canonical form (user entries win over shipped ones);
- one column: canonical names, protected and used as targets for fuzzy matching;
- TBX termbases (read with translate-toolkit): in each entry, the first English term is
  canonical, other English terms are accepted variants, terms in other languages are
  spellings to correct (a name left in its source-language spelling).

>>> phonetic_key("Zhozep"), phonetic_key("Josep")
('josep', 'josep')
>>> phonetic_key("Sholts") == phonetic_key("Scholz")
True
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import regex

from ..errors import InputError

# Ordered: longer clusters first. c/ch/j/dzh, ay/ai/i, k/c, ts/z, sh/sch, ey/ei, y/i, v/w ...
_SUBSTITUTIONS = [
    ("dzh", "j"), ("tch", "j"), ("sch", "s"), ("zh", "j"), ("dj", "j"), ("ch", "j"), ("sh", "s"),
    ("kh", "h"), ("gh", "g"), ("th", "t"), ("ph", "f"), ("dh", "d"), ("bh", "b"), ("ts", "s"), ("tz", "s"), ("ck", "k"),
    ("qu", "kv"), ("x", "ks"), ("q", "k"), ("c", "k"), ("z", "s"), ("w", "v"), ("y", "i"),
    ("ai", "i"), ("ei", "i"), ("ii", "i"), ("ie", "i"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
]
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’.-]*")
_VOWELS = set("aeiou")


_NON_ALPHA = regex.compile(r"[^a-z]")
_Y_BETWEEN_VOWELS = regex.compile(r"(?<=[aeiou])y(?=[aeiou])")
_H_AFTER_VOWEL = regex.compile(r"(?<=[aeiou])h(?![aeiou])")
_DOUBLED = regex.compile(r"(.)\1+")
_Y_ENDING = regex.compile(r"(?:iy|ey|ei|ii|yi|yy|ij)$")
_YA_ENDING = regex.compile(r"(?:ija|iya|ya|ia)$")
_J_BEFORE_VOWEL = regex.compile(r"(?<=[a-z])j(?=[aeiou])")
_Y_AFTER_VOWEL = regex.compile(r"(?<=[aeou])y(?=[^aeiouy])")


@functools.lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower case without diacritics: 'Çavuşoğlu' -> 'cavusoglu'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return out.replace("ı", "i").replace("ə", "a").replace("ß", "ss").replace("’", "'")


def _key_of(s: str) -> str:
    if s.startswith("y"):
        s = "j" + s[1:]  # Yens/Jens, Yevgeny/Jevgenij
    s = _Y_BETWEEN_VOWELS.sub("", s)  # Tokayev/Tokaev
    for a, b in _SUBSTITUTIONS:
        s = s.replace(a, b)
    s = _H_AFTER_VOWEL.sub("", s)  # Orbahn/Orban
    s = _DOUBLED.sub(r"\1", s)  # doubled letters: Borrell/Borrel, Kassym/Kasim
    if len(s) > 2 and s[-1] in "eh" and s[-2] not in _VOWELS:
        s = s[:-1]
    if len(s) > 1 and s.endswith("e"):
        s = s[:-1]  # Joe -> jo
    return s


@functools.lru_cache(maxsize=100_000)
def phonetic_key(token: str) -> str:
    """A key on which transliterations of one name agree (Cho/Joe, Tokaev/Tokayev)."""
    return _key_of(_NON_ALPHA.sub("", fold(token)))


@functools.lru_cache(maxsize=100_000)
def phonetic_keys(token: str) -> frozenset[str]:
    """The keys of every reading of the letters that languages read differently: c is k in
    English and j in Turkish and Azerbaijani (Recep/Rejep, Co/Joe); j is y in German and
    the Slavic languages (Jens/Yens, Benjamin/Benyamin)."""
    s = _NON_ALPHA.sub("", fold(token))
    readings = {s}
    if "c" in s and "ch" not in s:
        readings.add(s.replace("c", "j"))
    if "j" in s[1:]:
        readings |= {r.replace("j", "y") for r in list(readings)}
    return frozenset(_key_of(r) for r in readings)


@functools.lru_cache(maxsize=100_000)
def soft_fold(token: str) -> str:
    """A form on which spellings in use side by side agree: -y/-i/-iy/-ey/-ei endings
    (Alexey/Alexei, Valeriy/Valery, Zelenskyy/Zelensky), x/ks (Alexandr/Aleksandr),
    -ya/-ia/-ija (Mariya/Maria/Marija), y or i after a vowel before a consonant
    (Shoygu/Shoigu, Baykal/Baikal), ou or u (Mousavi/Musavi), and the German and Slavic
    transliterations: sch for sh (Lukaschenko), j for y before a vowel (Netanjahu). Such
    differences are accepted, never corrected: a translator who writes the German or Czech
    spelling of a name has chosen it.

    >>> soft_equal("Alexey", "Aleksei"), soft_equal("Valeriy", "Valery"), soft_equal("Pelosy", "Pelosi")
    (True, True, False)
    >>> soft_equal("Netanjahu", "Netanyahu"), soft_equal("Shoygu", "Shoigu")
    (True, True)
    """
    s = fold(token).replace("x", "ks").replace("tsch", "ch").replace("sch", "sh").replace("ou", "u")
    s = _J_BEFORE_VOWEL.sub("y", s)
    s = _Y_ENDING.sub("Y", s)  # a final y-sound in two letters ...
    s = _YA_ENDING.sub("ia", s)
    s = _Y_AFTER_VOWEL.sub("i", s)
    return s


def soft_equal(a: str, b: str) -> bool:
    """Accepted alternatives (see :func:`soft_fold`); a two-letter final y-sound matches one
    letter (Valeriy/Valery), but y and i alone do not (Pelosi is not Pelosy)."""
    fa, fb = soft_fold(a), soft_fold(b)
    if fa == fb:
        return True
    for x, y in ((fa, fb), (fb, fa)):
        if x.endswith("Y") and y[-1:] in ("y", "i") and x[:-1] == y[:-1]:
            return True
    return False


def _skeleton_of(key: str) -> str:
    first = "a" if key[:1] in _VOWELS else key[:1]
    return first + "".join(c for c in key[1:] if c not in _VOWELS)


@functools.lru_cache(maxsize=100_000)
def skeleton(token: str) -> str:
    """First letter and the consonants after it, of the phonetic key (an initial vowel is
    just 'a vowel': Entoni/Antony)."""
    return _skeleton_of(phonetic_key(token))


@functools.lru_cache(maxsize=100_000)
def skeletons(token: str) -> frozenset[str]:
    return frozenset(_skeleton_of(key) for key in phonetic_keys(token))


def tokens(name: str) -> list[str]:
    return _TOKEN.findall(name)


@dataclass(frozen=True)
class NameEntry:
    """A canonical name with its accepted variants and the spellings to correct."""

    canonical: str
    accepted: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    origin: str = ""  # "file:line (role)": cited in every edit this entry justifies
    user: bool = False


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("glossary not found", path) from None
    from ..text.textio import decode

    return decode(data, str(path))


def read_glossary(path: str | Path) -> list[NameEntry]:
    """Entries of a TSV/CSV or TBX glossary (see the module docstring)."""
    path = Path(path)
    if path.suffix.lower() == ".tbx":
        return _read_tbx(path)
    text = _read_text(path)
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    entries = []
    for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        row = [c.strip() for c in row]
        if not row or not row[0] or row[0].startswith("#"):
            continue
        if len(row) > 2 and any(row[2:]):
            raise InputError(f"expected 'variant{'<TAB>' if delimiter == chr(9) else ','}canonical' or one name, got {len(row)} columns", path, n)
        origin = f"{path}:{n}"
        if len(row) == 1 or not row[1]:
            entries.append(NameEntry(row[0], origin=origin, user=True))
        else:
            entries.append(NameEntry(row[1], corrections=(row[0],), origin=origin, user=True))
    return entries


def _read_tbx(path: Path, target_lang: str = "en") -> list[NameEntry]:
    try:
        from translate.storage import tbx
    except ImportError:  # pragma: no cover - translate-toolkit is a dependency
        raise InputError("reading TBX needs translate-toolkit", path) from None
    _read_text(path)  # clear errors for missing files and bad encodings
    try:
        store = tbx.tbxfile.parsefile(str(path))
    except Exception as exc:  # lxml raises several kinds for malformed XML
        raise InputError(f"not a valid TBX file ({exc})", path) from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = []
    for unit in store.units:
        target_terms, other_terms = [], []
        for lang_set in unit.xmlelement.iter("{*}langSet", "langSet"):
            lang = (lang_set.get(xml_lang) or lang_set.get("lang") or "").lower()
            terms = [t.text.strip() for t in lang_set.iter("{*}term", "term") if t.text and t.text.strip()]
            (target_terms if lang.split("-")[0] == target_lang else other_terms).extend(terms)
        if target_terms:
            entries.append(NameEntry(target_terms[0], tuple(target_terms[1:]), tuple(other_terms),
                                     f"{path}:{unit.getid()}", user=True))
    return entries


def shipped_entries(lang: str = "en") -> list[NameEntry]:
    from ..knowledge.shipped import shipped_rules_dir
    from . import gazetteer

    out = [
        NameEntry(p.canonical, p.variants, (), f"{p.origin} ({p.role})" if p.role else p.origin)
        for p in gazetteer.people(lang)
    ]
    corrections = shipped_rules_dir() / lang / "names" / "corrections.tsv"
    if corrections.exists():
        from .gazetteer import display_path

        shown = display_path(corrections)
        out += [NameEntry(e.canonical, (), e.corrections, shown + e.origin[len(str(corrections)):])
                for e in read_glossary(corrections)]
    return out


@dataclass
class NameIndex:
    """Every known name, findable by the phonetic key and skeleton of each of its tokens."""

    entries: list[NameEntry]
    #: exact spelling -> entry for canonical and accepted forms (never changed)
    known: dict[str, NameEntry] = field(default_factory=dict)
    #: exact spelling -> entry for spellings to correct
    corrections: dict[str, NameEntry] = field(default_factory=dict)
    by_skeleton: dict[str, list[tuple[NameEntry, str]]] = field(default_factory=dict)
    #: lower-cased titles that may stand before a lone surname (gazetteer.titles)
    titles: frozenset = frozenset()

    @classmethod
    def build(cls, entries: Iterable[NameEntry], known_skeletons: Optional[dict] = None) -> "NameIndex":
        """The index of ``entries``; ``known_skeletons`` (token -> its skeletons, as
        :func:`skeletons` gives them) spares computing them again."""
        # User entries win: a shipped entry for the same person as a user's entry (a spelling
        # of one equals one of the other's, accepted differences aside) is dropped, so that
        # the user's spelling is the only one; and user entries come last, so that a user's
        # correction overrides a shipped spelling.
        entries = list(entries)
        user_forms = {_soft_form(f) for e in entries if e.user for f in (e.canonical, *e.accepted, *e.corrections)}
        if user_forms:
            entries = [e for e in entries if e.user or not any(_soft_form(f) in user_forms
                                                                  for f in (e.canonical, *e.accepted))]
        entries = sorted(entries, key=lambda e: e.user)
        index = cls(list(entries))
        for e in entries:
            for form in (e.canonical, *e.accepted):
                index.corrections.pop(form, None)
                index.known[form] = e
            for form in e.corrections:
                index.known.pop(form, None)
                index.corrections[form] = e
            for form in (e.canonical, *e.accepted):
                for tok in tokens(form):
                    found = known_skeletons.get(tok) if known_skeletons else None
                    for sk in (skeletons(tok) if found is None else found):
                        index.by_skeleton.setdefault(sk, []).append((e, form))
        return index

    def forms(self, entry: NameEntry) -> tuple[str, ...]:
        return (entry.canonical, *entry.accepted)


def _soft_form(name: str) -> str:
    """A name with each token in its soft form (:func:`soft_fold`): spellings of one person
    that differ only as accepted alternatives agree."""
    return " ".join(soft_fold(t) for t in tokens(name))


@functools.lru_cache(maxsize=8)
def name_index(lang: str, glossaries: tuple[Path, ...]) -> NameIndex:
    entries = shipped_entries(lang)
    shipped = _shipped_skeletons(lang, entries)
    for g in glossaries:
        entries += read_glossary(g)
    from . import gazetteer

    index = NameIndex.build(entries, shipped)
    index.titles = gazetteer.titles(lang)
    return index


def _shipped_skeletons(lang: str, entries: list[NameEntry]) -> dict:
    """The skeletons of every token of the shipped names, kept in the cache folder
    (:mod:`posteditor.knowledge.cache`) while this module, the shipped name files and the
    gazetteer's module are unchanged: computing them is most of a one-line run's start."""
    from . import gazetteer
    from .cache import cached
    from .shipped import shipped_rules_dir

    sources = [Path(__file__), Path(gazetteer.__file__),
               *sorted((shipped_rules_dir() / lang / "names").glob("*.tsv"))]
    return cached(f"name-skeletons-{lang}", sources, lambda: {
        tok: tuple(sorted(skeletons(tok)))
        for e in entries for form in (e.canonical, *e.accepted) for tok in tokens(form)})
