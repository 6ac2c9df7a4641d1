"""Speed benchmark: builds a synthetic library of drafts deterministically, runs healthlint (all
default rules, cross-draft duplicates included) and, when installed, codespell over the same files,
and prints drafts/s, MB/s, peak memory and the healthlint/codespell ratio; then the one-file cold
run and the pre-commit scenario (one changed draft checked against a cached library).

    python benchmarks/speed.py                    # 1,000 and 10,000 drafts (a few minutes)
    python benchmarks/speed.py --sizes 1000       # quicker
    python benchmarks/speed.py --repeat 3         # median of 3 runs per tool

Library drafts are built from the project's own example text (examples/) and the sentences
written below, with varied paragraphs and planted defects (typos, unsourced statistics, stray
website boilerplate, missing disclaimers, paragraphs copied or lightly edited across drafts).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# --- the synthetic library ------------------------------------------------------------------------

TOPICS = ["back pain", "knee pain", "sleep", "heart health", "vitamin D", "migraine", "asthma",
          "type 2 diabetes", "blood pressure", "shoulder pain", "running injuries", "allergies",
          "gout", "osteoporosis", "posture", "hydration", "anxiety", "neck pain"]

SENTENCES = [
    "Many people notice {topic} symptoms first in the morning, when joints and muscles are stiff.",
    "A short walk after meals can help, and it is easy to fit into a working day.",
    "Your doctor may ask how long the problem has lasted and what makes it better or worse.",
    "Keep a simple diary of when {topic} troubles you, what you ate, and how well you slept.",
    "Warm up for five minutes before any stretch, and never push into sharp pain.",
    "Over-the-counter pain relievers can take the edge off, but read the label carefully.",
    "If you take other medicines, ask a pharmacist whether they interact with each other.",
    "Regular movement keeps tissues supple and helps the body repair small strains.",
    "Sitting for hours in one position is hard on the spine and the hips.",
    "Drinking enough water through the day supports almost every system in the body.",
    "A balanced plate has vegetables, a source of protein, and whole grains.",
    "Strength exercises twice a week protect bones and muscles as we age.",
    "Some people find that a warm shower eases stiffness before exercise.",
    "Cold packs wrapped in a towel can calm a fresh injury during the first two days.",
    "Sleep matters: most adults feel and recover better with seven to nine hours a night.",
    "Stress can make {topic} feel worse, so slow breathing and short breaks are worth trying.",
    "A physical therapist can show you exercises that suit your body and your goals.",
    "Start slowly and add a little more each week rather than doing too much at once.",
    "Shoes with good support reduce the load on the knees, hips and lower back.",
    "Write down your questions before the appointment so that nothing is forgotten.",
    "Children and older adults may show different signs and may need a different plan.",
    "Seek urgent care if the pain is severe, follows a fall, or comes with numbness or fever.",
    "Small changes add up, and the habits that last are the ones that feel manageable.",
    "Ask your care team which activities are safe for you while you recover.",
    "Family history can raise the risk, which is one more reason for regular check-ups.",
    "Heat, gentle massage and rest days all have a place in a sensible routine.",
    "Track your progress so that you can see what works and share it with your clinician.",
    "Limit alcohol and caffeine late in the day, as both can disturb a good night's rest.",
]

CLAIMS = [
    "Studies show that people who stretch daily are {n}% less likely to report {topic} problems.",
    "About {n} million adults live with {topic}, and many never seek help.",
    "Research suggests that this simple routine cures {topic} in most cases.",
    "Experts agree that {n} in 10 people will have {topic} at some point.",
]

BOILERPLATE = [
    "We use cookies to improve your experience on our site. BACK TO TEXT",
    "This site complies with the HONcode standard for trustworthy health information.",
    "We use Secure Sockets Layer (SSL) encryption for all financial transactions on our site.",
    "Skip to main content",
]

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice, diagnosis, or treatment.")


def _example_paragraphs() -> list[str]:
    out = []
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix not in (".md", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(para.split()) >= 12 and not para.startswith(("#", "-", "*", "<")):
                out.append(para)
    return out


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _paragraph(rng: random.Random, topic: str, defects: dict) -> str:
    sentences = [s.format(topic=topic) for s in rng.sample(SENTENCES, rng.randint(3, 6))]
    if rng.random() < 0.25:
        sentences.insert(rng.randrange(len(sentences) + 1),
                         rng.choice(CLAIMS).format(topic=topic, n=rng.randint(2, 60)))
        defects["claims"] += 1
    text = " ".join(sentences)
    if rng.random() < 0.3:
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) > 6]
        if candidates:
            i = rng.choice(candidates)
            words[i] = _typo(words[i], rng)
            text = " ".join(words)
            defects["typos"] += 1
    return text


def _wrap(text: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def build_library(folder: Path, count: int, seed: int = 7) -> dict:
    """Write `count` drafts (~3 KB each: 85% Markdown, 10% plain text, 5% HTML) into `folder`.
    The same count and seed always give the same files."""
    rng = random.Random(seed)
    examples = _example_paragraphs()
    defects = {"typos": 0, "claims": 0, "boilerplate": 0, "copied": 0, "near_copies": 0, "no_disclaimer": 0}
    earlier: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(count):
        topic = rng.choice(TOPICS)
        paragraphs = []
        while sum(len(p) for p in paragraphs) < 2600:
            r = rng.random()
            if r < 0.08 and earlier:
                paragraphs.append(rng.choice(earlier))  # copied from another draft
                defects["copied"] += 1
            elif r < 0.11 and earlier:
                words = rng.choice(earlier).split(" ")
                words[rng.randrange(len(words))] = "really"
                paragraphs.append(" ".join(words))  # lightly edited copy
                defects["near_copies"] += 1
            elif r < 0.16:
                paragraphs.append(rng.choice(examples))
            else:
                paragraphs.append(_paragraph(rng, topic, defects))
        if rng.random() < 0.08:
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(BOILERPLATE))
            defects["boilerplate"] += 1
        if rng.random() < 0.85:
            paragraphs.append(DISCLAIMER)
        else:
            defects["no_disclaimer"] += 1
        if rng.random() < 0.05:
            earlier.append(paragraphs[0])
        title = f"{topic.capitalize()}: what helps (part {n})"
        kind = rng.random()
        sub = folder / f"{n // 1000:02d}"
        sub.mkdir(exist_ok=True)
        if kind < 0.85:
            body = f"---\ntitle: \"{title}\"\n---\n\n# {title}\n\n" + "\n\n".join(
                (f"## {rng.choice(SENTENCES).split(',')[0].rstrip('.')}\n\n" if i and i % 3 == 0 else "") + _wrap(p)
                for i, p in enumerate(paragraphs)) + "\n"
            path = sub / f"draft-{n:05d}.md"
        elif kind < 0.95:
            body = title + "\n\n" + "\n\n".join(_wrap(p) for p in paragraphs) + "\n"
            path = sub / f"draft-{n:05d}.txt"
        else:
            body = (f"<html><head><title>{title}</title></head><body>\n<h1>{title}</h1>\n"
                    + "\n".join(f"<p>{p}</p>" for p in paragraphs) + "\n</body></html>\n")
            path = sub / f"draft-{n:05d}.html"
        path.write_text(body, encoding="utf-8")
        total += len(body.encode("utf-8"))
    return {"files": count, "bytes": total, "defects": defects}


# --- measuring processes -------------------------------------------------------------------------

def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return total


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall time of the whole process, its CPU time (user + system, workers included: on a busy
    machine the fairer figure), and peak memory: the sum over the process tree sampled every
    10 ms (worker processes included)."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return {"wall": wall, "cpu": _children_cpu() - cpu0, "tree_rss_mb": peak[0] / 1024, "rc": proc.returncode, "stdout": out, "stderr": err}


def healthlint_cmd(*args: str) -> list[str]:
    return [PYTHON, "-m", "healthlint.cli", "check", *args]


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def codespell_cmd(folder: Path) -> list[str] | None:
    exe = shutil.which("codespell") or str(Path(PYTHON).parent / "codespell")
    return [exe, str(folder)] if os.path.exists(exe) else None


def median_run(cmd, cwd, env, repeat):
    runs = [run_measured(cmd, cwd, env) for _ in range(repeat)]
    best = sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]
    best["all"] = [round(r["wall"], 2) for r in runs]
    best["cpu"] = statistics.median(r["cpu"] for r in runs)
    best["tree_rss_mb"] = max(r["tree_rss_mb"] for r in runs)
    return best


def library_scenario(work: Path, count: int, repeat: int, jobs: str | None) -> dict:
    folder = work / f"lib{count}"
    info = build_library(folder, count)
    mb = info["bytes"] / 1e6
    env = _env()
    jobs_args = ["--jobs", jobs] if jobs else []
    hl = median_run(healthlint_cmd("--no-cache", "--quiet", *jobs_args, folder.name), work, env, repeat)
    if hl["rc"] not in (0, 1):
        sys.exit(f"healthlint failed: {hl['stderr'].decode()[-2000:]}")
    row = {"count": count, "mb": mb, "healthlint": hl, "defects": info["defects"],
           "summary": hl["stdout"].decode().strip().splitlines()[-1] if hl["stdout"] else ""}
    cs = codespell_cmd(folder)
    if cs:
        row["codespell"] = median_run(cs, work, env, repeat)
    # the same library with a warm cache (second run reads nothing that did not change)
    cache_cmd = healthlint_cmd("--quiet", *jobs_args, folder.name)
    run_measured(cache_cmd, work, env)
    row["warm"] = median_run(cache_cmd, work, env, repeat)
    return row


def print_library_rows(rows: list[dict]) -> None:
    print("\n== whole library: all default rules, cross-draft duplicates included, no cache ==")
    print(f"{'drafts':>7} {'MB':>6} | {'healthlint s':>12} {'cpu s':>6} {'drafts/s':>9} {'MB/s':>6} {'peak MB':>8} | "
          f"{'codespell s':>11} {'cpu s':>6} {'ratio hl/cs':>11} | {'warm cache s':>12} {'ratio':>6}")
    for r in rows:
        hl, cs, warm = r["healthlint"], r.get("codespell"), r["warm"]
        ratio = f"{hl['wall'] / cs['wall']:.2f}" if cs else "n/a"
        warm_ratio = f"{warm['wall'] / cs['wall']:.2f}" if cs else "n/a"
        cs_wall = f"{cs['wall']:.2f}" if cs else "not installed"
        cs_cpu = f"{cs['cpu']:.2f}" if cs else ""
        print(f"{r['count']:>7} {r['mb']:>6.1f} | {hl['wall']:>12.2f} {hl['cpu']:>6.1f} {r['count'] / hl['wall']:>9.0f} "
              f"{r['mb'] / hl['wall']:>6.1f} {hl['tree_rss_mb']:>8.0f} | {cs_wall:>11} {cs_cpu:>6} {ratio:>11} | "
              f"{warm['wall']:>12.2f} {warm_ratio:>6}")
    for r in rows:
        print(f"  {r['count']} drafts: runs {r['healthlint']['all']} s; {r['summary']}; planted {r['defects']}")
    if len(rows) >= 2:
        small, big = rows[0], rows[-1]
        growth = big["healthlint"]["wall"] / small["healthlint"]["wall"]
        print(f"  growth {small['count']} -> {big['count']} drafts: x{growth:.1f} "
              f"(target <= x{1.05 * big['count'] / small['count']:.1f})")
    print("  healthlint s: wall time of a run with --no-cache; warm cache s: the same run again with the")
    print("  library index warm (nothing changed). peak MB: main process + workers, sampled together.")
    print(f"  load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows every figure)")


def one_file_scenario(work: Path, repeat: int) -> float:
    """The slowest of the three example drafts' median wall times."""
    env = _env()
    print("\n== one draft, cold process (healthlint check one.md), no cache ==")
    slowest = 0.0
    for name in ("hip-flexor-stretches.md", "sleep-tips.txt", "heart-health.html"):
        shutil.copy(ROOT / "examples" / name, work / name)
        r = median_run(healthlint_cmd("--no-cache", name), work, env, max(repeat, 5))
        slowest = max(slowest, r["wall"])
        print(f"  {name:<26} {r['wall']:.3f} s wall, {r['cpu']:.3f} s cpu  (runs {r['all']})  target < 0.3 s")
    return slowest


