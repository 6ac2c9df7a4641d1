"""The real-world set: run healthlint over the materialized corpus the way a publisher runs it
(one run per site, every article of the site named, no config), key every finding so that an
editor's verdict survives line shifts, draw the seeded sample that gets judged, and score it.

A finding's key is a hash of (site, path, rule code, the flagged text normalized, and its
ordinal among the same rule's findings on the same text in that file): it does not hold the
text, and it does not change when lines move.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realcorpus import CORPUS, HALVES, HERE, ROOT, load_index, stable_rank  # noqa: E402

JUDGMENTS = HERE / "judgments.jsonl"
SAMPLE_SEED = "judge-2026-12"
PER_RULE = 40  # judged findings per rule and half (all of them when a rule has fewer)
VERDICTS = ("true", "false", "debatable")
FAMILY_ORDER = ("duplicate-paragraph", "unsourced-claim", "missing-disclaimer", "boilerplate", "typo", "document")


@dataclass(frozen=True)
class Finding:
    key: str
    site: str
    half: str
    path: str  # the article's path in its repository
    local: str  # its path under corpus/
    code: str
    rule: str
    family: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    snippet: str  # the flagged text (never written to the repository)
    related: tuple = ()  # (path, line) of other places involved, as healthlint reports them


def _offset(text_lines: list[str], line: int, column: int) -> int:
    line = max(1, min(line, len(text_lines)))
    return sum(len(x) for x in text_lines[: line - 1]) + max(0, column - 1)


def normalize(snippet: str) -> str:
    return re.sub(r"\s+", " ", snippet).strip().casefold()[:200]


def finding_key(site: str, path: str, code: str, snippet: str, ordinal: int) -> str:
    raw = f"{site}\0{path}\0{code}\0{normalize(snippet)}\0{ordinal}"
    return hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def healthlint_command() -> list[str]:
    """The healthlint under test: this checkout's sources, whatever is installed."""
    return [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
            "from healthlint.cli import main; sys.exit(main())", str(ROOT / "src")]


def lint_site(files: list[str], cwd: Path, extra: list[str] | None = None) -> list[dict]:
    """`healthlint check --format json` over one site's articles, from the site's folder."""
    cmd = healthlint_command() + ["check", "--format", "json", "--no-cache", "--fail-on", "error", *(extra or []), *files]
    env = dict(os.environ, NO_COLOR="1")
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if out.returncode not in (0, 1, 2) or not out.stdout.strip().startswith("["):
        raise SystemExit(f"healthlint failed in {cwd} (exit {out.returncode}): {out.stderr.strip()[:500]}")
    return json.loads(out.stdout)


def lint_corpus(index: dict | None = None, halves=HALVES, extra: list[str] | None = None,
                corpus: Path | None = None) -> list[Finding]:
    """Every finding healthlint makes on the corpus articles, keyed. One run per site."""
    index = index or load_index()
    corpus = corpus or CORPUS
    by_site = defaultdict(list)
    for a in index["articles"]:
        if a["half"] in halves:
            by_site[(a["half"], a["site"])].append(a)
    findings: list[Finding] = []
    for (half, site), articles in sorted(by_site.items()):
        site_dir = corpus / half / site.replace("/", "+")
        rel = {str(Path(a["local"]).relative_to(Path(half) / site.replace("/", "+"))): a for a in articles}
        diags = lint_site(sorted(rel), site_dir, extra)
        texts: dict[str, list[str]] = {}
        seen: Counter = Counter()
        for d in sorted(diags, key=lambda d: (d["path"], d["line"], d["column"], d["code"])):
            a = rel.get(d["path"]) or rel.get(os.path.normpath(d["path"]))
            if a is None:
                continue
            if d["path"] not in texts:
                texts[d["path"]] = (site_dir / d["path"]).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
            lines = texts[d["path"]]
            start = _offset(lines, d["line"], d["column"])
            end = _offset(lines, d["end_line"], d["end_column"])
            snippet = "".join(lines)[start:max(start, end)]
            ident = (d["path"], d["code"], normalize(snippet))
            key = finding_key(site, a["path"], d["code"], snippet, seen[ident])
            seen[ident] += 1
            findings.append(Finding(key, site, half, a["path"], a["local"], d["code"], d["rule"], d["family"],
                                    d["severity"], d["line"], d["column"], d["end_line"], d["end_column"],
                                    d["message"], snippet, tuple((r["path"], r["line"]) for r in d.get("related", ()))))
    return findings


