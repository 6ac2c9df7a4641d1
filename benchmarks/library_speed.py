"""Speed and memory of `healthlint check` on a synthetic content library.

Generates a deterministic library of drafts of about 3 KB each (sentences assembled from
word lists written for this script, so paragraphs vary), plants exact and near duplicates
across drafts, then times the CLI in a child process and reports drafts per second and the
child's peak memory (resource.getrusage(RUSAGE_CHILDREN), one fresh child per run).

Usage:  python benchmarks/library_speed.py [--sizes 1000,10000] [--select duplicate-paragraph,boilerplate]
        [--all-rules] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = """the hip joint|your lower back|a tight hamstring|the sciatic nerve|a herniated disc|
the gluteal muscles|knee cartilage|the rotator cuff|a stiff neck|the pelvic floor|your core muscles|
the iliotibial band|a sprained ankle|the plantar fascia|the thoracic spine|an inflamed bursa|
the quadriceps|your posture|bone density|the Achilles tendon|a pinched nerve|the sacroiliac joint|
chronic inflammation|joint mobility|the hip flexors|the lumbar discs|muscle soreness|tendon healing""".replace("\n", "").split("|")
VERBS = """often responds to|can be strained by|usually improves with|may be aggravated by|is supported by|
tends to weaken without|benefits from|is commonly irritated by|recovers faster with|can stiffen after|
depends on|is protected by|can be overloaded by|gradually adapts to""".replace("\n", "").split("|")
OBJECTS = """gentle daily stretching|long hours of sitting|a short walk after meals|careful strength work|
poorly fitted shoes|sudden twisting movements|a graded return to running|applying ice for ten minutes|
sleeping on a firm mattress|regular swimming sessions|lifting with a rounded back|balance exercises on one leg|
a physical therapist's program|warming up before sport|heavy loads carried on one shoulder|
consistent hydration|an ergonomic desk setup|slow controlled squats|resting between hard sessions|
yoga poses held for thirty seconds""".replace("\n", "").split("|")
TAILS = """in most adults|according to many clinicians|over several weeks|especially after age fifty|
for people who sit at work|in recreational athletes|when symptoms first appear|during pregnancy|
in the early morning|after a long flight|for most beginners|when done consistently""".replace("\n", "").split("|")
CONNECTORS = ["However,", "In addition,", "For example,", "As a result,", "Even so,", "In practice,", "Over time,", ""]


FUNCTION_WORDS = "the of and to a in is that for it with as on be by this are or can your may from at".split()
SYLLABLES = "ba ce di fo gu ha je ki lo mu na pe ri so tu va we xi yo zu bra cle dri fro glu pla que str tri".split()


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Made-up words, so paragraphs vary the way real prose does (most word triples rare). The
    library's config lists them as accepted vocabulary, as a publisher lists its own terms."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, vocab: list[str] | None = None) -> str:
    if vocab is not None and rng.random() < 0.7:
        # Zipf-like: a few words very common, most rare.
        words = [rng.choice(FUNCTION_WORDS) if rng.random() < 0.35 else vocab[int(len(vocab) * rng.random() ** 3)]
                 for _ in range(rng.randint(8, 18))]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."
    lead = rng.choice(CONNECTORS)
    body = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
    text = f"{lead} {body}" if lead else body
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, vocab: list[str]) -> str:
    return " ".join(sentence(rng, vocab) for _ in range(rng.randint(3, 5)))


def near_copy(rng: random.Random, text: str, vocab: list[str]) -> str:
    """A copy with a few words changed and one sentence dropped or added."""
    words = text.split()
    for _ in range(2):
        i = rng.randrange(len(words))
        words[i] = rng.choice(["gently", "often", "usually", "slowly", "carefully"])
    out = " ".join(words)
    return out + " " + sentence(rng, vocab) if rng.random() < 0.5 else out


def generate(folder: Path, count: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    # Each shared paragraph lands in about two or three drafts (duplicates); a few site footers
    # land in very many (template text).
    shared = [paragraph(rng, vocab) for _ in range(max(4, count // 4))]
    footers = [paragraph(rng, vocab) for _ in range(3)]
    planted = {"exact": 0, "near": 0, "template": 0}
    exact_uses: dict[str, list[int]] = {}
    for n in range(count):
        paras = [f"# Draft {n}: notes on {rng.choice(SUBJECTS)}"]
        size = len(paras[0])
        while size < 3000:
            roll = rng.random()
            if roll < 0.02:
                p = rng.choice(shared)
                planted["exact"] += 1
                exact_uses.setdefault(p, []).append(n)
            elif roll < 0.04:
                p = near_copy(rng, rng.choice(shared), vocab)
                planted["near"] += 1
            elif roll < 0.045:
                p = rng.choice(footers)
                planted["template"] += 1
            else:
                p = paragraph(rng, vocab)
            paras.append(p)
            size += len(p) + 2
        sub = folder / f"section{n % 20:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"draft{n:05d}.md").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    # Exact copies the duplicate rule must report: every use after the first of a shared
    # paragraph that stays under template-text's five drafts.
    planted["expected exact findings"] = sum(len(u) - 1 for u in exact_uses.values() if len(set(u)) < 5)
    (folder / ".vocabulary").mkdir(exist_ok=True)
    (folder / ".vocabulary" / "words.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (folder / ".healthlint.yaml").write_text("vocabulary:\n  files: [.vocabulary/words.txt]\n", encoding="utf-8")
    return planted


def run_check(folder: Path, select: str | None) -> tuple[float, int, int, dict]:
    cmd = [sys.executable, "-m", "healthlint.cli", "check", "--format", "json", str(folder)]
    if select:
        cmd += ["--select", select]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=folder)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = after.ru_maxrss
    # CPU seconds are steadier than wall-clock time on a shared machine.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode == 2:
        raise SystemExit(f"healthlint failed: {proc.stderr.strip()}")
    findings = json.loads(proc.stdout or "[]")
    if isinstance(findings, dict):
        findings = findings.get("diagnostics", findings.get("findings", []))
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    # ru_maxrss of children is the largest child so far: measure each size in a fresh process
    return elapsed, peak_kib, cpu, by_rule


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--select", default="duplicate-paragraph,boilerplate")
    parser.add_argument("--all-rules", action="store_true", help="also time a run with every rule")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "SELECT"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args(argv)
    if args.child:
        return _child(int(args.child[0]), args.child[1], args.keep)
    selects = [args.select] + ([""] if args.all_rules else [])
    print(f"{'drafts':>7} {'rules':32} {'seconds':>8} {'cpu s':>8} {'drafts/s':>9} {'per cpu s':>9} {'peak MiB':>9}  findings")
    for size in (int(s) for s in args.sizes.split(",")):
        for select in selects:
            # One child per measurement, so getrusage's peak belongs to this run alone.
            cmd = [sys.executable, __file__, "--child", str(size), select or "ALL"]
            if args.keep:
                cmd += ["--keep", args.keep]
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            print(out.stdout.rstrip())
    return 0


def _child(size: int, select: str, keep: str | None) -> int:
    select = None if select == "ALL" else select
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep or tmp) / f"library{size}"
        if not folder.exists():
            folder.mkdir(parents=True)
            planted = generate(folder, size)
            (folder / ".vocabulary" / "planted.json").write_text(json.dumps(planted), encoding="utf-8")
        planted = json.loads((folder / ".vocabulary" / "planted.json").read_text(encoding="utf-8"))
        elapsed, peak_kib, cpu, by_rule = run_check(folder, select)
        counts = ", ".join(f"{k}={v}" for k, v in sorted(by_rule.items()))
        counts += "  (planted: " + ", ".join(f"{k} {v}" for k, v in planted.items()) + ")"
        print(f"{size:7d} {select or 'all rules':32} {elapsed:8.2f} {cpu:8.2f} {size / elapsed:9.0f} {size / cpu:9.0f} "
              f"{peak_kib / 1024:9.0f}  {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
