"""The progress bar of long runs: drawn on standard error when it is a terminal, for human
formats, over many drafts; never in pipes, machine formats or with --quiet."""
from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

import healthlint.cli
from healthlint.progress import MIN_DRAFTS

from .conftest import REPO, clean_draft

MANY = MIN_DRAFTS + 5


@pytest.fixture
def library(write):
    for i in range(MANY):
        write(f"drafts/d{i:02d}.md", clean_draft(f"Walking every day number {i} keeps joints moving."))
    write("drafts/typo.md", clean_draft("Stretch every mornign."))


def test_no_bar_when_stderr_is_not_a_terminal(cli, library):
    run = cli("check", "drafts")
    assert run.code == 1
    assert "drafts [" not in run.err and "\r" not in run.err


def test_bar_on_a_terminal_and_erased_before_the_report(cli, library, monkeypatch):
    monkeypatch.setattr(healthlint.cli, "_stderr_is_terminal", lambda: True)
    run = cli("check", "drafts")
    assert f"checking drafts [{'#' * 28}] {MANY + 1}/{MANY + 1}" in run.err
    assert run.err.endswith("\r\x1b[2K")  # erased, so the report starts on a clean line
    assert "\r" not in run.out and "checking drafts" not in run.out
    assert "typo.md:3:" in run.out


@pytest.mark.parametrize("args", [["--quiet"], ["--format", "json"], ["--format", "sarif"], ["--format", "github"]])
def test_no_bar_when_quiet_or_machine_readable(cli, library, monkeypatch, args):
    monkeypatch.setattr(healthlint.cli, "_stderr_is_terminal", lambda: True)
    run = cli("check", *args, "drafts")
    assert "drafts [" not in run.err


def test_no_bar_for_a_few_drafts(cli, write, monkeypatch):
    monkeypatch.setattr(healthlint.cli, "_stderr_is_terminal", lambda: True)
    write("a.md", clean_draft("Stretch every mornign."))
    assert cli("check", "a.md").err == ""


def test_bar_on_a_real_terminal_with_the_report_piped(library, tmp_path):
    """stderr on a pseudo-terminal, stdout into a pipe: the bar on the terminal, a clean report."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run([sys.executable, "-m", "healthlint.cli", "check", "drafts"], cwd=tmp_path, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, timeout=120)
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed and everything was read
            break
        if not chunk:
            break
        terminal += chunk
    os.close(master)
    assert proc.returncode == 1
    assert b"checking drafts [" in terminal and f"{MANY + 1}/{MANY + 1}".encode() in terminal
    assert b"\r" not in proc.stdout and b"checking" not in proc.stdout
    assert b"drafts/typo.md:3:" in proc.stdout


def test_lint_paths_reports_progress_after_each_draft(library, tmp_path, monkeypatch):
    from healthlint import lint_paths, load_config

    monkeypatch.chdir(tmp_path)
    calls = []
    result = lint_paths(["drafts"], load_config(), progress=lambda done, total: calls.append((done, total)))
    total = len(result.files)
    assert calls == [(i, total) for i in range(1, total + 1)]
