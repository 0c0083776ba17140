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

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .errors import InputError
from .textio import decode, parse, read_bytes

FORMATS = ("text", "tsv", "jsonl", "xliff", "po", "tmx", "srt")
_EXTENSIONS = {
    ".txt": "text", ".tsv": "tsv", ".jsonl": "jsonl", ".xlf": "xliff", ".xliff": "xliff",
    ".po": "po", ".pot": "po", ".tmx": "tmx", ".srt": "srt",
}


@dataclass
class Unit:
    target: str
    source: Optional[str] = None
    line: int = 0  # 1-based line in the file, or the unit's ordinal where the format has no lines
    id: str = ""


@dataclass
class FieldOptions:
    """Which columns (TSV: header name or 0-based index) or fields (JSON Lines) hold what, and
    which units a translation file offers for fixing."""

    target: str = "target"
    source: Optional[str] = "source"
    target_lang: str = "en"
    #: fix fuzzy PO entries too (by default they are left, and counted)
    include_fuzzy: bool = False


@dataclass
class Bilingual:
    name: str
    format: str
    units: list[Unit]
    original: bytes
    _render: Callable[[list[str]], bytes] = field(repr=False, default=lambda targets: b"")
    #: units left out on purpose, by reason ("translate=no", "final", "fuzzy", ...)
    skipped: dict = field(default_factory=dict)

    @property
    def keeps_units(self) -> bool:
        """Whether a unit may never be emptied: in translation and subtitle files a unit
        that a fixer would remove is kept, and its removal only proposed."""
        return self.format != "text"

    @property
    def segments(self) -> list[str]:
        return [u.target for u in self.units]

    @property
    def sources(self) -> Optional[list[Optional[str]]]:
        return [u.source for u in self.units] if any(u.source is not None for u in self.units) else None

    def render(self, targets: Sequence[str]) -> bytes:
        if len(targets) != len(self.units):
            raise ValueError(f"{len(targets)} targets for {len(self.units)} units")
        if list(targets) == self.segments:
            return self.original
        return self._render(list(targets))


