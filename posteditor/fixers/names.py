"""Names mangled by MT: mis-transliterated ("Cho Biden", "Zhozep Borrel"), misspelt
("Anthony Blinken"), translated ("Jeyhun Holiday") or left in a source spelling.

A capitalised span is corrected to a known name (the gazetteer under ``rules/<lang>/names/``
and the user's glossaries) when, token by token, one part matches exactly and the others are
close by a transliteration-aware phonetic key and by edit distance (rapidfuzz), or when every
part has the same phonetic key. A span that is itself a known name (another person who shares
a part: Ashley Biden is not in the way of Joe Biden, Kim Yo Jong is herself listed) is never
touched; a common English word is never taken for a misspelt name. Inside a document, a
surname alone that is a variant of a person named in full elsewhere in it is made consistent.
Every edit cites the entry (file:line) that justified it.
"""

from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import regex

from ..knowledge.namematch import phonetic_key as _key
from ..knowledge.namematch import phonetic_keys as _keys
from ..knowledge.namematch import skeletons as _skels
from .base import Change, Context, Example, Fixer, literals_found

# A capitalised word; an apostrophe only before a capital (O'Neill, D’Alema). Possessive:
# nothing after a token ever needs part of it back, and the scan is faster.
_NAME_TOKEN = r"\p{Lu}[\p{L}\p{M}-]*+(?:['’]\p{Lu}[\p{L}\p{M}-]*+)*+"
_CONNECTOR = r"(?:bin|ibn|al|el|von|fon|der|van|de|da|di|du|le|la|ben|abu|dos|del)"
_RUN = regex.compile(rf"{_NAME_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)*{_NAME_TOKEN})*")
# _RUN for ASCII text, where the standard library's re finds the same runs faster.
_ASCII_NAME_TOKEN = r"[A-Z][A-Za-z-]*+(?:'[A-Z][A-Za-z-]*+)*+"
_ASCII_RUN = re.compile(rf"{_ASCII_NAME_TOKEN}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)*{_ASCII_NAME_TOKEN})*")
_TOKEN_IN_RUN = regex.compile(rf"{_NAME_TOKEN}|{_CONNECTOR}")

KNOWN = object()  # what _match answers for a window that is a listed spelling


def _run_pattern(text: str):
    """The pattern that finds the capitalised runs of ``text``: _RUN, or for ASCII text
    _ASCII_RUN, which finds the same runs faster."""
    return _ASCII_RUN if text.isascii() else _RUN


# A name part shorter than this ("Li", "Kim", "Zhao", "Wang") is shared by too many people to
# be evidence for a close (not phonetically equal) other part: Zhao Lian is not Zhao Lijian.
DISTINCTIVE_LENGTH = 5
CLOSE_RATIO = 75.0  # rapidfuzz ratio of phonetic keys for a 'close' part
COMMON_WORD = 4.0  # Zipf frequency above which a token is an ordinary word, not a name
# A lone surname is made consistent with a person named in full at most this many segments
# before or after it: on the WMT system outputs the full name stands 1 to 3 segments away
# ("Chancellor Sholts" after "Olaf Scholz"); in a file of unrelated sentences (MLQE-PE's
# post-edits) "Shein" and "Parlee" were other people named hundreds of lines from "Thein Sein"
# and "Florence Parly".
SURNAME_WINDOW = 20
MAX_RUN_WORDS = 40  # capitalised words in a run beyond which it is no name
MEMORY_LIMIT = 200_000  # entries kept in each of the fixer's tables (memory stays bounded)


def _connectors(name: str) -> list[str]:
    return [t for t in _TOKEN_IN_RUN.findall(name) if not t[0].isupper()]


def _zipf(word: str) -> float:
    from .glue import zipf

    return zipf(word)


@functools.lru_cache(maxsize=100_000)
def _capitalised(form: str) -> tuple[str, ...]:
    """The capitalised words of a listed spelling ("Ursula von der Leyen": Ursula, Leyen)."""
    return tuple(t for t in _TOKEN_IN_RUN.findall(form) if t[0].isupper())


