"""Findings as bytes, for a refactor that must not change them: runs `healthlint check
--output-format json` (no cache) over examples/, every labeled set, ../shared/drafts and a
1,000-draft library built by benchmarks/speed.py, and writes one JSON document of every finding
and every file problem. Run it before and after; `cmp` (or --compare) tells whether they differ.

    python benchmarks/snapshot.py --out /tmp/before.json
    python benchmarks/snapshot.py --out /tmp/after.json --compare /tmp/before.json
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(folder: Path, cwd: Path, cache: bool = False) -> dict:
    proc = subprocess.run([str(Path(sys.executable).parent / "healthlint"), "check", str(folder), "--format", "json",
                           "--show-all"] + ([] if cache else ["--no-cache"]), cwd=cwd, capture_output=True, text=True)
    return {"exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--compare")
    args = parser.parse_args()
    import speed

    sets = {"examples": ROOT / "examples", "shared-drafts": (ROOT / ".." / "shared" / "drafts").resolve()}
    for name in ("labeled", "heldout", "heldout2"):
        sets[name] = ROOT / "benchmarks" / name
    out = {}
    for name, folder in sets.items():
        out[name] = run(folder, ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "library"
        speed.build_library(lib, 1000)
        out["library-1000"] = run(Path("."), lib)
        # the cached paths (outcome cache, library index, stored cross-file findings): cold, warm,
        # and warm after one draft changed
        out["library-1000 cached cold"] = run(Path("."), lib, cache=True)
        out["library-1000 cached warm"] = run(Path("."), lib, cache=True)
        first = sorted(lib.rglob("*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\nStudies show 40% of adults sleep badly.\n",
                         encoding="utf-8")
        out["library-1000 cached one changed"] = run(Path("."), lib, cache=True)
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True), encoding="utf-8")
    for name, r in out.items():
        print(f"{name:14} exit {r['exit']}  {len(r['stdout']):>9} bytes of findings  {len(r['stderr'])} bytes on stderr")
    if args.compare:
        before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        differ = [n for n in out if out[n] != before.get(n)]
        print("identical" if not differ else f"DIFFERENT: {', '.join(differ)}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
