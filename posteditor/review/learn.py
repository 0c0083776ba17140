"""Learning rules and glossary entries from a translator's post-edits.

Each (mt, pe) pair is aligned word by word; the replacements a post-editor made (a name
respelt, a glued token split, a phrase changed) are counted across the corpus. A replacement
is kept when it recurs (``min_support`` pairs) and is consistent (made in at least
``min_consistency`` of the pairs whose MT contains the phrase). Names become glossary entries
(``variant<TAB>canonical``); the rest become rules with examples taken from the data, in a
rule file that passes ``posteditor rules check``.
"""

from __future__ import annotations

import collections
import difflib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import regex

from ..fileformats.files import write_file

_TOKEN = regex.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
MAX_PHRASE = 4


@dataclass
class Candidate:
    before: str
    after: str
    support: int = 0
    occurrences: int = 0  # MT segments containing ``before``
    example_mt: str = ""
    example_pe: str = ""

    @property
    def consistency(self) -> float:
        return self.support / self.occurrences if self.occurrences else 0.0

    @property
    def kind(self) -> str:
        if self.after.replace(" ", "") == self.before.replace(" ", "") and " " in self.after and " " not in self.before:
            return "GLUE"
        words_b, words_a = self.before.split(), self.after.split()
        if words_b and words_a and all(w[:1].isupper() for w in words_b + words_a) and len(words_b) == len(words_a):
            return "NAME"
        return "PHRASE"


@dataclass
class LearnResult:
    rules: list[Candidate] = field(default_factory=list)
    names: list[Candidate] = field(default_factory=list)
    candidates: int = 0
    pairs: int = 0
    rejected_by_check: list[str] = field(default_factory=list)


def _replacements(mt: str, pe: str) -> Iterable[tuple[str, str]]:
    """Phrases replaced between ``mt`` and ``pe``, each as it is written in its own text (the
    span from its first token to its last), so that a learned rule matches the MT as it is
    spelt: "high-level" stays "high-level", with no detokenizer guessing the spaces back."""
    a, b = list(_TOKEN.finditer(mt)), list(_TOKEN.finditer(pe))
    matcher = difflib.SequenceMatcher(a=[m[0] for m in a], b=[m[0] for m in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 > MAX_PHRASE or j2 - j1 > MAX_PHRASE:
            continue
        if not any(m[0][0].isalnum() for m in a[i1:i2]):
            continue  # punctuation-only changes are the spacing rules' business
        yield mt[a[i1].start():a[i2 - 1].end()], pe[b[j1].start():b[j2 - 1].end()]


def _phrase_regex(phrase: str) -> "regex.Pattern[str]":
    return regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(phrase) + r"(?![\p{L}\p{N}])")


def learn(pairs: Sequence[tuple[str, str]], min_support: int = 3, min_consistency: float = 0.8,
          max_rules: int = 500) -> LearnResult:
    counts: dict[tuple[str, str], Candidate] = {}
    for mt, pe in pairs:
        seen = set()
        for before, after in _replacements(mt, pe):
            if (before, after) in seen or before == after:
                continue
            seen.add((before, after))
            c = counts.setdefault((before, after), Candidate(before, after))
            c.support += 1
            if not c.example_mt:
                c.example_mt, c.example_pe = mt, pe
    frequent = [c for c in counts.values() if c.support >= min_support]
    # How often does the MT contain the phrase at all? (the denominator of consistency)
    by_before = collections.defaultdict(list)
    for c in frequent:
        by_before[c.before].append(c)
    for before, cands in by_before.items():
        pattern = _phrase_regex(before)
        n = sum(1 for mt, _ in pairs if pattern.search(mt))
        for c in cands:
            c.occurrences = n
    result = LearnResult(candidates=len(counts), pairs=len(pairs))
    kept = [c for c in frequent if c.consistency >= min_consistency and not _phrase_regex(c.before).search(c.after)]
    kept.sort(key=lambda c: (-c.support, c.before))
    for c in kept[:max_rules]:
        is_name = c.kind == "NAME" and _looks_like_a_name(c, pairs)
        (result.names if is_name else result.rules).append(c)
    return result


def _looks_like_a_name(c: Candidate, pairs: Sequence[tuple[str, str]]) -> bool:
    """Whether a capitalised replacement is a name spelt two ways, not a word the post-editor
    changed ("Nevertheless" -> "However"): both spellings alike (a transliteration differs in a
    few letters), the MT never writes it in lower case (a common word does, mid-sentence), and
    at least once it stands where a capital letter says "name", not only at a sentence's start.

    >>> pairs = [("Nevertheless, talks went on.", "However, talks went on."),
    ...          ("It is nevertheless true.", "It is however true.")]
    >>> _looks_like_a_name(Candidate("Nevertheless", "However"), pairs)
    False
    >>> _looks_like_a_name(Candidate("Anthony Blinken", "Antony Blinken"), [("Yesterday Anthony Blinken said.", "")])
    True
    """
    if difflib.SequenceMatcher(None, c.before.lower(), c.after.lower()).ratio() < 0.6:
        return False
    anywhere = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(c.before) + r"(?![\p{L}\p{N}])", regex.I)
    mid_sentence = False
    for mt, _ in pairs:
        for m in anywhere.finditer(mt):
            if m.group() != c.before:
                return False  # written in lower case somewhere: a word, not a name
            before_it = mt[: m.start()].rstrip()
            if before_it and before_it[-1] not in ".!?:;\"“«(-–—":
                mid_sentence = True
    return mid_sentence


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _template_literal(s: str) -> str:
    return s.replace("\\", "\\\\")


