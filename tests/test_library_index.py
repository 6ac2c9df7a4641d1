"""The library index (libindex.py): a run with the cache on a few drafts answers the cross-file
rules from the index plus the drafts changed since it was written. Its findings must be the
findings of the full comparison (the run without the cache), whatever changed in the library:
drafts edited, added, removed, linted; common shingles and template groups that the changes
tip over; and a damaged index is rebuilt or ignored, never trusted."""
from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from healthlint import load_config
from healthlint.store import library as libindex
from healthlint.store.outcomes import FOLDER_NAME
from healthlint.api import lint_paths

CROSS = ["HL101", "HL102", "HL402"]
AN_HOUR_AGO = int((time.time() - 3600) * 1e9)


def _words(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    return [rng.choice(vocab) for _ in range(n)]


class Library:
    """Drafts of paragraphs drawn from a shared pool: exact copies, light edits (near copies),
    a stock phrase that makes shingles common, and a footer in many drafts (template text)."""

    def __init__(self, root: Path, seed: int, options: str = ""):
        self.root = root
        self.rng = random.Random(seed)
        rng = self.rng
        self.vocab = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ra", "so", "tu") for b in
                      ("ban", "cel", "dor", "fin", "gat", "hul", "jem", "kor", "lis", "mun")]
        stock = "talk to your doctor before you change any of your medicines"
        self.pool = []
        for _ in range(70):
            words = _words(rng, self.vocab, rng.randint(13, 30))
            if rng.random() < 0.3:
                at = rng.randrange(len(words))
                words[at:at] = stock.split()
            self.pool.append(words)
        self.footer = "Read more articles like this one in our library of health guides for every season"
        (root / "drafts").mkdir(parents=True, exist_ok=True)
        (root / ".healthlint.yaml").write_text("library: ['drafts/**/*.md']\n" + options, encoding="utf-8")
        self.count = 0
        for _ in range(45):
            self.add()

    def paragraph(self) -> str:
        words = list(self.rng.choice(self.pool))
        r = self.rng.random()
        if r < 0.45:  # a near copy: a word or two changed
            for _ in range(self.rng.randint(1, 2)):
                words[self.rng.randrange(len(words))] = self.rng.choice(self.vocab)
        elif r < 0.55:  # a sentence added
            words += _words(self.rng, self.vocab, 4)
        return " ".join(words).capitalize() + "."

    def text(self) -> str:
        paras = [self.paragraph() for _ in range(self.rng.randint(2, 6))]
        if self.rng.random() < 0.2:
            paras.insert(self.rng.randrange(len(paras) + 1), self.footer)
        return "\n\n".join([f"# Draft {self.count}"] + paras) + "\n"

    def write(self, path: Path, text: str, age_ns: int = AN_HOUR_AGO) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(age_ns, age_ns))  # not edited in the last seconds: the stat can be trusted

    def add(self) -> Path:
        path = self.root / "drafts" / f"s{self.count % 3}" / f"d{self.count:03d}.md"
        self.count += 1
        self.write(path, self.text())
        return path

    def drafts(self) -> list[Path]:
        return sorted((self.root / "drafts").rglob("*.md"))

    def edit(self, path: Path, when: int) -> None:
        paras = path.read_text(encoding="utf-8").split("\n\n")
        r = self.rng.random()
        if r < 0.3 and len(paras) > 2:
            del paras[self.rng.randrange(1, len(paras))]
        elif r < 0.6 and len(paras) > 1:  # a word changed in place: the old paragraph's group shrinks
            at = self.rng.randrange(1, len(paras))
            words = paras[at].split()
            words[self.rng.randrange(len(words))] = self.rng.choice(self.vocab)
            paras[at] = " ".join(words)
        elif r < 0.9:
            paras.insert(self.rng.randrange(1, len(paras) + 1), self.paragraph())
        else:
            paras.append(self.footer)
        self.write(path, "\n\n".join(paras).rstrip("\n") + "\n", when)


def _keys(result):
    return [(d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.message, d.related)
            for d in result.diagnostics]


def _lint(paths, cache):
    return lint_paths([str(p) for p in paths], load_config(), select=CROSS, cache=cache)


@pytest.fixture
def used(monkeypatch):
    """Counts the runs answered from the index."""
    calls = []
    real = libindex.compare

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(libindex, "compare", counting)
    return calls


