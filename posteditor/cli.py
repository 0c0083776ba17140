"""The ``posteditor`` command: a thin skin over the library.

Every command calls the library and turns its errors into one line on stderr with exit
code 2; nothing heavy is imported before a command needs it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__
from .errors import PosteditorError


class InputProblem(click.ClickException):
    """A user's input problem: one line on stderr, exit 2, no traceback."""

    exit_code = 2


def _fail(exc: PosteditorError) -> InputProblem:
    return InputProblem(str(exc))


def _config(config_path: Optional[str], lang: Optional[str], disable, rules, glossaries=()):
    from .config import Config, load_config

    config = load_config(config_path) if config_path else Config()
    if lang:
        import dataclasses

        config = dataclasses.replace(config, lang=lang)
    return config.with_disabled(*disable).with_rules(*rules).with_glossaries(*glossaries)


def pipeline_options(func):
    """Options every command that runs the fixers shares."""
    func = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                        help="TOML config file (lang, disable, rules).")(func)
    func = click.option("--lang", default=None, help="Target language of the text [default: en].")(func)
    func = click.option("--rules", "rules", multiple=True, type=click.Path(),
                        help="Extra rule file or folder (repeatable).")(func)
    func = click.option("--disable", multiple=True, metavar="RULE_OR_CATEGORY",
                        help="Switch off a rule id or a whole category (repeatable).")(func)
    func = click.option("--glossary", "glossaries", multiple=True, type=click.Path(),
                        help="Name glossary: TSV/CSV (variant<TAB>canonical) or TBX (repeatable).")(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="posteditor")
def main() -> None:
    """Clean up machine-translated text with explained, reviewable fixes."""


def _edit_line(name: str, line: int, edit) -> str:
    return (
        f"{name}:{line}:{edit.start + 1}: {edit.rule} [{edit.category}] "
        f"{edit.before!r} -> {edit.after!r}  ({edit.message})"
    )


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True),
              help="Output file (one input) or folder (several inputs). Default: stdout.")
@click.option("--explain", is_flag=True, help="Print every edit to stderr.")
@click.option("--edits", "edits_path", type=click.Path(allow_dash=True),
              help="Write every edit as JSON Lines (line, rule, category, start, end, before, after).")
@click.option("--diff", is_flag=True,
              help="Show a word diff of changed lines on stdout; the text then goes only to --output.")
@click.option("--drop-empty", is_flag=True, help="Omit lines that end up empty (removed boilerplate).")
@pipeline_options
def fix(inputs, output, explain, edits_path, diff, drop_empty, config_path, lang, rules, disable, glossaries):
    """Fix plain-text files, one segment a line (stdin when no INPUT).

    Writes as many lines as it reads: removed boilerplate becomes an empty line unless
    --drop-empty is given.
    """
    from .edits import word_diff
    from .pipeline import Pipeline
    from .textio import read_text_file

    inputs = inputs or ("-",)
    if len(inputs) > 1 and output and output != "-" and Path(output).is_file():
        raise click.UsageError("with several inputs, --output must be a folder")
    try:
        pipeline = Pipeline(_config(config_path, lang, disable, rules, glossaries))
        files = [read_text_file(p) for p in inputs]
    except PosteditorError as exc:
        raise _fail(exc)

    edit_sink = None
    if edits_path:
        edit_sink = sys.stdout if edits_path == "-" else open(edits_path, "w", encoding="utf-8")
    try:
        for tf in files:
            try:
                result = pipeline.fix_document(tf.segments)
            except PosteditorError as exc:
                raise _fail(exc)
            fixed = [s.text for s in result.segments]
            for n, seg in enumerate(result.segments, start=1):
                for edit in seg.edits:
                    if explain:
                        click.echo(_edit_line(tf.name, n, edit), err=True)
                    if edit_sink:
                        record = {"file": tf.name, "line": n, **edit.to_dict()}
                        edit_sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                if diff and seg.changed:
                    click.echo(f"{tf.name}:{n}: {word_diff(seg.original, seg.text)}")
            rendered = tf.render(fixed, drop_empty)
            _write_output(rendered, tf.name, output, len(files), diff)
    finally:
        if edit_sink and edit_sink is not sys.stdout:
            edit_sink.close()


