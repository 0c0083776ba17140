"""Rule files: regex rules as data, each carrying the examples that test it.

A rule file is TOML (``rules/<lang>/*.toml``)::

    [lists]                       # named word lists, used in patterns as \\L<name>
    weekdays = ["Monday", "Tuesday"]
    phrases = { file = "lists/phrases.txt" }   # one entry a line, '#' comments

    [[rule]]
    id = "EN_SPACE_BEFORE_PUNCT"
    category = "SPACING"
    severity = "warning"             # error | warning | info
    description = "English puts no space before , . ; : ! ?"
    pattern = '\\s+([,;:!?])'
    replace = '\\1'                  # back-references, \\u \\l \\U \\L \\E case conversion
    scope = "span"                   # or "segment": the pattern must match the whole segment
    ignorecase = false
    antipatterns = ['\\d\\s+:\\s*\\d']  # a match overlapping one of these is left alone
    when = '\\d'                     # optional: the rule runs only on segments where this is found
    needs = [":"]                    # optional: literal strings of which a segment must contain
                                     # one wherever `when` (or, without one, the pattern)
                                     # matches (case-folded with ignorecase;
                                     # '\\L<name>' stands for every entry of a list); the
                                     # pipeline tests all rules' needs at once, so a rule with
                                     # needs costs nothing on segments without them
    gate = "repeated_word"           # optional: a named test in Python (posteditor.engine.gates) for
                                     # what no literal can say: the rule is skipped where it fails
      [[rule.example]]
      input = "Turnout was low , officials said ."
      output = "Turnout was low, officials said."
      [[rule.example]]               # no output: must stay unchanged
      input = "The score was 3 : 2."
      [[rule.known_failure]]         # run as strict xfail: noticed the day it passes
      input = "..."
      output = "..."

Lists in a ``lists/`` folder beside the rule file are available to every rule by file stem.

Token classes stand for words of a kind: ``\\T<CAP>`` a capitalised word, ``\\T<NUM>`` a
number, ``\\T<PERSON>`` a person in the names gazetteer (any listed spelling),
``\\T<SURNAME>`` the last name of one, ``\\T<COUNTRY>`` a country, ``\\T<PLACE>`` a
country, city or region, ``\\T<ORG>`` an organisation or news agency, ``\\T<KNOWN>`` any
of the last four. Maps (``[maps] demonym = { file = "lists/demonyms.tsv" }``, key<TAB>value)
are looked up in replacements as ``\\M<demonym,1>``.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import regex

from ..errors import PosteditorWarning, RuleFileError
from ..fixers.base import CATEGORY_ORDER, Change, Context, Example, Fixer, duplicate_ids
from ..knowledge.shipped import read_list
from ..text.edits import SEVERITIES
from ..text.protect import Spans
from .template import NoMapping, Template, TemplateError

_CLASS_REF = regex.compile(r"\\T<(\w+)>")
_CLASS_PATTERNS = {
    "CAP": r"\p{Lu}[\p{L}\p{M}'’-]*",
    "NUM": r"\d+(?:[.,]\d+)*",
    "PERSON": r"\L<_T_PERSON>",
    "SURNAME": r"\L<_T_SURNAME>",
    "COUNTRY": r"\L<_T_COUNTRY>",
    "PLACE": r"\L<_T_PLACE>",
    "ORG": r"\L<_T_ORG>",
    "KNOWN": r"(?:\L<_T_SURNAME>|\L<_T_PLACE>|\L<_T_ORG>)",
}


@functools.lru_cache(maxsize=None)
def _class_lists(lang: str) -> dict[str, tuple[str, ...]]:
    from ..knowledge import gazetteer

    people = sorted({f for p in gazetteer.people(lang) for f in (p.canonical, *p.variants)})
    return {
        "_T_PERSON": tuple(people),
        "_T_SURNAME": tuple(sorted(gazetteer.surnames(lang))),
        "_T_COUNTRY": tuple(sorted(gazetteer.countries())),
        "_T_PLACE": tuple(sorted(gazetteer.places(lang))),
        "_T_ORG": tuple(sorted(gazetteer.organisations(lang))),
    }


def _expand_classes(source: str, path: Path, line, rule_id) -> str:
    def sub(m: "regex.Match[str]") -> str:
        name = m.group(1)
        if name not in _CLASS_PATTERNS:
            raise RuleFileError(
                f"unknown token class \\T<{name}> (known: {', '.join(sorted(_CLASS_PATTERNS))})", path, line, rule_id
            )
        return _CLASS_PATTERNS[name]

    return _CLASS_REF.sub(sub, source)


_CLASS_LIST_NAMES = frozenset({"_T_PERSON", "_T_SURNAME", "_T_COUNTRY", "_T_PLACE", "_T_ORG"})

RULE_KEYS = {
    "id", "category", "severity", "description", "message", "pattern", "replace", "scope",
    "ignorecase", "antipatterns", "when", "needs", "gate", "example", "known_failure",
}
_LIST_REF = regex.compile(r"\\L<(\w+)>")
_ID = regex.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")


@dataclass(frozen=True, eq=False)
class RegexRule(Fixer):
    """A fixer defined by a pattern, a replacement template and antipatterns."""

    pattern: Any = None
    template: Optional[Template] = None
    antipatterns: tuple[Any, ...] = ()
    message: str = ""
    scope: str = "span"
    when: Any = None
    known_failures: tuple[Example, ...] = field(default=(), repr=False)
    named_gate: Optional[Callable[[str], bool]] = None
    #: seconds any one search of this rule may take on a segment; past it the rule is
    #: skipped there, with a warning (a user's pattern that backtracks cannot stall a run)
    timeout: float = 1.0

    @property
    def gate(self) -> Optional[Callable[[str], bool]]:
        """``when`` and the named gate, as one test for the pipeline's prefilter (a ``when``
        that runs out of time lets the text through: find() then skips it with a warning)."""
        when, named, timeout = self.when, self.named_gate, self.timeout
        if when is None:
            return named

        def when_found(text: str) -> bool:
            try:
                return when.search(text, timeout=timeout) is not None
            except TimeoutError:
                return True

        if named is None:
            return when_found
        return lambda text: named(text) and when_found(text)

    def validate(self) -> None:
        """Compile every pattern and check the replacement's groups now (a lazily loaded rule
        does so on first use), and that the pattern cannot match the empty string; raises
        :class:`RuleFileError`."""
        for p in (self.pattern, self.when, *self.antipatterns):
            if isinstance(p, LazyPattern):
                p._get()
        try:
            self.template.check(self.pattern)
        except TemplateError as exc:
            raise RuleFileError(str(exc), *self.origin_parts()) from None
        empty = empty_match(self.pattern)
        if empty is not None:
            raise RuleFileError(f"the pattern can match the empty string anywhere ({empty}): it would insert its "
                                f"replacement again on every pass; make it match at least one character, or name "
                                f"the place of an insertion with lookarounds", *self.origin_parts())

    def origin_parts(self) -> tuple:
        path, _, line = self.origin.rpartition(":")
        return (path, int(line), self.id) if line.isdigit() else (self.origin, None, self.id)

    def probe_matches(self, text: str) -> bool:
        """Whether ``when`` (or, without one, the pattern; the whole segment with
        ``scope = "segment"``) matches: wherever it does, the needs must be found."""
        if self.when is not None:
            return self.when.search(text) is not None
        if self.scope == "segment":
            return self.pattern.fullmatch(text) is not None
        return self.pattern.search(text) is not None

    def find(self, text: str, ctx: Context) -> Iterator[Change]:
        try:
            found = self._find(text)
        except TimeoutError:
            warnings.warn(PosteditorWarning(
                f"rule {self.id} ({self.origin}) took more than {self.timeout:g} s on a segment of {len(text):,} "
                f"characters and was skipped there"), stacklevel=2)
            return
        yield from found

    def _find(self, text: str) -> list[Change]:
        timeout = self.timeout
        if self.when is not None and not self.when.search(text, timeout=timeout):
            return []
        if self.scope == "segment":
            m = self.pattern.fullmatch(text, timeout=timeout)
            matches: list[Any] = [m] if m else []
        else:
            matches = list(self.pattern.finditer(text, timeout=timeout))
        if not matches:
            return []
        changes = []
        anti: Optional[list[tuple[int, int]]] = None
        for m in matches:
            if self.antipatterns:
                if anti is None:
                    # Antipattern matches that start at or after the last match's end overlap
                    # none of the matches: the scan stops there.
                    limit = matches[-1].end()
                    anti = Spans(
                        a.span()
                        for ap in self.antipatterns
                        for a in itertools.takewhile(lambda a: a.start() < limit,
                                                     ap.finditer(text, overlapped=True, timeout=timeout))
                    )
                if anti.overlaps(m.start(), m.end()):
                    continue
            try:
                after = self.template.expand(m)
            except NoMapping:
                continue
            if after != m.group():
                changes.append(Change(m.start(), m.end(), after, self.message or self.description))
        return changes


# Texts on which a pattern is tried for an empty match (besides the rule's own examples).
_EMPTY_PROBES = ("", " ", "a", "A b. c, D? 1 2", "Word-word 'q' \"q\" (x)")


def empty_match(pattern) -> Optional[str]:
    """Where ``pattern`` matches the empty string on a few plain probe texts, as 'at N of
    TEXT'; None where it does not. A rule that inserts text at a
    place its lookarounds name (a space before a bracket) matches nothing on the probes; one
    that can match nothing anywhere (x*, \\b) does, and would insert on every pass.

    >>> empty_match(regex.compile("x*")), empty_match(regex.compile("x+"))
    ("at 0 of ''", None)
    """
    for text in _EMPTY_PROBES:
        try:
            for m in pattern.finditer(text, timeout=1.0):
                if m.start() == m.end():
                    return f"at {m.start()} of {text[:40]!r}"
        except TimeoutError:
            continue
    return None


# A group followed by a quantifier, in a pattern's source (escapes and classes skipped).
_GROUP_TOKENS = regex.compile(r"\\.|\[(?:\\.|[^\]])*\]|[()]|\|")
# One element of a group's body: an atom and its quantifier.
_ELEMENT = regex.compile(r"(\\p\{\w+\}|\\.|\[(?:\\.|[^\]])*\]|\((?:[^()]|\((?:[^()])*\))*\)|.)([*+?]|\{\d*,?\d*\})?[+?]?")
_BROAD = ("\\w", "\\S", ".", "\\p", "\\d", "\\D", "\\W", "[")


def risky_pattern(source: str) -> Optional[str]:
    """A warning where a pattern has a shape that can backtrack catastrophically: a quantified
    group whose body can split one match in several ways ((a+)+, (\\w+\\s?)*), or a
    quantified alternation whose branches can begin alike ((a|a)+, (a|ab)*); None otherwise.
    A heuristic for `rules check`, which a regex timeout backs at run time.

    >>> risky_pattern("(a|a)+b")
    'a quantified alternation whose branches can match the same text: (a|a)+'
    >>> risky_pattern("(x+)*y"), risky_pattern("(?:[ \\t]*,)+"), risky_pattern("(?:ab|cd)+"), risky_pattern("a+b")
    ('a quantified group whose body can split a match in several ways: (x+)*', None, None, None)
    """
    stack: list[tuple[int, list[int]]] = []  # (start, branch starts)
    for m in _GROUP_TOKENS.finditer(source):
        tok = m.group()
        if tok == "(":
            stack.append((m.start(), [m.start() + 1]))
        elif tok == "|" and stack:
            stack[-1][1].append(m.end())
        elif tok == ")" and stack:
            start, branches = stack.pop()
            if source[m.end() : m.end() + 1] not in ("*", "+", "{"):
                continue
            group = source[start : m.end() + 1]
            body = regex.sub(r"^\?(?::|P<\w+>|<\w+>|i:|-i:)", "", source[start + 1 : m.start()])
            if len(branches) > 1:
                alts = [a for a in _split_alternatives(body) if a]
                firsts = [a[:1] for a in alts]
                if len(set(firsts)) < len(firsts) or any(a.startswith(("\\w", "\\S", ".")) for a in alts):
                    return f"a quantified alternation whose branches can match the same text: {group}"
                continue
            elements = _ELEMENT.findall(body)
            if not any(q and q[0] in "*+{" for _, q in elements):
                continue
            mandatory = [a for a, q in elements if not q or q == "+" or (q.startswith("{") and not q.startswith("{0"))]
            optional = [a for a, q in elements if a not in mandatory]
            if len(mandatory) > 1:
                continue
            if not mandatory or mandatory[0].startswith(_BROAD) or mandatory[0] in optional or len(elements) == 1:
                return f"a quantified group whose body can split a match in several ways: {group}"
    return None


def _split_alternatives(body: str) -> list[str]:
    out, depth, current, k = [], 0, [], 0
    while k < len(body):
        c = body[k]
        if c == "\\":
            current.append(body[k : k + 2])
            k += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(c)
        k += 1
    out.append("".join(current))
    return out


_ID_LINE = regex.compile(r"(?m)^\s*id\s*=\s*[\"']([^\"'\n]*)[\"']")


def _id_lines(raw: str) -> dict[str, int]:
    """The line of each rule id's first ``id = "..."`` in a rule file's text."""
    lines: dict[str, int] = {}
    for m in _ID_LINE.finditer(raw):
        lines.setdefault(m.group(1), raw.count("\n", 0, m.start()) + 1)
    return lines


@functools.lru_cache(maxsize=None)
def _folder_lists(folder: Path) -> dict[str, tuple[str, ...]]:
    lists_dir = folder / "lists"
    if not lists_dir.is_dir():
        return {}
    return {p.stem.replace("-", "_"): tuple(read_list(p)) for p in sorted(lists_dir.glob("*.txt"))}


def _file_lists(path: Path, table: Any) -> dict[str, tuple[str, ...]]:
    lists = dict(_folder_lists(path.parent))
    if table is None:
        return lists
    if not isinstance(table, dict):
        raise RuleFileError("[lists] must be a table of name = [entries]", path)
    for name, value in table.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            lists[name] = tuple(value)
        elif isinstance(value, dict) and isinstance(value.get("file"), str):
            lists[name] = tuple(read_list(path.parent / value["file"]))
        else:
            raise RuleFileError(f"list {name!r} must be a list of strings or {{ file = ... }}", path)
    return lists


def _compile(source: Any, what: str, flags: int, lists: dict, path: Path, line, rule_id, lang: str = "en",
             lazy: bool = False):
    if not isinstance(source, str) or not source:
        raise RuleFileError(f"{what} must be a non-empty string", path, line, rule_id)
    source = _expand_classes(source, path, line, rule_id)
    names = set(_LIST_REF.findall(source))
    missing = names - lists.keys() - _CLASS_LIST_NAMES
    if missing:
        raise RuleFileError(f"{what} uses unknown word list(s) {sorted(missing)}", path, line, rule_id)
    origin = (what, path, line, rule_id)
    if lazy:
        # Shipped rules (checked by their tests): even the syntax is checked on first use.
        return LazyPattern(source, flags | regex.V1, {n: lists[n] for n in names if n in lists}, None,
                           tuple(sorted(names & _CLASS_LIST_NAMES)), lang, origin)
    try:
        if not names:
            return regex.compile(source, flags | regex.V1)
        # Named lists are slow to compile (hundreds of names): check the syntax now with a
        # one-word stand-in for each list, and compile the real pattern on first use.
        stand_in = regex.compile(source, flags | regex.V1, **{n: ("x",) for n in names})
    except regex.error as exc:
        raise RuleFileError(f"{what} is not a valid regex: {exc}", path, line, rule_id) from None
    # The gazetteer's lists (token classes) are read only when the pattern is compiled.
    return LazyPattern(source, flags | regex.V1, {n: lists[n] for n in names if n in lists}, stand_in,
                       tuple(sorted(names & _CLASS_LIST_NAMES)), lang, origin)


# A named list in a pattern (not after an escaped backslash), and an inline flag that may
# switch on case-insensitive matching.
_LIST_USE = regex.compile(r"(?<!\\)((?:\\\\)*)\\L<(\w+)>")
_INLINE_IGNORECASE = regex.compile(r"\(\?[a-zA-Z-]*i")


def list_by_first_character(name: str, words: Iterable[str], lists: dict) -> str:
    r"""A regex that matches what ``\L<name>`` of ``words`` matches, in the same order of
    preference (the longest entry first, then shorter ones on backtracking), as one branch
    per first character followed by a named list of the rests, which it adds to ``lists``.
    The regex module matches a named list by trying every length that an entry has at every
    position; split by first character, a position reaches only the entries that begin with
    its character, and a rule that names the gazetteer's thousand places and surnames finds
    its matches four times faster.

    >>> lists = {}
    >>> print(list_by_first_character("w", ["Joe", "Joe Biden", "Al", ""], lists))
    (?:A\L<w__0>|J\L<w__1>|)
    >>> lists
    {'w__0': ['l'], 'w__1': ['oe', 'oe Biden']}
    """
    groups: dict[str, list[str]] = {}
    empty = False
    for word in words:
        if word:
            groups.setdefault(word[0], []).append(word[1:])
        else:
            empty = True
    branches = []
    for k, (first, rests) in enumerate(sorted(groups.items())):
        lists[f"{name}__{k}"] = rests
        branches.append(f"{regex.escape(first)}\\L<{name}__{k}>")
    if empty:
        branches.append("")  # the empty entry: the shortest, so tried last
    return "(?:" + "|".join(branches) + ")"


class LazyPattern:
    """A compiled regex, compiled the first time it is used."""

    def __init__(self, source: str, flags: int, lists: dict, stand_in, classes: tuple[str, ...] = (),
                 lang: str = "en", origin: tuple = ("pattern", "", None, None)):
        self.source, self.flags, self.lists = source, flags, lists
        self.classes, self.lang, self.origin = classes, lang, origin
        self._compiled = None
        self._stand_in = stand_in  # groups do not depend on the lists' contents

    @property
    def groups(self) -> int:
        return (self._stand_in or self._get()).groups

    @property
    def groupindex(self):
        return (self._stand_in or self._get()).groupindex

    def _get(self):
        if self._compiled is None:
            lists = dict(self.lists)
            if self.classes:
                gazetteer = _class_lists(self.lang)
                lists.update((n, gazetteer[n]) for n in self.classes)
            source = self.source
            if not self.flags & regex.IGNORECASE and not _INLINE_IGNORECASE.search(source):
                # Case-sensitive lists split by first character (list_by_first_character),
                # which match the same, faster.
                split: dict = {}
                source = _LIST_USE.sub(
                    lambda m: m.group(1) + list_by_first_character(f"{m.group(2)}_{m.start()}", lists[m.group(2)], split)
                    if m.group(2) in lists else m.group(), source)
                lists = split
            try:
                self._compiled = regex.compile(source, self.flags, ignore_unused=True, **lists)
            except regex.error as exc:
                what, path, line, rule_id = self.origin
                raise RuleFileError(f"{what} is not a valid regex: {exc}", path, line, rule_id) from None
        return self._compiled

    def __getattr__(self, name: str):
        # Called only for names not yet set here: after the first use, the compiled pattern's
        # methods are attributes of this object, and cost no further lookup.
        value = getattr(self._get(), name)
        if name in ("search", "finditer", "fullmatch", "match", "sub", "findall"):
            setattr(self, name, value)
        return value


def _examples(entries: Any, key: str, path: Path, line, rule_id, known: bool) -> tuple[Example, ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise RuleFileError(f"{key} must be an array of tables ([[rule.{key}]])", path, line, rule_id)
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("input"), str):
            raise RuleFileError(f"every {key} needs an input string", path, line, rule_id)
        extra = set(entry) - {"input", "output"}
        if extra:
            raise RuleFileError(f"{key} has unknown keys {sorted(extra)}", path, line, rule_id)
        output = entry.get("output")
        if output is not None and not isinstance(output, str):
            raise RuleFileError(f"{key} output must be a string", path, line, rule_id)
        out.append(Example(entry["input"], output, known, f"{path}:{line}"))
    return tuple(out)


def _file_maps(path: Path, table: Any) -> dict[str, dict[str, str]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise RuleFileError("[maps] must be a table of name = { file = ... } or inline tables", path)
    maps = {}
    for name, value in table.items():
        if isinstance(value, dict) and isinstance(value.get("file"), str):
            pairs = {}
            map_path = path.parent / value["file"]
            for n, row in enumerate(read_list(map_path), 1):
                if "\t" not in row:
                    raise RuleFileError(f"map {name!r}: expected key<TAB>value", map_path, n)
                k, v = row.split("\t", 1)
                pairs[k.strip()] = v.strip()
            maps[name] = pairs
        elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            maps[name] = dict(value)
        else:
            raise RuleFileError(f"map {name!r} must be {{ file = ... }} or a table of strings", path)
    return maps


def _expand_needs(needs: list[str], lists: dict, fail) -> list[str]:
    """Needs with each ``\\L<name>`` entry replaced by the entries of that list."""
    out = []
    for n in needs:
        m = _LIST_REF.fullmatch(n)
        if m is None:
            out.append(n)
        elif m.group(1) in lists:
            out.extend(e for e in lists[m.group(1)] if e)
        else:
            raise fail(f"needs names an unknown word list: {n}")
    return out


def _build_rule(entry: Any, path: Path, id_lines: dict[str, int], lists: dict, maps: Optional[dict] = None,
                lang: str = "en", lazy: bool = False) -> RegexRule:
    if not isinstance(entry, dict):
        raise RuleFileError("each [[rule]] must be a table", path)
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise RuleFileError(f"rule without a valid id (got {rule_id!r})", path)
    line = id_lines.get(rule_id)

    def fail(msg: str) -> RuleFileError:
        return RuleFileError(msg, path, line, rule_id)

    if "document_share" in entry:
        raise fail("document_share is gone: a rule fires on the evidence of its own segment, whatever else the "
                   "document holds (delete the key)")
    unknown = set(entry) - RULE_KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)} (allowed: {sorted(RULE_KEYS)})")
    category = entry.get("category")
    if not isinstance(category, str) or not category.isupper():
        raise fail(f"category must be an upper-case name, e.g. one of {sorted(CATEGORY_ORDER)}")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise fail(f"severity must be one of {SEVERITIES}, not {severity!r}")
    description = entry.get("description")
    if not isinstance(description, str) or not description:
        raise fail("description is required")
    scope = entry.get("scope", "span")
    if scope not in ("span", "segment"):
        raise fail(f"scope must be 'span' or 'segment', not {scope!r}")
    flags = regex.IGNORECASE if entry.get("ignorecase", False) else 0
    pattern = _compile(entry.get("pattern"), "pattern", flags, lists, path, line, rule_id, lang, lazy)
    replace = entry.get("replace")
    if not isinstance(replace, str):
        raise fail("replace is required (use '' to delete what the pattern matches)")
    try:
        template = Template(replace, maps)
        if not lazy:
            template.check(pattern)
    except TemplateError as exc:
        raise fail(str(exc)) from None
    antis = entry.get("antipatterns", [])
    if not isinstance(antis, list):
        raise fail("antipatterns must be a list of regexes")
    antipatterns = tuple(_compile(a, "antipattern", flags, lists, path, line, rule_id, lang, lazy) for a in antis)
    needs = entry.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) and n for n in needs):
        raise fail("needs must be a list of non-empty strings")
    needs = _expand_needs(needs, lists, fail)
    gate = entry.get("gate")
    if gate is not None:
        from .gates import GATES

        if gate not in GATES:
            raise fail(f"unknown gate {gate!r} (known: {', '.join(sorted(GATES))})")
        gate = GATES[gate]
    when = entry.get("when")
    if when is not None:
        when = _compile(when, "when", flags, lists, path, line, rule_id, lang, lazy)
    return RegexRule(
        id=rule_id,
        category=category,
        description=description,
        severity=severity,
        examples=_examples(entry.get("example"), "example", path, line, rule_id, False),
        origin=f"{path}:{line}" if line else str(path),
        needs=tuple(needs),
        needs_ignorecase=bool(flags & regex.IGNORECASE),
        named_gate=gate,
        pattern=pattern,
        template=template,
        antipatterns=antipatterns,
        message=entry.get("message", ""),
        scope=scope,
        when=when,
        known_failures=_examples(entry.get("known_failure"), "known_failure", path, line, rule_id, True),
    )


def load_rule_file(path: str | Path, lazy: bool = False) -> list[RegexRule]:
    """Parse one rule file; any problem raises :class:`RuleFileError` naming file, line, rule.

    ``lazy``: compile patterns (and check them) only when first used, which is how the
    shipped rules are loaded (their tests check them); :meth:`RegexRule.validate` checks all.
    """
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise RuleFileError("rule file not found", path) from None
    except IsADirectoryError:
        raise RuleFileError("is a folder, not a rule file", path) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes().count(b"\n", 0, exc.start) + 1
        raise RuleFileError(f"invalid UTF-8 ({exc.reason})", path, line) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = regex.search(r"line (\d+)", str(exc))
        raise RuleFileError(f"not valid TOML: {exc}", path, int(m.group(1)) if m else None) from None
    unknown = set(data) - {"rule", "lists", "maps", "lang"}
    if unknown:
        raise RuleFileError(f"unknown top-level keys {sorted(unknown)} (allowed: rule, lists, maps, lang)", path)
    lists = _file_lists(path, data.get("lists"))
    maps = _file_maps(path, data.get("maps"))
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RuleFileError("rules must be written as [[rule]] tables", path)
    lang = data.get("lang", "en")
    if not isinstance(lang, str):
        raise RuleFileError("lang must be a language code such as 'en'", path)
    id_lines = _id_lines(raw)
    rules = [_build_rule(entry, path, id_lines, lists, maps, lang, lazy) for entry in entries]
    if not lazy:
        for rule in rules:
            rule.validate()  # a user's pattern that can match the empty string is refused now
    return rules


def rule_files(path: str | Path) -> list[Path]:
    """A rule file, or every ``*.toml`` under a folder (sorted, ``lists/`` excluded)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.toml") if "lists" not in p.relative_to(path).parts)
    if not path.exists():
        raise RuleFileError("rule file or folder not found", path)
    return [path]


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, mtime: float, lazy: bool) -> tuple[RegexRule, ...]:
    return tuple(load_rule_file(path, lazy))


def load_rules(paths: Iterable[str | Path], lazy: bool = False) -> list[RegexRule]:
    """Every rule under ``paths``; rule ids must be unique across them."""
    rules: list[RegexRule] = []
    for top in paths:
        for path in rule_files(top):
            resolved = path.resolve()
            rules.extend(_load_cached(resolved, resolved.stat().st_mtime, lazy))
    for rule, first in duplicate_ids(rules)[:1]:
        raise RuleFileError(f"duplicate id, already defined at {first} "
                            f"(to replace a shipped rule, --disable it and give yours a new id)",
                            *rule.origin_parts())
    return rules
