"""Errors that posteditor raises for user mistakes.

Each carries enough to point at the problem: the file, the line, the rule id. The CLI turns
them into one line on stderr and exit code 2; the library lets callers catch one base class.
"""

from __future__ import annotations

from pathlib import Path


class PosteditorError(Exception):
    """Base class of every error posteditor raises on purpose."""


class InputError(PosteditorError):
    """Unreadable or malformed input: missing file, invalid UTF-8, misaligned corpus."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.detail


class RuleFileError(InputError):
    """A rule file that does not parse, or a rule in it that is not valid."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ):
        self.rule_id = rule_id
        if rule_id:
            message = f"rule {rule_id}: {message}"
        super().__init__(message, path, line)


class ConfigError(InputError):
    """A configuration file or option that is not valid."""


class OutputError(PosteditorError):
    """A file or stream that cannot be written (full disk, no permission, a closed pipe)."""

    def __init__(self, message: str, path: str | Path | None = None):
        self.path = None if path is None else str(path)
        super().__init__(message if path is None else f"{path}: {message}")


class PosteditorWarning(UserWarning):
    """Something skipped on purpose, which the user should hear of: a rule whose pattern took
    too long on a segment, a segment too long to fix. The CLI prints one line for each."""
