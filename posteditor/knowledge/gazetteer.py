"""Known names: countries (from pycountry), cities, people and organisations.

The data are editable files under ``rules/<lang>/names/``; nothing is read until a fixer
asks, and then once. Users add their own with glossaries (see :mod:`posteditor.knowledge.namematch`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import regex

from ..errors import RuleFileError

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")


@dataclass(frozen=True)
class Person:
    canonical: str
    variants: tuple[str, ...]
    role: str
    origin: str  # file:line


def _names_dir(lang: str) -> Path:
    from ..knowledge.shipped import shipped_rules_dir

    return shipped_rules_dir() / lang / "names"


@functools.lru_cache(maxsize=256)
def display_path(path: Path) -> str:
    """A shipped data file as rules/..., so edit messages read the same wherever installed."""
    from ..knowledge.shipped import shipped_rules_dir

    try:
        return "rules/" + str(Path(path).resolve().relative_to(shipped_rules_dir().resolve()))
    except ValueError:
        return str(path)


def _data_lines(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except UnicodeDecodeError as exc:
        raise RuleFileError(f"not valid UTF-8 ({exc.reason})", path) from None
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield n, line


@functools.lru_cache(maxsize=None)
def countries() -> frozenset[str]:
    """English country names: pycountry's names, common names, and short forms (kept in the
    cache folder, :mod:`posteditor.knowledge.cache`, while pycountry's data file is unchanged)."""
    from .cache import cached, package_file

    data = package_file("pycountry", "databases", "iso3166-1.json")
    if data is None:
        return frozenset(_country_names())
    return frozenset(cached("countries", [data], _country_names))


def _country_names() -> list[str]:
    import pycountry

    out: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                out.add(value)
                # "Iran, Islamic Republic of" -> "Iran"; "Falkland Islands (Malvinas)" -> both
                head = regex.split(r"\s*[,(]", value)[0].strip()
                if head:
                    out.add(head)
    return sorted(out)


@functools.lru_cache(maxsize=None)
def places(lang: str = "en") -> frozenset[str]:
    """Countries plus the cities, regions and short country names in ``names/places.txt``."""
    extra = {line for _, line in _data_lines(_names_dir(lang) / "places.txt")}
    return countries() | frozenset(extra)


@functools.lru_cache(maxsize=None)
def people(lang: str = "en") -> tuple[Person, ...]:
    """People from ``names/people.tsv``: canonical<TAB>variants separated by |<TAB>role."""
    path = _names_dir(lang) / "people.tsv"
    out = []
    for n, line in _data_lines(path):
        cols = line.split("\t")
        if not cols[0].strip():
            raise RuleFileError("empty canonical name", path, n)
        variants = tuple(v.strip() for v in cols[1].split("|") if v.strip()) if len(cols) > 1 else ()
        role = cols[2].strip() if len(cols) > 2 else ""
        out.append(Person(cols[0].strip(), variants, role, f"{display_path(path)}:{n}"))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def organisations(lang: str = "en") -> frozenset[str]:
    return frozenset(line for _, line in _data_lines(_names_dir(lang) / "organisations.txt"))


@functools.lru_cache(maxsize=None)
def titles(lang: str = "en") -> frozenset[str]:
    """Titles and offices (``names/titles.txt``, lower-cased) that may stand before a
    surname alone."""
    path = _names_dir(lang) / "titles.txt"
    if not path.exists():
        return frozenset()
    return frozenset(line.lower() for _, line in _data_lines(path))


@functools.lru_cache(maxsize=None)
def name_tokens(lang: str = "en") -> frozenset[str]:
    """Every capitalised word that is part of a known person, place or organisation name."""
    out: set[str] = set()
    for p in people(lang):
        for name in (p.canonical, *p.variants):
            out.update(_TOKEN.findall(name))
    for name in places(lang) | organisations(lang):
        out.update(t for t in _TOKEN.findall(name) if t[0].isupper())
    return frozenset(t for t in out if len(t) > 1)


@functools.lru_cache(maxsize=None)
def place_names(lang: str = "en") -> frozenset[str]:
    """Single-word place names (for splitting 'FranceGermany')."""
    return frozenset(p for p in places(lang) if _TOKEN.fullmatch(p))


@functools.lru_cache(maxsize=None)
def surnames(lang: str = "en") -> frozenset[str]:
    """The last word of every known person's name and variants, and one-word organisations."""
    out: set[str] = set()
    for p in people(lang):
        for name in (p.canonical, *p.variants):
            words = [t for t in _TOKEN.findall(name) if t[0].isupper() and not t.isupper()]
            if words:
                out.add(words[-1])
    out.update(o for o in organisations(lang) if _TOKEN.fullmatch(o))
    return frozenset(t for t in out if len(t) >= 3)
