"""Shared pieces of the real-world corpus scripts: the manifest, the mirrors, globs, and where
materialized text lives. Nothing here downloads anything: mirrors are git directories fetched
beforehand (see README.md)."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MANIFEST = HERE / "MANIFEST.yaml"
CORPUS = HERE / "corpus"  # git-ignored: other people's text, never committed
INDEX = CORPUS / "index.json"
HALVES = ("tune", "heldout")


def mirrors_dir() -> Path:
    """Where fetched mirrors are: $HEALTHLINT_MIRRORS, else ../.mirror beside the checkout (where
    the search tool's `fetch` puts them)."""
    env = os.environ.get("HEALTHLINT_MIRRORS")
    return Path(env) if env else ROOT.parent / ".mirror"


@dataclass
class Source:
    repo: str
    commit: str
    half: str
    license: str = "none"
    kind: str = ""
    builder: str = ""
    spelling: str = ""
    articles: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    max_articles: int = 30
    max_words: int = 8000
    min_words: int = 150
    require_words: list[str] = field(default_factory=list)
    chrome_only: bool = False

    @property
    def slug(self) -> str:
        return self.repo.replace("/", "+")


def load_manifest(path: Path = MANIFEST) -> list[Source]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults = data.get("defaults", {})
    out = []
    for chrome_only, key in ((False, "sites"), (True, "chrome_sites")):
        for entry in data.get(key, []) or []:
            merged = {**defaults, **entry, "chrome_only": chrome_only}
            if merged.get("half") not in HALVES:
                raise SystemExit(f"{path}: {entry.get('repo')}: half must be one of {HALVES}")
            if not (isinstance(merged.get("commit"), str) and re.fullmatch(r"[0-9a-f]{40}", merged["commit"])):
                raise SystemExit(f"{path}: {entry.get('repo')}: commit must be 40 hex digits, quoted if all digits")
            out.append(Source(**merged))
    return out


def git_dir(source: Source, mirrors: Path | None = None) -> Path | None:
    base = (mirrors or mirrors_dir()) / source.slug / "repo"
    if (base / ".git").is_dir():
        return base / ".git"
    return base if (base / "HEAD").exists() else None


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(gitdir), *args], check=True, capture_output=True).stdout


def has_commit(gitdir: Path, commit: str) -> bool:
    return subprocess.run(["git", "--git-dir", str(gitdir), "cat-file", "-e", f"{commit}^{{commit}}"],
                          capture_output=True).returncode == 0


def tree_files(gitdir: Path, commit: str) -> list[str]:
    out = git(gitdir, "ls-tree", "-r", "-z", "--name-only", commit)
    return sorted(p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p)


def read_blob(gitdir: Path, commit: str, path: str) -> bytes:
    return git(gitdir, "show", f"{commit}:{path}")


@functools.lru_cache(maxsize=None)
def _glob_re(pattern: str) -> re.Pattern:
    """fnmatch-style glob where `*` stays inside one folder name and `**/` spans any number of
    folders (none included)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def matches(path: str, globs: list[str]) -> bool:
    return any(_glob_re(g).match(path) for g in globs)


def stable_rank(seed: str, key: str) -> str:
    """A seeded order that does not depend on what else is in the list."""
    return hashlib.sha256(f"{seed}\0{key}".encode("utf-8", "surrogateescape")).hexdigest()


def load_index() -> dict:
    if not INDEX.is_file():
        raise SystemExit(f"{INDEX} is missing: run `python benchmarks/real/materialize.py` first "
                         f"(it needs the mirrors under {mirrors_dir()})")
    return json.loads(INDEX.read_text(encoding="utf-8"))


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOPWORDS = frozenset("the and of to a in is you for that with are your it be on or as can this "
                       "by from at an if not have may will more when about which their they".split())
_MARKUP = re.compile(r"<[^>]+>|\{\{.*?\}\}|\{%.*?%\}|\]\([^)]*\)|^(?:import|export) .*$", re.S | re.M)


def prose_words(text: str) -> list[str]:
    """The words of a draft with markup, template tags, link targets and ESM lines removed: a
    rough count for choosing articles, not a reader."""
    return _WORD.findall(_MARKUP.sub(" ", text))


def looks_english(words: list[str]) -> bool:
    if len(words) < 40:
        return False
    hits = sum(1 for w in words if w.lower() in _STOPWORDS)
    return hits / len(words) >= 0.12
