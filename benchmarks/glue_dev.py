"""Precision and recall of the glue fixer on the project's dev set (corpora/glue/), and its
throughput on any text.

    python benchmarks/glue_dev.py
    python benchmarks/glue_dev.py --speed ../shared/corpora/wmt22-general-toen/references/*.en

Case-level scoring: a glued case is a true positive when the output equals the expected
split exactly; a wrong change counts against precision as well as recall; every changed clean
sentence is a false positive.
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
from posteditor.textio import read_lines  # noqa: E402

CATEGORIES = ("BOILERPLATE", "REPEAT", "NAME", "ORDER", "GRAMMAR", "PUNCT", "SPACING")


def glue_only() -> Config:
    return Config(disabled=frozenset(CATEGORIES))


def evaluate(config: Config, glue_dir: Path = ROOT / "corpora" / "glue") -> dict:
    pipeline = Pipeline(config)
    cases = [json.loads(l) for l in (glue_dir / "glued.jsonl").read_text(encoding="utf-8").splitlines() if l]
    clean = [l for l in (glue_dir / "clean.txt").read_text(encoding="utf-8").splitlines() if l]
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
        "glued_cases": len(cases),
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
    parser.add_argument("--speed", nargs="*", default=[], help="text files to time the glue fixer on")
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args()
    report = {"glue_only": evaluate(glue_only()), "all_rules": evaluate(Config())}
    for name, r in (("GLUE fixers alone", report["glue_only"]), ("all rules", report["all_rules"])):
        print(
            f"{name}: precision {r['precision']:.3f}, recall {r['recall']:.3f} "
            f"({r['true_positives']} fixed, {r['wrong_changes']} wrong, {r['missed']} missed of "
            f"{r['glued_cases']}; {r['clean_changed']} of {r['clean_sentences']} clean sentences changed)"
        )
        for kind, counts in r["per_kind"].items():
            print(f"  {kind}: {counts}")
    for f in report["glue_only"]["failures"]:
        print(f"  miss/wrong [{f['kind']}]: {f['input']!r} -> {f['got']!r}")
    for f in report["all_rules"]["false_positives"]:
        print(f"  false positive: {f['input']!r} -> {f['got']!r}")
    if args.speed:
        report["speed"] = speed(args.speed, glue_only())
        s = report["speed"]
        print(f"glue fixers alone: {s['lines']} lines in {s['seconds']:.2f}s = {s['lines_per_second']:,.0f} lines/s")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
