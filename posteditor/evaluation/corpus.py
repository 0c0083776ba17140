"""Corpora for scoring: MT output with one or more references and an optional source.

Readers: parallel plain-text files, TSV with named (or numbered) columns, JSON Lines with
named fields, and the MLQE-PE / WMT APE layout (a folder of ``*.src``, ``*.mt``, ``*.pe``).
Misaligned files raise :class:`InputError` naming every file and its line count; Moses-
tokenized text (``word , word .``) is detokenized on request with sacremoses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from ..errors import InputError
from ..fileformats.formats import column_index, json_records, tsv_rows
from ..text.textio import decode, lines_of, read_bytes, read_lines


@dataclass
class Corpus:
    name: str
    mt: list[str]
    refs: list[list[str]]
    src: Optional[list[str]] = None
    #: where the data came from, for reports
    origin: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.mt)


def _check_aligned(named: Sequence[tuple[str, Sequence[str]]]) -> None:
    lengths = {len(lines) for _, lines in named}
    if len(lengths) > 1:
        detail = ", ".join(f"{name} has {len(lines)} lines" for name, lines in named)
        raise InputError(f"files are not aligned: {detail}")


def detokenize(lines: Sequence[str], lang: str = "en") -> list[str]:
    """Undo Moses tokenization (``word , word .`` -> ``word, word.``) with sacremoses."""
    from sacremoses import MosesDetokenizer

    md = MosesDetokenizer(lang=lang)
    return [md.detokenize(line.split()) for line in lines]


def read_parallel(
    mt: str | Path, refs: Sequence[str | Path], src: Optional[str | Path] = None, name: Optional[str] = None
) -> Corpus:
    """One segment a line in each file; all files must have the same number of lines."""
    if not refs:
        raise InputError("at least one reference file is needed")
    mt_lines = read_lines(mt)
    ref_lines = [read_lines(r) for r in refs]
    src_lines = read_lines(src) if src else None
    named = [(str(mt), mt_lines)] + [(str(r), l) for r, l in zip(refs, ref_lines)]
    if src_lines is not None:
        named.append((str(src), src_lines))
    _check_aligned(named)
    return Corpus(name or Path(mt).stem, mt_lines, ref_lines, src_lines,
                  {"mt": str(mt), "refs": [str(r) for r in refs], "src": str(src) if src else None})


def _column(row: list[str], key: str | int, header: Optional[list[str]], path, line) -> str:
    index = column_index(header, key)
    if index is None:
        raise InputError(f"no column named {key!r} (columns: {header})", path, 1)
    if index >= len(row):
        raise InputError(f"row has {len(row)} columns, column {key!r} is missing", path, line)
    return row[index]


def read_tsv(
    path: str | Path, mt: str | int = "mt", refs: Sequence[str | int] = ("ref",), src: Optional[str | int] = None,
    header: bool = True,
) -> Corpus:
    """A TSV file whose columns are chosen by header name or 0-based index (read as ``fix``
    reads TSV: :func:`posteditor.fileformats.formats.tsv_rows`)."""
    rows = tsv_rows(lines_of(decode(read_bytes(path), str(path))))
    head = rows[0] if header and rows else None
    body = rows[1:] if header else rows
    first = 2 if header else 1
    out_mt, out_refs, out_src = [], [[] for _ in refs], [] if src is not None else None
    for n, row in enumerate(body, start=first):
        out_mt.append(_column(row, mt, head, path, n))
        for k, r in enumerate(refs):
            out_refs[k].append(_column(row, r, head, path, n))
        if out_src is not None:
            out_src.append(_column(row, src, head, path, n))
    return Corpus(Path(path).stem, out_mt, out_refs, out_src, {"tsv": str(path)})


def read_jsonl(
    path: str | Path, mt: str = "mt", refs: Sequence[str] = ("ref",), src: Optional[str] = "src"
) -> Corpus:
    """JSON Lines with the MT, reference(s) and (optional) source in named fields (read as
    ``fix`` reads JSON Lines: :func:`posteditor.fileformats.formats.json_records`).

    A reference field may hold a list of strings (several references)."""
    out_mt: list[str] = []
    out_refs: list[list[str]] = []
    out_src: list[str] = []
    for n, obj in json_records(lines_of(decode(read_bytes(path), str(path))), str(path)):
        if mt not in obj:
            raise InputError(f"no field {mt!r}", path, n)
        values: list[str] = []
        for r in refs:
            v = obj.get(r)
            if v is None:
                raise InputError(f"no field {r!r}", path, n)
            values.extend(v if isinstance(v, list) else [v])
        if not out_refs:
            out_refs = [[] for _ in values]
        if len(values) != len(out_refs):
            raise InputError(f"{len(values)} references here, {len(out_refs)} on the first line", path, n)
        out_mt.append(str(obj[mt]))
        for k, v in enumerate(values):
            out_refs[k].append(str(v))
        if src and src in obj:
            out_src.append(str(obj[src]))
    src_lines = out_src if out_src and len(out_src) == len(out_mt) else None
    return Corpus(Path(path).stem, out_mt, out_refs, src_lines, {"jsonl": str(path)})


def read_ape_folder(folder: str | Path, name: Optional[str] = None) -> Corpus:
    """The MLQE-PE / WMT APE layout: one ``*.mt``, one ``*.pe`` (the reference) and
    optionally one ``*.src`` in a folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", folder)

    def one(ext: str, required: bool) -> Optional[Path]:
        found = sorted(folder.glob(f"*.{ext}"))
        if not found:
            if required:
                raise InputError(f"no *.{ext} file in the folder", folder)
            return None
        if len(found) > 1:
            raise InputError(f"several *.{ext} files in the folder: {[p.name for p in found]}", folder)
        return found[0]

    mt, pe, src = one("mt", True), one("pe", True), one("src", False)
    return read_parallel(mt, [pe], src, name=name or folder.name)


