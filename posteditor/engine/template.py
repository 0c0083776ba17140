"""Replacement templates for rule files: back-references with case conversion.

Syntax, after Perl and sed:

- ``\\1`` .. ``\\99`` and ``\\g<name>`` insert a group (an unmatched group inserts nothing);
- ``\\u`` / ``\\l`` upper- or lower-case the first letter of what follows;
- ``\\U`` / ``\\L`` upper- or lower-case everything up to ``\\E`` or the end;
- ``\\M<map,1>`` looks group 1 up in the rule file's map ``map`` (a group with no entry
  means the rule does not apply there);
- ``\\\\`` is a backslash, ``\\n`` a newline; every other character stands for itself.

>>> import regex
>>> t = Template(r"\\u\\2 \\L\\1\\E!")
>>> t.expand(regex.match(r"(\\w+) (\\w+)", "WILL hold"))
'Hold will!'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import regex

_TOKEN = regex.compile(r"\\(?:(\d{1,2})|g<(\w+)>|M<(\w+),(\w+)>|([ulULE\\n])|(.))|([^\\]+)", regex.S)


@dataclass(frozen=True)
class _Group:
    ref: Union[int, str]


@dataclass(frozen=True)
class _Lookup:
    table: str
    ref: Union[int, str]


class NoMapping(LookupError):
    """A \\M<map,group> lookup found no entry: the match is left alone."""


@dataclass(frozen=True)
class _Case:
    op: str  # u, l, U, L, E


class TemplateError(ValueError):
    pass


class Template:
    """A compiled replacement template; ``expand(match)`` gives the replacement text."""

    def __init__(self, source: str, maps: Optional[dict[str, dict[str, str]]] = None):
        self.source = source
        self.maps = maps or {}
        self.parts: list[object] = []
        pos = 0
        for m in _TOKEN.finditer(source):
            if m.start() != pos:
                raise TemplateError(f"cannot parse replacement at column {pos + 1}: {source!r}")
            pos = m.end()
            number, name, table, ref, op, other, literal = m.groups()
            if table is not None:
                if table not in self.maps:
                    raise TemplateError(f"replacement uses map {table!r}, which the rule file does not define")
                self.parts.append(_Lookup(table, int(ref) if ref.isdigit() else ref))
            elif literal is not None:
                self.parts.append(literal)
            elif number is not None:
                self.parts.append(_Group(int(number)))
            elif name is not None:
                self.parts.append(_Group(int(name) if name.isdigit() else name))
            elif op == "\\":
                self.parts.append("\\")
            elif op == "n":
                self.parts.append("\n")
            elif op is not None:
                self.parts.append(_Case(op))
            else:
                raise TemplateError(f"unknown escape \\{other} in replacement {source!r}")
        if pos != len(source):
            raise TemplateError(f"trailing backslash in replacement {source!r}")

    def groups(self) -> list[Union[int, str]]:
        return [p.ref for p in self.parts if isinstance(p, (_Group, _Lookup))]

    def check(self, pattern: "regex.Pattern[str]") -> None:
        """Raise TemplateError if the template names a group the pattern lacks."""
        for ref in self.groups():
            if isinstance(ref, int):
                if ref > pattern.groups:
                    raise TemplateError(f"replacement uses group {ref}, pattern has {pattern.groups}")
            elif ref not in pattern.groupindex:
                raise TemplateError(f"replacement uses group <{ref}>, which the pattern lacks")

    def expand(self, match: "regex.Match[str]") -> str:
        out: list[str] = []
        first: str | None = None  # pending \u or \l
        whole: str | None = None  # active \U or \L
        for part in self.parts:
            if isinstance(part, _Case):
                if part.op in "ul":
                    first = part.op
                elif part.op in "UL":
                    whole = part.op
                else:
                    whole = None
                continue
            if isinstance(part, _Lookup):
                key = match.group(part.ref) or ""
                if key not in self.maps[part.table]:
                    raise NoMapping(key)
                text = self.maps[part.table][key]
            else:
                text = part if isinstance(part, str) else (match.group(part.ref) or "")
            if whole == "U":
                text = text.upper()
            elif whole == "L":
                text = text.lower()
            if first and text:
                text = (text[0].upper() if first == "u" else text[0].lower()) + text[1:]
                first = None
            out.append(text)
        return "".join(out)