@functools.lru_cache(maxsize=200_000)
def _pair(a: str, b: str) -> Optional[str]:
    """How token ``a`` (in the text) relates to ``b`` (in the entry): exact, soft, key, close,
    typo, None."""
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.fuzz import ratio

    from ..knowledge.namematch import fold, soft_equal

    if a == b or fold(a) == fold(b):
        return "exact"
    if soft_equal(a, b) and not ("sch" in fold(b) and "sch" not in fold(a)):
        # An accepted alternative spelling: kept as written. German sch for a listed sh is
        # a German transliteration (Lukaschenko); sh for a listed German sch is a
        # misspelling of a German name (Sholz for Scholz).
        return "soft"
    if not a.isascii():
        return None  # a native spelling (Jónsson, Çavuşoğlu) is no misspelling of another name
    if _zipf(a) >= COMMON_WORD and a not in _name_tokens():
        return None  # an ordinary word is not a misspelt name (Will, Holiday, Mark)
    if _keys(a) & _keys(b):
        fa, fb = sorted((fold(a), fold(b)))
        if fa.startswith("ch") and fb.startswith("y"):
            # The key joins ch to j (Cho/Joe) and j to y (Jens/Yens), but no script writes
            # one sound as ch and as y: Li Chong is not Li Yong.
            return None
        return "key"
    if a in _name_tokens():
        # A name of its own (Vladimir, listed for Putin) is a misspelling of another only
        # where the two sound alike (Anthony/Antony): Vladimir is not Volodymyr.
        return None
    fa, fb = fold(a), fold(b)
    if _skels(a) & _skels(b) and max(ratio(_key(a), _key(b)), ratio(fa, fb)) >= CLOSE_RATIO:
        return "close"
    if (min(len(fa), len(fb)) >= 7 and fa.isalpha() and fb.isalpha() and fa[0] == fb[0]
            and Levenshtein.distance(fa, fb) == 1):
        # One letter mistyped, dropped or doubled in a long name (Stoltenberq, Bolsonao): a
        # typo, which a short given name beside it may confirm (Jens, Jair). Not in a name of
        # syllables (Min-soo is not Min-koo, Jong-in not Jong-il).
        return "typo"
    return None


def _known_tokens(index) -> frozenset:
    """Every token of every listed spelling (canonical and accepted) in the index, computed
    once and kept on the index itself (it lives and goes with it)."""
    tokens = index.__dict__.get("_known_tokens")
    if tokens is None:
        tokens = index.__dict__["_known_tokens"] = frozenset(
            t for e in index.entries for f in (e.canonical, *e.accepted) for t in _TOKEN_IN_RUN.findall(f))
    return tokens


@functools.lru_cache(maxsize=1)
def _name_tokens() -> frozenset[str]:
    from ..knowledge.gazetteer import name_tokens

    return name_tokens("en")


