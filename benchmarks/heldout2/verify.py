"""Self-check of the heldout2 labels (not a scorer). Run: python benchmarks/heldout2/verify.py

Checks, per set, that the labels are consistent with the drafts:
  dup-boilerplate     every duplicate-paragraph label sits on the first line of a paragraph of
                      >= 30 words that has an exact or near copy earlier in (path, line) order, and
                      no unlabeled paragraph of >= 30 words has one (except the medical disclaimer);
                      near-miss snippets exist and are unlabeled.
  claims-disclaimers  word counts; each claim label is on a line of a paragraph with no citation
                      (dangling markers and orphan reference entries excepted); cited near-misses
                      sit in a paragraph with a citation; near-miss snippets exist and are unlabeled;
                      expect-file rule ids are known.
  typos               typos-manifest.json matches the labels line by line; each wrong word is on its
                      line; each misspelling is rejected by hunspell en_US (when installed).
Prints counts. Exits non-zero on any inconsistency.
"""
from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECT = re.compile(r"<!--\s*expect:\s*([^>]*?)\s*-->")
EXPECT_FILE = re.compile(r"<!--\s*expect-file:\s*([^>]*?)\s*-->")
COMMENT = re.compile(r"<!--.*?-->")
TAG = re.compile(r"<[^>]+>")
errors: list[str] = []


def err(msg):
    errors.append(msg)


def drafts(setname):
    return sorted(p for p in (HERE / setname / "drafts").iterdir() if p.suffix in {".md", ".txt", ".html"})


def labels(path):
    out = Counter()
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for m in EXPECT.finditer(line):
            for fam in m.group(1).split():
                out[(i, fam)] += 1
    return out


def file_labels(path):
    return [r for m in EXPECT_FILE.finditer(path.read_text(encoding="utf-8")) for r in m.group(1).split()]


