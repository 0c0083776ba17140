"""The ``posteditor`` command: a thin skin over the library.

Every command calls the library and turns its errors into one line on stderr with exit
code 2; nothing heavy is imported before a command needs it.
"""

from __future__ import annotations

import collections
import contextlib
import json
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__
from .errors import ConfigError, InputError, OutputError, PosteditorError
from .fileformats.files import AtomicFile, write_file, write_files
from .text.edits import original_spans


class InputProblem(click.ClickException):
    """A user's input problem: one line on stderr, exit 2, no traceback."""

    exit_code = 2


def _fail(exc: PosteditorError) -> InputProblem:
    return InputProblem(str(exc))


def _config(config_path: Optional[str], lang: Optional[str], disable, rules, glossaries=()):
    from .engine.config import Config, find_config, load_config

    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    if config_path is None and not meta.get("posteditor.no_config"):
        config_path = find_config()  # posteditor.toml or [tool.posteditor], here or above
    config = load_config(config_path) if config_path else Config()
    selected = meta.get("posteditor.select")
    if selected:
        import dataclasses

        config = dataclasses.replace(config, selected=frozenset(selected))
    if lang:
        import dataclasses

        config = dataclasses.replace(config, lang=lang)
    return config.with_disabled(*disable).with_rules(*rules).with_glossaries(*glossaries)


def _remember(key: str):
    """A click callback that keeps an option's value for _config and _load_files, so that
    every command does not have to pass it along."""
    def callback(ctx, param, value):
        if value:
            ctx.meta[key] = value
    return callback


def pipeline_options(func):
    """Options every command that runs the fixers shares."""
    func = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                        help="TOML config file (lang, disable, rules) [default: the nearest posteditor.toml, or "
                             "pyproject.toml with [tool.posteditor], here or in a folder above].")(func)
    func = click.option("--no-config", is_flag=True, expose_value=False, callback=_remember("posteditor.no_config"),
                        help="Read no config file, not even one found here or above.")(func)
    func = click.option("--select", "--enable", multiple=True, metavar="RULE_OR_CATEGORY", expose_value=False,
                        callback=_remember("posteditor.select"),
                        help="Run only these rules or categories (repeatable); --disable still applies.")(func)
    func = click.option("--lang", default=None, help="Target language of the text [default: en].")(func)
    func = click.option("--rules", "rules", multiple=True, type=click.Path(),
                        help="Extra rule file or folder (repeatable).")(func)
    func = click.option("--disable", multiple=True, metavar="RULE_OR_CATEGORY",
                        help="Switch off a rule id or a whole category (repeatable).")(func)
    func = click.option("--glossary", "glossaries", multiple=True, type=click.Path(),
                        help="Name glossary: TSV/CSV (variant<TAB>canonical) or TBX (repeatable).")(func)
    return func


# Exit codes: 0 done (check: nothing at or above --fail-on), 1 check found something,
# 2 a usage or input problem (one line on stderr), 3 an unexpected error (a bug: one line,
# the traceback with --debug).
EXIT_UNEXPECTED = 3


class Main(click.Group):
    """The command group, which turns every failure into one line and a documented exit code."""

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug"))
        _show_warnings()
        try:
            result = super().invoke(ctx)
            _flush_stdout()
            return result
        except PosteditorError as exc:
            raise InputProblem(str(exc)) from None
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(0)  # the reader went away (| head): not an error
        except KeyboardInterrupt:
            click.echo("posteditor: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if debug:
                raise
            click.echo(f"posteditor: unexpected error: {type(exc).__name__}: {exc} (a bug: please report it; "
                       f"--debug shows the traceback)", err=True)
            sys.exit(EXIT_UNEXPECTED)


def _show_warnings() -> None:
    """What the library skipped on purpose (a rule that timed out on a segment, a segment
    too long to fix) goes to stderr, one line each."""
    import warnings

    from .errors import PosteditorWarning

    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, PosteditorWarning):
            click.echo(f"posteditor: warning: {message}", err=True)
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = show
    warnings.simplefilter("always", PosteditorWarning)


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except OSError as exc:
        _quiet_stdout()
        raise InputProblem(f"cannot write to standard output ({exc.strerror})") from None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="posteditor")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error (exit code 3).")
def main(debug: bool) -> None:
    """Clean up machine-translated text with explained, reviewable fixes.

    Exit codes: 0 done; 1 `check` found something at or above --fail-on; 2 a usage or input
    problem; 3 an unexpected error (a bug; --debug shows the traceback).
    """


def _edit_line(name: str, where: tuple, edit, plural=None) -> str:
    form = "" if plural is None else f"msgstr[{plural}] "
    return (
        f"{name}:{where[0]}:{where[1]}: {form}{edit.rule} [{edit.category}] "
        f"{edit.before!r} -> {edit.after!r}  ({edit.message})"
    )


def _edit_places(doc, unit, seg) -> tuple[list, list]:
    from .review.session import edit_places

    return edit_places(doc, unit, seg)


def format_options(func):
    """Options for reading translation files."""
    func = click.option("--format", "fmt", type=click.Choice(["text", "tsv", "jsonl", "xliff", "po", "tmx", "srt"]),
                        help="Input format [default: by extension; plain text otherwise].")(func)
    func = click.option("--target-field", default="target", show_default=True,
                        help="TSV column (header name or 0-based index) or JSONL field holding the target.")(func)
    func = click.option("--source-field", default="source", show_default=True,
                        help="TSV column or JSONL field holding the source, if any.")(func)
    func = click.option("--target-lang", default="en", show_default=True, help="Target language in TMX files.")(func)
    func = click.option("--src", "src_path", type=click.Path(dir_okay=False),
                        help="Source text of a plain-text input, line for line: fixers read it (a headline the "
                             "source repeats stays repeated; what the source holds as it is stays as it is).")(func)
    func = click.option("--include-fuzzy", is_flag=True,
                        help="Fix fuzzy PO entries too (by default they are left as they are, and counted).")(func)
    func = click.option("--states", callback=_remember_states, expose_value=False, metavar="LIST",
                        help="Fix only units in these states, comma-separated: XLIFF target or segment states "
                             "(translated, needs-review-translation, reviewed, final, ...; a unit with none is "
                             "translated), PO translated or fuzzy. Default: all but final, signed-off and fuzzy. "
                             'translate="no", approved="yes" and locked units are never fixed.')(func)
    func = click.option("--documents", type=click.Choice(["file", "blank-line", "line"]), default="file",
                        show_default=True,
                        help="What one document is, for evidence taken from other segments: the whole file, "
                             "a run of lines ended by a blank line, or each line alone.")(func)
    return func


