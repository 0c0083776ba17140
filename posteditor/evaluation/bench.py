"""The strategy benchmark: every correction strategy scored next to doing nothing.

For a corpus (MT, one or more references, optional source) it runs strategies -- ``identity``
(do nothing), all rules, each fixer category alone, all rules minus each category -- and
reports per strategy: BLEU, chrF, TER; the delta against identity with a 95% paired-bootstrap
interval and p-values (sacrebleu's paired bootstrap and approximate randomization); segments
segments changed, and of those better, worse or the same by sentence chrF; edits made; throughput; signatures.

A bench file (TOML) names corpora and extra strategies::

    metrics = ["BLEU", "chrF", "TER"]
    bootstrap = 1000
    default_strategies = true

    [[corpus]]
    name = "sample"
    mt = "corpora/sample/article.mt.txt"
    refs = ["corpora/sample/article.ref.txt"]
    detokenize = false
    documents = "corpus"        # the whole file is one document; "segment": each line alone

    [[strategy]]
    name = "no-glue"
    disable = ["GLUE"]          # also: rules = [...], glossaries = [...], builtin = false
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..engine.config import Config
from ..errors import ConfigError, InputError
from .corpus import Corpus, load_corpus
from .scoring import LOWER_IS_BETTER, metric_names

DEFAULT_METRICS = ("BLEU", "chrF", "TER")


@dataclass(frozen=True)
class Strategy:
    """A way of correcting MT: a rule configuration (``None`` and no model: doing nothing),
    optionally followed by a seq2seq model (``model``: a posteditor.model.ModelOptions)."""

    name: str
    config: Optional[Config] = None
    description: str = ""
    model: Optional[object] = None

    @property
    def is_identity(self) -> bool:
        return self.config is None and self.model is None


def model_strategies(base: Config, model) -> list[Strategy]:
    """Model alone and rules + model, each with the do-no-harm gate on and off; rules + model
    reading the MT alone and the source with it (whatever the checkpoint says), on flagged
    segments only, and, for a prompted model given a memory, without its examples."""
    import dataclasses as dc

    no_rules = dc.replace(base, builtin=False, rules=())
    ungated = dc.replace(model, gate=dc.replace(model.gate, enabled=False))
    return [
        Strategy("model", no_rules, "the model alone, gated", model),
        Strategy("model-nogate", no_rules, "the model alone, every output kept", ungated),
        Strategy("rules+model", base, "all rules, then the model, gated", model),
        Strategy("rules+model-nogate", base, "all rules, then the model, every output kept", ungated),
        Strategy("rules+model(mt)", base, "all rules, then the model reading the MT alone, gated",
                 dc.replace(model, input="mt")),
        Strategy("rules+model(src+mt)", base, "all rules, then the model reading source ||| MT where the corpus "
                 "has a source, gated", dc.replace(model, input="src+mt")),
        Strategy("rules+model(flagged)", base, "all rules, then the model on the segments a rule or a QA check "
                 "flagged only, gated", dc.replace(model, scope="flagged")),
    ] + ([Strategy("rules+model(no memory)", base, "all rules, then the model prompted without examples from "
                   "the memory, gated", dc.replace(model, memory=None))] if model.memory else [])


def default_strategies(base: Optional[Config] = None, model=None) -> list[Strategy]:
    """identity, all rules, each category alone, all rules minus each category, and with a
    model, the model alone and after the rules, gated and not."""
    from ..engine.pipeline import build_fixers

    base = base or Config()
    categories = list(dict.fromkeys(f.category for f in build_fixers(base)))
    out = [Strategy("identity", None, "no change"), Strategy("rules", base, "all rules")]
    for cat in categories:
        others = frozenset(c for c in categories if c != cat)
        out.append(Strategy(f"only:{cat}", dataclasses.replace(base, disabled=base.disabled | others), f"{cat} alone"))
    for cat in categories:
        out.append(Strategy(f"rules-{cat}", base.with_disabled(cat), f"all rules but {cat}"))
    if model is not None:
        out += model_strategies(base, model)
    return out


@dataclass
class StrategyResult:
    name: str
    description: str
    outputs: list[str]
    edits: int
    seconds: float
    scores: dict = field(default_factory=dict)  # metric -> MetricScore
    deltas: dict = field(default_factory=dict)  # metric -> PairedDelta
    changed: int = 0  # segments whose text differs from identity's
    improved: int = 0  # ... with a better sentence chrF
    degraded: int = 0  # ... with a worse one
    unchanged: int = 0  # segments left as they were
    signature: str = ""
    model_accepted: Optional[int] = None
    model_rejected: Optional[int] = None

    @property
    def segments_per_second(self) -> float:
        """Throughput; NaN where the time was not measured (model outputs reused)."""
        if math.isnan(self.seconds):
            return float("nan")
        return len(self.outputs) / self.seconds if self.seconds > 0 else float("inf")

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "deltas": {k: v.to_dict() for k, v in self.deltas.items()},
            "changed": self.changed,
            "improved": self.improved,
            "degraded": self.degraded,
            "same_chrf": self.changed - self.improved - self.degraded,
            "unchanged": self.unchanged,
            "edits": self.edits,
            "seconds": None if math.isnan(self.seconds) else self.seconds,
            "segments_per_second": self.segments_per_second if self.seconds > 0 and not math.isnan(self.seconds)
            else None,
            "signature": self.signature,
            "model_accepted": self.model_accepted,
            "model_rejected": self.model_rejected,
        }


@dataclass
class BenchReport:
    corpus: str
    segments: int
    metrics: tuple[str, ...]
    results: list[StrategyResult]
    origin: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "corpus": self.corpus,
            "segments": self.segments,
            "origin": self.origin,
            "metrics": list(self.metrics),
            "strategies": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)

    def to_markdown(self) -> str:
        head = ["strategy"]
        for m in self.metrics:
            head += [m, f"Δ{m} [95% CI]"]
        head += ["changed: better / worse / same chrF", "edits", "seg/s"]
        lines = [
            f"### {self.corpus} ({self.segments} segments)",
            "",
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
        ]
        for r in self.results:
            row = [f"`{r.name}`"]
            for m in self.metrics:
                row.append(f"{r.scores[m].score:.2f}")
                d = r.deltas.get(m)
                if d is None or r.name == "identity":
                    row.append("")
                else:
                    mark = "*" if d.significant else ""
                    row.append(f"{d.delta:+.2f}{mark} [{d.ci_low:+.2f}, {d.ci_high:+.2f}]")
            row.append(f"{r.changed}: {r.improved} / {r.degraded} / {r.changed - r.improved - r.degraded}")
            edits = str(r.edits)
            if r.model_accepted is not None:
                edits += f" (model: {r.model_accepted} kept, {r.model_rejected} rejected)"
            row.append(edits)
            speed = r.segments_per_second
            row.append("" if r.name == "identity" else "(reused)" if math.isnan(speed) else f"{speed:,.0f}")
            lines.append("| " + " | ".join(row) + " |")
        lines += [
            "",
            "Δ: strategy minus `identity`; * marks p < 0.05 in both sacrebleu's paired bootstrap and "
            "approximate randomization tests. Lower TER is better. Changed: segments whose text differs "
            "from `identity`'s, counted by whether their sentence chrF is better, worse or the same (chrF "
            "ignores spaces, so a change of spacing alone counts as the same chrF while TER counts it). "
            "seg/s (reused): the model's outputs came from an earlier strategy's run, so no speed is given.",
            "",
        ]
        sigs = sorted({s.signature for r in self.results for s in r.scores.values()})
        lines += ["Signatures:", ""] + [f"- `{s}`" for s in sigs]
        lines += [f"- `{r.signature}`" for r in self.results if r.signature]
        return "\n".join(lines) + "\n"

    def plot(self, path: str | Path) -> None:
        """A PNG of each strategy's deltas with their 95% intervals (see :func:`plot_reports`)."""
        plot_reports([self], path)


