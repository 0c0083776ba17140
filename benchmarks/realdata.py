"""What the rules do to real text that nobody on this project wrote.

    python benchmarks/realdata.py --shared ../shared/corpora            # writes benchmarks/out/realdata.md
    python benchmarks/realdata.py --shared ../shared/corpora --label after --out benchmarks/results

Two questions, each on data the rules were not written from:

1. **Harm on human text.** Every shared human reference file (WMT21 and WMT22 into English,
   and the MQM 2020 human translations) is fixed as one document, each file alone and all
   files joined; every changed line is a candidate false positive. The report gives changed
   lines per 10,000 and lists every change with its verdict. MLQE-PE's post-edits (Wikipedia
   sentences, MT corrected by translators) are a second kind of human text, of another domain.
2. **Recall on real MT errors.** MQM zh-en system outputs (2021 whole; 2020 the shared subset,
   items whose text all three raters saw alike) are fixed document by document; an annotated
   error counts as found when an edit touches its span. Per category: errors, found, recall.
   Edits that touch no annotated error are listed with their verdict: a rater may have missed
   a real error, or the edit is a false positive.

Verdicts are given by hand in ``benchmarks/judgements.tsv`` (``key<TAB>verdict<TAB>rule<TAB>
change<TAB>note``; verdict: correct, harmless or harmful), one line an edit; the key is a hash of the line, the
rule and the change, so a judgement stays with the edit whatever file or run it comes from.
Edits with no verdict yet are shown as ``?`` and counted apart, so that nothing unjudged passes
for judged. ``--unjudged FILE`` writes them out, ready to judge.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posteditor import Config, Pipeline  # noqa: E402
from posteditor.text.edits import original_spans  # noqa: E402

JUDGEMENTS = ROOT / "benchmarks" / "judgements.tsv"
VERDICTS = ("correct", "harmless", "harmful")
# The MQM categories whose recall the rules are meant to raise (the rest are listed too).
FOCUS = ("Fluency/Punctuation", "Fluency/Spelling")


# --- edits in the original's coordinates -----------------------------------------------------


def edit_key(original: str, rule: str, span: tuple[int, int], before: str, after: str) -> str:
    text = "\x00".join((original, rule, str(span[0]), before, after))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass
class Change:
    """One edit of a real segment, located in the segment as read."""

    where: str
    original: str
    fixed: str
    rule: str
    span: tuple[int, int]
    before: str
    after: str
    key: str = ""
    verdict: str = "?"
    note: str = ""
    touches: list[str] = field(default_factory=list)  # MQM categories of the errors it touches

    def context(self, width: int = 50) -> str:
        s, e = self.span
        left = self.original[max(0, s - width) : s]
        right = self.original[e : e + width]
        return f"…{left}[{self.before} → {self.after}]{right}…"


def changes_of(where: str, result) -> list[Change]:
    out = []
    for edit, span in zip(result.edits, original_spans(result.edits)):
        key = edit_key(result.original, edit.rule, span, edit.before, edit.after)
        out.append(Change(where, result.original, result.text, edit.rule, span, edit.before, edit.after, key))
    return out


def load_judgements(path: Path = JUDGEMENTS) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    if not path.exists():
        return table
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, verdict, _rule, _change, note = (line.split("\t") + [""] * 4)[:5]
        if verdict == "?":
            continue
        if verdict not in VERDICTS:
            raise SystemExit(f"{path}:{n}: verdict {verdict!r} is none of {VERDICTS}")
        table[key] = (verdict, note)
    return table


def judge(changes: list[Change], table: dict[str, tuple[str, str]]) -> None:
    for c in changes:
        if c.key in table:
            c.verdict, c.note = table[c.key]


# --- the human references --------------------------------------------------------------------


def reference_files(shared: Path) -> list[Path]:
    files = sorted((shared / "wmt21-news-toen" / "references").glob("*.en"))
    files += sorted((shared / "wmt22-general-toen" / "references").glob("*.en"))
    return files


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def harm_on_references(pipeline: Pipeline, files: list[Path], mqm_human: dict[str, list[list[str]]]) -> dict:
    """Changed lines of each human text fixed alone, and of all of them joined."""
    per_file = []
    changes: list[Change] = []
    joined: list[str] = []
    names: list[tuple[str, int]] = []
    sets = [(f.name, [read_lines(f)]) for f in files]
    sets += [(name, docs) for name, docs in mqm_human.items()]
    for name, docs in sets:
        lines = changed = 0
        for doc in docs:  # line numbers run on across a set's documents
            result = pipeline.fix_document(doc)
            for n, seg in enumerate(result.segments, lines + 1):
                if seg.changed:
                    changed += 1
                    changes.extend(changes_of(f"{name}:{n}", seg))
            joined.extend(doc)
            names.extend((name, n) for n in range(lines + 1, lines + len(doc) + 1))
            lines += len(doc)
        per_file.append({"file": name, "lines": lines, "changed": changed})
    # All of them as one document: what document evidence does across files.
    result = pipeline.fix_document(joined)
    joined_changed = [names[i] for i, seg in enumerate(result.segments) if seg.changed]
    alone = {c.where for c in changes}
    extra = [f"{n}:{i}" for n, i in joined_changed if f"{n}:{i}" not in alone]
    # The edits made only when joined, listed and judged like the others.
    alone_keys = {c.key for c in changes}
    joined_only = [c for i, seg in enumerate(result.segments) if seg.changed
                   for c in changes_of(f"{names[i][0]}:{names[i][1]}", seg) if c.key not in alone_keys]
    return {"files": per_file, "changes": changes, "joined_changed": len(joined_changed),
            "joined_lines": len(joined), "joined_extra": extra, "joined_only": joined_only}


def harm_on_post_edits(pipeline: Pipeline, shared: Path) -> dict:
    """Changed lines of MLQE-PE's post-edits (MT of Wikipedia sentences corrected by
    translators, five language pairs), each file a document, after Moses detokenization
    (the files are tokenized). Human-corrected text of another domain and kind than the
    news references: an edit is a false positive unless the post-editor left an error."""
    from sacremoses import MosesDetokenizer

    detok = MosesDetokenizer("en")
    per_file, changes = [], []
    for path in sorted((shared / "mlqe-pe").glob("*/*/*.pe")):
        doc = [detok.detokenize(line.split()) for line in read_lines(path)]
        result = pipeline.fix_document(doc)
        changed = 0
        for n, seg in enumerate(result.segments, 1):
            if seg.changed:
                changed += 1
                changes.extend(changes_of(f"{path.parent.name}:{n}", seg))
        per_file.append({"file": path.parent.name, "lines": len(doc), "changed": changed})
    return {"files": per_file, "changes": changes}


def rules_on_outputs(pipeline: Pipeline, shared: Path) -> dict:
    """Changed lines per rule on the WMT21 and WMT22 system outputs (each file a document):
    real MT, mostly good, so a rule's rate there against its rate on the references says
    whether it finds MT damage or merely something that any text has."""
    files = sorted((shared / "wmt21-news-toen" / "system-outputs").glob("*.en"))
    files += sorted((shared / "wmt22-general-toen" / "system-outputs").glob("*.en"))
    lines = 0
    per_rule: collections.Counter[str] = collections.Counter()
    for f in files:
        result = pipeline.fix_document(read_lines(f))
        for seg in result.segments:
            lines += 1
            per_rule.update({e.rule for e in seg.edits})
    return {"files": len(files), "lines": lines, "per_rule": per_rule}


# --- MQM -------------------------------------------------------------------------------------

_SPAN = re.compile(r"<v>(.*?)</v>", re.S)


@dataclass
class MqmItem:
    system: str
    doc: str
    position: int
    text: str
    errors: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, category, severity


def read_mqm(path: Path, same_text_only: bool) -> dict[tuple[str, str], list[MqmItem]]:
    """(system, doc) -> the doc's items in order, each with its annotated target spans."""
    rows: dict[tuple[str, str, int], list[tuple[str, str, str, str]]] = collections.defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for system, doc, doc_id, seg_id, rater, source, target, category, severity, *_ in reader:
            rows[(system, doc, int(doc_id))].append((rater, target, category, severity))
    docs: dict[tuple[str, str], list[MqmItem]] = collections.defaultdict(list)
    for (system, doc, position), annotations in sorted(rows.items()):
        texts = collections.Counter(_SPAN.sub(r"\1", t) for _, t, _, _ in annotations)
        if same_text_only and len(texts) > 1:
            continue
        text = texts.most_common(1)[0][0]
        item = MqmItem(system, doc, position, text)
        for _, target, category, severity in annotations:
            m = _SPAN.search(target)
            if m is None or _SPAN.sub(r"\1", target) != text or category in ("No-error", "No-error/No-error"):
                continue
            start = m.start()
            item.errors.append((start, start + len(m.group(1)), category, severity))
        docs[(system, doc)].append(item)
    return docs


