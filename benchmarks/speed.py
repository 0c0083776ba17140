"""Speed and memory of the rules, next to sacremoses' MosesPunctNormalizer in the same run.

    python benchmarks/speed.py                       # 200k segments, memory at 1k and 100k
    python benchmarks/speed.py --size 20000 --memory-sizes 1000 100000 1000000

The corpus is deterministic news-like English with MT damage (posteditor.model.synth over
template sentences, seed 7). Reports segments/s and MB/s of `fix` and `check` with all rules
against MosesPunctNormalizer (a regex pipeline that does far less), the ratio (each of fix and
check in a fresh process beside its own Moses run, taking turns slice by slice; CPU time of
that process, and wall time; the spread of the slices' ratios); --jobs 2 against 1; peak RSS
of `posteditor fix --chunk-lines 1000` at each memory size; the wall time of `posteditor fix`
on one line. Writes benchmarks/out/speed.md and speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = ["Ilham Aliyev", "Vladimir Putin", "Joe Biden", "Recep Tayyip Erdogan", "Nikol Pashinyan", "Emmanuel Macron",
          "Olaf Scholz", "Jeyhun Bayramov", "Antony Blinken", "Sergei Lavrov", "Josep Borrell", "Xi Jinping"]
PLACES = ["Baku", "Moscow", "Ankara", "Yerevan", "Brussels", "Geneva", "Tbilisi", "Washington", "Kyiv", "Paris"]
TEMPLATES = [
    "{p} met {q} in {c} on {d} February, the ministry said.",
    "According to {p}, the talks in {c} will resume next week.",
    "The delegation arrived in {c} on Monday, and {n} observers joined it.",
    "{p} said that the agreement signed in {c} would be respected.",
    "Prices rose {n} percent in {c}, officials said on {d} March.",
    "NATO will send {n} observers to {c}, a spokesman said.",
    "The summit in {c} ended late; {p} and {q} issued a joint statement.",
    "Leave a Reply",
    "Talks between {p} and {q} lasted {n} hours in {c}.",
]


def make_corpus(n: int, seed: int = 7) -> list[str]:
    from posteditor.model.synth import corrupt

    rng = random.Random(seed)
    rates = {"glue": 0.1, "name_variant": 0.1, "doubled_subject": 0.05, "according_to": 0.5, "spacing": 0.1,
             "noise": 0.05}
    out = []
    for _ in range(n):
        p, q = rng.sample(PEOPLE, 2)
        line = rng.choice(TEMPLATES).format(p=p, q=q, c=rng.choice(PLACES), d=rng.randint(1, 28), n=rng.randint(2, 900))
        out.append(corrupt(line, rng, rates)[0])
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t)"
)


def rss_of(cmd: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of ``cmd``, measured by a fresh parent whose only child
    it is (this process's own children, the --jobs workers, would otherwise count)."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True)
    kb, wall = out.stdout.split()
    return int(kb) / 1024, float(wall)


def memory_runs(sizes: list[int], out: Path) -> list[dict]:
    """Peak RSS of `posteditor fix --chunk-lines 1000` on corpora of each size."""
    memory = []
    exe = [sys.executable, "-m", "posteditor.cli", "fix", "--chunk-lines", "1000"]
    for n in sizes:
        path = out / f"speed-corpus-{n}.txt"
        with open(path, "w", encoding="utf-8") as f:
            for k in range(0, n, 100_000):
                f.write("\n".join(make_corpus(min(100_000, n - k), seed=7 + k)) + "\n")
        peak, wall = rss_of(exe + [str(path)])
        memory.append({"segments": n, "peak_rss_mb": peak, "seconds": wall})
        path.unlink()
    return memory


def throughput(size: int, which: str) -> dict:
    """CPU and wall seconds of MosesPunctNormalizer and of posteditor ``which`` ("fix" or
    "check", all rules) on the corpus of ``size`` segments, in this process. They take turns
    slice by slice (slices of two 1000-segment documents, a tenth of a second or so; each run
    going first on every other slice), so that a change in the machine's load (shared cores)
    falls on both alike; CPU time is what this process spent, not what it waited for."""
    from sacremoses import MosesPunctNormalizer

    from posteditor import Config, Pipeline
    from posteditor.check.qa import findings_from_edits

    corpus = make_corpus(size)
    normalizer = MosesPunctNormalizer(lang="en")
    pipeline = Pipeline(Config())
    pipeline.fix_document(make_corpus(1000, seed=8))  # word lists and gazetteers loaded before timing

    def moses(part):
        for s in part:
            normalizer.normalize(s)

    def fix(part):
        for k in range(0, len(part), 1000):
            pipeline.fix_document(part[k : k + 1000])

    def check(part):
        for k in range(0, len(part), 1000):
            doc = pipeline.fix_document(part[k : k + 1000])
            for n, seg in enumerate(doc.segments):
                list(findings_from_edits("bench", k + n + 1, seg.original, list(seg.edits), {}))

    runs = {"moses": moses, which: fix if which == "fix" else check}
    cpu = dict.fromkeys(runs, 0.0)
    wall = dict.fromkeys(runs, 0.0)
    slice_ratios = []
    step = 2000
    for n, k in enumerate(range(0, len(corpus), step)):
        part = corpus[k : k + step]
        spent = {}
        for name in (list(runs) if n % 2 == 0 else list(runs)[::-1]):
            c, w = time.process_time(), time.perf_counter()
            runs[name](part)
            spent[name] = time.process_time() - c
            cpu[name] += spent[name]
            wall[name] += time.perf_counter() - w
        slice_ratios.append(spent["moses"] / spent[which])
    return {"cpu": cpu, "wall": wall, "slice_ratios": slice_ratios}


def throughput_apart(size: int, which: str) -> dict:
    """:func:`throughput` in a fresh process: fix and check each start with cold caches (the
    fixers' tables are shared within a process, so the second would find the first's)."""
    out = subprocess.run([sys.executable, __file__, "--size", str(size), "--throughput-of", which],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[1000, 100_000])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--only-memory", action="store_true", help="skip the throughput runs")
    parser.add_argument("--only-throughput", action="store_true",
                        help="only the fix/check/Moses table (no --jobs, memory or one-line runs)")
    parser.add_argument("--only-jobs", action="store_true", help="only the --jobs 2 against --jobs 1 runs")
    parser.add_argument("--throughput-of", choices=["fix", "check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.throughput_of:
        print(json.dumps(throughput(args.size, args.throughput_of)))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.only_memory:
        for m in memory_runs(args.memory_sizes, out):
            print(f"| {m['segments']:,} | {m['peak_rss_mb']:.0f} | {m['seconds']:.1f} |", flush=True)
        return

    from posteditor import Config
    from posteditor.scale.stream import fix_stream

    corpus = make_corpus(args.size)
    mb = sum(len(s.encode("utf-8")) + 1 for s in corpus) / 1e6
    measured = {} if args.only_jobs else {which: throughput_apart(args.size, which) for which in ("fix", "check")}
    table = ["| run | segments/s (CPU) | MB/s (CPU) | ratio to Moses (CPU) | ratio to Moses (wall) | "
             "ratio, slice by slice (CPU) |", "|---|---|---|---|---|---|"]
    report = {"segments": len(corpus), "megabytes": mb, "cpu_count": os.cpu_count(), "runs": {}}
    for which, m in measured.items():
        cpu, wall = m["cpu"], m["wall"]
        name = f"posteditor {which} (all rules)"
        ratio, ratio_wall = cpu["moses"] / cpu[which], wall["moses"] / wall[which]
        low, high = min(m["slice_ratios"]), max(m["slice_ratios"])
        report["runs"][name] = {"cpu_seconds": cpu[which], "wall_seconds": wall[which],
                                "segments_per_second": len(corpus) / cpu[which], "mb_per_second": mb / cpu[which],
                                "moses_cpu_seconds": cpu["moses"], "ratio_to_moses": ratio,
                                "ratio_to_moses_wall": ratio_wall, "slice_ratios": m["slice_ratios"]}
        table.append(f"| MosesPunctNormalizer (beside {which}) | {len(corpus) / cpu['moses']:,.0f} | "
                     f"{mb / cpu['moses']:.3f} | 1.000 | 1.000 | |")
        table.append(f"| {name} | {len(corpus) / cpu[which]:,.0f} | {mb / cpu[which]:.3f} | {ratio:.3f} | "
                     f"{ratio_wall:.3f} | {statistics.median(m['slice_ratios']):.3f} median, {low:.3f} to {high:.3f} |")
    if args.only_throughput:
        print("\n".join(table))
        return

    # --jobs: worker processes, so wall time, each over the whole corpus as one command would
    # (one start-up), the results consumed as they come as `posteditor fix` writes them (not
    # kept: a list of every result would make the parent's garbage collector the measure);
    # run 1, 2, 2, 1, 1, 2, 2, 1 so that a drift in the machine's load falls on both alike.
    jobs_wall = {1: 0.0, 2: 0.0}
    walls = []
    for jobs in (1, 2, 2, 1, 1, 2, 2, 1):
        walls.append(timed(lambda: sum(len(r.edits) for r in fix_stream(corpus, Config(), 1000, jobs))))
        jobs_wall[jobs] += walls[-1] / 4
    pairs = [walls[k] / walls[k + 1] if k % 4 == 0 else walls[k + 1] / walls[k] for k in range(0, 8, 2)]

    jobs_ratio = jobs_wall[1] / jobs_wall[2]
    report["jobs_wall_seconds"] = jobs_wall
    report["jobs2_speedup"] = jobs_ratio
    report["jobs2_speedup_by_pair"] = pairs
    table.append(f"\n`posteditor fix --jobs 2` vs `--jobs 1` (fix_stream, wall, same run): "
                 f"{len(corpus) / jobs_wall[1]:,.0f} vs {len(corpus) / jobs_wall[2]:,.0f} segments/s, "
                 f"{jobs_ratio:.2f}x on {os.cpu_count()} cores (pair by pair: "
                 f"{', '.join(f'{x:.2f}' for x in pairs)})")
    if args.only_jobs:
        print(table[-1].strip())
        return

    memory = memory_runs(args.memory_sizes, out)
    report["memory"] = memory
    table.append("\n| segments | peak RSS (MB) | wall (s) |\n|---|---|---|")
    table += [f"| {m['segments']:,} | {m['peak_rss_mb']:.0f} | {m['seconds']:.1f} |" for m in memory]

    one = out / "one-line.txt"
    one.write_text("Vladimir Putininitially agreed , the Kremlin said .\n", encoding="utf-8")
    # As installed: with bytecode caches (pip writes them; this machine's environment may
    # forbid them), and with posteditor's cache folder first empty, then filled.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["POSTEDITOR_CACHE_DIR"] = str(out / "one-line-cache")
    shutil.rmtree(env["POSTEDITOR_CACHE_DIR"], ignore_errors=True)
    cmd = [sys.executable, "-m", "posteditor.cli", "fix", str(one)]
    first = timed(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env))
    walls = [timed(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)) for _ in range(7)]
    one.unlink()
    shutil.rmtree(env["POSTEDITOR_CACHE_DIR"], ignore_errors=True)
    report["one_line_wall_s"] = statistics.median(walls)
    report["one_line_first_run_wall_s"] = first
    table.append(f"\n`posteditor fix` on one line: {statistics.median(walls):.2f} s wall (median of 7; "
                 f"the first run, which fills the cache folder, {first:.2f} s)")
    text = "\n".join(table) + "\n"
    print(text)
    (out / "speed.md").write_text(text, encoding="utf-8")
    (out / "speed.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
