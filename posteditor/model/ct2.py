"""The model stage on CTranslate2: the same checkpoint, converted once, generating and scoring
faster on the CPU (int8 by default) or the GPU.

``--backend ctranslate2`` takes the ``--model`` a user gives: a CTranslate2 model folder (with
the tokenizer's files beside ``model.bin``, as ``ct2-transformers-converter --copy_files``
leaves them), or any Hugging Face seq2seq checkpoint, which is converted on first use into
the cache folder (:mod:`posteditor.knowledge.cache`) and reused after. Tokenizing stays with the
checkpoint's Hugging Face tokenizer, so pieces, gate and edits are exactly those of the
transformers backend; only the model runs elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional, Sequence

from ..errors import InputError
from .causal import CausalCorrector, Memory, PromptTemplate, causal_tokenizer
from .inference import _NO_LIMIT, Seq2SeqCorrector
from .options import ModelOptions

_TOKENIZER_FILES = ("tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "spiece.model",
                    "vocab.json", "merges.txt", "added_tokens.json", "sentencepiece.bpe.model", "source.spm",
                    "target.spm", "vocab.txt", "generation_config.json", "chat_template.jinja", "chat_template.json")


def is_ct2_folder(path: str) -> bool:
    folder = Path(path)
    if not (folder / "model.bin").is_file():
        return False
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return "architectures" not in config  # a transformers config names its architecture


def _converted_folder(options: ModelOptions, quantization: str) -> Path:
    """Where the conversion of ``options.path`` lives in the cache folder."""
    from ..knowledge.cache import cache_dir

    stamp = hashlib.sha1(f"{options.path}\0{options.revision}\0{quantization}".encode())
    local = Path(options.path)
    if local.is_dir():
        for f in sorted(local.iterdir()):
            if f.is_file():
                st = f.stat()
                stamp.update(f"{f.name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    name = options.path.rstrip("/").split("/")[-1] or "model"
    return cache_dir() / "ct2" / f"{name}-{quantization}-{stamp.hexdigest()[:16]}"


def convert(options: ModelOptions, quantization: str) -> Path:
    """Convert the checkpoint (needs torch and transformers) unless done already."""
    import ctranslate2

    out = _converted_folder(options, quantization)
    if (out / "model.bin").is_file():
        return out
    kwargs = {"revision": options.revision} if options.revision else {}
    local = os.path.isdir(options.path)
    copy = [f for f in _TOKENIZER_FILES if local and (Path(options.path) / f).is_file()]
    try:
        converter = ctranslate2.converters.TransformersConverter(options.path, copy_files=copy or None,
                                                                 load_as_float16=False, **kwargs)
    except TypeError:  # older converters take no revision
        converter = ctranslate2.converters.TransformersConverter(options.path, copy_files=copy or None)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=out.parent, suffix=".tmp")
    try:
        with _t5_output_scaling(), _bart_norm_placement():
            converter.convert(tmp, quantization=quantization, force=True)
        _fill_missing_tokens(Path(tmp), options)
        os.replace(tmp, out)  # atomic: another process sees the whole folder or none
    except OSError:
        if not (out / "model.bin").is_file():  # unless another process got there first
            raise
    except (ValueError, KeyError, NotImplementedError, AttributeError) as exc:
        # AttributeError: the converter reads a config field this transformers no longer has
        raise InputError(f"cannot convert {options.path!r} for CTranslate2: {type(exc).__name__}: {exc}; "
                         "run it with --backend transformers") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


@contextlib.contextmanager
def _spec_patched(loader, adjust):
    """While converting, ``loader``'s model spec is made by ``adjust(original, self, model)``,
    which calls the converter's own method and mends what it reads wrongly."""
    original = loader.get_model_spec
    loader.get_model_spec = lambda self, model: adjust(original, self, model)
    try:
        yield
    finally:
        loader.get_model_spec = original


def _t5_output_scaling():
    """transformers 5 says whether T5 scales the decoder output by d_model ** -0.5 in
    ``scale_decoder_outputs``, and keeps ``tie_word_embeddings`` True even for untied
    checkpoints; CTranslate2's T5 converter still reads the latter. While converting, the
    scaling follows ``scale_decoder_outputs`` where a config has it, is off for mT5 (whose
    model in transformers 5 never scales), and else the converter's own rule stands, so that
    the converted model scores as the original does."""
    from ctranslate2.converters import transformers as ct2_transformers
    from ctranslate2.specs import model_spec

    def get_model_spec(original, self, model):
        spec = original(self, model)
        scale = getattr(model.config, "scale_decoder_outputs", None)
        if scale is None and model.config.model_type == "mt5":
            scale = False  # transformers 5's MT5 never scales, tied or not
        if scale is not None:
            spec.decoder.scale_outputs = model.config.d_model ** -0.5 if scale else model_spec.OPTIONAL
        return spec

    return _spec_patched(ct2_transformers.T5Loader, get_model_spec)


