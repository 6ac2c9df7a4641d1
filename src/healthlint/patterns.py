"""User-supplied regular expressions: compiled with the `regex` module once per run and always
executed with a time limit, so a catastrophic pattern in a rule pack ends the run with an error
naming the rule instead of hanging it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import regex

from .errors import PackError, PatternTimeout

DEFAULT_TIMEOUT = 1.0  # seconds per search over one block of text


@dataclass(frozen=True)
class SafePattern:
    rule_id: str
    source: str
    compiled: regex.Pattern
    timeout: float = DEFAULT_TIMEOUT

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        try:
            yield from self.compiled.finditer(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise PatternTimeout(
                f"rule '{self.rule_id}': pattern {self.source!r} took longer than {self.timeout:g}s on one block "
                "(catastrophic backtracking?); simplify the pattern"
            ) from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        try:
            return self.compiled.search(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise PatternTimeout(
                f"rule '{self.rule_id}': pattern {self.source!r} took longer than {self.timeout:g}s on one block "
                "(catastrophic backtracking?); simplify the pattern"
            ) from None


def compile_pattern(rule_id: str, pattern: str, *, ignore_case: bool = True, where: str | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> SafePattern:
    flags = regex.V1 | (regex.IGNORECASE if ignore_case else 0)
    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, TypeError) as exc:
        raise PackError(f"rule '{rule_id}': invalid regular expression {pattern!r}: {exc}", where) from None
    return SafePattern(rule_id, pattern, compiled, timeout)


def compile_alternation(rule_id: str, patterns: list[str], *, ignore_case: bool = True, where: str | None = None,
                        word_bounded: bool = True, timeout: float = DEFAULT_TIMEOUT) -> SafePattern | None:
    """One pattern that matches any of `patterns` in a single pass; each is validated alone first
    so an error names the faulty entry."""
    if not patterns:
        return None
    for p in patterns:
        compile_pattern(rule_id, p, ignore_case=ignore_case, where=where)
    body = "|".join(f"(?:{p})" for p in patterns)
    if word_bounded:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    return compile_pattern(rule_id, body, ignore_case=ignore_case, where=where, timeout=timeout)
