"""Causal (decoder-only) language models as post-editors.

The model is prompted, as post-editors use such models today: an instruction, a few corrected
examples from the user's own post-edits that resemble the segment (``--memory``, retrieved
with rapidfuzz), the source where there is one, and the MT; it answers with the corrected
segment. The prompt is a TOML template (``prompt.toml`` in this package, or ``--prompt``),
put through the model's own chat template where the tokenizer has one.

Only the corrected segment is taken from the answer: its first line, without a label or
quotes around it. An answer with more than that (an explanation, a second example) is a
rejected output with its reason, as is an empty one. The do-no-harm gate then compares the
model's mean log-probability of its answer with that of the unchanged MT, both as
continuations of the same prompt.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Optional, Sequence

import regex

from ..errors import InputError
from .inference import Seq2SeqCorrector, pick_device
from .options import ModelOptions

_LABEL = regex.compile(r"^\s*(?:Corrected|Correction|Post-edit(?:ed)?|Answer|Output)\s*(?:translation)?\s*:\s*", regex.I)
_NEXT_EXAMPLE = regex.compile(r"^\s*(?:Source|MT)\s*:", regex.I)


@dataclass(frozen=True)
class PromptTemplate:
    system: str
    instruction: str
    example: str
    example_mt_only: str
    query: str
    query_mt_only: str
    separator: str = "\n\n"
    notes: str = ""  # with --model-scope flagged: the problems found, before the query ({notes})

    @classmethod
    def load(cls, path: Optional[str] = None) -> "PromptTemplate":
        """The template of ``path``, or the shipped one; a missing or unknown key is named."""
        name = path or "posteditor/model/prompt.toml"
        try:
            text = Path(path).read_text(encoding="utf-8") if path else \
                resources.files(__package__).joinpath("prompt.toml").read_text(encoding="utf-8")
            table = tomllib.loads(text)
        except OSError as exc:
            raise InputError(f"cannot read the prompt template ({exc.strerror})", name) from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML: {exc}", name) from None
        known = {f.name for f in fields(cls)}
        required = known - {"separator", "notes"}
        if set(table) - known or required - set(table):
            unknown, missing = sorted(set(table) - known), sorted(required - set(table))
            raise InputError("the prompt template " + "; ".join(
                part for part in (f"has unknown keys {unknown}" if unknown else "",
                                  f"lacks {missing}" if missing else "") if part), name)
        if not all(isinstance(v, str) for v in table.values()):
            raise InputError("every key of the prompt template takes a string", name)
        return cls(**table)

    def user_text(self, mt: str, source: Optional[str], examples: Sequence[tuple[Optional[str], str, str]],
                  notes: Sequence[str] = ()) -> str:
        parts = [self.instruction]
        for ex_source, ex_mt, ex_pe in examples:
            shape = self.example if ex_source else self.example_mt_only
            parts.append(shape.format(source=ex_source or "", mt=ex_mt, pe=ex_pe))
        if notes and self.notes:
            parts.append(self.notes.format(notes="\n".join(f"- {n}" for n in notes)))
        parts.append((self.query if source else self.query_mt_only).format(source=source or "", mt=mt))
        return self.separator.join(p for p in parts if p)


class Memory:
    """The user's own post-edits, (source, mt, pe), from which the k most similar to a
    segment are given to the model as examples (rapidfuzz's token-sort ratio on the MT)."""

    def __init__(self, examples: Sequence[tuple[Optional[str], str, str]], k: int = 3):
        self.examples = [e for e in examples if e[1].strip() and e[2].strip()]
        self.k = k

    @classmethod
    def read(cls, path: str, k: int = 3) -> "Memory":
        """TSV (``mt<TAB>pe`` or ``src<TAB>mt<TAB>pe``), an MLQE-PE/APE folder, or JSON Lines
        with ``mt`` and ``pe`` (and ``src``) fields."""
        from ..fileformats.formats import json_records
        from ..text.textio import read_lines
        from .train import read_examples

        if path.endswith(".jsonl"):
            examples = []
            for n, record in json_records(read_lines(path), path):
                if not isinstance(record.get("mt"), str) or not isinstance(record.get("pe"), str):
                    raise InputError("a memory record needs the strings mt and pe", path, n)
                source = record.get("src")
                examples.append((source if isinstance(source, str) else None, record["mt"], record["pe"]))
            return cls(examples, k)
        return cls(read_examples([path]), k)

    def similar(self, mt: str) -> list[tuple[Optional[str], str, str]]:
        if not self.examples or self.k <= 0:
            return []
        from rapidfuzz import fuzz, process

        found = process.extract(mt, [e[1] for e in self.examples], scorer=fuzz.token_sort_ratio, limit=self.k)
        return [self.examples[index] for _, _, index in found]


def parse_answer(answer: str) -> tuple[Optional[str], str]:
    """(the corrected segment, "") from a model's answer, or (None, why not)."""
    lines = [line for line in answer.strip().splitlines()]
    if not lines or not lines[0].strip():
        return None, "the model gave an empty answer"
    first = _LABEL.sub("", lines[0]).strip()
    if len(first) >= 2 and first[0] == first[-1] and first[0] in "\"'`":
        first = first[1:-1].strip()
    rest = [line for line in lines[1:] if line.strip()]
    if rest and not _NEXT_EXAMPLE.match(rest[0]):
        return None, "the model's answer holds more than the corrected segment"
    if not first:
        return None, "the model gave an empty answer"
    return first, ""


class CausalCorrector(Seq2SeqCorrector):
    """:class:`Seq2SeqCorrector` for a decoder-only model: prompts in, answers parsed."""

    def __init__(self, model, tokenizer, options: ModelOptions, device: str,
                 template: PromptTemplate, memory: Optional[Memory] = None):
        self.template, self.memory = template, memory
        self._prompted: dict[str, str] = {}  # prompt -> the MT it asks about
        super().__init__(model, tokenizer, options, device)

    @classmethod
    def load(cls, options: ModelOptions) -> "CausalCorrector":
        import torch  # noqa: F401
        from transformers import AutoModelForCausalLM
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        kwargs = {"revision": options.revision} if options.revision else {}
        if os.path.isdir(options.path) or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
            kwargs["local_files_only"] = True
        try:
            tokenizer = causal_tokenizer(options.path, kwargs)
            model = AutoModelForCausalLM.from_pretrained(options.path, **kwargs)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot load a causal language model from {options.path!r}: {exc}") from None
        device = pick_device(options.device)
        if device == "cpu":
            model = model.float()
        model.to(device)
        model.eval()
        memory = Memory.read(options.memory, options.memory_k) if options.memory else None
        return cls(model, tokenizer, options, device, PromptTemplate.load(options.prompt), memory)

    def model_input(self, mt: str, source: Optional[str], notes: Sequence[str] = ()) -> str:
        """The prompt for ``mt``: examples from the memory, the source if the model reads it,
        and (with --model-scope flagged) the problems found in it."""
        source = source if self.input_mode == "src+mt" and source and source.strip() else None
        examples = self.memory.similar(mt) if self.memory is not None else []
        if source is None:
            examples = [(None, m, p) for _, m, p in examples]
        user = self.template.user_text(mt, source, examples, notes)
        if getattr(self.tokenizer, "chat_template", None):
            messages = ([{"role": "system", "content": self.template.system}] if self.template.system else []) + \
                [{"role": "user", "content": user}]
            prompt = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        else:
            prompt = (self.template.system + self.template.separator if self.template.system else "") + user
        self._prompted[prompt] = mt
        return prompt

    def _length(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _max_new(self, batch: list[str]) -> int:
        """New tokens an answer may take: a share of the longest MT asked about."""
        longest = max(len(self._mt_of(p)) for p in batch) if batch else 16
        return max(16, int(longest * self.options.max_new_tokens_ratio))

    def _generate_batch(self, batch: list[str]) -> list[str]:
        import torch

        enc = self.tokenizer(batch, return_tensors="pt", padding=True, add_special_tokens=False).to(self.device)
        with torch.no_grad():
            gen = self.model.generate(**enc, num_beams=self.options.beams, max_new_tokens=self._max_new(batch),
                                      do_sample=False, pad_token_id=self.tokenizer.pad_token_id)
        answers = self.tokenizer.batch_decode(gen[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
        return self._parsed(batch, answers)

    def _parsed(self, batch: list[str], answers: list[str]) -> list[str]:
        """The corrected segment of each answer; where an answer has none, the MT, with the
        reason kept for the gate."""
        out = []
        for prompt, answer in zip(batch, answers):
            text, why = parse_answer(answer)
            if text is None:
                self.refused[prompt] = why
                text = self._mt_of(prompt)
            out.append(text)
        return out

    def _mt_of(self, prompt: str) -> str:
        return self._prompted.get(prompt, prompt)

    def _mean_logprob(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """Mean log-probability of each target's tokens as the continuation of its prompt."""
        scores: list[float] = []
        for prompt, target in zip(sources, targets):
            p, t = self._prompt_and_target_ids(prompt, target)
            logps = self._continuation_logprobs(p, t) if t else []
            scores.append(sum(logps) / len(logps) if logps else float("-inf"))
        return scores

    def _continuation_logprobs(self, prompt_ids: list[int], target_ids: list[int]) -> list[float]:
        """The log-probability of each target token after the prompt and the tokens before it."""
        import torch

        ids = torch.tensor([prompt_ids + target_ids], device=self.device)
        with torch.no_grad():
            logits = self.model(input_ids=ids).logits[0, len(prompt_ids) - 1 : -1].float()
        logp = torch.log_softmax(logits, dim=-1).gather(-1, ids[0, len(prompt_ids):].unsqueeze(-1)).squeeze(-1)
        return logp.tolist()


    def _prompt_and_target_ids(self, prompt: str, target: str) -> tuple[list[int], list[int]]:
        """The token ids of the prompt and of the target that continues it."""
        p = self.tokenizer(prompt, add_special_tokens=False)["input_ids"]
        t = self.tokenizer(" " + target if not prompt.endswith((" ", "\n")) else target,
                           add_special_tokens=False)["input_ids"]
        return p, t


def causal_tokenizer(path: str, kwargs: dict):
    """The tokenizer of a causal checkpoint, set up for prompting: padded on the left
    (generation continues each prompt from its end), with a padding token."""
    tokenizer = _tokenizer(path, kwargs)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _tokenizer(path: str, kwargs: dict):
    """The tokenizer class the checkpoint's tokenizer_config.json names (AutoTokenizer goes by
    the model type for some families, and may pick another class than the one saved), else
    AutoTokenizer's choice; a named class and its fast twin count as the same."""
    import transformers
    from transformers import AutoTokenizer

    config = Path(path) / "tokenizer_config.json"
    named = json.loads(config.read_text(encoding="utf-8")).get("tokenizer_class") if config.is_file() else None
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, **kwargs)
    except (OSError, ValueError):
        if not named or not hasattr(transformers, named):
            raise
        return getattr(transformers, named).from_pretrained(path, **kwargs)
    same = named is None or type(tokenizer).__name__.removesuffix("Fast") == named.removesuffix("Fast")
    if not same and hasattr(transformers, named):
        return getattr(transformers, named).from_pretrained(path, **kwargs)
    return tokenizer


def is_causal(path: str, revision: Optional[str] = None) -> bool:
    """Whether the checkpoint at ``path`` is a decoder-only model (its config says it is not
    an encoder-decoder)."""
    config = Path(path) / "config.json"
    if config.is_file():
        try:
            data = json.loads(config.read_text(encoding="utf-8"))
        except ValueError:
            raise InputError("not valid JSON", config) from None
        return not data.get("is_encoder_decoder", False) and data.get("model_type") not in _SEQ2SEQ_TYPES
    from transformers import AutoConfig

    kwargs = {"revision": revision} if revision else {}
    cfg = AutoConfig.from_pretrained(path, **kwargs)
    return not getattr(cfg, "is_encoder_decoder", False)


_SEQ2SEQ_TYPES = {"t5", "mt5", "umt5", "bart", "mbart", "marian", "m2m_100", "nllb-moe", "pegasus", "fsmt",
                  "longt5", "switch_transformers", "blenderbot", "prophetnet", "led"}