@dataclass(frozen=True, eq=False)
class NameFixer(Fixer):
    glossaries: tuple[Path, ...] = ()
    lang: str = "en"

    @functools.cached_property
    def index(self):
        from ..knowledge.namematch import name_index

        return name_index(self.lang, self.glossaries)

    @functools.cached_property
    def _corrections(self):
        forms = sorted(self.index.corrections, key=len, reverse=True)
        if not forms:
            return None
        return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(f) for f in forms) + r")(?![\p{L}\p{N}])")

    @functools.cached_property
    def _wrong_spellings(self) -> tuple:
        """The known wrong spellings split in two, each an automaton (ahocorasick_rs) or
        None: those that are themselves a capitalised run, and the others ("Sin'hua"). Where
        one of the first kind is found as a word, a capitalised run of the text contains it
        (runs extend over whole tokens), so the gate looks for them in runs only, once per
        run."""
        import ahocorasick_rs

        in_runs = [f for f in self.index.corrections if _RUN.fullmatch(f)]
        others = [f for f in self.index.corrections if not _RUN.fullmatch(f)]
        return tuple(ahocorasick_rs.AhoCorasick(forms) if forms else None for forms in (in_runs, others))

    def gate(self, text: str) -> bool:
        """Whether find() may change the text: a known wrong spelling is present, or some
        capitalised run has a plan that is not empty or not yet made. A run none of whose
        words shares a skeleton with a listed name has no candidate, so its plan is empty;
        that is recorded here without making it. Runs found to need nothing, with no wrong
        spelling in them, are remembered as quiet."""
        quiet, plans = self._quiet, self._plans
        in_runs, others = self._wrong_spellings
        for run in _run_pattern(text).findall(text):
            if run in quiet:
                continue
            plan = plans.get(run)
            if plan is None:
                if self._has_candidates(run):
                    return True
                if len(plans) < MEMORY_LIMIT:
                    plans[run] = ()
            elif plan:
                return True
            if in_runs is not None and literals_found(in_runs, run):
                return True
            if len(quiet) < MEMORY_LIMIT:
                quiet.add(run)
        return others is not None and bool(literals_found(others, text))

    @functools.cached_property
    def _quiet(self) -> set[str]:
        """Runs whose plan is empty and that hold no known wrong spelling."""
        return set()

    def _has_candidates(self, run: str) -> bool:
        """Whether a capitalised word of the run (as _plan reads it) shares a skeleton with a
        listed name: only then can a window or a lone part of it have a candidate."""
        by_skeleton = self.index.by_skeleton
        return any(sk in by_skeleton for word in _TOKEN_IN_RUN.findall(run) if word[0].isupper() for sk in _skels(word))

    def _has_correction(self, text: str) -> bool:
        """Whether a known wrong spelling is in the text: find() looks for them by regex
        only then."""
        return any(forms is not None and literals_found(forms, text) for forms in self._wrong_spellings)

    @functools.cached_property
    def _plans(self) -> dict[str, tuple]:
        """What _plan says about each capitalised run seen, by its text."""
        return {}

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        index = self.index
        taken: list[tuple[int, int]] = []
        if self._has_correction(text):
            for m in self._corrections.finditer(text):
                entry = index.corrections[m.group()]
                taken.append(m.span())
                yield Change(m.start(), m.end(), entry.canonical,
                             f"{m.group()!r} is a known wrong spelling of {entry.canonical!r} ({entry.origin})")
        plans = self._plans
        for run in _run_pattern(text).finditer(text):
            if taken and any(s < run.end() and run.start() < e for s, e in taken):
                continue
            words = run.group()
            plan = plans.get(words)
            if plan is None:
                plan = tuple(self._plan(words, index))
                if len(plans) < MEMORY_LIMIT:
                    plans[words] = plan
            offset = run.start()
            for start, end, after, message, surnames in plan:
                if surnames:
                    # A lone part that is a variant of a listed surname: changed only where
                    # the document names that person in full nearby, as an article does
                    # (a file of unrelated sentences names many people far apart).
                    lo = max(0, ctx.index - SURNAME_WINDOW)
                    near = ctx.segments[lo : ctx.index + SURNAME_WINDOW + 1]
                    for form, surname, why in surnames:
                        if any(form in seg for seg in near):
                            yield Change(offset + start, offset + end, surname, why)
                            break
                else:
                    yield Change(offset + start, offset + end, after, message)

    def _plan(self, run: str, index) -> Iterator[tuple]:
        """The changes to a capitalised run, as (start, end, after, message, ()) relative to
        it, and its lone parts that the document may make consistent, as (start, end, None,
        None, candidates): a pure function of the run's text. A run of more than
        MAX_RUN_WORDS capitalised words is a title-case line or a list, not a name: it is left."""
        toks = [(m.group(), m.start(), m.end()) for m in _TOKEN_IN_RUN.finditer(run)]
        names = [t for t in toks if t[0][0].isupper()]
        if len(names) > MAX_RUN_WORDS:
            return
        i = 0
        while i < len(names):
            done = False
            for size in (4, 3, 2):
                if i + size > len(names):
                    continue
                window = names[i : i + size]
                start, end = window[0][1], window[-1][2]
                span = run[start:end]
                if span in index.known:
                    i += size
                    done = True
                    break
                found = self._match(window, index)
                if found is KNOWN:
                    i += size
                    done = True
                    break
                if found:
                    form, entry, why, kinds, form_words = found
                    # Replace only the wrong parts; exact and accepted spellings stay as written.
                    fixed = span
                    for (word, ws, we), kind, target in reversed(list(zip(window, kinds, form_words))):
                        if kind in ("key", "close", "typo"):
                            fixed = fixed[: ws - start] + target + fixed[we - start :]
                    if _connectors(span) != _connectors(form):
                        fixed = form  # "Ursula fon der Lyayen": the particles are wrong too
                    yield start, end, fixed, f"{span!r} is {why} {form!r} ({entry.origin})", ()
                    i += size
                    done = True
                    break
            if not done:
                # A surname standing alone, or after a title (President, Minister), may be
                # made consistent with a person the document names; after a given name it
                # belongs to someone else (Hartmann Jónsson, Aleksandr Dudarev).
                word, start, end = names[i]
                # Last in its run, so a surname (Zhong of Zhong Nanshan is no lone surname),
                # and alone or right after a title: after a given name ("Max Raabe") it is
                # another person's.
                if i == len(names) - 1 and (i == 0 or (
                        names[i - 1][0].lower() in index.titles
                        and all(_zipf(w) >= COMMON_WORD for w, _, _ in names[:i]))):
                    surnames = self._surname_candidates(word, index)
                    if surnames:
                        yield start, end, None, None, surnames
                i += 1

    def _match(self, window, index):
        from rapidfuzz.fuzz import ratio

        words = [w for w, _, _ in window]
        candidates = {}
        for w in words:
            for sk in _skels(w):
                for entry, form in index.by_skeleton.get(sk, ()):
                    candidates[(id(entry), form)] = (entry, form)
        best = None
        for entry, form in candidates.values():
            form_words = _capitalised(form)
            if len(form_words) != len(words):
                continue
            kinds = []
            for a, b in zip(words, form_words):
                kinds.append(_pair(a, b))
                if kinds[-1] is None:
                    break  # one part that is no variant rules the form out
            if kinds[-1] is None:
                continue
            if entry.user:
                # A user's glossary spelling is the spelling: an accepted alternative of it
                # (Oleksii for a glossary's Oleksiy) is corrected to it.
                kinds = ["key" if k == "soft" else k for k in kinds]
            if all(k in ("exact", "soft") for k in kinds):
                return KNOWN  # the window is a known spelling, or an accepted alternative of one
            if "typo" in kinds and not all(w.isascii() for w in words):
                continue  # a name written with its accents (Abú Mahdí) follows another language's spelling
            if not entry.user and kinds[-1] != "exact" and _zipf(words[-1]) > _zipf(form_words[-1]):
                # A surname that English text uses more often than the listed one is a name of
                # its own (a hurler called Cooney is not Kony), however alike they sound.
                continue
            whole = ratio(_key(" ".join(words)), _key(" ".join(form_words)))
            anchors = [a for a, k in zip(words, kinds) if k in ("exact", "soft")]
            if anchors:
                # An exact part is evidence only if it is distinctive: "Li" or "Kim" is shared
                # by many people (Li Qizhang is not Li Qiang), so then the rest must agree
                # on the phonetic key, not merely be close.
                if not all(len(a) >= DISTINCTIVE_LENGTH for a in anchors) and any(
                        k == "close" or (k == "key" and abs(len(a) - len(b)) > 1)
                        for a, b, k in zip(words, form_words, kinds)):
                    continue
            elif not all(k == "key" for k in kinds):
                # No part spelt right: every part must sound the same (Zhozep Borrel), not
                # merely be close (Li Zhang is not Lee Jae-yong).
                continue
            if " ".join(words) == " ".join(form_words):
                continue
            from ..knowledge.namematch import fold

            spelled = ratio(fold(" ".join(words)), fold(" ".join(form_words)))
            score = (kinds.count("exact") + kinds.count("soft"), kinds.count("key"), spelled, whole,
                     form == entry.canonical)
            if best is None or score > best[0]:
                best = (score, entry, form, kinds, form_words)
            elif score == best[0] and entry.canonical != best[1].canonical:
                best = (score, None, None, None, None)  # two people equally close: leave it
        if best is None or best[1] is None:
            return None
        _, entry, form, kinds, form_words = best
        why = "a misspelling of" if "exact" in kinds or "soft" in kinds else "a transliteration of"
        return form, entry, why, kinds, form_words

    def _surname_candidates(self, word: str, index) -> tuple:
        """(full name, its surname, reason) for each listed person whose surname ``word`` is a
        variant of (same phonetic key), for the document to confirm."""
        if (len(word) < 5 or not word.isascii() or word in index.known or word in _known_tokens(index)
                or _zipf(word) >= 3.0):
            return ()  # a spelling that a listed name uses is never inconsistent
        out = []
        for entry, form in {(id(e), f): (e, f) for sk in _skels(word) for e, f in index.by_skeleton.get(sk, ())}.values():
            surname = [t for t in _TOKEN_IN_RUN.findall(form) if t[0].isupper()][-1]
            kind = _pair(word, surname)  # soft (accepted) spellings are left as they are
            # The plain reading of both (no c-as-j, j-as-y alternatives: Sajid is not Saied),
            # and no letter more or less than one: a variant spelling, not another name.
            if (kind == "key" and len(form.split()) > 1 and _key(word) == _key(surname)
                    and abs(len(word) - len(surname)) <= 1):
                out.append((form, surname,
                            f"{word!r} is spelt {surname!r} where {form!r} is named nearby ({entry.origin})"))
        return tuple(out)


