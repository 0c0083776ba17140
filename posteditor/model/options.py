"""Options of the model stage, kept in frozen dataclasses (no torch here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

#: between the source and the MT in a "src+mt" model input: ``"<source> ||| <mt>"`` (Moses'
#: field separator: plain characters for any tokenizer, and rare in text)
SOURCE_SEPARATOR = " ||| "
MODEL_INPUTS = ("auto", "mt", "src+mt")


def encode_input(mt: str, source: Optional[str], mode: str) -> str:
    """The model's input for ``mt``: with ``mode`` "src+mt" and a source, the source and the
    MT joined by :data:`SOURCE_SEPARATOR`, else the MT (a task prefix comes on top).

    >>> encode_input("Talks resumed in in Baku.", "Danışıqlar Bakıda bərpa olundu.", "src+mt")
    'Danışıqlar Bakıda bərpa olundu. ||| Talks resumed in in Baku.'
    >>> encode_input("Talks resumed.", None, "src+mt")
    'Talks resumed.'
    """
    if mode == "src+mt" and source is not None and source.strip():
        return source.strip() + SOURCE_SEPARATOR + mt
    return mt


@dataclass(frozen=True)
class GateOptions:
    """The do-no-harm gate: a model output is kept only if it passes every check."""

    enabled: bool = True
    #: output length / input length (characters) must lie in this range
    min_length_ratio: float = 0.8
    max_length_ratio: float = 1.25
    #: word-level edit distance / input words
    max_edit_rate: float = 0.2
    #: the model must prefer its output over the unchanged input by this much
    #: (difference of mean per-token log-probabilities)
    margin: float = 0.5
    keep_numbers: bool = True
    keep_urls: bool = True
    keep_names: bool = True


@dataclass(frozen=True)
class ModelOptions:
    """Which checkpoint, where it runs, and how it generates."""

    path: str
    revision: Optional[str] = None
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    batch_size: int = 16
    beams: int = 4
    prefix: str = ""  # task prefix, e.g. "grammar: " or a CoEdIT-style instruction
    max_input_tokens: Optional[int] = None  # default: what the model and tokenizer declare
    max_new_tokens_ratio: float = 1.5
    name: Optional[str] = None  # edits are recorded as model:<name>
    gate: GateOptions = field(default_factory=GateOptions)
    backend: str = "transformers"  # transformers | ctranslate2 | openai
    #: CTranslate2 compute type: auto (int8 on the CPU, int8_float16 on a GPU), int8,
    #: int8_float32, int8_float16, float16, bfloat16, float32
    compute_type: str = "auto"
    threads: int = 0  # CPU threads for CTranslate2 (0: one per core)
    #: what the model reads: "mt", "src+mt" (the source, SOURCE_SEPARATOR, then the MT, where
    #: the input has a source), or "auto" (what the checkpoint's posteditor.json says, else mt)
    input: str = "auto"
    #: which segments the model sees: "all", or "flagged" (those where a rule changed or proposed
    #: something, or, where there is a source, a QA check found a problem)
    scope: str = "all"
    #: causal language models: the prompt template (TOML; None: the shipped one), the user's
    #: post-edits to take examples from (TSV, folder or JSON Lines), and how many
    prompt: Optional[str] = None
    memory: Optional[str] = None
    memory_k: int = 3
    #: backend "openai": the server's base URL (e.g. http://127.0.0.1:8080/v1); ``path`` is
    #: then the model name the server knows
    api_base: Optional[str] = None

    @property
    def label(self) -> str:
        return self.name or self.path.rstrip("/").split("/")[-1]
