"""A self-contained HTML report of every change: before and after side by side, each edit
highlighted with its rule and message, filters by rule and category, counts per rule.

One file, no external assets: styles and the small filtering script are inline. The page
reads ``#rule=ID`` or ``#category=CAT`` from its address, so a link can open it filtered.
"""

from __future__ import annotations

import collections
import html
import json
from typing import Sequence

from ..text.edits import word_opcodes

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
td.n{color:#888;width:3em;white-space:nowrap} td.t{width:40%}
del{background:#ffd7d5;text-decoration:line-through} ins{background:#ccf2d1;text-decoration:none}
.edit{font-size:.85em;color:#444;margin:.15em 0} .rule{font-family:monospace;background:#eef;padding:0 .3em;border-radius:3px}
.cat{font-size:.8em;color:#666} .at{font-family:monospace;color:#888} .controls{margin:1em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
table.counts{width:auto} .counts td{border:none;padding:.1em .6em} tr.hidden{display:none}
"""

_SCRIPT = """
(function(){
  const rows=[...document.querySelectorAll('tr.seg')];
  const rule=document.getElementById('rule'), cat=document.getElementById('category');
  function apply(){
    let shown=0;
    for(const r of rows){
      const ok=(!rule.value||r.dataset.rules.split(' ').includes(rule.value))&&(!cat.value||r.dataset.categories.split(' ').includes(cat.value));
      r.classList.toggle('hidden',!ok); if(ok) shown++;
    }
    document.getElementById('shown').textContent=shown;
  }
  const h=new URLSearchParams(location.hash.slice(1));
  if(h.get('rule')) rule.value=h.get('rule');
  if(h.get('category')) cat.value=h.get('category');
  rule.addEventListener('change',apply); cat.addEventListener('change',apply); apply();
})();
"""


def _diff_html(before: str, after: str) -> tuple[str, str]:
    a, b, opcodes = word_opcodes(before, after)
    left, right = [], []
    for op, i1, i2, j1, j2 in opcodes:
        old, new = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return "".join(left) or "&nbsp;", "".join(right) or "&nbsp;"


def render_html(files: Sequence[tuple[str, Sequence]], title: str = "posteditor report") -> str:
    """``files``: (name, [(line, FixResult), ...]) for every file, or (name, [(line, FixResult,
    places), ...]) with each edit's (line, column, ...) in the file; only changed segments are shown."""
    counts: collections.Counter = collections.Counter()
    categories: dict[str, str] = {}
    rows = []
    total = 0
    for name, segments in files:
        for line, seg, *places in segments:
            total += 1
            at = [f'<span class="at">{p[0]}:{p[1]}</span> ' for p in places[0]] if places else [""] * len(seg.edits)
            if not seg.changed and not seg.edits:
                continue
            rules = sorted({e.rule for e in seg.edits})
            cats = sorted({e.category for e in seg.edits})
            for e in seg.edits:
                counts[e.rule] += 1
                categories[e.rule] = e.category
            left, right = _diff_html(seg.original, seg.text)
            edits = "".join(
                f'<div class="edit">{where}<span class="rule">{html.escape(e.rule)}</span> '
                f'<span class="cat">{html.escape(e.category)}</span> '
                f"<code>{html.escape(repr(e.before))}</code> → <code>{html.escape(repr(e.after))}</code> "
                f"{html.escape(e.message)}</div>"
                for e, where in zip(seg.edits, at)
            )
            rows.append(
                f'<tr class="seg" data-rules="{html.escape(" ".join(rules))}" '
                f'data-categories="{html.escape(" ".join(cats))}">'
                f'<td class="n">{html.escape(name)}:{line}</td><td class="t">{left}</td>'
                f'<td class="t">{right}{edits}</td></tr>'
            )
    rule_opts = "".join(f'<option value="{html.escape(r)}">{html.escape(r)} ({n})</option>'
                        for r, n in sorted(counts.items()))
    cat_opts = "".join(f'<option value="{html.escape(c)}">{html.escape(c)}</option>'
                       for c in sorted(set(categories.values())))
    count_rows = "".join(f'<tr><td class="rule">{html.escape(r)}</td><td>{html.escape(categories[r])}</td><td>{n}</td></tr>'
                         for r, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    summary = {"files": [n for n, _ in files], "segments": total, "changed": len(rows), "edits": sum(counts.values())}
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{_STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
<p id="summary" data-summary='{html.escape(json.dumps(summary))}'>{summary['edits']} edits in {summary['changed']} of
{total} segments ({html.escape(", ".join(summary["files"]))}).</p>
<table class="counts" id="counts"><tr><th>rule</th><th>category</th><th>edits</th></tr>{count_rows}</table>
<div class="controls"><label>Rule <select id="rule"><option value="">all</option>{rule_opts}</select></label>
<label>Category <select id="category"><option value="">all</option>{cat_opts}</select></label>
<span><span id="shown">{len(rows)}</span> segments shown</span></div>
<table id="segments"><tr><th></th><th>before</th><th>after</th></tr>{"".join(rows)}</table>
<script>{_SCRIPT}</script>
</body></html>
"""
