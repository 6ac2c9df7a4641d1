"""The pre-commit hook, run for real: `pre-commit try-repo` installs this repository's hook into
its own environment and runs it on a temporary git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import REPO, clean_draft

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BAD = "# Stretching\n\nStretching every mornign keeps your hamstrings supple.\n\n" \
      "This article is not a substitute for professional medical advice, diagnosis, or treatment.\n"


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def _try_repo(repo, home):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "healthlint", "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_hook_fails_on_bad_draft_and_passes_when_fixed(tmp_path):
    repo = tmp_path / "site"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "article.md").write_text(BAD)
    (repo / "notes.py").write_text("x = 'mornign'\n")  # not a draft: the hook must not read it
    _git(repo, "add", ".")
    home = tmp_path / "pre-commit-home"

    run = _try_repo(repo, home)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "article.md:3:" in output and "HL501 [typo]" in output and "mornign" in output
    assert "notes.py" not in output.split("Failed")[-1]

    (repo / "article.md").write_text(clean_draft("Stretching every morning keeps your hamstrings supple."))
    _git(repo, "add", ".")
    run = _try_repo(repo, home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