def code_fingerprint() -> str:
    """What the findings depend on besides the corpus: healthlint's sources and rule packs."""
    h = hashlib.sha1()
    for folder in (ROOT / "src", ROOT / "rules"):
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(ROOT)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def cached_findings(index: dict | None = None, refresh: bool = False) -> list[Finding]:
    """lint_corpus, remembered in corpus/_findings.json until the code, rules or corpus change."""
    index = index or load_index()
    stamp = hashlib.sha1((code_fingerprint() + json.dumps(index["articles"], sort_keys=True)).encode()).hexdigest()
    cache = CORPUS / "_findings.json"
    if not refresh and cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("stamp") == stamp:
            return [Finding(**{**f, "related": tuple(map(tuple, f["related"]))}) for f in data["findings"]]
    findings = lint_corpus(index)
    cache.write_text(json.dumps({"stamp": stamp, "findings": [f.__dict__ for f in findings]}, ensure_ascii=False),
                     encoding="utf-8")
    return findings


def load_judgments(path: Path = JUDGMENTS) -> dict[str, dict]:
    """key -> verdict record. A later line for the same key replaces an earlier one."""
    out = {}
    if not path.is_file():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("verdict") not in VERDICTS:
            raise SystemExit(f"{path}:{n}: verdict must be one of {VERDICTS}")
        out[rec["key"]] = rec
    return out


def sample(findings: list[Finding], per_rule: int = PER_RULE) -> list[Finding]:
    """The seeded stratified sample: per half and rule, the `per_rule` findings first in a
    seeded order of their keys (so a new finding elsewhere does not reshuffle the sample)."""
    groups = defaultdict(list)
    for f in findings:
        groups[(f.half, f.code)].append(f)
    out = []
    for _, group in sorted(groups.items()):
        group.sort(key=lambda f: stable_rank(SAMPLE_SEED, f.key))
        out.extend(group[:per_rule])
    return out


@dataclass
class Cell:
    count: int = 0
    true: int = 0
    false: int = 0
    debatable: int = 0
    unjudged: int = 0

    @property
    def judged(self) -> int:
        return self.true + self.false

    @property
    def precision(self) -> float | None:
        return self.true / self.judged if self.judged else None


def score(findings: list[Finding], judgments: dict[str, dict], per_rule: int = PER_RULE):
    """Per (half, rule) and (half, family): counts, verdict tallies over the sample, precision.
    A family's precision weighs each rule's sample precision by the rule's share of findings
    (a stratified estimate), so a rare rule's perfect sample does not hide a frequent rule's
    false alarms."""
    rules: dict[tuple[str, str], Cell] = defaultdict(Cell)
    family_of: dict[str, str] = {}
    for f in findings:
        rules[(f.half, f.code)].count += 1
        family_of[f.code] = f.family
    for f in sample(findings, per_rule):
        cell = rules[(f.half, f.code)]
        verdict = judgments.get(f.key, {}).get("verdict")
        if verdict is None:
            cell.unjudged += 1
        else:
            setattr(cell, verdict, getattr(cell, verdict) + 1)
    families: dict[tuple[str, str], dict] = {}
    for (half, code), cell in rules.items():
        fam = families.setdefault((half, family_of[code]), {"count": 0, "weighted": 0.0, "weight": 0,
                                                              "true": 0, "false": 0, "debatable": 0, "unjudged": 0})
        fam["count"] += cell.count
        for k in ("true", "false", "debatable", "unjudged"):
            fam[k] += getattr(cell, k)
        if cell.precision is not None:
            fam["weighted"] += cell.precision * cell.count
            fam["weight"] += cell.count
    for fam in families.values():
        fam["precision"] = fam["weighted"] / fam["weight"] if fam["weight"] else None
    return rules, families, family_of


# --- planted recall: real chrome and real disclaimers pasted into real articles of other sites ----

PLANTED = CORPUS / "_planted"
PLANT_SEED = "plant-2026-12"


def _boundaries(text: str, suffix: str) -> list[int]:
    """Offsets between paragraphs where a pasted paragraph can go: after a blank line, outside
    front matter and code fences (Markdown, MDX, text, rST), or after a closing block tag (HTML)."""
    if suffix in (".html", ".htm"):
        return [m.end() for m in re.finditer(r"</p>\s*\n", text)] or [len(text)]
    start = 0
    fm = re.match(r"\A(---|\+\+\+)\n.*?\n\1\n", text, re.S)
    if fm:
        start = fm.end()
    out, fence = [], False
    pos = start
    for line in text[start:].splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        pos += len(line)
        if not fence and not line.strip():
            out.append(pos)
    return out or [len(text)]


