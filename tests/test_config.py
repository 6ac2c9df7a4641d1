"""Configuration: discovery, validation errors that name the key and file, and every setting."""
from __future__ import annotations

import pytest

from .conftest import clean_draft

TYPO = clean_draft("Stretching your hamstrings every mornign keeps them supple.")
CLAIM = clean_draft("Studies show that 40% of adults have back pain.")


def rules_found(run):
    return sorted(d["rule"] for d in run.json())


def test_config_found_by_walking_up(cli, write, tmp_path, monkeypatch):
    write(".healthlint.yaml", "ignore: [typo]\n")
    write("deep/er/a.md", TYPO)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    assert rules_found(cli("check", "--format", "json", "a.md")) == []


def test_pyproject_tool_table(cli, write):
    write("pyproject.toml", "[project]\nname = 'x'\n\n[tool.healthlint]\nignore = ['typo']\n")
    write("a.md", TYPO)
    assert rules_found(cli("check", "--format", "json", "a.md")) == []


def test_explicit_config_option(cli, write):
    write("conf/strict.yaml", "rules:\n  typo: error\n")
    write("a.md", TYPO)
    data = cli("check", "--format", "json", "--config", "conf/strict.yaml", "a.md").json()
    assert [(d["rule"], d["severity"]) for d in data] == [("typo", "error")]


@pytest.mark.parametrize("text, message", [
    ("ignroe: [typo]\n", "unknown key 'ignroe' (did you mean 'ignore'?)"),
    ("fail_on: sometimes\n", "'fail_on' must be one of error, warning, info"),
    ("exclude: 3\n", "'exclude' must be a list, not a whole number"),
    ("rules:\n  typo:\n    severty: error\n", "unknown key 'rules.typo.severty' (did you mean 'severity'?)"),
    ("rules:\n  typoo: off\n", "rules.typoo: no such rule (did you mean 'typo'?)"),
    ("rules:\n  typo:\n    options:\n      min_lenght: 4\n", "unknown option 'min_lenght' for kind 'spelling' (did you mean 'min_length'?)"),
    ("vocabulary:\n  acept: [x]\n", "unknown key 'vocabulary.acept' (did you mean 'accept'?)"),
    ("overrides:\n  - paths: ['a/**']\n", "unknown key 'overrides[0].paths'"),
    ("rules: [\n", "YAML syntax error at line 2, column 1"),
    ("- just\n- a list\n", "the config must be a mapping"),
    ("packs: [missing-pack/]\n", "rule pack not found"),
])
def test_invalid_config_is_one_clear_line(cli, write, text, message):
    write(".healthlint.yaml", text)
    write("a.md", TYPO)
    run = cli("check", "a.md")
    assert run.code == 2
    assert message in run.err
    assert ".healthlint.yaml" in run.err or "missing-pack" in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert "Traceback" not in run.err


def test_config_cannot_construct_python_objects(cli, write):
    write(".healthlint.yaml", "fail_on: !!python/object/apply:os.system ['echo pwned']\n")
    write("a.md", TYPO)
    run = cli("check", "a.md")
    assert run.code == 2 and "pwned" not in run.out


def test_disable_rule_and_change_severity_and_options(cli, write):
    write("a.md", CLAIM.replace("Studies", "Stuides"))
    write("off.yaml", "rules:\n  unsourced-claim: off\n")
    assert rules_found(cli("check", "--format", "json", "--config", "off.yaml", "a.md")) == ["typo"]
    write("sev.yaml", "rules:\n  unsourced-claim: {severity: error}\n")
    data = cli("check", "--format", "json", "--config", "sev.yaml", "a.md").json()
    assert {d["rule"]: d["severity"] for d in data}["unsourced-claim"] == "error"
    write("opt.yaml", "rules:\n  typo:\n    options:\n      min_length: 9\n")
    assert rules_found(cli("check", "--format", "json", "--config", "opt.yaml", "a.md")) == ["unsourced-claim"]


def test_fail_on_from_config(cli, write):
    write("a.md", TYPO)
    write(".healthlint.yaml", "fail_on: error\n")
    assert cli("check", "a.md").code == 0
    assert cli("check", "--fail-on", "warning", "a.md").code == 1  # the command line wins


def test_exclude_globs(cli, write):
    write("drafts/keep.md", TYPO)
    write("drafts/archive/old.md", TYPO)
    write("drafts/tmp-notes.md", TYPO)
    write(".healthlint.yaml", "exclude: ['drafts/archive/**', 'tmp-*.md']\n")
    paths = {d["path"] for d in cli("check", "--format", "json", "drafts").json()}
    assert paths == {"drafts/keep.md"}


def test_per_path_overrides(cli, write):
    write("news/a.md", TYPO)
    write("health/b.md", TYPO)
    write(".healthlint.yaml", "overrides:\n  - files: ['news/**']\n    ignore: [typo]\n"
          "  - files: ['health/*.md']\n    severity: {typo: error}\n")
    data = cli("check", "--format", "json", ".").json()
    assert [(d["path"], d["severity"]) for d in data] == [("health/b.md", "error")]


def test_vocabulary_accept_reject_and_files(cli, write):
    write("a.md", clean_draft("Our Zorblax program helps every mornign, says the coach."))
    write("words.txt", "# team words\nmornign\n")
    write(".healthlint.yaml", "vocabulary:\n  accept: [Zorblax]\n  reject: [coach]\n  files: [words.txt]\n")
    data = cli("check", "--format", "json", "a.md").json()
    assert [(d["rule"], d["message"].split("\u201d")[0].strip("\u201c")) for d in data] == [("typo", "coach")]


def test_library_globs_feed_cross_file_duplicates(cli, write):
    para = ("Sciatica is pain that follows the sciatic nerve from the lower back through the buttock "
            "and down the back of one leg, often to the foot.")
    write("library/old.md", clean_draft(para))
    write("new/draft.md", clean_draft(para))
    write(".healthlint.yaml", "library: ['library/**/*.md']\n")
    data = cli("check", "--format", "json", "new").json()
    dup = [d for d in data if d["family"] == "duplicate-paragraph"]
    assert len(dup) == 1
    assert dup[0]["path"] == "new/draft.md" and "library/old.md:3" in dup[0]["message"]
    # without the library, nothing to compare against
    write(".healthlint.yaml", "fail_on: warning\n")
    assert [d for d in cli("check", "--format", "json", "new").json() if d["family"] == "duplicate-paragraph"] == []
