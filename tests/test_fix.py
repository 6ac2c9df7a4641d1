"""`check --fix` and `check --diff`: what is written, what is kept (encoding, BOM, line endings,
mode), what is never touched, and that a killed or interrupted run never leaves a half-written
draft. Files are real files on a temporary disk, read back after the run."""
from __future__ import annotations

import codecs
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.config import load_config
from healthlint.api import build_rules, lint_paths
from healthlint.decode import FileStamp
from healthlint.fix import apply_fixes, plan, select_fixes, write, write_atomically
from healthlint.model import Fix

from .conftest import fixture_copy

FIXTURES = fixture_copy("fix")
CONFIG = str(FIXTURES / "config.yaml")
SRC = str(Path(__file__).resolve().parents[1] / "src")

DRAFT = "Teh knee is a joint.\n\nPatients recieve care and seperate advice. Utilize rest.\n"
FIXED = "the knee is a joint.\n\nPatients receive care and separate advice. Utilize rest.\n"


def run(*args: str):
    return CliRunner().invoke(main, ["check", "--config", CONFIG, *args])


def test_fix_writes_fixes_and_reports_them(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("--fix", "--format", "json", str(draft))
    assert draft.read_text(encoding="utf-8") == FIXED
    assert f"fixed 3 problems in {draft}" in result.stderr
    remaining = json.loads(result.stdout)
    # the fixed findings are gone; the unfixable one (rule not marked fixable) remains
    assert [d["rule"] for d in remaining] == ["fixture-hint"]
    assert remaining[0]["fixable"] is False


def test_second_fix_changes_nothing(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    run("--fix", str(draft))
    before = draft.read_bytes()
    mtime = draft.stat().st_mtime_ns
    second = run("--fix", str(draft))
    assert "fixed" not in second.stderr
    assert draft.read_bytes() == before
    assert draft.stat().st_mtime_ns == mtime


def test_without_fix_nothing_is_written(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    mtime = draft.stat().st_mtime_ns
    result = run(str(draft))
    assert result.exit_code == 1
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert draft.stat().st_mtime_ns == mtime
    assert sorted(os.listdir(tmp_path)) == ["a.md"]


def test_diff_shows_changes_without_writing(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("--diff", str(draft))
    assert result.exit_code == 1
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert f"--- a/{draft}" in result.stdout and f"+++ b/{draft}" in result.stdout
    assert "-Teh knee is a joint.\n" in result.stdout
    assert "+the knee is a joint.\n" in result.stdout
    assert "would fix 3 problems in 1 file" in result.stderr
    clean = tmp_path / "clean.md"
    clean.write_text("The knee is a joint.\n", encoding="utf-8")
    nothing = run("--diff", str(clean))
    assert nothing.exit_code == 0 and nothing.stdout == ""


def test_diff_applies_with_patch(tmp_path, monkeypatch):
    """The diff is a real unified diff: `patch` applied to a copy gives what --fix writes."""
    import shutil

    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    diff = run("--diff", "a.md").stdout
    subprocess.run(["patch", "-p1", "-s"], input=diff.encode(), cwd=tmp_path, check=True)
    assert draft.read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept(tmp_path, newline):
    draft = tmp_path / "a.txt"
    draft.write_bytes(DRAFT.replace("\n", newline).encode("utf-8"))
    run("--fix", str(draft))
    assert draft.read_bytes() == FIXED.replace("\n", newline).encode("utf-8")


def test_mixed_line_endings_are_kept(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_bytes(b"Teh first line.\r\nteh second.\rteh third.\n")
    run("--fix", str(draft))
    assert draft.read_bytes() == b"the first line.\r\nthe second.\rthe third.\n"


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("cp1252", b""),
])
def test_encoding_and_bom_are_kept(tmp_path, encoding, bom):
    text = DRAFT.replace("joint", "joint \u2014 caf\u00e9")  # an em dash and é: not ASCII in any of them
    draft = tmp_path / "a.md"
    draft.write_bytes(bom + text.encode(encoding))
    result = run("--fix", str(draft))
    assert "fixed 3 problems" in result.stderr
    expected = FIXED.replace("joint", "joint \u2014 caf\u00e9")
    assert draft.read_bytes() == bom + expected.encode(encoding)


def test_permissions_are_kept(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    os.chmod(draft, 0o640)
    run("--fix", str(draft))
    assert draft.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640


def test_symlink_is_kept_and_its_target_fixed(tmp_path):
    target = tmp_path / "real.md"
    target.write_text(DRAFT, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    run("--fix", str(link))
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED


def test_unreadable_or_unparsable_file_is_never_touched(tmp_path):
    binary = tmp_path / "image.md"
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR teh recieve"
    binary.write_bytes(data)
    good = tmp_path / "good.md"
    good.write_text(DRAFT, encoding="utf-8")
    result = run("--fix", str(tmp_path))
    assert binary.read_bytes() == data
    assert good.read_text(encoding="utf-8") == FIXED
    assert result.exit_code == 2  # the binary file is an input error
    assert "image.md" in result.stderr and "binary" in result.stderr


def test_file_changed_on_disk_during_the_run_is_not_overwritten(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    config = load_config(CONFIG)
    rules = build_rules(config)
    result = lint_paths([str(draft)], config, rules=rules)
    edited = DRAFT + "\nAn editor added this line while the linter ran.\n"
    draft.write_text(edited, encoding="utf-8")  # saved by an editor after it was linted
    fix_run = write(plan(result, rules, config))
    assert draft.read_text(encoding="utf-8") == edited
    assert not fix_run.written
    assert "changed on disk" in fix_run.problems[0].message


def test_file_changed_between_plan_and_write_is_not_overwritten(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    config = load_config(CONFIG)
    rules = build_rules(config)
    fix_run = plan(lint_paths([str(draft)], config, rules=rules), rules, config)
    assert len(fix_run.files) == 1
    draft.write_text("Saved meanwhile.\n", encoding="utf-8")
    write(fix_run)
    assert draft.read_text(encoding="utf-8") == "Saved meanwhile.\n"
    assert "changed on disk" in fix_run.problems[0].message
    assert sorted(os.listdir(tmp_path)) == ["a.md"]  # no temporary file left behind


def test_write_atomically_refuses_a_stale_fingerprint(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_bytes(b"one")
    from healthlint.errors import InputError

    with pytest.raises(InputError):
        write_atomically(str(draft), b"two", FileStamp(3, 0, "0" * 64, 0, 0))
    assert draft.read_bytes() == b"one"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder_is_reported_not_crashed(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    draft = folder / "a.md"
    draft.write_text(DRAFT, encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        result = run("--fix", str(draft))
    finally:
        os.chmod(folder, 0o755)
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert "cannot be fixed" in result.stderr
    assert result.exit_code == 2


def test_default_typo_rule_fixes_through_the_cli(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text("We couldnt walk alot after the fall.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--select", "typo", "--fix", "--format", "json", str(draft)])
    text = draft.read_text(encoding="utf-8")
    assert "couldnt" not in text and "alot" not in text
    assert "couldn't" in text and "a lot" in text
    assert not [d for d in json.loads(result.stdout) if d["fixable"]]


# --- selection of fixes ---------------------------------------------------------------------------

def test_overlapping_fixes_keep_the_first_only():
    fixes = [Fix(0, 5, "A"), Fix(3, 8, "B"), Fix(8, 9, "C"), Fix(8, 9, "C"), Fix(20, 20, "x"), Fix(20, 22, "y"),
             Fix(-1, 2, "bad"), Fix(5, 100, "past the end")]
    chosen = select_fixes(fixes, 30)
    assert chosen == [Fix(0, 5, "A"), Fix(8, 9, "C"), Fix(20, 20, "x")]
    assert apply_fixes("0123456789", [Fix(0, 5, "A"), Fix(8, 9, "C")]) == ("A567C9", 2)


def test_fix_of_a_rule_not_marked_fixable_is_not_applied(tmp_path):
    """Even if a kind attaches a Fix, only rules marked `fixable: true` in their pack are fixed."""
    from dataclasses import replace

    from healthlint.fix import is_applicable
    from healthlint.model import Diagnostic

    config = load_config(CONFIG)
    rules = build_rules(config)
    d = Diagnostic("a.md", 1, 1, 1, 5, "HL591", "fixture-hint", "typo", "warning", "m", "use", Fix(0, 7, "use"))
    assert not is_applicable(d, rules)
    assert is_applicable(replace(d, rule="fixture-slip", code="HL590"), rules)


# --- fault injection: a killed or interrupted run -------------------------------------------------

def _folder_of_drafts(root: Path, n: int) -> dict[Path, tuple[bytes, bytes]]:
    expected = {}
    for i in range(n):
        path = root / f"draft-{i:02d}.md"
        original = (f"Draft {i}. " + DRAFT).encode("utf-8") * 3
        path.write_bytes(original)
        expected[path] = (original, (f"Draft {i}. " + FIXED).encode("utf-8") * 3)
    return expected


def _start_fix(folder: Path, pause: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=SRC, HEALTHLINT_FAULT_PAUSE=pause)
    return subprocess.Popen([sys.executable, "-m", "healthlint.cli", "check", "--config", CONFIG, "--fix", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)


def _wait_for_fault_point(proc: subprocess.Popen, point: str, nth: int) -> None:
    seen = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith(f"healthlint-fault: {point} "):
            seen += 1
            if seen == nth:
                return
    proc.kill()
    pytest.fail(f"never reached fault point {point} #{nth}")


def _assert_each_file_original_or_fixed(expected: dict[Path, tuple[bytes, bytes]]) -> tuple[int, int]:
    originals = fixed = 0
    for path, (original, done) in expected.items():
        data = path.read_bytes()
        assert data in (original, done), f"{path.name} is neither its original nor its fixed form"
        originals += data == original
        fixed += data == done
    return originals, fixed


@pytest.mark.parametrize("point", ["before-replace", "after-replace"])
def test_sigkill_in_the_middle_of_fix_leaves_every_file_whole(tmp_path, point):
    expected = _folder_of_drafts(tmp_path, 8)
    proc = _start_fix(tmp_path, "0.05")
    _wait_for_fault_point(proc, point, 3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    originals, fixed = _assert_each_file_original_or_fixed(expected)
    assert fixed in (2, 3) and originals == 8 - fixed
    # A killed run may leave its temporary file; it is hidden (never linted) and the next run
    # finishes the job.
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".healthlint-tmp")]
    assert all(p.name.startswith(".") for p in leftovers)
    CliRunner().invoke(main, ["check", "--config", CONFIG, "--fix", str(tmp_path)])
    assert _assert_each_file_original_or_fixed(expected) == (0, 8)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_stops_after_the_current_file(tmp_path, signum):
    expected = _folder_of_drafts(tmp_path, 8)
    proc = _start_fix(tmp_path, "0.2")
    _wait_for_fault_point(proc, "before-replace", 3)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum
    assert "interrupted; 3 file(s) fixed, 5 left untouched" in err
    assert _assert_each_file_original_or_fixed(expected) == (5, 3)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".healthlint-tmp")]


def test_a_link_and_its_target_in_the_same_run_are_fixed_once(tmp_path):
    target = tmp_path / "real.md"
    target.write_text(DRAFT, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(target)
    result = run("--fix", str(tmp_path))
    assert target.read_text(encoding="utf-8") == FIXED
    assert result.stderr.count("fixed 3 problems") == 1
    assert "changed on disk" not in result.stderr