@pytest.mark.parametrize("seed, options", [
    (1, ""),
    (2, ""),
    # Small limits: common shingles and template groups flip with almost every change.
    (3, "rules:\n  near-duplicate-paragraph:\n    options: {max_bucket: 3, sketch_size: 4, max_drafts: 3}\n"
        "  duplicate-paragraph:\n    options: {max_drafts: 3}\n  template-text:\n    options: {min_drafts: 3}\n"),
    (4, "rules:\n  near-duplicate-paragraph:\n    options: {max_bucket: 5, max_drafts: 4}\n"),
    (5, "rules:\n  near-duplicate-paragraph:\n    options: {max_bucket: 8, max_drafts: 2}\n"
        "  duplicate-paragraph:\n    options: {max_drafts: 2}\n"),
    (6, "rules:\n  near-duplicate-paragraph:\n    options: {max_bucket: 4, sketch_size: 3, max_drafts: 3}\n"),
])
def test_runs_on_a_few_drafts_find_what_the_full_comparison_finds(tmp_path, monkeypatch, used, seed, options):
    monkeypatch.chdir(tmp_path)
    lib = Library(tmp_path, seed, options)
    _lint(["drafts"], cache=True)  # writes the index
    assert list((tmp_path / FOLDER_NAME).glob("library-*.idx"))
    rng = lib.rng
    when = AN_HOUR_AGO
    found_any = 0
    for step in range(30):
        when += 1_000_000_000
        drafts = lib.drafts()
        for path in rng.sample(drafts, rng.randint(0, 2)):  # edited since the index was written
            lib.edit(path, when)
        if rng.random() < 0.3:
            lib.add()
        if rng.random() < 0.2:
            rng.choice(lib.drafts()).unlink()
        drafts = lib.drafts()
        linted = rng.sample(drafts, rng.randint(1, 4))
        if rng.random() < 0.3:  # a draft outside the library globs
            outside = tmp_path / "new" / f"n{step}.md"
            lib.write(outside, lib.text(), when)
            linted.append(outside)
        if rng.random() < 0.2:  # a relative path spelled differently
            linted[0] = Path(".", linted[0].relative_to(tmp_path))
        want = _keys(_lint(linted, cache=False))
        got = _keys(_lint(linted, cache=True))
        assert got == want, (seed, step)
        found_any += bool(want)
        if step in (9, 20):
            _lint(["drafts"], cache=True)  # a full run rewrites the index
    assert found_any >= 5  # the scenario has findings to compare
    assert len(used) >= 15  # most runs were answered from the index


def test_a_one_draft_run_finds_copies_of_library_paragraphs_but_not_a_near_miss(tmp_path, monkeypatch, used):
    monkeypatch.chdir(tmp_path)
    lib = Library(tmp_path, 11)
    own = [f"word{i}" for i in range(200)]  # paragraphs found in one library draft only
    exact, near_source, miss_source = (" ".join(own[i:i + 20]) for i in (0, 40, 80))
    victim = lib.drafts()[7]
    lib.write(victim, victim.read_text(encoding="utf-8") + f"\n{exact}.\n\n{near_source}.\n\n{miss_source}.\n")
    _lint(["drafts"], cache=True)
    near = near_source.replace("word50", "zebra")  # one word changed: a near copy
    miss = " ".join(own[80:90] + own[150:160])  # half the words: not a near copy
    new = tmp_path / "drafts" / "zz" / "new.md"
    lib.write(new, f"# New\n\n{exact}.\n\nSomething else entirely.\n\n{near}.\n\n{miss}.\n", AN_HOUR_AGO + 5)
    result = _lint([new.relative_to(tmp_path)], cache=True)
    assert len(used) == 1
    rel = str(victim.relative_to(tmp_path))
    by_line = {d.line: d for d in result.diagnostics if d.path.endswith("new.md")}
    assert by_line[3].code == "HL101" and rel in by_line[3].message
    assert by_line[7].code == "HL102" and by_line[7].related[0][0] == rel
    assert 9 not in by_line
    assert _keys(result) == _keys(_lint([new.relative_to(tmp_path)], cache=False))


