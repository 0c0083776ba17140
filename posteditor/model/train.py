"""Training or fine-tuning a seq2seq post-editing model on (mt, pe) pairs.

A held-out dev split scored with chrF and TER after every epoch (next to the copy baseline),
early stopping on dev chrF, a fixed seed, a progress bar, and resumable checkpoints:
``OUT/last`` holds the latest epoch with its optimizer state, ``OUT/best`` the best model so
far, and ``OUT`` itself the best model when training ends. ``init="tiny"|"small"`` builds a
ByT5-style model (byte tokenizer, no vocabulary file, no download) from a config.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..errors import InputError
from .options import encode_input

INIT_SIZES = {
    # d_model, d_ff, encoder layers, decoder layers, heads, d_kv
    "tiny": (128, 256, 2, 2, 4, 32),
    "small": (256, 768, 6, 2, 4, 64),
}


@dataclass
class TrainOptions:
    out: str
    base: Optional[str] = None
    init: str = "tiny"
    epochs: int = 5
    batch_size: int = 32
    lr: float = 1e-3
    seed: int = 13
    dev_fraction: float = 0.05
    dev_max: int = 300
    patience: int = 2
    max_steps: Optional[int] = None
    max_length: int = 256  # tokens (bytes for ByT5); longer pairs are skipped
    prefix: str = ""
    device: str = "auto"
    resume: bool = False
    time_budget: Optional[float] = None  # seconds; training stops (then evaluates and saves) when spent
    #: what the model reads: "mt", "src+mt" (source ||| MT, for examples that have a source), or
    #: "auto" (src+mt when every example has a source); saved in posteditor.json beside the weights
    model_input: str = "auto"


@dataclass
class EpochReport:
    epoch: int
    steps: int
    train_loss: float
    dev_chrf: float
    dev_ter: float
    copy_chrf: float
    copy_ter: float
    seconds: float


@dataclass
class TrainReport:
    epochs: list[EpochReport] = field(default_factory=list)
    best_epoch: int = 0
    best_chrf: float = -1.0
    stopped: str = ""
    train_pairs: int = 0
    dev_pairs: int = 0
    skipped_long: int = 0
    parameters: int = 0


Example = tuple[Optional[str], str, str]  # (source or None, mt, pe)


def read_examples(paths: Sequence[str]) -> list[Example]:
    """(source, mt, pe) examples from TSV files (``mt<TAB>pe``, or ``src<TAB>mt<TAB>pe`` as
    MLQE-PE has them; an optional header) or APE folders (``*.src`` read where there is one);
    the source is None where a file has none."""
    from ..evaluation.corpus import read_ape_folder
    from ..text.textio import read_lines

    examples: list[Example] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            corpus = read_ape_folder(p)
            sources = corpus.src or [None] * len(corpus.mt)
            examples += list(zip(sources, corpus.mt, corpus.refs[0]))
            continue
        width = None
        for n, line in enumerate(read_lines(p), 1):
            if not line.strip() or (n == 1 and line.lower().startswith(("mt\t", "src\t", "source\t"))):
                continue
            cols = line.split("\t")
            if len(cols) not in (2, 3) or (width is not None and len(cols) != width):
                want = f"{'mt<TAB>pe' if width == 2 else 'src<TAB>mt<TAB>pe'} as on the lines before" if width \
                    else "'mt<TAB>pe' or 'src<TAB>mt<TAB>pe'"
                raise InputError(f"expected {want}, got {len(cols)} columns", p, n)
            width = len(cols)
            examples.append((None, cols[0], cols[1]) if width == 2 else (cols[0], cols[1], cols[2]))
    if not examples:
        raise InputError(f"no (mt, pe) pairs in {', '.join(map(str, paths))}")
    return examples


def read_pairs(paths: Sequence[str]) -> list[tuple[str, str]]:
    """(mt, pe) pairs of :func:`read_examples`, the sources left out."""
    return [(mt, pe) for _, mt, pe in read_examples(paths)]


def resolve_input(examples: Sequence, mode: str) -> str:
    """``mode``, or for "auto": src+mt when every example has a source, else mt."""
    if mode != "auto":
        return mode
    return "src+mt" if examples and all(len(e) == 3 and e[0] for e in examples) else "mt"


def build_model(init: str):
    """A randomly initialised ByT5-style model and its byte tokenizer (no download)."""
    from transformers import ByT5Tokenizer, T5Config, T5ForConditionalGeneration

    if init not in INIT_SIZES:
        raise InputError(f"--init must be one of {', '.join(INIT_SIZES)}")
    d_model, d_ff, enc, dec, heads, d_kv = INIT_SIZES[init]
    tokenizer = ByT5Tokenizer()
    config = T5Config(
        vocab_size=384, d_model=d_model, d_ff=d_ff, num_layers=enc, num_decoder_layers=dec, num_heads=heads,
        d_kv=d_kv, feed_forward_proj="gated-gelu", tie_word_embeddings=False, decoder_start_token_id=0,
        pad_token_id=0, eos_token_id=1, dropout_rate=0.1,
    )
    return T5ForConditionalGeneration(config), tokenizer


def _seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batches(items: list[tuple[list[int], list[int]]], batch_size: int, rng: random.Random):
    """Batches of similar length (less padding), in random order."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), rng.random()))
    chunks = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    rng.shuffle(chunks)
    return chunks


