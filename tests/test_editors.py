"""The VS Code extension (editors/vscode/) builds: `npm ci && npm run compile`, when Node and npm
are on the machine; skipped with a message otherwise. Its settings start `healthlint server`."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "editors" / "vscode"


def test_the_extension_starts_the_server_command():
    package = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    command = package["contributes"]["configuration"]["properties"]["healthlint.command"]["default"]
    assert command == ["healthlint", "server"]
    assert "vscode-languageclient" in package["dependencies"]
    assert (EXTENSION / "package-lock.json").is_file()  # `npm ci` needs it


def test_the_extension_builds(tmp_path):
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are not installed: the VS Code extension's build is not checked here")
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "out"))
    ci = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=work, capture_output=True, text=True, timeout=300)
    if ci.returncode != 0 and any(s in ci.stderr for s in ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT")):
        pytest.skip("the npm registry cannot be reached: the extension's build is not checked here")
    assert ci.returncode == 0, ci.stderr[-2000:]
    build = subprocess.run(["npm", "run", "compile"], cwd=work, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    assert (work / "out" / "extension.js").is_file()
