"""Inline suppressions in Markdown, HTML and plain text."""
from __future__ import annotations

import pytest

from healthlint import lint_text

from .conftest import DISCLAIMER


def typo_lines(text, fmt="markdown"):
    return [d.line for d in lint_text(text, format=fmt) if d.rule == "typo"]


BODY = "Line one has a mispeled word.\n\nLine three has a mispeled word.\n\nLine five has a mispeled word.\n\n" + DISCLAIMER + "\n"


def test_no_suppression():
    assert typo_lines(BODY) == [1, 3, 5]


def test_disable_next_line():
    text = BODY.replace("Line three", "<!-- healthlint-disable-next-line typo -->\nLine three")
    assert typo_lines(text) == [1, 6]


def test_disable_line_trailing_comment():
    text = BODY.replace("Line three has a mispeled word.", "Line three has a mispeled word. <!-- healthlint-disable-line HL501 -->")
    assert typo_lines(text) == [1, 5]


def test_disable_enable_range():
    text = BODY.replace("Line three", "<!-- healthlint-disable typo -->\n\nLine three").replace(
        "Line five", "<!-- healthlint-enable typo -->\n\nLine five")
    assert typo_lines(text) == [1, 9]


def test_disable_without_enable_runs_to_end_of_file():
    text = BODY.replace("Line three", "<!-- healthlint-disable -->\n\nLine three")
    assert typo_lines(text) == [1]


def test_disable_file_by_family_and_other_rules_still_run():
    text = "<!-- healthlint-disable-file typo -->\n\n" + BODY.replace("Line one has", "Studies show 40% of people have")
    found = lint_text(text)
    assert [d.rule for d in found] == ["unsourced-claim"]


def test_disable_other_rule_does_not_hide_this_one():
    text = BODY.replace("Line three", "<!-- healthlint-disable-next-line unsourced-claim -->\nLine three")
    assert typo_lines(text) == [1, 4, 6]


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_same_comments_work_in_html_and_plain_text(fmt):
    if fmt == "html":
        text = ("<p>Line one has a mispeled word.</p>\n<!-- healthlint-disable-next-line typo -->\n"
                "<p>Line three has a mispeled word.</p>\n<p>" + DISCLAIMER + "</p>\n")
    else:
        text = ("Line one has a mispeled word.\n\n<!-- healthlint-disable-next-line typo -->\n"
                "Line three has a mispeled word.\n\n" + DISCLAIMER + "\n")
    assert typo_lines(text, fmt) == [1]
