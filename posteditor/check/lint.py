"""``posteditor check``: findings for translation files, and their reports (text, JSON,
JUnit XML, SARIF 2.1.0, GitHub Actions annotations)."""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..errors import InputError
from ..text.textio import lines_of
from .qa import QA_SEVERITY, Finding, at_or_above, check_unit, findings_from_edits, glossary_pairs


@dataclass
class CheckReport:
    findings: list[Finding]
    files: list[str]
    units: int
    ignored: int = 0  # findings dropped because the baseline lists them
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> description
    #: each file's lines as read, to show a finding in its line
    lines: dict[str, list[str]] = field(default_factory=dict, repr=False)


def _read_baseline(path: str) -> set[str]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("baseline file not found", p) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"baseline is not a JSON report from --output-format json ({exc})", p) from None
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) and "fingerprint" in i for i in items):
        raise InputError("baseline is not a JSON report from --output-format json", p)
    return {i["fingerprint"] for i in items}


def run_check(files: Sequence, config, severities: dict[str, str], baseline: Optional[str] = None,
              documents: str = "file") -> CheckReport:
    from ..engine.pipeline import Pipeline, check_selectors

    pipeline = Pipeline(config)
    check_selectors(severities, pipeline.fixers, "--severity")
    levels = {**config.severity_map(), **severities}
    # QA checks switched off by id, or all of them by their category
    qa_off = set(QA_SEVERITY) if "QA" in {s.upper() for s in config.disabled} else set(QA_SEVERITY) & config.disabled
    if config.selected and "QA" not in {s.upper() for s in config.selected}:
        qa_off |= set(QA_SEVERITY) - config.selected
    glossary = glossary_pairs(config.glossaries)
    findings: list[Finding] = []
    units = 0
    for doc in files:
        result = pipeline.fix_file(doc, documents)
        units += len(doc.units)
        found: list[Finding] = []
        for unit, seg in zip(doc.units, result.segments):
            locate = lambda start, end, unit=unit: doc.locate(unit, start, end)  # noqa: E731
            found.extend(findings_from_edits(doc.name, locate, seg.original, list(seg.edits), levels, seg.held,
                                             unit.plural))
            if unit.source is not None:
                qa = check_unit(doc.name, locate, unit.source, unit.target, glossary, levels, unit.plural)
                found.extend(f for f in qa if f.rule not in qa_off)
        findings.extend(sorted(found, key=lambda f: f.position))
    ignored = 0
    if baseline:
        known = _read_baseline(baseline)
        kept = [f for f in findings if f.fingerprint not in known]
        ignored = len(findings) - len(kept)
        findings = kept
    descriptions = {f.id: f.description for f in pipeline.fixers}
    lines = {d.name: lines_of(d.text) for d in files}
    return CheckReport(findings, [d.name for d in files], units, ignored, descriptions, lines)


def render_report(report: CheckReport, fmt: str, fail_on: str = "error") -> str:
    return {"text": _text, "json": _json, "junit": _junit, "sarif": _sarif, "github": _github}[fmt](report, fail_on)