def model_options(func):
    """Options of the optional model stage (needs the model extra, except --backend openai);
    a command takes them as ``**model`` and passes them on to :func:`_model_settings`."""
    func = click.option("--model", "model_path",
                        help="A seq2seq or causal language model checkpoint (folder or hub id) run after the "
                             "rules.")(func)
    func = click.option("--revision", help="Model revision (commit) to pin.")(func)
    func = click.option("--device", default="auto", show_default=True, help="auto, cpu, cuda, cuda:N or mps.")(func)
    func = click.option("--beams", default=4, show_default=True, help="Beam size.")(func)
    func = click.option("--batch-size", default=16, show_default=True, help="Segments per generation batch.")(func)
    func = click.option("--prefix", default="", help="Task prefix given to the model, e.g. 'grammar: '.")(func)
    func = click.option("--no-gate", is_flag=True, help="Keep every model output (the do-no-harm gate is off).")(func)
    func = click.option("--gate-margin", default=0.5, show_default=True,
                        help="How much the model must prefer its output over the input (mean token log-prob).")(func)
    func = click.option("--gate-max-edit-rate", default=0.2, show_default=True,
                        help="Largest share of words the model may change.")(func)
    func = click.option("--backend", type=click.Choice(["transformers", "ctranslate2", "openai"]),
                        default="transformers", show_default=True,
                        help="Run the model with transformers, converted (once, cached) on CTranslate2, or ask an "
                             "OpenAI-compatible server (llama.cpp, vLLM, Ollama) at --api-base, --model naming the "
                             "model it serves.")(func)
    func = click.option("--api-base", help="--backend openai: the server's base URL, e.g. http://127.0.0.1:8080/v1 "
                                           "(OPENAI_API_KEY, if set, is sent as the key).")(func)
    func = click.option("--compute-type", default="auto", show_default=True,
                        help="CTranslate2: auto (int8 on the CPU, int8_float16 on a GPU), int8, float16, "
                             "float32...")(func)
    func = click.option("--model-input", type=click.Choice(["auto", "mt", "src+mt"]), default="auto",
                        show_default=True,
                        help="What the model reads: the MT, or the source and the MT as 'SOURCE ||| MT' where the "
                             "input has a source (bilingual formats, --src); auto: what the checkpoint's "
                             "posteditor.json says (train writes it), else mt.")(func)
    func = click.option("--model-scope", type=click.Choice(["all", "flagged"]), default="all", show_default=True,
                        help="Which segments the model reads: all, or only those a rule changed or proposed a "
                             "change in, or (with a source) a QA check of `check` finds a problem in.")(func)
    func = click.option("--prompt", "prompt_path", type=click.Path(exists=True, dir_okay=False),
                        help="Causal language models: the prompt template (TOML) instead of the shipped one "
                             "(posteditor/model/prompt.toml).")(func)
    func = click.option("--memory", "memory_path", type=click.Path(exists=True),
                        help="Causal language models: your post-edits (TSV mt<TAB>pe or src<TAB>mt<TAB>pe, an "
                             "APE folder, or JSON Lines with mt, pe, src), from which the most similar are given "
                             "to the model as examples.")(func)
    func = click.option("--memory-k", default=3, show_default=True, type=click.IntRange(0, 50),
                        help="How many examples from --memory go into each prompt.")(func)
    return func


_MODEL_ONLY = ("revision", "device", "beams", "batch_size", "prefix", "no_gate", "gate_margin", "gate_max_edit_rate",
               "backend", "compute_type", "model_input", "model_scope", "prompt_path", "memory_path", "memory_k",
               "api_base")


