"""Quality of every rule family, measured on labeled drafts written for this project and on the
clean MedQuAD agency articles in ../shared.

Labels live in the drafts as HTML comments (stripped from prose by every reader):
    <!-- expect: typo typo unsourced-claim -->   findings expected on this line, by family
    <!-- expect-file: missing-disclaimer -->      document-level findings expected, by rule id
A finding matches a label when family (or, for expect-file, rule id) and line agree; several
on one line are counted with multiplicity. Document-level families are matched per file.

For the typo family the same drafts are also run through codespell, a well-known peer, and
scored the same way (a finding counts for its line).

The real set (`--set real`) is different: published health sites nobody here wrote, judged by an
editor (benchmarks/real/README.md). It needs the fetched mirrors, not the network.

Usage:  python benchmarks/quality.py [--set labeled|heldout|heldout2|real|both] [--family F]
                                     [--show fp|fn|all] [--no-corpus] [--no-peers]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LABELED = HERE / "labeled"  # the tuning set: rules were developed against it
# Held-out sets (heldout, heldout2, ...) were written apart from the rules and are never tuned
# on: their figures are the honest ones. heldout/ served as a development set once (see its
# README); heldout2/ was written after that and has never been looked at while changing rules.
SETS = {"labeled": LABELED, **{p.name: p for p in sorted(HERE.glob("heldout*")) if p.is_dir()}}
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "medquad" / "clean"
DRAFTS = SHARED / "drafts"

FAMILIES = ("duplicate-paragraph", "unsourced-claim", "missing-disclaimer", "boilerplate", "typo")
DOC_LEVEL_FAMILIES = ("missing-disclaimer",)
EXPECT_RE = re.compile(r"<!--\s*expect:\s*([^>]*?)\s*-->")
EXPECT_FILE_RE = re.compile(r"<!--\s*expect-file:\s*([^>]*?)\s*-->")
SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}


def load_labels(files):
    """(path, line, family) -> count, and (path, rule_id) -> count for document-level rules."""
    line_labels: Counter = Counter()
    file_labels: Counter = Counter()
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in EXPECT_RE.finditer(line):
                for family in m.group(1).split():
                    line_labels[(str(path), lineno, family)] += 1
            for m in EXPECT_FILE_RE.finditer(line):
                for rule in m.group(1).split():
                    file_labels[(str(path), rule)] += 1
    return line_labels, file_labels


# Each labeled set labels only some families; findings of other families in its drafts are
# neither right nor wrong there. A set may also list its families in a file named FAMILIES.
DATASET_FAMILIES = {
    "dup-boilerplate": ("duplicate-paragraph", "boilerplate"),
    "claims-disclaimers": ("unsourced-claim", "missing-disclaimer"),
    "typos": ("typo",),
}


def labeled_drafts(root: Path = LABELED) -> dict[Path, tuple[str, ...]]:
    """Drafts of every labeled set under `root` -> the families that set labels. A set's drafts/
    folder is used when it has one, else its draft files other than its README."""
    files = {}
    for dataset in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        root = dataset / "drafts" if (dataset / "drafts").is_dir() else dataset
        listed = dataset / "FAMILIES"
        families = tuple(listed.read_text().split()) if listed.is_file() else DATASET_FAMILIES.get(dataset.name, FAMILIES)
        for p in sorted(root.rglob("*")):
            if p.suffix in SUFFIXES and p.name.upper() != "README.MD":
                files[p] = families
    return files


def score(found: Counter, expected: Counter):
    tp = sum(min(found[k], expected[k]) for k in found)
    fp = sum(found.values()) - tp
    fn = sum(expected.values()) - tp
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return tp, fp, fn, p, r, f1


def run_labeled(show: str | None, only: str | None, root: Path = LABELED):
    from healthlint.config import Config
    from healthlint.api import build_rules, lint_paths

    families_of = labeled_drafts(root)
    files = sorted(families_of)
    if not files:
        print("no labeled drafts under", root)
        return {}
    line_labels, file_labels = load_labels(files)
    config = Config()
    rules = build_rules(config)
    result = lint_paths([str(f) for f in files], config, rules=rules)
    for p in result.problems:
        print(f"  problem: {p.path}: {p.message}", file=sys.stderr)
    doc_rules = {r.spec.id for r in rules.active if r.spec.family in DOC_LEVEL_FAMILIES}
    rows = {}
    scored = {family: {str(p) for p, fams in families_of.items() if family in fams} for family in FAMILIES}
    for family in FAMILIES:
        if only and family != only:
            continue
        diags = [d for d in result.diagnostics if d.family == family and d.path in scored[family]]
        if family in DOC_LEVEL_FAMILIES:
            found = Counter((d.path, d.rule) for d in diags)
            expected = Counter({k: v for k, v in file_labels.items() if k[1] in doc_rules})
        else:
            found = Counter((d.path, d.line, d.family) for d in diags)
            expected = Counter({k: v for k, v in line_labels.items() if k[2] == family})
        rows[family] = score(found, expected)
        if show:
            by_key = defaultdict(list)
            for d in diags:
                by_key[(d.path, d.rule) if family in DOC_LEVEL_FAMILIES else (d.path, d.line, d.family)].append(d)
            if show in ("fp", "all"):
                for k in sorted(found):
                    extra = found[k] - expected.get(k, 0)
                    if extra > 0:
                        for d in by_key[k][:extra]:
                            print(f"  FP {d.path}:{d.line}:{d.column} {d.rule}: {d.message}")
            if show in ("fn", "all"):
                for k in sorted(expected):
                    missing = expected[k] - found.get(k, 0)
                    if missing > 0:
                        print(f"  FN {':'.join(map(str, k))} (x{missing})")
    return rows


CODESPELL_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<wrong>.+?) ==> (?P<right>.+)$")


def run_codespell(show: str | None, root: Path = LABELED):
    """The typo family's peer, codespell (misspelling lists, no dictionary), on the drafts that
    label typos and on the clean corpus, scored like healthlint: a finding counts for the line it
    is on. Returns (scores, corpus count), or None when codespell is not installed."""
    import subprocess

    try:
        import codespell_lib  # noqa: F401
    except ImportError:
        return None
    families_of = labeled_drafts(root)
    files = sorted(str(p) for p, fams in families_of.items() if "typo" in fams)
    line_labels, _ = load_labels([Path(f) for f in files])
    expected = Counter({k: v for k, v in line_labels.items() if k[2] == "typo"})

    def findings(paths):
        out = subprocess.run([sys.executable, "-m", "codespell_lib", *paths], capture_output=True, text=True)
        rows = []
        for line in out.stdout.splitlines():
            m = CODESPELL_LINE.match(line)
            if m:
                rows.append((m["path"], int(m["line"]), m["wrong"], m["right"]))
        return rows

    rows = findings(files) if files else []
    found = Counter((path, line, "typo") for path, line, _, _ in rows)
    if show in ("fp", "all"):
        for path, line, wrong, right in rows:
            if found[(path, line, "typo")] > expected.get((path, line, "typo"), 0):
                print(f"  codespell FP {path}:{line}: {wrong} ==> {right}")
    corpus = len(findings(sorted(str(p) for p in CORPUS.glob("*.md")))) if CORPUS.is_dir() else None
    return score(found, expected), corpus


def run_corpus():
    """Findings per family on the clean agency articles: every one is a probable false alarm,
    except missing-disclaimer (they carry none, so it must fire on every article) and
    unsourced-claim (agency pages state uncited statistics; read them)."""
    from healthlint.config import Config
    from healthlint.api import lint_paths

    if not CORPUS.is_dir():
        return None
    files = sorted(str(p) for p in CORPUS.glob("*.md"))
    result = lint_paths(files, Config())
    counts = Counter(d.family for d in result.diagnostics)
    disclaimer_files = {d.path for d in result.diagnostics if d.rule == "missing-disclaimer"}
    return len(files), counts, len(disclaimer_files), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", choices=FAMILIES)
    parser.add_argument("--show", choices=["fp", "fn", "all"])
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--no-peers", action="store_true", help="skip the codespell comparison for typo")
    parser.add_argument("--corpus-findings", metavar="FAMILY", help="print every corpus finding of FAMILY")
    parser.add_argument("--set", choices=[*SETS, "both", "real"], default="both",
                        help="labeled (the tuning set), heldout (never tuned on), both (default), or real "
                             "(published sites, judged; benchmarks/real)")
    parser.add_argument("--no-recall", action="store_true", help="real set: skip the planted-recall runs")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.set == "real":
        sys.path.insert(0, str(HERE / "real"))
        from report import run as run_real

        return run_real(show_recall=not args.no_recall)

    peer = None
    for name, root in SETS.items():
        if args.set not in (name, "both"):
            continue
        rows = run_labeled(args.show, args.family, root)
        print()
        title = "tuning set (benchmarks/labeled)" if name == "labeled" else f"held-out set (benchmarks/{name})"
        print(title)
        print(f"{'family':22} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>10} {'recall':>7} {'F1':>6}")
        for family, (tp, fp, fn, p, r, f1) in rows.items():
            print(f"{family:22} {tp:5d} {fp:5d} {fn:5d} {p:10.3f} {r:7.3f} {f1:6.3f}")
        if "typo" in rows and not args.no_peers:
            peer = run_codespell(args.show, root)
            if peer is None:
                print("typo (codespell)       not installed: pip install codespell (in the `test` extra)")
            else:
                tp, fp, fn, p, r, f1 = peer[0]
                print(f"{'typo (codespell)':22} {tp:5d} {fp:5d} {fn:5d} {p:10.3f} {r:7.3f} {f1:6.3f}")
    if not args.no_corpus:
        out = run_corpus()
        if out:
            n, counts, disclaimer_files, result = out
            print()
            print(f"clean MedQuAD corpus ({n} articles): findings per family")
            for family in FAMILIES:
                note = ""
                if family == "missing-disclaimer":
                    note = f"  (fires on {disclaimer_files}/{n} articles; expected {n}/{n})"
                elif family != "unsourced-claim":
                    note = "  (each is a probable false alarm)"
                else:
                    note = "  (uncited agency statistics are expected; read them)"
                print(f"  {family:22} {counts.get(family, 0):5d}{note}")
                if family == "typo" and peer is not None and peer[1] is not None:
                    print(f"  {'typo (codespell)':22} {peer[1]:5d}")
            if args.corpus_findings:
                for d in result.diagnostics:
                    if d.family == args.corpus_findings:
                        print(f"  {Path(d.path).name}:{d.line}:{d.column} {d.rule}: {d.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
