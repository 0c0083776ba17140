"""posteditor: clean up machine-translated text with explained, reviewable fixes.

>>> import posteditor
>>> result = posteditor.fix("Leave a Reply\\nTalks resumed in in Baku ,officials said .")
>>> print(result.text)
<BLANKLINE>
Talks resumed in Baku, officials said.
>>> [e.rule for e in result.edits]
['BOILERPLATE_PAGE_FURNITURE', 'EN_DOUBLE_WORD', 'EN_SPACE_BEFORE_PUNCT', 'EN_SPACE_BEFORE_PUNCT', 'EN_SPACE_AFTER_COMMA']
>>> posteditor.apply_edits(result.original, result.edits) == result.text
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings
from typing import Optional

from .engine.config import Config, load_config
from .engine.pipeline import Pipeline
from .errors import ConfigError, InputError, PosteditorError, RuleFileError
from .text.edits import DocumentResult, Edit, FixResult, apply_edits

__version__ = "0.1.0"

# The flat layout's module names (posteditor.edits, posteditor.formats, ...) still import, with
# a DeprecationWarning, as the modules in their layer: text, engine, knowledge, fileformats,
# check, evaluation, review, scale.
_MOVED = {
    "edits": "text.edits", "protect": "text.protect", "inline": "text.inline", "patterns": "text.patterns",
    "textio": "text.textio", "pipeline": "engine.pipeline", "rules": "engine.rules", "gates": "engine.gates",
    "config": "engine.config", "cache": "knowledge.cache", "template": "engine.template",
    "checking": "engine.selftest", "names": "knowledge.namematch", "gazetteer": "knowledge.gazetteer",
    "frequency": "knowledge.frequency", "formats": "fileformats.formats", "locate": "fileformats.locate",
    "files": "fileformats.files", "checking_report": "check.lint", "qa": "check.qa",
    "scoring": "evaluation.scoring", "bench": "evaluation.bench", "corpus": "evaluation.corpus",
    "report": "review.report", "learn": "review.learn",
    "stream": "scale.stream", "distributed": "scale.distributed",
}


class _OldNames(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        package, _, name = fullname.partition(".")
        if package == __name__ and name in _MOVED:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        new = f"{__name__}.{_MOVED[spec.name.partition('.')[2]]}"
        warnings.warn(f"{spec.name} is now {new}", DeprecationWarning, stacklevel=2)
        return importlib.import_module(new)  # the old name is the same module, not a copy

    def exec_module(self, module) -> None:
        pass


sys.meta_path.append(_OldNames())


def fix(text: str, config: Optional[Config] = None) -> DocumentResult:
    """Fix one document (one segment a line) and return the text with every edit."""
    return Pipeline(config).fix(text)


__all__ = [
    "Config",
    "ConfigError",
    "DocumentResult",
    "Edit",
    "FixResult",
    "InputError",
    "Pipeline",
    "PosteditorError",
    "RuleFileError",
    "__version__",
    "apply_edits",
    "fix",
    "load_config",
]