@dataclass(frozen=True, eq=False)
class NameConsistency(Fixer):
    """One person spelt two accepted ways in one document ("Sergei Lavrov" ... "Sergey
    Lavrov") is spelt one way: the way the document uses most, or, where both are used as
    often, the gazetteer's canonical spelling; a spelling with the name's own letters
    (Niinistö) is never made plain (Niinisto). Only listed people, and only their listed
    spellings (canonical and accepted): two different people never meet here."""

    glossaries: tuple[Path, ...] = ()
    lang: str = "en"

    @functools.cached_property
    def _forms(self):
        """An automaton over the listed spellings of more than one word, and the index."""
        import ahocorasick_rs

        from ..knowledge.namematch import name_index

        index = name_index(self.lang, self.glossaries)
        forms = sorted(f for f in index.known if " " in f)
        return ahocorasick_rs.AhoCorasick(forms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest), forms, index

    def _found(self, text: str) -> list[tuple[int, int, str]]:
        automaton, forms, _ = self._forms
        out = []
        for k, start, end in literals_found(automaton, text):
            if (start == 0 or not text[start - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
                out.append((start, end, forms[k]))
        return out

    def gate(self, text: str) -> bool:
        return bool(self._found(text))

    def _count_forms(self, segments) -> tuple[list[collections.Counter], collections.Counter]:
        per_segment = [collections.Counter(form for _, _, form in self._found(s)) for s in segments]
        total: collections.Counter = collections.Counter()
        for counts in per_segment:
            total.update(counts)
        return per_segment, total

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        found = self._found(text)
        if not found:
            return
        index = self._forms[2]
        if ctx.vocabulary is not None:
            # The document's counts, counted once a pass; this segment as it now stands.
            per_segment, total = ctx.vocabulary.memo(self.id, self._count_forms)
            counts = collections.Counter(total)
            counts.subtract(per_segment[ctx.index])
        else:
            counts = self._count_forms(seg for j, seg in enumerate(ctx.segments) if j != ctx.index)[1]
        counts.update(form for _, _, form in found)
        for start, end, form in found:
            entry = index.known[form]
            # Only spellings of as many words: a middle name or initial ("Donald J. Trump") is
            # the writer's, and may be what tells two people apart (a local man of the same name).
            rivals = [f for f in (entry.canonical, *entry.accepted)
                      if f != form and counts.get(f) and len(f.split()) == len(form.split())]
            if not rivals:
                continue
            best = max(rivals, key=lambda f: (counts[f], f == entry.canonical))
            if best.isascii() and not form.isascii():
                continue  # a name written with its own letters (Niinistö, Orbán) keeps them
            if (counts[best], best == entry.canonical) > (counts[form], form == entry.canonical):
                yield Change(start, end, best, f"{form!r} is spelt {best!r} {counts[best]} time(s) in this document, "
                                              f"{form!r} {counts[form]} ({entry.origin})")


def fixers(config) -> list[Fixer]:
    if config.lang != "en":
        return []
    from ..errors import InputError

    for g in config.glossaries:
        if not Path(g).is_file():
            raise InputError("glossary not found", g)
    return [
        NameFixer(
            id="EN_NAME_SPELLING",
            category="NAME",
            description="Misspelt, mis-transliterated or translated names become their known spelling",
            origin=__name__,
            uses_context=True,
            glossaries=tuple(config.glossaries),
            lang=config.lang,
            examples=(
                Example("Cho Biden will travel to Brussels.", "Joe Biden will travel to Brussels."),
                Example("US Secretary of State Anthony Blinken arrived.", "US Secretary of State Antony Blinken arrived."),
                Example("EU foreign policy chief Zhozep Borrel said.", "EU foreign policy chief Josep Borrell said."),
                Example("spokeswoman Mariya Zaharova said", "spokeswoman Mariya Zakharova said"),
                Example("spokeswoman Marija Zaharova said", "spokeswoman Marija Zakharova said"),
                Example("President Kasim-Jomart Tokaev said", "President Kassym-Jomart Tokayev said"),
                Example("Foreign Minister Jeyhun Holiday said", "Foreign Minister Jeyhun Bayramov said"),
                Example("Ashley Biden, Joe Manchin, Kim Yo Jong and Mohammed bin Zayed met Sergey Lavrov."),
                Example("Will Ferrell and Brian May met Volodymyr Zelenskyy and Kim Jong Il."),
                Example("Alexey Navalny, Valeriy Zaluzhny and Alexandr Lukashenko"),
                Example(
                    "Borrel said the talks went well.",
                    "Borrell said the talks went well.",
                    preceding=("EU foreign policy chief Josep Borrell arrived in Baku.",),
                ),
                Example("Borrel said the talks went well."),
                # Surnames of their own, more common in English text than a listed one they
                # sound like (Kony): another person.
                Example("Joseph Cone and Joseph Coney both scored in the second half."),
            ),
        ),
        NameConsistency(
            id="EN_NAME_CONSISTENCY",
            category="NAME",
            description="One person spelt two accepted ways in a document is spelt the way it uses most",
            origin=__name__,
            uses_context=True,
            glossaries=tuple(config.glossaries),
            lang=config.lang,
            examples=(
                Example("Sergey Lavrov said so.", "Sergei Lavrov said so.",
                        preceding=("Sergei Lavrov arrived.", "Sergei Lavrov met the envoy.")),
                Example("Sergey Lavrov said so.", "Sergei Lavrov said so.", preceding=("Sergei Lavrov arrived.",)),
                Example("Sergey Lavrov said so.", preceding=("Sergey Lavrov arrived.", "Sergei Lavrov met the envoy.")),
                Example("Sergey Lavrov said so, and Dmitry Peskov agreed."),
                Example("Donald J. Trump said so.", preceding=("Donald Trump arrived.", "Donald Trump met the envoy.")),
            ),
        ),
    ]
