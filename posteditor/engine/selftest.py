"""Self-tests of rules: every example a rule carries, run as LanguageTool's rule tests are.

For each fixer: ids are unique; it has at least one example it fixes and one it leaves alone;
each example gives exactly its stated output; applying the fixer to that output changes
nothing (a rule must not trigger on its own result); a known failure that starts passing is
reported too (strict xfail). All problems are collected, never just the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..fixers.base import Context, Example, Fixer, duplicate_ids
from .pipeline import run_fixer


@dataclass(frozen=True)
class Failure:
    rule: str
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.rule}: {self.message}"


def _context(example: Example, text: str, lang: str) -> Context:
    sources = example.sources
    return Context(example.preceding + (text,), len(example.preceding), sources[-1] if sources else None, lang, sources)


def apply_once(fixer: Fixer, text: str, example: Example, lang: str = "en") -> str:
    """Run ``fixer`` alone over ``text`` (as the pipeline would: needs and protection included)."""
    if not fixer.may_change(text):
        return text
    return run_fixer(fixer, text, _context(example, text, lang))[0]


def run_example(fixer: Fixer, example: Example, lang: str = "en") -> list[str]:
    """Problems with one example: wrong output, the rule firing again on its output, or a
    change where the rule's ``needs`` say none is possible."""
    problems = []
    probe_matches = getattr(fixer, "probe_matches", None)
    for text in dict.fromkeys((example.input, example.expected)):
        if fixer.needs and probe_matches is not None and probe_matches(text) and not fixer.has_needs(text):
            what = "when" if getattr(fixer, "when", None) is not None else "pattern"
            problems.append(f"example {text!r}: the rule's {what} matches it, but it contains none of the "
                            f"rule's needs {list(fixer.needs)}")
    if not fixer.may_change(example.input):
        ungated = run_fixer(fixer, example.input, _context(example, example.input, lang))[0]
        if ungated != example.input:
            problems.append(f"example {example.input!r}: the rule changes it, but it contains none of the rule's "
                            f"needs {list(fixer.needs)}")
    got = apply_once(fixer, example.input, example, lang)
    if got != example.expected:
        want = "unchanged" if example.output is None else repr(example.expected)
        problems.append(f"example {example.input!r}: expected {want}, got {got!r}")
    else:
        again = apply_once(fixer, got, example, lang)
        if again != got:
            problems.append(f"example {example.input!r}: fires again on its own output {got!r} -> {again!r}")
    return problems


def check_fixers(fixers: Sequence[Fixer], lang: str = "en") -> tuple[list[Failure], int]:
    """Check every fixer; returns (failures, examples run)."""
    failures: list[Failure] = []
    count = 0
    for fixer, first in duplicate_ids(fixers):
        failures.append(Failure(fixer.id, fixer.origin or fixer.id, f"duplicate id, first defined at {first}"))
    for fixer in fixers:
        origin = fixer.origin or fixer.id
        validate = getattr(fixer, "validate", None)
        if validate is not None:
            from ..errors import RuleFileError

            try:
                validate()
            except RuleFileError as exc:
                failures.append(Failure(fixer.id, origin, exc.detail))
                continue
            from .rules import risky_pattern

            for what, p in (("pattern", fixer.pattern), ("when", fixer.when),
                            *(("antipattern", a) for a in fixer.antipatterns)):
                risk = risky_pattern(p.source if hasattr(p, "source") else p.pattern) if p is not None else None
                if risk:
                    failures.append(Failure(fixer.id, origin, f"the {what} may backtrack for ever on some texts: {risk}; "
                                                              f"make the repeated part unambiguous"))
        fixing = [e for e in fixer.examples if e.expected != e.input]
        keeping = [e for e in fixer.examples if e.expected == e.input]
        if not fixing:
            failures.append(Failure(fixer.id, origin, "needs at least one example that it fixes"))
        if not keeping:
            failures.append(Failure(fixer.id, origin, "needs at least one example that it leaves unchanged"))
        for example in fixer.examples:
            count += 1
            for problem in run_example(fixer, example, lang):
                failures.append(Failure(fixer.id, origin, problem))
        for example in getattr(fixer, "known_failures", ()):
            count += 1
            if apply_once(fixer, example.input, example, lang) == example.expected:
                failures.append(
                    Failure(fixer.id, origin, f"known failure {example.input!r} now passes: make it an example")
                )
    return failures, count


def all_examples(fixers: Iterable[Fixer]) -> list[tuple[Fixer, Example]]:
    """Every (fixer, example) pair, known failures included, for test parametrisation."""
    out = []
    for fixer in fixers:
        out.extend((fixer, e) for e in fixer.examples)
        out.extend((fixer, e) for e in getattr(fixer, "known_failures", ()))
    return out
