"""Fixing long inputs in flat memory and on several cores.

Segments are read lazily and fixed in chunks of ``chunk_lines``; each chunk is one document
(document evidence such as a name standing alone elsewhere is taken from its chunk). With
``jobs > 1`` chunks go to worker processes, each building its pipeline once, and come back
in order. Memory holds a bounded number of chunks whatever the input size.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from typing import Iterable, Iterator, Optional

from ..engine.config import Config
from ..text.edits import Edit, FixResult

_WORKER_PIPELINE = None


def _init_worker(config: Config) -> None:
    global _WORKER_PIPELINE
    from ..engine.pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline(config)


def _fix_chunk(chunk: list[str]) -> list[tuple]:
    """The changed segments of a chunk only, as plain tuples: (index, text, edits as field
    tuples, model verdict). Unchanged segments cost the parent nothing to send back."""
    out = []
    for i, r in enumerate(_WORKER_PIPELINE.fix_document(chunk).segments):
        if r.edits or r.model is not None:
            out.append((i, r.text, [(e.rule, e.category, e.start, e.end, e.before, e.after, e.message, e.severity) for e in r.edits], r.model))
    return out


def _results(chunk: list[str], changed: list[tuple]) -> Iterator[FixResult]:
    k = 0
    for i, text in enumerate(chunk):
        if k < len(changed) and changed[k][0] == i:
            _, fixed, edits, model = changed[k]
            k += 1
            yield FixResult(text, fixed, tuple(Edit(*e) for e in edits), model)
        else:
            yield FixResult(text, text, ())


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
        from ..engine.pipeline import Pipeline

        pipeline = Pipeline(config)
        for block in chunks(segments, chunk_lines):
            yield from pipeline.fix_document(block).segments
        return
    ctx = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(config,)) as pool:
        # imap keeps the order and reads ahead only as far as the workers can go; the parent
        # keeps each chunk it sent until its answer arrives (a bounded number of them).
        sent: collections.deque[list[str]] = collections.deque()

        def feed() -> Iterator[list[str]]:
            for block in chunks(segments, chunk_lines):
                sent.append(block)
                yield block

        for changed in pool.imap(_fix_chunk, feed(), chunksize=1):
            yield from _results(sent.popleft(), changed)
