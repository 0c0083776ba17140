"""Scores against references with sacrebleu: BLEU, chrF, chrF++, TER, with signatures.

Every score carries sacrebleu's signature and posteditor's own (version, hash of the rule
set, model id), so two numbers are compared only when they are comparable. sacrebleu (and
numpy) are imported only when scoring is asked for.

>>> scores = score_corpus(["The cat sat on the mat."], [["The cat sat on the mat."]])
>>> round(scores["BLEU"].score, 1), round(scores["TER"].score, 1)
(100.0, 0.0)
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

METRIC_NAMES = ("BLEU", "chrF", "chrF++", "TER")
LOWER_IS_BETTER = frozenset({"TER"})


def metric_names(text: "str | Sequence[str]") -> tuple[str, ...]:
    """Metric names as sacrebleu's users type them, in any case: ``"bleu,CHRF"`` ->
    ``("BLEU", "chrF")``; an unknown name raises ValueError with the known ones.

    >>> metric_names("bleu, chrf++,ter")
    ('BLEU', 'chrF++', 'TER')
    """
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    canonical = {n.lower(): n for n in METRIC_NAMES}
    unknown = [n for n in names if n.lower() not in canonical]
    if unknown or not names:
        raise ValueError(f"unknown metric {', '.join(map(repr, unknown)) or '(none named)'}; choose from "
                         f"{', '.join(METRIC_NAMES)}")
    return tuple(canonical[n.lower()] for n in names)


def make_metric(name: str):
    """A fresh sacrebleu metric object by name."""
    import logging

    from sacrebleu.metrics import BLEU, CHRF, TER

    # sacrebleu warns on stderr about tokenized input; the corpus readers detokenize on
    # request, and the warning would repeat for every bootstrap sample.
    logging.getLogger("sacrebleu").setLevel(logging.ERROR)

    factories: dict[str, Callable] = {
        "BLEU": lambda: BLEU(),
        "chrF": lambda: CHRF(),
        "chrF++": lambda: CHRF(word_order=2),
        "TER": lambda: TER(),
    }
    if name not in factories:
        raise ValueError(f"unknown metric {name!r}; choose from {', '.join(METRIC_NAMES)}")
    return factories[name]()


@dataclass(frozen=True)
class MetricScore:
    name: str
    score: float
    signature: str  # sacrebleu's, e.g. "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
    detail: str = ""  # sacrebleu's full line, e.g. "BLEU = 20.8 54.2/26.3/... (BP = ...)"

    def to_dict(self) -> dict:
        return {"name": self.name, "score": self.score, "signature": self.signature, "detail": self.detail}


def _signature(name: str, metric) -> str:
    return f"{name}|{metric.get_signature()}"


def score_corpus(
    hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str] = METRIC_NAMES
) -> dict[str, MetricScore]:
    """Corpus-level scores; ``refs`` is a list of reference streams, each as long as ``hyps``."""
    check_lengths(hyps, refs)
    out = {}
    for name in metrics:
        metric = make_metric(name)
        result = metric.corpus_score(list(hyps), [list(r) for r in refs])
        out[name] = MetricScore(name, float(result.score), _signature(name, metric), str(result))
    return out


def score_sentences(
    hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str] = METRIC_NAMES
) -> list[dict[str, float]]:
    """Sentence-level scores, one dict per segment (BLEU with effective order)."""
    check_lengths(hyps, refs)
    from sacrebleu.metrics import BLEU

    objs = {n: (BLEU(effective_order=True) if n == "BLEU" else make_metric(n)) for n in metrics}
    rows = []
    for i, hyp in enumerate(hyps):
        seg_refs = [r[i] for r in refs]
        rows.append({n: float(m.sentence_score(hyp, seg_refs).score) for n, m in objs.items()})
    return rows


def sentence_chrf(hyps: Sequence[str], refs: Sequence[Sequence[str]]) -> list[float]:
    """Sentence chrF; a segment identical to one of its references scores 100 even when both
    are empty (a removed boilerplate line matching an empty reference line)."""
    rows = score_sentences(hyps, refs, ("chrF",))
    return [100.0 if any(h == r[i] for r in refs) else row["chrF"] for i, (h, row) in enumerate(zip(hyps, rows))]


def check_lengths(hyps: Sequence[str], refs: Sequence[Sequence[str]]) -> None:
    for k, ref in enumerate(refs):
        if len(ref) != len(hyps):
            raise ValueError(f"reference {k + 1} has {len(ref)} segments, the hypothesis {len(hyps)}")


@dataclass(frozen=True)
class PairedDelta:
    """System minus baseline on one metric, with a paired-bootstrap 95% interval and p-values."""

    metric: str
    baseline: float
    system: float
    delta: float
    ci_low: float
    ci_high: float
    p_bootstrap: Optional[float] = None
    p_randomization: Optional[float] = None

    @property
    def significant(self) -> bool:
        p = [p for p in (self.p_bootstrap, self.p_randomization) if p is not None]
        return bool(p) and max(p) < 0.05

    def to_dict(self) -> dict:
        return {
            "metric": self.metric, "baseline": self.baseline, "system": self.system,
            "delta": self.delta, "ci95": [self.ci_low, self.ci_high],
            "p_bootstrap": self.p_bootstrap, "p_randomization": self.p_randomization,
            "significant": self.significant,
        }


class Scorer:
    """Corpus scores and paired tests computed from per-segment sufficient statistics, which
    are cached by (metric, hypothesis, references): scoring many strategies that leave most
    segments as they were costs little more than scoring one (TER is slow per segment).

    The paired bootstrap and approximate randomization tests follow sacrebleu's own
    ``sacrebleu.significance`` step for step (same seeds, same resampling, its p-value
    function), on the cached statistics instead of re-extracting them each time. These are
    sacrebleu's underscored names, so pyproject.toml pins the releases they are tested on, and
    a test checks the result against sacrebleu's public ``PairedTest``.
    """

    def __init__(self, refs: Sequence[Sequence[str]], n_samples: int = 1000, seed: int = 12345):
        self.refs = [list(r) for r in refs]
        self.n_samples = n_samples
        self.seed = seed
        self._metrics: dict[str, object] = {}
        self._cache: dict[str, dict[tuple[int, str], list]] = {}

    def metric(self, name: str):
        if name not in self._metrics:
            self._metrics[name] = make_metric(name)
        return self._metrics[name]

    def stats(self, name: str, hyps: Sequence[str]):
        """The (segments x statistics) array for ``hyps`` under metric ``name``."""
        import numpy as np

        check_lengths(hyps, self.refs)
        cache = self._cache.setdefault(name, {})
        missing = [i for i, h in enumerate(hyps) if (i, h) not in cache]
        if missing:
            metric = self.metric(name)
            extracted = metric._extract_corpus_statistics(
                [hyps[i] for i in missing], [[r[i] for i in missing] for r in self.refs]
            )
            for i, row in zip(missing, extracted):
                cache[(i, hyps[i])] = row
        return np.array([cache[(i, h)] for i, h in enumerate(hyps)])

    def score(self, name: str, hyps: Sequence[str]) -> MetricScore:
        metric = self.metric(name)
        result = metric._compute_score_from_stats(list(self.stats(name, hyps).sum(0)))
        return MetricScore(name, float(result.score), _signature(name, metric), str(result))

    def delta(self, name: str, baseline: Sequence[str], system: Sequence[str], significance: bool = True) -> PairedDelta:
        """``system`` minus ``baseline`` with a 95% paired-bootstrap interval and p-values."""
        import numpy as np
        from sacrebleu.significance import _compute_p_value

        metric = self.metric(name)
        base = self.stats(name, baseline)
        sys_ = self.stats(name, system)
        base_score = float(metric._compute_score_from_stats(list(base.sum(0))).score)
        sys_score = float(metric._compute_score_from_stats(list(sys_.sum(0))).score)
        if np.array_equal(base, sys_):
            p = 1.0 if significance else None
            return PairedDelta(name, base_score, sys_score, 0.0, 0.0, 0.0, p, p)
        n = len(baseline)
        diff = abs(base_score - sys_score)
        # Paired bootstrap resampling (Koehn 2004), as sacrebleu's _paired_bs_test.
        rng = np.random.default_rng(self.seed)
        idxs = rng.choice(n, size=(self.n_samples, n), replace=True)
        b32, s32 = base.astype("float32"), sys_.astype("float32")
        scores_b = np.array([metric._compute_score_from_stats(x.sum(0)).score for x in b32[idxs]])
        scores_s = np.array([metric._compute_score_from_stats(x.sum(0)).score for x in s32[idxs]])
        low, high = np.percentile(scores_s - scores_b, [2.5, 97.5])
        p_bs = p_ar = None
        if significance:
            sample_diffs = np.abs(scores_s - scores_b)
            p_bs = float(_compute_p_value(sample_diffs - sample_diffs.mean(), diff))
            # Approximate randomization, as sacrebleu's _paired_ar_test.
            rng = np.random.default_rng(self.seed)
            pos = rng.integers(2, size=(self.n_samples, n), dtype=bool)
            shuf_a = pos @ base + ~pos @ sys_
            shuf_b = ~pos @ base + pos @ sys_
            a = np.array([metric._aggregate_and_compute(x).score for x in shuf_a[:, None]])
            b = np.array([metric._aggregate_and_compute(x).score for x in shuf_b[:, None]])
            p_ar = float(_compute_p_value(np.abs(a - b), diff))
        return PairedDelta(name, base_score, sys_score, sys_score - base_score, float(low), float(high), p_bs, p_ar)


def paired_delta(
    name: str,
    baseline: Sequence[str],
    system: Sequence[str],
    refs: Sequence[Sequence[str]],
    n_samples: int = 1000,
    seed: int = 12345,
    significance: bool = True,
) -> PairedDelta:
    """Delta of ``system`` over ``baseline`` with a 95% paired-bootstrap interval, and p-values
    of sacrebleu's paired bootstrap and approximate randomization tests."""
    check_lengths(baseline, refs)
    return Scorer(refs, n_samples, seed).delta(name, baseline, system, significance)


