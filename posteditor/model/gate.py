"""The do-no-harm gate for model outputs.

A model output replaces its input only if it keeps the input's numbers, URLs and known names
(gazetteer and glossaries), stays within length and edit-rate bounds, and the model itself
prefers it over leaving the input unchanged by a margin (mean token log-probabilities, the
input scored as a candidate output). Every rejection says why.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Optional

import regex

from ..text.patterns import NUMBER, URL
from .options import GateOptions

_WORD = regex.compile(r"\S+")


@dataclass(frozen=True)
class GateDecision:
    accepted: bool
    reason: str = ""


def word_edit_rate(before: str, after: str) -> float:
    """Word-level Levenshtein distance divided by the number of input words."""
    from rapidfuzz.distance import Levenshtein

    a, b = _WORD.findall(before), _WORD.findall(after)
    if not a:
        return 0.0 if not b else 1.0
    return Levenshtein.distance(a, b) / len(a)


def _name_tokens(lang: str, glossaries: tuple) -> frozenset[str]:
    from ..knowledge.gazetteer import name_tokens
    from ..knowledge.namematch import name_index

    tokens = set(name_tokens(lang))
    index = name_index(lang, glossaries)
    for entry in index.entries:
        for form in (entry.canonical, *entry.accepted):
            tokens.update(t for t in regex.findall(r"\p{Lu}[\p{L}\p{M}'’-]+", form))
    return frozenset(tokens)


def decide(
    before: str,
    after: str,
    options: GateOptions,
    logprob_gain: Optional[float] = None,
    lang: str = "en",
    glossaries: tuple = (),
) -> GateDecision:
    if after == before:
        return GateDecision(False, "no change")
    if not options.enabled:
        return GateDecision(True, "gate off")
    if not after.strip():
        return GateDecision(False, "empty output")
    if options.keep_numbers:
        lost = collections.Counter(NUMBER.findall(before)) - collections.Counter(NUMBER.findall(after))
        added = collections.Counter(NUMBER.findall(after)) - collections.Counter(NUMBER.findall(before))
        if lost or added:
            return GateDecision(False, f"numbers changed: lost {sorted(lost)}, added {sorted(added)}")
    if options.keep_urls:
        if collections.Counter(URL.findall(before)) != collections.Counter(URL.findall(after)):
            return GateDecision(False, "URLs or e-mail addresses changed")
    if options.keep_names:
        known = _name_tokens(lang, glossaries)
        names_in = {t for t in regex.findall(r"\p{Lu}[\p{L}\p{M}'’-]+", before) if t in known}
        missing = sorted(t for t in names_in if not regex.search(r"(?<!\p{L})" + regex.escape(t) + r"(?!\p{L})", after))
        if missing:
            return GateDecision(False, f"names dropped or changed: {missing}")
    ratio = len(after) / max(len(before), 1)
    if not options.min_length_ratio <= ratio <= options.max_length_ratio:
        return GateDecision(False, f"length ratio {ratio:.2f} outside [{options.min_length_ratio}, {options.max_length_ratio}]")
    rate = word_edit_rate(before, after)
    if rate > options.max_edit_rate:
        return GateDecision(False, f"edit rate {rate:.2f} above {options.max_edit_rate}")
    if logprob_gain is not None and logprob_gain < options.margin:
        return GateDecision(False, f"model prefers its output by {logprob_gain:.3f} < margin {options.margin}")
    return GateDecision(True, "passed")
