"""duplicate-paragraph (HL101), near-duplicate-paragraph (HL102) and template-text (HL402),
through the CLI and the public API."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import lint_text
from healthlint.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "duplicates"
HIP_DRAFT = Path(__file__).resolve().parents[2] / "shared" / "drafts" / "hip-and-back-pain.txt"
SELECT = ["--select", "duplicate-paragraph,template-text"]


def run_json(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_exact_and_near_copies_within_a_draft():
    found = run_json(str(FIXTURES / "within.md"), *SELECT)
    got = {(f["line"], f["code"]) for f in found}
    # Line 9: the first paragraph re-cased and re-punctuated; line 15: the same with "BACK TO
    # TEXT" glued on; line 13: line 5 with a word changed and a sentence added.
    assert got == {(9, "HL101"), (13, "HL102"), (15, "HL101")}
    near = next(f for f in found if f["code"] == "HL102")
    assert "line 5" in near["message"] and "% similar" in near["message"]
    assert near["related"] == [{"path": str(FIXTURES / "within.md"), "line": 5}]


def test_three_copies_give_one_finding_per_extra_copy_naming_the_first():
    found = [f for f in run_json(str(FIXTURES / "within.md"), *SELECT) if f["code"] == "HL101"]
    assert len(found) == 2
    assert all("line 3" in f["message"] for f in found)


def test_short_paragraphs_and_same_topic_paragraphs_are_not_flagged():
    # "Hold for 10 seconds." repeats in within.md; near-miss.md has paragraphs sharing an
    # opening clause or a sentence frame.
    assert not [f for f in run_json(str(FIXTURES / "within.md"), *SELECT) if f["line"] in (7, 11)]
    assert run_json(str(FIXTURES / "near-miss.md"), *SELECT) == []


def test_cross_file_copies_in_one_run(tmp_path):
    a = tmp_path / "a.md"
    b = tmp_path / "b.md"
    shutil.copy(FIXTURES / "library" / "older-post.md", a)
    shutil.copy(FIXTURES / "new-post.md", b)
    found = run_json(str(tmp_path), *SELECT)
    assert {(Path(f["path"]).name, f["line"], f["code"]) for f in found} == {("b.md", 3, "HL101"), ("b.md", 5, "HL102")}
    assert all("a.md:" in f["message"] for f in found)


def test_library_glob_compares_with_drafts_not_linted(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES, tmp_path / "site")
    site = tmp_path / "site"
    (site / ".healthlint.yaml").write_text('library:\n  - "library/**/*.md"\n', encoding="utf-8")
    monkeypatch.chdir(site)
    found = run_json("new-post.md", *SELECT)
    assert {(f["path"], f["line"], f["code"]) for f in found} == {("new-post.md", 3, "HL101"), ("new-post.md", 5, "HL102")}
    assert "library/older-post.md:3" in found[0]["message"]
    # Without the library, the new post alone has nothing to repeat.
    (site / ".healthlint.yaml").write_text("{}\n", encoding="utf-8")
    assert run_json("new-post.md", *SELECT) == []


def test_a_paragraph_in_many_drafts_is_template_text_not_a_burst_of_duplicates(tmp_path):
    footer = ("Questions about your care? Our nurse line is open on weekdays from eight to six, "
              "and the portal takes messages at any hour.")
    for n in range(6):
        body = f"Draft {n} explains topic number {n} in words of its own, " * 3
        (tmp_path / f"d{n}.md").write_text(f"# Draft {n}\n\n{body}\n\n{footer}\n", encoding="utf-8")
    found = run_json(str(tmp_path), "--select", "duplicate-paragraph,boilerplate")
    assert {f["code"] for f in found} == {"HL402"}
    assert len(found) == 6 and "6 drafts" in found[0]["message"]
    # In fewer drafts a short paragraph with different text around it in each is parallel text
    # (a standard note sibling pages carry), not a copy to delete: off by default, info on request.
    for n in range(3, 6):
        (tmp_path / f"d{n}.md").unlink()
    assert run_json(str(tmp_path), "--select", "duplicate-paragraph,boilerplate") == []
    (tmp_path / ".healthlint.yaml").write_text(
        "rules:\n  duplicate-paragraph:\n    options:\n      parallel: info\n", encoding="utf-8")
    found = run_json(str(tmp_path), "--config", str(tmp_path / ".healthlint.yaml"), "--select", "duplicate-paragraph")
    assert [(f["code"], f["severity"]) for f in found] == [("HL101", "info"), ("HL101", "info")]
    assert all(f["message"].startswith("Parallel text:") and "keep the copies in sync" in f["message"] for f in found)
    # With lone_words 0 every copy is a duplicate, one finding per extra copy.
    (tmp_path / ".healthlint.yaml").write_text(
        "rules:\n  duplicate-paragraph:\n    options:\n      lone_words: 0\n", encoding="utf-8")
    found = run_json(str(tmp_path), "--config", str(tmp_path / ".healthlint.yaml"), "--select", "duplicate-paragraph")
    assert sorted(f["code"] for f in found) == ["HL101", "HL101"]


def test_a_copied_passage_is_a_copy_even_when_each_paragraph_is_short(tmp_path):
    """Two short paragraphs copied together (one exactly, the next lightly edited) are a passage:
    both reported. One short paragraph shared alone, with different text around it, is not."""
    first = "Ice the sore knee for ten minutes after each run, with a thin towel between the pack and the skin."
    second = "Foam rolling the thigh helps some runners, though the evidence for it is thin and fades within the hour."
    second_edited = second.replace("some", "many")
    mine = "Cycling on a stationary bike keeps the knee moving without impact for most people starting out."
    theirs = "Swimming is another low-impact option, and pool walking suits people who cannot swim yet."
    (tmp_path / "a.md").write_text(f"# A\n\n{first}\n\n{second}\n\n{mine}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"# B\n\n{theirs}\n\n{first}\n\n{second_edited}\n", encoding="utf-8")
    found = run_json(str(tmp_path), "--select", "duplicate-paragraph,near-duplicate-paragraph")
    assert sorted((Path(f["path"]).name, f["line"], f["code"]) for f in found) == [("b.md", 5, "HL101"), ("b.md", 7, "HL102")]
    # near miss: the first paragraph alone in b.md, its neighbours b.md's own
    own = "Rest days matter as much as running days: sleep, food and a slower week let the tendon recover."
    (tmp_path / "b.md").write_text(f"# B\n\n{theirs}\n\n{first}\n\n{own}\n", encoding="utf-8")
    assert run_json(str(tmp_path), "--select", "duplicate-paragraph,near-duplicate-paragraph") == []


def test_near_duplicate_threshold_is_configurable(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "within.md", tmp_path / "within.md")
    (tmp_path / ".healthlint.yaml").write_text(
        "rules:\n  near-duplicate-paragraph:\n    options:\n      threshold: 0.95\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert not [f for f in run_json("within.md", *SELECT) if f["code"] == "HL102"]


def test_public_api_reports_near_duplicates_within_text():
    text = (FIXTURES / "within.md").read_text(encoding="utf-8")
    diags = lint_text(text, select=["near-duplicate-paragraph"])
    assert [(d.line, d.rule) for d in diags] == [(13, "near-duplicate-paragraph")]


def test_fingerprints_are_compact_and_picklable():
    import pickle

    from healthlint.config import Config
    from healthlint.api import build_rules
    from healthlint.readers import parse_document

    rules = build_rules(Config(), ["near-duplicate-paragraph"])
    kind = rules.active[0].kind
    doc = parse_document((FIXTURES / "within.md").read_text(encoding="utf-8"), "markdown", "within.md")
    summary = kind.collect(doc)
    assert [p.line for p in summary] == [3, 5, 9, 13, 15, 17]  # not the two short ones
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert all(p.shingles.itemsize == 4 for p in summary)


@pytest.mark.skipif(not HIP_DRAFT.exists(), reason="shared drafts not present")
def test_real_draft_keeps_its_required_duplicate_findings():
    found = run_json(str(HIP_DRAFT), "--select", "duplicate-paragraph")
    got = {(f["line"], f["related"][0]["line"]) for f in found}
    assert got == {(30, 1), (47, 1), (18, 14), (20, 11), (35, 24), (67, 40)}


def test_a_draft_that_sorts_before_its_library_copy_is_still_reported(tmp_path, monkeypatch):
    # Pre-commit lints one new draft; the copy it repeats is only in the library.
    shutil.copytree(FIXTURES, tmp_path / "site")
    site = tmp_path / "site"
    (site / "new-post.md").rename(site / "a-new-post.md")
    (site / ".healthlint.yaml").write_text('library:\n  - "library/**/*.md"\n', encoding="utf-8")
    monkeypatch.chdir(site)
    found = run_json("a-new-post.md", *SELECT)
    assert {(f["line"], f["code"]) for f in found} == {(3, "HL101"), (5, "HL102")}
    assert all("library/older-post.md:" in f["message"] for f in found)


def test_duplicate_rules_share_fingerprints_only_when_configured_alike():
    """duplicate-paragraph strips a trailing footnote number, template-text does not: the
    fingerprints one rule works out for a document must not be reused by the other."""
    from healthlint.config import Config
    from healthlint.api import build_rules
    from healthlint.readers import parse_document

    rules = build_rules(Config(), ["duplicate-paragraph", "near-duplicate-paragraph", "template-text"])
    kinds = {r.spec.id: r.kind for r in rules.active}
    text = ("Gentle walking every day keeps the lower back moving and eases the stiffness of a long desk day 12\n\n"
            "Gentle walking every day keeps the lower back moving and eases the stiffness of a long desk day\n")
    doc = parse_document(text, "markdown", "d.md")
    dup = kinds["duplicate-paragraph"].collect(doc)
    near = kinds["near-duplicate-paragraph"].collect(doc)
    template = kinds["template-text"].collect(doc)
    assert dup[0].digest == dup[1].digest  # the "12" is a stripped footnote number
    assert [p.digest for p in near] == [p.digest for p in dup]
    assert template[0].digest != template[1].digest  # not stripped by template-text
    fresh = parse_document(text, "markdown", "d.md")  # the same answers with nothing shared
    assert kinds["template-text"].collect(fresh) == template


def test_shared_words_ratio_is_sequence_matchers_quick_ratio():
    import random
    from array import array
    from difflib import SequenceMatcher

    from healthlint.kinds.duplicate import shared_words_ratio as _shared_words_ratio

    rng = random.Random(3)
    for _ in range(300):
        wa = array("I", [rng.randrange(12) for _ in range(rng.randint(0, 30))])
        wb = array("I", [rng.randrange(12) for _ in range(rng.randint(0, 30))])
        want = SequenceMatcher(None, list(wa), list(wb), autojunk=False).quick_ratio()
        assert _shared_words_ratio(wa, wb) == want
