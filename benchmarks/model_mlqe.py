"""The model stage on MLQE-PE dev: identity, rules, model, rules + model, gate on and off.

    python benchmarks/model_mlqe.py --model MODEL_DIR [--segments 300] [--shared ../shared/corpora]

Writes benchmarks/out/model-mlqe.md and .json. MLQE-PE text is Moses-tokenized and is
detokenized first; segments are unrelated sentences, so each is its own document.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posteditor import Config  # noqa: E402
from posteditor.evaluation.bench import Strategy, model_strategies, run_bench  # noqa: E402
from posteditor.evaluation.corpus import load_corpus  # noqa: E402
from posteditor.model import ModelOptions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--segments", type=int, default=0, help="first N segments of each dev set (0: all)")
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()
    model = ModelOptions(args.model, beams=args.beams, batch_size=32)
    strategies = [Strategy("identity"), Strategy("rules", Config(), "all rules")] + model_strategies(Config(), model)
    reports = []
    for pair in ["et-en", "ne-en", "ro-en", "ru-en", "si-en"]:
        corpus = load_corpus(Path(args.shared) / "mlqe-pe" / "dev" / f"{pair}-dev", detok=True,
                             name=f"MLQE-PE dev {pair}")
        if args.segments:
            corpus = dataclasses.replace(corpus, mt=corpus.mt[: args.segments],
                                         refs=[r[: args.segments] for r in corpus.refs],
                                         src=corpus.src[: args.segments] if corpus.src else None)
            corpus.name += f" (first {args.segments})"
        report = run_bench(corpus, strategies, n_samples=args.bootstrap, documents="segment")
        print(report.to_markdown(), flush=True)
        reports.append(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model-mlqe.md").write_text("\n".join(r.to_markdown() for r in reports), encoding="utf-8")
    (out / "model-mlqe.json").write_text(json.dumps([r.to_dict() for r in reports], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
