"""A self-contained HTML report of every change: the source where the file has one, before
and after side by side, each edit highlighted with its rule and message, filters, counts per
rule.

One file, no external assets: styles and the small script are inline. Filters (file, rule,
category, text) live in the page's address (``#rule=ID``, ``#category=CAT``, ``#file=NAME``,
``#q=TEXT``), so a link can open it filtered; a rule's count filters when clicked; ``j``/``k``
move from one shown segment to the next. Unchanged segments are there for context, hidden
until asked for. In XML formats, inline tags are shown as tags (never split by the word diff)
and entities as the characters they stand for. The report changes nothing: the page names the
``posteditor review --web`` command that reviews the same files live.
"""

from __future__ import annotations

import collections
import difflib
import html
import json
import re
import shlex
from dataclasses import dataclass
from typing import Optional, Sequence

from ..text.edits import FixResult, word_opcodes

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
td.n{color:#888;width:3em;white-space:nowrap} td.t{width:33%} td.s{width:25%;color:#555}
del{background:#ffd7d5;text-decoration:line-through} ins{background:#ccf2d1;text-decoration:none}
.edit{font-size:.85em;color:#444;margin:.15em 0} .rule{font-family:monospace;background:#eef;padding:0 .3em;border-radius:3px}
.cat{font-size:.8em;color:#666} .at{font-family:monospace;color:#888} .controls{margin:1em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
.tag{font:12px monospace;background:#eef;border:1px solid #99c;border-radius:3px;padding:0 2px}
table.counts{width:auto} .counts td{border:none;padding:.1em .6em} .counts a{cursor:pointer;color:#0645ad}
tr.hidden,div.edit.hidden{display:none} tr.current{outline:2px solid #e0a800} tr.unchanged td.t{color:#777}
code.cmd{background:#f4f4f4;padding:.2em .4em}
"""

_SCRIPT = """
(function(){
  const rows=[...document.querySelectorAll('tr.seg')];
  const ids=['file','rule','category','q'], el={};
  ids.forEach(k=>el[k]=document.getElementById(k));
  const all=document.getElementById('unchanged');
  let current=-1;
  function read(){
    const h=new URLSearchParams(location.hash.slice(1));
    ids.forEach(k=>el[k].value=h.get(k)||''); all.checked=h.get('unchanged')==='1';
  }
  function write(){
    const h=new URLSearchParams();
    ids.forEach(k=>{if(el[k].value) h.set(k,el[k].value);}); if(all.checked) h.set('unchanged','1');
    history.replaceState(null,'','#'+h.toString()); apply();
  }
  function apply(){
    let shown=0; const q=el.q.value.toLowerCase();
    for(const r of rows){
      const edits=[...r.querySelectorAll('div.edit')];
      let visible=0;
      for(const e of edits){
        const ok=(!el.rule.value||e.dataset.rule===el.rule.value)&&(!el.category.value||e.dataset.category===el.category.value);
        e.classList.toggle('hidden',!ok); visible+=ok;
      }
      const filtered=el.rule.value||el.category.value;
      const ok=(!el.file.value||r.dataset.file===el.file.value)&&(!q||r.textContent.toLowerCase().includes(q))&&
        (edits.length?(!filtered||visible>0):(all.checked&&!filtered));
      r.classList.toggle('hidden',!ok); if(ok) shown++;
    }
    document.getElementById('shown').textContent=shown;
  }
  function move(step){
    const shown=rows.filter(r=>!r.classList.contains('hidden'));
    if(!shown.length) return;
    rows.forEach(r=>r.classList.remove('current'));
    current=Math.max(0,Math.min(shown.length-1,current+step));
    shown[current].classList.add('current'); shown[current].scrollIntoView({block:'center'});
  }
  ids.forEach(k=>el[k].addEventListener(k==='q'?'input':'change',write)); all.addEventListener('change',write);
  document.querySelectorAll('.counts a').forEach(a=>a.addEventListener('click',()=>{
    el.rule.value=el.rule.value===a.dataset.rule?'':a.dataset.rule; write();}));
  document.addEventListener('keydown',e=>{
    if(e.target.tagName==='INPUT'||e.target.tagName==='SELECT') return;
    if(e.key==='j') move(1); else if(e.key==='k') move(-1);
    else if(e.key==='/'){e.preventDefault(); el.q.focus();}
  });
  window.addEventListener('hashchange',()=>{read(); apply();});
  read(); apply();
})();
"""

_MARKUP_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class ReportSegment:
    """One unit in the report: where it is, what the fixers made of it, where each edit is
    in the file ((line, column, ...) each), and its source, if the file has one."""

    line: int
    result: FixResult
    places: Sequence[tuple] = ()
    source: Optional[str] = None


@dataclass(frozen=True)
class ReportFile:
    name: str
    segments: Sequence[ReportSegment]
    markup: bool = False  # XML formats: inline tags and entities


def _show(text: str, markup: bool) -> str:
    """``text`` for the page: in XML formats, a tag as a tag, an entity as its character."""
    if not markup:
        return html.escape(text)
    return "".join(f'<span class="tag">{html.escape(t)}</span>' if t.startswith("<") else html.escape(html.unescape(t))
                   for t in _MARKUP_TOKEN.findall(text))


def _diff_html(before: str, after: str, markup: bool = False) -> tuple[str, str]:
    if markup:  # a tag is one token: the diff never splits one
        a, b = _MARKUP_TOKEN.findall(before), _MARKUP_TOKEN.findall(after)
        opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    else:
        a, b, opcodes = word_opcodes(before, after)
    left, right = [], []
    for op, i1, i2, j1, j2 in opcodes:
        old, new = _show("".join(a[i1:i2]), markup), _show("".join(b[j1:j2]), markup)
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return "".join(left) or "&nbsp;", "".join(right) or "&nbsp;"


def render_html(files: Sequence[ReportFile], title: str = "posteditor report") -> str:
    """The report page of ``files``: every changed segment, and the unchanged ones for context."""
    counts: collections.Counter = collections.Counter()
    categories: dict[str, str] = {}
    rows = []
    total = changed = 0
    has_source = any(s.source is not None for f in files for s in f.segments)
    for f in files:
        for s in f.segments:
            seg = s.result
            total += 1
            at = [f'<span class="at">{p[0]}:{p[1]}</span> ' for p in s.places] or [""] * len(seg.edits)
            for e in seg.edits:
                counts[e.rule] += 1
                categories[e.rule] = e.category
            if seg.changed or seg.edits:
                changed += 1
                left, right = _diff_html(seg.original, seg.text, f.markup)
            else:
                left = right = _show(seg.original, f.markup) or "&nbsp;"
            edits = "".join(
                f'<div class="edit" data-rule="{html.escape(e.rule)}" data-category="{html.escape(e.category)}">'
                f'{where}<span class="rule">{html.escape(e.rule)}</span> <span class="cat">{html.escape(e.category)}</span> '
                f"<code>{_show(e.before, f.markup)}</code> → <code>{_show(e.after, f.markup)}</code> "
                f"{html.escape(e.message)}</div>"
                for e, where in zip(seg.edits, at)
            )
            source = f'<td class="s">{_show(s.source or "", f.markup)}</td>' if has_source else ""
            kind = "seg" if seg.edits or seg.changed else "seg unchanged"
            rows.append(f'<tr class="{kind}" data-file="{html.escape(f.name)}"><td class="n">{html.escape(f.name)}:'
                        f'{s.line}</td>{source}<td class="t">{left}</td><td class="t">{right}{edits}</td></tr>')
    options = {
        "file": [(f.name, f.name) for f in files],
        "rule": [(r, f"{r} ({n})") for r, n in sorted(counts.items())],
        "category": [(c, c) for c in sorted(set(categories.values()))],
    }
    selects = "".join(
        f'<label>{name.title()} <select id="{name}"><option value="">all</option>'
        + "".join(f'<option value="{html.escape(v)}">{html.escape(label)}</option>' for v, label in values)
        + "</select></label>" for name, values in options.items())
    count_rows = "".join(f'<tr><td><a class="rule" data-rule="{html.escape(r)}">{html.escape(r)}</a></td>'
                         f'<td>{html.escape(categories[r])}</td><td>{n}</td></tr>'
                         for r, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    summary = {"files": [f.name for f in files], "segments": total, "changed": changed, "edits": sum(counts.values())}
    command = "posteditor review --web " + " ".join(shlex.quote(f.name) for f in files)
    source_head = "<th>source</th>" if has_source else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{_STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
<p id="summary" data-summary='{html.escape(json.dumps(summary))}'>{summary['edits']} edits in {changed} of
{total} segments ({html.escape(", ".join(summary["files"]))}). To accept or reject each change:
<code class="cmd">{html.escape(command)}</code></p>
<details><summary>Edits per rule (click a rule to filter)</summary>
<table class="counts" id="counts"><tr><th>rule</th><th>category</th><th>edits</th></tr>{count_rows}</table></details>
<div class="controls">{selects}<label>Search <input id="q" type="search"></label>
<label><input id="unchanged" type="checkbox"> unchanged segments</label>
<span><span id="shown">{changed}</span> segments shown · j/k: next/previous</span></div>
<table id="segments"><tr><th></th>{source_head}<th>before</th><th>after</th></tr>{"".join(rows)}</table>
<script>{_SCRIPT}</script>
</body></html>
"""