def precommit_scenario(work: Path, count: int, repeat: int) -> tuple[float, bool]:
    """A repository with `count` drafts and a config whose `library` is all of them: pre-commit
    checks the one changed draft, which repeats a paragraph from another draft."""
    env = _env()
    repo = work / f"repo{count}"
    if not repo.exists():
        build_library(repo / "drafts", count)
    (repo / ".healthlint.yaml").write_text('library: ["drafts/**/*.md", "drafts/**/*.txt", "drafts/**/*.html"]\n')
    changed = repo / "drafts" / "00" / "draft-00001.md"
    drafts = sorted((repo / "drafts").glob("*/draft-*.*"))
    victim = [p for p in drafts if p.suffix == ".md" and p != changed][-1]  # the library's last Markdown draft
    # a paragraph of the victim found in no other draft, so that the duplicate must be its copy
    others = "\n".join(p.read_text() for p in drafts if p != victim)
    copied = next(p for p in victim.read_text().split("\n\n")
                  if len(p.split()) > 15 and not p.startswith(("#", "-")) and p not in others)
    original = changed.read_text()
    subprocess.run(healthlint_cmd("--quiet", "."), cwd=repo, env=env, capture_output=True)  # warm the cache
    print(f"\n== pre-commit: one changed draft in a library of {count}, warm cache ==")
    walls, cpus = [], []
    for i in range(max(repeat, 3)):
        # an edit, and a paragraph pasted from the last draft of the library
        changed.write_text(original + f"\n\nEdit number {i} of this draft.\n\n{copied}\n")
        r = run_measured(healthlint_cmd("drafts/00/draft-00001.md"), repo, env)
        walls.append(r["wall"])
        cpus.append(r["cpu"])
        found = victim.name in r["stdout"].decode()
    print(f"  {statistics.median(walls):.3f} s wall, {statistics.median(cpus):.3f} s cpu  "
          f"(runs {[round(w, 3) for w in walls]})  target < 0.5 s; "
          f"cross-draft duplicate found against {victim.name}: {'yes' if found else 'NO'}")
    changed.write_text(original)
    return statistics.median(walls), found


