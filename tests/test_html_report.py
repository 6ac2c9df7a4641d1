"""The HTML report for editors: self-contained, draft text escaped, findings highlighted in
place and explained beside them, a summary by family and by draft; then the page opened in
headless Chromium: the findings are visible and a family filter hides them."""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pytest

from healthlint import lint_paths, load_config
from healthlint.api import build_rules
from healthlint.reporters import render

from .chromium import CHROMIUM, Chromium
from .conftest import DISCLAIMER, clean_draft

ARTIFACTS = Path(__file__).with_name("artifacts")
EVIL = "Ask your doctor <script>window.injected = 1</script> before you start & stop."
A_DRAFT = clean_draft(f"Studies show that 40% of adults have back pain every mornign.\n\n{EVIL}")
B_DRAFT = "# Knees\n\nKnee pain often eases with rest and gentle walking every evenign.\n"


def _report(cli, write, tmp_path) -> str:
    write("drafts/a.md", A_DRAFT)
    write("drafts/b.md", B_DRAFT)
    write("drafts/c.md", clean_draft())
    run = cli("check", "--format", "html", "-o", "report.html", "drafts")
    assert run.code == 1, run
    assert run.out == ""
    return (tmp_path / "report.html").read_text(encoding="utf-8")


def _marked_text(page: str) -> dict[str, str]:
    """Finding number -> the draft text highlighted for it (joined across split marks)."""
    out: dict[str, str] = defaultdict(str)
    for ids, piece in re.findall(r'<mark data-f="([^"]+)"[^>]*>(.*?)</mark>', page, re.S):
        for i in ids.split():
            out[i] += html.unescape(piece)
    return out


def _note_numbers(page: str) -> dict[str, str]:
    """Finding number -> its note's rule id."""
    return dict(re.findall(r'<div class="note[^"]*" id="f(\d+)".*?</code> ([\w-]+) ', page, re.S))


def test_report_is_one_self_contained_page(cli, write, tmp_path):
    page = _report(cli, write, tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    assert "<link" not in page and "@import" not in page and "url(" not in page
    refs = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page)
    assert refs and all(r.startswith("#") for r in refs), refs  # only links within the page


def test_draft_text_is_escaped(cli, write, tmp_path):
    page = _report(cli, write, tmp_path)
    assert page.count("<script>") == 1  # the report's own filter script, nothing from a draft
    assert "&lt;script&gt;window.injected = 1&lt;/script&gt;" in page
    assert "start &amp; stop" in page