def plant(text: str, suffix: str, fragment: str, rng) -> tuple[str, int, int]:
    """`text` with `fragment` pasted as its own paragraph at a seeded place: the start, the end
    or a paragraph boundary in between. Returns the new text and the 1-based lines it occupies."""
    spots = _boundaries(text, suffix)
    where = rng.choice(["start", "end", "middle", "middle"])
    offset = spots[0] if where == "start" else spots[-1] if where == "end" else rng.choice(spots)
    block = f"<p>{fragment}</p>\n" if suffix in (".html", ".htm") else f"\n{fragment}\n\n"
    if suffix not in (".html", ".htm") and offset > 0 and not text[:offset].endswith("\n"):
        block = "\n" + block
    new = text[:offset] + block + text[offset:]
    first = text[:offset].count("\n") + 1 + (1 if block.startswith("\n") else 0)
    if block.startswith("\n\n"):
        first += 1
    return new, first, first + fragment.count("\n")


def planted_recall(index: dict | None = None, findings: list[Finding] | None = None) -> dict:
    """Plant every labeled chrome fragment and disclaimer into an article of another site of the
    same half, lint the planted articles, and count how many plants were caught.

    chrome: caught when a boilerplate-family finding touches the planted lines.
    disclaimers: planted only into articles the rule flags as lacking that disclaimer; caught
    when the finding goes away. A boilerplate finding on a planted disclaimer is counted too
    (telling an editor to delete the disclaimer is the worst false alarm)."""
    import random
    import shutil

    from fragments import CHROME_KINDS, labeled_fragments

    index = index or load_index()
    findings = findings if findings is not None else cached_findings(index)
    frags = labeled_fragments()
    articles = {h: [a for a in index["articles"] if a["half"] == h] for h in HALVES}
    lacking = defaultdict(set)  # rule code -> local paths whose original draws it
    for f in findings:
        if f.code in ("HL301", "HL302", "HL303"):
            lacking[f.code].add(f.local)
    rule_for = {"disclaimer-medical": "HL301", "disclaimer-exercise": "HL302", "disclaimer-supplement": "HL303"}
    if PLANTED.exists():
        shutil.rmtree(PLANTED)
    plants = []
    used = defaultdict(int)
    for frag in sorted(frags, key=lambda f: f["id"]):
        rng = random.Random(f"{PLANT_SEED}\0{frag['id']}")
        pool = [a for a in articles[frag["half"]] if a["site"] != frag["site"]]
        code = rule_for.get(frag["kind"])
        if code:
            pool = [a for a in pool if a["local"] in lacking[code]]
        elif frag["kind"] not in CHROME_KINDS:
            continue
        if not pool:
            continue
        pool.sort(key=lambda a: (used[a["local"]], stable_rank(frag["id"], a["local"])))
        target = pool[0]
        used[target["local"]] += 1
        suffix = Path(target["local"]).suffix.lower()
        text = (CORPUS / target["local"]).read_text(encoding="utf-8", errors="replace")
        new, first, last = plant(text, suffix, frag["text"], rng)
        group = "disclaimer" if code else "chrome"
        local = Path(group) / frag["half"] / frag["id"] / Path(target["local"]).name
        (PLANTED / local).parent.mkdir(parents=True, exist_ok=True)
        (PLANTED / local).write_text(new, encoding="utf-8")
        plants.append({"id": frag["id"], "kind": frag["kind"], "half": frag["half"], "site": frag["site"],
                       "target": target["local"], "local": str(local), "first": first, "last": last, "code": code})
    results = []
    for group in ("chrome", "disclaimer"):
        for half in HALVES:
            batch = [p for p in plants if p["local"].startswith(f"{group}/{half}/")]
            if not batch:
                continue
            diags = lint_site([p["local"] for p in batch], PLANTED)
            by_path = defaultdict(list)
            for d in diags:
                by_path[os.path.normpath(d["path"])].append(d)
            for p in batch:
                mine = by_path.get(os.path.normpath(p["local"]), [])
                on_plant = [d for d in mine if d["line"] <= p["last"] and d["end_line"] >= p["first"]]
                if group == "chrome":
                    caught = any(d["family"] == "boilerplate" for d in on_plant)
                    results.append({**p, "caught": caught, "flagged_as_boilerplate": caught})
                else:
                    caught = not any(d["code"] == p["code"] for d in mine)
                    flagged = any(d["family"] in ("boilerplate", "duplicate-paragraph") for d in on_plant)
                    results.append({**p, "caught": caught, "flagged_as_boilerplate": flagged})
    return {"plants": results}
