"""`mojibake` kind: double-encoded text from copy-paste ("itâ€™s", "cafÃ©", "&amp;eacute;").

Detection and repair are ftfy's: it knows which encodings get mixed up and how, and its
badness heuristics tell "SÃ£o" (garbled) from "São" (fine). Each run of non-space characters
with a sign of garbling is repaired on its own, so the finding points at the garbled word;
the repair is offered as a --fix when it is exact (the garbled text is in the file as it stands,
and the repair leaves no replacement character)."""
from __future__ import annotations

import html
from functools import lru_cache
from typing import Iterable

import regex

from ..model import Document, Finding, Fix
from .base import PROSE_KINDS, RuleKind
from ..patterns import compile_cached as _compile  # remembered between runs (memo.py)

# Characters that start most mojibake of UTF-8 read as Latin-1 or Windows-1252, and HTML entities
# that were escaped twice and so show as text.
_SUSPECT = _compile(r"[ÃÂâÅÄÆÐÑØðÎÏ\u0080-\u009f]|&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[A-Za-z][A-Za-z0-9]{1,9});")
_RUN = _compile(r"(?:[^\s]|\u00a0)+")
_ENTITY_AT_END = _compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[A-Za-z][A-Za-z0-9]{1,9});$")
_ENTITY = _compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[A-Za-z][A-Za-z0-9]{1,9});")


@lru_cache(maxsize=1)
def _config():
    import ftfy

    # only the repairs of encoding mix-ups and escaped entities; nothing that restyles text
    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                                normalization=None, fix_line_breaks=False, remove_control_chars=False,
                                remove_terminal_escapes=False, fix_surrogates=False, explain=False)


def repair(run: str) -> str:
    import ftfy

    return ftfy.fix_text(run, _config())


class MojibakeKind(RuleKind):
    OPTIONS = {}

    def check(self, doc: Document) -> Iterable[Finding]:
        for block in doc.blocks:
            if block.kind not in PROSE_KINDS and block.kind != "heading":
                continue
            text = block.text
            if _SUSPECT.search(text) is None:
                continue
            for m in _RUN.finditer(text):
                run = m.group(0)
                if _SUSPECT.search(run) is None:
                    continue
                core_start, core_end = _trim(run)
                core = run[core_start:core_end]
                if not core:
                    continue
                fixed = repair(core)
                if fixed == core:
                    continue
                start, end = m.start() + core_start, m.start() + core_end
                src_start, src_end = block.source_span(start, end)
                written = doc.source[src_start:src_end]
                # as written, or escaped once more by the markup ("&amp;eacute;" shows "&eacute;")
                exact = (written == core or html.unescape(written) == core) and "\ufffd" not in fixed
                fix = Fix(src_start, src_end, fixed) if exact and self.spec.fixable else None
                what = "an HTML entity shown as text" if _ENTITY.fullmatch(core) or (
                    _ENTITY.search(core) and repair(_ENTITY.sub("", core)) == _ENTITY.sub("", core)) \
                    else "text decoded with the wrong encoding"
                yield Finding(src_start, src_end, self.message(text=_shown(core), fixed=_shown(fixed), what=what),
                              suggestion=fixed, fix=fix)


def _trim(run: str) -> tuple[int, int]:
    """The run without the punctuation that wraps a word ("(cafÃ©)," -> "cafÃ©"), keeping the
    characters that are part of the garbling."""
    start, end = 0, len(run)
    while start < end and run[start] in "([{\"'*_" and not _SUSPECT.match(run, start):
        start += 1
    while end > start and run[end - 1] in ")]}\"'.,;:!?*_" and not _SUSPECT.search(run[end - 1]):
        if run[end - 1] == ";" and _ENTITY_AT_END.search(run, start, end):
            break  # the ";" of an entity ("&eacute;")
        end -= 1
    return start, end


def _shown(text: str) -> str:
    text = text.replace("\u00a0", "\u2423")  # a visible no-break space
    text = regex.sub(r"[\u0080-\u009f]", lambda m: f"\\x{ord(m.group(0)):02x}", text)
    return text if len(text) <= 40 else text[:39] + "\u2026"