def _damage(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_index_is_never_trusted(tmp_path, monkeypatch, used):
    monkeypatch.chdir(tmp_path)
    lib = Library(tmp_path, 5)
    _lint(["drafts"], cache=True)
    (index,) = (tmp_path / FOLDER_NAME).glob("library-*.idx")
    pristine = index.read_bytes()
    draft = lib.drafts()[3]
    lib.edit(draft, AN_HOUR_AGO + 7)
    want = _keys(_lint([draft], cache=False))
    size = len(pristine)
    places = [0, 9, 15, 25, 200] + [random.Random(size).randrange(size) for _ in range(25)]
    for at in places:
        index.write_bytes(pristine)
        _damage(index, at)
        result = _lint([draft], cache=True)
        assert _keys(result) == want, at
    for damaged in (pristine[: size // 2], pristine[:10], b"", b"not an index at all" * 50):
        index.write_bytes(damaged)
        result = _lint([draft], cache=True)
        assert _keys(result) == want
        assert any("library index" in p.message for p in result.problems) or damaged == b""
        # rewritten: the next run is answered from it again
        before = len(used)
        assert _keys(_lint([draft], cache=True)) == want
        assert len(used) == before + 1


def test_an_index_of_other_rules_is_not_used(tmp_path, monkeypatch, used):
    monkeypatch.chdir(tmp_path)
    lib = Library(tmp_path, 8)
    _lint(["drafts"], cache=True)
    (tmp_path / ".healthlint.yaml").write_text(
        "library: ['drafts/**/*.md']\nrules:\n  near-duplicate-paragraph:\n    options: {threshold: 0.5}\n")
    draft = lib.drafts()[0]
    got = _keys(_lint([draft], cache=True))
    assert not used  # another rules key: no index yet, the full comparison writes one
    assert got == _keys(_lint([draft], cache=False))
    assert len(list((tmp_path / FOLDER_NAME).glob("library-*.idx"))) == 2


def test_concurrent_runs_agree_with_the_full_comparison(tmp_path):
    """Runs that write and read the index at the same time (a whole-library run beside
    pre-commit runs) each report what the run without the cache reports."""
    import subprocess
    import sys

    from .conftest import REPO

    lib = Library(tmp_path, 21)
    drafts = [str(p.relative_to(tmp_path)) for p in lib.drafts()]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    def start(*args):
        return subprocess.Popen([sys.executable, "-m", "healthlint.cli", "check", "--select", ",".join(CROSS),
                                 "--format", "json", *args], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    want = {d: start("--no-cache", d).communicate(timeout=300)[0] for d in drafts[:4]}
    for round_ in range(2):
        runs = [start("drafts")] + [start(d) for d in drafts[:4]]
        outs = [r.communicate(timeout=300) for r in runs]
        for d, (out, err) in zip(drafts[:4], outs[1:]):
            assert out == want[d], (round_, d, err)
        lib.edit(lib.drafts()[10], AN_HOUR_AGO + 9 + round_)
        for i in range(20):  # enough changes that the next whole-library run rewrites the index
            lib.edit(lib.drafts()[11 + i], AN_HOUR_AGO + 9 + round_)
        want = {d: start("--no-cache", d).communicate(timeout=300)[0] for d in drafts[:4]}


def test_a_run_from_another_folder_names_library_drafts_as_the_full_comparison_does(tmp_path, monkeypatch, used):
    """Library drafts outside the current folder are shown by absolute path: the index keeps
    absolute paths and names them the way the run without it does."""
    lib = Library(tmp_path, 13)
    monkeypatch.chdir(tmp_path)
    _lint(["drafts"], cache=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    # every shared paragraph a copy (lone_words 0), so the run has findings naming library drafts
    (elsewhere / ".healthlint.yaml").write_text(
        f"library: ['{tmp_path}/drafts/**/*.md']\nrules:\n"
        "  duplicate-paragraph: {options: {lone_words: 0}}\n  near-duplicate-paragraph: {options: {lone_words: 0}}\n",
        encoding="utf-8")
    drafts = lib.drafts()
    for draft in drafts[:6]:
        relative = os.path.relpath(draft)
        want = _keys(_lint([relative], cache=False))
        assert _keys(_lint([relative], cache=True)) == want
        assert any(str(tmp_path) in r[0] for d in want for r in d[7]) or not want
    assert len(used) >= 4
