"""Batched generation speed of the model stage: transformers against CTranslate2, same run.

    python benchmarks/model_speed.py                        # ByT5-style 'small' model from a config
    python benchmarks/model_speed.py --model PATH           # a checkpoint of your own
    python benchmarks/model_speed.py --batch-sizes 1 8 32 --segments 128 --beams 1

Without --model, the model is posteditor's ``--init small`` ByT5-style architecture with random
weights (nothing can be downloaded here), its vocabulary projection made to never choose
padding or the end token: every output then runs to the same length limit on both backends,
so both do exactly the same work, and speed is all that is measured. Inputs are the news-like
segments of benchmarks/speed.py. For each batch size: transformers (float32) and CTranslate2
(int8 and float32) on the CPU, segments/s, the speed-up of CTranslate2
over transformers, and how often their outputs agree (float32 must agree exactly). Writes
benchmarks/out/model-speed.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def random_model(init: str, folder: Path) -> str:
    import torch

    from posteditor.model.train import build_model

    torch.manual_seed(0)
    model, tokenizer = build_model(init)
    with torch.no_grad():
        model.lm_head.weight.normal_(0, 1.0)
        model.lm_head.weight[:3] = 0  # pad, end, unknown: never chosen, so lengths are equal
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a seq2seq checkpoint (default: the 'small' architecture, random weights)")
    parser.add_argument("--init", default="small", help="architecture without --model: tiny or small")
    parser.add_argument("--segments", type=int, default=128)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--max-new-tokens-ratio", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--device", default="cpu", help="cpu, or cuda (then CTranslate2 runs float16 and int8_float16)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()

    import torch
    from speed import make_corpus

    from posteditor.model import ModelOptions, load_corrector

    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("POSTEDITOR_CACHE_DIR", tempfile.mkdtemp(prefix="posteditor-model-speed-"))
    path = args.model or random_model(args.init, Path(tempfile.mkdtemp(prefix="posteditor-model-")))
    texts = [t for t in make_corpus(args.segments * 2, seed=11) if len(t) > 20][: args.segments]

    quantised = "int8" if args.device == "cpu" else "int8_float16"
    backends = {
        "transformers float32": dict(backend="transformers"),
        f"ctranslate2 {quantised}": dict(backend="ctranslate2", compute_type=quantised, threads=args.threads),
        "ctranslate2 float32": dict(backend="ctranslate2", compute_type="float32", threads=args.threads),
    }
    if args.device != "cpu":
        backends["ctranslate2 float16"] = dict(backend="ctranslate2", compute_type="float16")
    rows = []
    outputs: dict[tuple[str, int], list[str]] = {}
    for bs in args.batch_sizes:
        correctors = {name: load_corrector(ModelOptions(path, device=args.device, batch_size=bs, beams=args.beams,
                                                        max_new_tokens_ratio=args.max_new_tokens_ratio, **kw))
                      for name, kw in backends.items()}
        for c in correctors.values():  # warm up: first calls allocate
            c.generate(texts[:bs])
            c._generated.clear()
        for name, c in correctors.items():
            start = time.perf_counter()
            result = c.generate(texts)
            seconds = time.perf_counter() - start
            c._generated.clear()
            outputs[(name, bs)] = result
            rows.append({"backend": name, "batch_size": bs, "seconds": seconds,
                         "segments_per_second": len(texts) / seconds})
            print(f"batch {bs:3d}  {name:22s} {len(texts) / seconds:8.1f} segments/s", flush=True)
    base = {r["batch_size"]: r["seconds"] for r in rows if r["backend"] == "transformers float32"}
    for r in rows:
        r["speedup_over_transformers"] = base[r["batch_size"]] / r["seconds"]
        same = outputs[(r["backend"], r["batch_size"])]
        ref = outputs[("transformers float32", r["batch_size"])]
        r["agreement_with_transformers"] = sum(a == b for a, b in zip(same, ref)) / len(ref)

    lines = [
        f"# Model stage speed (benchmarks/model_speed.py), {args.device}, {args.threads} CPU threads",
        "",
        f"Model: {'`' + args.model + '`' if args.model else f'ByT5-style {args.init!r} architecture, random weights (equal output lengths)'}; "
        f"{len(texts)} news-like segments, beams {args.beams}, outputs up to {args.max_new_tokens_ratio}x the input's tokens.",
        "",
        "| batch | backend | segments/s | speed-up over transformers | same output as transformers |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['batch_size']} | {r['backend']} | {r['segments_per_second']:.1f} | "
                     f"{r['speedup_over_transformers']:.2f}x | {r['agreement_with_transformers']:.0%} |")
    int8 = [r["speedup_over_transformers"] for r in rows if r["backend"] == f"ctranslate2 {quantised}"]
    lines.append(f"\nCTranslate2 {quantised} over transformers: median {statistics.median(int8):.2f}x "
                 f"(range {min(int8):.2f}x to {max(int8):.2f}x over batch sizes {args.batch_sizes}).")
    text = "\n".join(lines) + "\n"
    print(text)
    (out / "model-speed.md").write_text(text, encoding="utf-8")
    (out / "model-speed.json").write_text(json.dumps({"rows": rows, "segments": len(texts), "threads": args.threads,
                                                      "device": args.device,
                                                      "model": args.model or f"random {args.init}",
                                                      "beams": args.beams}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
