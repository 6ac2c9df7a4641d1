"""A report editors read: one self-contained HTML page (no external assets; it works offline
and as an e-mail attachment). A summary by family and by draft, then each draft's text with
the findings highlighted in place and explained beside them, filterable by family and severity.

Diagnostics do not carry the drafts' text, so this reporter re-reads each draft that has
findings from disk with the same reader the run used; a draft that cannot be read again is
listed with its findings but without its text. Everything taken from a draft, a path or a
message is HTML-escaped: a draft containing <script> shows it as text."""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from html import escape

from .. import __version__
from ..errors import InputError
from ..model import LineIndex
from ..packs import FAMILIES
from ..decode import read_draft
from ..ruledocs import rule_doc

FAMILY_NAMES = {
    "duplicate-paragraph": "Duplicated paragraphs",
    "unsourced-claim": "Unsourced claims",
    "missing-disclaimer": "Missing disclaimers",
    "boilerplate": "Website boilerplate",
    "typo": "Typos",
    "document": "Document problems",
}
SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(reversed(SEVERITY_ORDER), 1)}
NO_SIZE_LIMIT = 1 << 62  # the run already accepted these files under the config's limit

STYLE = """
:root { --error:#b42318; --error-bg:#fde2df; --warning:#9a6700; --warning-bg:#fff1c2;
  --info:#175cd3; --info-bg:#dbe8fe; --line:#e4e7ec; --muted:#667085; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  color:#101828; background:#f9fafb; }
header.top { background:#fff; border-bottom:1px solid var(--line); padding:16px 24px; }
header.top h1 { margin:0 0 4px; font-size:22px; }
main { padding:16px 24px 48px; max-width:1500px; }
.muted { color:var(--muted); }
section.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:16px 0; }
h2 { font-size:18px; margin:0 0 12px; }
table.counts { border-collapse:collapse; min-width:50%; }
table.counts th, table.counts td { padding:4px 12px; border-bottom:1px solid var(--line); text-align:right; }
table.counts th:first-child, table.counts td:first-child { text-align:left; }
table.counts tr.total td { font-weight:600; }
.filters { position:sticky; top:0; z-index:2; background:#fff; border:1px solid var(--line);
  border-radius:8px; padding:10px 16px; margin:16px 0; display:flex; flex-wrap:wrap; gap:8px 24px; align-items:center; }
.filters fieldset { border:0; margin:0; padding:0; display:flex; flex-wrap:wrap; gap:4px 14px; }
.filters legend { font-weight:600; float:left; margin-right:8px; }
.filters label { white-space:nowrap; cursor:pointer; }
.badge { display:inline-block; border-radius:10px; padding:0 8px; font-size:12px; font-weight:600; }
.sev-error .badge.sev, .badge.sev-error { background:var(--error-bg); color:var(--error); }
.sev-warning .badge.sev, .badge.sev-warning { background:var(--warning-bg); color:var(--warning); }
.sev-info .badge.sev, .badge.sev-info { background:var(--info-bg); color:var(--info); }
table.draft { border-collapse:collapse; width:100%; table-layout:fixed; }
table.draft td { vertical-align:top; padding:2px 8px; border-bottom:1px solid #f2f4f7; }
table.draft td.ln { width:52px; text-align:right; color:var(--muted); font:12px/1.9 ui-monospace,Menlo,Consolas,monospace; user-select:none; }
table.draft td.src { white-space:pre-wrap; overflow-wrap:anywhere; font:14px/1.7 Georgia,"Times New Roman",serif; }
table.draft td.notes { width:38%; }
mark { border-radius:2px; padding:0 1px; color:inherit; }
mark[data-sev=error] { background:var(--error-bg); box-shadow:inset 0 -2px var(--error); }
mark[data-sev=warning] { background:var(--warning-bg); box-shadow:inset 0 -2px var(--warning); }
mark[data-sev=info] { background:var(--info-bg); box-shadow:inset 0 -2px var(--info); }
mark.off { background:none; box-shadow:none; }
sup.ref { font:600 10px/1 system-ui,sans-serif; color:#fff; background:#475467; border-radius:6px; padding:1px 4px; margin-right:2px; }
.note { border-left:4px solid var(--line); background:#fcfcfd; padding:6px 10px; margin:0 0 6px; border-radius:0 6px 6px 0; font-size:14px; }
.note.sev-error { border-left-color:var(--error); }
.note.sev-warning { border-left-color:var(--warning); }
.note.sev-info { border-left-color:var(--info); }
.note .head { font-size:12px; color:var(--muted); }
.note .msg { margin:2px 0; }
.note .suggest { margin:2px 0; }
.note details { font-size:13px; color:#344054; }
.note:target { outline:2px solid #475467; }
.doc-notes { margin:0 0 10px; }
[hidden] { display:none !important; }
code { font:12px ui-monospace,Menlo,Consolas,monospace; }
@media print { .filters { display:none; } body { background:#fff; } }
"""

