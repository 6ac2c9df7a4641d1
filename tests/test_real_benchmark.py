"""The real-set benchmark scripts (benchmarks/real), on small synthetic inputs written here: a
git mirror made in a temporary folder, findings and verdicts made up for the test. CI has no
mirrors and needs none."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks" / "real"))

import fragments  # noqa: E402
import materialize  # noqa: E402
import patterns  # noqa: E402
import realcorpus  # noqa: E402
import realset  # noqa: E402
import report  # noqa: E402

PROSE = ("Walking after a meal helps the body use the sugar in the blood, and it is one of the "
         "simplest habits you can build. ") * 12


def _git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout.strip()


@pytest.fixture
def mirror(tmp_path):
    """A mirror laid out as the search tool's fetch lays it out: <mirrors>/<owner+name>/repo."""
    repo = tmp_path / "mirrors" / "someone+clinic-site" / "repo"
    (repo / "_posts").mkdir(parents=True)
    (repo / "_includes").mkdir()
    (repo / "_posts" / "2020-01-01-walking.md").write_text(f"---\ntitle: Walking\n---\n\n{PROSE}\n", encoding="utf-8")
    (repo / "_posts" / "2020-02-01-short.md").write_text("---\ntitle: Short\n---\n\nToo short to keep.\n", encoding="utf-8")
    (repo / "_posts" / "2020-03-01-draft.md").write_text(f"{PROSE}\n", encoding="utf-8")
    (repo / "_includes" / "footer.html").write_text(
        "<footer><p>Copyright 2024 Example Clinic. All rights reserved.</p></footer>\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "site")
    commit = _git(repo, "rev-parse", "HEAD")
    manifest = tmp_path / "MANIFEST.yaml"
    manifest.write_text(
        "sites:\n"
        "  - repo: someone/clinic-site\n"
        f"    commit: '{commit}'\n"
        "    half: tune\n"
        "    articles: ['_posts/*.md']\n"
        "    exclude: ['**/*-draft.md']\n"
        "    templates: ['_includes/**']\n", encoding="utf-8")
    return tmp_path / "mirrors", manifest, commit


def test_materialize_copies_the_pinned_articles_and_templates(mirror, tmp_path):
    mirrors, manifest, commit = mirror
    corpus = tmp_path / "corpus"
    code = materialize.main(["--mirrors", str(mirrors), "--manifest", str(manifest), "--corpus", str(corpus)])
    assert code == 0
    index = json.loads((corpus / "index.json").read_text(encoding="utf-8"))
    # the short article is below min_words and the draft is excluded by glob
    assert [a["path"] for a in index["articles"]] == ["_posts/2020-01-01-walking.md"]
    local = corpus / index["articles"][0]["local"]
    assert local.read_text(encoding="utf-8").startswith("---\ntitle: Walking")
    assert index["articles"][0]["half"] == "tune" and index["articles"][0]["words"] > 150
    assert [t["path"] for t in index["templates"]] == ["_includes/footer.html"]
    # a second run gives the same files (the choice is seeded, not random)
    materialize.main(["--mirrors", str(mirrors), "--manifest", str(manifest), "--corpus", str(corpus)])
    assert json.loads((corpus / "index.json").read_text(encoding="utf-8")) == index


def test_materialize_names_what_is_missing(mirror, tmp_path, capsys):
    mirrors, manifest, commit = mirror
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(commit, "0" * 40), encoding="utf-8")
    assert materialize.main(["--mirrors", str(mirrors), "--manifest", str(manifest), "--check"]) == 1
    assert "lacks commit 0000000000" in capsys.readouterr().err
    assert materialize.main(["--mirrors", str(tmp_path / "none"), "--manifest", str(manifest), "--check"]) == 1
    assert "no mirror at" in capsys.readouterr().err


def test_report_says_what_is_missing_without_mirrors(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "INDEX", tmp_path / "corpus" / "index.json")
    monkeypatch.setenv("HEALTHLINT_MIRRORS", str(tmp_path / "no-mirrors"))
    lines = []
    assert report.run(out=lines.append) == 1
    assert "mirrors are missing" in lines[0] and "materialize.py" in lines[0]


