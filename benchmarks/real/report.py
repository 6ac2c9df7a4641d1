"""The `--set real` table of benchmarks/quality.py: per family and rule, for the tuning half and
the held-out half of the real sites, findings per 1,000 words, judged precision on the seeded
sample, and recall on planted real chrome and disclaimers."""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realcorpus import CORPUS, HALVES, INDEX, MANIFEST, load_manifest, mirrors_dir  # noqa: E402
from realset import FAMILY_ORDER, cached_findings, load_judgments, planted_recall, score  # noqa: E402

HALF_TITLE = {"tune": "tuning half", "heldout": "held-out half"}


def missing_message() -> str | None:
    """What is missing for the real set, in a sentence a new developer can act on; None when
    the corpus is ready."""
    if INDEX.is_file():
        return None
    mirrors = mirrors_dir()
    sources = load_manifest(MANIFEST)
    absent = [s.repo for s in sources if not (mirrors / s.slug / "repo").exists()]
    if absent:
        return (f"the real corpus is not materialized and {len(absent)} of {len(sources)} mirrors are missing "
                f"under {mirrors} (first: {', '.join(absent[:3])}). Fetch them with the search tool's fetch "
                f"(github:<owner>/<name>), or set HEALTHLINT_MIRRORS, then run "
                f"python benchmarks/real/materialize.py")
    return "the real corpus is not materialized: run python benchmarks/real/materialize.py (the mirrors are present)"


def _fmt_precision(p):
    return "   -  " if p is None else f"{p:6.2f}"


def render(findings, judgments, index, recall=None, out=print) -> dict:
    words = {h: sum(a["words"] for a in index["articles"] if a["half"] == h) for h in HALVES}
    sites = {h: len({a["site"] for a in index["articles"] if a["half"] == h}) for h in HALVES}
    arts = {h: sum(1 for a in index["articles"] if a["half"] == h) for h in HALVES}
    rules, families, family_of = score(findings, judgments)
    rule_ids = {f.code: f.rule for f in findings}
    out(f"real corpus (benchmarks/real): {sum(sites.values())} sites, {sum(arts.values())} articles")
    for h in HALVES:
        out(f"  {HALF_TITLE[h]:14} {sites[h]:3d} sites {arts[h]:4d} articles {words[h]:9,d} words")
    out("")
    head = f"{'':34}"
    for h in HALVES:
        head += f" | {HALF_TITLE[h]:^34}"
    out(head)
    head = f"{'family / rule':34}"
    for h in HALVES:
        head += f" | {'found':>6} {'/1k w':>6} {'T/F/?':>12} {'prec':>6}"
    out(head)
    codes_by_family = defaultdict(set)
    for code, fam in family_of.items():
        codes_by_family[fam].add(code)
    table = {}
    for fam in sorted(codes_by_family, key=lambda f: (FAMILY_ORDER.index(f) if f in FAMILY_ORDER else 99, f)):
        line = f"{fam:34}"
        for h in HALVES:
            c = families.get((h, fam), {"count": 0, "true": 0, "false": 0, "debatable": 0, "precision": None})
            per_k = 1000 * c["count"] / words[h] if words[h] else 0
            line += f" | {c['count']:>6} {per_k:6.2f} {c['true']:>4}/{c['false']:>3}/{c['debatable']:>3} {_fmt_precision(c['precision'])}"
            table[(h, fam)] = {"per_1k": per_k, **c}
        out(line)
        for code in sorted(codes_by_family[fam]):
            line = f"  {code} {rule_ids[code][:27]:27}"
            for h in HALVES:
                cell = rules.get((h, code))
                if cell is None:
                    line += f" | {0:>6} {0:6.2f} {'':>12} {'':>6}"
                    continue
                per_k = 1000 * cell.count / words[h] if words[h] else 0
                line += (f" | {cell.count:>6} {per_k:6.2f} {cell.true:>4}/{cell.false:>3}/{cell.debatable:>3} "
                         f"{_fmt_precision(cell.precision)}")
                table[(h, code)] = {"per_1k": per_k, "count": cell.count, "true": cell.true, "false": cell.false,
                                    "debatable": cell.debatable, "unjudged": cell.unjudged, "precision": cell.precision}
            out(line)
    out("  (T/F/?: judged true / false / debatable in the seeded sample of at most 40 a rule and half;")
    out("   a family's precision weighs each rule's sample precision by the rule's share of findings)")
    waiting = {h: sum(c.unjudged for (hh, _), c in rules.items() if hh == h) for h in HALVES}
    out(f"sampled findings awaiting a verdict: {waiting['tune']} in the tuning half, {waiting['heldout']} in the held-out half"
        + ("" if not any(waiting.values()) else "  <- judge them before quoting a figure (benchmarks/real/judge.py)"))
    if recall is not None:
        out("")
        out("planted recall (real fragments pasted into articles of other sites)"
            + "".join(f" | {HALF_TITLE[h]:^34}" for h in HALVES)[len("planted recall (real fragments pasted into articles of other sites)") - 34:]
            if False else f"{'planted recall (caught / planted)':54}" + "".join(f" | {HALF_TITLE[h]:^34}" for h in HALVES))
        plants = recall["plants"]
        groups = [("chrome: a boilerplate finding on the pasted paragraph", lambda p: p["code"] is None, None)]
        for label, code in (("medical disclaimer: HL301 no longer fires", "HL301"),
                            ("exercise disclaimer: HL302 no longer fires", "HL302"),
                            ("FDA statement: HL303 no longer fires", "HL303")):
            groups.append((label, (lambda c: lambda p: p["code"] == c)(code), code))
        for label, pick, code in groups:
            line = f"  {label:52}"
            for h in HALVES:
                sel = [p for p in plants if pick(p) and p["half"] == h]
                caught = sum(p["caught"] for p in sel)
                line += f" | {caught:4d}/{len(sel):4d} = {caught / len(sel) if sel else 0:5.2f}{'':18}"
                table[(h, "recall", code or "chrome")] = (caught, len(sel))
            out(line)
            if code is None:
                kinds = sorted({p["kind"] for p in plants if pick(p)})
                for kind in kinds:
                    line = f"    {kind:50}"
                    for h in HALVES:
                        sel = [p for p in plants if pick(p) and p["half"] == h and p["kind"] == kind]
                        caught = sum(p["caught"] for p in sel)
                        line += f" | {caught:4d}/{len(sel):4d}{'':26}"
                    out(line)
        line = f"  {'disclaimers flagged as boilerplate or duplicate':52}"
        for h in HALVES:
            sel = [p for p in plants if p["code"] and p["half"] == h]
            flagged = sum(p["flagged_as_boilerplate"] for p in sel)
            line += f" | {flagged:4d}/{len(sel):4d}{'':26}"
        out(line)
    return table


