"""Seq2seq inference with any Hugging Face checkpoint: load, split, batch, generate, score.

The checkpoint comes from a local path or a hub id that the user gives (``revision`` pins a
commit; ``HF_HUB_OFFLINE=1`` is respected, and a local folder never touches the network).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Optional, Sequence

import regex

from ..errors import InputError
from .align import edits_between
from .gate import GateDecision, decide
from .options import ModelOptions, encode_input

_SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'”’)\]]*)\s+(?=[\"'“‘(\[]?\p{Lu})")
# Tokenizers without a real limit report a huge number; such models use their config instead.
_NO_LIMIT = 10**9


@dataclass
class ModelResult:
    original: str
    output: str  # what the model proposed
    text: str  # what is kept: output if the gate passed, else original
    decision: GateDecision
    logprob_gain: Optional[float] = None

    @property
    def accepted(self) -> bool:
        return self.decision.accepted


def pick_device(requested: str = "auto") -> str:
    import torch

    if requested != "auto":
        if requested.startswith("cuda") and not torch.cuda.is_available():
            raise InputError(f"--device {requested}: CUDA is not available on this machine")
        if requested == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
            raise InputError("--device mps: Apple MPS is not available on this machine")
        return requested
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, keeping the spaces so that ''.join gives the text back."""
    pieces, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[start : m.end()])
        start = m.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


CHECKPOINT_NOTE = "posteditor.json"  # what `posteditor train` writes beside the weights: {"model_input": ...}


def input_mode(options: ModelOptions) -> str:
    """What the model reads: ``options.input``, or for "auto" what the checkpoint's
    posteditor.json says (a model trained here on triplets reads "src+mt"), else "mt"."""
    if options.input != "auto":
        return options.input
    note = os.path.join(options.path, CHECKPOINT_NOTE)
    if os.path.isfile(note):
        import json

        try:
            mode = json.loads(open(note, encoding="utf-8").read()).get("model_input", "mt")
        except (OSError, ValueError, AttributeError):
            raise InputError("not a JSON object", note) from None
        if mode in ("mt", "src+mt"):
            return mode
        raise InputError(f"model_input must be mt or src+mt, not {mode!r}", note)
    return "mt"


def qa_problems(target: str, source: Optional[str], glossaries: tuple = ()) -> list[str]:
    """What the QA checks of ``posteditor check`` find wrong in ``target`` against its source
    (numbers, placeholders, URLs, untranslated text, glossary terms), as messages."""
    if source is None or not source.strip():
        return []
    from ..check.qa import check_unit, glossary_pairs

    return [f.message for f in check_unit("", 0, source, target, glossary_pairs(glossaries) if glossaries else ())]


def notes_for(held: Sequence, problems: Sequence[str]) -> list[str]:
    """The problems to point a prompted model at: changes the rules proposed but did not make
    (for want of evidence), and what the QA checks found."""
    return [f"{h.message}: '{h.before}' may need to be '{h.after}'" for h in held] + list(problems)