def train(pairs: Sequence, options: TrainOptions,
          log: Callable[[str], None] = print) -> TrainReport:
    """Train on ``pairs``: (mt, pe) pairs or (source, mt, pe) examples."""
    import torch

    from ..evaluation.scoring import score_corpus
    from .inference import pick_device

    _seed_everything(options.seed)
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    last, best = out / "last", out / "best"
    state_path = last / "trainer_state.pt"
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    start_epoch, report = 0, TrainReport()
    if options.resume and state_path.exists():
        model = AutoModelForSeq2SeqLM.from_pretrained(last, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(last, local_files_only=True)
        log(f"resuming from {last}")
    elif options.base:
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(options.base, local_files_only=Path(options.base).is_dir())
            tokenizer = AutoTokenizer.from_pretrained(options.base, local_files_only=Path(options.base).is_dir())
        except OSError as exc:
            raise InputError(f"cannot load the base model {options.base!r}: {exc}") from None
    else:
        model, tokenizer = build_model(options.init)
    device = pick_device(options.device)
    model.to(device)
    report.parameters = sum(p.numel() for p in model.parameters())

    mode = resolve_input(pairs, options.model_input)
    # (model input, pe): the input is the MT, or source ||| MT (see ModelOptions.encode)
    examples = [(encode_input(e[-2], e[0] if len(e) == 3 else None, mode), e[-1], e[-2]) for e in pairs]
    log(f"the model reads {'the source and the MT' if mode == 'src+mt' else 'the MT'}")
    rng = random.Random(options.seed)
    shuffled = list(examples)
    rng.shuffle(shuffled)
    n_dev = min(options.dev_max, max(1, int(len(shuffled) * options.dev_fraction)))
    dev_mt = [mt for _, _, mt in shuffled[:n_dev]]  # what doing nothing scores on the dev set
    dev = [(given, pe) for given, pe, _ in shuffled[:n_dev]]
    train_pairs = [(given, pe) for given, pe, _ in shuffled[n_dev:]]
    encoded = []
    for mt, pe in train_pairs:
        src = tokenizer(options.prefix + mt)["input_ids"]
        tgt = tokenizer(pe)["input_ids"]
        if len(src) > options.max_length or len(tgt) > options.max_length:
            report.skipped_long += 1
            continue
        encoded.append((src, tgt))
    report.train_pairs, report.dev_pairs = len(encoded), len(dev)
    if not encoded:
        raise InputError("no training pairs fit --max-length")
    log(f"{report.parameters:,} parameters on {device}; {len(encoded)} training pairs "
        f"({report.skipped_long} longer than {options.max_length} skipped), {len(dev)} dev pairs")

    optimizer = torch.optim.AdamW(model.parameters(), lr=options.lr, weight_decay=0.01)
    steps_per_epoch = math.ceil(len(encoded) / options.batch_size)
    total = options.max_steps or steps_per_epoch * options.epochs
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / max(1, total // 20)) * max(0.05, 1 - s / max(1, total)))
    stale, step = 0, 0
    if options.resume and state_path.exists():
        state = torch.load(state_path, map_location=device, weights_only=False)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start_epoch, step, stale = state["epoch"], state["step"], state["stale"]
        report = TrainReport(**{**asdict(report), "best_epoch": state["best_epoch"], "best_chrf": state["best_chrf"]})
        report.epochs = [EpochReport(**e) for e in state["epochs"]]
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])

    pad = tokenizer.pad_token_id
    copy_scores = score_corpus(dev_mt, [[p for _, p in dev]], ("chrF", "TER"))
    began = time.perf_counter()
    # The time budget covers the dev evaluation that follows training too: training stops
    # when what is left would not pay for it (estimated from a first batch, then measured).
    eval_estimate = 0.0
    if options.time_budget and dev:
        t = time.perf_counter()
        _evaluate(model, tokenizer, dev[:32], options, device, show=False)
        eval_estimate = (time.perf_counter() - t) * -(-len(dev) // 32)

    def out_of_time() -> bool:
        return bool(options.time_budget) and time.perf_counter() - began + eval_estimate > options.time_budget

    for epoch in range(start_epoch, options.epochs):
        t0 = time.perf_counter()
        model.train()
        losses = []
        chunks = _batches(encoded, options.batch_size, rng)
        bar = _progress(len(chunks), f"epoch {epoch + 1}/{options.epochs}")
        for chunk in chunks:
            if options.max_steps and step >= options.max_steps:
                break
            if out_of_time():
                break  # evaluated and saved below, like a finished epoch
            src = [encoded[i][0] for i in chunk]
            tgt = [encoded[i][1] for i in chunk]
            x = _pad(src, pad).to(device)
            y = _pad(tgt, -100).to(device)
            loss = model(input_ids=x, attention_mask=(x != pad).long(), labels=y).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            step += 1
            bar.update(1, f"loss {sum(losses[-50:]) / len(losses[-50:]):.3f}")
        bar.close()
        t = time.perf_counter()
        chrf, ter = _evaluate(model, tokenizer, dev, options, device)
        eval_estimate = time.perf_counter() - t
        epoch_report = EpochReport(epoch + 1, step, sum(losses) / max(len(losses), 1), chrf, ter,
                                   copy_scores["chrF"].score, copy_scores["TER"].score, time.perf_counter() - t0)
        report.epochs.append(epoch_report)
        log(f"epoch {epoch + 1}: loss {epoch_report.train_loss:.4f}, dev chrF {chrf:.2f} TER {ter:.2f} "
            f"(copy: chrF {epoch_report.copy_chrf:.2f} TER {epoch_report.copy_ter:.2f})")
        with open(out / "training_log.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(epoch_report)) + "\n")
        if chrf > report.best_chrf:
            report.best_chrf, report.best_epoch, stale = chrf, epoch + 1, 0
            _save(model, tokenizer, best, mode)
        else:
            stale += 1
        _save(model, tokenizer, last, mode)
        torch.save({
            "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "epoch": epoch + 1,
            "step": step, "stale": stale, "best_epoch": report.best_epoch, "best_chrf": report.best_chrf,
            "epochs": [asdict(e) for e in report.epochs], "rng": rng.getstate(), "torch_rng": torch.get_rng_state(),
        }, state_path)
        if stale >= options.patience:
            report.stopped = f"early stop: dev chrF did not improve for {stale} epochs"
            break
        if options.max_steps and step >= options.max_steps:
            report.stopped = f"reached --max-steps {options.max_steps}"
            break
        if out_of_time():
            report.stopped = f"time budget of {options.time_budget:.0f}s spent (dev evaluation included)"
            break
    else:
        report.stopped = report.stopped or "all epochs done"
    for item in best.iterdir() if best.exists() else ():
        target = out / item.name
        if item.is_file():
            shutil.copy2(item, target)
    (out / "train_report.json").write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    return report


def _pad(rows: list[list[int]], value: int):
    import torch

    width = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (width - len(r)) for r in rows], dtype=torch.long)