def _fill_missing_tokens(folder: Path, options: ModelOptions) -> None:
    """Tokens a BART-style conversion leaves null, which CTranslate2 then refuses to load or
    run: the decoder's start token where the tokenizer's class is mBART's (which starts with a
    language code the caller must give), taken from the checkpoint's ``decoder_start_token_id``;
    and ``bos_token`` where the tokenizer has none (T5's and ByT5's), for which the decoder's
    start token stands in, as the T5 converter does."""
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    before = dict(config)
    if "decoder_start_token" in config and config["decoder_start_token"] is None:  # a Translator's
        start_id = getattr(_checkpoint_config(options), "decoder_start_token_id", None)
        vocabulary = _vocabulary(folder)
        if start_id is not None and 0 <= start_id < len(vocabulary):
            config["decoder_start_token"] = vocabulary[start_id]
    if config.get("bos_token") is None and (config.get("decoder_start_token") or config.get("eos_token")):
        config["bos_token"] = config.get("decoder_start_token") or config["eos_token"]
    if config != before:
        config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def _checkpoint_config(options: ModelOptions):
    from transformers import AutoConfig

    kwargs = {"revision": options.revision} if options.revision else {}
    try:  # the converter has just read it, so it is at hand (a local folder or the hub's cache)
        return AutoConfig.from_pretrained(options.path, **kwargs)
    except (OSError, ValueError):
        return None


