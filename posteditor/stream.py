"""Fixing long inputs in flat memory and on several cores.

Segments are read lazily and fixed in chunks of ``chunk_lines``; each chunk is one document
(document evidence such as a name standing alone elsewhere is taken from its chunk). With
``jobs > 1`` chunks go to worker processes, each building its pipeline once, and come back
in order. Memory holds a bounded number of chunks whatever the input size.
"""

from __future__ import annotations

import itertools
import multiprocessing
from typing import Iterable, Iterator, Optional

from .config import Config
from .edits import FixResult

_WORKER_PIPELINE = None


def _init_worker(config: Config) -> None:
    global _WORKER_PIPELINE
    from .pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline(config)


def _fix_chunk(chunk: list[str]) -> list[FixResult]:
    return list(_WORKER_PIPELINE.fix_document(chunk).segments)


def chunks(segments: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(segments)
    while True:
        block = list(itertools.islice(it, size))
        if not block:
            return
        yield block


def fix_stream(segments: Iterable[str], config: Optional[Config] = None, chunk_lines: int = 1000,
               jobs: int = 1) -> Iterator[FixResult]:
    """Fix ``segments`` lazily, in order, ``chunk_lines`` at a time on ``jobs`` processes."""
    config = config or Config()
    if chunk_lines < 1:
        raise ValueError("chunk_lines must be at least 1")
    if jobs <= 1:
        from .pipeline import Pipeline

        pipeline = Pipeline(config)
        for block in chunks(segments, chunk_lines):
            yield from pipeline.fix_document(block).segments
        return
    ctx = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(config,)) as pool:
        # imap keeps the order and reads ahead only as far as the workers can go.
        for results in pool.imap(_fix_chunk, chunks(segments, chunk_lines), chunksize=1):
            yield from results