def _given(*names: str) -> list[str]:
    """Which of these parameters of the running command the user gave (not their defaults)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return []
    return [n for n in names if n in ctx.params
            and ctx.get_parameter_source(n) not in (click.core.ParameterSource.DEFAULT, None)]


def _option_names(names) -> str:
    flags = {"config_path": "config", "model_path": "model", "refs": "ref", "glossaries": "glossary",
             "prompt_path": "prompt", "memory_path": "memory"}
    return ", ".join("--" + flags.get(n, n).replace("_", "-") for n in names)


def _model_settings(model_path, revision, device, beams, batch_size, prefix, no_gate, gate_margin,
                    gate_max_edit_rate, backend="transformers", compute_type="auto", model_input="auto",
                    model_scope="all", prompt_path=None, memory_path=None, memory_k=3, api_base=None):
    """The ModelOptions the model options ask for, or None without --model."""
    if not model_path:
        given = _given(*_MODEL_ONLY)
        if given:
            raise click.UsageError(f"{_option_names(given)} set(s) up the model stage: give --model too")
        return None
    from .model import GateOptions, ModelOptions

    gate = GateOptions(enabled=not no_gate, margin=gate_margin, max_edit_rate=gate_max_edit_rate)
    return ModelOptions(model_path, revision, device, batch_size, beams, prefix, gate=gate, backend=backend,
                        compute_type=compute_type, input=model_input, scope=model_scope, prompt=prompt_path,
                        memory=memory_path, memory_k=memory_k, api_base=api_base)


def _corrector(*args, **kwargs):
    options = _model_settings(*args, **kwargs)
    if options is None:
        return None
    if options.backend == "openai":  # a server does the work: nothing to install here
        from .model.endpoint import EndpointCorrector

        return EndpointCorrector.load(options)
    if options.api_base:
        raise click.UsageError("--api-base is for --backend openai")
    try:
        import transformers  # noqa: F401
    except ImportError:
        raise InputProblem("--model needs the model extra: pip install torch==2.13.0 'posteditor[model]'")
    if options.backend == "ctranslate2":
        try:
            import ctranslate2  # noqa: F401
        except ImportError:
            raise InputProblem("--backend ctranslate2 needs the ct2 extra: pip install 'posteditor[ct2]'")
    from .model import load_corrector

    return load_corrector(options)


def _remember_states(ctx, param, value):
    if value is not None:
        states = frozenset(s.strip() for s in value.split(",") if s.strip())
        if not states:
            raise click.BadParameter("name at least one state", ctx, param)
        ctx.meta["posteditor.states"] = states


def _load_files(inputs, fmt, target_field, source_field, target_lang, src_path=None, include_fuzzy=False):
    from .fileformats.formats import FieldOptions, load, with_source

    ctx = click.get_current_context(silent=True)
    states = ctx.meta.get("posteditor.states") if ctx is not None else None
    options = FieldOptions(target_field, source_field, target_lang, include_fuzzy, states)
    files = [load(p, fmt, options) for p in _expand_folders(inputs)]
    for f in files:
        if f.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(f.skipped.items()))
            hint = " (--include-fuzzy fixes fuzzy entries)" if "fuzzy" in f.skipped else ""
            click.echo(f"posteditor: {f.name}: {sum(f.skipped.values())} unit(s) left as they are: {reasons}{hint}",
                       err=True)
    if src_path is not None:
        if len(files) != 1 or files[0].format != "text":
            raise click.UsageError("--src gives the source of one plain-text input")
        files = [with_source(files[0], src_path)]
    return files


@main.command(short_help="Fix translation files, every change listed.")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True),
              help="Output file (one input) or folder (several inputs). Default: stdout.")
@click.option("--explain", is_flag=True, help="Print every edit to stderr.")
@click.option("--edits", "edits_path", type=click.Path(allow_dash=True),
              help="Write every edit as JSON Lines (line, rule, category, start, end, before, after).")
@click.option("--diff", is_flag=True,
              help="Show a word diff of changed lines on stdout; the text then goes only to --output.")
@click.option("--drop-empty", is_flag=True, help="Omit lines that end up empty (removed boilerplate; plain text only).")
@click.option("-i", "--in-place", is_flag=True, help="Write each fixed file over its input.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes (plain text; implies --chunk-lines).")
@click.option("--chunk-lines", default=0, show_default=True,
              help="Stream plain text in documents of this many lines, in flat memory (0: the whole file is one "
                   "document; 1000 when --jobs > 1).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: fix JSON Lines or Parquet records on Ray Data (as `posteditor distributed`); "
                   "--output is then a folder and --target-field the text field.")
@click.option("--address", help="With --engine ray: the cluster ('auto', 'ray://host:10001'); default: a local one.")
@format_options
@pipeline_options
@model_options
def fix(inputs, output, explain, edits_path, diff, drop_empty, in_place, jobs, chunk_lines, engine, address, fmt,
        target_field, source_field, target_lang, src_path, include_fuzzy, documents, config_path, lang, rules, disable,
        glossaries, **model):
    """Fix translation files: plain text (one segment a line), TSV, JSON Lines, XLIFF 1.2/2.0,
    PO, TMX or SRT, by extension or --format (stdin, as plain text, when no INPUT).

    Writes the same format back with only target text changed, as many segments as it read:
    removed boilerplate becomes an empty segment unless --drop-empty is given.
    """
    from .engine.pipeline import Pipeline
    from .text.edits import word_diff
    from .text.textio import parse

    if engine == "ray":
        if len(inputs) != 1 or inputs[0] == "-" or not output or output == "-":
            raise click.UsageError("--engine ray reads one file or folder and writes an --output folder")
        if in_place or diff or drop_empty or explain or edits_path or jobs > 1 or chunk_lines:
            raise click.UsageError("--engine ray takes none of --in-place, --diff, --drop-empty, --explain, --edits, "
                                   "--jobs, --chunk-lines (each record gets its edits in the output)")
        if fmt and fmt not in ("jsonl", "parquet"):
            raise click.UsageError("--engine ray reads JSON Lines or Parquet")
        return _run_ray(inputs[0], output, target_field or "target", fmt, None, False, address, None, 1000,
                        _config(config_path, lang, disable, rules, glossaries),
                        _model_settings(**model))
    if address:
        raise click.UsageError("--address goes with --engine ray")
    inputs = _expand_folders(inputs) or ("-",)
    if len(inputs) > 1 and output and output != "-" and Path(output).is_file():
        raise click.UsageError("with several inputs, --output must be a folder")
    if in_place and (output or "-" in inputs):
        raise click.UsageError("--in-place writes over the inputs: give files, and no --output")
    if jobs < 1 or chunk_lines < 0:
        raise click.UsageError("--jobs must be at least 1 and --chunk-lines at least 0")
    _check_outputs(inputs, output, edits_path, in_place)
    if jobs > 1 and not chunk_lines:
        chunk_lines = 1000
    if chunk_lines:
        if src_path or documents != "file":
            raise click.UsageError("--jobs and --chunk-lines make each chunk a document: they take neither --src "
                                   "nor --documents")
        if model["model_path"] or in_place or diff or drop_empty or (fmt and fmt != "text") or any(
                Path(p).suffix.lower() in (".tsv", ".jsonl", ".xlf", ".xliff", ".po", ".pot", ".tmx", ".srt")
                for p in inputs):
            raise click.UsageError("--jobs and --chunk-lines stream plain text only, without --model, --in-place, "
                                   "--diff or --drop-empty")
        return _fix_streaming(inputs, output, explain, edits_path, jobs, chunk_lines,
                              _config(config_path, lang, disable, rules, glossaries))
    try:
        corrector = _corrector(**model)
        pipeline = Pipeline(_config(config_path, lang, disable, rules, glossaries), corrector=corrector)
        files = _load_files(inputs, fmt, target_field, source_field, target_lang, src_path, include_fuzzy)
    except PosteditorError as exc:
        raise _fail(exc)
    if drop_empty and any(f.format != "text" for f in files):
        raise click.UsageError("--drop-empty applies to plain text only: other formats keep every unit")

    # Nothing is written before every file is fixed: a failure on the last file leaves the
    # first as it was; each file is then written atomically (posteditor.fileformats.files).
    pending: list[tuple[Path, bytes]] = []
    edit_records: list[str] = []
    for doc in files:
        try:
            result = pipeline.fix_file(doc, documents)
        except ValueError as exc:  # e.g. a sentence longer than the model accepts
            raise InputProblem(f"{doc.name}: {exc}")
        fixed = [s.text for s in result.segments]
        for unit, seg in zip(doc.units, result.segments):
            made, held_at = _edit_places(doc, unit, seg) if (explain or edits_path) else ((), ())
            for edit, where in zip(seg.edits, made):
                if explain:
                    click.echo(_edit_line(doc.name, where, edit, unit.plural), err=True)
                if edits_path:
                    record = {"file": doc.name, "line": where[0], "column": where[1], "end_line": where[2],
                              "end_column": where[3], **edit.to_dict()}
                    if unit.id:
                        record["unit"] = unit.id
                    if unit.plural is not None:
                        record["plural"] = unit.plural
                    edit_records.append(_json_line(record))
            if explain:
                for held, where in zip(seg.held, held_at):
                    click.echo(f"{doc.name}:{where[0]}:{where[1]}: proposed, not made: {held.rule} [{held.category}] "
                               f"{held.before!r} -> {held.after!r}: {held.message}", err=True)
            if explain and seg.model and not seg.model["accepted"]:
                click.echo(f"{doc.name}:{unit.line}: model output rejected ({seg.model['reason']}): "
                           f"{seg.model['output']!r}", err=True)
            if diff and seg.changed:
                click.echo(f"{doc.name}:{unit.line}: {word_diff(seg.original, seg.text)}")
        if doc.format == "text" and drop_empty:
            data = parse(doc.original.decode("utf-8"), doc.name).render(fixed, drop_empty=True).encode("utf-8")
        else:
            data = doc.render(fixed)
        if in_place:
            if data != doc.original:
                pending.append((Path(doc.name), data))
        elif output in (None, "-"):
            if not diff:
                _write_stdout(data)
        else:
            pending.append((_output_path(doc.name, output, len(files)), data))
    if output not in (None, "-") and not in_place and (len(files) > 1 or click.get_current_context().meta.get(
            "posteditor.relative")):
        for path, _ in pending:  # the output folder, and the subfolders of folder inputs
            path.parent.mkdir(parents=True, exist_ok=True)
    write_files(pending)
    if corrector is not None:
        without = (f", {corrector.without_source} of them without a source"
                   if corrector.input_mode == "src+mt" else "")
        if getattr(corrector, "scores_available", None) is False:
            click.echo("posteditor: the model server returns no log-probabilities: the gate checked numbers, URLs, "
                       "names, length and edit rate, not the model's preference", err=True)
        scope = " flagged" if corrector.options.scope == "flagged" else ""
        click.echo(f"posteditor: the model ({corrector.input_mode}) read {corrector.sent}{scope} segments{without}",
                   err=True)
    if edits_path == "-":
        _write_stdout("".join(edit_records).encode("utf-8"))
    elif edits_path:
        write_file(edits_path, "".join(edit_records).encode("utf-8"))


def _json_line(record: dict) -> str:
    """One JSON Lines record; a lone surrogate (from a JSON escape in the input) is written
    as the escape it came from, so the record stays valid UTF-8 and valid JSON."""
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(record)
    return text + "\n"


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output ({exc.strerror})") from None


def _expand_folders(inputs) -> tuple:
    """Inputs with each folder replaced by the files under it (recursively) that have a known
    extension; each such file is written under --output at its path within the folder."""
    from .fileformats.formats import EXTENSIONS

    out = []
    ctx = click.get_current_context()
    relative = ctx.meta.setdefault("posteditor.relative", {})
    for item in inputs:
        if item != "-" and Path(item).is_dir():
            found = sorted(p for p in Path(item).rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file())
            if not found:
                raise click.UsageError(f"{item}: a folder with no file posteditor reads "
                                       f"({', '.join(sorted(EXTENSIONS))})")
            for p in found:
                relative[str(p)] = p.relative_to(item)
                out.append(str(p))
        else:
            out.append(item)
    return tuple(out)


def _output_path(name: str, output: str, n_inputs: int) -> Path:
    """Where a fixed file goes: --output itself for one file, else under the --output folder
    (at its path within a folder input)."""
    relative = click.get_current_context().meta.get("posteditor.relative", {})
    if n_inputs <= 1 and not relative:
        return Path(output)
    return Path(output) / relative.get(name, Path(name).name)


def _check_outputs(inputs, output: Optional[str], edits_path: Optional[str], in_place: bool) -> None:
    """Refuse, before any work, outputs that would destroy an input or each other: --edits
    over an input or over --output, and two inputs of the same name into one folder."""
    from .fileformats.files import same_file

    files = [p for p in inputs if p != "-"]
    if edits_path not in (None, "-"):
        for p in files:
            if same_file(p, edits_path):
                raise click.UsageError(f"--edits {edits_path} would overwrite the input {p}")
        if output not in (None, "-") and same_file(output, edits_path):
            raise click.UsageError("--edits and --output name the same file")
    if len(files) > 1 and output not in (None, "-") and not in_place:
        out = Path(output)
        if out.exists() and not out.is_dir():
            raise click.UsageError(f"-o {output} is a file: with several inputs, -o names a folder")
        if not out.exists() and out.suffix and not output.endswith(("/", "\\")):
            raise click.UsageError(f"-o {output} looks like a file name: with several inputs, -o names a folder "
                                   f"(write {output}/ to make one of that name)")
        seen: dict[str, str] = {}
        relative = click.get_current_context().meta.get("posteditor.relative", {})
        for p in files:
            name = str(relative.get(p, Path(p).name))
            if name in seen:
                raise click.UsageError(f"{seen[name]} and {p} would both be written to {Path(output) / name}: "
                                       f"fix them into different folders")
            seen[name] = p


@main.command(short_help="Fix or check records on a Ray cluster.")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", required=True, help="Output folder (Ray writes one file per block).")
@click.option("--text-field", default="target", show_default=True, help="Field holding the text to fix.")
@click.option("--input-format", type=click.Choice(["jsonl", "parquet"]), help="Default: by extension.")
@click.option("--output-format", type=click.Choice(["jsonl", "parquet"]), help="Default: the input's.")
@click.option("--check", "check_mode", is_flag=True, help="Report findings per record instead of fixing.")
@click.option("--address", help="Ray cluster address ('auto', 'ray://host:10001'); default: a local instance.")
@click.option("--workers", type=int, help="Actors, one pipeline each [default: one per CPU but one].")
@click.option("--records-per-batch", default=1000, show_default=True, help="Records handed to a worker at a time.")
@pipeline_options
@model_options
def distributed(input_path, output, text_field, input_format, output_format, check_mode, address, workers,
                records_per_batch, config_path, lang, rules, disable, glossaries, **model):
    """Fix (or check) JSON Lines or Parquet records on Ray Data, beyond one machine: each worker
    runs one pipeline; with --model the model stage runs as an actor pool on the cluster's GPUs."""
    model = _model_settings(**model)
    _run_ray(input_path, output, text_field, input_format, output_format, check_mode, address, workers,
             records_per_batch, _config(config_path, lang, disable, rules, glossaries), model)