# Reports with more drafts than this render each draft's text only when it scrolls into view
# (or a link leads to it): its markup waits as a JSON string, so a report of 3,000 drafts opens at
# once instead of building and painting millions of table cells. Smaller reports render everything.
LAZY_AFTER = 40

SCRIPT = """
(function () {
  var RANK = {error: 3, warning: 2, info: 1};
  var form = document.getElementById('filters');
  var query = document.getElementById('search');
  var sections = [].slice.call(document.querySelectorAll('section.draft'));
  function checked(name) {
    var out = {};
    if (form) form.querySelectorAll('input[name=' + name + ']').forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }
  function applyTo(root, fam, sev) {
    var shown = {};
    root.querySelectorAll('[data-family]').forEach(function (el) {
      var on = fam[el.dataset.family] !== false && sev[el.dataset.severity] !== false;
      el.hidden = !on;
      if (el.classList.contains('note')) shown[el.dataset.id] = on ? el.dataset.severity : null;
    });
    root.querySelectorAll('mark[data-f]').forEach(function (m) {
      var best = null;
      m.dataset.f.split(' ').forEach(function (id) {
        var s = shown[id];
        if (s && (!best || RANK[s] > RANK[best])) best = s;
      });
      m.classList.toggle('off', !best);
      if (best) m.dataset.sev = best;
    });
  }
  function pending(sec) { return sec.querySelector('script.draft-body'); }
  function render(sec) {
    var t = pending(sec);
    if (!t) return;
    t.insertAdjacentHTML('afterend', JSON.parse(t.textContent));
    t.remove();
    applyTo(sec, checked('family'), checked('severity'));
  }
  function apply() {
    var fam = checked('family'), sev = checked('severity'), count = 0;
    var q = query ? query.value.trim().toLowerCase() : '';
    sections.forEach(function (sec) {
      var n = 0;
      (sec.dataset.kinds || '').split(' ').forEach(function (k) {
        if (!k) return;
        var parts = k.split(':');
        if (fam[parts[0]] !== false && sev[parts[1]] !== false) n++;
      });
      var match = !q || sec.dataset.q.indexOf(q) !== -1;
      sec.hidden = !(n && match);
      if (!sec.hidden) count += n;
      if (!pending(sec)) applyTo(sec, fam, sev);
    });
    document.querySelectorAll('tr[data-q]').forEach(function (row) {
      row.hidden = !!q && row.dataset.q.indexOf(q) === -1;
    });
    var shown = document.getElementById('shown');
    if (shown) shown.textContent = count;
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id), sec = null, m = /^f(\\d+)$/.exec(id);
    if (target) sec = target.closest('section.draft');
    else if (m) {
      var n = +m[1];
      sec = sections.find(function (s) { return +s.dataset.first <= n && n <= +s.dataset.last; });
    }
    if (sec && pending(sec)) {
      render(sec);
      target = document.getElementById(id);
      if (target) target.scrollIntoView();
    }
  }
  if ('IntersectionObserver' in window) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { render(e.target); seen.unobserve(e.target); } });
    }, {rootMargin: '1200px 0px'});
    sections.forEach(function (sec) { if (pending(sec)) seen.observe(sec); });
  } else {
    sections.forEach(render);
  }
  if (form) form.addEventListener('change', apply);
  if (query) query.addEventListener('input', apply);
  window.addEventListener('hashchange', reveal);
  apply();
  reveal();
})();
"""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Finding:
    """A diagnostic with its number in the report and its offsets in the re-read source."""

    __slots__ = ("num", "d", "start", "end")

    def __init__(self, num: int, d, start: int = 0, end: int = 0):
        self.num, self.d, self.start, self.end = num, d, start, end

    @property
    def zero_width(self) -> bool:
        return self.end <= self.start