def plot_reports(reports: Sequence["BenchReport"], path: str | Path, min_halfwidth: float = 0.5) -> None:
    """One PNG: a row per corpus, a column per metric, each strategy's delta against identity
    with its 95% interval. A metric's panels share one x-axis centred on zero (at least
    ``min_halfwidth`` points either side, so that +0.001 does not look like +1), significant
    deltas are marked *, and every bar is labelled with its value."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("drawing the chart needs matplotlib: pip install 'posteditor[bench]'") from None
    metrics = list(dict.fromkeys(m for r in reports for m in r.metrics))
    rows = max(len([x for x in r.results if x.name != "identity"]) for r in reports)
    fig, axes = plt.subplots(len(reports), len(metrics), figsize=(4.4 * len(metrics), (0.45 * rows + 1.4) * len(reports)),
                             squeeze=False)
    for col, metric in enumerate(metrics):
        reach = max([abs(v) for r in reports for x in r.results if metric in x.deltas and x.name != "identity"
                     for v in (x.deltas[metric].ci_low, x.deltas[metric].ci_high)] + [min_halfwidth])
        for row, report in enumerate(reports):
            ax = axes[row][col]
            results = [x for x in report.results if x.name != "identity" and metric in x.deltas]
            deltas = [x.deltas[metric] for x in results]
            values = [d.delta for d in deltas]
            errors = [[d.delta - d.ci_low for d in deltas], [d.ci_high - d.delta for d in deltas]]
            better = [(v < 0) if metric in LOWER_IS_BETTER else (v > 0) for v in values]
            colors = ["#868e96" if not d.significant else "#2b8a3e" if b else "#c92a2a"
                      for d, b in zip(deltas, better)]
            ax.barh(range(len(results)), values, xerr=errors, color=colors, capsize=3)
            for k, d in enumerate(deltas):
                label = f"{d.delta:+.2f}" + ("*" if d.significant else "")
                ax.annotate(label, (d.ci_high if d.delta >= 0 else d.ci_low, k), xytext=(4 if d.delta >= 0 else -4, 0),
                            textcoords="offset points", va="center", ha="left" if d.delta >= 0 else "right",
                            fontsize=8)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_xlim(-reach * 1.6, reach * 1.6)
            ax.set_yticks(range(len(results)))
            ax.set_yticklabels([x.name for x in results])
            ax.invert_yaxis()
            title = f"Δ{metric}" + (" (lower is better)" if metric in LOWER_IS_BETTER else "")
            ax.set_title(f"{report.corpus} ({report.segments}): {title}", fontsize=9)
    fig.suptitle("Strategy minus identity, 95% intervals; * p < 0.05 (grey: not significant)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _run_strategy(strategy: Strategy, corpus: Corpus, documents: str, correctors: dict) -> tuple[list, float]:
    if strategy.is_identity:
        return [], 0.0
    from ..engine.pipeline import Pipeline

    corrector = None
    if strategy.model is not None:
        from ..model import load_corrector

        m = strategy.model
        key = m.path, m.revision, m.device, m.backend, m.compute_type
        if key not in correctors:
            correctors[key] = load_corrector(strategy.model)
        corrector = correctors[key]
        corrector.options = strategy.model  # same weights; the gate settings differ
    pipeline = Pipeline(strategy.config or Config(builtin=False), corrector=corrector)
    known = set(corrector._generated) if corrector is not None else set()
    pipeline.fix_document(corpus.mt[:20])  # load word lists, gazetteers and the model before timing
    if corrector is not None:
        corrector.forget(known)  # the warm-up's outputs are generated again in the timed run
    reused = getattr(corrector, "reused", 0)
    start = time.perf_counter()
    if documents == "segment" and corrector is None:
        results = [pipeline.fix_segment(s) for s in corpus.mt]
    elif documents == "segment":
        # Each segment its own document for the rules; the model runs batched over all.
        rules_only = Pipeline(strategy.config or Config(builtin=False))
        fixed = [rules_only.fix_segment(s) for s in corpus.mt]
        model_pass = Pipeline(Config(builtin=False), corrector=corrector).fix_document([r.text for r in fixed])
        from ..text.edits import FixResult

        results = [FixResult(a.original, b.text, a.edits + b.edits, b.model) for a, b in zip(fixed, model_pass.segments)]
    else:
        results = list(pipeline.fix_document(corpus.mt, corpus.src).segments)
    seconds = time.perf_counter() - start
    if corrector is not None and getattr(corrector, "reused", 0) > reused:
        # The model's outputs came (in part) from an earlier strategy's run: the time says
        # nothing about the model's speed, so none is reported.
        seconds = float("nan")
    return results, seconds


def run_bench(
    corpus: Corpus,
    strategies: Optional[Sequence[Strategy]] = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    n_samples: int = 1000,
    documents: str = "corpus",
    progress: Optional[Callable[[str], None]] = None,
) -> BenchReport:
    """Score every strategy on ``corpus`` next to ``identity`` (always run, always first)."""
    from .scoring import Scorer, model_signature, posteditor_signature, sentence_chrf

    if documents not in ("corpus", "segment"):
        raise ValueError("documents must be 'corpus' or 'segment'")
    strategies = list(strategies) if strategies is not None else default_strategies()
    if not any(s.is_identity for s in strategies):
        strategies.insert(0, Strategy("identity", None, "no change"))
    strategies.sort(key=lambda s: not s.is_identity)  # identity first
    names = [s.name for s in strategies]
    if len(set(names)) != len(names):
        raise ConfigError(f"strategy names must be unique: {names}")

    identity_outputs = list(corpus.mt)
    scorer = Scorer(corpus.refs, n_samples)
    base_chrf = sentence_chrf(identity_outputs, corpus.refs)
    results: list[StrategyResult] = []
    correctors: dict = {}
    for strategy in strategies:
        if progress:
            progress(strategy.name)
        fixed, seconds = _run_strategy(strategy, corpus, documents, correctors)
        outputs = [r.text for r in fixed] if fixed else identity_outputs
        edits = sum(len(r.edits) for r in fixed)
        result = StrategyResult(strategy.name, strategy.description, outputs, edits, seconds)
        if strategy.model is not None:
            verdicts = [r.model for r in fixed if r.model]
            result.model_accepted = sum(1 for v in verdicts if v["accepted"])
            result.model_rejected = len(verdicts) - result.model_accepted
        for m in metrics:
            result.scores[m] = scorer.score(m, outputs)
            result.deltas[m] = scorer.delta(m, identity_outputs, outputs)
        changed = [i for i, (a, b) in enumerate(zip(identity_outputs, outputs)) if a != b]
        if changed:
            chrf = sentence_chrf([outputs[i] for i in changed], [[r[i] for i in changed] for r in corpus.refs])
            for i, score in zip(changed, chrf):
                if score > base_chrf[i] + 1e-9:
                    result.improved += 1
                elif score < base_chrf[i] - 1e-9:
                    result.degraded += 1
        result.changed = len(changed)
        result.unchanged = len(outputs) - len(changed)
        if not strategy.is_identity:
            model_id = model_signature(strategy.model) if strategy.model is not None else None
            result.signature = posteditor_signature(strategy.config or Config(builtin=False), model_id, strategy.name,
                                                    bool(corpus.origin.get("detokenized")))
        results.append(result)
    return BenchReport(corpus.name, len(corpus), tuple(metrics), results, corpus.origin)


# --- bench files -----------------------------------------------------------------------------


@dataclass
class BenchSpec:
    corpora: list[tuple[Corpus, str]]  # (corpus, documents mode)
    strategies: list[Strategy]
    metrics: tuple[str, ...] = DEFAULT_METRICS
    bootstrap: int = 1000


def load_bench_spec(path: str | Path) -> BenchSpec:
    """Read a bench TOML file (see the module docstring); paths are relative to it."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError("bench file not found", path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"bench file is not valid TOML: {exc}", path) from None
    unknown = set(data) - {"metrics", "bootstrap", "default_strategies", "corpus", "strategy"}
    if unknown:
        raise ConfigError(f"unknown keys {sorted(unknown)}", path)
    base = path.parent
    corpora = []
    _known_keys(data.get("corpus", []), "[[corpus]]", _CORPUS_KEYS, path)
    _known_keys(data.get("strategy", []), "[[strategy]]", _STRATEGY_KEYS, path)
    for entry in data.get("corpus", []):
        if "mt" not in entry and "path" not in entry:
            raise ConfigError("each [[corpus]] needs mt (with refs) or path", path)
        corpus = load_corpus(
            base / entry.get("path", entry.get("mt")),
            refs=[base / r for r in entry.get("refs", [])],
            src=base / entry["src"] if entry.get("src") else None,
            detok=bool(entry.get("detokenize", False)),
            name=entry.get("name"),
            columns=entry.get("columns"),
        )
        corpora.append((corpus, entry.get("documents", "corpus")))
    if not corpora:
        raise ConfigError("the bench file names no [[corpus]]", path)
    strategies = default_strategies() if data.get("default_strategies", True) else [Strategy("identity")]
    for entry in data.get("strategy", []):
        if "name" not in entry:
            raise ConfigError("each [[strategy]] needs a name", path)
        if not isinstance(entry.get("builtin", True), bool):
            raise ConfigError(f"[[strategy]] {entry['name']!r}: builtin must be true or false", path)
        config = Config(
            disabled=frozenset(entry.get("disable", [])),
            rules=tuple(base / r for r in entry.get("rules", [])),
            glossaries=tuple(base / g for g in entry.get("glossaries", [])),
            builtin=entry.get("builtin", True),
        )
        strategies.append(Strategy(entry["name"], config, entry.get("description", "")))
    try:
        metrics = metric_names(data.get("metrics", DEFAULT_METRICS))
    except ValueError as exc:
        raise ConfigError(f"metrics: {exc}", path) from None
    bootstrap = data.get("bootstrap", 1000)
    if not isinstance(bootstrap, int) or isinstance(bootstrap, bool) or bootstrap < 1:
        raise ConfigError(f"bootstrap must be a positive number of samples, not {bootstrap!r}", path)
    return BenchSpec(corpora, strategies, metrics, bootstrap)


_CORPUS_KEYS = {"mt", "path", "refs", "src", "detokenize", "name", "columns", "documents"}
_STRATEGY_KEYS = {"name", "disable", "rules", "glossaries", "builtin", "description"}


def _known_keys(entries, table: str, allowed: set, path: Path) -> None:
    """Refuse a key a table does not read: ``disabled = ["GLUE"]`` for ``disable`` would
    otherwise run every rule under the strategy's name."""
    import difflib

    for entry in entries:
        for key in set(entry) - allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{table} has an unknown key {key!r}{hint}; it reads {', '.join(sorted(allowed))}", path)
