"""Source-aware QA checks and findings, for ``posteditor check``.

A :class:`Finding` is a problem reported, not a change made: the edits the fixers would make
(rule id, span, suggestion) and, where the file has source text, checks in the manner of
translate-toolkit's pofilter and Xbench: numbers missing or extra, target left untranslated
(equal to the source, or in the source's script), a glossary term not respected, placeholder
or tag mismatch, URL or e-mail mismatch.

pofilter's own checks (translate-toolkit) decide what they cover: ``printf`` (positional
``%1$s`` and reordering), ``xmltags`` (tags with their attributes), ``urls``, ``emails`` and
``unchanged``. What they lack is kept here: where a number is (a finding with a span, and
thousands written three ways), brace placeholders and entities, the source's script, TBX
glossary terms.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

import regex

from ..engine.qa_ids import QA_SEVERITY
from ..text.edits import Edit, original_spans, span_before
from ..text.patterns import NUMBER, PLACEHOLDER, URL

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}



Locate = Callable[[int, int], tuple[int, int, int, int]]




@dataclass(frozen=True)
class Finding:
    """A problem at ``line``:``column`` to ``end_line``:``end_column`` of ``file`` (1-based,
    columns in characters of the file's line, the end exclusive)."""

    file: str
    line: int
    column: int  # 1-based
    rule: str
    category: str
    severity: str
    message: str
    suggestion: Optional[str] = None
    segment: str = ""  # the target text, for fingerprints
    before: str = ""  # the text the finding is about
    end_line: int = 0
    end_column: int = 0
    plural: Optional[int] = None  # the plural form of a PO entry (msgstr[n])

    def __init__(self, file: str, line: int, column: int, rule: str, category: str, severity: str, message: str,
                 suggestion: Optional[str] = None, segment: str = "", before: str = "", end_line: int = 0,
                 end_column: int = 0, plural: Optional[int] = None):
        # Written out for speed, as Edit's (posteditor.text.edits): one per edit in a check.
        d = self.__dict__
        d["file"], d["line"], d["column"], d["rule"], d["category"] = file, line, column, rule, category
        d["severity"], d["message"], d["suggestion"], d["segment"], d["before"] = (
            severity, message, suggestion, segment, before)
        d["end_line"], d["end_column"], d["plural"] = end_line or line, end_column or column, plural

    @property
    def fingerprint(self) -> str:
        """Stable across line shifts: file, rule, the segment and the flagged text."""
        key = "\x1f".join((self.file, self.rule, self.segment, self.before))
        return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @property
    def position(self) -> tuple:
        return self.line, self.column, self.end_line, self.end_column

    def to_dict(self) -> dict:
        out = {
            "file": self.file, "line": self.line, "column": self.column, "end_line": self.end_line,
            "end_column": self.end_column, "rule": self.rule, "category": self.category, "severity": self.severity,
            "message": self.message, "text": self.before, "suggestion": self.suggestion,
            "fingerprint": self.fingerprint,
        }
        if self.plural is not None:
            out["plural"] = self.plural
        return out


def locator(where: "int | Locate") -> Locate:
    """``where`` as a function from a span of the segment to its place in the file: given a
    line number, the segment is that line and its columns are offsets."""
    if callable(where):
        return where
    return lambda start, end: (where, start + 1, where, end + 1)


def findings_from_edits(file: str, where: "int | Locate", segment: str, edits: Sequence[Edit],
                        severities: dict[str, str], held: Sequence[Edit] = (),
                        plural: Optional[int] = None) -> list[Finding]:
    """Each edit a fixer would make, and each change it proposes without making (``held``,
    with offsets into the text after ``edits``), as a finding located in the original segment
    (``where``: its line, or a function giving a span's place in the file)."""
    locate = locator(where)
    findings: list[Finding] = []
    located = [(edit, span) for edit, span in zip(edits, original_spans(edits))]
    located += [(h, span_before(list(edits), h.start, h.end)) for h in held]
    for edit, (start, end) in located:
        start = max(0, min(start, len(segment)))
        end = max(start, min(end, len(segment)))
        severity = severities.get(edit.rule, severities.get(edit.category, edit.severity))
        findings.append(Finding(file, *locate(start, end)[:2], edit.rule, edit.category, severity, edit.message,
                                edit.after, segment, edit.before, *locate(start, end)[2:], plural))
    return findings


_TAG_NAME = regex.compile(r"</?([A-Za-z][\w:-]*)")


def _norm_number(n: str) -> str:
    digits = regex.sub(r"[.,\u00a0 ](?=\d{3}\b)", "", n)
    return digits.replace(",", ".")


def _scripts(text: str) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            counts[name.split(" ")[0] if name else "UNKNOWN"] += 1
    return counts


def _placeholders(text: str) -> collections.Counter:
    out: collections.Counter = collections.Counter()
    for m in PLACEHOLDER.finditer(text):
        token = m.group()
        if token.startswith("<"):
            name = _TAG_NAME.match(token)
            token = ("</" if token.startswith("</") else "<") + (name.group(1) if name else "") + (">" if not token.endswith("/>") else "/>")
        out[token] += 1
    return out


@functools.lru_cache(maxsize=1)
def _pofilter():
    from translate.filters.checks import StandardChecker

    return StandardChecker()


def pofilter_failures(source: str, target: str, names: Sequence[str]) -> list[str]:
    """The messages of those of pofilter's checks ``names`` that ``target`` fails."""
    from translate.filters.checks import FilterFailure

    checker, failed = _pofilter(), []
    for name in names:
        try:
            getattr(checker, name)(source, target)
        except FilterFailure as failure:
            failed.append(str(failure))
    return failed


def check_unit(file: str, where: "int | Locate", source: str, target: str, glossary: Sequence[tuple[str, str]] = (),
               severities: Optional[dict[str, str]] = None, plural: Optional[int] = None) -> list[Finding]:
    """QA findings for one unit that has a source (``where`` as in :func:`findings_from_edits`)."""
    severities = severities or {}
    locate = locator(where)
    found: list[Finding] = []

    def add(rule: str, message: str, span: Optional[tuple[int, int]] = None, before: str = "",
            suggestion: Optional[str] = None):
        severity = severities.get(rule, severities.get("QA", QA_SEVERITY[rule]))
        line, column, end_line, end_column = locate(*(span or (0, len(target))))
        found.append(Finding(file, line, column, rule, "QA", severity, message, suggestion, target, before,
                             end_line, end_column, plural))

    if not target.strip() or not source.strip():
        return found
    # Numbers inside placeholders ({0}, %1$s) and URLs are checked with those, not here.
    def blank(text: str) -> str:
        for pattern in (PLACEHOLDER, URL):
            text = pattern.sub(lambda m: " " * len(m.group()), text)
        return text

    source_n, target_n = blank(source), blank(target)
    src_numbers = collections.Counter(_norm_number(n) for n in NUMBER.findall(source_n))
    tgt_numbers = collections.Counter(_norm_number(n) for n in NUMBER.findall(target_n))
    for n in sorted((src_numbers - tgt_numbers).elements()):
        add("QA_NUMBER_MISSING", f"number {n} of the source is missing from the target", before=n)
    for m in NUMBER.finditer(target_n):
        n = _norm_number(m.group())
        if tgt_numbers[n] > src_numbers[n]:
            add("QA_NUMBER_EXTRA", f"number {m.group()} is not in the source", m.span(), m.group())
            tgt_numbers[n] -= 1
    letters = sum(ch.isalpha() for ch in target)
    if letters >= 4 and len(target.split()) >= 2 and pofilter_failures(source, target, ["unchanged"]):
        add("QA_UNTRANSLATED", "target is the same as the source")
    else:
        tgt_scripts, src_scripts = _scripts(target), _scripts(source)
        main_src = src_scripts.most_common(1)[0][0] if src_scripts else None
        if main_src and main_src != "LATIN" and letters and tgt_scripts[main_src] / letters > 0.5:
            add("QA_SOURCE_SCRIPT", f"target is mostly in the source's script ({main_src.title()})")
    # Ours name what differs; pofilter's catch what ours do not (printf types and order, tag
    # attributes, URL schemes), with a message of their own.
    detail = (_differences(_placeholders(source), _placeholders(target))
              or pofilter_failures(source, target, ["printf", "xmltags"]))
    if detail:
        add("QA_PLACEHOLDER", "placeholders or tags differ from the source: " + "; ".join(detail))
    detail = (_differences(collections.Counter(URL.findall(source)), collections.Counter(URL.findall(target)))
              or pofilter_failures(source, target, ["urls", "emails"]))
    if detail:
        add("QA_URL", "URLs or e-mail addresses differ from the source: " + "; ".join(detail))
    for src_term, tgt_term in glossary:
        if _contains(source, src_term) and not _contains(target, tgt_term):
            add("QA_GLOSSARY", f"source has {src_term!r}: the glossary asks for {tgt_term!r}", suggestion=tgt_term)
    return found


def _differences(source: collections.Counter, target: collections.Counter) -> list[str]:
    missing, extra = sorted((source - target).elements()), sorted((target - source).elements())
    return [f"missing {missing}"] * bool(missing) + [f"extra {extra}"] * bool(extra)


def _contains(text: str, term: str) -> bool:
    return regex.search(r"(?<![\p{L}\p{N}])" + regex.escape(term) + r"(?![\p{L}\p{N}])", text, regex.I) is not None


def glossary_pairs(glossaries: Iterable) -> list[tuple[str, str]]:
    """(source term, target term) pairs from glossaries that have source-language terms (TBX)."""
    from ..knowledge.namematch import read_glossary

    pairs = []
    for path in glossaries:
        for entry in read_glossary(path):
            if str(path).lower().endswith(".tbx"):
                pairs += [(term, entry.canonical) for term in entry.corrections]
    return pairs


def at_or_above(findings: Iterable[Finding], level: str) -> list[Finding]:
    rank = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK.get(f.severity, 1) >= rank]