def _note(f: _Finding, specs: dict) -> str:
    d = f.d
    spec = specs.get(d.rule)
    parts = [
        f'<div class="note sev-{escape(d.severity)}" id="f{f.num}" data-id="{f.num}" '
        f'data-family="{escape(d.family)}" data-severity="{escape(d.severity)}">',
        f'<div class="head"><sup class="ref">{f.num}</sup> <span class="badge sev">{escape(d.severity)}</span> '
        f'<code>{escape(d.code)}</code> {escape(d.rule)} \u00b7 line {d.line}, column {d.column}</div>',
        f'<div class="msg">{escape(d.message)}</div>',
    ]
    if d.suggestion:
        parts.append(f'<div class="suggest"><strong>Suggested:</strong> {escape(d.suggestion)}</div>')
    if d.related:
        where = ", ".join(escape(f"{p}:{ln}") for p, ln in d.related)
        parts.append(f'<div class="related muted">Also at {where}</div>')
    if spec is not None:
        why = rule_doc(spec, with_options=False).why
        if why:
            parts.append(f"<details><summary>Why this matters</summary>{escape(why)}</details>")
    parts.append("</div>")
    return "".join(parts)


def _draft_rows(text: str, findings: list[_Finding], specs: dict) -> str:
    index = LineIndex(text)
    starts = index.starts
    spans = [f for f in findings if not f.zero_width]
    notes_by_line: dict[int, list[_Finding]] = defaultdict(list)
    for f in spans:
        notes_by_line[f.d.line].append(f)
    rows = []
    for ln, line_start in enumerate(starts, 1):
        line_end = starts[ln] if ln < len(starts) else len(text)
        while line_end > line_start and text[line_end - 1] in "\r\n":
            line_end -= 1
        if ln == len(starts) and line_start == len(text) and ln > 1:
            break  # the empty "line" after the final newline
        here = [f for f in spans if f.start < line_end and f.end > line_start]
        rows.append(f'<tr id="L{ln}"><td class="ln">{ln}</td><td class="src">'
                    f"{_highlight(text, line_start, line_end, here)}</td><td class=\"notes\">"
                    + "".join(_note(f, specs) for f in notes_by_line.get(ln, ())) + "</td></tr>")
    return "".join(rows)


