"""Built-in fixers written in Python (rule files hold the rest).

Each module defines its fixers; :func:`builtin_fixers` gathers those that apply to a
language. Nothing heavy is imported until a fixer runs.
"""

from __future__ import annotations

from .base import CATEGORY_ORDER, Change, Context, Example, Fixer


def builtin_fixers(config) -> list[Fixer]:
    """The Python fixers for ``config.lang``, configured by ``config``."""
    from . import glue, names, quotes, repeats

    fixers: list[Fixer] = []
    for module in (repeats, glue, names, quotes):
        fixers.extend(module.fixers(config))
    return fixers


__all__ = ["CATEGORY_ORDER", "Change", "Context", "Example", "Fixer", "builtin_fixers"]