def detect_format(path: str | Path, explicit: Optional[str] = None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise InputError(f"unknown format {explicit!r} (choose from {', '.join(FORMATS)})")
        return explicit
    return _EXTENSIONS.get(Path(str(path)).suffix.lower(), "text")


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
    units = [Unit(u.target, s, u.line, u.id) for u, s in zip(doc.units, src.segments)]
    return Bilingual(doc.name, doc.format, units, doc.original, doc._render, doc.skipped)


# --- plain text, TSV, JSON Lines --------------------------------------------------------------


def _load_text(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    tf = parse(decode(data, name), name)
    units = [Unit(s, None, n) for n, s in enumerate(tf.segments, 1)]
    return Bilingual(name, "text", units, data, lambda targets: tf.render(targets).encode("utf-8"))


def _column_index(header: Optional[list[str]], key: Optional[str], name: str, what: str) -> Optional[int]:
    if key is None:
        return None
    if key.isdigit():
        return int(key)
    if header is None or key not in header:
        return None
    return header.index(key)


def _load_tsv(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    tf = parse(decode(data, name), name)
    rows = [s.split("\t") for s in tf.segments]
    header = rows[0] if rows and not options.target.isdigit() else None
    t_idx = _column_index(header, options.target, name, "target")
    if t_idx is None:
        raise InputError(
            f"no column {options.target!r} in the header {header}; name the target column with "
            f"--target-field (a header name or a 0-based index)", name, 1)
    s_idx = _column_index(header, options.source, name, "source")
    first = 1 if header is not None else 0
    units = []
    for n, row in enumerate(rows[first:], start=first + 1):
        if not tf.segments[n - 1]:
            units.append(Unit("", None, n))
            continue
        if t_idx >= len(row):
            raise InputError(f"row has {len(row)} columns, the target is column {t_idx}", name, n)
        units.append(Unit(row[t_idx], row[s_idx] if s_idx is not None and s_idx < len(row) else None, n))

    def render(targets: list[str]) -> bytes:
        lines = list(tf.segments)
        for unit, target in zip(units, targets):
            if unit.target == target:
                continue
            row = lines[unit.line - 1].split("\t")
            row[t_idx] = target
            lines[unit.line - 1] = "\t".join(row)
        return tf.render(lines).encode("utf-8")

    return Bilingual(name, "tsv", units, data, render)


def _load_jsonl(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    tf = parse(decode(data, name), name)
    units = []
    for n, line in enumerate(tf.segments, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg}, column {exc.colno})", name, n) from None
        except RecursionError:
            raise InputError("JSON nested too deeply", name, n) from None
        if not isinstance(obj, dict) or not isinstance(obj.get(options.target), str):
            raise InputError(f"no string field {options.target!r} (name it with --target-field)", name, n)
        src = obj.get(options.source) if options.source else None
        units.append(Unit(obj[options.target], src if isinstance(src, str) else None, n))

    def render(targets: list[str]) -> bytes:
        # Only the changed value's bytes change: the other fields, the spacing and the
        # escapes of the record are written back as they were read (1e400 stays 1e400).
        lines = list(tf.segments)
        for unit, target in zip(units, targets):
            if unit.target != target:
                line = lines[unit.line - 1]
                start, end = json_value_span(line, options.target)
                lines[unit.line - 1] = line[:start] + json_string(target, like=line[start:end]) + line[end:]
        return tf.render(lines).encode("utf-8", "surrogatepass")

    return Bilingual(name, "jsonl", units, data, render)


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


def _set_inner_xml(element, markup: str) -> None:
    from lxml import etree

    ns = element.nsmap.get(None)
    # Entities the file's own DTD declares (&prod;) stay references, as they were read.
    dtd = element.getroottree().docinfo.internalDTD
    doctype = ""
    if dtd is not None:
        decls = "".join(f"<!ENTITY {e.name} {_xml_quoted(e.content or '')}>" for e in dtd.iterentities())
        doctype = f"<!DOCTYPE w [{decls}]>" if decls else ""
    wrapper = etree.fromstring(doctype + (f'<w xmlns="{ns}">{markup}</w>' if ns else f"<w>{markup}</w>"),
                               etree.XMLParser(resolve_entities=False, no_network=True))
    element.text = wrapper.text
    tail = element.tail
    for child in list(element):
        element.remove(child)
    for child in wrapper:
        element.append(child)
    element.tail = tail


def _xml_quoted(value: str) -> str:
    return f"'{value}'" if '"' in value else f'"{value}"'


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
        raise InputError(f"not a valid {kind.upper()} file ({exc})", name, line if isinstance(line, int) else None) from None


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


def _load_xliff(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    store = _parse_store(name, data, "xliff")
    pairs = []
    skipped: dict[str, int] = {}
    for k, unit in enumerate(u for u in store.units if not u.isheader()):
        target = _target_element(unit)
        if target is None:
            continue  # untranslated unit: nothing to fix
        reason = _xliff_locked(unit.xmlelement, target)
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        uid = unit.xmlelement.get("id") or unit.xmlelement.getparent().get("id") or str(k + 1)
        # Source and target both as markup, so that QA compares tags with tags.
        ns = target.tag[: target.tag.index("}") + 1] if target.tag.startswith("{") else ""
        source = unit.xmlelement.find(f"{ns}source")
        source_text = _inner_xml(source) if source is not None else None
        pairs.append((unit, Unit(_inner_xml(target), source_text, target.sourceline or k + 1, uid)))

    def render(targets: list[str]) -> bytes:
        for (unit, u), target in zip(pairs, targets):
            if u.target != target:
                _set_inner_xml(_target_element(unit), target)
        return bytes(store)

    return Bilingual(name, "xliff", [u for _, u in pairs], data, render, skipped)


_FINAL_STATES = ("final", "signed-off")
_LOCK_VALUES = ("true", "yes", "1", "locked")


def _xliff_locked(element, target) -> Optional[str]:
    """Why a unit must be left as it is, or None: translate="no" on it or an enclosing
    element, approved="yes" (XLIFF 1.2), a final or signed-off state (on the target in 1.2,
    on the segment in 2.0), or a tool's lock attribute (sdl:locked and the like)."""
    node = element
    while node is not None and isinstance(node.tag, str):
        if node.get("translate") == "no":
            return 'translate="no"'
        node = node.getparent()
    if element.get("approved") == "yes":
        return 'approved="yes"'
    for node in (target, element):
        if node.get("state") in _FINAL_STATES:
            return f'state="{node.get("state")}"'
        for name, value in node.attrib.items():
            if name.split("}")[-1].lower() == "locked" and value.lower() in _LOCK_VALUES:
                return "locked"
    return None


def _load_tmx(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    store = _parse_store(name, data, "tmx")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    pairs = []
    for k, unit in enumerate(store.units):
        tuvs = unit.xmlelement.findall("tuv")
        target_tuv = next((t for t in tuvs if (t.get(xml_lang) or t.get("lang") or "").lower().split("-")[0]
                           == options.target_lang), None)
        if target_tuv is None or target_tuv.find("seg") is None:
            continue
        source_tuv = next((t for t in tuvs if t is not target_tuv and t.find("seg") is not None), None)
        source = _inner_xml(source_tuv.find("seg")) if source_tuv is not None else None
        seg = target_tuv.find("seg")
        pairs.append((seg, Unit(_inner_xml(seg), source, seg.sourceline or k + 1, unit.xmlelement.get("tuid") or str(k + 1))))

    def render(targets: list[str]) -> bytes:
        for (seg, u), target in zip(pairs, targets):
            if u.target != target:
                _set_inner_xml(seg, target)
        return bytes(store)

    return Bilingual(name, "tmx", [u for _, u in pairs], data, render)


def _load_po(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    store = _parse_store(name, data, "po")
    text = decode(data, name)
    slots = []  # (unit, plural index or None)
    units = []
    skipped: dict[str, int] = {}
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        if unit.isfuzzy() and not options.include_fuzzy:
            if any(str(t) for t in (unit.target.strings if unit.hasplural() else [unit.target])):
                skipped["fuzzy"] = skipped.get("fuzzy", 0) + 1
            continue
        if not unit.isfuzzy() and not unit.istranslated():
            continue
        line = _po_line(text, unit)
        plural = unit.hasplural()
        targets = [str(t) for t in unit.target.strings] if plural else [str(unit.target)]
        sources = [str(t) for t in unit.source.strings] if plural else [str(unit.source)]
        for i, t in enumerate(targets):
            slots.append((unit, i if plural else None))
            units.append(Unit(t, sources[min(i, len(sources) - 1)], line, str(unit.getid()).split("\x04")[-1]))

    def render(targets: list[str]) -> bytes:
        by_unit: dict[int, list] = {}
        for (unit, i), target in zip(slots, targets):
            if i is None:
                if unit.target != target:
                    unit.target = target
            else:
                by_unit.setdefault(id(unit), [unit, [str(t) for t in unit.target.strings]])[1][i] = target
        for unit, strings in by_unit.values():
            if strings != [str(t) for t in unit.target.strings]:
                unit.target = strings
        return bytes(store)

    return Bilingual(name, "po", units, data, render, skipped)


def _po_line(text: str, unit) -> int:
    """The line of a unit's msgid, for reports."""
    msgid = str(unit.source.strings[0]) if unit.hasplural() else str(unit.source)
    first = json.dumps(msgid.split("\n")[0], ensure_ascii=False)[1:-1]
    pos = text.find(f'msgid "{first}')
    return text.count("\n", 0, pos) + 1 if pos >= 0 else 0


# --- SRT (srt) ---------------------------------------------------------------------------------


def _load_srt(name: str, data: bytes, options: FieldOptions) -> Bilingual:
    import srt

    text = decode(data, name)
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        raise InputError(f"not valid SRT ({exc})", name, line) from None
    units = []
    slots = []
    pos = 0
    for k, sub in enumerate(subs):
        block = text.find(sub.content, pos) if sub.content else -1
        first_line = text.count("\n", 0, block) + 1 if block >= 0 else 0
        pos = max(pos, block)
        for i, line in enumerate(sub.content.split("\n")):
            slots.append((k, i))
            units.append(Unit(line, None, first_line + i if first_line else 0, str(sub.index)))

    def render(targets: list[str]) -> bytes:
        lines = [sub.content.split("\n") for sub in subs]
        for (k, i), target in zip(slots, targets):
            lines[k][i] = target
        for sub, content in zip(subs, lines):
            # A line emptied by a fixer (boilerplate) is left out: an empty line would end
            # the subtitle block. The subtitle itself, its index and timing always stay.
            sub.content = "\n".join(line for line in content if line.strip())
        out = srt.compose(subs, reindex=False, strict=False)
        return out.encode("utf-8")

    return Bilingual(name, "srt", units, data, render)
