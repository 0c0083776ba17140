"""The fixing pipeline: ordered, switchable fixers run to a fixed point.

>>> from posteditor import Pipeline
>>> result = Pipeline().fix_segment("arrived in Tbilisi.Officials said")
>>> result.text
'arrived in Tbilisi. Officials said'
>>> [e.rule for e in result.edits]
['EN_SPACE_AFTER_SENTENCE_END']
"""

from __future__ import annotations

import dataclasses
import difflib
import warnings
from typing import Optional, Sequence

from ..errors import ConfigError, InputError, PosteditorWarning
from ..fixers.base import Change, Context, Fixer, Vocabulary, duplicate_ids, literals_found
from ..text.edits import DocumentResult, Edit, FixResult
from ..text.inline import Reader, held_in_markup, to_markup
from ..text.protect import Spans, protected_spans, source_spans
from .config import Config


def build_fixers(config: Config) -> list[Fixer]:
    """The fixers ``config`` asks for, in the order they run."""
    from ..fixers import builtin_fixers
    from ..knowledge.shipped import shipped_rules_dir
    from .rules import load_rules

    fixers: list[Fixer] = []
    if config.builtin:
        lang_dir = shipped_rules_dir() / config.lang
        if not lang_dir.is_dir():
            if not config.rules:
                known = sorted(p.name for p in shipped_rules_dir().iterdir() if p.is_dir())
                raise ConfigError(f"no rules for the language {config.lang!r}: posteditor has rules for "
                                  f"{', '.join(known)}; give your own with --rules")
        else:
            fixers.extend(builtin_fixers(config))
            fixers.extend(load_rules([lang_dir], lazy=True))
    fixers.extend(load_rules(config.rules))
    for f, first in duplicate_ids(fixers)[:1]:
        from ..errors import RuleFileError

        raise RuleFileError(f"duplicate id, already defined at {first}", f.origin, rule_id=f.id)
    check_selectors(config.disabled, fixers, "--disable")
    check_selectors(config.selected, fixers, "--select")
    if config.selected:
        fixers = [f for f in fixers if f.matches_selector(config.selected)]
    check_selectors([key for key, _ in config.severities], fixers, "[severity]")
    fixers = [f for f in fixers if not f.matches_selector(config.disabled)]
    from .rules import RegexRule

    fixers = [dataclasses.replace(f, timeout=config.rule_timeout)
              if isinstance(f, RegexRule) and f.timeout != config.rule_timeout else f for f in fixers]
    return sorted(fixers, key=lambda f: f.stage)  # stable: file order within a stage