def paragraphs(path):
    """[(first_line, [line numbers], text)] with comments and tags stripped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    paras, cur = [], []
    html = path.suffix == ".html"
    in_p = False
    for i, line in enumerate(lines, 1):
        clean = COMMENT.sub("", line)
        if html:
            opens = "<p" in clean and not in_p
            if opens or in_p:
                cur.append(i)
                in_p = "</p>" not in clean
                if not in_p:
                    paras.append(cur); cur = []
            elif TAG.sub("", clean).strip():
                paras.append([i])
            continue
        if clean.strip():
            cur.append(i)
        elif cur:
            paras.append(cur); cur = []
    if cur:
        paras.append(cur)
    out = []
    for ls in paras:
        text = " ".join(TAG.sub(" ", COMMENT.sub("", lines[n - 1])) for n in ls)
        out.append((ls[0], ls, " ".join(text.split())))
    return out


def norm_words(text):
    return re.findall(r"[a-z0-9']+", text.lower())


# ---------------------------------------------------------------- dup-boilerplate
def check_dup():
    files = drafts("dup-boilerplate")
    allp = []  # (path, first_line, words, text)
    for f in files:
        for first, _, text in paragraphs(f):
            allp.append((str(f), first, norm_words(text), text))
    allp.sort(key=lambda t: (t[0], t[1]))
    disclaimer = "It is not a substitute for professional medical advice, diagnosis, or treatment. Always ask"
    has_earlier = {}
    for k, (path, first, words, text) in enumerate(allp):
        if len(words) < 30 or disclaimer in text:
            continue
        best = max((difflib.SequenceMatcher(None, words, w2).ratio() for _, _, w2, _ in allp[:k] if len(w2) >= 20), default=0)
        has_earlier[(path, first)] = best
    counts = Counter()
    dup_labels = 0
    for f in files:
        lab = labels(f)
        counts.update(fam for (_, fam), n in lab.items() for _ in range(n))
        firsts = {first for first, _, _ in paragraphs(f)}
        for (line, fam), n in lab.items():
            if line not in firsts:
                err(f"{f.name}:{line}: label not on a paragraph's first line")
            if fam == "duplicate-paragraph":
                dup_labels += n
                r = has_earlier.get((str(f), line))
                if r is None or r < 0.8:
                    err(f"{f.name}:{line}: duplicate-paragraph label but no earlier copy (best ratio {r})")
        for (path, first), r in has_earlier.items():
            if path == str(f) and r >= 0.8 and (first, "duplicate-paragraph") not in lab:
                err(f"{f.name}:{first}: unlabeled paragraph has an earlier copy (ratio {r:.2f})")
            if path == str(f) and 0.6 <= r < 0.8:
                err(f"{f.name}:{first}: ambiguous similarity {r:.2f} to an earlier paragraph")
    nm = check_near_misses("dup-boilerplate", files)
    exact = sum(1 for r in has_earlier.values() if r == 1.0)
    near = sum(1 for r in has_earlier.values() if 0.8 <= r < 1.0)
    print(f"dup-boilerplate: {len(files)} drafts; boilerplate {counts['boilerplate']}, "
          f"duplicate-paragraph {counts['duplicate-paragraph']} ({exact} exact, {near} near); near-misses listed {nm}")


def check_near_misses(setname, files):
    path = HERE / setname / "near-misses.json"
    items = json.loads(path.read_text())
    byname = {f.name: f for f in files}
    for it in items:
        targets = files if it["file"] == "*" else [byname.get(it["file"])]
        if targets == [None]:
            err(f"near-miss file missing: {it['file']}"); continue
        hits = 0
        for f in targets:
            for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                if it["snippet"] in line:
                    hits += 1
                    if EXPECT.search(line):
                        err(f"{f.name}:{i}: near-miss line carries a label: {it['snippet']!r}")
        if not hits:
            err(f"near-miss snippet not found in {it['file']}: {it['snippet']!r}")
    return len(items)


# ---------------------------------------------------------------- claims-disclaimers
CITE = re.compile(
    r"\[\d+\](?!:)|\[\^[\w-]+\](?!:)|<sup>\d+</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\([A-Z][\w'-]+(?: et al\.|,? (?:and|&) [A-Z][\w'-]+|, [A-Z][\w'-]+,? and [A-Z][\w'-]+)?,? \d{4}\)"
    r"|[A-Z][\w'-]+ and [A-Z][\w'-]+ \(\d{4}\)|\]\(https?://|href=\"https?://|doi:|doi\.org/|PMID:")
RULES = {"missing-disclaimer", "missing-exercise-disclaimer", "missing-supplement-disclaimer"}


def check_claims():
    files = drafts("claims-disclaimers")
    counts = Counter()
    kinds = Counter()
    file_rules = Counter()
    for f in files:
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        words = len(TAG.sub(" ", COMMENT.sub("", text)).split())
        if not 150 <= words <= 400:
            err(f"{f.name}: {words} words, outside 150-400")
        for r in file_labels(f):
            if r not in RULES:
                err(f"{f.name}: unknown rule id {r}")
            file_rules[r] += 1
        defs = set(re.findall(r"^\s*(?:\[(\d+)\]|(\d+)\.)\s", text, flags=re.M))
        defined = {a or b for a, b in defs} | set(re.findall(r"<li>", text) and [str(i) for i in range(1, text.count('<li>') + 1)])
        para_of = {}
        for first, ls, ptext in paragraphs(f):
            for n in ls:
                para_of[n] = ptext
        for (line, fam), n in labels(f).items():
            counts[fam] += n
            raw = COMMENT.sub("", lines[line - 1])
            if n != 1:
                err(f"{f.name}:{line}: {n} labels on one line")
            if re.match(r"^\s*(\[\d+\]|\d+\.)\s+[A-Z][\w-]+ [A-Z]+[,.]", raw):
                kinds["orphan reference entry"] += 1
                num = re.match(r"^\s*\[?(\d+)", raw).group(1)
                if re.search(rf"\[{num}\](?!\s+[A-Z][\w-]+ [A-Z]+[,.])|<sup>{num}</sup>", text.replace(raw, "")):
                    err(f"{f.name}:{line}: reference {num} is cited somewhere")
                continue
            m = re.search(r"\[(\d+)\]|\[\^([\w-]+)\]|,(\d)\s", raw)
            if m:
                kinds["dangling marker"] += 1
                if m.group(1) and m.group(1) in defined:
                    err(f"{f.name}:{line}: marker [{m.group(1)}] is defined")
                if m.group(2) and f"[^{m.group(2)}]:" in text:
                    err(f"{f.name}:{line}: footnote defined")
                continue
            kinds["attribution" if "according to" in raw.lower() else "claim sentence"] += 1
            if CITE.search(para_of.get(line, "")):
                err(f"{f.name}:{line}: claim label in a paragraph that has a citation")
    nm = check_near_misses("claims-disclaimers", files)
    for it in json.loads((HERE / "claims-disclaimers" / "near-misses.json").read_text()):
        if it["kind"].startswith("cited"):
            f = HERE / "claims-disclaimers" / "drafts" / it["file"]
            paras = [p for _, _, p in paragraphs(f) if it["snippet"] in p or it["snippet"].strip() in p]
            if paras and not CITE.search(paras[0]):
                err(f"{it['file']}: cited near-miss paragraph has no citation: {it['snippet']!r}")
    carried = sum(1 for f in files if not file_labels(f))
    print(f"claims-disclaimers: {len(files)} drafts; unsourced-claim {counts['unsourced-claim']} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); expect-file {dict(file_rules)}; "
          f"drafts carrying every needed disclaimer {carried}; near-misses listed {nm}")


# ---------------------------------------------------------------- typos
def check_typos():
    files = drafts("typos")
    manifest = json.loads((HERE / "typos" / "typos-manifest.json").read_text())
    per_line = Counter((m["file"], m["line"]) for m in manifest)
    total = Counter()
    for f in files:
        lines = f.read_text(encoding="utf-8").splitlines()
        for (line, fam), n in labels(f).items():
            total[fam] += n
            if fam != "typo":
                err(f"{f.name}:{line}: unexpected family {fam}")
            if per_line[(f.name, line)] != n:
                err(f"{f.name}:{line}: {n} labels but manifest lists {per_line[(f.name, line)]}")
        for m in (m for m in manifest if m["file"] == f.name):
            text = COMMENT.sub("", lines[m["line"] - 1])
            if not re.search(rf"(?<![\w']){re.escape(m['wrong'])}(?![\w'])", text):
                err(f"{f.name}:{m['line']}: {m['wrong']!r} not on its line")
            if not EXPECT.search(lines[m["line"] - 1]):
                err(f"{f.name}:{m['line']}: typo line has no label")
    kinds = Counter(m["kind"] for m in manifest)
    wrong = sorted({m["wrong"] for m in manifest if m["kind"] == "misspelling"})
    terms = "n/a"
    if shutil.which("hunspell"):
        accepted = subprocess.run(["hunspell", "-d", "en_US", "-G"], input="\n".join(wrong), capture_output=True, text=True).stdout.split()
        for w in accepted:
            err(f"misspelling {w!r} is accepted by hunspell en_US")
        body = ""
        for f in files:
            body += re.sub(r"https?://\S+", " ", COMMENT.sub("", f.read_text(encoding="utf-8"))) + "\n"
        toks = re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", body)
        unknown = set(subprocess.run(["hunspell", "-d", "en_US", "-l"], input="\n".join(toks), capture_output=True, text=True).stdout.split())
        terms = len({t.lower() for t in unknown} - {w.lower() for w in wrong})
    print(f"typos: {len(files)} drafts; typo labels {total['typo']} (misspellings {kinds['misspelling']}, "
          f"{len(wrong)} distinct; repeated words {kinds['repeat']}; slips {kinds['slip']}); "
          f"distinct correct tokens unknown to hunspell en_US (medical terms, brands, names, abbreviations) {terms}")


if __name__ == "__main__":
    for setname in ("dup-boilerplate", "claims-disclaimers", "typos"):
        fam = (HERE / setname / "FAMILIES").read_text().split()
        print(f"[{setname}] FAMILIES: {' '.join(fam)}")
    check_dup()
    check_claims()
    check_typos()
    for e in errors:
        print("ERROR", e)
    sys.exit(1 if errors else 0)