def _vocabulary(folder: Path) -> list[str]:
    """The target vocabulary of a converted model, by id."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        if (folder / name).is_file():
            return json.loads((folder / name).read_text(encoding="utf-8"))
    for name in ("target_vocabulary.txt", "shared_vocabulary.txt"):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8").split("\n")
    return []


def _bart_norm_placement():
    """CTranslate2's BART converter reads ``normalize_before`` from the config, which
    transformers 5 no longer writes: BART normalises after each sublayer, mBART before
    (the Marian and M2M100 loaders set the field themselves before asking the BART one)."""
    from ctranslate2.converters import transformers as ct2_transformers

    def get_model_spec(original, self, model):
        if not hasattr(model.config, "normalize_before"):
            model.config.normalize_before = model.config.model_type == "mbart"
        return original(self, model)

    return _spec_patched(ct2_transformers.BartLoader, get_model_spec)


def _runtime(options: ModelOptions):
    """(ctranslate2, device, device_index, compute_type, threads, folder) for ``options``: the
    device and precision asked for, and the converted model's folder (converting it first
    where it is a Hugging Face checkpoint)."""
    try:
        import ctranslate2
    except ImportError:
        raise InputError("--backend ctranslate2 needs: pip install 'posteditor[ct2]'") from None
    device = options.device
    if device == "auto":
        device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    elif device.startswith("cuda") and ctranslate2.get_cuda_device_count() == 0:
        raise InputError(f"--device {device}: CTranslate2 finds no CUDA device on this machine")
    elif device not in ("cpu",) and not device.startswith("cuda"):
        raise InputError(f"--device {device}: CTranslate2 runs on cpu or cuda")
    compute_type = options.compute_type
    if compute_type == "auto":
        compute_type = "int8" if device == "cpu" else "int8_float16"
    if is_ct2_folder(options.path):
        folder = Path(options.path)
    else:
        folder = convert(options, compute_type if compute_type in ("int8", "int8_float16", "float16") else "float32")
    device_index = 0
    if device.startswith("cuda:"):
        device, device_index = "cuda", int(device.split(":", 1)[1])
    threads = options.threads or os.cpu_count() or 1
    return ctranslate2, device, device_index, compute_type, threads, folder


def _open(kind, folder: Path, device: str, device_index: int, compute_type: str, threads: int):
    """A CTranslate2 ``Translator`` or ``Generator`` (``kind``) over the converted folder."""
    try:
        return kind(str(folder), device=device, device_index=device_index, compute_type=compute_type,
                    intra_threads=threads if device == "cpu" else 0)
    except (RuntimeError, ValueError) as exc:
        raise InputError(f"CTranslate2 cannot load {folder}: {exc}") from None


def _tokenizer_kwargs(options: ModelOptions, folder: Path) -> tuple[str, dict]:
    """Where to load the tokenizer from (the converted folder if its files were copied
    there, else the checkpoint) and how."""
    tokenizer_from = str(folder) if (folder / "tokenizer_config.json").is_file() else options.path
    kwargs = {"revision": options.revision} if options.revision and tokenizer_from == options.path else {}
    if os.path.isdir(tokenizer_from) or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
        kwargs["local_files_only"] = True
    return tokenizer_from, kwargs


def is_ct2_generator(path: str) -> bool:
    """Whether ``path`` holds a converted decoder-only model: a Translator's config speaks of
    its source side or of where its decoder starts, a Generator's of neither."""
    try:
        config = json.loads((Path(path) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return not any(key in config for key in ("decoder_start_token", "add_source_bos", "add_source_eos"))


class CTranslate2Corrector(Seq2SeqCorrector):
    """:class:`Seq2SeqCorrector` with generation and scoring run by a CTranslate2 Translator."""

    def __init__(self, translator, tokenizer, options: ModelOptions, device: str, folder: Path):
        self.folder = folder
        super().__init__(translator, tokenizer, options, device)

    @classmethod
    def load(cls, options: ModelOptions) -> "CTranslate2Corrector":
        from transformers import AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        ctranslate2, device, device_index, compute_type, threads, folder = _runtime(options)
        tokenizer_from, kwargs = _tokenizer_kwargs(options, folder)
        try:
            tokenizer = AutoTokenizer.from_pretrained(tokenizer_from, **kwargs)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot load the tokenizer for {options.path!r}: {exc}") from None
        translator = _open(ctranslate2.Translator, folder, device, device_index, compute_type, threads)
        try:  # libraries load on first use: a missing CUDA library is an error now, not mid-file
            probe = tokenizer.convert_ids_to_tokens(tokenizer("a")["input_ids"])
            translator.translate_batch([probe], max_decoding_length=1)
        except RuntimeError as exc:
            raise InputError(f"CTranslate2 cannot run on {device}: {exc}") from None
        return cls(translator, tokenizer, options, device, folder)

    def _declared_limit(self) -> int:
        limit = getattr(self.tokenizer, "model_max_length", None) or _NO_LIMIT
        return int(limit) if limit < _NO_LIMIT else 512

    def _tokens(self, texts: Sequence[str], prefix: str = "") -> list[list[str]]:
        return [self.tokenizer.convert_ids_to_tokens(self.tokenizer(prefix + t)["input_ids"]) for t in texts]

    def _decode(self, tokens: list[str]) -> str:
        return self.tokenizer.decode(self.tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True)

    def _generate_batch(self, batch: list[str]) -> list[str]:
        source = self._tokens(batch, self.options.prefix)
        max_new = max(8, int(max(len(s) for s in source) * self.options.max_new_tokens_ratio))
        results = self.model.translate_batch(source, beam_size=self.options.beams, max_decoding_length=max_new,
                                             max_batch_size=len(batch))
        return [self._decode(r.hypotheses[0]) for r in results]

    def _mean_logprob(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """Mean log-probability per target token, the end token included (as the labels of
        the transformers backend include it)."""
        src = self._tokens(sources, self.options.prefix)
        # The tokenizer adds the end token to the target; CTranslate2 scores it itself.
        tgt = [t[:-1] if t and t[-1] == self.tokenizer.eos_token else t for t in self._tokens(targets)]
        results = self.model.score_batch(src, tgt, max_batch_size=max(1, self.options.batch_size))
        return [sum(r.log_probs) / max(1, len(r.log_probs)) for r in results]

    def describe(self) -> str:
        return f"CTranslate2 {self.options.compute_type} on {self.device} ({self.folder})"


class CausalCTranslate2Corrector(CausalCorrector):
    """:class:`~posteditor.model.causal.CausalCorrector` with generation and scoring run by a
    CTranslate2 Generator: the same prompts, answer parsing and gate."""

    def __init__(self, generator, tokenizer, options: ModelOptions, device: str, folder: Path,
                 template: PromptTemplate, memory: Optional[Memory] = None):
        self.folder = folder
        super().__init__(generator, tokenizer, options, device, template, memory)

    @classmethod
    def load(cls, options: ModelOptions) -> "CausalCTranslate2Corrector":
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        ctranslate2, device, device_index, compute_type, threads, folder = _runtime(options)
        tokenizer_from, kwargs = _tokenizer_kwargs(options, folder)
        try:
            tokenizer = causal_tokenizer(tokenizer_from, kwargs)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot load the tokenizer for {options.path!r}: {exc}") from None
        generator = _open(ctranslate2.Generator, folder, device, device_index, compute_type, threads)
        memory = Memory.read(options.memory, options.memory_k) if options.memory else None
        return cls(generator, tokenizer, options, device, folder, PromptTemplate.load(options.prompt), memory)

    def _declared_limit(self) -> int:
        limit = getattr(self.tokenizer, "model_max_length", None) or _NO_LIMIT
        return int(limit) if limit < _NO_LIMIT else 2048

    def _tokens(self, ids: list[int]) -> list[str]:
        return self.tokenizer.convert_ids_to_tokens(ids)

    def _generate_batch(self, batch: list[str]) -> list[str]:
        prompts = [self._tokens(self.tokenizer(p, add_special_tokens=False)["input_ids"]) for p in batch]
        results = self.model.generate_batch(prompts, max_length=self._max_new(batch), beam_size=self.options.beams,
                                            include_prompt_in_result=False, max_batch_size=len(batch))
        answers = [self.tokenizer.decode(r.sequences_ids[0], skip_special_tokens=True) for r in results]
        return self._parsed(batch, answers)

    def _continuation_logprobs(self, prompt_ids: list[int], target_ids: list[int]) -> list[float]:
        """CTranslate2 gives the log-probability of every token after the first: the target's
        are the last ones."""
        result = self.model.score_batch([self._tokens(prompt_ids + target_ids)])[0]
        return list(result.log_probs[-len(target_ids):])

    def describe(self) -> str:
        return f"CTranslate2 {self.options.compute_type} on {self.device} ({self.folder})"


__all__ = ["CTranslate2Corrector", "CausalCTranslate2Corrector", "convert", "is_ct2_folder", "is_ct2_generator"]