# --- posteditor's own signature --------------------------------------------------------------


# The modules whose code decides what the rules do (not the command line, reports or bench).
_FIXING_CODE = ("engine/config.py", "engine/gates.py", "engine/pipeline.py", "engine/rules.py",
                "engine/template.py", "knowledge/frequency.py", "knowledge/gazetteer.py",
                "knowledge/namematch.py", "text/edits.py", "text/inline.py", "text/patterns.py",
                "text/protect.py", "text/textio.py")
# Packages whose data the fixers read (word frequencies, bigram counts, the regex engine).
_FIXING_DATA = ("wordfreq", "symspellpy", "regex")


def ruleset_hash(config=None) -> str:
    """A short hash of everything that decides what the rules do: rule files, word lists,
    gazetteer data, the fixers switched on, the code of the fixers and the fixing loop, the
    versions of the packages whose data they read, and posteditor's version."""
    from importlib import metadata

    from .. import __version__
    from ..engine.config import Config
    from ..engine.pipeline import build_fixers
    from ..knowledge.shipped import shipped_rules_dir

    config = config or Config()
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).parents[1]
    files: list[Path] = [package / name for name in _FIXING_CODE] + sorted((package / "fixers").glob("*.py"))
    if config.builtin:
        lang_dir = shipped_rules_dir() / config.lang
        files += sorted(p for p in lang_dir.rglob("*") if p.is_file())
    for extra in (*config.rules, *config.glue_exceptions, *config.glue_words, *config.glossaries):
        extra = Path(extra)
        files += sorted(p for p in extra.rglob("*") if p.is_file()) if extra.is_dir() else [extra]
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for name in _FIXING_DATA:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none".encode())
    for fixer in build_fixers(config):
        h.update(fixer.id.encode())
    h.update(repr((config.max_passes, config.max_segment_chars, config.rule_timeout)).encode())
    return h.hexdigest()[:12]