class Seq2SeqCorrector:
    """A loaded model with its tokenizer; ``correct`` runs it over segments with the gate."""

    def __init__(self, model, tokenizer, options: ModelOptions, device: str):
        self.model = model
        self.tokenizer = tokenizer
        self.options = options
        self.device = device
        self.max_input_tokens = options.max_input_tokens or self._declared_limit()
        # Outputs and scores by input, so that strategies sharing inputs (gate on and off,
        # with and without rules) generate once.
        self._generated: dict[tuple, str] = {}
        self.reused = 0  # outputs taken from _generated instead of generated (bench times only fresh work)
        self._scored: dict[tuple, float] = {}
        self.sent = 0  # segments given to the model
        self.refused: dict[str, str] = {}  # model input -> why its output cannot be used (a causal model's answer)
        self.without_source = 0  # of those, read without their source (none, or too long with it)

    @property
    def input_mode(self) -> str:
        """What the model reads, "mt" or "src+mt" (see :func:`input_mode`)."""
        return input_mode(self.options)

    @classmethod
    def load(cls, options: ModelOptions) -> "Seq2SeqCorrector":
        import torch  # noqa: F401
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()

        local = os.path.isdir(options.path)
        offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
        kwargs = {"revision": options.revision} if options.revision else {}
        if local or offline:
            kwargs["local_files_only"] = True
        try:
            tokenizer = AutoTokenizer.from_pretrained(options.path, **kwargs)
            model = AutoModelForSeq2SeqLM.from_pretrained(options.path, **kwargs)
        except OSError as exc:
            hint = " (offline: HF_HUB_OFFLINE is set)" if offline else ""
            raise InputError(f"cannot load a seq2seq model from {options.path!r}{hint}: {exc}") from None
        except ValueError as exc:
            raise InputError(f"{options.path!r} is not a seq2seq (encoder-decoder) model: {exc}") from None
        device = pick_device(options.device)
        if device == "cpu":
            model = model.float()  # half-precision checkpoints run in float32 on the CPU
        model.to(device)
        model.eval()
        return cls(model, tokenizer, options, device)

    def model_input(self, mt: str, source: Optional[str], notes: Sequence[str] = ()) -> str:
        """What the model reads for ``mt``: the MT, or source ||| MT for a model that reads
        "src+mt" (the task prefix comes on top, where the batch is encoded). A seq2seq model
        has no place for ``notes`` (the problems found in the segment); a prompted one does."""
        return encode_input(mt, source, self.input_mode)

    def _declared_limit(self) -> int:
        limit = getattr(self.tokenizer, "model_max_length", None) or _NO_LIMIT
        if limit >= _NO_LIMIT:
            config = self.model.config
            limit = getattr(config, "n_positions", None) or getattr(config, "max_position_embeddings", None) or 512
        return int(limit)

    def _length(self, text: str) -> int:
        return len(self.tokenizer(self.options.prefix + text, add_special_tokens=True)["input_ids"])

    def pieces(self, text: str) -> list[str]:
        """The segment, or its sentences grouped into pieces that fit the model's input limit."""
        if self._length(text) <= self.max_input_tokens:
            return [text]
        out: list[str] = []
        current = ""
        for sentence in split_sentences(text):
            if self._length(sentence) > self.max_input_tokens:
                raise ValueError(
                    f"a sentence of {self._length(sentence)} tokens is longer than the model's limit of "
                    f"{self.max_input_tokens} tokens and cannot be split: {sentence[:60]!r}..."
                )
            if current and self._length(current + sentence) > self.max_input_tokens:
                out.append(current)
                current = ""
            current += sentence
        if current:
            out.append(current)
        return out

    def forget(self, keep: set) -> None:
        """Drop the remembered outputs except those whose keys are in ``keep`` (the bench
        forgets its warm-up run, so that the timed run generates them again)."""
        self._generated = {k: v for k, v in self._generated.items() if k in keep}

    def generate(self, texts: Sequence[str]) -> list[str]:
        """Model outputs for ``texts`` (each within the limit), batched by length; an input
        seen before is not generated again."""
        outputs: list[str] = [""] * len(texts)
        key = (self.options.prefix, self.options.beams, self.options.max_new_tokens_ratio)
        todo = []
        for i, t in enumerate(texts):
            if (key, t) in self._generated:
                outputs[i] = self._generated[(key, t)]
            else:
                todo.append(i)
        self.reused += len(texts) - len(todo)
        order = sorted(todo, key=lambda i: len(texts[i]))
        bs = max(1, self.options.batch_size)
        for k in range(0, len(order), bs):
            idx = order[k : k + bs]
            for i, text in zip(idx, self._generate_batch([texts[i].strip() for i in idx])):
                outputs[i] = self._generated[(key, texts[i])] = text
        return outputs

    def _generate_batch(self, batch: list[str]) -> list[str]:
        """One batch through the model (the backend's part of :meth:`generate`)."""
        import torch

        enc = self.tokenizer([self.options.prefix + t for t in batch], return_tensors="pt", padding=True,
                             truncation=False).to(self.device)
        max_new = max(8, int(enc["input_ids"].shape[1] * self.options.max_new_tokens_ratio))
        with torch.no_grad():
            gen = self.model.generate(**enc, num_beams=self.options.beams, max_new_tokens=max_new)
        return self.tokenizer.batch_decode(gen, skip_special_tokens=True)

    def mean_logprob(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """Mean per-token log-probability of each target given its source."""
        pairs = [(self.options.prefix, s, t) for s, t in zip(sources, targets)]
        todo = [p for p in dict.fromkeys(pairs) if p not in self._scored]
        for p, score in zip(todo, self._mean_logprob([s for _, s, _ in todo], [t for _, _, t in todo])):
            self._scored[p] = score
        return [self._scored[p] for p in pairs]

    def _mean_logprob(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        import torch

        scores: list[float] = []
        bs = max(1, self.options.batch_size)
        for k in range(0, len(sources), bs):
            src = [self.options.prefix + s for s in sources[k : k + bs]]
            enc = self.tokenizer(src, return_tensors="pt", padding=True).to(self.device)
            lab = self.tokenizer(list(targets[k : k + bs]), return_tensors="pt", padding=True)["input_ids"].to(self.device)
            pad = self.tokenizer.pad_token_id
            with torch.no_grad():
                logits = self.model(**enc, labels=lab.masked_fill(lab == pad, -100)).logits
            logp = torch.log_softmax(logits.float(), dim=-1).gather(-1, lab.unsqueeze(-1)).squeeze(-1)
            mask = (lab != pad).float()
            scores.extend(((logp * mask).sum(-1) / mask.sum(-1).clamp(min=1)).tolist())
        return scores

    def correct(self, segments: Sequence[str], lang: str = "en", glossaries: tuple = (),
                sources: Optional[Sequence[Optional[str]]] = None,
                flagged: Optional[Sequence[bool]] = None,
                held: Optional[Sequence[Sequence]] = None) -> list[ModelResult]:
        """Run the model over segments (splitting long ones), then the gate on each segment.
        A model that reads "src+mt" gets each segment with its source (``sources``), whole;
        one too long for that, or without a source, is read as the MT alone. With scope
        "flagged", only segments that the rules flagged (``flagged``) or a QA check finds a
        problem in are read; the rest are left as they are."""
        plan: list[tuple[int, str]] = []
        inputs = list(segments)  # what the gate scores each output against
        mode = self.input_mode
        for i, seg in enumerate(segments):
            if not seg.strip():
                continue
            source = sources[i] if sources is not None else None
            problems = qa_problems(seg, source, glossaries) if self.options.scope == "flagged" else []
            if self.options.scope == "flagged" and not (flagged is not None and flagged[i]) and not problems:
                continue
            self.sent += 1
            notes = notes_for(held[i] if held is not None else (), problems) if self.options.scope == "flagged" else []
            whole = self.model_input(seg, source, notes)
            if mode == "src+mt" and not (source and source.strip()):
                self.without_source += 1
            if self._length(whole) <= self.max_input_tokens:
                plan.append((i, whole))
                inputs[i] = whole
                continue
            if mode == "src+mt" and source and source.strip():
                self.without_source += 1  # too long to go whole with its source
            plan.extend((i, self.model_input(piece, None)) for piece in self.pieces(seg))
        outputs = self.generate([p for _, p in plan]) if plan else []
        joined: dict[int, list[str]] = {}
        for (i, piece), out in zip(plan, outputs):
            # Keep the whitespace that separated the pieces.
            trail = piece[len(piece.rstrip()):]
            joined.setdefault(i, []).append(out.strip() + trail)
        proposals = ["".join(joined[i]).rstrip() + segments[i][len(segments[i].rstrip()):] if i in joined else segments[i]
                     for i in range(len(segments))]
        gains: list[Optional[float]] = [None] * len(segments)
        gate = self.options.gate
        changed = [i for i, (s, p) in enumerate(zip(segments, proposals)) if s != p]
        if gate.enabled and gate.margin is not None and changed:
            srcs = [inputs[i] for i in changed]
            with_out = self.mean_logprob(srcs, [proposals[i] for i in changed])
            with_in = self.mean_logprob(srcs, [segments[i] for i in changed])
            for i, a, b in zip(changed, with_out, with_in):
                gains[i] = a - b if math.isfinite(a - b) else None
        refused = {i: self.refused[given] for i, given in plan if given in self.refused}
        results = []
        for i, (seg, prop) in enumerate(zip(segments, proposals)):
            decision = GateDecision(False, refused[i]) if i in refused else decide(seg, prop, gate, gains[i], lang,
                                                                                     glossaries)
            results.append(ModelResult(seg, prop, prop if decision.accepted else seg, decision, gains[i]))
        return results

    def edits(self, result: ModelResult):
        return edits_between(result.original, result.text, self.options.label,
                             f"rewritten by the model {self.options.label} ({result.decision.reason})")