def check_selectors(selectors, fixers: Sequence[Fixer], option: str) -> None:
    """Refuse a rule id or category that names nothing: a typo in ``--disable GLUEE`` must not
    pass silently (the QA checks of `check` and their category QA count as rules)."""
    from .qa_ids import QA_SEVERITY

    known = {f.id for f in fixers} | {f.category for f in fixers} | set(QA_SEVERITY) | {"QA"}
    for selector in selectors:
        if selector not in known and selector.upper() not in {f.category for f in fixers} | {"QA"}:
            close = difflib.get_close_matches(selector.upper(), sorted(known), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else " (`posteditor rules list` lists them)"
            raise ConfigError(f"{option}: no rule or category {selector!r}{hint}")


def veto_key(rule: str, text: str, start: int, end: int, after: str) -> tuple:
    """What identifies a change a reviewer rejected, so that the pipeline, run again on the
    reviewed text, does not propose it again wherever earlier decisions moved it: its rule,
    its text before and after, and which occurrence of that text it is (an insertion: of the
    characters either side), counted from the start of the segment.

    >>> veto_key("R", "a ,b ,c", 4, 6, ",") == veto_key("R", "a ,b ,c", 1, 3, ",")
    False
    >>> veto_key("R", "a ,b ,c", 4, 6, ",") == veto_key("R", "x  y a ,b ,c", 9, 11, ",")
    True
    """
    anchor_start = start if end > start else max(0, start - 1)
    anchor = text[anchor_start:end] if end > start else text[anchor_start:start + 1]
    return rule, anchor, start - anchor_start, text[start:end], after, text.count(anchor, 0, anchor_start)


def run_fixer(fixer: Fixer, text: str, ctx: Context, changes: Optional[list[Change]] = None) -> tuple[str, list[Edit]]:
    """Apply one fixer once: its non-overlapping changes, left to right, as recorded edits
    (``changes``: what its find() already returned for ``text``).

    No change may alter part of a protected span (a URL, a tag, a placeholder, what the
    target keeps as the source has it); a segment removed as a whole (page furniture such
    as "Source: https://...") takes such spans along. A line break inside a segment is never
    touched."""
    if changes is None:
        changes = list(fixer.find(text, ctx))
    if not changes:
        return text, []
    if len(changes) > 1:
        changes.sort(key=lambda c: (c.start, c.end))
    protected = Spans(protected_spans(text) + source_spans(text, ctx.source))
    breaks = Spans((i, i + 1) for i, c in enumerate(text) if c in "\r\n") if "\n" in text or "\r" in text else None
    edits: list[Edit] = []
    parts: list[str] = []
    pos = 0
    delta = 0
    for ch in changes:
        whole_removed = ch.start == 0 and ch.end == len(text) and not ch.after.strip()
        if (ch.start < pos or (protected.overlaps(ch.start, ch.end) and not whole_removed)
                or (breaks is not None and breaks.overlaps(ch.start, ch.end))):
            continue
        before = text[ch.start : ch.end]
        if before == ch.after or "\n" in ch.after:
            continue
        if ctx.veto and veto_key(fixer.id, text, ch.start, ch.end, ch.after) in ctx.veto:
            continue
        edits.append(
            Edit(
                fixer.id, fixer.category, ch.start + delta, ch.end + delta, before, ch.after,
                ch.message or fixer.description, fixer.severity,
            )
        )
        parts.append(text[pos : ch.start])
        parts.append(ch.after)
        pos = ch.end
        delta += len(ch.after) - len(before)
    if not edits:
        return text, []
    parts.append(text[pos:])
    return "".join(parts), edits


class Prefilter:
    """The fixers that may change a text, from all fixers' ``needs`` at once (one pass of an
    Aho-Corasick automaton, ahocorasick_rs, over the text instead of a call to every fixer),
    then the ``gate`` of those that have one."""

    def __init__(self, fixers: Sequence[Fixer]):
        import ahocorasick_rs

        self.always = 0
        self.gates = tuple(f.gate for f in fixers)
        # Each fixer's family: (the family's gate, the bits of its members), or None.
        members: dict[int, int] = {}
        for k, f in enumerate(fixers):
            if f.family_gate is not None:
                members[id(f.family_gate)] = members.get(id(f.family_gate), 0) | 1 << k
        self.families = tuple(
            None if f.family_gate is None else (f.family_gate, members[id(f.family_gate)]) for f in fixers
        )
        self._with_gates = sum(1 << k for k, f in enumerate(fixers) if f.gate is not None or f.family_gate is not None)
        exact: dict[str, int] = {}
        folded: dict[str, int] = {}
        for k, f in enumerate(fixers):
            if not f.needs:
                self.always |= 1 << k
                continue
            table = folded if f.needs_ignorecase else exact
            for n in f.needs:
                key = n.casefold() if f.needs_ignorecase else n
                table[key] = table.get(key, 0) | 1 << k
        # Single characters (",", ".") are tested with `in`: in the automaton they would
        # report every occurrence.
        self._chars = tuple((c, bits) for c, bits in exact.items() if len(c) == 1)
        exact = {literal: bits for literal, bits in exact.items() if len(literal) > 1}
        # Each automaton with the bits of its literals, by the literal's index.
        self._exact = self._folded = None
        for table, attr in ((exact, "_exact"), (folded, "_folded")):
            if table:
                # A DFA: the fastest to search (half the time of the default on casefolded
                # text), and small for a few hundred literals.
                automaton = ahocorasick_rs.AhoCorasick(list(table), matchkind=ahocorasick_rs.MatchKind.Standard,
                                                       implementation=ahocorasick_rs.Implementation.DFA)
                setattr(self, attr, (automaton, tuple(table.values())))

    def needs(self, text: str) -> int:
        """A bit mask over the fixers: bit k set when ``text`` has what fixer k needs."""
        mask = self.always
        for c, bits in self._chars:
            if c in text:
                mask |= bits
        if self._exact is not None:
            automaton, table = self._exact
            for k, _, _ in literals_found(automaton, text, True):  # overlapping: every literal
                mask |= table[k]
        if self._folded is not None:
            automaton, table = self._folded
            for k, _, _ in literals_found(automaton, text.casefold(), True):
                mask |= table[k]
        return mask

    def __call__(self, text: str) -> int:
        """A bit mask over the fixers: bit k set when fixer k may change ``text`` (its needs
        are there and its gate, if any, agrees)."""
        return self.gated(text, self.needs(text))

    def gated(self, text: str, mask: int) -> int:
        """``mask`` less the fixers whose gate (or family's gate) rules ``text`` out."""
        todo = mask & self._with_gates
        while todo:
            bit = todo & -todo
            todo ^= bit
            k = bit.bit_length() - 1
            family = self.families[k]
            if family is not None and mask & bit and not family[0](text):
                mask &= ~family[1]
                todo &= ~family[1]
                continue
            gate = self.gates[k]
            if gate is not None and not gate(text):
                mask &= ~bit
        return mask


class Pipeline:
    """Fixers built once from a :class:`Config`, to fix many segments or documents."""

    def __init__(self, config: Optional[Config] = None, fixers: Optional[Sequence[Fixer]] = None, corrector=None,
                 prefilter: bool = True):
        """``corrector``: an optional model stage (posteditor.model) run after the rules.
        ``prefilter=False`` calls every fixer on every text (the result is the same, slower)."""
        self.config = config or Config()
        self.fixers: list[Fixer] = list(fixers) if fixers is not None else build_fixers(self.config)
        self._uses_context = any(f.uses_context for f in self.fixers)
        self._prefilter = Prefilter(self.fixers if prefilter else ())
        if not prefilter:
            self._prefilter.always = (1 << len(self.fixers)) - 1
            self._prefilter.gates = self._prefilter.families = (None,) * len(self.fixers)
            self._prefilter._with_gates = 0
        # What the fixing loop needs of fixer k, in one tuple: its family's gate and members,
        # its own gate, its find method.
        self._steps = tuple(
            (family[0] if family else None, family[1] if family else 0, gate, f.find)
            for f, family, gate in zip(self.fixers, self._prefilter.families, self._prefilter.gates)
        )
        # Fixers that do not read the document give the same answer on the same text; those
        # that read only the segments just before theirs, the same answer where none of
        # those changed.
        self._context_free = sum(1 << k for k, f in enumerate(self.fixers) if not f.uses_context)
        self._previous_only = sum(1 << k for k, f in enumerate(self.fixers) if f.uses_context and f.reads_previous_only)
        self.corrector = corrector
        self._proposers = [f for f in self.fixers if f.proposes]
        self._quieter: dict[frozenset, "Pipeline"] = {}  # pipelines without the rules a unit ignores

    def _fix_text(self, text: str, ctx: Context, settled: Optional[int] = None,
                  may: Optional[int] = None) -> tuple[str, list[Edit], Optional[int]]:
        """Run the fixers to a fixed point.

        Returns the text, its edits and, where a fixed point was reached (rather than the
        pass limit or a cycle), the prefilter's mask of the text (less the fixers whose gate
        ruled it out). A fixer is not called
        again on a text it found nothing in, nor on a text that lacks its needs: the result
        is that of calling every fixer in every pass, with fewer calls. ``settled``: the mask
        this method returned for ``text`` in the document's last pass; ``may``: the fixers
        still worth trying on it (there, only those that read the document can find
        anything new; :meth:`fix_document` works them out).
        """
        edits: list[Edit] = []
        seen: Optional[dict[str, int]] = None  # texts at the end of each pass, once one changes
        start = text
        fixers, steps, needs = self.fixers, self._steps, self._prefilter.needs
        mask = needs(text) if settled is None else settled
        if may is None:
            may = mask
        gated = 0  # fixers whose gates let the current text through
        family_ok = 0  # fixers whose family's gate did
        for _ in range(self.config.max_passes):
            changed = False
            k = -1
            while pending := may >> (k + 1):  # the next fixer, in order, that may change the text
                k += (pending & -pending).bit_length()
                bit = 1 << k
                family, members, gate, find = steps[k]
                if not gated & bit:
                    # Gates are asked only when their fixer's turn comes: a text that an
                    # earlier fixer changes is never asked about.
                    if family is not None and not family_ok & bit:
                        if not family(text):
                            may &= ~members
                            mask &= ~members
                            continue
                        family_ok |= members
                    if gate is not None and not gate(text):
                        may &= ~bit
                        mask &= ~bit
                        continue
                    gated |= bit
                changes = list(find(text, ctx))
                if not changes:  # the common case, without a call to run_fixer
                    may &= ~bit
                    continue
                new, found = run_fixer(fixers[k], text, ctx, changes)
                if found:
                    text, changed = new, True
                    edits.extend(found)
                    may = mask = needs(text)
                    gated = family_ok = 0
                else:
                    may &= ~bit
            if not changed:
                return text, edits, mask
            if seen is None:
                seen = {start: 0}
            if text in seen:
                # Fixers undoing each other: stop where the cycle began (the text is the same
                # there), dropping the edits of the round trip, so the result replays.
                del edits[seen[text]:]
                return text, edits, None
            seen[text] = len(edits)
        return text, edits, None

    def fix_segment(self, text: str, ctx: Optional[Context] = None) -> FixResult:
        """Fix one segment; ``ctx`` gives its document, if any."""
        if self.corrector is not None and ctx is None:
            return self.fix_document([text]).segments[0]
        ctx = ctx or Context.alone(text, self.config.lang)
        fixed, edits, _ = self._fix_text(text, ctx)
        return FixResult(text, fixed, tuple(edits))

    def fix_document(
        self, segments: Sequence[str], sources: Optional[Sequence[Optional[str]]] = None, veto: frozenset = frozenset()
    ) -> DocumentResult:
        """Fix every segment of one document; fixers see the other segments as context.

        The result has exactly as many segments as the input: removed boilerplate comes back
        as an empty segment with the edit that emptied it. ``veto``: changes a reviewer
        rejected (:func:`veto_key`), never made.
        """
        current = list(segments)
        edits: list[list[Edit]] = [[] for _ in current]
        # Segments at a fixed point of the last pass (their prefilter masks): there, only the
        # fixers that read the document can find anything new.
        settled: list[Optional[int]] = [None] * len(current)
        lang, fix_text, gated = self.config.lang, self._fix_text, self._prefilter.gated
        reads_document, previous_only = ~self._context_free, self._previous_only
        max_chars = self.config.max_segment_chars
        for pass_number in range(self.config.max_passes):
            # Document evidence is taken from the document as this pass finds it, so that a
            # second run over the output sees what the last pass saw (idempotence).
            vocabulary = Vocabulary(current)
            changed = False
            changed_now = [False] * len(current)
            for i, text in enumerate(current):
                if len(text) > max_chars:
                    if pass_number == 0:
                        warnings.warn(PosteditorWarning(
                            f"segment {i + 1} has {len(text):,} characters, more than max_segment_chars "
                            f"({max_chars:,}): left as it is"), stacklevel=2)
                    continue
                may = None
                if settled[i] is not None:
                    may = settled[i] & reads_document
                    if may & previous_only and not self._previous_changed(current, changed_now, i):
                        may &= ~previous_only
                    if may:
                        may = gated(text, may)
                    if not may:
                        continue  # nothing this segment's fixers read has changed
                src = sources[i] if sources is not None else None
                ctx = Context(current, i, src, lang, sources, vocabulary, veto)
                fixed, found, settled[i] = fix_text(text, ctx, settled[i], may)
                if found:
                    current[i] = fixed
                    edits[i].extend(found)
                    changed = changed_now[i] = True
            if not changed or not self._uses_context:
                break
        held = self._held(current, sources) if self._proposers else [()] * len(current)
        verdicts: list[Optional[dict]] = [None] * len(current)
        if self.corrector is not None:
            flagged = [bool(edits[i] or held[i]) for i in range(len(current))]  # what the rules found
            results = self.corrector.correct(current, self.config.lang, tuple(self.config.glossaries), sources,
                                             flagged, held)
            for i, r in enumerate(results):
                if r.output != r.original:
                    verdicts[i] = {"output": r.output, "accepted": r.accepted, "reason": r.decision.reason,
                                   "logprob_gain": r.logprob_gain}
                if r.accepted:
                    edits[i].extend(self.corrector.edits(r))
                    current[i] = r.text
        return DocumentResult(
            tuple(FixResult(o, f, tuple(e), v, h) for o, f, e, v, h in zip(segments, current, edits, verdicts, held))
        )

    def _held(self, current: list[str], sources) -> list[tuple[Edit, ...]]:
        """The changes proposed but not made, per segment of the fixed document."""
        out: list[tuple[Edit, ...]] = []
        vocabulary = Vocabulary(current)
        for i, text in enumerate(current):
            src = sources[i] if sources is not None else None
            ctx = Context(current, i, src, self.config.lang, sources, vocabulary)
            out.append(tuple(
                Edit(f.id, f.category, ch.start, ch.end, text[ch.start:ch.end], ch.after, ch.message or f.description,
                     f.severity)
                for f in self._proposers for ch in f.proposals(text, ctx)))
        return out

    @staticmethod
    def _previous_changed(current: list[str], changed_now: list[bool], i: int) -> bool:
        """Whether a segment before ``i``, back to the previous non-empty one, changed in
        this pass."""
        for j in range(i - 1, -1, -1):
            if changed_now[j]:
                return True
            if current[j].strip():
                return False
        return False

    def fix_file(self, doc, documents: str = "file") -> DocumentResult:
        """Fix the units of a translation file (:class:`posteditor.fileformats.formats.Bilingual`): a unit is
        never emptied outside plain text, and inline markup is read as the reader sees it."""
        result = self.fix_units(doc.segments, doc.sources, documents, doc.keeps_units, doc.markup)
        if not any(getattr(u, "ignore", None) for u in doc.units):
            return result
        segments = list(result.segments)
        for k, unit in enumerate(doc.units):
            if unit.ignore:
                try:
                    segments[k] = self.fix_ignoring(unit.target, unit.ignore, unit.source, doc.keeps_units, doc.markup)
                except ConfigError as exc:
                    raise InputError(exc.detail, doc.name, unit.line) from None
        return DocumentResult(tuple(segments))

    def fix_ignoring(self, target: str, ignore: frozenset, source: Optional[str] = None, keep_units: bool = False,
                     markup: bool = False) -> FixResult:
        """A unit whose note or pragma says "posteditor: ignore RULE", fixed alone without those
        rules (ALL: not at all)."""
        if "ALL" in ignore:
            return FixResult(target, target)
        if ignore not in self._quieter:
            check_selectors(ignore, self.fixers, '"posteditor: ignore"')
            self._quieter[ignore] = Pipeline(self.config.with_disabled(*ignore), corrector=self.corrector)
        return self._quieter[ignore].fix_units([target], [source], "line", keep_units, markup).segments[0]

    def fix_units(self, segments: Sequence[str], sources: Optional[Sequence[Optional[str]]] = None,
                  documents: str = "file", keep_units: bool = False, markup: bool = False,
                  veto: frozenset = frozenset()) -> DocumentResult:
        """Fix the segments of one file: as one document (``"file"``), as documents that each
        end at a blank segment (``"blank-line"``), or each segment alone (``"line"``). Document
        evidence (a name standing alone elsewhere, a headline just before) is taken only
        from the segment's own document.

        >>> Pipeline().fix_units(["Anar Mammadli arrived.", "", "Mammadliand the envoy met."],
        ...                      documents="blank-line").segments[2].text
        'Mammadliand the envoy met.'
        """
        if markup:
            return markup_result(self.fix_units([Reader(s).text for s in segments],
                                                None if sources is None else [s and Reader(s).text for s in sources],
                                                documents, veto=veto), segments, keep_units)
        if documents == "file":
            result = self.fix_document(segments, sources, veto)
        else:
            parts = [self.fix_document(segments[a:b], None if sources is None else sources[a:b], veto)
                     for a, b in document_spans(segments, documents)]
            result = DocumentResult(tuple(seg for part in parts for seg in part.segments))
        return kept_whole(result) if keep_units else result

    def fix(self, text: str) -> DocumentResult:
        """Fix a document given as text, one segment a line."""
        return self.fix_document(text.split("\n"))


def markup_result(result: DocumentResult, markups: Sequence[str], keep_units: bool) -> DocumentResult:
    """``result`` of fixing the reader texts of ``markups``, carried back into the markup
    (see :mod:`posteditor.text.inline`)."""
    segments = []
    for seg, markup in zip(result.segments, markups):
        if seg.edits or seg.held:
            text, edits = to_markup(markup, seg.edits)
            seg = FixResult(markup, text, tuple(edits), seg.model, tuple(held_in_markup(text, seg.held)))
        else:
            seg = FixResult(markup, markup, (), seg.model)
        segments.append(seg)
    result = DocumentResult(tuple(segments))
    return kept_whole(result) if keep_units else result


def kept_whole(result: DocumentResult) -> DocumentResult:
    """``result`` with no segment emptied: a unit of a translation or subtitle file that the
    fixers would empty (page furniture, a repeated headline) keeps its text, and the removal
    becomes a change proposed to the reviewer (``held``), which `check` reports.

    >>> doc = kept_whole(Pipeline().fix_document(["Leave a Reply", "Talks resumed ."]))
    >>> [s.text for s in doc.segments], [(h.rule, h.after) for h in doc.segments[0].held]
    (['Leave a Reply', 'Talks resumed.'], [('BOILERPLATE_PAGE_FURNITURE', '')])
    """
    segments = []
    for seg in result.segments:
        if seg.original.strip() and not seg.text.strip():
            last = seg.edits[-1]
            removal = Edit(last.rule, last.category, 0, len(seg.original), seg.original, "",
                           f"{last.message}; a unit of a translation file is not emptied: proposed, not made",
                           last.severity)
            seg = FixResult(seg.original, seg.original, (), seg.model, seg.held + (removal,))
        segments.append(seg)
    return DocumentResult(tuple(segments))


DOCUMENTS = ("file", "blank-line", "line")


def document_spans(segments: Sequence[str], documents: str) -> list[tuple[int, int]]:
    """(start, end) of each document of ``segments`` as ``documents`` splits them (see
    :meth:`Pipeline.fix_units`); a blank segment ends the document it closes."""
    if documents not in DOCUMENTS:
        raise ValueError(f"documents must be one of {DOCUMENTS}, not {documents!r}")
    if documents == "file":
        return [(0, len(segments))] if segments else []
    if documents == "line":
        return [(i, i + 1) for i in range(len(segments))]
    spans, start = [], 0
    for i, seg in enumerate(segments):
        if not seg.strip():
            spans.append((start, i + 1))
            start = i + 1
    if start < len(segments):
        spans.append((start, len(segments)))
    return spans
