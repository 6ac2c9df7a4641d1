"""Every rule in the default pack documents itself, and its own examples prove the docs true:
the 'bad' example is flagged by the rule, the 'good' one is not (as proselint's examples test)."""
from __future__ import annotations

import pytest

from healthlint import lint_text
from healthlint.packs import FAMILIES, default_pack_path, load_pack

RULES = load_pack(default_pack_path())


def test_the_five_families_have_their_named_rules():
    ids = {r.id: r.family for r in RULES}
    for family in FAMILIES:
        assert ids.get(family) == family


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_docs(rule):
    for key in ("summary", "rationale", "bad", "good"):
        assert str(rule.docs.get(key, "")).strip(), f"{rule.id}: docs.{key} is missing"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_example_is_flagged_and_good_is_not(rule):
    bad = lint_text(str(rule.docs["bad"]), format="markdown", select=[rule.id])
    good = lint_text(str(rule.docs["good"]), format="markdown", select=[rule.id])
    assert rule.id in [d.rule for d in bad], f"{rule.id}: its 'bad' example is not flagged"
    assert rule.id not in [d.rule for d in good], f"{rule.id}: its 'good' example is flagged: {good}"
