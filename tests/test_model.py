"""The seq2seq stage, with tiny models built from a config in a temporary folder (no network)."""

import json
import math

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from click.testing import CliRunner  # noqa: E402

from posteditor import Config, Pipeline, apply_edits  # noqa: E402
from posteditor.cli import main  # noqa: E402
from posteditor.model import GateOptions, ModelOptions, load_corrector  # noqa: E402
from posteditor.model.gate import decide  # noqa: E402
from posteditor.model.inference import split_sentences  # noqa: E402
from posteditor.model.synth import synthesize  # noqa: E402
from posteditor.model.train import TrainOptions, build_model, train  # noqa: E402


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    torch.manual_seed(0)
    model, tokenizer = build_model("tiny")
    folder = tmp_path_factory.mktemp("tiny")
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


def test_generation_end_to_end_through_fix(tiny_model, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("held talks in in Baku .\nThe talks resumed on 20 February.\n", encoding="utf-8")
    edits = tmp_path / "edits.jsonl"
    result = CliRunner().invoke(main, ["fix", str(src), "--model", tiny_model, "--no-gate", "--beams", "1",
                                       "--edits", str(edits), "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # segments in = segments out, whatever the model says
    records = [json.loads(l) for l in edits.read_text(encoding="utf-8").splitlines()]
    assert any(r["rule"] == "EN_DOUBLE_WORD" for r in records)
    model_records = [r for r in records if r["rule"].startswith("model:")]
    assert model_records and all(r["category"] == "MODEL" for r in model_records)


def test_model_edits_replay_and_the_gate_rejects_random_output(tiny_model):
    corrector = load_corrector(ModelOptions(tiny_model, beams=1))
    pipeline = Pipeline(Config(), corrector=corrector)
    doc = pipeline.fix_document(["The talks resumed on 20 February in Baku.", "Leave a Reply"])
    assert apply_edits(doc.original, doc.edits) == doc.text
    verdict = doc.segments[0].model
    assert verdict is not None and not verdict["accepted"] and verdict["reason"]
    assert doc.segments[0].text == "The talks resumed on 20 February in Baku."
    ungated = Pipeline(Config(), corrector=load_corrector(ModelOptions(tiny_model, beams=1, gate=GateOptions(enabled=False))))
    out = ungated.fix_document(["The talks resumed on 20 February in Baku."])
    assert apply_edits(out.original, out.edits) == out.text


def test_gate_rejects_a_dropped_number_or_name_and_accepts_a_small_fix():
    gate = GateOptions(margin=0.0)
    assert "numbers" in decide("Talks resumed on 20 February.", "Talks resumed in February.", gate).reason
    assert "names" in decide("Ilham Aliyev met Nikol Pashinyan.", "Aliyev met the premier.", gate).reason
    assert "URLs" in decide("See https://a.az/x now.", "See the site now.", gate).reason
    assert "edit rate" in decide("a b c d e f", "a x y z e f", gate).reason
    assert "margin" in decide("held talks in in Baku", "held talks in Baku", gate, logprob_gain=-0.5).reason
    assert decide("held talks in in Baku", "held talks in Baku", gate, logprob_gain=0.3).accepted


def test_long_segments_are_split_at_sentences_and_too_long_sentences_are_a_clear_error(tiny_model):
    corrector = load_corrector(ModelOptions(tiny_model, beams=1, max_input_tokens=40, gate=GateOptions(enabled=False)))
    text = "First short sentence. Second short sentence! Third one here?"
    pieces = corrector.pieces(text)
    assert len(pieces) > 1 and "".join(pieces) == text
    assert split_sentences("A b. C d? E") == ["A b. ", "C d? ", "E"]
    # each piece goes to the model alone, and the outputs are joined with the spaces between
    seen = []
    corrector.generate = lambda texts: seen.extend(texts) or [t.strip().upper() for t in texts]
    (result,) = corrector.correct([text])
    assert seen == pieces
    assert result.output == "FIRST SHORT SENTENCE. SECOND SHORT SENTENCE! THIRD ONE HERE?"
    with pytest.raises(ValueError, match="longer than the model's limit of 40 tokens"):
        corrector.pieces("x" * 100)


def test_a_few_training_steps_lower_the_loss_and_resume(tmp_path):
    pairs = [(f"held talks in in Baku {i} .", f"held talks in Baku {i}.") for i in range(96)]
    out = tmp_path / "model"
    report = train(pairs, TrainOptions(out=str(out), init="tiny", epochs=2, batch_size=16, dev_max=8, lr=3e-3,
                                       patience=5), log=lambda m: None)
    assert report.epochs[1].train_loss < report.epochs[0].train_loss
    assert (out / "config.json").exists() and (out / "last" / "trainer_state.pt").exists()
    log = [json.loads(l) for l in (out / "training_log.jsonl").read_text().splitlines()]
    assert [e["epoch"] for e in log] == [1, 2] and all("dev_chrf" in e and "copy_ter" in e for e in log)
    resumed = train(pairs, TrainOptions(out=str(out), init="tiny", epochs=3, batch_size=16, dev_max=8, lr=3e-3,
                                        patience=5, resume=True), log=lambda m: None)
    assert [e.epoch for e in resumed.epochs] == [1, 2, 3]


def test_the_time_budget_pays_for_the_dev_evaluation(tmp_path):
    # a budget that cannot pay for one evaluation of the dev set trains no step at all:
    # training stops before the evaluation it would push past the budget
    pairs = [(f"held talks in in Baku {i} .", f"held talks in Baku {i}.") for i in range(64)]
    report = train(pairs, TrainOptions(out=str(tmp_path / "m"), init="tiny", epochs=3, batch_size=8, dev_max=8,
                                       time_budget=1e-4), log=lambda m: None)
    assert report.epochs[0].steps == 0 and len(report.epochs) == 1
    assert "time budget" in report.stopped and "dev evaluation included" in report.stopped


def test_training_is_deterministic_under_a_seed(tmp_path):
    pairs = [(f"a  b {i}", f"a b {i}") for i in range(40)]
    losses = []
    for k in range(2):
        r = train(pairs, TrainOptions(out=str(tmp_path / f"m{k}"), init="tiny", epochs=1, batch_size=8, dev_max=4,
                                      seed=7), log=lambda m: None)
        losses.append(r.epochs[0].train_loss)
    assert losses[0] == pytest.approx(losses[1], rel=1e-6)


def test_synthetic_data_is_deterministic_and_covers_the_error_kinds():
    clean = ["According to Peskov, the talks went well.", "Putin met Erdogan in Sochi on 5 March, officials said.",
             "The ministry said NATO will send observers. Talks resumed."] * 30
    rates = {"glue": 0.5, "name_variant": 0.5, "doubled_subject": 0.5, "spacing": 0.5, "noise": 0.5, "boilerplate": 0.2}
    first = list(synthesize(clean, seed=3, rates=rates))
    assert first == list(synthesize(clean, seed=3, rates=rates))
    assert first != list(synthesize(clean, seed=4, rates=rates))
    kinds = {k for _, _, ks in first for k in ks}
    assert kinds == {"according_to", "glue", "name_variant", "doubled_subject", "spacing", "noise", "boilerplate"}
    assert all(pe == "" for mt, pe, ks in first if ks == ["boilerplate"])
    with pytest.raises(ValueError, match="unknown error kinds"):
        list(synthesize(clean, rates={"typo": 0.1}))


def test_train_and_synth_commands(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("\n".join(f"According to Peskov, talks {i} went well." for i in range(60)) + "\n", encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    runner = CliRunner()
    assert runner.invoke(main, ["synth", "--clean", str(clean), "-o", str(pairs), "--seed", "1"]).exit_code == 0
    assert len(pairs.read_text(encoding="utf-8").splitlines()) >= 60
    result = runner.invoke(main, ["train", "--pairs", str(pairs), "--out", str(tmp_path / "m"), "--init", "tiny",
                                  "--epochs", "1", "--batch-size", "16", "--dev-max", "4"])
    assert result.exit_code == 0, result.output
    assert "best dev chrF" in result.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n", encoding="utf-8")
    failed = runner.invoke(main, ["train", "--pairs", str(bad), "--out", str(tmp_path / "m2")])
    assert failed.exit_code == 2 and "bad.tsv:1" in failed.stderr


def test_bench_reports_model_strategies(tiny_model):
    from posteditor.evaluation.bench import default_strategies, run_bench
    from posteditor.evaluation.corpus import Corpus

    corpus = Corpus("c", ["held talks in in Baku .", "Talks resumed on 20 February."],
                    [["held talks in Baku.", "Talks resumed on 20 February."]],
                    ["Bakıda danışıqlar aparıldı.", "Danışıqlar 20 fevralda bərpa olundu."])
    model = ModelOptions(tiny_model, beams=1)
    report = run_bench(corpus, default_strategies(model=model), n_samples=20)
    by = {r.name: r for r in report.results}
    assert {"model", "model-nogate", "rules+model", "rules+model-nogate", "rules+model(mt)",
            "rules+model(src+mt)", "rules+model(flagged)"} <= set(by)
    assert "scope:flagged" in by["rules+model(flagged)"].signature
    assert "input:src+mt" in by["rules+model(src+mt)"].signature and "input:" not in by["rules+model(mt)"].signature
    assert by["rules+model(src+mt)"].model_rejected == 2  # both segments read with their source, both gated out
    assert by["rules+model"].model_accepted is not None and by["model"].model_rejected >= 1
    assert "model:" in by["rules+model"].signature
    assert "kept" in report.to_markdown()
    # the first strategy with the model is timed; one that reuses its outputs is not
    assert by["model"].segments_per_second > 0
    assert math.isnan(by["model-nogate"].segments_per_second) and "(reused)" in report.to_markdown()


@pytest.fixture(scope="module")
def speaking_model(tmp_path_factory):
    """A tiny model whose outputs are not just padding: the vocabulary projection is random
    and never picks pad, end or unknown, so every output runs to the length limit."""
    torch.manual_seed(1)
    model, tokenizer = build_model("tiny")
    with torch.no_grad():
        model.lm_head.weight.normal_(0, 1.0)
        model.lm_head.weight[:3] = 0
    folder = tmp_path_factory.mktemp("speaking")
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


TEXTS = ["The talks resumed on 20 February in Baku.", "held talks in in Baku .", "Leave a Reply"]


@pytest.mark.parametrize("beams", [1, 3])
def test_ctranslate2_generates_and_scores_as_transformers_does(speaking_model, tmp_path, monkeypatch, beams):
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path))
    reference = load_corrector(ModelOptions(speaking_model, beams=beams, device="cpu"))
    ct2 = load_corrector(ModelOptions(speaking_model, beams=beams, device="cpu", backend="ctranslate2",
                                      compute_type="float32"))
    outputs = reference.generate(TEXTS)
    assert any(outputs) and ct2.generate(TEXTS) == outputs
    for got, want in zip(ct2.mean_logprob(TEXTS, TEXTS), reference.mean_logprob(TEXTS, TEXTS)):
        assert got == pytest.approx(want, rel=1e-4)


def test_ctranslate2_converts_once_and_takes_a_converted_folder(speaking_model, tmp_path, monkeypatch):
    ctranslate2 = pytest.importorskip("ctranslate2")
    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path / "cache"))
    first = load_corrector(ModelOptions(speaking_model, beams=1, device="cpu", backend="ctranslate2"))
    assert first.folder.parent == tmp_path / "cache" / "ct2" and "int8" in first.folder.name
    stamp = (first.folder / "model.bin").stat().st_mtime_ns
    again = load_corrector(ModelOptions(speaking_model, beams=1, device="cpu", backend="ctranslate2"))
    assert again.folder == first.folder and (again.folder / "model.bin").stat().st_mtime_ns == stamp
    # A folder converted by the user, tokenizer files beside the model, is used as it is.
    own = tmp_path / "own-ct2"
    ctranslate2.converters.TransformersConverter(
        speaking_model, copy_files=["tokenizer_config.json"]).convert(str(own), quantization="int8")
    mine = load_corrector(ModelOptions(str(own), beams=1, device="cpu", backend="ctranslate2"))
    assert mine.folder == own
    assert len(mine.generate(TEXTS)) == 3


def test_ctranslate2_through_the_command_line(speaking_model, tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("POSTEDITOR_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "in.txt"
    src.write_text("held talks in in Baku .\nThe talks resumed on 20 February.\n", encoding="utf-8")
    edits = tmp_path / "edits.jsonl"
    runner = CliRunner()
    result = runner.invoke(main, ["fix", str(src), "--model", speaking_model, "--backend", "ctranslate2",
                                  "--no-gate", "--beams", "1", "--edits", str(edits)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    assert any(json.loads(l)["rule"].startswith("model:") for l in edits.read_text(encoding="utf-8").splitlines())
    bad = runner.invoke(main, ["fix", str(src), "--model", speaking_model, "--backend", "ctranslate2", "--device", "mps"])
    assert bad.exit_code == 2 and "CTranslate2 runs on cpu or cuda" in bad.stderr


def test_a_src_plus_mt_model_reads_each_segment_with_its_source(tiny_model, monkeypatch):
    from posteditor.model.options import SOURCE_SEPARATOR

    corrector = load_corrector(ModelOptions(tiny_model, beams=1, input="src+mt"))
    seen, scored = [], []
    real_generate, real_score = corrector._generate_batch, corrector._mean_logprob
    monkeypatch.setattr(corrector, "_generate_batch", lambda batch: seen.extend(batch) or real_generate(batch))
    monkeypatch.setattr(corrector, "_mean_logprob",
                        lambda srcs, tgts: scored.extend(zip(srcs, tgts)) or real_score(srcs, tgts))
    pipeline = Pipeline(Config(builtin=False), corrector=corrector)
    mt = ["The talks resumed in Baku.", "The minister arrived.", ""]
    doc = pipeline.fix_document(mt, ["Danışıqlar Bakıda bərpa olundu.", None, "Boş"])
    assert sorted(seen) == sorted(["Danışıqlar Bakıda bərpa olundu." + SOURCE_SEPARATOR + mt[0], mt[1]])
    assert (corrector.sent, corrector.without_source) == (2, 1)  # the empty segment is not sent
    # The gate compares the output and the MT as continuations of the same input.
    for given, target in scored:
        assert given in seen and (target in mt or SOURCE_SEPARATOR not in target)
    assert [s.text for s in doc.segments] == mt  # a random model's outputs do not pass the gate
    plain = load_corrector(ModelOptions(tiny_model, beams=1))
    assert plain.input_mode == "mt"
    monkeypatch.setattr(plain, "_generate_batch", lambda batch: seen.extend(batch) or real_generate(batch))
    seen.clear()
    Pipeline(Config(builtin=False), corrector=plain).fix_document(mt[:1], ["Danışıqlar Bakıda bərpa olundu."])
    assert seen == mt[:1]


def test_training_on_triplets_makes_a_model_that_reads_the_source(tmp_path):
    from posteditor.evaluation.scoring import model_signature
    from posteditor.model.inference import input_mode

    clean = tmp_path / "clean.txt"
    src = tmp_path / "src.txt"
    clean.write_text("".join(f"According to Peskov, talks {i} went well.\n" for i in range(40)), encoding="utf-8")
    src.write_text("".join(f"Peskovun sözlərinə görə, {i} danışıqlar yaxşı keçib.\n" for i in range(40)),
                   encoding="utf-8")
    triplets = tmp_path / "triplets.tsv"
    runner = CliRunner()
    made = runner.invoke(main, ["synth", "--clean", str(clean), "--src", str(src), "-o", str(triplets)])
    assert made.exit_code == 0, made.output
    rows = [line.split("\t") for line in triplets.read_text(encoding="utf-8").splitlines()]
    assert all(len(r) == 3 for r in rows) and rows[0][0] == "Peskovun sözlərinə görə, 0 danışıqlar yaxşı keçib."
    result = runner.invoke(main, ["train", "--pairs", str(triplets), "--out", str(tmp_path / "m"), "--epochs", "1",
                                  "--batch-size", "16", "--dev-max", "4"])
    assert result.exit_code == 0, result.output
    assert "reads the source and the MT" in result.output
    best = tmp_path / "m" / "best"
    assert json.loads((best / "posteditor.json").read_text(encoding="utf-8")) == {"model_input": "src+mt"}
    options = ModelOptions(str(best), beams=1)
    assert input_mode(options) == "src+mt" and "input:src+mt" in model_signature(options)
    assert "input:" not in model_signature(ModelOptions(str(best), beams=1, input="mt"))
    doc = tmp_path / "doc.txt"
    doc.write_text("According to Peskov, talks 3 went well.\n", encoding="utf-8")
    one_source = tmp_path / "one-source.txt"
    one_source.write_text("Peskovun sözlərinə görə, 3 danışıqlar yaxşı keçib.\n", encoding="utf-8")
    fixed = runner.invoke(main, ["fix", str(doc), "--src", str(one_source), "--model", str(best), "--beams", "1"])
    assert fixed.exit_code == 0, fixed.output
    assert "the model (src+mt) read 1 segments, 0 of them without a source" in fixed.stderr
    # A file of pairs then triplets is refused with its line.
    mixed = tmp_path / "mixed.tsv"
    mixed.write_text("mt one\tpe one\nsrc\tmt two\tpe two\n", encoding="utf-8")
    refused = runner.invoke(main, ["train", "--pairs", str(mixed), "--out", str(tmp_path / "m2")])
    assert refused.exit_code == 2 and "mixed.tsv:2" in refused.stderr


def test_model_scope_flagged_sends_only_what_a_rule_or_a_qa_check_flagged(tiny_model, monkeypatch):
    corrector = load_corrector(ModelOptions(tiny_model, beams=1, scope="flagged"))
    seen = []
    real = corrector._generate_batch
    monkeypatch.setattr(corrector, "_generate_batch", lambda batch: seen.extend(batch) or real(batch))
    segments = ["held talks in in Baku.",  # a rule fixes it
                "The minister arrived on 12 March.",  # clean, and its source agrees
                "The minister arrived on Monday."]  # clean English, but the source has a number it lacks
    sources = ["Bakıda danışıqlar aparıldı.", "Nazir 12 martda gəldi.", "Nazir 14 martda gəldi."]
    Pipeline(Config(), corrector=corrector).fix_document(segments, sources)
    assert sorted(seen) == sorted(["held talks in Baku.", "The minister arrived on Monday."])
    assert corrector.sent == 2
    from posteditor.evaluation.scoring import model_signature

    assert "scope:flagged" in model_signature(corrector.options)
    everything = load_corrector(ModelOptions(tiny_model, beams=1))
    Pipeline(Config(), corrector=everything).fix_document(segments, sources)
    assert everything.sent == 3
