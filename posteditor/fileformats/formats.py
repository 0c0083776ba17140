"""Translation files in and out: plain text, TSV, JSON Lines, XLIFF 1.2 and 2.0, PO, TMX, SRT.

Every format loads into :class:`Bilingual`: a list of units, each with the target text the
fixers see, the source text where the format has one, and a location for reports. ``render``
writes the file back with only the target texts changed; a file whose targets did not change
comes back byte-identical. XLIFF, PO and TMX are read with translate-toolkit; in XLIFF and
TMX the fixers see a target's inner markup as written (``Hello <g id="1">world</g>``), so
inline tags, which the pipeline protects like placeholders, survive. SRT uses the ``srt``
library, one segment per subtitle line.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from ..errors import InputError, OutputError
from ..text.textio import BOM, decode, parse, read_bytes
from .locate import (
    Lines,
    Place,
    aligned_place,
    json_place,
    po_entries,
    po_escape,
    po_place,
    po_unescape,
    splice,
    xml_element_spans,
)

FORMATS = ("text", "tsv", "jsonl", "xliff", "po", "tmx", "srt")
EXTENSIONS = {
    ".txt": "text", ".tsv": "tsv", ".jsonl": "jsonl", ".xlf": "xliff", ".xliff": "xliff",
    ".po": "po", ".pot": "po", ".tmx": "tmx", ".srt": "srt",
}


@dataclass
class Unit:
    target: str
    source: Optional[str] = None
    line: int = 0  # 1-based line of the target's first character in the file
    id: str = ""
    #: where the target's characters are in the file's text (see posteditor.fileformats.locate)
    place: Optional[Place] = None
    #: the plural form (msgstr[n]) of a PO entry with plurals
    plural: Optional[int] = None
    #: rule ids or categories a note of the unit switches off ("posteditor: ignore EN_DOUBLE_WORD");
    #: ALL for a bare "posteditor: ignore"
    ignore: frozenset = frozenset()


@dataclass
class FieldOptions:
    """Which columns (TSV: header name or 0-based index) or fields (JSON Lines) hold what, and
    which units a translation file offers for fixing."""

    target: str = "target"
    source: Optional[str] = "source"
    target_lang: str = "en"
    #: fix fuzzy PO entries too (by default they are left, and counted)
    include_fuzzy: bool = False
    #: fix only units in these states (XLIFF state of the target or segment, "translated" where
    #: none is written; PO "translated" or "fuzzy"); None: every state but final and signed-off
    #: (and fuzzy, unless include_fuzzy). translate="no", approved="yes" and locks always hold.
    states: Optional[frozenset] = None

    def fixes_state(self, state: str) -> bool:
        if self.states is not None:
            return state in self.states or (state == "fuzzy" and self.include_fuzzy)
        return state not in _FINAL_STATES and (state != "fuzzy" or self.include_fuzzy)


@dataclass
class Bilingual:
    """A translation file: its units, and its text as read, into which changed targets are
    written back (:meth:`render`) at their places, so that nothing else in the file moves."""

    name: str
    format: str
    units: list[Unit]
    original: bytes
    #: the file's text as decoded (without a byte-order mark), in which units have places
    text: str = ""
    #: the format's quoting of text written into a target (PO and JSON escapes)
    escape: Callable[[str], str] = field(repr=False, default=str)
    #: text back to bytes: the file's encoding, its byte-order mark
    encode: Callable[[str], bytes] = field(repr=False, default=lambda text: text.encode("utf-8", "surrogatepass"))
    #: units left out on purpose, by reason ("translate=no", "final", "fuzzy", ...)
    skipped: dict = field(default_factory=dict)
    #: reads bytes of this format back, to check what render wrote
    reload: Optional[Callable[[bytes], "Bilingual"]] = field(repr=False, default=None)

    @property
    def keeps_units(self) -> bool:
        """Whether a unit may never be emptied: in translation and subtitle files a unit
        that a fixer would remove is kept, and its removal only proposed."""
        return self.format != "text"

    @property
    def markup(self) -> bool:
        """Whether targets are inline markup (XLIFF, TMX), fixed as the reader sees them."""
        return self.format in ("xliff", "tmx")

    @property
    def segments(self) -> list[str]:
        return [u.target for u in self.units]

    @property
    def sources(self) -> Optional[list[Optional[str]]]:
        return [u.source for u in self.units] if any(u.source is not None for u in self.units) else None

    def locate(self, unit: Unit, start: int, end: int) -> tuple[int, int, int, int]:
        """Line, column, end line and end column (1-based; columns in characters of the
        file's line, the end exclusive) of the target's characters ``start`` to ``end``."""
        if unit.place is None:
            return unit.line, start + 1, unit.line, end + 1
        if self._lines is None:
            self._lines = Lines(self.text)
        a, b = unit.place.span(start, end) if start < end else unit.place.span(start, start)
        return (*self._lines.at(a), *self._lines.at(b))

    _lines: Optional[Lines] = field(default=None, repr=False, compare=False)

    def render(self, targets: Sequence[str]) -> bytes:
        """The file with each unit's target replaced by ``targets``: only the characters
        that changed are written, each where it stands in the file."""
        if len(targets) != len(self.units):
            raise ValueError(f"{len(targets)} targets for {len(self.units)} units")
        if list(targets) == self.segments:
            return self.original
        text = splice(self.text, ((u.place, u.target, t) for u, t in zip(self.units, targets)), self.escape)
        data = self.encode(text)
        if self.reload is not None:
            back = self.reload(data).segments
            if back != list(targets):
                k = next(i for i, (a, b) in enumerate(zip(back, targets)) if a != b) if len(back) == len(targets) else 0
                raise OutputError(f"the changed file would not read back as fixed (unit {k + 1}: "
                                  f"{back[k] if k < len(back) else None!r} for {targets[k]!r}); nothing written. "
                                  f"This is a bug in posteditor: please report it with the file", self.name)
        return data


_IGNORE = re.compile(r"posteditor:\s*ignore\b([ \t]*[\w, \t]*)", re.I)


def ignored_rules(notes: str) -> frozenset:
    """The rules a unit's notes switch off: ``posteditor: ignore EN_DOUBLE_WORD, GLUE`` names
    rule ids or categories; a bare ``posteditor: ignore`` all of them (``ALL``).

    >>> sorted(ignored_rules("keep as is\\nposteditor: ignore EN_DOUBLE_WORD, glue"))
    ['EN_DOUBLE_WORD', 'GLUE']
    """
    found: set[str] = set()
    for m in _IGNORE.finditer(notes or ""):
        names = [n.upper() if n.islower() else n for n in re.split(r"[\s,]+", m.group(1).strip()) if n]
        found |= set(names) if names else {"ALL"}
    return frozenset(found)


_PRAGMA = re.compile(r"\s*<!--\s*(posteditor:\s*ignore\b[^>]*?)\s*-->\s*")


def text_pragmas(lines: Iterable[str]) -> Iterator[frozenset]:
    """For each line of a plain-text file, the rules switched off for it: a line that is only
    ``<!-- posteditor: ignore EN_DOUBLE_WORD -->`` switches them off for the line after it (a
    bare ``ignore``: all rules), and is itself never changed (it stays in the output, as a
    linter's pragma stays in code).

    >>> list(text_pragmas(["<!-- posteditor: ignore GLUE -->", "Bidenand", "Bidenand"]))
    [frozenset({'ALL'}), frozenset({'GLUE'}), frozenset()]
    """
    pending: frozenset = frozenset()
    for line in lines:
        pragma = _PRAGMA.fullmatch(line)
        if pragma:
            pending |= ignored_rules(pragma.group(1))
            yield frozenset({"ALL"})
        else:
            yield pending
            pending = frozenset()


def detect_format(path: str | Path, explicit: Optional[str] = None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise InputError(f"unknown format {explicit!r} (choose from {', '.join(FORMATS)})")
        return explicit
    return EXTENSIONS.get(Path(str(path)).suffix.lower(), "text")


def load(path: str | Path, fmt: Optional[str] = None, options: Optional[FieldOptions] = None) -> Bilingual:
    """Read a translation file ('-' is standard input, as plain text unless ``fmt`` says)."""
    name = "<stdin>" if str(path) == "-" else str(path)
    fmt = detect_format(path, fmt)
    data = read_bytes(path)
    options = options or FieldOptions()
    loader = {
        "text": _load_text, "tsv": _load_tsv, "jsonl": _load_jsonl, "xliff": _load_xliff,
        "po": _load_po, "tmx": _load_tmx, "srt": _load_srt,
    }[fmt]
    return loader(name, data, options)


def with_source(doc: Bilingual, src_path: str | Path) -> Bilingual:
    """A plain-text file with the source of each of its lines from ``src_path`` (a plain-text
    file of as many lines)."""
    src = parse(decode(read_bytes(src_path), str(src_path)), str(src_path))
    if len(src.segments) != len(doc.units):
        raise InputError(f"the source has {len(src.segments)} lines, {doc.name} has {len(doc.units)}: "
                         f"give a source aligned line for line", src_path)
    units = [dataclasses.replace(u, source=s) for u, s in zip(doc.units, src.segments)]
    return dataclasses.replace(doc, units=units, _lines=None)


def _utf8(bom: bool) -> Callable[[str], bytes]:
    return lambda text: (BOM if bom else "").encode("utf-8") + text.encode("utf-8", "surrogatepass")


def _reloader(name: str, loader, options: "FieldOptions"):
    return lambda data: loader(name, data, options)


# --- plain text, TSV, JSON Lines --------------------------------------------------------------


def _line_starts(tf) -> list[int]:
    starts, pos = [], 0
    for seg, ending in zip(tf.segments, tf.endings):
        starts.append(pos)
        pos += len(seg) + len(ending)
    return starts


def _load_text(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    tf = parse(decode(data, name), name)
    units = [Unit(s, None, n, place=Place(start), ignore=ignore)
             for n, (s, start, ignore) in enumerate(zip(tf.segments, _line_starts(tf), text_pragmas(tf.segments)), 1)]
    return Bilingual(name, "text", units, data, tf.render()[1 if tf.bom else 0:], encode=_utf8(tf.bom))


def column_index(header: Optional[list[str]], key: Optional[str | int]) -> Optional[int]:
    """The 0-based index of a TSV column named by its header or by a number; None if no such name."""
    if key is None:
        return None
    if isinstance(key, int) or key.isdigit():
        return int(key)
    if header is None or key not in header:
        return None
    return header.index(key)


def tsv_rows(lines: Sequence[str]) -> list[list[str]]:
    """The cells of each line of a TSV file (a TAB separates cells; nothing is quoted)."""
    return [line.split("\t") for line in lines]


def json_records(lines: Sequence[str], name: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line of a JSON Lines file; a line that is not
    a JSON object is refused, naming the file and line."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg}, column {exc.colno})", name, n) from None
        except RecursionError:
            raise InputError("JSON nested too deeply", name, n) from None
        if not isinstance(obj, dict):
            raise InputError(f"not a JSON object but {type(obj).__name__}", name, n)
        yield n, obj


def _load_tsv(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    tf = parse(decode(data, name), name)
    rows = tsv_rows(tf.segments)
    header = rows[0] if rows and not options.target.isdigit() else None
    t_idx = column_index(header, options.target)
    if t_idx is None:
        raise InputError(
            f"no column {options.target!r} in the header {header}; name the target column with "
            f"--target-field (a header name or a 0-based index)", name, 1)
    s_idx = column_index(header, options.source)
    first = 1 if header is not None else 0
    starts = _line_starts(tf)
    units = []
    for n, row in enumerate(rows[first:], start=first + 1):
        if not tf.segments[n - 1]:
            units.append(Unit("", None, n, place=Place(starts[n - 1])))
            continue
        if t_idx >= len(row):
            raise InputError(f"row has {len(row)} columns, the target is column {t_idx}", name, n)
        column = starts[n - 1] + sum(len(cell) + 1 for cell in row[:t_idx])
        units.append(Unit(row[t_idx], row[s_idx] if s_idx is not None and s_idx < len(row) else None, n,
                          place=Place(column)))
    return Bilingual(name, "tsv", units, data, tf.render()[1 if tf.bom else 0:], encode=_utf8(tf.bom),
                     reload=_reloader(name, _load_tsv, options))


def _load_jsonl(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    tf = parse(decode(data, name), name)
    starts = _line_starts(tf)
    units = []
    ascii_style = False
    for n, obj in json_records(tf.segments, name):
        line = tf.segments[n - 1]
        if not isinstance(obj.get(options.target), str):
            raise InputError(f"no string field {options.target!r} (name it with --target-field)", name, n)
        src = obj.get(options.source) if options.source else None
        start, end = json_value_span(line, options.target)
        ascii_style = ascii_style or bool(re.search(r"\\u(?!00[0-1])[0-9a-fA-F]{4}", line[start:end]))
        place = json_place(tf.segments[n - 1], start, end)
        units.append(Unit(obj[options.target], src if isinstance(src, str) else None, n,
                          place=Place(place.start + starts[n - 1],
                                      tuple((a + starts[n - 1], b + starts[n - 1]) for a, b in place.chars))))

    def escape(value: str) -> str:
        # Written as the file writes its strings: with \u escapes where it uses them for
        # non-ASCII characters, as UTF-8 otherwise; a lone surrogate always escaped.
        return json_string(value, like="\\u00e9" if ascii_style else "")[1:-1]

    return Bilingual(name, "jsonl", units, data, tf.render()[1 if tf.bom else 0:], escape, _utf8(tf.bom),
                     reload=_reloader(name, _load_jsonl, options))


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def json_value_span(line: str, key: str) -> tuple[int, int]:
    r"""Where the value of the top-level ``key`` stands in the JSON object ``line`` (the last
    occurrence, as json.loads reads duplicates).

    >>> line = '{"n": 1e400, "target": "a \\u00e9", "x": {"target": 1}}'
    >>> s, e = json_value_span(line, "target"); line[s:e]
    '"a \\u00e9"'
    """
    decoder = json.JSONDecoder()
    found = None
    pos = line.index("{") + 1
    while True:
        pos = _skip_space(line, pos)
        if line[pos] == "}":
            break
        m = _JSON_STRING.match(line, pos)
        name = json.loads(m.group())
        pos = _skip_space(line, m.end()) + 1  # the colon
        start = _skip_space(line, pos)
        _, end = decoder.raw_decode(line, start) if line[start] in "{[" else (None, _scalar_end(line, start))
        if name == key:
            found = (start, end)
        pos = _skip_space(line, end)
        if line[pos] == ",":
            pos += 1
    if found is None:
        raise ValueError(f"no key {key!r}")
    return found


def _skip_space(line: str, pos: int) -> int:
    while line[pos] in " \t\r\n":
        pos += 1
    return pos


def _scalar_end(line: str, start: int) -> int:
    if line[start] == '"':
        return _JSON_STRING.match(line, start).end()
    end = start
    while end < len(line) and line[end] not in ",}] \t\r\n":
        end += 1
    return end


def json_string(text: str, like: str = "") -> str:
    r"""``text`` as a JSON string, escaped as ``like`` (the value it replaces) was: with \u
    escapes where that used them for non-ASCII characters, as UTF-8 otherwise; a lone
    surrogate is always escaped (UTF-8 cannot hold it).

    >>> print(json_string("é", like='"\\u00e9"'), json_string("é", like='"x"'), json_string(chr(0xd800)))
    "\u00e9" "é" "\ud800"
    """
    ascii_style = bool(re.search(r"\\u(?!00[0-1])[0-9a-fA-F]{4}", like))
    out = json.dumps(text, ensure_ascii=ascii_style)
    if not ascii_style and any("\ud800" <= c <= "\udfff" for c in text):
        out = "".join(json.dumps(c)[1:-1] if "\ud800" <= c <= "\udfff" else c for c in out)
    return out


# --- XLIFF, PO, TMX (translate-toolkit) -------------------------------------------------------


def _inner_xml(element) -> str:
    """The content of an element as written, child tags included, XML-escaped."""
    from lxml import etree

    if element is None:
        return ""
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    start = text.find(">") + 1
    end = text.rfind("</")
    return "" if text.endswith("/>") and end < start else text[start:end]


def _parse_store(name: str, data: bytes, kind: str):
    try:
        if kind == "po":
            from translate.storage import po

            return po.pofile.parsestring(data)
        if kind == "tmx":
            from translate.storage import tmx

            return tmx.tmxfile.parsestring(data)
        from translate.storage import xliff, xliff2

        if b'version="2.' in data[:2000] or b"version='2." in data[:2000]:
            return xliff2.Xliff2File.parsestring(data)
        return xliff.xlifffile.parsestring(data)
    except Exception as exc:  # translate-toolkit and lxml raise many kinds for malformed input
        line = getattr(exc, "lineno", None) or getattr(getattr(exc, "position", None), "__getitem__", lambda i: None)(0)
        why = str(exc) or f"translate-toolkit: {type(exc).__name__}"
        if kind == "xliff" and not re.search(rb"xmlns\s*=\s*[\"']urn:oasis:names:tc:xliff:document:", data[:4000]):
            why = "the root element is not in the XLIFF namespace: xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" " \
                  "(or :2.0) is missing or misspelt"
        raise InputError(f"not a valid {kind.upper()} file ({why})", name, line if isinstance(line, int) else None) from None


def _target_element(unit, create: bool = False):
    ns = unit.xmlelement.tag.split("}")[0] + "}" if unit.xmlelement.tag.startswith("{") else ""
    target = unit.xmlelement.find(f"{ns}target")
    if target is None and create:
        from lxml import etree

        source = unit.xmlelement.find(f"{ns}source")
        target = etree.Element(f"{ns}target")
        target.tail = source.tail if source is not None else None
        (source.addnext(target) if source is not None else unit.xmlelement.append(target))
    return target


def _xml_text(name: str, data: bytes, store) -> tuple[str, Callable[[str], bytes]]:
    """The text of an XML file in its declared encoding, and the way back to its bytes."""
    codec = (store.document.docinfo.encoding or "utf-8").lower()
    bom = b""
    for mark, named in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            bom, codec = mark, named
            break
    if codec in ("utf-16", "utf-32"):
        codec += "-le"
    text = data[len(bom):].decode(codec)
    return text, lambda out: bom + out.encode(codec, "xmlcharrefreplace")


def _xml_places(text: str, store, name: str) -> Callable:
    """A function giving the place of an element's content in ``text``."""
    root = store.document.getroot()
    elements = [e for e in root.getroottree().iter() if isinstance(e.tag, str)]
    spans = xml_element_spans(text)
    if len(spans) != len(elements):
        raise InputError(f"could not find every element in the file's text ({len(spans)} of {len(elements)}); "
                         f"posteditor cannot write it back unchanged", name)
    index = {e: k for k, e in enumerate(elements)}

    def place(element) -> Place:
        start, end = spans[index[element]]
        return aligned_place(_inner_xml(element), text[start:end], start)

    return place


def _load_xliff(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    store = _parse_store(name, data, "xliff")
    text, encode = _xml_text(name, data, store)
    place_of = _xml_places(text, store, name)
    units = []
    skipped: dict[str, int] = {}
    for k, unit in enumerate(u for u in store.units if not u.isheader()):
        target = _target_element(unit)
        if target is None:
            continue  # untranslated unit: nothing to fix
        reason = _xliff_locked(unit.xmlelement, target, options)
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        uid = unit.xmlelement.get("id") or unit.xmlelement.getparent().get("id") or str(k + 1)
        # Source and target both as markup, so that QA compares tags with tags.
        ns = target.tag[: target.tag.index("}") + 1] if target.tag.startswith("{") else ""
        source = unit.xmlelement.find(f"{ns}source")
        source_text = _inner_xml(source) if source is not None else None
        units.append(Unit(_inner_xml(target), source_text, target.sourceline or k + 1, uid, place_of(target),
                          ignore=ignored_rules(unit.getnotes())))
    return _with_lines(Bilingual(name, "xliff", units, data, text, encode=encode, skipped=skipped,
                                 reload=_reloader(name, _load_xliff, options)))


def _with_lines(doc: Bilingual) -> Bilingual:
    """Each unit's line: that of its target's first character in the file."""
    for unit in doc.units:
        if unit.place is not None:
            unit.line = doc.locate(unit, 0, 0)[0]
    return doc


_FINAL_STATES = ("final", "signed-off")
_LOCK_VALUES = ("true", "yes", "1", "locked")


def _xliff_locked(element, target, options: FieldOptions) -> Optional[str]:
    """Why a unit must be left as it is, or None: translate="no" on it or an enclosing
    element, approved="yes" (XLIFF 1.2), a tool's lock attribute (sdl:locked and the like),
    or a state the options do not fix (by default final and signed-off; the state is on the
    target in 1.2, on the segment in 2.0)."""
    node = element
    while node is not None and isinstance(node.tag, str):
        if node.get("translate") == "no":
            return 'translate="no"'
        node = node.getparent()
    if element.get("approved") == "yes":
        return 'approved="yes"'
    for node in (target, element):
        for name, value in node.attrib.items():
            if name.split("}")[-1].lower() == "locked" and value.lower() in _LOCK_VALUES:
                return "locked"
    state = target.get("state") or element.get("state") or "translated"
    return None if options.fixes_state(state) else f'state="{state}"'


def _load_tmx(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    store = _parse_store(name, data, "tmx")
    text, encode = _xml_text(name, data, store)
    place_of = _xml_places(text, store, name)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    units = []
    wanted = options.target_lang.lower().replace("_", "-")
    seen: set[str] = set()

    def language(tuv) -> str:
        return (tuv.get(xml_lang) or tuv.get("lang") or "").lower().replace("_", "-")

    for k, unit in enumerate(store.units):
        tuvs = unit.xmlelement.findall("tuv")
        seen.update(language(t) for t in tuvs)
        # "en" takes en-GB and en-US too; "en-GB" takes only en-GB
        target_tuv = next((t for t in tuvs if language(t) == wanted or language(t).split("-")[0] == wanted), None)
        if target_tuv is None or target_tuv.find("seg") is None:
            continue
        source_tuv = next((t for t in tuvs if t is not target_tuv and t.find("seg") is not None), None)
        source = _inner_xml(source_tuv.find("seg")) if source_tuv is not None else None
        seg = target_tuv.find("seg")
        units.append(Unit(_inner_xml(seg), source, seg.sourceline or k + 1, unit.xmlelement.get("tuid") or str(k + 1),
                          place_of(seg), ignore=ignored_rules(unit.getnotes())))
    if store.units and not units and wanted not in seen and not any(lang.split("-")[0] == wanted for lang in seen):
        raise InputError(f"no <tuv> in the language {options.target_lang!r} (--target-lang); the file has "
                         f"{', '.join(sorted(lang for lang in seen if lang)) or 'none named'}", name)
    return _with_lines(Bilingual(name, "tmx", units, data, text, encode=encode,
                                 reload=_reloader(name, _load_tmx, options)))


def _decode_as(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not valid {codec} as the header says (byte 0x{data[exc.start:exc.start + 1].hex()})",
                         name, line) from None


def _load_po(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    store = _parse_store(name, data, "po")
    # In the charset the header declares (ISO-8859-15, say), and written back in it.
    declared = re.search(rb"charset=([\w.:-]+)", data[:4000])
    codec = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if codec in ("charset", "utf-8", "utf8"):
        codec = "utf-8"
    try:
        "".encode(codec)
    except LookupError:
        raise InputError(f"the header names an unknown charset {codec!r}", name) from None
    text = decode(data, name) if codec == "utf-8" else _decode_as(data, codec, name)
    bom = text.startswith(BOM)
    text = text[1:] if bom else text
    encode = _utf8(bom) if codec == "utf-8" else (lambda out: out.encode(codec))
    written = {(e.context or None, e.msgid): e for e in po_entries(text)}
    units = []
    skipped: dict[str, int] = {}
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        state = "fuzzy" if unit.isfuzzy() else "translated"
        if not options.fixes_state(state):
            if any(str(t) for t in (unit.target.strings if unit.hasplural() else [unit.target])):
                skipped[state] = skipped.get(state, 0) + 1
            continue
        if not unit.isfuzzy() and not unit.istranslated():
            continue
        plural = unit.hasplural()
        msgid = str(unit.source.strings[0]) if plural else str(unit.source)
        entry = written.get((unit.getcontext() or None, msgid))
        if entry is None:
            raise InputError(f"could not find the entry {msgid[:40]!r} in the file's text; posteditor cannot "
                             f"write it back unchanged", name)
        targets = [str(t) for t in unit.target.strings] if plural else [str(unit.target)]
        sources = [str(t) for t in unit.source.strings] if plural else [str(unit.source)]
        for i, t in enumerate(targets):
            place = po_place(text, entry.strings.get(i, []))
            if "".join(po_unescape(text[a:b]) for a, b in entry.strings.get(i, [])) != t:
                raise InputError(f"the msgstr of {msgid[:40]!r} does not read the same to posteditor and to "
                                 f"translate-toolkit; posteditor cannot write it back unchanged",
                                 name, entry.lines.get(i))
            units.append(Unit(t, sources[min(i, len(sources) - 1)], entry.lines.get(i, 0),
                              str(unit.getid()).split("\x04")[-1], place, i if plural else None,
                              ignored_rules(unit.getnotes())))
    return _with_lines(Bilingual(name, "po", units, data, text, po_escape, encode, skipped,
                                 _reloader(name, _load_po, options)))


# --- SRT (srt) ---------------------------------------------------------------------------------


def _load_srt(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    """One unit per line of each subtitle's text, at its place in the file: an index line,
    a timing line with ``-->``, then text lines up to a blank line."""
    import srt

    text = decode(data, name)
    bom = text.startswith(BOM)
    text = text[1:] if bom else text
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        raise InputError(f"not valid SRT ({exc})", name, line) from None
    lines = list(re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text))
    units = []
    k = 0
    for sub in subs:
        while k < len(lines) and "-->" not in lines[k].group(1):
            k += 1
        k += 1
        for expected in sub.content.split("\n") if sub.content else []:
            if k >= len(lines) or lines[k].group(1).rstrip() != expected.rstrip():
                raise InputError("could not find a subtitle's text in the file; posteditor cannot write it back "
                                 "unchanged", name, k + 1)
            units.append(Unit(lines[k].group(1), None, k + 1, str(sub.index), Place(lines[k].start())))
            k += 1
    return Bilingual(name, "srt", units, data, text, encode=_utf8(bom), reload=_reloader(name, _load_srt, options))
