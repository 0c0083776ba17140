"""Precision and recall of a fixer category on the project's dev sets (corpora/glue/,
corpora/names/), alone and with all rules, and its throughput on any text.

    python benchmarks/dev_sets.py glue
    python benchmarks/dev_sets.py names --speed ../shared/corpora/wmt22-general-toen/references/*.en

Each set is a folder with cases.jsonl (input, expected output, optional preceding context
segments; a case whose output equals its input is a negative) and clean.txt (sentences that
must not change). Case-level scoring: a case is a true positive when the output equals the
expected one exactly; a wrong change counts against precision and recall; every changed clean
sentence or negative case is a false positive.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posteditor import Config, Pipeline  # noqa: E402
from posteditor.text.textio import read_lines  # noqa: E402

CATEGORIES = ("BOILERPLATE", "REPEAT", "GLUE", "NAME", "ORDER", "GRAMMAR", "PUNCT", "SPACING")
SETS = {"glue": ("GLUE",), "names": ("NAME",), "order": ("ORDER", "GRAMMAR")}


def only(categories: tuple[str, ...]) -> Config:
    return Config(disabled=frozenset(c for c in CATEGORIES if c not in categories))


def evaluate(config: Config, folder: Path) -> dict:
    pipeline = Pipeline(config)
    all_cases = [json.loads(l) for l in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines() if l]
    cases = [c for c in all_cases if c["input"] != c["output"]]
    clean = [l for l in (folder / "clean.txt").read_text(encoding="utf-8").splitlines() if l]
    clean += [c["input"] for c in all_cases if c["input"] == c["output"]]
    per_kind = collections.defaultdict(lambda: collections.Counter())
    tp = wrong = missed = 0
    failures = []
    for case in cases:
        doc = list(case.get("context", [])) + [case["input"]]
        got = pipeline.fix_document(doc).segments[-1].text
        kind = case["kind"]
        per_kind[kind]["cases"] += 1
        if got == case["output"]:
            tp += 1
            per_kind[kind]["fixed"] += 1
        elif got != case["input"]:
            wrong += 1
            per_kind[kind]["wrong"] += 1
            failures.append({"kind": kind, "input": case["input"], "got": got, "want": case["output"]})
        else:
            missed += 1
            per_kind[kind]["missed"] += 1
            failures.append({"kind": kind, "input": case["input"], "got": got, "want": case["output"]})
    false_pos = []
    for sentence in clean:
        got = pipeline.fix_segment(sentence).text
        if got != sentence:
            false_pos.append({"input": sentence, "got": got})
    precision_den = tp + wrong + len(false_pos)
    return {
        "cases": len(cases),
        "clean_sentences": len(clean),
        "true_positives": tp,
        "wrong_changes": wrong,
        "missed": missed,
        "clean_changed": len(false_pos),
        "precision": tp / precision_den if precision_den else 1.0,
        "recall": tp / len(cases) if cases else 0.0,
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())},
        "failures": failures,
        "false_positives": false_pos,
    }


def speed(paths: list[str], config: Config) -> dict:
    lines = [s for p in paths for s in read_lines(p)]
    pipeline = Pipeline(config)
    pipeline.fix_segment("warm up NATOis")
    start = time.perf_counter()
    for line in lines:
        pipeline.fix_segment(line)
    seconds = time.perf_counter() - start
    return {"lines": len(lines), "seconds": seconds, "lines_per_second": len(lines) / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=sorted(SETS), help="which dev set (folder under corpora/)")
    parser.add_argument("--speed", nargs="*", default=[], help="text files to time the category alone on")
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args()
    folder = ROOT / "corpora" / args.set
    categories = SETS[args.set]
    category = "+".join(categories)
    report = {"alone": evaluate(only(categories), folder), "all_rules": evaluate(Config(), folder)}
    for name, r in ((f"{category} alone", report["alone"]), ("all rules", report["all_rules"])):
        print(
            f"{name}: precision {r['precision']:.3f}, recall {r['recall']:.3f} "
            f"({r['true_positives']} fixed, {r['wrong_changes']} wrong, {r['missed']} missed of "
            f"{r['cases']}; {r['clean_changed']} of {r['clean_sentences']} clean sentences changed)"
        )
        for kind, counts in r["per_kind"].items():
            print(f"  {kind}: {counts}")
    for f in report["alone"]["failures"]:
        print(f"  miss/wrong [{f['kind']}]: {f['input']!r} -> {f['got']!r}")
    for f in report["all_rules"]["false_positives"]:
        print(f"  false positive: {f['input']!r} -> {f['got']!r}")
    if args.speed:
        report["speed"] = speed(args.speed, only(categories))
        s = report["speed"]
        print(f"{category} alone: {s['lines']} lines in {s['seconds']:.2f}s = {s['lines_per_second']:,.0f} lines/s")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
