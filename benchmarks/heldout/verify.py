#!/usr/bin/env python3
"""Self-check of the HELD-OUT labels (not a linter, and it does not import healthlint).

    python benchmarks/heldout/verify.py          # needs `hunspell` with an en_US dictionary

It counts the labels of every set and checks them against the manifests kept beside each set:
  dup-boilerplate/     every label sits on a paragraph's first line; every duplicate-paragraph
                       label has an earlier paragraph (path order, then line) that is >= 80% alike
                       and is >= 30 words; no unlabeled paragraph of >= 30 words has one, except
                       the required disclaimer; NEAR_MISSES.tsv entries sit on unlabeled lines.
  claims-disclaimers/  citation markers without a reference entry and reference entries nothing
                       cites are found here independently and must carry a label; no labeled claim
                       sits in a paragraph that has a valid citation; expect-file comments agree
                       with DISCLAIMERS.tsv, and DISCLAIMERS.tsv agrees with the text.
  typos/               each MISSPELLINGS.tsv word is a non-word (hunspell en_US and
                       /usr/share/dict/american-english-large), occurs once, on a line whose typo
                       label count equals misspellings + repeated words + "could of" slips on it;
                       every word hunspell does not know is in MISSPELLINGS.tsv or TERMS.txt.
Exit status 1 if any check fails. Warnings are printed for human review only.
"""
from __future__ import annotations

import difflib
import html
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECT_RE = re.compile(r"<!--\s*expect:\s*([^>]*?)\s*-->")
EXPECT_FILE_RE = re.compile(r"<!--\s*expect-file:\s*([^>]*?)\s*-->")
COMMENT_RE = re.compile(r"<!--.*?-->")
SUFFIXES = {".md", ".txt", ".html"}
errors: list[str] = []
warnings: list[str] = []


def err(msg):
    errors.append(msg)


def drafts(dataset):
    return sorted((p for p in (HERE / dataset / "drafts").iterdir() if p.suffix in SUFFIXES), key=str)


def line_labels(path):
    out = {}
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        toks = [t for m in EXPECT_RE.finditer(line) for t in m.group(1).split()]
        if toks:
            out[i] = toks
    return out


def file_labels(path):
    return sorted(t for m in EXPECT_FILE_RE.finditer(path.read_text(encoding="utf-8")) for t in m.group(1).split())


def clean(line):
    return COMMENT_RE.sub("", line)