def print_targets(rows: list[dict], one: float | None, precommit: tuple[float, bool] | None) -> None:
    """Issue 17's targets (the goal for the cold ratio stays 1.0), each with what this run measured."""
    print("\n== targets ==")
    lines = []
    if rows:
        big = rows[-1]
        cs = big.get("codespell")
        if cs:
            ratio = big["healthlint"]["wall"] / cs["wall"]
            warm = big["warm"]["wall"] / cs["wall"]
            lines.append((f"ratio healthlint / codespell, {big['count']} drafts, no cache", f"{ratio:.2f}", "<= 3.0",
                          ratio <= 3.0))
            lines.append((f"ratio healthlint / codespell, {big['count']} drafts, warm cache", f"{warm:.2f}", "<= 1.0",
                          warm <= 1.0))
        peak = max(r["healthlint"]["tree_rss_mb"] for r in rows)
        lines.append(("peak memory, whole process tree", f"{peak:.0f} MB", "< 300 MB", peak < 300))
        cores = big["healthlint"]["cpu"] / big["healthlint"]["wall"]
        ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        lines.append((f"cores busy over the run ({ncpu} available)", f"{cores:.2f}", ">= 1.8" if ncpu >= 2 else "n/a",
                      cores >= 1.8 or ncpu < 2))
        if len(rows) >= 2:
            small = rows[0]
            growth = big["healthlint"]["wall"] / small["healthlint"]["wall"]
            limit = 1.05 * big["count"] / small["count"]
            lines.append((f"growth {small['count']} -> {big['count']} drafts", f"x{growth:.1f}", f"<= x{limit:.0f}",
                          growth <= limit))
    if one is not None:
        lines.append(("one draft, cold process (slowest of three)", f"{one:.3f} s", "< 0.2 s", one < 0.2))
    if precommit is not None:
        wall, found = precommit
        lines.append(("pre-commit, one draft of the library, warm cache", f"{wall:.3f} s", "< 0.25 s",
                      wall < 0.25 and found))
    for name, value, target, met in lines:
        print(f"  {name:<52} {value:>9}  target {target:<9} {'met' if met else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="library sizes (comma-separated)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median is shown")
    parser.add_argument("--jobs", default=None, help="healthlint --jobs (default: all cores)")
    parser.add_argument("--keep", help="build the libraries in this folder and keep them")
    parser.add_argument("--only", choices=["library", "one", "precommit"], help="run one scenario")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # Bytecode as `pip install` leaves it: without it (PYTHONDONTWRITEBYTECODE=1 in some
    # environments, or a fresh checkout) every cold process compiles healthlint's modules again.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src" / "healthlint")], check=False)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="healthlint-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"healthlint speed benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, work folder {work}")
    try:
        rows, one, precommit = [], None, None
        if args.only in (None, "library"):
            rows = [library_scenario(work, n, args.repeat, args.jobs) for n in sizes]
            print_library_rows(rows)
        if args.only in (None, "one"):
            one = one_file_scenario(work, args.repeat)
        if args.only in (None, "precommit"):
            precommit = precommit_scenario(work, max(sizes), args.repeat)
        print_targets(rows, one, precommit)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
