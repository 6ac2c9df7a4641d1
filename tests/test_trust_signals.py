"""Opt-in trust signals of a medical page: author-credentials (HL311), medical-reviewer (HL312),
stale-review (HL313). Off by default; on when named or enabled in the config."""
from __future__ import annotations

import datetime as dt

import pytest

from healthlint import lint_text
from healthlint.config import load_config
from healthlint.errors import HealthlintError

BODY = "# Knees\n\nKnees like movement.\n\nThis article is not a substitute for professional medical advice.\n"
SIGNALS = ["author-credentials", "medical-reviewer", "stale-review"]


def draft(front: str) -> str:
    return f"---\n{front}\n---\n{BODY}" if front else BODY


def found(text, select=SIGNALS, config=None):
    return {d.rule: d for d in lint_text(text, select=select, config=config) if d.rule in SIGNALS}


def test_trust_signals_are_off_by_default():
    assert not {d.rule for d in lint_text(BODY)} & set(SIGNALS)


def test_all_missing():
    got = found(BODY)
    assert set(got) == set(SIGNALS)
    assert "No author is named" in got["author-credentials"].message
    assert "No medical reviewer" in got["medical-reviewer"].message
    assert "No last-reviewed date" in got["stale-review"].message
    assert {d.code for d in got.values()} == {"HL311", "HL312", "HL313"}
    assert all(d.family == "missing-disclaimer" and d.line == 1 for d in got.values())


@pytest.mark.parametrize("author", [
    "author: Jane Roe, MD", "author: Sam Lee, DPT", "author: 'Kim Ng, RD, CDCES'",
    "authors: [Ann Bell, 'Tom Ruiz, PhD']", "author: {name: Jo Park, credentials: RN}",
    "author: Pat Kim\nauthor_credentials: PharmD",
])
def test_author_with_a_credential(author):
    assert "author-credentials" not in found(draft(author + "\nmedically_reviewed_by: X, MD"))


@pytest.mark.parametrize("author", ["author: Jane Roe", "author: Dominic Mdala", "byline: Staff writer"])
def test_author_without_a_credential(author):
    d = found(draft(author))["author-credentials"]
    assert "has no credential" in d.message


def test_reviewer_from_front_matter_or_text():
    assert "medical-reviewer" not in found(draft("medically_reviewed_by: Lee Park, MD"))
    assert "medical-reviewer" not in found(BODY + "\nMedically reviewed by Lee Park, MD, on May 2, 2025.\n")
    assert "medical-reviewer" in found(draft("editor: Lee Park"))


def test_review_age_is_measured_against_the_configured_limit(tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  stale-review:\n    enabled: true\n    options:\n      max_age_months: 12\n"
                   "      as_of: '2026-06-01'\n", encoding="utf-8")
    config = load_config(str(cfg))
    assert "stale-review" not in found(draft("last_reviewed: 2025-07-15"), config=config, select=None)
    stale = found(draft("last_reviewed: 2025-01-15"), config=config, select=None)["stale-review"]
    assert "2025-01-15" in stale.message and "16 months ago" in stale.message and "limit is 12" in stale.message
    bad = found(draft("last_reviewed: sometime last spring"), config=config, select=None)["stale-review"]
    assert "is not a date" in bad.message


def test_default_limit_is_24_months_from_today():
    today = dt.date.today()
    recent = today.replace(year=today.year - 1, day=1)
    old = today.replace(year=today.year - 3, day=1)
    assert "stale-review" not in found(draft(f"last_reviewed: {recent.isoformat()}"))
    assert "stale-review" in found(draft(f"updated: {old.isoformat()}"))
    assert "stale-review" not in found(draft(f"reviewed: {recent.strftime('%B %d, %Y')}"))


def test_bad_signal_option_is_a_clear_error(tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  stale-review:\n    options:\n      as_of: 'not a date'\n", encoding="utf-8")
    with pytest.raises(HealthlintError, match="as_of"):
        lint_text(BODY, config=load_config(str(cfg)), select=["stale-review"])


def test_cli_enables_by_name(cli, write):
    write("a.md", draft("author: Jane Roe"))
    run = cli("check", "--select", "author-credentials", "a.md")
    assert run.code == 1 and "HL311" in run.out
    write(".healthlint.yaml", "rules:\n  author-credentials:\n    enabled: true\n")
    run = cli("check", "a.md")
    assert "HL311" in run.out
