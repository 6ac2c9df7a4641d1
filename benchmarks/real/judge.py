"""An editor's verdicts on the sampled findings of the real corpus.

  python benchmarks/real/judge.py queue                  how many sampled findings await a verdict
  python benchmarks/real/judge.py show --half tune --rule HL501 [--n 20]
                                                         the next unjudged sampled findings, in context
  python benchmarks/real/judge.py add < verdicts.txt     record verdicts, one a line:
                                                         <key prefix> <true|false|debatable> <reason>

Verdicts go to benchmarks/real/judgments.jsonl (committed): key, rule, site, path, verdict and the
reason in the editor's own words. The flagged text itself is never stored.

The held-out half is judged only to measure it: nobody changes a rule while reading its findings.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realcorpus import CORPUS  # noqa: E402
from realset import JUDGMENTS, VERDICTS, cached_findings, load_judgments, sample  # noqa: E402

DOC_LEVEL = {"HL301", "HL302", "HL303", "HL314", "HL001"}
CUES = re.compile(r"(medical advice|substitute|not intended|informational|educational purposes|consult|"
                  r"talk to your|speak (?:to|with)|check with|disclaimer|food and drug administration|fda|"
                  r"healthcare (?:provider|professional)|doctor before|physician)", re.I)


def context(f, width: int = 420) -> str:
    text = (CORPUS / f.local).read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    if f.code in DOC_LEVEL:
        title = next((ln for ln in lines if ln.startswith(("title:", "# ", "title ="))), lines[0] if lines else "")
        cues = []
        for n, ln in enumerate(lines, 1):
            for m in CUES.finditer(ln):
                a, b = max(0, m.start() - 90), min(len(ln), m.end() + 90)
                cues.append(f"      L{n}: …{ln[a:b]}…")
                break
        body = "\n".join(cues[:8]) if cues else "      (no disclaimer cue words anywhere)"
        return f"    {len(lines)} lines; {title[:120]}\n{body}"
    line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
    a = f.column - 1
    b = len(line) if f.end_line != f.line else max(a, f.end_column - 1)
    left = max(0, a - width // 2)
    shown = line[left:a] + "⟦" + line[a:b] + "⟧" + line[b:b + width // 2]
    out = "    " + ("…" if left else "") + shown
    for path, ln in f.related[:1]:
        other = CORPUS / Path(f.local).parent / path if not Path(path).is_absolute() else Path(path)
        site_dir = CORPUS / f.half / f.site.replace("/", "+")
        other = site_dir / path
        if other.is_file():
            olines = other.read_text(encoding="utf-8", errors="replace").splitlines()
            if 0 < ln <= len(olines):
                out += f"\n    related {path}:{ln}: {olines[ln - 1][:width]}"
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("queue")
    show = sub.add_parser("show")
    show.add_argument("--half", required=True, choices=["tune", "heldout"])
    show.add_argument("--rule", required=True)
    show.add_argument("--n", type=int, default=20)
    show.add_argument("--all", action="store_true", help="judged ones too")
    sub.add_parser("add")
    args = parser.parse_args(argv)

    findings = cached_findings()
    judged = load_judgments()
    picked = sample(findings)
    if args.cmd == "queue":
        waiting = Counter((f.half, f.code) for f in picked if f.key not in judged)
        for (half, code), n in sorted(waiting.items()):
            print(f"{half:8} {code} {n}")
        print(f"{sum(waiting.values())} sampled findings await a verdict ({len(picked)} sampled)")
        return 0
    if args.cmd == "show":
        todo = [f for f in picked if f.half == args.half and f.code == args.rule and (args.all or f.key not in judged)]
        for f in todo[: args.n]:
            verdict = judged.get(f.key, {}).get("verdict", "")
            print(f"[{f.key[:10]}] {verdict} {f.site} {f.path}:{f.line}:{f.column}")
            print(textwrap.indent(textwrap.fill(f.message, 160), "  "))
            print(context(f))
            print()
        print(f"({len(todo)} shown or waiting)")
        return 0
    by_prefix = {}
    for f in picked:
        by_prefix.setdefault(f.key[:10], f)
    added = 0
    with JUDGMENTS.open("a", encoding="utf-8") as out:
        for line in sys.stdin:
            if not line.strip() or line.startswith("#"):
                continue
            prefix, verdict, reason = (line.rstrip("\n").split(None, 2) + ["", ""])[:3]
            f = by_prefix.get(prefix[:10])
            if f is None or verdict not in VERDICTS or not reason:
                print(f"skipped (unknown key, bad verdict or no reason): {line.strip()}", file=sys.stderr)
                continue
            rec = {"key": f.key, "half": f.half, "rule": f.code, "site": f.site, "path": f.path,
                   "verdict": verdict, "reason": reason.strip()}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            added += 1
    print(f"{added} verdicts recorded in {JUDGMENTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