def _run_ray(input_path, output, text_field, input_format, output_format, check_mode, address, workers,
             records_per_batch, config, model) -> None:
    from .scale.distributed import RayJob, run

    job = RayJob(input_path, output, text_field, input_format, output_format, "check" if check_mode else "fix",
                 address, workers, records_per_batch)
    try:
        summary = run(job, config, model)
    except PosteditorError as exc:
        raise _fail(exc)
    click.echo(f"{summary['records']} records, {summary['edits']} edits, {summary['workers']} workers -> "
               f"{summary['output']}", err=True)


@main.command(short_help="Lint files, change nothing; exit 1 at --fail-on.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--output-format", "out_format", type=click.Choice(["text", "json", "junit", "sarif", "github"]),
              default="text", show_default=True, help="How to report.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Exit 1 when a finding at or above this severity remains.")
@click.option("--max-issues", type=click.IntRange(min=0), default=0, show_default=True,
              help="Findings at or above --fail-on that are tolerated before failing.")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="JSON report (from --output-format json) of known findings to ignore.")
@click.option("--severity", "severity_overrides", multiple=True, metavar="RULE=LEVEL",
              help="Set a rule's or category's severity: error, warning or info (repeatable).")
@click.option("-o", "--output", type=click.Path(), help="Write the report here instead of stdout.")
@format_options
@pipeline_options
def check(inputs, out_format, fail_on, max_issues, baseline, severity_overrides, output, fmt, target_field,
          source_field, target_lang, src_path, include_fuzzy, documents, config_path, lang, rules, disable,
          glossaries):
    """Lint translation files and change nothing: report what the fixers would change and, where
    the file has source text, QA problems (numbers, untranslated text, glossary terms,
    placeholders and tags, URLs). Exit 0 when nothing at or above --fail-on remains, 1 when
    something does, 2 for usage or input errors.
    """
    from .check.lint import render_report, run_check

    levels = {}
    for item in severity_overrides:
        key, _, level = item.partition("=")
        if level not in ("error", "warning", "info") or not key:
            raise click.UsageError(f"--severity takes RULE=LEVEL with LEVEL error, warning or info, not {item!r}")
        levels[key] = level
    try:
        config = _config(config_path, lang, disable, rules, glossaries)
        files = _load_files(inputs, fmt, target_field, source_field, target_lang, src_path, include_fuzzy)
        report = run_check(files, config, levels, baseline, documents)
    except PosteditorError as exc:
        raise _fail(exc)
    text = render_report(report, out_format, fail_on)
    if output:
        write_file(output, text.encode("utf-8", "backslashreplace"))
    else:
        _write_stdout((text if text.endswith("\n") else text + "\n").encode("utf-8", "backslashreplace"))
    from .check.qa import at_or_above

    if len(at_or_above(report.findings, fail_on)) > max_issues:
        sys.exit(1)


