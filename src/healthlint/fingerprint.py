"""Stable identities for findings, independent of where they sit in the file: the rule, the
path and the flagged text, normalized so that re-wrapping a paragraph, straightening quotes or
an edit above the finding does not change them. Baselines, GitLab and SARIF all use these."""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Callable, Iterable

from .model import Diagnostic
from .words import normalize_for_comparison


def normalize_snippet(text: str) -> str:
    """Lower-cased words only (punctuation, markup characters and spacing dropped); digits and
    per cent signs stay, so "40%" and "45%" remain different findings."""
    return normalize_for_comparison(text.replace("%", " percent "))


def text_fingerprint(rule: str, snippet: str) -> str:
    """What a finding says, without where it is: the rule and its normalized flagged text."""
    digest = hashlib.sha256(f"{rule}\x00{normalize_snippet(snippet)}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:20]


def finding_fingerprints(diagnostics: Iterable[Diagnostic],
                         path_of: Callable[[Diagnostic], str] = lambda d: d.path) -> list[str]:
    """One id per finding, unique within a run: rule, path, normalized text and, when the same
    text is flagged several times in a file, its occurrence number (1st, 2nd, ...) in the order
    given (a run's diagnostics are sorted by position). Only another copy of the same flagged
    text inserted above a finding renumbers it."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in diagnostics:
        key = (path_of(d), d.rule, text_fingerprint(d.rule, d.snippet))
        seen[key] += 1
        raw = "\x00".join((*key, str(seen[key])))
        out.append(hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return out
