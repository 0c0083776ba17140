"""Synthetic (mt, pe) pairs: clean English corrupted the ways MT breaks it.

The error kinds are those the rules target -- glued tokens, name variants, doubled subjects,
postposed "according to", boilerplate, spacing -- plus generic MT noise (a word doubled,
dropped or swapped with its neighbour). Rates are per sentence and configurable;
everything is deterministic under a seed. No torch needed.

>>> import random
>>> corrupt("According to Peskov, the talks went well.", random.Random(1), {"according_to": 1.0})
('Peskov according to, the talks went well.', ['according_to'])
"""

from __future__ import annotations

import itertools
import random
from typing import Iterable, Iterator, Optional

import regex

DEFAULT_RATES = {
    "glue": 0.15,
    "name_variant": 0.15,
    "doubled_subject": 0.08,
    "according_to": 0.5,  # of sentences that open with "According to X,"
    "spacing": 0.15,
    "noise": 0.15,
    "boilerplate": 0.03,  # extra pairs: a boilerplate line whose post-edit is empty
}

_ACCORDING = regex.compile(r"^According to ([^,]{2,60}), (\p{Ll})")
_NAME_NEXT = regex.compile(r"\b(\p{Lu}\p{Ll}{2,}|\p{Lu}{2,6}|\d{1,4}) (\p{L}{2,})\b")
_SENT_START_NAME = regex.compile(r"^((?:\p{Lu}\p{L}+ ){0,2}\p{Lu}\p{L}+) (\p{Ll}+)")
_WORD = regex.compile(r"\S+")

_NOISE_SUBS = [("ll", "l"), ("ss", "s"), ("y", "i"), ("i", "y"), ("c", "k"), ("k", "c"), ("v", "w"),
               ("z", "s"), ("kh", "h"), ("sh", "sch"), ("j", "dzh"), ("ts", "c")]


def _name_variant(name: str, rng: random.Random) -> Optional[str]:
    options = [(a, b) for a, b in _NOISE_SUBS if a in name[1:]]
    if not options:
        return None
    a, b = rng.choice(options)
    pos = name.find(a, 1)
    return name[:pos] + b + name[pos + len(a):]


def _known_names():
    from ..knowledge.gazetteer import surnames

    return surnames("en")


def corrupt(sentence: str, rng: random.Random, rates: dict[str, float]) -> tuple[str, list[str]]:
    """One MT-like version of ``sentence`` and the kinds of damage done."""
    out, kinds = sentence, []
    if rates.get("according_to", 0) and rng.random() < rates["according_to"]:
        m = _ACCORDING.match(out)
        if m:
            out = f"{m.group(1)} according to, {m.group(2)}{out[m.end():]}"
            kinds.append("according_to")
    if rates.get("doubled_subject", 0) and rng.random() < rates["doubled_subject"]:
        m = _SENT_START_NAME.match(out)
        if m and m.group(2) not in ("and", "or", "of"):
            pronoun = rng.choice(["He", "It", "She", "They"])
            out = f"{m.group(1)} {pronoun} {m.group(2)}{out[m.end():]}"
            kinds.append("doubled_subject")
    if rates.get("name_variant", 0) and rng.random() < rates["name_variant"]:
        names = _known_names()
        candidates = [m for m in regex.finditer(r"\b\p{Lu}\p{Ll}{3,}\b", out) if m.group() in names]
        if candidates:
            m = rng.choice(candidates)
            variant = _name_variant(m.group(), rng)
            if variant:
                out = out[: m.start()] + variant + out[m.end():]
                kinds.append("name_variant")
    if rates.get("glue", 0) and rng.random() < rates["glue"]:
        candidates = list(_NAME_NEXT.finditer(out))
        if candidates:
            m = rng.choice(candidates)
            out = out[: m.start()] + m.group(1) + m.group(2) + out[m.end():]
            kinds.append("glue")
    if rates.get("spacing", 0) and rng.random() < rates["spacing"]:
        choice = rng.randrange(3)
        if choice == 0 and "," in out:
            out = out.replace(", ", " ,", 1)
        elif choice == 1 and out.endswith("."):
            out = out[:-1] + " ."
        elif ". " in out:
            out = out.replace(". ", ".", 1)
        else:
            out = out.replace(" ", "  ", 1)
        kinds.append("spacing")
    if rates.get("noise", 0) and rng.random() < rates["noise"]:
        words = _WORD.findall(out)
        if len(words) > 3:
            i = rng.randrange(len(words) - 1)
            op = rng.randrange(3)
            if op == 0:
                words.insert(i, words[i])
            elif op == 1 and words[i].lower() in ("the", "a", "an"):
                del words[i]
            else:
                words[i], words[i + 1] = words[i + 1], words[i]
            out = " ".join(words)
            kinds.append("noise")
    return out, kinds


def boilerplate_lines() -> list[str]:
    from ..knowledge.shipped import shipped_rules_dir

    lists = shipped_rules_dir() / "en" / "lists"
    out = []
    for name in ("boilerplate_en.txt", "boilerplate_source.txt"):
        for line in (lists / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.strip())
    return out


def synthesize(clean: Iterable[str], seed: int = 13, rates: Optional[dict[str, float]] = None) -> Iterator[tuple[str, str, list[str]]]:
    """(mt, pe, kinds) for each clean line, plus boilerplate pairs at their rate."""
    for _, mt, pe, kinds in synthesize_examples(clean, None, seed, rates):
        yield mt, pe, kinds


def synthesize_examples(clean: Iterable[str], sources: Optional[Iterable[str]], seed: int = 13,
                        rates: Optional[dict[str, float]] = None) -> Iterator[tuple[Optional[str], str, str, list[str]]]:
    """(source, mt, pe, kinds) for each clean line, the source being the line of ``sources``
    beside it (None without sources); boilerplate pairs at their rate have the furniture
    itself as source, as scraped pages leave it untranslated."""
    rates = {**DEFAULT_RATES, **(rates or {})}
    unknown = set(rates) - set(DEFAULT_RATES)
    if unknown:
        raise ValueError(f"unknown error kinds {sorted(unknown)}; known: {', '.join(DEFAULT_RATES)}")
    rng = random.Random(seed)
    boiler = boilerplate_lines() if rates.get("boilerplate") else []
    for line, source in zip(clean, sources if sources is not None else itertools.repeat(None)):
        line = line.strip()
        if not line:
            continue
        mt, kinds = corrupt(line, rng, rates)
        yield (None if source is None else source.strip()), mt, line, kinds
        if boiler and rng.random() < rates["boilerplate"]:
            furniture = rng.choice(boiler)
            yield (None if source is None else furniture), furniture, "", ["boilerplate"]
