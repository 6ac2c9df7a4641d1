"""The Python API for CMS integrations."""
from __future__ import annotations

import healthlint
from healthlint import Config, Diagnostic, lint_paths, lint_text, load_config

from .conftest import DISCLAIMER, clean_draft


def test_lint_text_returns_sorted_diagnostics():
    text = "# Title\n\nStudies show 40% of adults with back pain stretch every mornign.\n"
    diags = lint_text(text, format="markdown")
    assert all(isinstance(d, Diagnostic) for d in diags)
    assert [(d.line, d.rule) for d in diags] == [(1, "missing-disclaimer"), (3, "unsourced-claim"), (3, "typo")]
    typo = diags[2]
    assert text.splitlines()[2][typo.column - 1:typo.end_column - 1] == "mornign"
    assert typo.to_dict()["suggestion"] == "morning"


def test_lint_text_formats_and_select():
    html = f"<p>Stretch every mornign.</p><p>{DISCLAIMER}</p>"
    assert [d.rule for d in lint_text(html, format="html")] == ["typo"]
    assert lint_text(html, format="html", select=["unsourced-claim"]) == []
    plain = f"Stretch every mornign.\n\n{DISCLAIMER}\n"
    assert [d.rule for d in lint_text(plain, format="text", ignore=["missing-disclaimer"])] == ["typo"]


def test_lint_text_with_config_object(tmp_path):
    (tmp_path / "c.yaml").write_text("rules:\n  typo: error\n")
    config = load_config(tmp_path / "c.yaml")
    assert isinstance(config, Config)
    diags = lint_text(clean_draft("Stretch every mornign."), config=config)
    assert [(d.rule, d.severity) for d in diags] == [("typo", "error")]


def test_lint_paths_reports_unreadable_files_separately(tmp_path):
    (tmp_path / "a.md").write_text(clean_draft("Stretch every mornign."))
    (tmp_path / "b.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = lint_paths([str(tmp_path)], config=Config())
    assert [d.rule for d in result.diagnostics] == ["typo"]
    assert [(p.path.endswith("b.md"), "binary" in p.message) for p in result.problems] == [(True, True)]


def test_version_is_exposed():
    assert healthlint.__version__.count(".") == 2
