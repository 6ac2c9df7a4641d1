#!/usr/bin/env python3
"""Consistency check for the typo-family labeled benchmark.

Checks that inline `expect:` comments in drafts/ agree with MANIFEST.json,
that each manifest `wrong` string occurs on its line, that the clean drafts
carry no labels, and that every entry in medical_terms.txt occurs, correctly
spelled, in the drafts. Standard library only. Exit code 0 means consistent.
"""
import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
EXPECT = re.compile(r"<!--\s*expect:\s*(.*?)\s*-->")
COMMENT = re.compile(r"<!--.*?-->")
FAMILY = "typo"


def main() -> int:
    problems = []
    manifest = json.loads((HERE / "MANIFEST.json").read_text(encoding="utf-8"))
    by_line = collections.defaultdict(list)
    for e in manifest:
        by_line[(e["file"], e["line"])].append(e)

    drafts = sorted((HERE / "drafts").iterdir())
    label_total = 0
    texts = []
    for path in drafts:
        rel = f"drafts/{path.name}"
        lines = path.read_text(encoding="utf-8").split("\n")
        texts.append(COMMENT.sub("", "\n".join(lines)))
        for no, line in enumerate(lines, 1):
            tokens = []
            for m in EXPECT.finditer(line):
                tokens += m.group(1).split()
            bad = [t for t in tokens if t != FAMILY]
            if bad:
                problems.append(f"{rel}:{no}: unexpected label token(s) {bad}")
            label_total += len(tokens)
            entries = by_line.pop((rel, no), [])
            if len(tokens) != len(entries):
                problems.append(f"{rel}:{no}: {len(tokens)} label token(s) but {len(entries)} manifest entr(y/ies)")
            body = COMMENT.sub("", line)
            for e in entries:
                if e["wrong"] not in body:
                    problems.append(f"{rel}:{no}: manifest wrong={e['wrong']!r} not found on line")
            if tokens and not line.rstrip().endswith("-->"):
                problems.append(f"{rel}:{no}: label comment is not at the end of the line")
        if "clean" in path.name and any(k[0] == rel for k in by_line):
            problems.append(f"{rel}: clean draft has manifest entries")
    for (f, no), entries in by_line.items():
        problems.append(f"{f}:{no}: {len(entries)} manifest entr(y/ies) with no matching draft line")

    if label_total != len(manifest):
        problems.append(f"label tokens {label_total} != manifest entries {len(manifest)}")

    corpus = "\n".join(texts)
    terms = [t.strip() for t in (HERE / "medical_terms.txt").read_text(encoding="utf-8").splitlines() if t.strip()]
    for t in terms:
        flags = re.IGNORECASE if t.islower() else 0
        if not re.search(r"(?<![\w-])" + re.escape(t) + r"(?!\w)", corpus, flags):
            problems.append(f"medical_terms.txt: {t!r} does not occur in the drafts")
    if len({t.lower() for t in terms}) != len(terms):
        problems.append("medical_terms.txt has duplicate entries")
    wrongs = collections.Counter(e["wrong"].lower() for e in manifest)
    for w, n in wrongs.items():
        if n > 2:
            problems.append(f"misspelling {w!r} is planted {n} times (limit 2)")

    kinds = collections.Counter(e["kind"] for e in manifest)
    typos = [e for e in manifest if e["kind"] not in ("repeated-word", "grammar-slip")]
    print(f"drafts: {len(drafts)}  labels: {label_total}  manifest entries: {len(manifest)}")
    print(f"misspellings: {len(typos)} (medical {sum(e['medical'] for e in typos)}, "
          f"common {sum(not e['medical'] for e in typos)})")
    for k in sorted(kinds):
        print(f"  {k}: {kinds[k]}")
    print(f"distinct medical terms: {len(terms)}")
    for p in problems:
        print("PROBLEM:", p)
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
