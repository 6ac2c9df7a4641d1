"""How fast `healthlint server` answers: a real server process over stdio, a 3,000-word draft
opened, then edited N times; prints the time from each change sent to its diagnostics received
(the debounce included), median and worst. Target (issue 15): under 0.3 s.

    python benchmarks/lsp_latency.py [--words 3000] [--changes 10]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _draft(words: int) -> str:
    import random

    import speed

    rng = random.Random(3)
    paragraphs, count = ["# Knee pain: what helps"], 0
    while count < words:
        p = speed._paragraph(rng, rng.choice(speed.TOPICS), __import__("collections").Counter())
        paragraphs.append(p)
        count += len(p.split())
    return "\n\n".join(paragraphs) + "\n"


class Client:
    def __init__(self, cwd: Path):
        self.proc = subprocess.Popen([sys.executable, "-c", "from healthlint.cli import main; main(['server'])"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 0

    def send(self, method: str, params: dict, request: bool = False) -> None:
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def wait(self, method: str) -> dict:
        while True:
            msg = self.read()
            if msg.get("method") == method:
                return msg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = _draft(args.words)
        path = folder / "draft.md"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        client = Client(folder)
        client.send("initialize", {"processId": None, "rootUri": folder.as_uri(), "capabilities": {}}, request=True)
        client.read()
        client.send("initialized", {})
        start = time.perf_counter()
        client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                              "text": text}})
        first = client.wait("textDocument/publishDiagnostics")
        opened = time.perf_counter() - start
        times = []
        for n in range(args.changes):
            text = text.replace("walk", "walkk", 1) if n % 2 == 0 else text.replace("walkk", "walk", 1)
            start = time.perf_counter()
            client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": n + 2},
                                                   "contentChanges": [{"text": text}]})
            client.wait("textDocument/publishDiagnostics")
            times.append(time.perf_counter() - start)
        client.send("shutdown", {}, request=True)
        client.send("exit", {})
        client.proc.wait(timeout=10)
    words = len(text.split())
    print(f"draft of {words} words; open (first lint, cold rules): {opened:.3f} s, "
          f"{len(first['params']['diagnostics'])} diagnostics")
    print(f"change -> diagnostics, {len(times)} changes: median {statistics.median(times):.3f} s, "
          f"worst {max(times):.3f} s (debounce included)  target < 0.3 s  "
          f"{'met' if max(times) < 0.3 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