def test_manifest_rejects_an_unknown_half(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("sites:\n  - repo: a/b\n    commit: abc\n    half: training\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="half must be one of"):
        realcorpus.load_manifest(bad)
    bad.write_text("sites:\n  - repo: a/b\n    commit: 0000000000000000000000000000000000000000\n    half: tune\n",
                   encoding="utf-8")
    with pytest.raises(SystemExit, match="commit must be 40 hex digits"):
        realcorpus.load_manifest(bad)


def test_globs_keep_star_inside_one_folder():
    assert realcorpus.matches("content/blog/a.md", ["content/*/a.md"])
    assert not realcorpus.matches("content/blog/2020/a.md", ["content/*/a.md"])
    assert realcorpus.matches("content/blog/2020/a.md", ["content/**/a.md"])
    assert realcorpus.matches("content/a.md", ["content/**/a.md"])


def test_finding_key_survives_line_moves_and_tells_copies_apart():
    a = realset.finding_key("s/r", "p.md", "HL501", "Protien", 0)
    assert a == realset.finding_key("s/r", "p.md", "HL501", "  protien ", 0)  # case and spaces normalized
    assert a != realset.finding_key("s/r", "p.md", "HL501", "Protien", 1)  # the second copy on that text
    assert a != realset.finding_key("s/r", "p.md", "HL502", "Protien", 0)
    assert "protien" not in a.lower()


def _finding(key, code="HL501", half="tune", family="typo"):
    return realset.Finding(key, "s/r", half, "p.md", f"{half}/s+r/p.md", code, "typo", family, "warning",
                           1, 1, 1, 2, "m", "x")


def test_sample_is_seeded_per_rule_and_stable_when_other_findings_appear():
    base = [_finding(f"k{i}") for i in range(100)]
    first = realset.sample(base, per_rule=10)
    assert len(first) == 10
    assert realset.sample(list(reversed(base)), per_rule=10) == first  # order of input does not matter
    other_rule = [_finding(f"o{i}", code="HL201", family="unsourced-claim") for i in range(50)]
    again = [f for f in realset.sample(base + other_rule, per_rule=10) if f.code == "HL501"]
    assert again == first
    # a new finding of the same rule can take one place; the other nine stay
    grown = [f for f in realset.sample(base + [_finding("new")], per_rule=10)]
    assert len(set(f.key for f in grown) & set(f.key for f in first)) >= 9


def test_judgments_reject_an_unknown_verdict(tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_text(json.dumps({"key": "k1", "verdict": "true", "reason": "r"}) + "\n"
                    + json.dumps({"key": "k2", "verdict": "maybe", "reason": "r"}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"j\.jsonl:2: verdict must be one of"):
        realset.load_judgments(path)
    path.write_text(json.dumps({"key": "k1", "verdict": "true"}) + "\n"
                    + json.dumps({"key": "k1", "verdict": "false"}) + "\n", encoding="utf-8")
    assert realset.load_judgments(path)["k1"]["verdict"] == "false"  # the later line wins


def test_score_weighs_rules_by_their_share_of_findings():
    findings = [_finding(f"a{i}") for i in range(30)] + [_finding(f"b{i}", code="HL502") for i in range(10)]
    judgments = {f"a{i}": {"verdict": "false"} for i in range(30)}
    judgments.update({f"b{i}": {"verdict": "true"} for i in range(10)})
    judgments["a0"] = {"verdict": "debatable"}
    rules, families, _ = realset.score(findings, judgments, per_rule=40)
    assert rules[("tune", "HL501")].precision == 0.0 and rules[("tune", "HL501")].debatable == 1
    assert rules[("tune", "HL502")].precision == 1.0
    assert families[("tune", "typo")]["precision"] == pytest.approx(10 / 40)


def test_render_prints_rates_precision_and_the_unjudged_count():
    findings = [_finding(f"a{i}") for i in range(4)] + [_finding("h0", half="heldout")]
    judgments = {"a0": {"verdict": "true"}, "a1": {"verdict": "false"}}
    index = {"articles": [{"site": "s/r", "half": "tune", "words": 2000}, {"site": "s/r", "half": "heldout", "words": 1000}]}
    lines = []
    table = report.render(findings, judgments, index, out=lines.append)
    assert table[("tune", "HL501")]["per_1k"] == pytest.approx(2.0)
    assert table[("tune", "HL501")]["precision"] == pytest.approx(0.5)
    assert table[("heldout", "HL501")]["unjudged"] == 1
    assert any("awaiting a verdict: 2 in the tuning half, 1 in the held-out half" in ln for ln in lines)


def test_plant_puts_the_fragment_on_the_lines_it_reports():
    text = "---\ntitle: t\n---\n\nFirst paragraph.\n\nSecond paragraph.\n\n```\ncode\n\nmore\n```\n\nLast.\n"
    fragment = "Copyright 2024 Example Clinic.\nAll rights reserved."
    for seed in range(30):
        new, first, last = realset.plant(text, ".md", fragment, random.Random(seed))
        lines = new.splitlines()
        assert "\n".join(lines[first - 1:last]) == fragment, (seed, first, last)
        assert not new.startswith(fragment)  # never inside the front matter
        fence = new.index("```")
        assert not (fence < new.index(fragment) < new.index("```", fence + 3))  # never inside a code fence
    html_new, first, last = realset.plant("<p>One.</p>\n<p>Two.</p>\n", ".html", "Share this page", random.Random(1))
    assert "<p>Share this page</p>" in html_new.splitlines()[first - 1]


def test_fragment_ids_hide_the_text_and_ignore_spacing():
    assert fragments.fragment_id("All  rights\nreserved.") == fragments.fragment_id("all rights reserved.")
    assert "rights" not in fragments.fragment_id("All rights reserved.")


def test_fragment_labels_need_a_known_kind(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"id": "abc", "kind": "cookie-banner"}) + "\n"
                    + json.dumps({"id": "def", "kind": "footer"}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"labels\.jsonl:2: a label needs an id and a kind"):
        fragments.load_labels(path)


def test_template_extraction_keeps_text_and_drops_code():
    source = ("---\nconst year = new Date().getFullYear();\n---\n<footer class=\"mt-4 text-sm\">\n"
              "<p>This site does not give medical advice. Talk to your doctor.</p>\n"
              "<p class=\"a\">{year} Example Clinic</p>\n<script>var x = 1;</script></footer>\n")
    texts = fragments.extract_template("src/components/Footer.astro", source)
    assert "This site does not give medical advice. Talk to your doctor." in texts
    assert not any("getFullYear" in t or "var x" in t for t in texts)
    assert fragments.propose("src/components/Footer.astro", texts[0]) == "disclaimer-medical"


def test_recall_read_is_validated(tmp_path):
    path = tmp_path / "read.jsonl"
    good = {"site": "s/r", "path": "p.md", "half": "tune", "missed": [{"family": "typo", "what": "a doubled word"}]}
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert report.load_recall_read(path) == [good]
    lines = []
    report.render_recall_read([good, {**good, "missed": []}], out=lines.append)
    assert "2 articles read in full" in lines[0] and "1 with nothing missed" in lines[0] and "typo 1" in lines[0]
    path.write_text(json.dumps({**good, "missed": [{"family": "spelling", "what": "x"}]}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"read\.jsonl:1: each miss needs a family"):
        report.load_recall_read(path)


def test_committed_records_are_well_formed_and_hold_no_corpus_text():
    """The committed judgments, labels and recall read load, and none is long enough to be a
    copied passage (verdict reasons are an editor's short words)."""
    judgments = realset.load_judgments()
    assert len(judgments) >= 400
    assert all(len(r.get("reason", "")) <= 300 for r in judgments.values())
    assert all("snippet" not in r and "text" not in r for r in judgments.values())
    labels = fragments.load_labels()
    assert len(labels) >= 500 and all(set(r) <= {"id", "site", "kind", "note"} for r in labels.values())
    read = report.load_recall_read()
    assert len(read) >= 15 and all(r["half"] == "tune" for r in read)


def test_false_alarm_patterns_are_estimated_from_the_sample():
    assert patterns.pattern_of("HL403", "an ordinary entry of the article's numbered reference list") == "reference-entries"
    assert patterns.pattern_of("HL501", "pinyin transliteration") == "terms-not-in-dictionary"
    assert patterns.pattern_of("HL501", "surname of a staff member") == "names-not-in-dictionary"
    assert patterns.pattern_of("HL999", "no words that match") == "other"
    # 10 findings of one rule, 5 drawn, 2 of them false for one pattern: an estimate of 4
    findings = [_finding(f"k{i}", code="HL403", family="boilerplate") for i in range(10)]
    drawn = realset.sample(findings, per_rule=5)
    judgments = {f.key: {"verdict": "false", "reason": "a numbered reference entry"} for f in drawn[:2]}
    judgments.update({f.key: {"verdict": "true", "reason": "x"} for f in drawn[2:]})
    found = patterns.estimate(findings, judgments, per_rule=5)
    assert found["reference-entries"]["judged"] == 2
    assert found["reference-entries"]["estimated"] == pytest.approx(4.0)


def test_lint_corpus_keys_findings_of_a_synthetic_site(tmp_path):
    site = tmp_path / "tune" / "someone+clinic-site"
    site.mkdir(parents=True)
    (site / "a.md").write_text("# Walking\n\nWalking helps. Walking helps the the body.\n", encoding="utf-8")
    index = {"articles": [{"site": "someone/clinic-site", "half": "tune", "path": "a.md",
                           "local": "tune/someone+clinic-site/a.md", "words": 8}]}
    found = realset.lint_corpus(index, corpus=tmp_path)
    repeated = [f for f in found if f.code == "HL502"]
    assert len(repeated) == 1 and repeated[0].snippet.lower().startswith("the the")
    assert repeated[0].line == 3 and repeated[0].path == "a.md"
    again = realset.lint_corpus(index, corpus=tmp_path)
    assert [f.key for f in again] == [f.key for f in found]
