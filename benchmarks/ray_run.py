"""A Ray Data run of `posteditor fix --engine ray`, checked against the single-process result.

    python benchmarks/ray_run.py                      # 50,000 records, local Ray instance
    python benchmarks/ray_run.py --records 200000 --address auto

Writes news-like records (benchmarks/speed.py's corpus) as JSON Lines, fixes them on Ray Data
(one pipeline per actor, `map_batches`), fixes the same records in this process, and compares
every record's text and edits. Reports records/s of both (the Ray figure includes starting
the actors and reading and writing the files) and writes benchmarks/out/ray-run.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--address", help="a running Ray cluster (default: a local instance)")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()

    import ray
    from speed import make_corpus

    from posteditor import Config, Pipeline
    from posteditor.scale.distributed import RayJob, run

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="posteditor-ray-"))
    texts = make_corpus(args.records, seed=21)
    src = work / "feed.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")

    if args.address:
        ray.init(address=args.address, log_to_driver=False)
    else:
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    start = time.perf_counter()
    summary = run(RayJob(str(src), str(work / "out"), text_field="text", address=args.address, workers=args.workers))
    ray_seconds = time.perf_counter() - start
    ray.shutdown()

    rows = []
    for path in sorted((work / "out").glob("*.json*")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows.sort(key=lambda r: r["id"])

    pipeline = Pipeline(Config())
    start = time.perf_counter()
    local = [pipeline.fix_segment(t) for t in texts]
    local_seconds = time.perf_counter() - start

    same_text = sum(r["text"] == l.text for r, l in zip(rows, local))
    same_edits = sum(len(json.loads(r["posteditor_edits"])) == len(l.edits) for r, l in zip(rows, local))
    report = {
        "records": len(texts), "records_back": len(rows), "ray_seconds": ray_seconds, "local_seconds": local_seconds,
        "ray_records_per_second": len(texts) / ray_seconds, "local_records_per_second": len(texts) / local_seconds,
        "same_text": same_text, "same_edit_count": same_edits, "edits": summary["edits"],
        "workers": summary["workers"], "cpus": os.cpu_count(),
    }
    text = "\n".join([
        f"# Ray Data run (benchmarks/ray_run.py), {os.cpu_count()} CPUs, {summary['workers']} workers",
        "",
        "| run | records | seconds | records/s |",
        "|---|---|---|---|",
        f"| `posteditor fix --engine ray` (actors started, files read and written) | {len(rows):,} | "
        f"{ray_seconds:.1f} | {len(texts) / ray_seconds:,.0f} |",
        f"| the same records, one process, `Pipeline.fix_segment` each | {len(texts):,} | {local_seconds:.1f} | "
        f"{len(texts) / local_seconds:,.0f} |",
        "",
        f"Records back: {len(rows):,} of {len(texts):,}; text equal to the single-process result: "
        f"{same_text:,}; edit count equal: {same_edits:,}; edits: {summary['edits']:,}.",
    ]) + "\n"
    print(text)
    (out / "ray-run.md").write_text(text, encoding="utf-8")
    (out / "ray-run.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
