"""Edits on clean human text, where every edit is a false positive.

    python benchmarks/false_positives.py ../shared/corpora/wmt22-general-toen/references/*.en
    python benchmarks/false_positives.py --json out.json --show 50 FILE ...

Each file is fixed as one document (as `posteditor fix` would); the report gives, per rule,
how many lines it changed, and lists every changed line (up to --show).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from posteditor import Config, Pipeline  # noqa: E402
from posteditor.text.edits import word_diff  # noqa: E402
from posteditor.text.textio import read_lines  # noqa: E402


def measure(paths: list[str], config: Config) -> dict:
    pipeline = Pipeline(config)
    per_rule: collections.Counter[str] = collections.Counter()
    changed_lines = []
    total = 0
    start = time.perf_counter()
    for path in paths:
        segments = read_lines(path)
        total += len(segments)
        result = pipeline.fix_document(segments)
        for n, seg in enumerate(result.segments, 1):
            if seg.changed:
                rules = sorted({e.rule for e in seg.edits})
                per_rule.update(rules)
                changed_lines.append(
                    {"file": Path(path).name, "line": n, "rules": rules, "diff": word_diff(seg.original, seg.text)}
                )
    seconds = time.perf_counter() - start
    return {
        "files": len(paths),
        "lines": total,
        "lines_changed": len(changed_lines),
        "rate": len(changed_lines) / total if total else 0.0,
        "per_rule": dict(per_rule.most_common()),
        "changed": changed_lines,
        "lines_per_second": total / seconds if seconds else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--json", help="write the full report here")
    parser.add_argument("--show", type=int, default=100, help="changed lines to print")
    parser.add_argument("--disable", action="append", default=[])
    args = parser.parse_args()
    report = measure(args.files, Config(disabled=frozenset(args.disable)))
    print(
        f"{report['lines_changed']} of {report['lines']} lines changed "
        f"(1 in {report['lines'] / max(report['lines_changed'], 1):,.0f}), "
        f"{report['lines_per_second']:,.0f} lines/s"
    )
    for rule, count in report["per_rule"].items():
        print(f"  {rule}: {count}")
    for item in report["changed"][: args.show]:
        print(f"{item['file']}:{item['line']}: {','.join(item['rules'])}: {item['diff']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
