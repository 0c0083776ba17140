"""Time on pathological long lines: every shipped rule and fixer must be linear in the length.

    python benchmarks/long_lines.py                       # 10 KB, 100 KB and 1 MB of each shape
    python benchmarks/long_lines.py --sizes 10000 100000 --limit 60

Each line is fixed by `posteditor fix` in a fresh process (as a user would run it), with a
time limit, and the report gives seconds per MB for every shape and size; the target is under
2 s per MB for every shape. Writes benchmarks/out/long-lines.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each shape is a unit repeated to the size asked for: the damage that once made a rule
# quadratic, and other shapes that a pattern could backtrack on.
SHAPES = {
    "full stops": ".",
    "Word.": "Word.",
    "in,in,": "in,in,",
    "glued tokens": None,  # see glued_tokens(): every token a different one
    "one long word": "a",
    "doubled words": "in ",
    "spaced quotes": '" ',
    "spaced hyphens": "two - ",
    "sentences": "Talks resumed on Monday. ",
    "capitalised run": "Biden ",
    "commas": ", ",
    "entities": "& amp; ",
    "times": "14: ",
}


def line_of(unit, size: int) -> str:
    if unit is None:
        return glued_tokens(size)
    return (unit * (size // len(unit) + 1))[:size]


def glued_tokens(size: int) -> str:
    """Distinct glued tokens (a number glued to a word, a name to a function word): a
    document that repeats one token uses it as a word and is not asked about it again."""
    words = ["initially", "and", "reported", "is", "said", "announced"]
    out, n = [], 0
    while sum(map(len, out)) < size:
        out.append(f"Putin{n}{words[n % len(words)]} {n}times ")
        n += 1
    return "".join(out)[:size]


def run(line: str, limit: float) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "line.txt"
        path.write_text(line + "\n", encoding="utf-8")
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "posteditor.cli", "fix", str(path)],
                                  capture_output=True, timeout=limit, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return limit, "timeout"
        seconds = time.perf_counter() - start
        return seconds, "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {proc.stderr.decode()[-200:]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--limit", type=float, default=120, help="seconds before a run counts as hung")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()
    # Per MB: the slope between the smallest and the largest size (start-up and its noise,
    # a third of a second or more a run, cancel out).
    rows = []
    for shape, unit in SHAPES.items():
        times = []
        for size in args.sizes:
            seconds, status = run(line_of(unit, size), args.limit)
            times.append((size, seconds, status))
            print(f"{shape:16} {size:>9,} B  {seconds:7.2f} s  {status}", flush=True)
        (small, t_small, _), (large, t_large, _) = times[0], times[-1]
        slope = max(t_large - t_small, 0.0) / ((large - small) / 1_000_000)
        rows.append((shape, times, slope))
    sizes = " | ".join(f"{n:,} B (s)" for n in args.sizes)
    lines = ["# Long lines: seconds per MB for each shape", "",
             f"`python benchmarks/long_lines.py --sizes {' '.join(map(str, args.sizes))}`; each line fixed by "
             "`posteditor fix` in a fresh process. s/MB is the slope between the smallest and the largest line, "
             "so that start-up cancels out. Target: under 2 s/MB for every shape.", "",
             f"| shape | {sizes} | s/MB | status |", "|---|" + "---:|" * (len(args.sizes) + 1) + "---|"]
    for shape, times, slope in rows:
        status = ", ".join(sorted({st for _, _, st in times}))
        lines.append(f"| {shape} | " + " | ".join(f"{t:.2f}" for _, t, _ in times) + f" | {slope:.2f} | {status} |")
    lines += ["", f"Worst: {max(r[2] for r in rows):.2f} s/MB.", ""]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "long-lines.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
