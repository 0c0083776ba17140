import json

import pytest
from click.testing import CliRunner

from posteditor import Config, InputError
from posteditor.cli import main
from posteditor.evaluation.bench import default_strategies, load_bench_spec, run_bench
from posteditor.evaluation.corpus import detokenize, load_corpus, read_jsonl, read_tsv
from posteditor.evaluation.scoring import paired_delta, posteditor_signature, ruleset_hash, score_corpus, sentence_chrf

from .conftest import ROOT

SAMPLE_MT = ROOT / "corpora" / "sample" / "article.mt.txt"
SAMPLE_REF = ROOT / "corpora" / "sample" / "article.ref.txt"


def test_scores_match_sacrebleu_directly():
    import sacrebleu

    hyps = ["The cat sat on mat.", "He went home ."]
    refs = [["The cat sat on the mat.", "He went home."]]
    scores = score_corpus(hyps, refs)
    assert scores["BLEU"].score == pytest.approx(sacrebleu.corpus_bleu(hyps, refs).score)
    assert scores["chrF"].score == pytest.approx(sacrebleu.corpus_chrf(hyps, refs).score)
    assert scores["TER"].score == pytest.approx(sacrebleu.corpus_ter(hyps, refs).score)
    assert scores["BLEU"].signature.startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a")
    assert "nw:2" in scores["chrF++"].signature


def test_paired_delta_of_a_real_improvement_is_positive_and_significant():
    refs = [["The talks resumed in Baku on Monday."] * 60]
    base = ["The talks resumed in in Baku Monday ."] * 60
    better = ["The talks resumed in Baku on Monday."] * 60
    d = paired_delta("chrF", base, better, refs, n_samples=200)
    assert d.delta > 0 and d.ci_low > 0 and d.significant
    same = paired_delta("BLEU", base, base, refs, n_samples=200)
    assert (same.delta, same.p_bootstrap, same.significant) == (0.0, 1.0, False)


def test_empty_segment_matching_an_empty_reference_counts_as_perfect():
    assert sentence_chrf(["", "abc"], [["", "xyz"]])[0] == 100.0


def test_signatures_change_with_the_rule_set(tmp_path):
    rule = tmp_path / "r.toml"
    rule.write_text("", encoding="utf-8")
    assert ruleset_hash(Config()) == ruleset_hash(Config())
    assert ruleset_hash(Config()) != ruleset_hash(Config(disabled=frozenset({"GLUE"})))
    sig = posteditor_signature(Config(), model="my/model")
    assert sig.startswith("posteditor:") and "|rules:" in sig and "|model:my/model|" in sig and sig.endswith("|detok:no")


