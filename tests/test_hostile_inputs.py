"""The second hostile-input battery (issue 18): configs, packs, vocabularies and baselines are
read through one guarded reader, the YAML loader never lets an exception escape, file names that
are not UTF-8 are linted, and huge inputs end quickly or are refused by a documented limit. Each
case runs the real command in a subprocess with a time limit and must end with findings or one
line of error, never a traceback. (benchmarks/hostile.py runs the full-size versions.)"""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from healthlint.decode import read_guarded
from healthlint.errors import InputError

EXE = str(Path(sys.executable).parent / "healthlint")
DRAFT = "# Knee pain\n\nWalking helps most people with knee pain. Teh end.\n"


def run(folder: Path, *args: str, timeout: float = 60):
    proc = subprocess.run([EXE, "check", *args], cwd=folder, capture_output=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"})
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), err


def one_error(err: str, *words: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("healthlint: error: "), err
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def site(tmp_path):
    (tmp_path / "a.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def config(site: Path, text: str) -> None:
    (site / ".healthlint.yaml").write_text(text, encoding="utf-8")


# --- YAML never lets a loader exception escape ------------------------------------------------------

def test_an_impossible_date_is_text_and_the_setting_is_judged_as_such(site):
    config(site, "fail_on: 2020-13-45\n")
    code, _, err = run(site, "a.md")
    assert code == 2
    one_error(err, ".healthlint.yaml", "fail_on", "2020-13-45")


def test_a_valid_date_still_reads_as_a_date_in_front_matter(site):
    from healthlint import lint_text

    # near-miss: a real date stays a date (HL313 stale-review compares it), not text
    from healthlint.yaml_loading import parse_yaml

    assert str(parse_yaml("reviewed: 2021-02-03")["reviewed"]) == "2021-02-03"
    assert type(parse_yaml("reviewed: 2021-02-03")["reviewed"]).__name__ == "date"
    assert isinstance(lint_text("---\nreviewed: 2020-13-45\n---\n\nText.\n"), list)


def test_an_integer_of_thousands_of_digits_is_refused_at_its_line(site):
    config(site, "max_file_size: " + "9" * 5000 + "\n")
    code, _, err = run(site, "a.md")
    assert code == 2
    one_error(err, ".healthlint.yaml", "line 1", "5000 digits")


def test_a_non_string_key_names_its_line(site):
    config(site, "rules:\n  ? [a, b]\n  : {enabled: false}\n")
    code, _, err = run(site, "a.md")
    assert code == 2
    line = one_error(err, ".healthlint.yaml", "line 2")
    assert "tag" not in line  # not mistaken for a refused tag


def test_a_pack_with_a_huge_integer_is_a_pack_error(site):
    (site / "pack").mkdir()
    (site / "pack" / "rules.yaml").write_text(
        "rules:\n  - id: x\n    code: HL901\n    family: typo\n    kind: pattern\n    severity: warning\n"
        "    message: m\n    options: {patterns: [a]}\n    docs: {summary: " + "9" * 5000 + "}\n", encoding="utf-8")
    config(site, "packs: [pack]\n")
    code, _, err = run(site, "a.md")
    assert code == 2
    one_error(err, "rules.yaml", "line 9")


# --- one guarded reader ------------------------------------------------------------------------------

@pytest.mark.parametrize("make, words", [
    (lambda d: os.mkfifo(d / "words.txt"), "not a regular file"),
    (lambda d: os.symlink("/dev/zero", d / "words.txt"), "not a regular file"),
    (lambda d: os.symlink("/dev/urandom", d / "words.txt"), "not a regular file"),
    (lambda d: (d / "words.txt").write_bytes(b"\xff\xfe\x00bin" * 100), "UTF-8"),
], ids=["fifo", "dev-zero", "dev-urandom", "binary"])
def test_a_vocabulary_that_is_not_a_word_list_is_one_error(site, make, words):
    make(site)
    config(site, "vocabulary:\n  files: [words.txt]\n")
    code, _, err = run(site, "a.md", timeout=30)
    assert code == 2
    one_error(err, "words.txt", words)


def test_a_corrupt_gzip_vocabulary_is_one_error(site):
    (site / "words.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage" * 100)
    config(site, "vocabulary:\n  files: [words.txt.gz]\n")
    code, _, err = run(site, "a.md")
    assert code == 2
    one_error(err, "words.txt.gz", "gzip")


def test_a_gzip_bomb_stops_at_the_cap(tmp_path):
    bomb = tmp_path / "bomb.gz"
    with gzip.open(bomb, "wb") as out:
        out.write(b"a" * (3 << 20))
    with pytest.raises(InputError, match="decompresses to more than"):
        read_guarded(str(bomb), 1 << 20, gunzip=True)
    small = tmp_path / "ok.gz"  # near-miss: under the cap it reads
    with gzip.open(small, "wb") as out:
        out.write(b"ileum\njejunum\n")
    assert read_guarded(str(small), 1 << 20, gunzip=True) == b"ileum\njejunum\n"


def test_a_vocabulary_gzip_reads_when_it_is_a_real_word_list(site):
    (site / "b.md").write_text("# Knee\n\nThe physio said stretchng helps.\n", encoding="utf-8")
    code, out, err = run(site, "--no-cache", "b.md")
    assert "stretchng" in out  # near-miss: without the list the word is flagged
    with gzip.open(site / "words.txt.gz", "wb") as out:
        out.write(b"stretchng\n")
    config(site, "vocabulary:\n  files: [words.txt.gz]\n")
    code, out, err = run(site, "--no-cache", "b.md")
    assert "stretchng" not in out and err == ""


@pytest.mark.parametrize("make", [lambda d: os.mkfifo(d / "b.json"), lambda d: os.symlink("/dev/zero", d / "b.json"),
                                  lambda d: (d / "b.json").write_text('{"healthlint_baseline": ' + "9" * 5000 + "}")],
                         ids=["fifo", "dev-zero", "huge-integer"])
def test_a_baseline_that_is_not_a_baseline_is_one_error(site, make):
    make(site)
    code, _, err = run(site, "--baseline", "b.json", "a.md", timeout=30)
    assert code == 2
    one_error(err, "b.json")


@pytest.mark.parametrize("make", [lambda p: os.mkfifo(p), lambda p: os.symlink("/dev/zero", p)], ids=["fifo", "dev-zero"])
def test_a_config_that_is_not_a_file_is_an_error_not_the_defaults(site, make):
    make(site / ".healthlint.yaml")
    code, out, err = run(site, "a.md", timeout=30)
    assert code == 2 and out == ""
    one_error(err, ".healthlint.yaml", "not a regular file")


# --- file names that do not decode -----------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_linted_in_every_format_and_with_the_cache(tmp_path):
    (tmp_path / "drafts").mkdir()
    name = os.path.join(os.fsencode(tmp_path), b"drafts", b"caf\xe9.md")
    with open(name, "wb") as out:
        out.write(DRAFT.encode())
    for fmt in ("text", "json", "sarif", "github", "gitlab", "html", "json-lines"):
        code, out, err = run(tmp_path, "--format", fmt, "-o", f"report.{fmt}", "drafts")
        assert code == 1 and err == "", (fmt, err)
    code, out, _ = run(tmp_path, "drafts")  # twice: the second from the cache
    assert code == 1 and "HL501" in out and "caf" in out
    code, _, err = run(tmp_path, "--write-baseline", "b.json", "drafts")
    code, out, err = run(tmp_path, "--baseline", "b.json", "drafts")
    assert code == 0 and err == ""


# --- cost stays linear, or a documented limit refuses -----------------------------------------------

def test_front_matter_over_the_limit_is_refused_quickly_with_hl001(site):
    items = ", ".join(f"item{i}" for i in range(120_000))  # over 1 MB in one flow sequence
    (site / "fm.md").write_text(f"---\ntags: [{items}]\n---\n\n{DRAFT}", encoding="utf-8")
    code, out, _ = run(site, "fm.md", timeout=20)
    assert "HL001" in out and "over the 1 MB" in out
    assert "HL501" in out  # the body is still linted


def test_a_max_file_size_above_the_ceiling_is_one_error(site):
    code, _, err = run(site, "--max-file-size", "100M", "a.md")
    assert code == 2
    one_error(err, "--max-file-size", "25M")
    config(site, f"max_file_size: {200 << 20}\n")
    code, _, err = run(site, "a.md")
    assert code == 2
    one_error(err, "max_file_size")
    (site / ".healthlint.yaml").unlink()
    code, _, err = run(site, "--max-file-size", "20M", "a.md")  # near-miss: under the ceiling
    assert code == 1 and err == ""


def test_a_one_megabyte_single_line_paragraph_ends_in_seconds(site):
    (site / "long.md").write_text("Walking helps sore knees. " * 50_000 + "\n", encoding="utf-8")
    code, out, _ = run(site, "--no-cache", "long.md", timeout=30)
    assert code == 1 and "long.md:1:1" in out