def is_human(system: str) -> bool:
    return system.startswith(("ref.", "Human-"))


def mqm_recall(pipeline: Pipeline, docs: dict[tuple[str, str], list[MqmItem]], label: str) -> dict:
    errors: collections.Counter[str] = collections.Counter()
    found: collections.Counter[str] = collections.Counter()
    untouched: list[Change] = []
    per_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    segments = 0
    for (system, doc), items in docs.items():
        if is_human(system):
            continue
        result = pipeline.fix_document([it.text for it in items])
        for item, seg in zip(items, result.segments):
            segments += 1
            changes = changes_of(f"{label} {system} {doc}#{item.position}", seg)
            for start, end, category, _ in item.errors:
                errors[category] += 1
                if any(c.span[0] <= end and c.span[1] >= start for c in changes):
                    found[category] += 1
            for c in changes:
                c.touches = sorted({cat for s, e, cat, _ in item.errors if c.span[0] <= e and c.span[1] >= s})
                per_rule[c.rule]["edits"] += 1
                if c.touches:
                    per_rule[c.rule]["on an error"] += 1
                else:
                    per_rule[c.rule]["on no error"] += 1
                    untouched.append(c)
    return {"label": label, "segments": segments, "errors": errors, "found": found,
            "untouched": untouched, "per_rule": per_rule}