@functools.lru_cache(maxsize=16)
def model_fingerprint(path: str, revision: Optional[str] = None) -> str:
    """A short hash of a checkpoint's files (weights, config, tokenizer), so that a model
    signature changes when the weights do, not when the folder moves; a hub id is looked up
    in the local cache (no network), else it stays its name and revision."""
    folder = Path(path)
    if not folder.is_dir():
        try:
            from huggingface_hub import snapshot_download

            folder = Path(snapshot_download(path, revision=revision, local_files_only=True))
        except Exception:  # not cached, or no hub library: the name is all we know
            return f"{path}@{revision or 'unpinned'}"
    h = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        h.update(str(file.relative_to(folder)).encode())
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:12]


def _file_hash(path: str) -> str:
    """A short hash of a file's bytes, or of a folder's files in order."""
    h = hashlib.sha256()
    files = sorted(p for p in Path(path).rglob("*") if p.is_file()) if Path(path).is_dir() else [Path(path)]
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def model_signature(options) -> str:
    """What decides a model stage's output: its weights, decoding and gate."""
    gate = options.gate
    if options.backend == "openai":  # the server's weights are not here to hash: its name and address
        parts = [f"server:{options.path}@{options.api_base}", f"beams:{options.beams}"]
    else:
        parts = [f"weights:{model_fingerprint(options.path, options.revision)}", f"beams:{options.beams}"]
    if options.prefix:
        parts.append(f"prefix:{options.prefix!r}")
    if options.backend == "ctranslate2":
        parts.append(f"{options.backend}:{options.compute_type}")
    from ..model.inference import input_mode

    if input_mode(options) != "mt":
        parts.append(f"input:{input_mode(options)}")
    if options.scope != "all":
        parts.append(f"scope:{options.scope}")
    for name, path in (("prompt", options.prompt), ("memory", options.memory)):
        if path:  # what the prompt says and which examples it can hold change the output
            parts.append(f"{name}:{_file_hash(path)}")
    if options.memory:
        parts.append(f"k:{options.memory_k}")
    parts.append(f"gate:{gate.margin},{gate.max_edit_rate}" if gate.enabled else "gate:off")
    return ",".join(parts)


def detok_signature(detok: bool) -> str:
    """How the text was detokenised before scoring: not at all, or by sacremoses (version)."""
    if not detok:
        return "detok:no"
    from importlib import metadata

    return f"detok:sacremoses-{metadata.version('sacremoses')}"


def score_signature(detok: bool) -> str:
    """posteditor's part of a `score` signature: score runs no rules, so only what it does to
    the text before sacrebleu sees it."""
    from .. import __version__

    return f"posteditor:{__version__}|{detok_signature(detok)}"


def posteditor_signature(config=None, model: Optional[str] = None, strategy: str = "", detok: bool = False) -> str:
    from .. import __version__

    parts = [f"posteditor:{__version__}", f"rules:{ruleset_hash(config)}", f"model:{model or 'none'}",
             detok_signature(detok)]
    if strategy:
        parts.insert(0, f"strategy:{strategy}")
    return "|".join(parts)
