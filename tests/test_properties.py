"""Property-based tests (hypothesis) over random Unicode text, random Markdown and random HTML,
with the default rule pack: linting never raises, every reported span lies inside the file, the
JSON output parses, `--fix` reaches a fixed point (a second run changes nothing), and linting
without `--fix` never changes a file."""
from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.config import Config
from healthlint.api import LintResult, build_rules, lint_paths, lint_text
from healthlint.fix import fix_text, plan
from healthlint.model import LineIndex
from healthlint.reporters import render

# HEALTHLINT_PROPERTY_EXAMPLES raises the count for a longer bug hunt; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("HEALTHLINT_PROPERTY_EXAMPLES", "80"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def rules():
    return build_rules(Config())


# --- strategies ----------------------------------------------------------------------------------

WORDS = ["the", "knee", "hip", "pain", "teh", "alot", "couldnt", "lefy", "the the", "studies show", "cures",
         "always", "doctor", "Consult", "disclaimer", "sacroiliac", "\u00e9t\u00e9", "na\u00efve", "\u4e2d\u6587",
         "\u0645\u0631\u062d\u0628\u0627", "\U0001F600", "e\u0301", "\u200b", "\u00a0", "\ufeff", "1.5mg", "http://x.y/z",
         "a@b.co", "don\u2019t", "co-op", "[1]", "[^1]", "<sup>2</sup>", "&amp;", "&nbsp;", "&#x1F600;", "\t", "\x1b[31m"]
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])
word = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8))
sentence = st.lists(word, min_size=1, max_size=12).map(" ".join)


def _md_block(draw) -> str:
    text = draw(sentence)
    kind = draw(st.sampled_from(["p", "h", "ul", "ol", "quote", "fence", "indent", "table", "html", "footnote",
                                 "link", "emph", "code", "hr", "comment", "setext"]))
    return {
        "p": text,
        "h": "#" * draw(st.integers(1, 7)) + " " + text,
        "ul": "- " + text + "\n  - " + draw(sentence),
        "ol": "1. " + text + "\n2) " + draw(sentence),
        "quote": "> " + text + "\n> > " + draw(sentence),
        "fence": "```" + draw(st.sampled_from(["", "python", "~~~"])) + "\n" + text + draw(st.sampled_from(["\n```", ""])),
        "indent": "    " + text,
        "table": "| a | " + text + " |\n|---|---|\n| " + draw(sentence) + " | x |",
        "html": draw(st.sampled_from(["<div>", "<p>", "<sup>", "<table><tr><td>", "<!--", "<b>"])) + text,
        "footnote": "[^" + draw(st.sampled_from(["1", "a", "x y", ""])) + "]: " + text,
        "link": "[" + text + "](" + draw(st.sampled_from(["http://a.b", "", "<x y>", "(("])) + ")",
        "emph": "*" + text + "* **" + draw(sentence) + "** _x",
        "code": "`" + text + "` ``" + draw(sentence),
        "hr": "---",
        "comment": "<!-- healthlint-disable " + draw(st.sampled_from(["typo", "HL5", "all", ""])) + " -->" + text,
        "setext": text + "\n===",
    }[kind]


@st.composite
def markdown(draw) -> str:
    blocks = [_md_block(draw) for _ in range(draw(st.integers(0, 8)))]
    newline = draw(NEWLINES)
    front = draw(st.sampled_from(["", "---\ntitle: x\n---\n", "---\n: bad [\n---\n", "---\n", "+++\na = 1\n+++\n"]))
    return front + newline.join(b.replace("\n", draw(NEWLINES)) for b in blocks) + draw(st.sampled_from(["", "\n"]))


@st.composite
def html_text(draw) -> str:
    tags = ["p", "div", "li", "ul", "h1", "h3", "td", "tr", "table", "a href='x'", "sup", "br", "script", "style",
            "pre", "code", "blockquote", "span", "b", "svg", "title", "img src=x"]
    parts = []
    for _ in range(draw(st.integers(0, 15))):
        choice = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(tags))
        if choice == 0:
            parts.append(f"<{tag}>")
        elif choice == 1:
            parts.append(f"</{tag.split()[0]}>")
        elif choice == 2:
            parts.append(draw(st.sampled_from(["<!--", "-->", "<!-- c -->", "&", "&#", "<", ">", "<!DOCTYPE html>",
                                               "<![CDATA[", "<?php", "</", "<a", "\"", "'"])))
        else:
            parts.append(draw(sentence))
    return draw(st.sampled_from(["", " ", "\n"])).join(parts)


any_text = st.text(max_size=300)


# --- properties ----------------------------------------------------------------------------------

def _assert_spans_inside(text: str, diagnostics) -> None:
    index = LineIndex(text)
    lines = index.line_count
    for d in diagnostics:
        assert 1 <= d.line <= d.end_line <= lines, d
        start = index.line_start(d.line) + d.column - 1
        end = index.line_start(d.end_line) + d.end_column - 1
        assert index.line_start(d.line) <= start <= len(text), d
        assert start <= end <= len(text), d
        if d.fix is not None:
            assert 0 <= d.fix.start <= d.fix.end <= len(text), d


def _check_text(text: str, fmt: str) -> None:
    diagnostics = lint_text(text, fmt, config=Config())
    _assert_spans_inside(text, diagnostics)
    out = json.loads(render("json", LintResult(diagnostics=diagnostics)))
    assert len(out) == len(diagnostics)
    fixed, count = fix_text(text, f"x.{ {'markdown': 'md', 'html': 'html', 'text': 'txt'}[fmt] }", diagnostics, rules(), Config())
    if count:
        again = lint_text(fixed, fmt, config=Config())
        _, second = fix_text(fixed, "x." + {"markdown": "md", "html": "html", "text": "txt"}[fmt], again, rules(), Config())
        assert second == 0, (text, fixed)


@SETTINGS
@given(any_text, st.sampled_from(["markdown", "html", "text"]))
def test_random_unicode_text(text, fmt):
    _check_text(text, fmt)


@SETTINGS
@given(markdown())
def test_random_markdown(text):
    _check_text(text, "markdown")


@SETTINGS
@given(html_text())
def test_random_html(text):
    _check_text(text, "html")


@settings(max_examples=max(60, EXAMPLES // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markdown().map(str.encode), html_text().map(str.encode), st.binary(max_size=400)),
       st.sampled_from([".md", ".html", ".txt"]))
def test_linting_never_changes_a_file_and_fix_is_idempotent(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "draft" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        before = os.stat(path)
        os.environ["HEALTHLINT_DEBUG"] = "1"  # a bug raises here instead of becoming a reported problem
        try:
            config = Config()
            result = lint_paths([path], config, rules=rules())
            after = os.stat(path)
            with open(path, "rb") as handle:
                assert handle.read() == data
            assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
            assert os.listdir(folder) == ["draft" + suffix]
            run = plan(result, rules(), config)
            with open(path, "rb") as handle:
                assert handle.read() == data  # planning (--diff) writes nothing either
            for file_fix in run.files:  # what --fix would write is itself fully fixed
                with open(path, "wb") as handle:
                    handle.write(file_fix.data)
                second = plan(lint_paths([path], config, rules=rules()), rules(), config)
                assert second.files == [], (data, file_fix.fixed)
        finally:
            del os.environ["HEALTHLINT_DEBUG"]
