"""The composite GitHub Action (action.yml): its steps install healthlint from the action's own
checkout and run `healthlint check --format github` on the inputs. The run step is executed here
with bash, as the runner would, on a draft with a finding and on a clean one."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import DISCLAIMER

ACTION = Path(__file__).resolve().parent.parent / "action.yml"


def _steps():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return action, {s.get("name", s.get("uses")): s for s in action["runs"]["steps"]}


def _expand(command: str, inputs: dict) -> str:
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], command)


def test_the_action_installs_from_its_own_checkout():
    _, steps = _steps()
    assert '"$GITHUB_ACTION_PATH"' in steps["Install healthlint"]["run"]
    assert all(s.get("shell") == "bash" for s in steps.values() if "run" in s)


def test_the_run_step_annotates_findings_and_passes_a_clean_draft(tmp_path):
    action, steps = _steps()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "knee.md").write_text(f"# Knee\n\nMost people recieve relief.\n\n{DISCLAIMER}\n", encoding="utf-8")
    command = _expand(steps["Run healthlint"]["run"], {**inputs, "paths": "content"})
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 1
    assert "::warning file=content/knee.md,line=3" in run.stdout and "HL501" in run.stdout
    (tmp_path / "content" / "knee.md").write_text(f"# Knee\n\nWalking is gentle on the knees.\n\n{DISCLAIMER}\n", encoding="utf-8")
    run = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
