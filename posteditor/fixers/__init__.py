"""Built-in fixers written in Python (rule files hold the rest).

Each module defines its fixers; :func:`builtin_fixers` gathers those that apply to a
language. Nothing heavy is imported until a fixer runs.
"""

from __future__ import annotations

from .base import CATEGORY_ORDER, Change, Context, Example, Fixer


def builtin_fixers(lang: str) -> list[Fixer]:
    from . import repeats

    fixers: list[Fixer] = []
    for module in (repeats,):
        fixers.extend(module.fixers(lang))
    return fixers


__all__ = ["CATEGORY_ORDER", "Change", "Context", "Example", "Fixer", "builtin_fixers"]
