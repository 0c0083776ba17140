"""Speed and memory of the rules, next to sacremoses' MosesPunctNormalizer in the same run.

    python benchmarks/speed.py                       # the real corpus; memory at 1k and 100k
    python benchmarks/speed.py --only-throughput     # only the table against Moses
    python benchmarks/speed.py --corpus synthetic --size 200000 --memory-sizes 1000 100000 1000000

The corpus is real where ../shared/corpora exists (--corpus real, the default): the WMT21 and
WMT22 into-English references and system outputs and the MQM zh-en targets, deduplicated,
each file a document, in its order (see real_corpus); --corpus synthetic is deterministic
news-like English with MT damage (posteditor.model.synth over template sentences, seed 7),
whose repeated sentences flatter any memo. Reports segments/s and MB/s of `fix` and `check`
with all rules against MosesPunctNormalizer (a regex pipeline that does far less), per source
and in total, the ratio (each of fix and check in a fresh process beside its own Moses run,
taking turns document by document; CPU time of that process, and wall time; the spread of the
documents' ratios); --jobs 2 against 1; peak RSS
of `posteditor fix --chunk-lines 1000` at each memory size; the wall time of `posteditor fix`
on one line. Writes benchmarks/out/speed.md and speed.json.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
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


SHARED = ROOT.parent / "shared" / "corpora"
_MQM_SPAN = re.compile(r"</?v>")


def real_corpus(root: Path = SHARED) -> list[tuple[str, str, list[str]]]:
    """Real English text nobody here wrote, as (source, file, lines): the human references and
    the MT system outputs of WMT21 and WMT22 into English, and the MT of the MQM-annotated
    zh-en sets (one target per system and segment, the raters' span marks taken out). Each
    file is a document, in its own order; a line seen before in any file is left out, so
    that no segment is fixed twice (a memo would answer it)."""
    groups = [
        ("references", sorted((root / "wmt21-news-toen" / "references").glob("*"))
         + sorted((root / "wmt22-general-toen" / "references").glob("*"))),
        ("system outputs", sorted((root / "wmt21-news-toen" / "system-outputs").glob("*"))
         + sorted((root / "wmt22-general-toen" / "system-outputs").glob("*"))),
        ("MQM targets", sorted((root / "mqm-zhen").glob("mqm*newstest202*_zhen*.tsv"))),
    ]
    seen: set[str] = set()
    out = []
    for source, paths in groups:
        for path in paths:
            if path.name.endswith((".avg_seg_scores.tsv", ".seg_id_map.tsv", ".source-errors.tsv")):
                continue
            if path.suffix == ".tsv":  # one row per rating: each system's segment once, as most raters have it
                texts = collections.defaultdict(collections.Counter)
                for row in path.read_text(encoding="utf-8").split("\n")[1:]:
                    cells = row.split("\t")
                    if len(cells) > 6:
                        texts[(cells[0], cells[3])][_MQM_SPAN.sub("", cells[6])] += 1
                lines = [counts.most_common(1)[0][0] for counts in texts.values()]
            else:
                lines = path.read_text(encoding="utf-8").splitlines()
            fresh = [line for line in lines if line.strip() and line not in seen]
            seen.update(fresh)
            if fresh:
                out.append((source, path.name, fresh))
    return out


def documents_of(corpus_name: str, size: int) -> list[tuple[str, list[str]]]:
    """(source, segments) documents of at most 1000 segments: each real file cut in pieces,
    or the synthetic corpus of ``size`` segments."""
    if corpus_name == "synthetic":
        lines = make_corpus(size)
        return [("synthetic", lines[k:k + 1000]) for k in range(0, len(lines), 1000)]
    return [(source, lines[k:k + 1000]) for source, _, lines in real_corpus() for k in range(0, len(lines), 1000)]


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


def memory_runs(corpus_name: str, sizes: list[int], out: Path) -> list[dict]:
    """Peak RSS of `posteditor fix --chunk-lines 1000` on corpora of each size (the real
    corpus repeated as often as it takes)."""
    memory = []
    exe = [sys.executable, "-m", "posteditor.cli", "fix", "--chunk-lines", "1000"]
    lines = [s for _, part in documents_of(corpus_name, 100_000) for s in part]
    for n in sizes:
        path = out / f"speed-corpus-{n}.txt"
        with open(path, "w", encoding="utf-8") as f:
            for k in range(0, n, len(lines)):
                f.write("\n".join(lines[: min(len(lines), n - k)]) + "\n")
        peak, wall = rss_of(exe + [str(path)])
        memory.append({"segments": n, "peak_rss_mb": peak, "seconds": wall})
        path.unlink()
    return memory


def throughput(corpus_name: str, size: int, which: str) -> dict:
    """CPU and wall seconds of MosesPunctNormalizer and of posteditor ``which`` ("fix" or
    "check", all rules) on the corpus, in this process, per source. They take turns document
    by document (each going first on every other one), so that a change in the machine's load
    (shared cores) falls on both alike; CPU time is what this process spent, not what it
    waited for."""
    from sacremoses import MosesPunctNormalizer

    from posteditor import Config, Pipeline
    from posteditor.check.qa import findings_from_edits

    documents = documents_of(corpus_name, size)
    normalizer = MosesPunctNormalizer(lang="en")
    pipeline = Pipeline(Config())
    pipeline.fix_document(make_corpus(1000, seed=8))  # word lists and gazetteers loaded before timing

    def moses(part):
        for s in part:
            normalizer.normalize(s)

    def fix(part):
        pipeline.fix_document(part)

    def check(part):
        doc = pipeline.fix_document(part)
        for n, seg in enumerate(doc.segments):
            list(findings_from_edits("bench", n + 1, seg.original, list(seg.edits), {}))

    runs = {"moses": moses, which: fix if which == "fix" else check}
    cpu = collections.defaultdict(lambda: dict.fromkeys(runs, 0.0))
    wall = collections.defaultdict(lambda: dict.fromkeys(runs, 0.0))
    segments = collections.Counter()
    megabytes = collections.Counter()
    doc_ratios = []
    for n, (source, part) in enumerate(documents):
        spent = {}
        segments[source] += len(part)
        megabytes[source] += sum(len(s.encode("utf-8")) + 1 for s in part) / 1e6
        for name in (list(runs) if n % 2 == 0 else list(runs)[::-1]):
            c, w = time.process_time(), time.perf_counter()
            runs[name](part)
            spent[name] = time.process_time() - c
            cpu[source][name] += spent[name]
            wall[source][name] += time.perf_counter() - w
        if spent[which] > 0:
            doc_ratios.append(spent["moses"] / spent[which])
    return {"cpu": cpu, "wall": wall, "segments": segments, "megabytes": megabytes, "doc_ratios": doc_ratios}


def throughput_apart(corpus_name: str, size: int, which: str) -> dict:
    """:func:`throughput` in a fresh process: fix and check each start with cold caches (the
    fixers' tables are shared within a process, so the second would find the first's)."""
    out = subprocess.run([sys.executable, __file__, "--corpus", corpus_name, "--size", str(size),
                          "--throughput-of", which], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])


def throughput_rows(which: str, m: dict) -> tuple[list[str], dict]:
    """Table rows per source and in total for one measurement of :func:`throughput`."""
    rows, report = [], {}
    sources = list(m["segments"]) + (["total"] if len(m["segments"]) > 1 else [])
    for source in sources:
        pick = list(m["segments"]) if source == "total" else [source]
        n = sum(m["segments"][s] for s in pick)
        mb = sum(m["megabytes"][s] for s in pick)
        cpu = {k: sum(m["cpu"][s][k] for s in pick) for k in ("moses", which)}
        wall = {k: sum(m["wall"][s][k] for s in pick) for k in ("moses", which)}
        ratio, ratio_wall = cpu["moses"] / cpu[which], wall["moses"] / wall[which]
        report[source] = {"segments": n, "megabytes": mb, "cpu_seconds": cpu[which], "moses_cpu_seconds": cpu["moses"],
                          "segments_per_second": n / cpu[which], "moses_segments_per_second": n / cpu["moses"],
                          "ratio_to_moses": ratio, "ratio_to_moses_wall": ratio_wall}
        spread = ""
        if source == sources[-1]:
            r = m["doc_ratios"]
            spread = f"{statistics.median(r):.3f} median, {min(r):.3f} to {max(r):.3f}"
        rows.append(f"| {which} | {source} | {n:,} | {n / cpu['moses']:,.0f} | {n / cpu[which]:,.0f} | "
                    f"{mb / cpu[which]:.3f} | {ratio:.3f} | {ratio_wall:.3f} | {spread} |")
    return rows, report


def one_line_runs(out: Path) -> tuple[float, float]:
    """Wall seconds of `posteditor fix` on a one-line file: the median of 7 runs, and the
    first run (which fills the cache folder)."""
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
    return statistics.median(walls), first


def one_line_row(median: float, first: float) -> str:
    return (f"\n`posteditor fix` on one line: {median:.2f} s wall (median of 7; "
            f"the first run, which fills the cache folder, {first:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["real", "synthetic"], default="real" if SHARED.is_dir() else "synthetic",
                        help="real: the shared references, MT outputs and MQM targets, deduplicated (the default "
                             "where ../shared/corpora exists); synthetic: template sentences with MT damage")
    parser.add_argument("--size", type=int, default=200_000, help="segments of the synthetic corpus")
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[1000, 100_000])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--only-memory", action="store_true", help="skip the throughput runs")
    parser.add_argument("--only-throughput", action="store_true",
                        help="only the fix/check/Moses table (no --jobs, memory or one-line runs)")
    parser.add_argument("--only-jobs", action="store_true", help="only the --jobs 2 against --jobs 1 runs")
    parser.add_argument("--only-one-line", action="store_true", help="only the one-line `posteditor fix` runs")
    parser.add_argument("--throughput-of", choices=["fix", "check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.throughput_of:
        print(json.dumps(throughput(args.corpus, args.size, args.throughput_of)))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.only_one_line:
        print(one_line_row(*one_line_runs(out)).strip())
        return
    if args.only_memory:
        for m in memory_runs(args.corpus, args.memory_sizes, out):
            print(f"| {m['segments']:,} | {m['peak_rss_mb']:.0f} | {m['seconds']:.1f} |", flush=True)
        return

    from posteditor import Config
    from posteditor.scale.stream import fix_stream

    corpus = [s for _, part in documents_of(args.corpus, args.size) for s in part]
    mb = sum(len(s.encode("utf-8")) + 1 for s in corpus) / 1e6
    measured = {} if args.only_jobs else {w: throughput_apart(args.corpus, args.size, w) for w in ("fix", "check")}
    table = [f"Corpus: {args.corpus}, {len(corpus):,} segments, {mb:.1f} MB.\n",
             "| run | source | segments | Moses segments/s (CPU) | segments/s (CPU) | MB/s (CPU) | "
             "ratio to Moses (CPU) | ratio to Moses (wall) | ratio, document by document (CPU) |",
             "|---|---|---|---|---|---|---|---|---|"]
    report = {"corpus": args.corpus, "segments": len(corpus), "megabytes": mb, "cpu_count": os.cpu_count(), "runs": {}}
    for which, m in measured.items():
        rows, report["runs"][which] = throughput_rows(which, m)
        table += rows
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

    memory = memory_runs(args.corpus, args.memory_sizes, out)
    report["memory"] = memory
    table.append("\n| segments | peak RSS (MB) | wall (s) |\n|---|---|---|")
    table += [f"| {m['segments']:,} | {m['peak_rss_mb']:.0f} | {m['seconds']:.1f} |" for m in memory]

    median, first = one_line_runs(out)
    report["one_line_wall_s"] = median
    report["one_line_first_run_wall_s"] = first
    table.append(one_line_row(median, first))
    text = "\n".join(table) + "\n"
    print(text)
    (out / "speed.md").write_text(text, encoding="utf-8")
    (out / "speed.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
