"""The hostile-input battery: builds each input in a scratch folder, runs `healthlint check` on
it with a 60-second limit, and prints one row per input: whether it ended in a traceback, hung,
or changed any file it was given; and the first line healthlint printed.

    python benchmarks/hostile.py            # every input
    python benchmarks/hostile.py --only fifo-vocabulary

It needs no network; /dev/zero and /dev/urandom are used through symbolic links."""
from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT = 60.0
DRAFT = "# Knee pain\n\nWalking helps most people with knee pain. Teh end.\n"


def _config(folder: Path, text: str) -> list[str]:
    (folder / ".healthlint.yaml").write_text(text, encoding="utf-8")
    (folder / "a.md").write_text(DRAFT, encoding="utf-8")
    return ["check", "a.md"]


def _vocabulary(folder: Path, make) -> list[str]:
    target = make(folder)
    (folder / ".healthlint.yaml").write_text(f"vocabulary:\n  files: [{target}]\n", encoding="utf-8")
    (folder / "a.md").write_text(DRAFT, encoding="utf-8")
    return ["check", "a.md"]


def _link(name, to):
    def make(folder: Path) -> str:
        os.symlink(to, folder / name)
        return name
    return make


def _bytes(name, data):
    def make(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return name
    return make


def _fifo(name):
    def make(folder: Path) -> str:
        os.mkfifo(folder / name)
        return name
    return make


def _gzip_bomb(folder: Path) -> str:
    with gzip.open(folder / "words.txt.gz", "wb", compresslevel=9) as out:
        chunk = b"a" * (1 << 20)
        for _ in range(2048):  # 2 GB of one letter, about 2 MB on disk
            out.write(chunk)
    return "words.txt.gz"


def _draft(name: bytes | str, data: bytes, *extra):
    def build(folder: Path) -> list[str]:
        path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
        with open(path, "wb") as out:
            out.write(data)
        return ["check", *extra, "."]
    return build


def _front_matter_flow(folder: Path) -> list[str]:
    items = ", ".join(f"item{i}" for i in range(1_000_000))  # ~9.5 MB in one flow sequence
    (folder / "fm.md").write_text(f"---\ntags: [{items}]\n---\n\n{DRAFT}", encoding="utf-8")
    return ["check", "--max-file-size", "20M", "fm.md"]


def _pack(folder: Path, text: str) -> list[str]:
    (folder / "pack").mkdir()
    (folder / "pack" / "rules.yaml").write_text(text, encoding="utf-8")
    return _config(folder, "packs: [pack]\n")


def _baseline(make):
    def build(folder: Path) -> list[str]:
        name = make(folder)
        (folder / "a.md").write_text(DRAFT, encoding="utf-8")
        return ["check", "--baseline", name, "a.md"]
    return build


CASES = {
    "config-impossible-date": lambda f: _config(f, "fail_on: 2020-13-45\n"),
    "config-huge-integer": lambda f: _config(f, "max_file_size: " + "9" * 5000 + "\n"),
    "config-non-string-key": lambda f: _config(f, "rules:\n  ? [a, b]\n  : {enabled: false}\n"),
    "config-integer-key": lambda f: _config(f, "1: 2\n"),
    "config-date-in-list": lambda f: _config(f, "exclude: [2021-02-30]\n"),
    "config-fifo": lambda f: (os.mkfifo(f / ".healthlint.yaml"), (f / "a.md").write_text(DRAFT), ["check", "a.md"])[2],
    "config-dev-zero": lambda f: (os.symlink("/dev/zero", f / ".healthlint.yaml"), (f / "a.md").write_text(DRAFT),
                                  ["check", "a.md"])[2],
    "pack-impossible-date": lambda f: _pack(f, "rules:\n  - id: x\n    code: HL901\n    family: typo\n    kind: pattern\n"
                                               "    severity: warning\n    message: 2020-13-45\n"),
    "pack-huge-integer": lambda f: _pack(f, "rules:\n  - id: x\n    code: HL901\n    family: typo\n    kind: pattern\n"
                                            "    severity: warning\n    message: m\n    options: {patterns: [a]}\n"
                                            "    docs: {summary: " + "9" * 5000 + "}\n"),
    "vocabulary-corrupt-gzip": lambda f: _vocabulary(f, _bytes("words.txt.gz", b"\x1f\x8b\x08\x00garbage" * 100)),
    "vocabulary-gzip-bomb": lambda f: _vocabulary(f, _gzip_bomb),
    "vocabulary-dev-zero": lambda f: _vocabulary(f, _link("words.txt", "/dev/zero")),
    "vocabulary-dev-urandom": lambda f: _vocabulary(f, _link("words.txt", "/dev/urandom")),
    "vocabulary-fifo": lambda f: _vocabulary(f, _fifo("words.txt")),
    "vocabulary-binary": lambda f: _vocabulary(f, _bytes("words.txt", os.urandom(4096))),
    "vocabulary-huge": lambda f: _vocabulary(f, _bytes("words.txt", b"word\n" * 30_000_000)),
    "baseline-fifo": _baseline(_fifo("baseline.json")),
    "baseline-dev-zero": _baseline(_link("baseline.json", "/dev/zero")),
    "baseline-huge-integer": _baseline(_bytes("baseline.json", b'{"version": ' + b"9" * 5000 + b', "findings": []}')),
    "draft-latin1-file-name": _draft(b"caf\xe9-knee.md", DRAFT.encode()),
    "draft-5mb-single-line": _draft("long.md", ("Walking helps knees. " * 250_000).encode() + b"\n"),
    "draft-50mb-max-100m": _draft("big.md", ((DRAFT + "Walking helps most people with sore knees every day.\n\n") * 400_000).encode(),
                                  "--max-file-size", "100M"),
    "draft-front-matter-flow-9.5mb": _front_matter_flow,
}


def _digest(folder: Path) -> dict:
    out = {}
    for root, _, files in os.walk(os.fsencode(folder)):
        for name in files:
            path = os.path.join(root, name)
            if os.path.islink(path) or not os.path.isfile(path) or b".healthlint_cache" in path:
                continue
            with open(path, "rb") as handle:
                out[path] = hashlib.sha256(handle.read()).hexdigest()
    return out


def run(name: str, build) -> dict:
    exe = str(Path(sys.executable).parent / "healthlint")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        args = build(folder)
        before = _digest(folder)
        start = time.monotonic()
        try:
            proc = subprocess.run([exe, *args], cwd=folder, capture_output=True, timeout=LIMIT,
                                  env={**os.environ, "NO_COLOR": "1"})
            hang, out, err, code = False, proc.stdout, proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as exc:
            hang, out, err, code = True, exc.stdout or b"", exc.stderr or b"", None
        seconds = time.monotonic() - start
        changed = _digest(folder) != before
    text = err.decode("utf-8", "replace")
    first = next((line for line in text.splitlines() if line.strip()), "") or \
        next((line for line in out.decode("utf-8", "replace").splitlines() if line.strip()), "")
    return {"input": name, "traceback": "Traceback (most recent call last)" in text, "hang": hang,
            "changed": changed, "exit": code, "seconds": seconds, "first": first}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append")
    args = parser.parse_args()
    rows = [run(n, b) for n, b in CASES.items() if not args.only or n in args.only]
    print(f"{'input':32} {'traceback':9} {'hang':5} {'changed':7} {'exit':4} {'s':>6}  first line")
    for r in rows:
        print(f"{r['input']:32} {'YES' if r['traceback'] else 'no':9} {'YES' if r['hang'] else 'no':5} "
              f"{'YES' if r['changed'] else 'no':7} {str(r['exit']):4} {r['seconds']:6.1f}  {r['first'][:110]}")
    bad = [r for r in rows if r["traceback"] or r["hang"] or r["changed"]]
    print(f"\n{len(rows)} inputs tried: {sum(r['traceback'] for r in rows)} tracebacks, {sum(r['hang'] for r in rows)} hangs, "
          f"{sum(r['changed'] for r in rows)} with data changed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
