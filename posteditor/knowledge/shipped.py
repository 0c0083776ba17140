"""Where the shipped rule data lives (``rules/``) and how its word lists are read: the
knowledge the fixers, the rule loader and the gazetteer all start from."""

from __future__ import annotations

from pathlib import Path

from ..errors import RuleFileError


def shipped_rules_dir() -> Path:
    """The ``rules/`` folder: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parents[1]  # the posteditor package
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleFileError("the shipped rules/ folder is missing from this installation", here)


def read_list(path: Path) -> list[str]:
    """The entries of a word list: one a line, blank lines and # comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RuleFileError("word list not found", path) from None
    except UnicodeDecodeError as exc:
        raise RuleFileError(f"word list is not valid UTF-8 ({exc.reason})", path) from None
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]
