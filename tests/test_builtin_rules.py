"""HL001 invalid-front-matter is the engine's own rule: on whatever packs are loaded, and yet
listed, explained, selected, ignored and suppressed like every other rule."""
from __future__ import annotations

import pytest

from healthlint import lint_text
from healthlint.packs import builtin_rules

from .conftest import DISCLAIMER

BROKEN = f"---\ntitle: [Knee pain, unclosed\n---\n\nGentle exercise helps.\n\n{DISCLAIMER}\n"
FINE = f"---\ntitle: \"Knee pain: what helps\"\n---\n\nGentle exercise helps.\n\n{DISCLAIMER}\n"


def _codes(run):
    return [d["code"] for d in run.json()]


def test_broken_front_matter_is_reported_and_valid_front_matter_is_not(cli, write):
    write("broken.md", BROKEN)
    write("fine.md", FINE)
    run = cli("check", "--format", "json", "broken.md", "fine.md")
    hl001 = [d for d in run.json() if d["code"] == "HL001"]
    assert [(d["path"], d["line"], d["rule"], d["family"]) for d in hl001] == [
        ("broken.md", 1, "invalid-front-matter", "document")]
    assert hl001[0]["message"].startswith("Front matter is not valid YAML")


def test_it_is_on_without_the_default_pack(cli, write):
    write(".healthlint.yaml", "default_pack: false\npacks: [house.yaml]\n")
    write("house.yaml", "rules:\n  - id: no-utilise\n    code: HL951\n    family: typo\n    kind: pattern\n"
                        "    severity: warning\n    message: avoid\n    options:\n      patterns: [utilise]\n")
    write("broken.md", BROKEN)
    assert _codes(cli("check", "--format", "json", "broken.md")) == ["HL001"]


@pytest.mark.parametrize("how", ["--ignore", "config-ignore", "suppression", "--select"])
def test_it_can_be_turned_off_like_any_rule(cli, write, how):
    draft = BROKEN
    args = ["check", "--format", "json"]
    if how == "--ignore":
        args += ["--ignore", "HL001"]
    elif how == "config-ignore":
        write(".healthlint.yaml", "ignore: [invalid-front-matter]\n")
    elif how == "suppression":
        draft = "<!-- healthlint-disable-file HL001 -->\n" + BROKEN
    else:
        args += ["--select", "typo"]
    write("broken.md", draft)
    run = cli(*args, "broken.md")
    assert "HL001" not in _codes(run)


def test_it_is_listed_and_explained(cli):
    assert "HL001  invalid-front-matter" in cli("rules").out
    explained = cli("explain", "HL001").out
    assert "not valid YAML" in explained and "Flagged:" in explained


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.id)
def test_builtin_docs_examples_hold(rule):
    assert rule.id in [d.rule for d in lint_text(rule.docs["bad"], select=[rule.id])]
    assert lint_text(rule.docs["good"], select=[rule.id]) == []