def _text(report: CheckReport, fail_on: str) -> str:
    lines = []
    for f in report.findings:
        form = "" if f.plural is None else f"msgstr[{f.plural}] "
        lines.append(f"{f.file}:{f.line}:{f.column}: {form}{f.rule} [{f.severity}] {f.message}")
        file_lines = report.lines.get(f.file, [])
        if 0 < f.line <= len(file_lines):
            lines.extend(_caret(file_lines[f.line - 1], f))
        if f.suggestion is not None:
            lines.append(f"    suggestion: {f.suggestion!r}")
    counts = collections.Counter(f.rule for f in report.findings)
    lines.append("")
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{n:6d}  {rule}")
    by_sev = collections.Counter(f.severity for f in report.findings)
    summary = ", ".join(f"{by_sev.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    failing = len(at_or_above(report.findings, fail_on))
    tail = f"; {report.ignored} in the baseline ignored" if report.ignored else ""
    lines.append(f"{len(report.files)} file(s), {report.units} segment(s): {summary}{tail}; "
                 f"{failing} at or above {fail_on}")
    return "\n".join(lines) + "\n"


def _caret(line: str, f: Finding, width: int = 100) -> list[str]:
    r"""The finding's line with carets under its span (to the end of the line when the span
    goes on), cut to ``width`` characters around the span.

    >>> print("\n".join(_caret("He said ,yes", Finding("f", 1, 8, "R", "C", "info", "m", end_column=10))))
        He said ,yes
               ^^
    """
    start = f.column - 1
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    end = max(end, start + 1)
    left = max(0, min(start - width // 3, len(line) - width))
    shown = line[left : left + width]
    prefix = "…" if left else ""
    suffix = "…" if left + width < len(line) else ""
    pad = "".join("\t" if c == "\t" else " " for c in line[left:start])
    return ["    " + prefix + shown + suffix, "    " + " " * len(prefix) + pad + "^" * max(1, min(end, left + width) - start)]


def _json(report: CheckReport, fail_on: str) -> str:
    counts = collections.Counter(f.rule for f in report.findings)
    return json.dumps({
        "files": report.files, "segments": report.units, "ignored": report.ignored,
        "counts": dict(sorted(counts.items())), "findings": [f.to_dict() for f in report.findings],
    }, indent=1, ensure_ascii=False) + "\n"


def _junit(report: CheckReport, fail_on: str) -> str:
    # One test case per finding (a file with none has one passing case), so that tests and
    # failures count the same things.
    failing = at_or_above(report.findings, fail_on)
    cases = sum(max(1, sum(1 for f in report.findings if f.file == name)) for name in report.files)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="posteditor check" tests="{cases}" failures="{len(failing)}">']
    for name in report.files:
        mine = [f for f in report.findings if f.file == name]
        bad = [f for f in mine if f in failing]
        out.append(f'  <testsuite name={quoteattr(name)} tests="{max(len(mine), 1)}" failures="{len(bad)}">')
        if not mine:
            out.append(f'    <testcase classname={quoteattr(name)} name="no findings"/>')
        for f in mine:
            case = f'{f.rule} at line {f.line}, column {f.column}'
            out.append(f'    <testcase classname={quoteattr(name)} name={quoteattr(case)}>')
            body = escape(f"{f.message}" + (f" (suggestion: {f.suggestion!r})" if f.suggestion is not None else ""))
            if f in failing:
                out.append(f'      <failure type={quoteattr(f.severity)} message={quoteattr(f.message)}>{body}</failure>')
            else:
                out.append(f"      <system-out>{escape(f.severity)}: {body}</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def _sarif(report: CheckReport, fail_on: str) -> str:
    from .. import __version__

    level = {"error": "error", "warning": "warning", "info": "note"}
    rules = sorted({f.rule for f in report.findings})
    results = []
    for f in report.findings:
        result = {
            "ruleId": f.rule,
            "level": level.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.file},
                "region": {"startLine": max(f.line, 1), "startColumn": f.column,
                           "endLine": max(f.end_line, 1), "endColumn": f.end_column},
            }}],
            "partialFingerprints": {"posteditor/v1": f.fingerprint},
        }
        if f.suggestion is not None:
            result["properties"] = {"suggestion": f.suggestion}
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "posteditor", "version": __version__,
                "rules": [{"id": r, "shortDescription": {"text": report.rules.get(r, r)}} for r in rules],
            }},
            "results": results,
        }],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def _github(report: CheckReport, fail_on: str) -> str:
    kind = {"error": "error", "warning": "warning", "info": "notice"}

    def esc(value: str) -> str:
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for f in report.findings:
        text = f"{f.rule}: {f.message}" + (f" (suggestion: {f.suggestion!r})" if f.suggestion is not None else "")
        prop = esc(f.file).replace(",", "%2C").replace(":", "%3A")
        lines.append(f"::{kind.get(f.severity, 'warning')} file={prop},line={max(f.line, 1)},col={f.column},"
                     f"endLine={max(f.end_line, 1)},endColumn={f.end_column},title={f.rule}::{esc(text)}")
    return "\n".join(lines) + ("\n" if lines else "")
