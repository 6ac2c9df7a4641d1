"""Chrome and disclaimers planted into clean agency articles: recall where the article's own
voice is formal third-person prose, as in the hidden evaluation's "real agency articles with
planted defects" (our stand-in: the 48 MedQuAD articles in ../shared/corpus/medquad/clean).

Every labeled chrome fragment of the real corpus (benchmarks/real/fragment_labels.jsonl, the
fragments extracted by fragments.py) is pasted, one per copy, into one of the 48 articles, at a
seeded paragraph boundary, in a temporary folder; healthlint runs over the copies; a fragment
counts as caught when a boilerplate finding touches its lines. Per half and kind, like the real
set's planted recall. The articles' text never leaves the temporary folder.

    python benchmarks/real/agency_plants.py [--half tune|heldout] [--misses]

--misses prints the fragments of the tuning half that were not caught (never the held-out
half's: it is measured, not read).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fragments import CHROME_KINDS, labeled_fragments  # noqa: E402
from realset import lint_site, plant  # noqa: E402

ROOT = HERE.parent.parent
MEDQUAD = ROOT.parent / "shared" / "corpus" / "medquad" / "clean"
SEED = "agency-plants-1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tune", "heldout"])
    parser.add_argument("--misses", action="store_true", help="print the tuning half's fragments that were not caught")
    args = parser.parse_args()
    articles = sorted(MEDQUAD.glob("*.md"))
    if not articles:
        raise SystemExit(f"no articles in {MEDQUAD}")
    frags = [f for f in labeled_fragments() if f["kind"] in CHROME_KINDS and (args.half in (None, f["half"]))]
    caught, planted = Counter(), Counter()
    with tempfile.TemporaryDirectory(prefix="healthlint-agency-") as tmp:
        plants = []
        for n, frag in enumerate(sorted(frags, key=lambda f: f["id"])):
            rng = random.Random(f"{SEED}\0{frag['id']}")
            target = articles[rng.randrange(len(articles))]
            new, first, last = plant(target.read_text(encoding="utf-8"), ".md", frag["text"], rng)
            local = Path(frag["half"]) / f"{n:04d}-{target.name}"
            (Path(tmp) / local).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / local).write_text(new, encoding="utf-8")
            plants.append((frag, str(local), first, last))
        found = lint_site([p[1] for p in plants], Path(tmp), ["--select", "boilerplate"])
        by_path: dict[str, list] = {}
        for d in found:
            by_path.setdefault(os.path.normpath(d["path"]), []).append(d)
        for frag, local, first, last in plants:
            hit = any(d["line"] <= last and d["end_line"] >= first for d in by_path.get(os.path.normpath(local), []))
            key = (frag["half"], frag["kind"])
            planted[key] += 1
            caught[key] += hit
            if args.misses and not hit and frag["half"] == "tune":
                print(f"--- missed {frag['kind']} {frag['id'][:10]} ({frag['site']})\n{frag['text']}")
    for half in ("tune", "heldout"):
        rows = [(k, caught[(half, k)], planted[(half, k)]) for k in sorted({k for h, k in planted if h == half})]
        if not rows:
            continue
        total_c, total_p = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"{half}: chrome caught in agency articles {total_c}/{total_p} = {total_c / total_p:.2f}")
        for kind, c, p in rows:
            print(f"  {kind:22} {c:4d}/{p:<4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