def check_not_empty(corpus: "Corpus") -> None:
    """A corpus with no segment cannot be scored: say so, naming its files."""
    if not corpus.mt:
        files = ", ".join(str(v) for v in corpus.origin.values() if isinstance(v, (str, Path))) or corpus.name
        raise InputError(f"no segments to score ({files})")


def load_corpus(
    path: str | Path,
    refs: Sequence[str | Path] = (),
    src: Optional[str | Path] = None,
    detok: bool = False,
    name: Optional[str] = None,
    columns: Optional[dict] = None,
) -> Corpus:
    """Load by shape: a folder (APE layout), ``.tsv``, ``.jsonl``, or plain text with refs."""
    path = Path(path)
    columns = columns or {}
    if path.is_dir():
        corpus = read_ape_folder(path, name)
    elif path.suffix == ".tsv":
        corpus = read_tsv(path, columns.get("mt", "mt"), columns.get("refs", ["ref"]), columns.get("src"))
    elif path.suffix == ".jsonl":
        corpus = read_jsonl(path, columns.get("mt", "mt"), columns.get("refs", ["ref"]), columns.get("src", "src"))
    else:
        corpus = read_parallel(path, refs, src, name)
    if name:
        corpus.name = name
    check_not_empty(corpus)
    if detok:
        corpus.mt = detokenize(corpus.mt)
        corpus.refs = [detokenize(r) for r in corpus.refs]
        corpus.origin["detokenized"] = True
    elif looks_tokenized(corpus.mt) or any(looks_tokenized(r) for r in corpus.refs):
        import warnings

        from ..errors import PosteditorWarning

        warnings.warn(PosteditorWarning(
            f"{corpus.name} looks Moses-tokenized (\"word , word .\"): the spacing rules will change most lines "
            f"and TER will count each change; give --detok (detokenize = true in a bench file) to score it as "
            f"text"), stacklevel=2)
    return corpus


_TOKENIZED = re.compile(r"\w \.$|\w , \w|&apos;|&quot;| n't\b| 's\b")


def looks_tokenized(lines: Sequence[str]) -> bool:
    """Whether most of these lines look Moses-tokenized: a space before final full stops and
    commas, escaped quotes, split clitics.

    >>> looks_tokenized(["The talks , held in Baku , ended .", "It 's over ."]), looks_tokenized(["Talks ended."])
    (True, False)
    """
    sample = [line for line in lines[:2000] if line.strip()]
    return bool(sample) and sum(1 for line in sample if _TOKENIZED.search(line)) >= 0.3 * len(sample)