def _fix_streaming(inputs, output, explain, edits_path, jobs, chunk_lines, config) -> None:
    """Plain text in, plain text out, chunk by chunk: flat memory, several processes."""

    from .engine.pipeline import Pipeline
    from .fileformats.formats import text_pragmas
    from .scale.stream import fix_stream
    from .text.textio import iter_text_lines

    quiet: list = []  # a pipeline that fixes a line under a pragma again, without the rules it names

    if len(inputs) > 1 and output and output != "-":
        raise click.UsageError("streaming writes one output: give one input, or no --output")
    with contextlib.ExitStack() as stack:
        # The output and the edits go to temporary files that replace theirs only when every
        # chunk is done: an output that is also the input is read whole before it is replaced.
        sink = sys.stdout.buffer if output in (None, "-") else stack.enter_context(AtomicFile(output))
        edit_sink = None
        if edits_path:
            edit_sink = sys.stdout.buffer if edits_path == "-" else stack.enter_context(AtomicFile(edits_path))
        for path in inputs:
            lines = iter_text_lines(path)
            endings: list = []

            bodies: collections.deque = collections.deque()  # lines read, for their pragmas

            def segments(lines=lines, endings=endings, bodies=bodies):
                for body, ending in lines:
                    endings.append(ending)
                    bodies.append(body)
                    yield body

            def read_back(bodies=bodies):
                while True:
                    yield bodies.popleft()

            pragmas = text_pragmas(read_back())

            for n, result in enumerate(fix_stream(segments(), config, chunk_lines, jobs), start=1):
                ignore = next(pragmas)
                if ignore:
                    quiet = quiet or [Pipeline(config)]
                    try:
                        result = quiet[0].fix_ignoring(result.original, ignore)
                    except ConfigError as exc:
                        raise InputError(exc.detail, path, n) from None
                _write(sink, (result.text + endings[n - 1]).encode("utf-8"), output)
                endings[n - 1] = None  # keep memory flat
                for edit, (a, b) in zip(result.edits, original_spans(result.edits)):
                    if explain:
                        click.echo(_edit_line(str(path), (n, a + 1), edit), err=True)
                    if edit_sink:
                        record = {"file": str(path), "line": n, "column": a + 1, "end_line": n, "end_column": b + 1,
                                  **edit.to_dict()}
                        _write(edit_sink, _json_line(record).encode("utf-8"), edits_path)


