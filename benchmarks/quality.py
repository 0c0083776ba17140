"""The quality benchmark: every strategy next to doing nothing, on the project's own sample
and on any external corpus.

    python benchmarks/quality.py                          # corpora/sample only
    python benchmarks/quality.py --shared ../shared/corpora   # + MLQE-PE dev (5 pairs) and
                                                           #   WMT22 ru-en, uk-en (3 systems each)
    python benchmarks/quality.py --corpus MT REF [REF ...]    # any parallel files

Writes benchmarks/out/quality.md, quality.json and one PNG per corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posteditor.evaluation.bench import default_strategies, run_bench  # noqa: E402
from posteditor.evaluation.corpus import load_corpus  # noqa: E402

WMT_SYSTEMS = {"ru-en": ["Online-A", "Online-B", "JDExploreAcademy"], "uk-en": ["Online-A", "Online-B", "PROMT"]}
MLQE_PAIRS = ["et-en", "ne-en", "ro-en", "ru-en", "si-en"]


def corpora(args):
    yield load_corpus(ROOT / "corpora/sample/article.mt.txt", refs=[ROOT / "corpora/sample/article.ref.txt"],
                      name="sample article (corpora/sample)"), "corpus"
    if args.shared:
        shared = Path(args.shared)
        for pair in MLQE_PAIRS:
            folder = shared / "mlqe-pe" / "dev" / f"{pair}-dev"
            if folder.is_dir():
                # Moses-tokenized: detokenize before scoring; sentences are unrelated, so each
                # is its own document.
                yield load_corpus(folder, detok=True, name=f"MLQE-PE dev {pair}"), "segment"
        wmt = shared / "wmt22-general-toen"
        for pair, systems in WMT_SYSTEMS.items():
            ref = wmt / "references" / f"generaltest2022.{pair}.ref.A.en"
            for system in systems:
                hyp = wmt / "system-outputs" / f"generaltest2022.{pair}.hyp.{system}.en"
                if hyp.exists() and ref.exists():
                    yield load_corpus(hyp, refs=[ref], name=f"WMT22 {pair} {system}"), "corpus"
    for spec in args.corpus or []:
        mt, *refs = spec
        yield load_corpus(mt, refs=refs), "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", help="folder holding mlqe-pe/ and wmt22-general-toen/")
    parser.add_argument("--corpus", nargs="+", action="append", metavar="FILE", help="MT then reference(s)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    strategies = default_strategies()
    reports = []
    for k, (corpus, mode) in enumerate(corpora(args)):
        start = time.perf_counter()
        report = run_bench(corpus, strategies, n_samples=args.bootstrap, documents=mode)
        print(report.to_markdown(), flush=True)
        print(f"({time.perf_counter() - start:.0f}s)\n", file=sys.stderr)
        report.plot(out / f"quality-{k + 1}.png")
        reports.append(report)
    (out / "quality.md").write_text("\n".join(r.to_markdown() for r in reports), encoding="utf-8")
    (out / "quality.json").write_text(json.dumps([r.to_dict() for r in reports], indent=1, ensure_ascii=False),
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
