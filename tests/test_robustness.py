"""Never crash, never hang: every kind of bad input gets one clear line naming the path and the
problem, the other drafts are still linted, and the exit code is 2 where input could not be
read. Tested through the CLI on real files in a temporary folder."""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main

from .conftest import fixture_copy

HERE = Path(__file__).parent
FIX_CONFIG = str(fixture_copy("fix") / "config.yaml")  # a small fixable pattern pack, no default pack
ROBUST = fixture_copy("robustness")
SRC = str(HERE.parent / "src")

GOOD = "The knee is a joint. Teh hip is too.\n"  # one finding (fixture-slip) at 1:22


def check(*args: str, config: str | None = FIX_CONFIG):
    argv = ["check", "--format", "json"] + (["--config", config] if config else []) + list(args)
    return CliRunner().invoke(main, argv)


def findings(result) -> list[dict]:
    return json.loads(result.stdout)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("healthlint: error:")]


def good_file(folder: Path, name: str = "good.md") -> Path:
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def assert_good_file_still_linted(result, path: Path) -> None:
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in findings(result) if d["path"] == str(path)] == \
        [(str(path), 1, 22, "fixture-slip")]


# --- missing input ---------------------------------------------------------------------------------

def test_missing_file_is_one_error_and_others_are_linted(tmp_path):
    good = good_file(tmp_path)
    missing = tmp_path / "nope.md"
    result = check(str(missing), str(good))
    assert result.exit_code == 2
    assert error_lines(result) == [f"healthlint: error: {missing}: no such file or folder"]
    assert_good_file_still_linted(result, good)