def _write(handle, data: bytes, name: Optional[str]) -> None:
    try:
        handle.write(data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = "standard output" if name in (None, "-") else name
        raise OutputError(f"cannot write {where} ({exc.strerror}); nothing was replaced") from None


@main.command(short_help="Score a hypothesis with BLEU, chrF, TER.")
@click.argument("hyp", type=click.Path(allow_dash=True))
@click.argument("refs", nargs=-1, required=True, type=click.Path())
@click.option("--src", type=click.Path(), help="Source file (checked for alignment).")
@click.option("--metrics", default="BLEU,chrF,chrF++,TER", show_default=True, help="Comma-separated metrics.")
@click.option("--sentence", is_flag=True, help="Also score every segment.")
@click.option("--detok", is_flag=True, help="Detokenize Moses-tokenized text first (sacremoses).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def score(hyp, refs, src, metrics, sentence, detok, as_json):
    """Score HYP against one or more REFS with sacrebleu: BLEU, chrF, chrF++, TER.

    Every score is printed with sacrebleu's signature and posteditor's own (its version, and
    whether and how the text was detokenized first), so that numbers are compared only when
    they are comparable. No rules run: fix first, then score.
    """
    from .evaluation.corpus import check_not_empty, detokenize, read_parallel
    from .evaluation.scoring import METRIC_NAMES, metric_names, score_corpus, score_sentences, score_signature

    try:
        names = list(metric_names(metrics))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--metrics")
    unknown = [m for m in names if m not in METRIC_NAMES]
    if unknown:
        raise click.UsageError(f"unknown metric(s) {unknown}; choose from {', '.join(METRIC_NAMES)}")
    try:
        corpus = read_parallel(hyp, list(refs), src)
        check_not_empty(corpus)
        signature = score_signature(detok)
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


@main.command(short_help="Score strategies against doing nothing.")
@click.option("--mt", type=click.Path(), help="MT file (or a TSV/JSONL corpus, or an MLQE-PE folder).")
@click.option("--ref", "refs", multiple=True, type=click.Path(), help="Reference file (repeatable).")
@click.option("--src", type=click.Path(), help="Source file.")
@click.option("--spec", type=click.Path(dir_okay=False), help="Bench file (TOML) naming corpora and strategies.")
@click.option("--detok", is_flag=True, help="Detokenize Moses-tokenized MT and references first.")
@click.option("--documents", type=click.Choice(["corpus", "segment"]), default="corpus", show_default=True,
              help="Fix the file as one document, or each segment alone.")
@click.option("--metrics", default="BLEU,chrF,TER", show_default=True, help="Comma-separated metrics.")
@click.option("--bootstrap", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Bootstrap samples and randomization trials.")
@click.option("--markdown", "md_path", type=click.Path(), help="Write the Markdown table here (default: stdout).")
@click.option("--json", "json_path", type=click.Path(), help="Write the full report as JSON here.")
@click.option("--plot", "plot_path", type=click.Path(), help="Write a PNG chart of the deltas here.")
@pipeline_options
@model_options
def bench(mt, refs, src, spec, detok, documents, metrics, bootstrap, md_path, json_path, plot_path,
          config_path, lang, rules, disable, glossaries, **model):
    """Score every strategy (identity, rules, each category alone, rules minus each category)
    next to doing nothing, with 95% intervals and significance tests."""
    from .evaluation.bench import default_strategies, load_bench_spec, run_bench
    from .evaluation.corpus import load_corpus
    from .evaluation.scoring import metric_names

    if bool(mt) == bool(spec):
        raise click.UsageError("give either --mt (with --ref) or --spec")
    if spec:
        ignored = _given("refs", "src", "detok", "documents", "metrics", "bootstrap", "config_path", "lang", "rules",
                         "disable", "glossaries", "model_path", *_MODEL_ONLY)
        if ignored:
            raise click.UsageError(f"--spec names corpora, strategies, metrics and bootstrap itself: "
                                   f"{_option_names(ignored)} would be ignored (put them in the bench file)")
    if plot_path:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise click.UsageError("--plot needs matplotlib: pip install matplotlib") from None
    try:
        if spec:
            bench_spec = load_bench_spec(spec)
            runs, strategies = bench_spec.corpora, bench_spec.strategies
            names, samples = bench_spec.metrics, bench_spec.bootstrap
        else:
            config = _config(config_path, lang, disable, rules, glossaries)
            runs = [(load_corpus(mt, refs=list(refs), src=src, detok=detok), documents)]
            model = _model_settings(**model)
            strategies = default_strategies(config, model)
            try:
                names, samples = metric_names(metrics), bootstrap
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--metrics")
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
        write_file(md_path, markdown.encode("utf-8", "backslashreplace"))
    else:
        click.echo(markdown)
    if json_path:
        write_file(json_path, json.dumps([r.to_dict() for r in reports], indent=1, ensure_ascii=False)
                   .encode("utf-8", "backslashreplace"))
    if plot_path:
        from .evaluation.bench import plot_reports

        try:
            plot_reports(reports, plot_path)  # one figure, a row per corpus
        except PosteditorError as exc:
            raise _fail(exc)


@main.command(short_help="Train a seq2seq post-editing model.")
@click.option("--pairs", "pair_paths", multiple=True, required=True, type=click.Path(exists=True),
              help="Training examples: TSV 'mt<TAB>pe' or 'src<TAB>mt<TAB>pe', or an MLQE-PE/APE folder "
                   "(repeatable).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for checkpoints and the model.")
@click.option("--base", help="Fine-tune this checkpoint (folder or hub id) ...")
@click.option("--init", type=click.Choice(["tiny", "small"]), default="tiny", show_default=True,
              help="... or build a ByT5-style model of this size from a config (no download).")
@click.option("--epochs", default=5, show_default=True, help="Passes over the training pairs (at most).")
@click.option("--batch-size", default=32, show_default=True, help="Pairs per optimizer step.")
@click.option("--lr", default=1e-3, show_default=True, help="Peak learning rate (AdamW, warm-up then linear decay).")
@click.option("--seed", default=13, show_default=True, help="Seed of the dev split, the shuffling and the weights.")
@click.option("--dev-fraction", default=0.05, show_default=True, help="Share of pairs held out as dev (at most --dev-max).")
@click.option("--dev-max", default=300, show_default=True, help="Most pairs held out as dev.")
@click.option("--patience", default=2, show_default=True, help="Epochs without dev chrF gain before stopping.")
@click.option("--max-steps", type=int, help="Stop after this many optimizer steps.")
@click.option("--max-length", default=256, show_default=True, help="Skip pairs longer than this many tokens.")
@click.option("--time-budget", type=float, help="Seconds of training; then evaluate, save and stop.")
@click.option("--prefix", default="", help="Task prefix given to the model.")
@click.option("--device", default="auto", show_default=True, help="auto, cpu, cuda, cuda:N or mps.")
@click.option("--resume", is_flag=True, help="Continue from OUT/last.")
@click.option("--model-input", type=click.Choice(["auto", "mt", "src+mt"]), default="auto", show_default=True,
              help="What the model learns to read: the MT, or 'SOURCE ||| MT'; auto: src+mt when every example "
                   "has a source. Saved in posteditor.json beside the weights, which --model-input auto reads.")
def train(pair_paths, out, base, init, epochs, batch_size, lr, seed, dev_fraction, dev_max, patience, max_steps,
          max_length, time_budget, prefix, device, resume, model_input):
    """Train or fine-tune a seq2seq post-editing model on (mt, pe) pairs or (src, mt, pe)
    triplets, with a dev split scored by chrF and TER every epoch, early stopping and
    resumable checkpoints."""
    try:
        from .model.train import TrainOptions, read_examples
        from .model.train import train as run_training
    except ImportError:
        raise InputProblem("training needs the model extra: pip install torch==2.13.0 'posteditor[model]'")
    try:
        pairs = read_examples(pair_paths)
        options = TrainOptions(out, base, init, epochs, batch_size, lr, seed, dev_fraction, dev_max, patience,
                               max_steps, max_length, prefix, device, resume, time_budget, model_input)
        report = run_training(pairs, options, log=lambda m: click.echo(m, err=True))
    except PosteditorError as exc:
        raise _fail(exc)
    click.echo(f"best dev chrF {report.best_chrf:.2f} at epoch {report.best_epoch} ({report.stopped}); model in {out}")


@main.command(short_help="Make synthetic (mt, pe) training pairs.")
@click.option("--clean", "clean_path", required=True, type=click.Path(allow_dash=True),
              help="Clean English, one sentence a line.")
@click.option("-o", "--output", required=True, type=click.Path(allow_dash=True), help="Pairs TSV (mt<TAB>pe).")
@click.option("--seed", default=13, show_default=True, help="Seed of the random damage: the same seed, the same pairs.")
@click.option("--rate", "rates", multiple=True, metavar="KIND=RATE",
              help="Rate of an error kind: glue, name_variant, doubled_subject, according_to, spacing, noise, "
                   "boilerplate (repeatable).")
@click.option("--detok", is_flag=True, help="Detokenize Moses-tokenized input first.")
@click.option("--src", "src_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="The source of each clean line, line for line: the output is then src<TAB>mt<TAB>pe, for "
                   "a model that reads the source too (train --model-input src+mt).")
def synth(clean_path, output, seed, rates, detok, src_path):
    """Make synthetic (mt, pe) pairs by corrupting clean English the ways MT breaks it."""
    from .model.synth import synthesize_examples
    from .text.textio import read_lines

    parsed = {}
    for item in rates:
        kind, _, value = item.partition("=")
        try:
            parsed[kind] = float(value)
        except ValueError:
            raise click.UsageError(f"--rate takes KIND=RATE with a number, not {item!r}")
    try:
        lines = read_lines(clean_path)
        sources = read_lines(src_path) if src_path else None
    except PosteditorError as exc:
        raise _fail(exc)
    if sources is not None and len(sources) != len(lines):
        raise _fail(InputError(f"{len(sources)} source lines for {len(lines)} clean lines: --src gives the source "
                               "of each clean line", src_path))
    if detok:
        from .evaluation.corpus import detokenize

        lines = detokenize(lines)
    # The output is mt<TAB>pe: a TAB inside a line would make a row that train cannot read.
    for name, texts in ((clean_path, lines), (src_path, sources)):
        tabbed = sum(1 for line in texts or () if "\t" in line)
        if tabbed:
            texts[:] = [line.replace("\t", " ") for line in texts]
            click.echo(f"posteditor: {tabbed} line(s) of {name} had a TAB, read as a space", err=True)
    try:
        pairs = list(synthesize_examples(lines, sources, seed, parsed))
    except ValueError as exc:
        raise click.UsageError(str(exc))
    text = "".join(("" if src is None else f"{src}\t") + f"{mt}\t{pe}\n" for src, mt, pe, _ in pairs)
    if output == "-":
        click.echo(text, nl=False)
    else:
        write_file(output, text.encode("utf-8", "backslashreplace"))
    changed = sum(1 for _, mt, pe, _ in pairs if mt != pe)
    click.echo(f"{len(pairs)} pairs, {changed} with damage", err=True)


@main.command(short_help="Learn rules from a translator's post-edits.")
@click.option("--mt", "mt_path", type=click.Path(), help="MT file, one segment a line ...")
@click.option("--pe", "pe_path", type=click.Path(), help="... and its post-edit, line for line.")
@click.option("--pairs", "pair_paths", multiple=True, type=click.Path(),
              help="Or (mt, pe) pairs: TSV 'mt<TAB>pe' or an MLQE-PE/APE folder (repeatable).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Rule file to write (TOML).")
@click.option("--glossary-out", type=click.Path(dir_okay=False),
              help="Glossary TSV for learned names [default: OUTPUT with .tsv].")
@click.option("--min-support", default=3, show_default=True, help="Pairs that must show a replacement.")
@click.option("--min-consistency", default=0.8, show_default=True,
              help="Share of MT segments with the phrase where the post-editor made the replacement.")
@click.option("--detok", is_flag=True, help="Detokenize Moses-tokenized text first.")
def learn(mt_path, pe_path, pair_paths, output, glossary_out, min_support, min_consistency, detok):
    """Learn rules and glossary entries from a translator's post-edits: replacements that recur
    consistently become rules with examples (checked) and names a glossary."""
    from .evaluation.corpus import detokenize, read_parallel
    from .review.learn import glossary_tsv, validated
    from .review.learn import learn as run_learn

    if bool(mt_path) != bool(pe_path) or not (mt_path or pair_paths):
        raise click.UsageError("give --mt with --pe, or --pairs")
    try:
        pairs: list = []
        if mt_path:
            corpus = read_parallel(mt_path, [pe_path])
            pairs += list(zip(corpus.mt, corpus.refs[0]))
        if pair_paths:
            from .model.train import read_pairs

            pairs += read_pairs(pair_paths)
    except PosteditorError as exc:
        raise _fail(exc)
    if detok:
        mts, pes = detokenize([m for m, _ in pairs]), detokenize([p for _, p in pairs])
        pairs = list(zip(mts, pes))
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputProblem(f"{output}: cannot write ({exc.strerror})")
    result = validated(run_learn(pairs, min_support, min_consistency), output)
    glossary = Path(glossary_out) if glossary_out else Path(output).with_suffix(".tsv")
    write_file(glossary, glossary_tsv(result).encode("utf-8"))
    click.echo(f"{result.pairs} pairs, {result.candidates} distinct replacements: {len(result.rules)} rules -> "
               f"{output}, {len(result.names)} names -> {glossary}"
               + (f" ({len(result.rejected_by_check)} rules dropped by their own examples)" if result.rejected_by_check else ""))


@main.command(short_help="Write an HTML page of every change.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--title", default="posteditor report", show_default=True, help="Title of the HTML page.")
@format_options
@pipeline_options
def report(inputs, output, title, fmt, target_field, source_field, target_lang, src_path, include_fuzzy, documents,
           config_path, lang, rules,
           disable, glossaries):
    """Write one self-contained HTML page with every change: the source where there is one, before
    and after side by side, each edit with its rule and message, filters by file, rule, category
    and text, counts per rule, unchanged segments for context."""
    from .engine.pipeline import Pipeline
    from .review.report import ReportFile, ReportSegment, render_html

    try:
        pipeline = Pipeline(_config(config_path, lang, disable, rules, glossaries))
        files = _load_files(inputs, fmt, target_field, source_field, target_lang, src_path, include_fuzzy)
        results = []
        for doc in files:
            fixed = pipeline.fix_file(doc, documents)
            results.append(ReportFile(doc.name, [ReportSegment(u.line, s, _edit_places(doc, u, s)[0], u.source)
                                                 for u, s in zip(doc.units, fixed.segments)], bool(doc.markup)))
    except PosteditorError as exc:
        raise _fail(exc)
    write_file(output, render_html(results, title).encode("utf-8", "backslashreplace"))
    edits = sum(len(s.result.edits) for f in results for s in f.segments)
    click.echo(f"{edits} edits written to {output}", err=True)


@main.command(short_help="Accept or reject each change, one by one.")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Where to write the result [default: INPUT].")
@click.option("--log", "log_path", type=click.Path(dir_okay=False),
              help="Decisions as JSON Lines [default: OUTPUT.review.jsonl].")
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False),
              help="Replay the decisions of a review log (from this command or the review page) instead of "
                   "asking; a change the log does not cover is accepted. With --web: start the page with them.")
@click.option("--web", is_flag=True,
              help="Review on a local page in the browser (127.0.0.1 only): accept or reject each change with the "
                   "mouse or keys, then Save writes OUTPUT and the decisions log.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port of the review page [default: a free one].")
@click.option("--no-browser", is_flag=True, help="Print the page's address instead of opening a browser.")
@format_options
@pipeline_options
def review(inputs, output, log_path, decisions_path, web, port, no_browser, fmt, target_field, source_field,
           target_lang, src_path, include_fuzzy, documents, config_path, lang, rules, disable, glossaries):
    """Review every change interactively, like git add -p: accept (y), reject (n), edit (e),
    accept (a) or reject (d) all of a rule, quit (q). The result is written back and every
    decision logged."""
    from .engine.pipeline import Pipeline
    from .review.interactive import Replay, Reviewer
    from .review.session import review_file

    try:
        pipeline = Pipeline(_config(config_path, lang, disable, rules, glossaries))
        docs = _load_files(inputs, fmt, target_field, source_field, target_lang, src_path, include_fuzzy)
        if len(docs) > 1 and not web:
            raise click.UsageError("review takes one file at a time in the terminal and with --decisions; "
                                   "--web reviews several")
        if len(docs) > 1 and (output or log_path):
            raise click.UsageError("-o and --log name one file's output: with several inputs each is written back "
                                   "in place, its log beside it")
        results = [pipeline.fix_file(doc, documents) for doc in docs]
    except PosteditorError as exc:
        raise _fail(exc)
    for doc, result in zip(docs, results):
        click.echo(f"{sum(len(s.edits) for s in result.segments)} changes in {doc.name}", err=True)
    if web:
        targets = [Path(output or doc.name) for doc in docs]
        logs = [Path(log_path) if log_path else Path(str(t) + ".review.jsonl") for t in targets]
        try:
            replay = Replay(decisions_path) if decisions_path else None
        except PosteditorError as exc:
            raise _fail(exc)
        return _serve_review(pipeline, docs, results, documents, targets, logs, port, no_browser, replay)
    (doc,), (result,) = docs, results
    target = output or doc.name
    if decisions_path:
        try:
            replay = Replay(decisions_path)
            finals, log = review_file(pipeline, doc, result, documents,
                                      lambda k, where: replay.for_unit(doc.name, k + 1),
                                      lambda k, text: replay.hand(doc.name, k + 1, text))
        except PosteditorError as exc:
            raise _fail(exc)
        if replay.unused():
            raise _fail(InputError(f"{len(replay.unused())} decisions were asked for by no change (first at line "
                                   f"{replay.unused()[0]}): were the input or the rules changed?", decisions_path))
    else:
        reviewer = Reviewer(
            ask=lambda prompt: click.prompt(prompt, default="", show_default=False, prompt_suffix="", err=True),
            show=lambda text: click.echo(text, err=True),
            edit_text=lambda suggestion: click.prompt("Use instead", default=suggestion, err=True),
        )
        finals, log = review_file(pipeline, doc, result, documents,
                                  lambda k, where: lambda e, t: reviewer(where(e), e, t))
    data = doc.render(finals)
    write_file(target, data)
    log_file = Path(log_path) if log_path else Path(str(target) + ".review.jsonl")
    write_file(log_file, "".join(_json_line(r) for r in log).encode("utf-8"))
    kinds = {k: sum(1 for r in log if r["decision"] == k) for k in ("accepted", "rejected", "edited", "skipped")}
    click.echo(f"{target}: {kinds['accepted']} accepted, {kinds['rejected']} rejected, {kinds['edited']} edited, "
               f"{kinds['skipped']} skipped; decisions in {log_file}", err=True)


def _serve_review(pipeline, docs, results, documents, targets: list, logs: list, port: int, no_browser: bool,
                  replay=None):
    import threading
    import webbrowser

    from .review.web import FileReview, ReviewServer

    files = [FileReview(pipeline, doc, result, documents, target, log)
             for doc, result, target, log in zip(docs, results, targets, logs)]
    if replay is not None:  # --decisions with --web: resume the review where the log left it
        for f in files:
            f.resume(replay)
    try:
        server = ReviewServer(files, port)
    except OSError as exc:
        raise _fail(OutputError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror})"))
    saves = "; ".join(f"{t} and {log}" for t, log in zip(targets, logs))
    click.echo(f"Review at {server.url}\nSave writes {saves}; press Done on the page or Ctrl-C here to stop.",
               err=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.done.wait()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.shutdown()
        server.server_close()


@main.group(short_help="List and check rules.")
def rules() -> None:
    """List and check rules."""


@rules.command("list", short_help="List the rules that would run.")
@pipeline_options
def rules_list(config_path, lang, rules, disable, glossaries):
    """List the rules and fixers that would run: id, category, severity, description."""
    from .engine.pipeline import build_fixers

    try:
        fixers = build_fixers(_config(config_path, lang, disable, rules, glossaries))
    except PosteditorError as exc:
        raise _fail(exc)
    for f in fixers:
        click.echo(f"{f.id}\t{f.category}\t{f.severity}\t{f.description}")
    from .engine.qa_ids import QA_DESCRIPTIONS, QA_SEVERITY

    config = _config(config_path, lang, disable, rules, glossaries)
    for rule, severity in QA_SEVERITY.items():
        chosen = not config.selected or {rule, "QA"} & {s.upper() for s in config.selected}
        if chosen and not {rule, "QA"} & {s.upper() for s in config.disabled}:
            click.echo(f"{rule}\tQA\t{severity}\t{QA_DESCRIPTIONS[rule]} (check, where the file has a source)")


@rules.command("check", short_help="Run every rule's examples.")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--lang", default="en", help="Language of the rules [default: en].")
def rules_check(paths, lang):
    """Run every rule's examples and report all failures (exit 1 if any).

    With PATHS, checks those rule files or folders; without, the shipped rules and fixers.
    """
    from .engine.config import Config
    from .engine.pipeline import build_fixers
    from .engine.rules import load_rules
    from .engine.selftest import check_fixers

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