def _highlight(text: str, start: int, end: int, findings: list[_Finding]) -> str:
    """The line's text with every flagged stretch wrapped in <mark>; overlapping findings split
    the text into pieces, each mark listing the findings that cover it."""
    if not findings:
        return escape(text[start:end])
    cuts = {start, end}
    for f in findings:
        cuts.add(min(max(f.start, start), end))
        cuts.add(min(max(f.end, start), end))
    cuts = sorted(cuts)
    out = []
    begins: dict[int, list[_Finding]] = defaultdict(list)  # a numbered tag where each finding begins
    for f in findings:
        if start <= f.start < end:
            begins[f.start].append(f)
    for a, b in zip(cuts, cuts[1:]):
        for f in begins.get(a, ()):
            out.append(f'<sup class="ref" data-family="{escape(f.d.family)}" data-severity="{escape(f.d.severity)}">'
                       f'<a href="#f{f.num}" style="color:inherit;text-decoration:none">{f.num}</a></sup>')
        piece = escape(text[a:b])
        active = [f for f in findings if f.start <= a and f.end >= b]
        if active:
            ids = " ".join(str(f.num) for f in active)
            sev = max((f.d.severity for f in active), key=lambda s: SEVERITY_RANK.get(s, 0))
            out.append(f'<mark data-f="{ids}" data-sev="{escape(sev)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _inert(markup: str) -> str:
    """Markup as a JSON string that cannot end its <script> element early ("</" is written "<\\/")."""
    return json.dumps(markup).replace("</", "<\\/")


def natural_key(path: str) -> list:
    """Sort key that orders numbers by value: draft-2 before draft-10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.split(r"(\d+)", path)]


def _count_table(header: list[str], rows: list[list[str]], total: list[str] | None, keys: list[str] | None = None) -> str:
    out = ['<table class="counts"><thead><tr>' + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead><tbody>"]
    out += [(f'<tr data-q="{escape(keys[n])}">' if keys else "<tr>") + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
            for n, row in enumerate(rows)]
    if total:
        out.append('<tr class="total">' + "".join(f"<td>{c}</td>" for c in total) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render(result, *, rules=None, baseline=None, **_) -> str:
    diagnostics = result.diagnostics
    specs = {s.id: s for s in rules.all_specs} if rules is not None else {}
    by_path: dict[str, list] = defaultdict(list)
    for d in diagnostics:
        by_path[d.path].append(d)
    order = sorted(by_path, key=natural_key)  # d2 before d10, as a person counts
    families = list(FAMILIES) + sorted({d.family for d in diagnostics} - set(FAMILIES))

    # --- summary ----------------------------------------------------------------------------
    sev_by_family = Counter((d.family, d.severity) for d in diagnostics)
    family_rows = []
    for fam in families:
        counts = [sev_by_family[(fam, s)] for s in SEVERITY_ORDER]
        family_rows.append([escape(FAMILY_NAMES.get(fam, fam)), *map(str, counts), str(sum(counts))])
    sev_totals = Counter(d.severity for d in diagnostics)
    by_family = _count_table(["Family", "Errors", "Warnings", "Info", "Total"], family_rows,
                             ["All families", *(str(sev_totals[s]) for s in SEVERITY_ORDER), str(len(diagnostics))])
    draft_rows = []
    for i, path in enumerate(order):
        fam_counts = Counter(d.family for d in by_path[path])
        draft_rows.append((path, [f'<a href="#draft-{i}">{escape(path)}</a>', *(str(fam_counts[f] or "") for f in families),
                                  str(len(by_path[path]))]))
    by_draft = _count_table(["Draft", *(escape(FAMILY_NAMES.get(f, f)) for f in families), "Total"],
                            [row for _, row in draft_rows], None, keys=[p.lower() for p, _ in draft_rows]) \
        if draft_rows else "<p>No draft has findings.</p>"
    clean = sorted((p for p in result.files if p not in by_path), key=natural_key)
    clean_html = ""
    if clean:
        clean_html = (f"<details><summary>{_plural(len(clean), 'draft')} without findings</summary><ul>"
                      + "".join(f"<li>{escape(p)}</li>" for p in clean) + "</ul></details>")
    problems_html = ""
    if result.problems:
        problems_html = ('<section class="card"><h2>Drafts that could not be checked</h2><ul>'
                         + "".join(f"<li><strong>{escape(p.path)}</strong>: {escape(p.message)}</li>"
                                   for p in result.problems) + "</ul></section>")
    baseline_html = ""
    if baseline is not None:
        baseline_html = (f'<p class="muted">{_plural(baseline.known, "known finding")} from the baseline '
                         f"{escape(baseline.path)} {'is' if baseline.known == 1 else 'are'} not shown.</p>")

    # --- filters ----------------------------------------------------------------------------
    fam_counts = Counter(d.family for d in diagnostics)
    fam_boxes = "".join(
        f'<label><input type="checkbox" name="family" value="{escape(f)}" checked> '
        f"{escape(FAMILY_NAMES.get(f, f))} ({fam_counts[f]})</label>" for f in families if fam_counts[f])
    sev_boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> '
        f'<span class="badge sev-{s}">{s}</span> ({sev_totals[s]})</label>' for s in SEVERITY_ORDER if sev_totals[s])
    filters = ""
    if diagnostics:
        filters = (f'<form class="filters" id="filters" onsubmit="return false">'
                   f'<fieldset><legend>Search</legend><input type="search" id="search" '
                   f'placeholder="draft name or words of a finding" aria-label="Search drafts and findings"></fieldset>'
                   f"<fieldset><legend>Families</legend>{fam_boxes}</fieldset>"
                   f"<fieldset><legend>Severity</legend>{sev_boxes}</fieldset>"
                   f'<span class="muted">Showing <strong id="shown">{len(diagnostics)}</strong> of '
                   f"{len(diagnostics)}</span></form>")

    # --- drafts -----------------------------------------------------------------------------
    sections = []
    num = 0
    for i, path in enumerate(order):
        try:
            text = read_draft(path, NO_SIZE_LIMIT).text
        except InputError as exc:
            text, unreadable = None, exc.message
        index = LineIndex(text) if text is not None else None
        findings = []
        for d in by_path[path]:
            num += 1
            if index is None:
                findings.append(_Finding(num, d))
                continue
            start = min(index.line_start(d.line) + d.column - 1, len(text))
            end = min(index.line_start(d.end_line) + d.end_column - 1, len(text))
            findings.append(_Finding(num, d, start, max(start, end)))
        # about the whole draft, or (if the draft changed since the run) nowhere in its text
        doc_level = [f for f in findings if f.zero_width or text is None or f.d.line > index.line_count]
        head = (f'<h2>{escape(path)} <span class="muted" style="font-weight:400;font-size:14px">'
                f"{_plural(len(findings), 'finding')}</span></h2>")
        body = ""
        if doc_level:
            body += '<div class="doc-notes">' + "".join(_note(f, specs) for f in doc_level) + "</div>"
        if text is None:
            body += f'<p class="muted">The draft could not be read again to show its text: {escape(unreadable)}</p>'
        else:
            body += ('<table class="draft"><tbody>' + _draft_rows(text, [f for f in findings if f not in doc_level], specs)
                     + "</tbody></table>")
        kinds = " ".join(f"{f.d.family}:{f.d.severity}" for f in findings)
        q = " ".join([path, *(f.d.message for f in findings)]).lower()
        lazy = len(order) > LAZY_AFTER
        # a lazy draft's markup waits as a JSON string in an inert script: the HTML parser reads it
        # as raw text (no DOM is built for it) until the draft is shown
        inner = (f'<script type="application/json" class="draft-body">{_inert(body)}</script>' if lazy else body)
        sections.append(f'<section class="card draft" id="draft-{i}" data-kinds="{escape(kinds)}" data-q="{escape(q)}" '
                        f'data-first="{findings[0].num if findings else 0}" data-last="{findings[-1].num if findings else 0}">'
                        f'{head}{inner}<p><a href="#summary">Back to the summary</a></p></section>')

    n_files = len(result.files)
    title = "healthlint report"
    subtitle = (f"{_plural(len(diagnostics), 'finding')} in {_plural(len(order), 'draft')} "
                f"({_plural(n_files, 'draft')} checked)")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f'<header class="top"><h1>{title}</h1><div class="muted">{subtitle} \u00b7 healthlint {escape(__version__)}</div></header>',
        "<main>",
        f'<section class="card" id="summary"><h2>Findings by family</h2>{by_family}{baseline_html}</section>',
        f'<section class="card"><h2>Findings by draft</h2>{by_draft}{clean_html}</section>',
        problems_html,
        filters,
        "".join(sections),
        "</main>",
        f"<script>{SCRIPT}</script>",
        "</body></html>\n",
    ])