def test_readers_and_alignment_errors(tmp_path):
    (tmp_path / "a.mt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "a.pe").write_text("One\nTwo\n", encoding="utf-8")
    (tmp_path / "a.src").write_text("bir\niki\nüç\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.mt has 2 lines, .*a\.pe has 2 lines, .*a\.src has 3 lines"):
        load_corpus(tmp_path)
    (tmp_path / "a.src").write_text("bir\niki\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert (corpus.mt, corpus.refs, corpus.src) == (["one", "two"], [["One", "Two"]], ["bir", "iki"])

    tsv = tmp_path / "c.tsv"
    tsv.write_text("src\tmt\tpe\nbir\tone\tOne\n", encoding="utf-8")
    assert read_tsv(tsv, "mt", ["pe"], "src").refs == [["One"]]
    assert read_tsv(tsv, 1, [2]).mt == ["one"]
    with pytest.raises(InputError, match="no column named 'ref'"):
        read_tsv(tsv, "mt", ["ref"])

    jl = tmp_path / "c.jsonl"
    jl.write_text('{"mt": "one", "ref": ["One", "ONE"]}\n{"mt": "two"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.jsonl:2: not valid JSON"):
        read_jsonl(jl)
    jl.write_text('{"mt": "one", "ref": ["One", "ONE"]}\n', encoding="utf-8")
    assert read_jsonl(jl).refs == [["One"], ["ONE"]]


def test_detokenize_undoes_moses_tokenization():
    assert detokenize(["He hadn 't said it , he said ."]) == ["He hadn't said it, he said."]


def test_bench_on_the_sample_article(tmp_path):
    corpus = load_corpus(SAMPLE_MT, refs=[SAMPLE_REF])
    report = run_bench(corpus, default_strategies(), n_samples=100)
    names = [r.name for r in report.results]
    assert names[:2] == ["identity", "rules"]
    assert {"only:GLUE", "rules-GLUE", "only:BOILERPLATE", "rules-SPACING"} <= set(names)
    by = {r.name: r for r in report.results}
    identity, rules = by["identity"], by["rules"]
    assert identity.deltas["BLEU"].delta == 0 and identity.edits == 0
    assert rules.scores["BLEU"].score > identity.scores["BLEU"].score
    assert rules.scores["TER"].score < identity.scores["TER"].score
    assert rules.improved > 0 and rules.degraded == 0
    assert rules.changed + rules.unchanged == len(corpus) and rules.improved + rules.degraded <= rules.changed
    md = report.to_markdown()
    assert "| `rules` |" in md and "posteditor:" in md and "BLEU|nrefs:1" in md
    data = json.loads(report.to_json())
    assert data["strategies"][1]["deltas"]["BLEU"]["ci95"][0] <= data["strategies"][1]["deltas"]["BLEU"]["delta"]
    png = tmp_path / "chart.png"
    report.plot(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bench_spec_file(tmp_path):
    (tmp_path / "b.toml").write_text(
        f'metrics = ["chrF"]\nbootstrap = 50\ndefault_strategies = false\n'
        f'[[corpus]]\nname = "s"\nmt = "{SAMPLE_MT}"\nrefs = ["{SAMPLE_REF}"]\n'
        f'[[strategy]]\nname = "no-glue"\ndisable = ["GLUE"]\n',
        encoding="utf-8",
    )
    spec = load_bench_spec(tmp_path / "b.toml")
    assert [s.name for s in spec.strategies] == ["identity", "no-glue"] and spec.metrics == ("chrF",)
    corpus, mode = spec.corpora[0]
    report = run_bench(corpus, spec.strategies, spec.metrics, spec.bootstrap, mode)
    assert [r.name for r in report.results] == ["identity", "no-glue"]


def test_score_cli_text_json_and_mismatch(tmp_path):
    runner = CliRunner()
    text = runner.invoke(main, ["score", str(SAMPLE_MT), str(SAMPLE_REF)])
    assert text.exit_code == 0 and "BLEU|nrefs:1" in text.stdout and "posteditor:" in text.stdout
    js = json.loads(runner.invoke(main, ["score", str(SAMPLE_MT), str(SAMPLE_REF), "--json", "--sentence"]).stdout)
    assert set(js["corpus"]) == {"BLEU", "chrF", "chrF++", "TER"} and len(js["sentences"]) == 23
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    bad = runner.invoke(main, ["score", str(SAMPLE_MT), str(short)])
    assert bad.exit_code == 2
    assert "article.mt.txt has 23 lines" in bad.stderr and "short.txt has 1 lines" in bad.stderr


def test_bench_cli_writes_markdown_json_and_png(tmp_path):
    result = CliRunner().invoke(main, [
        "bench", "--mt", str(SAMPLE_MT), "--ref", str(SAMPLE_REF), "--bootstrap", "50",
        "--json", str(tmp_path / "b.json"), "--plot", str(tmp_path / "b.png"), "--markdown", str(tmp_path / "b.md"),
    ])
    assert result.exit_code == 0, result.output
    assert "| `identity` |" in (tmp_path / "b.md").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))[0]["segments"] == 23
    assert (tmp_path / "b.png").stat().st_size > 1000
    usage = CliRunner().invoke(main, ["bench"])
    assert usage.exit_code == 2


@pytest.mark.parametrize("metric", ["BLEU", "chrF", "TER"])
@pytest.mark.parametrize("test_type", ["bs", "ar"])
def test_cached_significance_equals_sacrebleus_paired_test(metric, test_type):
    import random

    from sacrebleu.significance import PairedTest

    from posteditor.evaluation.scoring import Scorer, make_metric

    rng = random.Random(1)
    words = "the cat sat on a mat and dog ran to home".split()
    refs = [" ".join(rng.choices(words, k=8)) for _ in range(80)]
    base = [" ".join(rng.choices(words, k=8)) for _ in range(80)]
    system = [" ".join(rng.choices(words, k=8)) if rng.random() < 0.1 else b for b in base]
    _, scores = PairedTest([("b", base), ("s", system)], {metric: make_metric(metric)}, references=[refs],
                           test_type=test_type, n_samples=300)()
    (result,) = [v[1] for k, v in scores.items() if k != "System"]
    delta = Scorer([refs], 300).delta(metric, base, system)
    ours = delta.p_bootstrap if test_type == "bs" else delta.p_randomization
    assert 0.01 < ours < 1.0
    assert ours == pytest.approx(result.p_value)
    assert delta.system == pytest.approx(result.score)


def test_sacrebleu_is_pinned_to_the_versions_whose_statistics_api_scoring_calls():
    """Scorer reuses sacrebleu's per-segment statistics and p-value function (underscored
    names): an untested sacrebleu release must not be installed by a plain upgrade."""
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    (req,) = [Requirement(d) for d in project["project"]["dependencies"] if d.startswith("sacrebleu")]
    assert any(s.operator in ("<", "<=", "~=", "==") for s in req.specifier)  # an upper bound
    assert version("sacrebleu") in req.specifier
    assert "3.0.0" not in req.specifier
