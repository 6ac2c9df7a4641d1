"""Shared helpers: run the CLI as a user would, and write drafts to a real temporary folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
HIP_DRAFT = SHARED / "drafts" / "hip-and-back-pain.txt"


class Run:
    def __init__(self, result):
        self.result = result
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"<Run code={self.code} out={self.out[:400]!r} err={self.err[:400]!r}>"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `healthlint ARGS...` inside a temporary folder (which has no config of its own)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()

    def run(*args, input=None):
        return Run(runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False))

    return run


@pytest.fixture
def write(tmp_path):
    """write("drafts/a.md", "text") creates the file under the temporary folder and returns its path."""

    def _write(rel: str, text: str | bytes) -> Path:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


DISCLAIMER = ("This article is for informational purposes only and is not a substitute for professional "
              "medical advice, diagnosis, or treatment.")


def clean_draft(body: str = "Walking every day keeps your joints moving and your mood steady.") -> str:
    """A Markdown draft that passes every default rule, with `body` as its first paragraph."""
    return f"# A title\n\n{body}\n\n{DISCLAIMER}\n"


def rules_of(diagnostics) -> list[str]:
    return [d.rule if hasattr(d, "rule") else d["rule"] for d in diagnostics]




def fixture_copy(name: str) -> Path:
    """tests/fixtures/<name> in a private copy of tests/fixtures, made once per test session: a
    config there puts the library cache next to itself, and tests must not write into the source
    tree. The whole folder is copied, so relative paths between fixtures still resolve."""
    global _FIXTURES_COPY
    if _FIXTURES_COPY is None:
        import atexit
        import shutil
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="healthlint-fixtures-"))
        atexit.register(shutil.rmtree, root, True)
        shutil.copytree(Path(__file__).parent / "fixtures", root / "fixtures",
                        ignore=shutil.ignore_patterns(".healthlint_cache"))
        _FIXTURES_COPY = root / "fixtures"
    return _FIXTURES_COPY / name


_FIXTURES_COPY: Path | None = None


@pytest.fixture(autouse=True)
def _run_in_a_temporary_folder(tmp_path_factory, monkeypatch):
    """Every test starts in an empty folder of its own: a run without a config keeps its library
    cache in the current folder, and tests must not leave one in the repository."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
