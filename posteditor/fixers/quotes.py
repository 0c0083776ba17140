"""A quotation closed by a bare 'said.' whose subject MT dropped.

``"We will respond," said.`` becomes ``"We will respond," Aliyev said.`` when exactly one
known person (the gazetteer) is named in the segment before the quotation or in the segment
before it; with no such person, or several, the text is left alone (no guessing of pronouns).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

import regex

from .base import Change, Context, Example, Fixer

_BARE_SAID = regex.compile(r"([,!?][\"”’»])\s*(said|says|added|noted|stressed)\.\s*$")
_VERBS = ("said.", "says.", "added.", "noted.", "stressed.")
_CLOSING = ('"', "”", "’", "»")


@functools.lru_cache(maxsize=4)
def _people_pattern(lang: str):
    from ..gazetteer import people

    forms = sorted({f for p in people(lang) for f in (p.canonical, *p.variants)}, key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(f) for f in forms) + r")(?![\p{L}])")


def _surname(name: str) -> str:
    words = [w for w in name.split() if w[:1].isupper()]
    return words[-1] if words else name


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