def paragraphs(path):
    """[(first_line, last_line, text)] -- blank-line separated for .md/.txt, block elements for .html."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    if path.suffix == ".html":
        cur, start = None, None
        for i, raw in enumerate(lines, 1):
            line = clean(raw)
            if cur is None and re.search(r"<(p|h[1-6]|li)\b", line):
                cur, start = [], i
            if cur is not None:
                cur.append(html.unescape(re.sub(r"<[^>]+>", " ", line)).strip())
                if re.search(r"</(p|h[1-6]|li)>", line):
                    text = " ".join(t for t in cur if t)
                    if text:
                        out.append((start, i, text))
                    cur = None
        return out
    cur, start = [], None
    for i, raw in enumerate(lines + [""], 1):
        t = clean(raw).strip()
        if t:
            if not cur:
                start = i
            cur.append(t)
        elif cur:
            out.append((start, i - 1, " ".join(cur)))
            cur = []
    return out


def words(text):
    return re.findall(r"[a-z0-9']+", text.lower())


def read_tsv(path):
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def check_near_misses(dataset, family):
    rows = read_tsv(HERE / dataset / "NEAR_MISSES.tsv")
    for row in rows:
        name, sub = row[0], row[1]
        path = HERE / dataset / "drafts" / name
        labels = line_labels(path)
        hits = [i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if sub in l]
        if not hits:
            err(f"{dataset}: near-miss text not found: {name}: {sub!r}")
        for i in hits:
            if family in labels.get(i, []):
                err(f"{dataset}: near-miss line carries a {family} label: {name}:{i}")
    return len(rows)


# ---------------------------------------------------------------- dup-boilerplate
DISCLAIMER_START = "this article is for general information only it is not a substitute"


def check_dup():
    ds = "dup-boilerplate"
    counts = Counter()
    allp = []
    for path in drafts(ds):
        labels = line_labels(path)
        paras = paragraphs(path)
        firsts = {p[0] for p in paras}
        for ln, toks in labels.items():
            counts.update(toks)
            if ln not in firsts:
                err(f"{ds}: label not on a paragraph's first line: {path.name}:{ln}")
        for first, _last, text in paras:
            allp.append((path, first, text, labels.get(first, [])))
    for idx, (path, first, text, toks) in enumerate(allp):
        w = words(text)
        best, where = 0.0, None
        for p2, f2, t2, _ in allp[:idx]:
            r = difflib.SequenceMatcher(None, w, words(t2), autojunk=False).ratio()
            if r > best:
                best, where = r, f"{p2.name}:{f2}"
        is_disclaimer = " ".join(w).replace("'", "").startswith(DISCLAIMER_START)
        labelled = toks.count("duplicate-paragraph")
        if labelled:
            if len(w) < 30:
                err(f"{ds}: duplicate shorter than 30 words: {path.name}:{first}")
            if best < 0.8:
                err(f"{ds}: labeled duplicate has no earlier copy (best {best:.2f}): {path.name}:{first}")
            if is_disclaimer:
                err(f"{ds}: the required disclaimer must not be labeled: {path.name}:{first}")
        elif len(w) >= 30 and best >= 0.8 and not is_disclaimer:
            err(f"{ds}: unlabeled duplicate of {where}: {path.name}:{first} ({best:.2f})")
        elif len(w) >= 30 and 0.5 <= best < 0.8:
            warnings.append(f"{ds}: similar paragraphs ({best:.2f}) {where} ~ {path.name}:{first}")
    near = check_near_misses(ds, "duplicate-paragraph") 
    # near misses must carry no boilerplate label either
    for row in read_tsv(HERE / ds / "NEAR_MISSES.tsv"):
        path = HERE / ds / "drafts" / row[0]
        labels = line_labels(path)
        for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if row[1] in l and labels.get(i):
                err(f"{ds}: near-miss line is labeled: {path.name}:{i}")
    disclaimer_copies = sum(1 for p in allp if " ".join(words(p[2])).startswith(DISCLAIMER_START))
    return {"drafts": len(drafts(ds)), **counts, "near-miss entries": near,
            "disclaimer copies (not findings)": disclaimer_copies}


# ---------------------------------------------------------------- claims-disclaimers
CITE_RES = [
    re.compile(r"\]\(https?://"),                       # Markdown link
    re.compile(r"<a\s+href=\"https?://"),               # HTML link
    re.compile(r"\([A-Z][A-Za-z'\-]+ et al\., \d{4}\)"),  # (Lee et al., 2020)
    re.compile(r">[A-Z][A-Za-z'\-]+ et al\., \d{4}<"),  # linked author-year
    re.compile(r"[A-Z][a-z]+ and [A-Z][a-z]+ \(\d{4}\)"),  # Garcia and Moss (2018)
    re.compile(r"\bdoi:\s*10\.\d+/", re.I),
    re.compile(r"\bPMID:?\s*\d+"),
]
NUM_MARK = re.compile(r"\[(\d+)\]")
FOOT_MARK = re.compile(r"\[\^(\w+)\](?!:)")
SUPER_MARK = re.compile(r"[a-z][,.;](\d{1,2})(?=\s)")
REF_ENTRY = re.compile(r"^(\d+)\.\s+[A-Z][A-Za-z'\-]+ [A-Z]{1,3}[,.]")
FOOT_DEF = re.compile(r"^\[\^(\w+)\]:")
TRIGGERS = re.compile(
    r"\d+\s?%|\b\d+ in \d+\b|\bone in \w+\b|\bhalf of\b|\bmillion\b|\bstud(y|ies)\b|\bresearch\b|"
    r"\bexperts?\b|\bscientists?\b|\bdoctors recommend|\bdermatologists\b|\bpodiatrists\b|"
    r"\bproven\b|\bcures?\b|\bprevents?\b|\bguarantee|\bno side effects\b|\bmiracle\b|"
    r"\baccording to\b|\b\d+ (times|out of)\b", re.I)
GENERAL_RE = re.compile(r"substitute for professional medical advice|not medical advice|does not replace (the )?advice"
                        r"|personal medical advice", re.I)
EXERCISE_RE = re.compile(r"before starting a new exercise program|medical clearance before you begin any new workout"
                         r"|all-clear from your doctor or physiotherapist before you begin", re.I)
FDA_RE = re.compile(r"not been evaluated by the (U\.S\. )?Food and Drug Administration", re.I)


def check_claims():
    ds = "claims-disclaimers"
    counts = Counter()
    disc = {r[0]: r for r in read_tsv(HERE / ds / "DISCLAIMERS.tsv")}
    kinds = Counter()
    for path in drafts(ds):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        labels = line_labels(path)
        for toks in labels.values():
            counts.update(toks)
        # reference entries and footnote definitions
        entries, defs = {}, {}
        for i, l in enumerate(lines, 1):
            m = REF_ENTRY.match(l)
            if m:
                entries[m.group(1)] = i
            m = FOOT_DEF.match(l)
            if m:
                defs[m.group(1)] = i
        auto = {}  # line -> reason, findings that must be labeled
        cited_nums, cited_feet = set(), set()
        valid_cite_lines, dangling_lines = set(), set()
        for i, raw in enumerate(lines, 1):
            l = clean(raw)
            if REF_ENTRY.match(l) or FOOT_DEF.match(l):
                continue
            for m in NUM_MARK.finditer(l):
                cited_nums.add(m.group(1))
                (valid_cite_lines if m.group(1) in entries else dangling_lines).add(i)
                if m.group(1) not in entries:
                    auto[i] = f"dangling [{m.group(1)}]"
            for m in FOOT_MARK.finditer(l):
                cited_feet.add(m.group(1))
                (valid_cite_lines if m.group(1) in defs else dangling_lines).add(i)
                if m.group(1) not in defs:
                    auto[i] = f"dangling [^{m.group(1)}]"
            for m in SUPER_MARK.finditer(l):
                cited_nums.add(m.group(1))
                (valid_cite_lines if m.group(1) in entries else dangling_lines).add(i)
                if m.group(1) not in entries:
                    auto[i] = f"dangling superscript {m.group(1)}"
            if any(r.search(l) for r in CITE_RES):
                valid_cite_lines.add(i)
        for n, i in entries.items():
            if n not in cited_nums:
                auto[i] = f"reference {n} cited nowhere"
        for n, i in defs.items():
            if n not in cited_feet:
                auto[i] = f"footnote {n} cited nowhere"
        for i, why in sorted(auto.items()):
            kinds["dangling marker" if why.startswith("dangling") else "uncited reference entry"] += 1
            if labels.get(i, []).count("unsourced-claim") != 1:
                err(f"{ds}: {why} needs exactly one unsourced-claim label: {path.name}:{i}")
        # labeled claims must not sit in validly cited paragraphs; unlabeled triggers get a warning
        for first, last, _t in paragraphs(path):
            span = range(first, last + 1)
            cited = any(i in valid_cite_lines for i in span)
            for i in span:
                n = labels.get(i, []).count("unsourced-claim")
                if i in auto:
                    continue
                if n:
                    kinds["claim sentence"] += n
                    if cited:
                        err(f"{ds}: labeled claim inside a cited paragraph: {path.name}:{i}")
                    if n > 1:
                        err(f"{ds}: one claim sentence per line expected: {path.name}:{i}")
                elif not cited and TRIGGERS.search(clean(lines[i - 1])) and not FDA_RE.search(lines[i - 1]) \
                        and "not intended to diagnose" not in lines[i - 1]:
                    warnings.append(f"{ds}: unlabeled line with a claim-like word: {path.name}:{i}: "
                                    f"{clean(lines[i - 1]).strip()[:90]}")
        # disclaimers
        row = disc.get(path.name)
        if not row:
            err(f"{ds}: {path.name} missing from DISCLAIMERS.tsv")
            continue
        general, ex_req, ex_has, sup_req, fda_has = (v == "yes" for v in row[1:6])
        if bool(GENERAL_RE.search(text)) != general:
            err(f"{ds}: general disclaimer presence disagrees with DISCLAIMERS.tsv: {path.name}")
        if bool(EXERCISE_RE.search(text)) != ex_has:
            err(f"{ds}: exercise line presence disagrees with DISCLAIMERS.tsv: {path.name}")
        if bool(FDA_RE.search(text)) != fda_has:
            err(f"{ds}: FDA statement presence disagrees with DISCLAIMERS.tsv: {path.name}")
        want = sorted(([] if general else ["missing-disclaimer"])
                      + (["missing-exercise-disclaimer"] if ex_req and not ex_has else [])
                      + (["missing-supplement-disclaimer"] if sup_req and not fda_has else []))
        got = file_labels(path)
        counts.update(got)
        if want != got:
            err(f"{ds}: expect-file {got} but DISCLAIMERS.tsv implies {want}: {path.name}")
    near = check_near_misses(ds, "unsourced-claim")
    files = drafts(ds)
    complete = sum(1 for p in files if not file_labels(p))
    return {"drafts": len(files), **counts, **kinds, "near-miss entries": near,
            "drafts carrying every required disclaimer": complete}


# ---------------------------------------------------------------- typos
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9']*")
URL_RE = re.compile(r"https?://\S+")
REPEAT_RE = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.I)
SLIP_RE = re.compile(r"\b(could|should|would|must|might) of\b", re.I)
LEGIT_REPEATS = {"had had", "that that"}


def hunspell_unknown(tokens):
    out = subprocess.run(["hunspell", "-d", "en_US", "-l"], input="\n".join(sorted(tokens)) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def check_typos():
    ds = "typos"
    files = drafts(ds)
    manifest = read_tsv(HERE / ds / "MISSPELLINGS.tsv")
    terms = [t.strip() for t in (HERE / ds / "TERMS.txt").read_text(encoding="utf-8").splitlines()
             if t.strip() and not t.startswith("#")]
    large = {w.strip().lower() for w in open("/usr/share/dict/american-english-large", encoding="utf-8", errors="ignore")}
    wrong_words = {r[1] for r in manifest}
    unknown_wrong = hunspell_unknown(wrong_words)
    for w in sorted(wrong_words):
        if w not in unknown_wrong:
            err(f"{ds}: misspelling is a word hunspell knows: {w}")
        if w.lower() in large:
            err(f"{ds}: misspelling is in american-english-large: {w}")
    by_file = {}
    for r in manifest:
        by_file.setdefault(r[0], []).append(r[1])
    all_tokens = set()
    texts = {}
    for path in files:
        texts[path] = path.read_text(encoding="utf-8").splitlines()
        for l in texts[path]:
            all_tokens.update(WORD_RE.findall(URL_RE.sub(" ", clean(l))))
    unknown = hunspell_unknown(all_tokens)
    term_set = {t.lower() for t in terms}
    counts = Counter()
    kinds = Counter()
    for path in files:
        labels = line_labels(path)
        wrong_here = Counter(by_file.get(path.name, []))
        seen = Counter()
        for i, raw in enumerate(texts[path], 1):
            l = clean(raw)
            toks = WORD_RE.findall(URL_RE.sub(" ", l))
            miss = [t for t in toks if t in wrong_here]
            seen.update(miss)
            reps = [m.group(0) for m in REPEAT_RE.finditer(l) if m.group(0).lower() not in LEGIT_REPEATS]
            slips = [m.group(0) for m in SLIP_RE.finditer(l)]
            kinds["misspelling"] += len(miss)
            kinds["repeated word"] += len(reps)
            kinds["slip (could of)"] += len(slips)
            expected = len(miss) + len(reps) + len(slips)
            got = labels.get(i, []).count("typo")
            counts.update(labels.get(i, []))
            if expected != got:
                err(f"{ds}: {path.name}:{i}: {got} typo labels but {expected} errors ({miss + reps + slips})")
            for t in toks:
                if t in unknown and t not in wrong_here and t.lower() not in term_set:
                    err(f"{ds}: {path.name}:{i}: unknown word neither a planted misspelling nor in TERMS: {t}")
        for w, n in wrong_here.items():
            if seen[w] != n:
                err(f"{ds}: {path.name}: misspelling {w!r} found {seen[w]} times, manifest says {n}")
    corpus = "\n".join("\n".join(t) for t in texts.values()).lower()
    distinct = sorted({t.lower() for t in terms})
    missing = [t for t in distinct if t not in corpus]
    for t in missing:
        err(f"{ds}: TERMS entry not in any draft: {t}")
    return {"drafts": len(files), **counts, **kinds, "distinct correct terms (TERMS.txt)": len(distinct)}


def main():
    report = {"dup-boilerplate": check_dup(), "claims-disclaimers": check_claims(), "typos": check_typos()}
    for ds, c in report.items():
        print(ds)
        for k, v in c.items():
            print(f"  {k:45} {v}")
    if warnings:
        print("\nwarnings (review by hand):")
        for w in warnings:
            print("  " + w)
    if errors:
        print("\nERRORS:")
        for e in errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