RECALL_READ = Path(__file__).resolve().parent / "recall_read.jsonl"
READ_FAMILIES = ("duplicate-paragraph", "unsourced-claim", "missing-disclaimer", "boilerplate", "typo")


def load_recall_read(path: Path = RECALL_READ) -> list[dict]:
    """The articles an editor read in full, each with what healthlint missed in it. A line that
    is not an object with site, path, half and a list of misses (family, what) is an error."""
    import json

    out = []
    if not path.is_file():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: not JSON ({exc})") from None
        if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in ("site", "path", "half")):
            raise SystemExit(f"{path}:{n}: needs site, path and half")
        if rec["half"] not in HALVES or not isinstance(rec.get("missed"), list):
            raise SystemExit(f"{path}:{n}: half must be one of {HALVES} and missed a list")
        for miss in rec["missed"]:
            if not isinstance(miss, dict) or miss.get("family") not in READ_FAMILIES or not miss.get("what"):
                raise SystemExit(f"{path}:{n}: each miss needs a family of {READ_FAMILIES} and a 'what'")
        out.append(rec)
    return out


def render_recall_read(read: list[dict], out=print) -> None:
    if not read:
        out("recall read: none yet (benchmarks/real/recall_read.jsonl)")
        return
    misses = Counter(m["family"] for r in read for m in r["missed"])
    halves = Counter(r["half"] for r in read)
    clean = sum(1 for r in read if not r["missed"])
    out(f"recall read: {len(read)} articles read in full ({', '.join(f'{n} {HALF_TITLE[h]}' for h, n in sorted(halves.items()))}); "
        f"{clean} with nothing missed; {sum(misses.values())} misses: "
        + ", ".join(f"{fam} {misses[fam]}" for fam in READ_FAMILIES if misses[fam]))


def run(show_recall: bool = True, refresh: bool = False, out=print) -> int:
    problem = missing_message()
    if problem:
        out(f"real set: {problem}")
        return 1
    import json

    index = json.loads(INDEX.read_text(encoding="utf-8"))
    findings = cached_findings(index, refresh=refresh)
    recall = planted_recall(index, findings) if show_recall else None
    render(findings, load_judgments(), index, recall, out=out)
    out("")
    render_recall_read(load_recall_read(), out=out)
    return 0


if __name__ == "__main__":
    sys.exit(run())