def rule_file(result: LearnResult, source: str = "post-edits") -> str:
    """The learned rules as a TOML rule file, each with a fixing and a keeping example."""
    lines = [
        f"# Rules learned from {result.pairs} (mt, pe) pairs of {source} by `posteditor learn`.",
        "# support: pairs where the post-editor made the change; consistency: share of the MT",
        "# segments containing the phrase where it was made. Review before use.",
        "",
    ]
    for k, c in enumerate(result.rules, 1):
        pattern = r"(?<![\p{L}\p{N}])" + regex.escape(c.before) + r"(?![\p{L}\p{N}])"
        fixed = _phrase_regex(c.before).sub(lambda m: c.after, c.example_mt)
        keep = _phrase_regex(c.before).sub(lambda m: c.after, c.example_pe)
        lines += [
            "[[rule]]",
            f'id = "LEARNED_{c.kind}_{k:04d}"',
            f'category = "{"GLUE" if c.kind == "GLUE" else "LEARNED"}"',
            'severity = "info"',
            f"description = {_toml_str(f'{c.before} -> {c.after} (support {c.support}, consistency {c.consistency:.2f})')}",
            f"pattern = {_toml_str(pattern)}",
            f"replace = {_toml_str(_template_literal(c.after))}",
            "  [[rule.example]]",
            f"  input = {_toml_str(c.example_mt)}",
            f"  output = {_toml_str(fixed)}",
            "  [[rule.example]]",
            f"  input = {_toml_str(keep)}",
            "",
        ]
    return "\n".join(lines)


def glossary_tsv(result: LearnResult) -> str:
    head = "# variant<TAB>canonical, learned from post-edits (support, consistency)\n"
    return head + "".join(f"{c.before}\t{c.after}\n" for c in result.names)


def validated(result: LearnResult, path) -> LearnResult:
    """Drop rules that fail their own examples (written to ``path`` and checked)."""
    from ..engine.rules import load_rule_file
    from ..engine.selftest import check_fixers

    write_file(path, rule_file(result).encode("utf-8"))
    failures, _ = check_fixers(load_rule_file(path))
    bad = {f.rule for f in failures}
    if bad:
        keep = []
        for k, c in enumerate(result.rules, 1):
            rid = f"LEARNED_{c.kind}_{k:04d}"
            (result.rejected_by_check.append(rid) if rid in bad else keep.append(c))
        result.rules = keep
        write_file(path, rule_file(result).encode("utf-8"))
    return result
