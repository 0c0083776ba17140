"""Round trip on translation files that no one here wrote: fix each file, write it back, and
count what changed outside the targets that changed (it must be nothing).

    python benchmarks/roundtrip.py PATH... [--out benchmarks/results/roundtrip.md]

PATH is a file or a folder (searched for .po, .pot, .xlf, .xliff, .xliff2, .tmx and .srt
files). The files are read where they are, from installed packages or unpacked package
archives, and never copied into this repository (see benchmarks/results/roundtrip.md for
the packages used and how to get them).

For each file: units offered to the fixers, units changed, characters that differ between
input and output and lie outside every changed target (must be 0), whether the output reads
back with the fixed targets, and the time to read, fix and write it. The difference is
measured with difflib between the two texts, not with the map the writer used.

Real translations are mostly clean, so few units change. ``--damage`` also runs each file
with a known error put into its raw text: the first " the " of every target (PO msgstr, XLIFF
target, TMX seg in the target language, SRT text line) doubled to " the the ", by a regular
expression over the file's bytes as written, not through posteditor. Fixing that file must give
back what fixing the original file gives, byte for byte, except where a fixer declined to undo
the damage (the doubled word stays; counted apart: a fixer's choice, not the writer's fault).
Fuzzy PO entries are fixed too in this mode, so that every damaged target is offered.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from posteditor import Pipeline  # noqa: E402
from posteditor.errors import PosteditorError  # noqa: E402
from posteditor.fileformats.formats import FieldOptions, load  # noqa: E402

EXTENSIONS = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff", ".xliff2": "xliff", ".tmx": "tmx",
              ".srt": "srt"}


def files_under(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file())
        else:
            yield path


def differing_ranges(before: str, after: str):
    """(start, end) in ``before`` of every stretch that differs in ``after``: lines first,
    then characters within the lines that differ."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        for op2, k1, k2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op2 != "equal":
                yield starts[i1] + k1, starts[i1] + k2


# Where a target's text is in each format's raw text: the damage goes only there.
TARGETS = {
    "po": re.compile(r'(?m)^(msgstr(?:\[\d+\])?[ \t]+"|(?<=\n)")([^\n]*)'),
    "xliff": re.compile(r"(<target\b[^>]*>)(.*?)(?=</target>)", re.S),
    "tmx": re.compile(r"(<tuv[^>]*lang=[\"']en[^>]*>\s*<seg>)(.*?)(?=</seg>)", re.S | re.I),
    "srt": re.compile(r"(?m)^()((?!\d+\s*$)(?!.*-->)[^\r\n]*[A-Za-z][^\r\n]*)"),
}


def damaged(data: bytes, fmt: str) -> tuple[bytes, int]:
    """``data`` with " the " doubled once in each target, and how many targets got it."""
    text = data.decode("latin-1")  # byte for byte, whatever the encoding: the damage is ASCII
    count = 0

    def double(m):
        nonlocal count
        if fmt == "po" and not _in_msgstr(text, m.start()):
            return m.group()
        body, n = re.subn(r"(?<=[a-z,] )the (?=[a-z])", "the the ", m.group(2), count=1)
        count += n
        return m.group(1) + body

    return TARGETS[fmt].sub(double, text).encode("latin-1"), count


def _in_msgstr(text: str, pos: int) -> bool:
    """Whether the PO line at ``pos`` is a msgstr line or continues one."""
    start = text.rfind("\n", 0, pos) + 1
    while text.startswith('"', start) and start > 0:
        start = text.rfind("\n", 0, start - 1) + 1
    return text.startswith("msgstr", start)


def round_trip(path: Path, pipeline: Pipeline, damage: bool = False) -> dict:
    began = time.perf_counter()
    fmt = EXTENSIONS[path.suffix.lower()]
    options = FieldOptions(include_fuzzy=damage)
    try:
        doc = load(path, fmt, options)
        if damage:
            clean = doc.render([s.text for s in pipeline.fix_file(doc).segments])
            data, count = damaged(doc.original, fmt)
            doc = load_bytes(path, data, fmt, options)
        result = pipeline.fix_file(doc)
        targets = [s.text for s in result.segments]
        out = doc.render(targets)
    except PosteditorError as exc:
        return {"file": str(path), "format": fmt, "error": str(exc)}
    seconds = time.perf_counter() - began
    allowed = [u.place.span(0, len(u.target)) for u, t in zip(doc.units, targets) if t != u.target]
    back = load_bytes(path, out, fmt, options)
    outside = 0
    for start, end in differing_ranges(doc.text, back.text):
        if not any(a <= start and end <= b for a, b in allowed):
            outside += max(end - start, 1)
    return {
        "file": str(path), "format": fmt, "units": len(doc.units), "skipped": sum(doc.skipped.values()),
        "changed": len(allowed), "edits": sum(len(s.edits) for s in result.segments), "outside": outside,
        "reads_back": back.segments == targets, "seconds": seconds, "bytes": len(doc.original),
        **(restoration(clean, out, count) if damage else {}),
    }


