"""The `template` rule kind (TemplateTextKind); see duplicate.py for what it shares with its siblings."""
from __future__ import annotations

from itertools import islice
from typing import Any, Iterable


from .base import LocatedFinding, at_least
from .duplicate import Copy, DuplicateKind, copy_finding


class TemplateTextKind(DuplicateKind):
    """A paragraph found in many drafts: site template text. One finding per linted draft."""

    OPTIONS = {
        "min_words": (int, 8, "paragraphs shorter than this (in words) are not counted", at_least(1)),
        "strip_patterns": DuplicateKind.OPTIONS["strip_patterns"],
        "exempt": DuplicateKind.OPTIONS["exempt"],
        "min_drafts": (int, 5, "a paragraph found in at least this many drafts is template text", at_least(2)),
    }

    library_index = "template"

    def _is_template(self, group: list[Copy]) -> bool:
        return len({c.path for c in group}) >= self.options["min_drafts"]

    @staticmethod
    def _inside_the_article(places: list[Copy]) -> bool:
        """An item of a list in the body of the drafts (not among their first or last two
        paragraphs), in most of its copies: a tip the site's pages share in their advice on
        purpose ("Ask for help: don't try to handle everything alone"), not a header, a footer
        or a signature pasted from the template, which stand on their own at a page's edges."""
        return sum(1 for c in places if c.para.inside) * 2 > len(places)

    def check_library(self, entries: list[tuple[str, bool, Any]]) -> Iterable[LocatedFinding]:
        for places in self._groups(self._copies(entries, self._linted_digests(entries))).values():
            if not self._is_template(places) or self._inside_the_article(places):
                continue
            drafts = len({c.path for c in places})
            reported: set[str] = set()
            for copy in places:
                if not copy.linted or copy.path in reported:
                    continue
                reported.add(copy.path)
                # the first three copies in other drafts (not a list of all of them per copy:
                # a footer in thousands of drafts made that quadratic)
                others = list(islice((c for c in places if c.path != copy.path), 3))
                yield copy_finding(self, copy, self.message(count=drafts), others)
