"""Problems of the draft file itself that its reader found, such as front matter that is not
valid YAML (its metadata, e.g. a disclaimer waiver, was ignored). The engine's built-in rule
HL001 uses this kind, so --select, --ignore, suppressions and per-path settings apply to it."""
from __future__ import annotations

from typing import Iterable

from ..model import Document, Finding
from .base import RuleKind


class FrontMatterKind(RuleKind):
    reads_citations = True
    OPTIONS = {}

    def check(self, doc: Document) -> Iterable[Finding]:
        for offset, problem in doc.problems:
            yield Finding(offset, offset, self.message(problem=problem[:1].upper() + problem[1:]))