def _write_output(text: str, name: str, output: Optional[str], n_inputs: int, diff: bool) -> None:
    if output in (None, "-"):
        if not diff:
            sys.stdout.write(text)
        return
    target = Path(output)
    if n_inputs > 1:
        target.mkdir(parents=True, exist_ok=True)
        target = target / Path(name).name
    try:
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputProblem(f"{target}: cannot write ({exc.strerror})")


@main.command()
@click.argument("hyp", type=click.Path(allow_dash=True))
@click.argument("refs", nargs=-1, required=True, type=click.Path())
@click.option("--src", type=click.Path(), help="Source file (checked for alignment).")
@click.option("--metrics", default="BLEU,chrF,chrF++,TER", show_default=True, help="Comma-separated metrics.")
@click.option("--sentence", is_flag=True, help="Also score every segment.")
@click.option("--detok", is_flag=True, help="Detokenize Moses-tokenized text first (sacremoses).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pipeline_options
def score(hyp, refs, src, metrics, sentence, detok, as_json, config_path, lang, rules, disable, glossaries):
    """Score HYP against one or more REFS with sacrebleu: BLEU, chrF, chrF++, TER.

    Every score is printed with sacrebleu's signature and posteditor's own (version, hash of
    the rule set, model), so that numbers are compared only when they are comparable.
    """
    from .corpus import detokenize, read_parallel
    from .scoring import METRIC_NAMES, posteditor_signature, score_corpus, score_sentences

    names = [m.strip() for m in metrics.split(",") if m.strip()]
    unknown = [m for m in names if m not in METRIC_NAMES]
    if unknown:
        raise click.UsageError(f"unknown metric(s) {unknown}; choose from {', '.join(METRIC_NAMES)}")
    try:
        corpus = read_parallel(hyp, list(refs), src)
        config = _config(config_path, lang, disable, rules, glossaries)
        signature = posteditor_signature(config)
    except PosteditorError as exc:
        raise _fail(exc)
    hyps, ref_streams = corpus.mt, corpus.refs
    if detok:
        hyps, ref_streams = detokenize(hyps), [detokenize(r) for r in ref_streams]
    scores = score_corpus(hyps, ref_streams, names)
    rows = score_sentences(hyps, ref_streams, names) if sentence else None
    if as_json:
        out = {"corpus": {k: v.to_dict() for k, v in scores.items()}, "posteditor": signature,
               "segments": len(hyps)}
        if rows is not None:
            out["sentences"] = rows
        click.echo(json.dumps(out, indent=1))
        return
    for name, s in scores.items():
        click.echo(f"{name:7} {s.score:6.2f}  {s.signature}")
    click.echo(f"{'':7} {'':6}  {signature}")
    if rows is not None:
        for n, row in enumerate(rows, 1):
            click.echo(f"{n}\t" + "\t".join(f"{k}={v:.2f}" for k, v in row.items()))


@main.command()
@click.option("--mt", type=click.Path(), help="MT file (or a TSV/JSONL corpus, or an MLQE-PE folder).")
@click.option("--ref", "refs", multiple=True, type=click.Path(), help="Reference file (repeatable).")
@click.option("--src", type=click.Path(), help="Source file.")
@click.option("--spec", type=click.Path(dir_okay=False), help="Bench file (TOML) naming corpora and strategies.")
@click.option("--detok", is_flag=True, help="Detokenize Moses-tokenized MT and references first.")
@click.option("--documents", type=click.Choice(["corpus", "segment"]), default="corpus", show_default=True,
              help="Fix the file as one document, or each segment alone.")
@click.option("--metrics", default="BLEU,chrF,TER", show_default=True, help="Comma-separated metrics.")
@click.option("--bootstrap", default=1000, show_default=True, help="Bootstrap samples and randomization trials.")
@click.option("--markdown", "md_path", type=click.Path(), help="Write the Markdown table here (default: stdout).")
@click.option("--json", "json_path", type=click.Path(), help="Write the full report as JSON here.")
@click.option("--plot", "plot_path", type=click.Path(), help="Write a PNG chart of the deltas here.")
@pipeline_options
def bench(mt, refs, src, spec, detok, documents, metrics, bootstrap, md_path, json_path, plot_path,
          config_path, lang, rules, disable, glossaries):
    """Score every strategy (identity, rules, each category alone, rules minus each category)
    next to doing nothing, with 95% intervals and significance tests."""
    from .bench import default_strategies, load_bench_spec, run_bench
    from .corpus import load_corpus

    if bool(mt) == bool(spec):
        raise click.UsageError("give either --mt (with --ref) or --spec")
    try:
        if spec:
            bench_spec = load_bench_spec(spec)
            runs, strategies = bench_spec.corpora, bench_spec.strategies
            names, samples = bench_spec.metrics, bench_spec.bootstrap
        else:
            config = _config(config_path, lang, disable, rules, glossaries)
            runs = [(load_corpus(mt, refs=list(refs), src=src, detok=detok), documents)]
            strategies = default_strategies(config)
            names, samples = tuple(m.strip() for m in metrics.split(",")), bootstrap
    except PosteditorError as exc:
        raise _fail(exc)
    reports = []
    for corpus, mode in runs:
        with click.progressbar(length=len(strategies), label=f"{corpus.name}", file=sys.stderr,
                               item_show_func=lambda s: s) as bar:
            def step(name, bar=bar):
                bar.update(1, name)

            reports.append(run_bench(corpus, strategies, names, samples, mode, progress=step))
    markdown = "\n".join(r.to_markdown() for r in reports)
    if md_path:
        Path(md_path).write_text(markdown, encoding="utf-8")
    else:
        click.echo(markdown)
    if json_path:
        Path(json_path).write_text(json.dumps([r.to_dict() for r in reports], indent=1, ensure_ascii=False),
                                   encoding="utf-8")
    if plot_path:
        try:
            for k, r in enumerate(reports):
                target = Path(plot_path)
                if len(reports) > 1:
                    target = target.with_name(f"{target.stem}-{k + 1}{target.suffix}")
                r.plot(target)
        except PosteditorError as exc:
            raise _fail(exc)


@main.group()
def rules() -> None:
    """List and check rules."""


@rules.command("list")
@pipeline_options
def rules_list(config_path, lang, rules, disable, glossaries):
    """List the rules and fixers that would run: id, category, severity, description."""
    from .pipeline import build_fixers

    try:
        fixers = build_fixers(_config(config_path, lang, disable, rules, glossaries))
    except PosteditorError as exc:
        raise _fail(exc)
    for f in fixers:
        click.echo(f"{f.id}\t{f.category}\t{f.severity}\t{f.description}")


@rules.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--lang", default="en", help="Language of the rules [default: en].")
def rules_check(paths, lang):
    """Run every rule's examples and report all failures (exit 1 if any).

    With PATHS, checks those rule files or folders; without, the shipped rules and fixers.
    """
    from .checking import check_fixers
    from .config import Config
    from .pipeline import build_fixers
    from .rules import load_rules

    try:
        if paths:
            fixers = load_rules(paths)
        else:
            fixers = build_fixers(Config(lang=lang))
    except PosteditorError as exc:
        raise _fail(exc)
    failures, count = check_fixers(fixers, lang)
    for failure in failures:
        click.echo(str(failure))
    status = "ok" if not failures else f"{len(failures)} failure(s)"
    click.echo(f"{len(fixers)} rules, {count} examples: {status}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
