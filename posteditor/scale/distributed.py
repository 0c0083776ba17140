"""Fix and check data too big for one machine, on Ray Data (``pip install 'posteditor[ray]'``).

Records are read from JSON Lines or Parquet; the target text of each record (``text_field``)
is fixed by ``map_batches`` with one pipeline per worker (a callable class, so each actor
builds its pipeline once); the fixed text, the edits (as JSON) and, for ``check``, the
findings go back into the record, and the dataset is written as JSON Lines or Parquet. Each
segment is fixed on its own, so the result does not depend on how Ray batches the data, and
equals ``Pipeline.fix_segment`` on every record. With a model, the model stage runs as an
actor pool on GPUs when the cluster has them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..engine.config import Config
from ..errors import InputError


class _FixBatch:
    """A Ray Data UDF: one pipeline per actor, built once."""

    def __init__(self, config: Config, text_field: str, mode: str, model_options=None):
        from ..engine.pipeline import Pipeline

        corrector = None
        if model_options is not None:
            from ..model import load_corrector

            corrector = load_corrector(model_options)
        self.pipeline = Pipeline(config, corrector=corrector)
        self.text_field = text_field
        self.mode = mode

    def __call__(self, batch):
        from ..check.qa import findings_from_edits

        texts = [str(t) for t in batch[self.text_field]]
        if self.pipeline.corrector is not None:
            results = list(self.pipeline.fix_document(texts).segments)  # batched generation
        else:
            results = [self.pipeline.fix_segment(t) for t in texts]
        edits = [json.dumps([e.to_dict() for e in r.edits], ensure_ascii=False) for r in results]
        if self.mode == "check":
            batch["findings"] = [
                json.dumps([f.to_dict() for f in findings_from_edits("", 0, r.original, list(r.edits), {})],
                           ensure_ascii=False)
                for r in results
            ]
        else:
            batch[self.text_field] = [r.text for r in results]
        batch["posteditor_edits"] = edits
        return batch


@dataclass
class RayJob:
    input: str
    output: str
    text_field: str = "target"
    input_format: Optional[str] = None  # jsonl | parquet (default: by extension)
    output_format: Optional[str] = None
    mode: str = "fix"  # fix | check
    address: Optional[str] = None  # a running cluster ("auto", "ray://host:10001"); None: start a local one
    workers: Optional[int] = None  # actors; default: one per CPU
    batch_size: int = 1000
    num_cpus: Optional[int] = None  # for a local instance


def _format(path: str, explicit: Optional[str]) -> str:
    if explicit:
        return explicit
    p = Path(path)
    files = sorted(p.glob("*")) if p.is_dir() else [p]
    suffixes = {f.suffix.lower() for f in files if f.is_file()}
    if ".parquet" in suffixes:
        return "parquet"
    if suffixes & {".jsonl", ".json"}:
        return "jsonl"
    raise InputError("cannot tell the format: name it (jsonl or parquet)", path)


def run(job: RayJob, config: Optional[Config] = None, model_options=None) -> dict:
    """Run ``job`` on Ray; returns a summary (records, records changed, edits)."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise InputError("the Ray engine needs Ray Data: pip install 'posteditor[ray]'") from None
    if not Path(job.input).exists() and "://" not in job.input:
        raise InputError("no such file or folder", job.input)
    config = config or Config()
    in_fmt = _format(job.input, job.input_format)
    out_fmt = job.output_format or in_fmt
    started_here = not ray.is_initialized()
    if started_here:
        kwargs = {"address": job.address} if job.address else {"num_cpus": job.num_cpus}
        ray.init(ignore_reinit_error=True, include_dashboard=False, log_to_driver=False, **kwargs)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ds = ray.data.read_json(job.input, lines=True) if in_fmt == "jsonl" else ray.data.read_parquet(job.input)
        if job.text_field not in ds.schema().names:
            raise InputError(f"no field {job.text_field!r} in the records (fields: {ds.schema().names})", job.input)
        gpus = ray.cluster_resources().get("GPU", 0) if model_options is not None else 0
        cpus = int(ray.cluster_resources().get("CPU", 1))
        # Leave a CPU for reading and writing, or the actors hold every CPU and the job stalls.
        workers = max(1, min(job.workers or cpus - 1, cpus - 1)) if cpus > 1 else 1
        if gpus:
            workers = min(workers, int(gpus))
        ds = ds.map_batches(
            _FixBatch,
            fn_constructor_args=(config, job.text_field, job.mode, model_options),
            batch_size=job.batch_size,
            batch_format="pandas",
            concurrency=workers,
            num_cpus=1 if not gpus else 0,
            num_gpus=1 if gpus else None,
        )
        if out_fmt == "jsonl":
            ds.write_json(job.output)
        else:
            ds.write_parquet(job.output)
        written = ray.data.read_json(job.output, lines=True) if out_fmt == "jsonl" else ray.data.read_parquet(job.output)
        edits = written.map(lambda r: {"n": len(json.loads(r["posteditor_edits"]))}).sum("n") or 0
        return {"records": written.count(), "edits": int(edits), "workers": workers, "output": job.output}
    finally:
        if started_here:
            ray.shutdown()
