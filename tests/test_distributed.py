"""Ray Data engine: a local Ray instance, output equal to the single-process result."""

import json

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pd = pytest.importorskip("pandas")

from click.testing import CliRunner  # noqa: E402

from posteditor import Config, Pipeline  # noqa: E402
from posteditor.cli import main  # noqa: E402
from posteditor.scale.distributed import RayJob, run  # noqa: E402

TEXTS = ["held talks in in Baku .", "Vladimir Putininitially agreed", "Leave a Reply", "Clean text stays.",
         "Cho Biden Will hold talks", "Minister Foreign Affairs Turkey Hakan Fidan spoke"]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def _records(n=60):
    return [{"id": i, "target": TEXTS[i % len(TEXTS)]} for i in range(n)]


def _read_jsonl_folder(folder):
    rows = []
    for path in sorted(folder.glob("*.json*")):
        rows += [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l]
    return sorted(rows, key=lambda r: r["id"])


def test_ray_fix_equals_the_single_process_result(local_ray, tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    summary = run(RayJob(str(src), str(tmp_path / "out"), batch_size=7))
    rows = _read_jsonl_folder(tmp_path / "out")
    pipeline = Pipeline(Config())
    expected = [pipeline.fix_segment(r["target"]) for r in _records()]
    assert [r["target"] for r in rows] == [e.text for e in expected]
    assert [len(json.loads(r["posteditor_edits"])) for r in rows] == [len(e.edits) for e in expected]
    assert summary["records"] == 60 and summary["edits"] == sum(len(e.edits) for e in expected)


def test_ray_parquet_and_check_mode(local_ray, tmp_path):
    src = tmp_path / "feed.parquet"
    pd.DataFrame(_records(24)).to_parquet(src)
    run(RayJob(str(src), str(tmp_path / "checked"), mode="check", batch_size=5))
    frame = pd.concat(pd.read_parquet(p) for p in sorted((tmp_path / "checked").glob("*.parquet"))).sort_values("id")
    assert list(frame["target"]) == [r["target"] for r in _records(24)]  # check changes nothing
    findings = [json.loads(f) for f in frame["findings"]]
    assert any(f and f[0]["rule"] == "EN_DOUBLE_WORD" for f in findings)
    assert findings[3] == []  # the clean sentence


def test_ray_errors_are_clear(local_ray, tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "x"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["distributed", str(src), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no field 'target'" in result.stderr
    missing = CliRunner().invoke(main, ["distributed", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_fix_engine_ray_runs_the_same_job(local_ray, tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(json.dumps({"id": r["id"], "text": r["target"]}) for r in _records(12)) + "\n",
                   encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["fix", str(src), "--engine", "ray", "--target-field", "text",
                                  "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "12 records" in result.stderr
    pipeline = Pipeline(Config())
    assert [r["text"] for r in _read_jsonl_folder(tmp_path / "out")] == [
        pipeline.fix_segment(r["target"]).text for r in _records(12)]
    bad = runner.invoke(main, ["fix", str(src), "--engine", "ray"])
    assert bad.exit_code == 2 and "--output folder" in bad.output
    stray = runner.invoke(main, ["fix", str(src), "--address", "auto"])
    assert stray.exit_code == 2 and "--address goes with --engine ray" in stray.output