def test_summary_by_family_and_by_draft(cli, write, tmp_path):
    page = _report(cli, write, tmp_path)
    summary = page[page.index('id="summary"'):page.index('id="filters"')]
    rows = {m[0]: m[1:] for m in re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>", summary)}
    assert rows["Typos"] == ("0", "2", "0", "2")  # errors, warnings, info, total
    assert rows["Missing disclaimers"] == ("1", "0", "0", "1")
    assert rows["Unsourced claims"] == ("0", "1", "0", "1")
    assert '<a href="#draft-0">drafts/a.md</a>' in summary and '<a href="#draft-1">drafts/b.md</a>' in summary
    assert "1 draft without findings" in summary and "drafts/c.md" in summary
    assert 'id="draft-0"' in page and 'id="draft-1"' in page


def test_findings_are_highlighted_in_place_and_explained(cli, write, tmp_path):
    page = _report(cli, write, tmp_path)
    marked = _marked_text(page)
    rules = _note_numbers(page)
    typos = sorted(marked[n] for n, rule in rules.items() if rule == "typo")
    assert typos == ["evenign", "mornign"]
    claim = next(marked[n] for n, rule in rules.items() if rule == "unsourced-claim")
    assert claim.startswith("Studies show that 40%")
    # explained beside them: message, suggestion and why the rule matters
    assert "\u201cmornign\u201d may be misspelled" in page
    assert "<strong>Suggested:</strong> morning" in page
    assert "Why this matters" in page
    # a missing disclaimer is about the whole draft: explained above its text, nothing marked
    missing = next(n for n, rule in rules.items() if rule == "missing-disclaimer")
    assert missing not in marked


def test_crlf_drafts_and_findings_across_lines(cli, write, tmp_path):
    repeated = ("Gentle stretching before bed loosens the muscles of the lower back\n"
                "and helps many people fall asleep without waking stiff.")
    text = f"# Sleep\n\n{repeated}\n\nStretch every mornign.\n\n{repeated}\n\n{DISCLAIMER}\n".replace("\n", "\r\n")
    write("a.md", text.encode("utf-8"))
    assert cli("check", "--format", "html", "-o", "r.html", "a.md").code == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    marked = _marked_text(page)
    rules = _note_numbers(page)
    assert [marked[n] for n, r in rules.items() if r == "typo"] == ["mornign"]
    dup = next(marked[n] for n, r in rules.items() if r == "duplicate-paragraph")
    assert dup == repeated.replace("\n", "")  # both lines of the paragraph are marked


def test_a_draft_gone_since_the_run_is_listed_without_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(A_DRAFT, encoding="utf-8")
    config = load_config()
    rules = build_rules(config)
    result = lint_paths(["a.md"], config, rules=rules)
    (tmp_path / "a.md").unlink()
    page = render("html", result, rules=rules)
    assert "could not be read again" in page
    assert page.count('class="note ') == len(result.diagnostics)


def test_no_findings_report(cli, write, tmp_path):
    write("a.md", clean_draft())
    assert cli("check", "--format", "html", "-o", "r.html", "a.md").code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "0 findings" in page and "No draft has findings." in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install -y chromium)")