# --- the report ------------------------------------------------------------------------------


def verdict_counts(changes: list[Change]) -> str:
    counts = collections.Counter(c.verdict for c in changes)
    return ", ".join(f"{v} {counts[v]}" for v in (*VERDICTS, "?") if counts[v]) or "none"


def per_10k(n: int, total: int) -> str:
    return f"{n * 10000 / total:.1f}" if total else "-"


def render_rates(refs: dict, outputs: dict) -> list[str]:
    human_lines = sum(f["lines"] for f in refs["files"])
    human: collections.Counter[str] = collections.Counter()
    for where in {c.where for c in refs["changes"]}:
        human.update({c.rule for c in refs["changes"] if c.where == where})
    out = ["", f"## Changed lines per rule: human references against {outputs['lines']} lines of "
               f"{outputs['files']} WMT21/22 system outputs", "",
           "| rule | human lines | per 10,000 | MT lines | per 10,000 |", "|---|---:|---:|---:|---:|"]
    for rule in sorted(set(human) | set(outputs["per_rule"])):
        h, m = human[rule], outputs["per_rule"][rule]
        out.append(f"| {rule} | {h} | {per_10k(h, human_lines)} | {m} | {per_10k(m, outputs['lines'])} |")
    return out


def render(refs: dict, mqm: list[dict], seconds: float, label: str, outputs: dict | None = None,
           post_edits: dict | None = None) -> str:
    out = [f"# Real data: harm on human text, recall on MT errors ({label})", "",
           "`python benchmarks/realdata.py --shared ../shared/corpora`. Verdicts by hand in "
           "`benchmarks/judgements.tsv`; `?` = not judged yet.", ""]
    total = sum(f["lines"] for f in refs["files"])
    changed = sum(f["changed"] for f in refs["files"])
    line_verdicts = _line_verdicts(refs["changes"])
    out += ["## Human text: changed lines", "",
            f"Each file alone: **{changed} of {total} lines ({per_10k(changed, total)} per 10,000)**; "
            f"by line (worst edit): {line_verdicts}. All joined as one document: "
            f"{refs['joined_changed']} of {refs['joined_lines']} ({per_10k(refs['joined_changed'], refs['joined_lines'])} "
            f"per 10,000); lines changed only when joined: {len(refs['joined_extra'])}"
            + (f" ({', '.join(refs['joined_extra'][:20])})" if refs["joined_extra"] else "") + ".", "",
            "| file | lines | changed | per 10,000 |", "|---|---:|---:|---:|"]
    for f in refs["files"]:
        out.append(f"| {f['file']} | {f['lines']} | {f['changed']} | {per_10k(f['changed'], f['lines'])} |")
    out += ["", f"Edits: {verdict_counts(refs['changes'])}.", "", "| where | rule | change | verdict | note |",
            "|---|---|---|---|---|"]
    for c in refs["changes"]:
        out.append(f"| {c.where} | {c.rule} | {_cell(c.context())} | {c.verdict} | {_cell(c.note)} |")
    if refs["joined_only"]:
        out += ["", "Edits made only when all files are joined (document evidence from another file, "
                    f"which joining makes the same document): {verdict_counts(refs['joined_only'])}.", "",
                "| where | rule | change | verdict | note |", "|---|---|---|---|---|"]
        for c in refs["joined_only"]:
            out.append(f"| {c.where} | {c.rule} | {_cell(c.context())} | {c.verdict} | {_cell(c.note)} |")
    if post_edits is not None:
        total = sum(f["lines"] for f in post_edits["files"])
        changed = sum(f["changed"] for f in post_edits["files"])
        out += ["", "## Human post-edits: changed lines (MLQE-PE, detokenized)", "",
                f"Each file alone: **{changed} of {total} lines ({per_10k(changed, total)} per 10,000)**; "
                f"by line (worst edit): {_line_verdicts(post_edits['changes'])}. Post-editors correct MT "
                "until it is acceptable, not perfect, so some edits here mend errors they left.", "",
                "| file | lines | changed | per 10,000 |", "|---|---:|---:|---:|"]
        for f in post_edits["files"]:
            out.append(f"| {f['file']} | {f['lines']} | {f['changed']} | {per_10k(f['changed'], f['lines'])} |")
        out += ["", f"Edits: {verdict_counts(post_edits['changes'])}.", "",
                "| where | rule | change | verdict | note |", "|---|---|---|---|---|"]
        for c in post_edits["changes"]:
            out.append(f"| {c.where} | {c.rule} | {_cell(c.context())} | {c.verdict} | {_cell(c.note)} |")
    if outputs is not None:
        out += render_rates(refs, outputs)
    for m in mqm:
        out += ["", f"## MQM {m['label']}: recall on annotated errors ({m['segments']} MT segments)", "",
                "| category | errors | touched by an edit | recall |", "|---|---:|---:|---:|"]
        cats = sorted(m["errors"], key=lambda c: (c not in FOCUS, -m["errors"][c]))
        for cat in cats:
            n, k = m["errors"][cat], m["found"][cat]
            mark = "**" if cat in FOCUS else ""
            out.append(f"| {mark}{cat}{mark} | {n} | {k} | {100 * k / n:.1f}% |")
        n, k = sum(m["errors"].values()), sum(m["found"].values())
        out.append(f"| all | {n} | {k} | {100 * k / max(n, 1):.1f}% |")
        out += ["", "| rule | edits | on an annotated error | on none |", "|---|---:|---:|---:|"]
        for rule, counts in sorted(m["per_rule"].items(), key=lambda kv: -kv[1]["edits"]):
            out.append(f"| {rule} | {counts['edits']} | {counts['on an error']} | {counts['on no error']} |")
        out += ["", f"Edits that touch no annotated error: {len(m['untouched'])} ({verdict_counts(m['untouched'])}).", "",
                "| where | rule | change | verdict | note |", "|---|---|---|---|---|"]
        for c in m["untouched"]:
            out.append(f"| {c.where} | {c.rule} | {_cell(c.context())} | {c.verdict} | {_cell(c.note)} |")
    out += ["", f"Run time: {seconds:.0f} s.", ""]
    return "\n".join(out)