def restoration(clean: bytes, out: bytes, damaged: int) -> dict:
    """How the damaged file's fixed output differs from the clean file's: the doubled words
    that a fixer left (declined), and any other difference (must be none)."""
    declined = other = 0
    a, b = clean.decode("utf-8", "replace"), out.decode("utf-8", "replace")
    for op, i1, i2, j1, j2 in _char_opcodes(a, b):
        if op == "insert" and len(b[j1:j2]) == 4 and b[j1:j2] in "the the ":  # " the" or "he t", as difflib aligns it
            declined += 1
        else:
            other += 1
    return {"damaged": damaged, "declined": declined, "restored": other == 0}


def _char_opcodes(a: str, b: str):
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    starts_a, starts_b = [0], [0]
    for line in la:
        starts_a.append(starts_a[-1] + len(line))
    for line in lb:
        starts_b.append(starts_b[-1] + len(line))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if op != "equal":
            old, new = "".join(la[i1:i2]), "".join(lb[j1:j2])
            for op2, k1, k2, m1, m2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
                if op2 != "equal":
                    yield op2, starts_a[i1] + k1, starts_a[i1] + k2, starts_b[j1] + m1, starts_b[j1] + m2


def load_bytes(path: Path, data: bytes, fmt: str, options: FieldOptions):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        copy.write_bytes(data)
        return load(copy, fmt, options)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", help="write the Markdown table here as well")
    parser.add_argument("--root", default="", help="a prefix to strip from file names in the table")
    parser.add_argument("--damage", action="store_true", help="double a word in every target first (see above)")
    args = parser.parse_args(argv)
    pipeline = Pipeline()
    rows = [round_trip(p, pipeline, args.damage) for p in files_under(args.paths)]
    extra = " damaged | declined | otherwise restored byte for byte |" if args.damage else ""
    lines = ["| file | format | KB | units | left (locked, fuzzy) | changed | edits | chars outside changed targets "
             "| reads back | seconds |" + extra, "|---|---|---:|---:|---:|---:|---:|---:|---|---:|"
             + ("---:|---:|---|" if args.damage else "")]
    for r in rows:
        name = r["file"].removeprefix(args.root)
        if "error" in r:
            lines.append(f"| {name} | {r['format']} | | | | | | | error: {r['error']} | |")
            continue
        lines.append(f"| {name} | {r['format']} | {r['bytes'] / 1024:.1f} | {r['units']} | {r['skipped']} | "
                     f"{r['changed']} | {r['edits']} | {r['outside']} | {'yes' if r['reads_back'] else 'NO'} | "
                     f"{r['seconds']:.2f} |" + (f" {r['damaged']} | {r['declined']} | {'yes' if r['restored'] else 'NO'} |"
                                                 if args.damage else ""))
    ok = [r for r in rows if "error" not in r]
    lines.append("")
    lines.append(f"{len(rows)} files ({len(rows) - len(ok)} refused with an error), "
                 f"{sum(r['units'] for r in ok)} units, {sum(r['changed'] for r in ok)} changed, "
                 f"{sum(r['outside'] for r in ok)} characters changed outside changed targets, "
                 f"{sum(not r['reads_back'] for r in ok)} files not reading back as fixed"
                 + (f"; {sum(r['damaged'] for r in ok)} targets damaged, {sum(r['declined'] for r in ok)} left "
                    f"so by a fixer, {sum(r['restored'] for r in ok)} of {len(ok)} files otherwise restored byte "
                    f"for byte." if args.damage else "."))
    table = "\n".join(lines) + "\n"
    print(table)
    if args.out:
        Path(args.out).write_text(table, encoding="utf-8")
    return 1 if any(r.get("outside") or r.get("reads_back") is False or r.get("restored") is False for r in ok) else 0


if __name__ == "__main__":
    sys.exit(main())