def test_report_in_headless_chromium_shows_findings_and_filters_a_family(cli, write, tmp_path):
    page = _report(cli, write, tmp_path)
    total = page.count('class="note ')
    visible_notes = "[...document.querySelectorAll('.note')].filter(n => n.checkVisibility())"
    with Chromium(tmp_path / "chromium-profile") as browser:
        browser.open((tmp_path / "report.html").as_uri())
        assert browser.evaluate("window.injected") is None  # the draft's <script> never ran
        assert "<script>window.injected = 1</script>" in browser.evaluate("document.body.innerText")
        assert browser.evaluate(f"{visible_notes}.length") == total
        assert browser.evaluate(f"{visible_notes}.filter(n => n.dataset.family === 'typo').length") == 2
        # the misspelled word is highlighted on screen (a coloured background, not plain text)
        typo_mark = "[...document.querySelectorAll('mark')].find(m => m.textContent === 'mornign')"
        assert browser.evaluate(f"{typo_mark}.checkVisibility()") is True
        assert browser.evaluate(f"getComputedStyle({typo_mark}).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
        browser.screenshot(ARTIFACTS / "html-report.png")

        browser.click("input[name=family][value=typo]")  # an editor unticks "Typos"

        assert browser.evaluate("document.querySelector('input[name=family][value=typo]').checked") is False
        assert browser.evaluate(f"{visible_notes}.filter(n => n.dataset.family === 'typo').length") == 0
        assert browser.evaluate(f"{visible_notes}.length") == total - 2
        assert browser.evaluate(f"{visible_notes}.filter(n => n.dataset.family === 'unsourced-claim').length") == 1
        lone_typo = "[...document.querySelectorAll('mark')].find(m => m.textContent === 'evenign')"
        assert browser.evaluate(f"{lone_typo}.classList.contains('off')") is True
        assert browser.evaluate(f"getComputedStyle({lone_typo}).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
        # "mornign" is also inside the unsourced claim's sentence, which is still shown
        assert browser.evaluate(f"{typo_mark}.classList.contains('off')") is False
        assert browser.evaluate("document.getElementById('shown').textContent") == str(total - 2)
        browser.screenshot(ARTIFACTS / "html-report-typos-hidden.png")

        browser.click("input[name=severity][value=error]")  # and the errors: b.md's only other finding
        assert browser.evaluate("document.getElementById('draft-1').checkVisibility()") is False
        assert browser.evaluate("document.getElementById('draft-0').checkVisibility()") is True
    assert (ARTIFACTS / "html-report.png").stat().st_size > 10_000


# --- the report at library scale -------------------------------------------------------------------

def _library_report(tmp_path: Path, drafts: int) -> Path:
    """A report of `drafts` drafts of ~400 words, each with three findings, built from real
    Diagnostics (linting 3,000 drafts here would take a minute; the report is what is tested)."""
    from healthlint.api import LintResult
    from healthlint.model import Diagnostic

    body = " ".join(["Walking eases stiff knees and most people recieve relief within weeks."] * 40)
    files, diags = [], []
    for n in range(drafts):
        path = tmp_path / "drafts" / f"draft-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"# Draft {n}\n\n{body}\n\nStudies show 40% of adults sleep badly.\n", encoding="utf-8")
        files.append(str(path))
        col = body.index("recieve") + 1
        diags += [
            Diagnostic(str(path), 3, col, 3, col + 7, "HL501", "typo", "typo", "warning",
                       "\u201crecieve\u201d may be misspelled; did you mean \u201creceive\u201d?", None, None, "recieve"),
            Diagnostic(str(path), 5, 1, 5, 40, "HL201", "unsourced-claim", "unsourced-claim", "warning",
                       "Claim \u201cStudies show \u2026 40%\u201d has no source", None, None, "Studies show"),
            Diagnostic(str(path), 1, 1, 1, 1, "HL301", "missing-disclaimer", "missing-disclaimer", "error",
                       "Medical disclaimer is missing", None, None, ""),
        ]
    result = LintResult(diagnostics=sorted(diags, key=Diagnostic.sort_key), files=files)
    report = tmp_path / "report.html"
    report.write_text(render("html", result, rules=build_rules(load_config(None))), encoding="utf-8")
    return report


def test_drafts_are_sorted_as_a_person_counts(tmp_path):
    page = _library_report(tmp_path, 12).read_text(encoding="utf-8")
    order = [int(m) for m in re.findall(r'<section class="card draft" id="draft-\d+"[^>]*>.*?draft-(\d+)\.md', page)]
    assert order == list(range(12))  # draft-2 before draft-10, not d0, d1, d10, d11, d2


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install -y chromium)")
def test_a_report_of_3000_drafts_renders_lazily_with_search_and_links(tmp_path):
    """How fast it opens (the 3-second target) is measured by benchmarks/report_speed.py, not
    here: a timed assertion fails whenever the test machine is busy. What makes it fast is
    tested: only the drafts near the top are rendered."""
    import time

    report = _library_report(tmp_path, 3000)
    with Chromium(tmp_path / "chromium-profile", timeout=60) as browser:
        browser.open(report.as_uri())
        browser.evaluate("document.body.getBoundingClientRect().height")  # layout done
        # only the drafts near the top are rendered; the rest wait as inert strings
        browser.evaluate("document.getElementById('draft-0').scrollIntoView()")
        time.sleep(0.5)
        rendered = browser.evaluate("document.querySelectorAll('section.draft .note').length")
        assert 0 < rendered < 3 * 3000
        assert browser.evaluate("document.getElementById('shown').textContent") == "9000"
        # search narrows drafts and the summary table; the count follows
        browser.evaluate("var q = document.getElementById('search'); q.value = 'draft-2999.md'; "
                         "q.dispatchEvent(new Event('input'))")
        assert browser.evaluate("document.getElementById('shown').textContent") == "3"
        assert browser.evaluate("[...document.querySelectorAll('section.draft')].filter(s => !s.hidden).length") == 1
        # following a link to a finding far down renders its draft
        browser.evaluate("location.hash = '#f8999'")
        time.sleep(0.5)
        assert browser.evaluate("!!document.getElementById('f8999')") is True