def _evaluate(model, tokenizer, dev, options: TrainOptions, device, show: bool = True) -> tuple[float, float]:
    import torch

    from ..evaluation.scoring import score_corpus

    model.eval()
    outputs = []
    bar = _progress(-(-len(dev) // 32), "dev") if show else None
    with torch.no_grad():
        for k in range(0, len(dev), 32):
            if bar is not None:
                bar.update(1, "")
            batch = [options.prefix + m for m, _ in dev[k : k + 32]]
            enc = tokenizer(batch, return_tensors="pt", padding=True, truncation=True,
                            max_length=options.max_length).to(device)
            gen = model.generate(**enc, max_new_tokens=min(options.max_length, int(enc["input_ids"].shape[1] * 1.3) + 4),
                                 num_beams=1)
            outputs += tokenizer.batch_decode(gen, skip_special_tokens=True)
    if bar is not None:
        bar.close()
    scores = score_corpus(outputs, [[p for _, p in dev]], ("chrF", "TER"))
    return scores["chrF"].score, scores["TER"].score


def _save(model, tokenizer, folder: Path, mode: str) -> None:
    from .inference import CHECKPOINT_NOTE

    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / CHECKPOINT_NOTE).write_text(json.dumps({"model_input": mode}) + "\n", encoding="utf-8")


class _progress:
    """tqdm when available (it comes with transformers), silent otherwise."""

    def __init__(self, total: int, desc: str):
        try:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=desc, leave=False)
        except ImportError:  # pragma: no cover
            self.bar = None

    def update(self, n: int, postfix: str = "") -> None:
        if self.bar is not None:
            self.bar.update(n)
            if postfix:
                self.bar.set_postfix_str(postfix, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