def _line_verdicts(changes: list[Change]) -> str:
    rank = {"harmful": 0, "?": 1, "harmless": 2, "correct": 3}
    worst: dict[str, str] = {}
    for c in changes:
        if c.where not in worst or rank[c.verdict] < rank[worst[c.where]]:
            worst[c.where] = c.verdict
    counts = collections.Counter(worst.values())
    return ", ".join(f"{v} {counts[v]}" for v in (*VERDICTS, "?") if counts[v]) or "none"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--label", default="now", help="names the report: realdata-LABEL.md")
    parser.add_argument("--unjudged", help="write the edits with no verdict here (TSV, ready to judge)")
    parser.add_argument("--no-2020", action="store_true", help="skip the MQM 2020 subset")
    parser.add_argument("--disable", action="append", default=[])
    parser.add_argument("--no-post-edits", action="store_true", help="skip the MLQE-PE post-edits")
    parser.add_argument("--no-outputs", action="store_true",
                        help="skip the per-rule rates on the WMT system outputs (a minute of the run)")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "mqm-zhen").is_dir():
        raise SystemExit(f"{shared}: no mqm-zhen/ folder (give --shared the shared corpora folder)")
    start = time.perf_counter()
    pipeline = Pipeline(Config(disabled=frozenset(args.disable)))
    mqm_sets = [("2021", read_mqm(shared / "mqm-zhen" / "mqm-newstest2021_zhen.tsv", same_text_only=False))]
    if not args.no_2020:
        mqm_sets.append(("2020 subset", read_mqm(shared / "mqm-zhen" / "mqm_newstest2020_zhen.seg1-995.tsv",
                                                  same_text_only=True)))
    # The MQM 2020 human translations are human text the project had not seen: each system's
    # documents, in order (the 2021 ones are the WMT21 references already read).
    human = {}
    for label, docs in mqm_sets[1:]:
        for (system, _doc), items in sorted(docs.items()):
            if is_human(system):
                human.setdefault(f"mqm{label.split()[0]}.{system}", []).append([it.text for it in items])
    refs = harm_on_references(pipeline, reference_files(shared), human)
    mqm = [mqm_recall(pipeline, docs, label) for label, docs in mqm_sets]
    outputs = None if args.no_outputs else rules_on_outputs(pipeline, shared)
    post_edits = None if args.no_post_edits else harm_on_post_edits(pipeline, shared)
    table = load_judgements()
    judge(refs["changes"], table)
    judge(refs["joined_only"], table)
    if post_edits is not None:
        judge(post_edits["changes"], table)
    for m in mqm:
        judge(m["untouched"], table)
    seconds = time.perf_counter() - start
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report = render(refs, mqm, seconds, args.label, outputs, post_edits)
    (out / f"realdata-{args.label}.md").write_text(report, encoding="utf-8")
    summary = {
        "references": {"lines": sum(f["lines"] for f in refs["files"]),
                       "changed": sum(f["changed"] for f in refs["files"]),
                       "joined_changed": refs["joined_changed"], "files": refs["files"]},
        "mqm": {m["label"]: {cat: [m["errors"][cat], m["found"][cat]] for cat in m["errors"]} for m in mqm},
        "post_edits": post_edits and {"files": post_edits["files"]},
    }
    (out / f"realdata-{args.label}.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(report.split("\n## MQM")[0].split("| file |")[0].strip())
    for m in mqm:
        for cat in FOCUS:
            n, k = m["errors"][cat], m["found"][cat]
            print(f"MQM {m['label']} {cat}: {k}/{n} = {100 * k / max(n, 1):.1f}%")
        print(f"MQM {m['label']} edits on no annotated error: {len(m['untouched'])} ({verdict_counts(m['untouched'])})")
    if args.unjudged:
        pending = [c for c in refs["changes"] + refs["joined_only"] + [c for m in mqm for c in m["untouched"]]
                   + (post_edits["changes"] if post_edits else []) if c.verdict == "?"]
        seen = set()
        with open(args.unjudged, "w", encoding="utf-8") as handle:
            for c in pending:
                if c.key not in seen:
                    seen.add(c.key)
                    handle.write(f"{c.key}\t?\t{c.rule}\t{_cell(c.where + ': ' + c.context(80))}\t\n")
        print(f"{len(seen)} unjudged edits written to {args.unjudged}")


if __name__ == "__main__":
    main()
