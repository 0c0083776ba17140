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

from typing import Optional

from .config import Config, load_config
from .edits import DocumentResult, Edit, FixResult, apply_edits
from .errors import ConfigError, InputError, PosteditorError, RuleFileError
from .pipeline import Pipeline

__version__ = "0.1.0"


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