def test_folder_without_drafts_says_so_and_exits_0(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = check(str(tmp_path))
    assert result.exit_code == 0
    assert f"healthlint: warning: {tmp_path}: no drafts found" in result.stderr
    assert findings(result) == []


# --- binary and undecodable content --------------------------------------------------------------

@pytest.mark.parametrize("name,data", [
    ("nul.md", b"Some text\x00with a NUL byte in it teh"),
    ("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4),
    ("photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256))),
])
def test_binary_content_with_a_text_extension(tmp_path, name, data):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = good_file(tmp_path)
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert error_lines(result) == [f"healthlint: error: {bad}: looks like a binary file (it contains NUL bytes); not a text draft"]
    assert_good_file_still_linted(result, good)


def test_windows_1252_is_decoded_with_a_notice(tmp_path):
    # Decision (docs/robustness.md): bytes that are not UTF-8 are read as Windows-1252, a
    # superset of Latin-1's printable range and the usual encoding of text pasted from old
    # Windows tools, with a notice naming the first bad byte. Positions count characters.
    draft = tmp_path / "legacy.md"
    draft.write_bytes("Caf\u00e9 \u201cnews\u201d: teh knee.\n".encode("cp1252"))
    result = check(str(draft))
    assert result.exit_code == 1  # linted normally, not an input error
    assert f"healthlint: notice: {draft}: not UTF-8 (first bad byte at offset 3); read as Windows-1252" in result.stderr
    assert [(d["line"], d["column"]) for d in findings(result)] == [(1, 14)]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_an_error(tmp_path):
    draft = tmp_path / "odd.md"
    draft.write_bytes(b"Text with \x81 and \x8d, undefined in Windows-1252.\n")
    good = good_file(tmp_path)
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert error_lines(result) == [f"healthlint: error: {draft}: is neither UTF-8 nor Windows-1252 text (first bad byte at offset 10)"]
    assert_good_file_still_linted(result, good)


@pytest.mark.parametrize("codec,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                       ("utf-8", codecs.BOM_UTF8)])
def test_byte_order_marks_are_read_and_columns_not_shifted(tmp_path, codec, bom):
    draft = tmp_path / "bom.md"
    draft.write_bytes(bom + GOOD.encode(codec))
    result = check(str(draft))
    assert [(d["line"], d["column"]) for d in findings(result)] == [(1, 22)]
    assert result.stderr == ""


def test_utf16_without_bom_is_named(tmp_path):
    draft = tmp_path / "u16.md"
    draft.write_bytes(GOOD.encode("utf-16-le"))
    result = check(str(draft))
    assert result.exit_code == 2
    assert "looks like UTF-16 text without a byte-order mark" in error_lines(result)[0]


def test_mixed_line_endings_give_the_right_lines(tmp_path):
    draft = tmp_path / "mixed.txt"
    draft.write_bytes(b"First teh line.\r\n\r\nSecond teh.\r\rThird teh.\n\nFourth teh.")
    result = check(str(draft))
    assert [(d["line"], d["column"]) for d in findings(result)] == [(1, 7), (3, 8), (5, 7), (7, 8)]


# --- empty, blank and huge -------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\t\n \r\n", b"\n" * 1000, "\u00a0\u2003\n".encode()])
def test_empty_and_blank_files(tmp_path, content):
    draft = tmp_path / "blank.md"
    draft.write_bytes(content)
    result = check(str(draft), config=None)  # the default pack: every rule sees an empty document
    assert result.exit_code in (0, 1)
    assert error_lines(result) == []


def test_file_above_the_size_limit_is_skipped_with_a_notice(tmp_path):
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as handle:  # 50 MB; never read, so sparse is fine
        handle.truncate(50 * 1024 * 1024)
    good = good_file(tmp_path)
    result = check(str(tmp_path))
    assert result.exit_code == 1  # the notice does not fail the run; the finding in good.md does
    assert f"healthlint: notice: {huge}: is 50.0 MB, above the 10.0 MB limit" in result.stderr
    assert_good_file_still_linted(result, good)


def test_size_limit_from_the_command_line_and_the_config(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(GOOD * 100, encoding="utf-8")  # 3.7 KB
    result = check("--max-file-size", "1K", str(draft))
    assert "above the 1024 bytes limit" in result.stderr and findings(result) == []
    assert len(findings(check("--max-file-size", "1M", str(draft)))) == 100
    config = tmp_path / "c.yaml"
    config.write_text(f"default_pack: false\npacks: [{fixture_copy('fix') / 'pack.yaml'}]\nmax_file_size: 2000\n")
    assert "above the 2000 bytes limit" in check(str(draft), config=str(config)).stderr
    bad = check("--max-file-size", "lots", str(draft))
    assert bad.exit_code == 2 and "is not a size" in bad.stderr


def test_a_single_5_mb_line(tmp_path):
    draft = tmp_path / "long.txt"
    words = "knee hip pain rest " * (5 * 1024 * 1024 // 19)
    draft.write_text(words + "teh end\n", encoding="utf-8")
    result = check(str(draft))
    assert result.exit_code == 1
    assert [(d["line"], d["column"]) for d in findings(result)] == [(1, len(words) + 1)]


# --- malformed markup ------------------------------------------------------------------------------

def test_malformed_markdown_and_html(tmp_path):
    md = tmp_path / "broken.md"
    md.write_text("---\ntitle: [unclosed\n---\n# Head\n\n<div><p>Unclosed <b>teh tags\n\n*emph `code\n\nLast teh.\n")
    html = tmp_path / "broken.html"
    html.write_text("<html><body><p>Unclosed <div><table><tr><td>teh cell<script>if (a < b) {</p>")
    html2 = tmp_path / "broken2.html"
    html2.write_text("<p>Text &bogus; &#xZZ; &#99999999; <!-- unclosed comment teh\n<p>teh after")
    result = check(str(tmp_path))
    assert error_lines(result) == []
    got = {(Path(d["path"]).name, d["line"], d["rule"]) for d in findings(result)}
    assert {("broken.md", 1, "invalid-front-matter"), ("broken.md", 6, "fixture-slip"), ("broken.md", 10, "fixture-slip"),
            ("broken.html", 1, "fixture-slip"), ("broken2.html", 2, "fixture-slip")} <= got
    [hl001] = [d for d in findings(result) if d["code"] == "HL001"]
    assert "YAML syntax error at line 2" in hl001["message"]


@pytest.mark.parametrize("front_matter", [
    "a: &a [*a]",  # refers to itself
    "a: " + "[" * 5000 + "]" * 5000,  # nested past the parser's recursion limit
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
    "!!python/object/apply:os.system [\"echo pwned > pwned.txt\"]",
])
def test_hostile_front_matter_is_ignored_with_a_warning(tmp_path, monkeypatch, front_matter):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "fm.md"
    draft.write_text(f"---\n{front_matter}\n---\nBody text.\n")
    result = check(str(draft), config=None)
    assert error_lines(result) == []
    hl001 = [d for d in findings(result) if d["code"] == "HL001"]
    assert len(hl001) == 1 and hl001[0]["message"].startswith("Front matter is not valid YAML, so it was ignored (")
    assert not (tmp_path / "pwned.txt").exists()


def test_table_of_10000_cells(tmp_path):
    rows = ["| " + " | ".join(f"r{r}c{c}" for c in range(10)) + " |" for r in range(1000)]
    rows[500] = rows[500].replace("r500c3", "teh")
    draft = tmp_path / "table.md"
    draft.write_text("| " + " | ".join(f"h{c}" for c in range(10)) + " |\n|" + "---|" * 10 + "\n" + "\n".join(rows) + "\n")
    html = tmp_path / "table.html"
    html.write_text("<table>" + "".join("<tr>" + "".join(f"<td>{'teh' if (r, c) == (500, 3) else f'r{r}c{c}'}" for c in range(10))
                                        for r in range(1000)) + "</table>")
    result = check(str(tmp_path))
    by_name = {Path(d["path"]).name: (d["line"], d["column"]) for d in findings(result)}
    assert by_name["table.md"] == (503, rows[500].index("teh") + 1)
    assert by_name["table.html"][0] == 1


# --- the file system -------------------------------------------------------------------------------

@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_through_the_cli(tmp_path):
    locked = tmp_path / "locked.md"
    locked.write_text(GOOD)
    os.chmod(locked, 0)
    good = good_file(tmp_path)
    try:
        result = check(str(tmp_path))
    finally:
        os.chmod(locked, 0o644)
    assert result.exit_code == 2
    assert error_lines(result) == [f"healthlint: error: {locked}: permission denied (cannot read the file)"]
    assert_good_file_still_linted(result, good)


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """The same as above, runnable as root: open() refuses one file."""
    import builtins

    locked = tmp_path / "locked.md"
    locked.write_text(GOOD)
    good = good_file(tmp_path)
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert error_lines(result) == [f"healthlint: error: {locked}: permission denied (cannot read the file)"]
    assert_good_file_still_linted(result, good)


def test_symlink_loop(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop
    good = good_file(tmp_path)
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert sorted(error_lines(result)) == [f"healthlint: error: {tmp_path / 'a.md'}: symbolic link loop",
                                           f"healthlint: error: {tmp_path / 'b.md'}: symbolic link loop"]
    assert_good_file_still_linted(result, good)


def test_symlink_out_of_the_tree_is_skipped_unless_named(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "elsewhere.md"
    target.write_text(GOOD)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.md").symlink_to(target)
    (tree / "linked-folder").symlink_to(outside)
    (tree / "root").symlink_to("/")
    good = good_file(tree)
    result = check(str(tree))
    assert result.exit_code == 1
    assert f"healthlint: notice: {tree / 'link.md'}: symbolic link to {target}, outside the folder being linted" in result.stderr
    assert f"healthlint: notice: {tree / 'root'}: symbolic link to /, outside" in result.stderr
    assert {d["path"] for d in findings(result)} == {str(good)}
    named = check(str(tree / "link.md"))
    assert [d["path"] for d in findings(named)] == [str(tree / "link.md")]


def test_path_with_non_ascii_and_shell_special_characters(tmp_path):
    folder = tmp_path / "ünïcode $(echo hi) `x`"
    folder.mkdir()
    draft = folder / "draft; rm -rf ~ 'q' \"d\" & | * ? [a] é\u4e2d.md"
    draft.write_text(GOOD)
    result = check(str(folder))
    assert [d["path"] for d in findings(result)] == [str(draft)]
    direct = subprocess.run([sys.executable, "-m", "healthlint.cli", "check", "--config", FIX_CONFIG, str(draft)],
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=SRC))
    assert direct.returncode == 1 and f"{draft}:1:22:" in direct.stdout


def test_fifo_with_a_draft_extension_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    good = good_file(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "healthlint.cli", "check", "--config", FIX_CONFIG, str(tmp_path)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=SRC), timeout=60)
    assert proc.returncode == 2
    assert f"healthlint: error: {fifo}: is not a regular file" in proc.stderr
    assert f"{good}:1:22:" in proc.stdout


def test_control_characters_in_file_names_are_escaped(tmp_path):
    draft = tmp_path / "evil\x1b[2J.md"
    draft.write_bytes(b"\x00binary")
    result = CliRunner().invoke(main, ["check", "--config", FIX_CONFIG, str(draft)])
    assert "\x1b" not in result.stderr and "evil\\x1b[2J.md" in result.stderr


# --- invalid config ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,message", [
    ("select: [typo\nignore: []\n", "YAML syntax error at line 2, column 7"),
    ("slect: [typo]\n", "unknown key 'slect' (did you mean 'select'?)"),
    ("fail_on: 3\n", "'fail_on' must be text, not a whole number"),
    ("packs: 5\n", "'packs' must be a list, not a whole number"),
    ("max_file_size: -1\n", "'max_file_size' must be a positive number of bytes"),
    ("rules: {typo: {severity: loud}}\n", "rules.typo.severity must be one of error, warning, info"),
    ("rules: {typo: {options: {min_length: three}}}\n", "rules.typo.options: option 'min_length' has the wrong type"),
    ("rules: {no-such-rule: off}\n", "rules.no-such-rule: no such rule"),
    ("packs: [no/such/pack.yaml]\n", "rule pack not found (no such file or folder)"),
    ("- just\n- a list\n", "the config must be a mapping of settings"),
    ("select: !!python/object/apply:os.system [\"echo pwned > pwned.txt\"]\n",
     "YAML tag '!!python/object/apply:os.system' is not allowed at line 1, column 9"),
])
def test_invalid_config_is_one_clear_line(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / ".healthlint.yaml"
    config.write_text(text)
    good = good_file(tmp_path)
    result = check(str(good), config=str(config))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("healthlint: error: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "pwned.txt").exists()


def test_missing_pack_is_resolved_relative_to_the_config(tmp_path, monkeypatch):
    sub = tmp_path / "conf"
    sub.mkdir()
    (sub / "house.yaml").write_text((fixture_copy("fix") / "pack.yaml").read_text())
    (sub / "c.yaml").write_text("default_pack: false\npacks: [house.yaml]\n")
    good = good_file(tmp_path)
    monkeypatch.chdir(tmp_path)  # the pack is not in the current folder, only beside the config
    result = check(str(good), config=str(sub / "c.yaml"))
    assert_good_file_still_linted(result, good)
    (sub / "c.yaml").write_text("default_pack: false\npacks: [gone.yaml]\n")
    result = check(str(good), config=str(sub / "c.yaml"))
    assert result.exit_code == 2 and f"{sub / 'gone.yaml'}: rule pack not found" in result.stderr


@pytest.mark.parametrize("selector,message", [
    ("no-such-rule", "select: no rule matches 'no-such-rule'"),
    ("fixture-slp", "select: no rule matches 'fixture-slp' (did you mean 'fixture-slip'?)"),
    ("HL9", "select: no rule matches 'HL9'"),
])
def test_unknown_rule_in_select(tmp_path, selector, message):
    result = check("--select", selector, str(good_file(tmp_path)))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"healthlint: error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


# --- hostile rule packs -----------------------------------------------------------------------------

def _pack_config(tmp_path: Path, *packs: str) -> str:
    config = tmp_path / "c.yaml"
    names = ", ".join(str(ROBUST / p) for p in packs)
    config.write_text(f"default_pack: false\npacks: [{fixture_copy('fix') / 'pack.yaml'}, {names}]\n")
    return str(config)


@pytest.mark.parametrize("pack,message", [
    ("invalid-regex.yaml", "rule 'broken-pattern': invalid regular expression '(unclosed': missing )"),
    ("duplicate-id.yaml", "duplicate rule id 'fixture-slip'"),
    ("duplicate-code.yaml", "duplicate rule code 'HL590' for 'another-slip'"),
    ("python-tag.yaml", "YAML tag '!!python/object/apply:os.system' is not allowed"),
])
def test_invalid_packs(tmp_path, monkeypatch, pack, message):
    monkeypatch.chdir(tmp_path)
    result = check(str(good_file(tmp_path)), config=_pack_config(tmp_path, pack))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and pack in lines[0]
    assert not (tmp_path / "healthlint-pwned.txt").exists()


def test_catastrophic_regex_times_out_and_other_files_and_rules_still_run(tmp_path):
    hostile = tmp_path / "aaa.md"
    hostile.write_text("Teh start.\n\n" + "a" * 5000 + "!\n")
    good = good_file(tmp_path)
    started = time.monotonic()
    result = check(str(tmp_path), config=str(ROBUST / "catastrophic-config.yaml"))
    assert time.monotonic() - started < 20
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"healthlint: error: {hostile}: rule 'catastrophic-pattern': pattern '(a+)+$' took longer than 1s on one block "
        "(catastrophic backtracking?); simplify the pattern; the rest of this rule was skipped for this file"]
    assert_good_file_still_linted(result, good)
    # the other rules still reported their findings in the hostile file itself
    assert [(d["line"], d["rule"]) for d in findings(result) if d["path"] == str(hostile)] == [(1, "fixture-slip")]


# --- a bug on one file does not hide the others -----------------------------------------------------

def test_internal_error_on_one_file_is_reported_and_the_rest_linted(tmp_path, monkeypatch):
    from healthlint.readers import plaintext

    real = plaintext.read_plaintext

    def exploding(text, path="<text>"):
        if path.endswith("boom.txt"):
            raise ValueError("simulated reader bug")
        return real(text, path)

    monkeypatch.setattr(plaintext, "read_plaintext", exploding)
    boom = tmp_path / "boom.txt"
    boom.write_text("anything")
    good = good_file(tmp_path)
    result = check(str(tmp_path))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith(f"healthlint: error: {boom}: internal error while checking this file")
    assert "ValueError: simulated reader bug" in line
    assert_good_file_still_linted(result, good)
    monkeypatch.setenv("HEALTHLINT_DEBUG", "1")
    with pytest.raises(ValueError):
        from healthlint.api import lint_paths

        lint_paths([str(boom)])


# --- output escapes draft text ---------------------------------------------------------------------

def test_text_reporter_escapes_terminal_control_characters(tmp_path):
    draft = tmp_path / "ctl.md"
    draft.write_text("A zork\x1b]0;owned\x07\x1b[2J\x9bword here.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", FIX_CONFIG, str(draft)])
    out = result.stdout
    assert "zork" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    assert "\\x1b]0;owned\\x07\\x1b[2J\\x9bword" in out
    data = json.loads(check(str(draft)).stdout)  # JSON keeps the text exactly, escaped by JSON itself
    assert data[0]["message"] == "found zork\x1b]0;owned\x07\x1b[2J\x9bword"


# --- reader bugs found by benchmarks/fuzz_readers.py ------------------------------------------------

def test_nul_characters_after_a_byte_order_mark_are_binary(tmp_path):
    draft = tmp_path / "u16nul.md"
    draft.write_bytes(codecs.BOM_UTF16_LE + "\x00\x00binary".encode("utf-16-le"))
    result = check(str(draft))
    assert result.exit_code == 2 and "contains NUL characters" in error_lines(result)[0]


def test_sup_left_open_across_blocks_gives_no_reversed_marker():
    from healthlint.readers import parse_document

    for fmt in ("html", "markdown"):
        doc = parse_document("<p>Para &amp; <sup><s/>1up<a href='x'>link</a></p><p>x <sup>1</sup> y</p>", fmt)
        for block in doc.blocks:
            for marker in block.markers:
                assert 0 <= marker.start <= marker.end <= len(block.text), (fmt, marker)


def test_markdown_position_after_a_line_markdown_trims_away(tmp_path):
    """A form feed alone on a line is not a blank line for CommonMark but is trimmed from the
    paragraph: the word after it must still be placed on its own line."""
    draft = tmp_path / "ff.md"
    draft.write_bytes(b"\n\n\x0c\nteh word\n")
    assert [(d["line"], d["column"]) for d in findings(check(str(draft)))] == [(4, 1)]


def test_table_cell_with_an_escaped_pipe_starts_in_its_column(tmp_path):
    draft = tmp_path / "pipe.md"
    draft.write_text("| teh a\\|b | c |\n|---|---|\n| x | y |\n")
    assert [(d["line"], d["column"]) for d in findings(check(str(draft)))] == [(1, 3)]


@pytest.mark.parametrize("markup", ["<p>a <![k](x) b</p>", "<!DOCTYPE x [ <!ELEMENT %> ]>", "x <![k", "<![if !IE]>x<![endif]>"])
def test_malformed_html_declarations_do_not_crash_the_html_parser(tmp_path, markup):
    # Python's html.parser raises AssertionError on these (found by fuzzing)
    for name in ("d.html", "d.md"):
        draft = tmp_path / name
        draft.write_text(markup + "\n\n<p>teh end</p>\n")
        result = check(str(draft))
        assert error_lines(result) == [], result.stderr
        assert [d["line"] for d in findings(result)] == [3]


def test_markdown_list_continuation_indented_with_tabs(tmp_path):
    """markdown-it expands the tabs of a lazy continuation line into spaces; positions must
    still point at the word in the source (found by fuzzing)."""
    draft = tmp_path / "tabs.md"
    draft.write_bytes(b"- first line\r\t\t\t\tteh second\n")
    assert [(d["line"], d["column"]) for d in findings(check(str(draft)))] == [(2, 5)]


def test_malformed_declaration_does_not_shift_later_positions(tmp_path):
    draft = tmp_path / "decl.html"
    draft.write_text("ab\n\n#T\n[[[<![[[[x teh\n<p>teh</p>\n")
    assert [(d["line"], d["column"]) for d in findings(check(str(draft)))] == [(4, 12), (5, 4)]


@pytest.mark.parametrize("token", ["a", "a@", "a.", "a-"])
def test_long_runs_without_spaces_do_not_hang_the_default_rules(tmp_path, token):
    """A 200 KB "word" (pasted base64, a minified blob): the spelling rule's URL and e-mail
    patterns were quadratic in such runs (100 KB of "a@" took 25 s). A generous bound that only
    a hang exceeds."""
    draft = tmp_path / "blob.txt"
    draft.write_text("Intro teh.\n\n" + token * (200_000 // len(token)) + "\n")
    started = time.monotonic()
    result = check(str(draft), config=None)
    assert time.monotonic() - started < 60
    assert error_lines(result) == []
    typos = [d for d in findings(result) if d["rule"] == "typo"]
    assert all(len(d["message"]) < 200 for d in typos)  # the message does not echo 200 KB


def test_every_output_format_escapes_hostile_draft_text(tmp_path):
    """Draft text that reaches a message (the fixture rule echoes its match) must not become a
    terminal escape, a second GitHub workflow command, or markup in the HTML report; the
    machine formats must still parse."""
    draft = tmp_path / "hostile.md"
    hostile = "zork\x1b[2J%0A::error::injected<script>alert(1)</script>&amp;"
    draft.write_text(f"A {hostile} here.\n", encoding="utf-8")
    outputs = {}
    for fmt in ("text", "json", "json-lines", "github", "sarif", "gitlab", "html"):
        result = CliRunner().invoke(main, ["check", "--config", FIX_CONFIG, "--format", fmt, str(draft)])
        assert result.exit_code == 1, (fmt, result.output)
        outputs[fmt] = result.stdout
    assert "\x1b" not in outputs["text"] and "\\x1b[2J" in outputs["text"]
    for fmt in ("json", "sarif", "gitlab"):
        json.loads(outputs[fmt])
    for line in outputs["json-lines"].splitlines():
        json.loads(line)
    # GitHub reads a command only at the start of a line: the finding is one line, so the
    # "::error::" inside the draft text stays data
    commands = [line for line in outputs["github"].splitlines() if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::warning ")
    assert "%250A" in commands[0]  # the literal "%0A" in the draft is not a newline for GitHub
    assert "<script>alert(1)</script>" not in outputs["html"]
    assert "&lt;script&gt;" in outputs["html"]


def test_footnote_definition_text_is_placed_after_its_label():
    """A short first line such as ":" was found inside "[^1]:" itself (found by fuzzing)."""
    from healthlint.readers import parse_document

    source = "Text.[^1]\n\n[^1]: :\nmore\n"
    [footnote] = [b for b in parse_document(source, "markdown").blocks if b.kind == "footnote"]
    assert footnote.text == ": more"  # the soft break reaches rules as a space
    assert footnote.to_source(0) == source.index("]: :") + 3


def test_list_continuation_with_deep_indentation(tmp_path):
    """markdown-it keeps part of a lazy line's indentation: a 40-blank probe matched the
    source line's start and shifted the line by the list's indent (found by fuzzing)."""
    draft = tmp_path / "deep.md"
    draft.write_text("- first\nsecond\n" + " " * 42 + "teh third\n")
    assert [(d["line"], d["column"]) for d in findings(check(str(draft)))] == [(3, 43)]


def test_quote_whose_text_starts_with_control_characters_and_markers():
    """str.lstrip() also strips \\x1d: the line was then placed at the quote's own '>' markers."""
    from healthlint.readers import parse_document

    source = ">>> \x1d\x1d>>>\n> pt\n"
    [quote] = parse_document(source, "markdown").blocks
    assert quote.to_source(quote.text.index(">>>")) == source.index("\x1d>>>") + 1


def test_nul_byte_deep_inside_a_large_file_is_binary(tmp_path):
    from healthlint import Config, lint_paths

    draft = tmp_path / "big.md"
    draft.write_bytes(b"Plain words here.\n" * 20000 + b"\x00" + b"More words.\n" * 20000)
    result = lint_paths([str(draft)], config=Config())
    assert [("binary" in p.message) for p in result.problems] == [True]


@pytest.mark.parametrize("setting, expected", [
    ("dangling-citation:\n    options:\n      reference_heading: 'refs('", "invalid regular expression"),
    ("author-credentials:\n    enabled: true\n    options:\n      credentials: ['M(D']", "invalid regular expression"),
])
def test_every_user_pattern_option_is_validated(tmp_path, setting, expected):
    """Options that hold patterns go through the same checked compiler as rule patterns."""
    import subprocess
    import sys

    (tmp_path / ".healthlint.yaml").write_text("rules:\n  " + setting + "\n")
    (tmp_path / "a.md").write_text("# T\n\nWords.\n")
    run = subprocess.run([sys.executable, "-m", "healthlint.cli", "check", "a.md"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert expected in run.stderr and "Traceback" not in run.stderr


def test_catastrophic_strip_pattern_ends_with_an_error_not_a_hang(tmp_path):
    import subprocess
    import sys

    (tmp_path / ".healthlint.yaml").write_text(
        "rules:\n  duplicate-paragraph:\n    options:\n      strip_patterns: ['(a|a)+b']\n")
    (tmp_path / "a.md").write_text("# T\n\n" + "words " * 20 + "a" * 60 + "\n")
    run = subprocess.run([sys.executable, "-m", "healthlint.cli", "check", "--no-cache", "a.md"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert "took longer than" in run.stderr and "duplicate-paragraph" in run.stderr
