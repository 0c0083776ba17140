"""One frozen configuration record, with defaults, loadable from TOML.

>>> import dataclasses
>>> config = Config(disabled=frozenset({"EN_DOUBLE_WORD"}))
>>> dataclasses.replace(config, lang="en").disabled
frozenset({'EN_DOUBLE_WORD'})

A config file holds the same fields (paths are relative to the file)::

    lang = "en"
    disable = ["BOILERPLATE", "EN_DOUBLE_WORD"]
    rules = ["my-rules.toml"]
    glue_exceptions = ["brands.txt"]   # tokens never to split
    glue_words = ["names.txt"]         # words and names that may be split off
    glossaries = ["names.tsv", "terms.tbx"]   # name glossaries; user entries win
    [severity]                         # for `posteditor check`
    EN_DOUBLE_WORD = "error"
    SPACING = "info"
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import ConfigError


@dataclass(frozen=True)
class Config:
    """How the pipeline runs. Change it with :func:`dataclasses.replace`."""

    lang: str = "en"
    #: rule ids or categories to switch off
    disabled: frozenset[str] = frozenset()
    #: rule ids or categories to run, and no others (empty: all)
    selected: frozenset[str] = frozenset()
    #: extra rule files or folders, run with the shipped ones
    rules: tuple[Path, ...] = ()
    #: whether the shipped rules (rules/<lang>/) and built-in fixers run
    builtin: bool = True
    #: upper bound on repeated passes before the text is taken as fixed
    max_passes: int = 8
    #: files of tokens the glue fixer must never split (one a line), besides the shipped list
    glue_exceptions: tuple[Path, ...] = ()
    #: files of words and names the glue fixer may split off (one a line)
    glue_words: tuple[Path, ...] = ()
    #: name glossaries (TSV/CSV variant<TAB>canonical or canonical lists, TBX termbases)
    glossaries: tuple[Path, ...] = ()
    #: severity overrides for `check`: (rule id or category, "error" | "warning" | "info")
    severities: tuple[tuple[str, str], ...] = ()
    #: seconds one search of a rule's pattern may take on one segment; past it the rule is
    #: skipped there with a warning
    rule_timeout: float = 1.0
    #: a segment longer than this (characters) is left as it is, with a warning
    max_segment_chars: int = 1_000_000

    def severity_map(self) -> dict[str, str]:
        return dict(self.severities)

    def with_disabled(self, *selectors: str) -> "Config":
        return dataclasses.replace(self, disabled=self.disabled | frozenset(selectors))

    def with_rules(self, *paths: str | Path) -> "Config":
        return dataclasses.replace(self, rules=self.rules + tuple(Path(p) for p in paths))

    def with_glossaries(self, *paths: str | Path) -> "Config":
        return dataclasses.replace(self, glossaries=self.glossaries + tuple(Path(p) for p in paths))


_FILE_KEYS = {
    "lang", "disable", "select", "rules", "builtin", "max_passes", "glue_exceptions", "glue_words", "glossaries", "severity",
    "rule_timeout", "max_segment_chars",
}


def find_config(start: str | Path = ".") -> Optional[Path]:
    """The configuration that applies in folder ``start``, as ruff and black find theirs: the
    nearest ``posteditor.toml``, or ``pyproject.toml`` with a ``[tool.posteditor]`` table, in
    ``start`` or a folder above it."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "posteditor.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file():
            try:
                if "posteditor" in tomllib.loads(project.read_text(encoding="utf-8")).get("tool", {}):
                    return project
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                pass  # not ours to judge: only a file we would read is checked
    return None


def load_config(path: str | Path, base: Config | None = None) -> Config:
    """Read a TOML config file over ``base`` (default: the defaults)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError("config file not found", path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file is not valid UTF-8 ({exc.reason})", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file is not valid TOML: {exc}", path) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("posteditor", {})
    elif "posteditor" in data and isinstance(data["posteditor"], dict):
        data = data["posteditor"]
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise ConfigError(f"unknown keys {sorted(unknown)} (allowed: {sorted(_FILE_KEYS)})", path)
    config = base or Config()
    changes: dict = {}
    if "lang" in data:
        if not isinstance(data["lang"], str):
            raise ConfigError("lang must be a string such as 'en'", path)
        changes["lang"] = data["lang"]
    if "disable" in data:
        if not isinstance(data["disable"], list) or not all(isinstance(d, str) for d in data["disable"]):
            raise ConfigError("disable must be a list of rule ids or categories", path)
        changes["disabled"] = config.disabled | frozenset(map(str, data["disable"]))
    if "select" in data:
        if not isinstance(data["select"], list) or not all(isinstance(d, str) for d in data["select"]):
            raise ConfigError("select must be a list of rule ids or categories", path)
        changes["selected"] = frozenset(data["select"])
    if "rules" in data:
        if not isinstance(data["rules"], list) or not all(isinstance(r, str) for r in data["rules"]):
            raise ConfigError("rules must be a list of paths", path)
        changes["rules"] = config.rules + tuple(path.parent / str(p) for p in data["rules"])
    for key in ("glue_exceptions", "glue_words", "glossaries"):
        if key in data:
            if not isinstance(data[key], list) or not all(isinstance(v, str) for v in data[key]):
                raise ConfigError(f"{key} must be a list of paths", path)
            changes[key] = getattr(config, key) + tuple(path.parent / str(p) for p in data[key])
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict) or any(v not in ("error", "warning", "info") for v in table.values()):
            raise ConfigError("[severity] maps rule ids or categories to error, warning or info", path)
        changes["severities"] = config.severities + tuple((str(k), str(v)) for k, v in table.items())
    if "builtin" in data:
        if not isinstance(data["builtin"], bool):
            raise ConfigError(f"builtin must be true or false, not {data['builtin']!r}", path)
        changes["builtin"] = data["builtin"]
    if "rule_timeout" in data:
        if not isinstance(data["rule_timeout"], (int, float)) or isinstance(data["rule_timeout"], bool) \
                or data["rule_timeout"] <= 0:
            raise ConfigError("rule_timeout must be a positive number of seconds", path)
        changes["rule_timeout"] = float(data["rule_timeout"])
    if "max_segment_chars" in data:
        if not isinstance(data["max_segment_chars"], int) or isinstance(data["max_segment_chars"], bool) \
                or data["max_segment_chars"] < 1:
            raise ConfigError("max_segment_chars must be a positive integer", path)
        changes["max_segment_chars"] = data["max_segment_chars"]
    if "max_passes" in data:
        if not isinstance(data["max_passes"], int) or isinstance(data["max_passes"], bool) or data["max_passes"] < 1:
            raise ConfigError("max_passes must be a positive integer", path)
        changes["max_passes"] = data["max_passes"]
    return dataclasses.replace(config, **changes)
