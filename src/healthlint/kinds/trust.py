"""`trust-signal` kind: the page-level trust signals of a medical article, read from front matter
(and, for the reviewer, a "Medically reviewed by" line): an author with a credential, a medical
reviewer, a recent last-reviewed date. Opt-in in the default pack: not every publisher keeps
these in the draft."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable


from ..errors import PackError
from ..model import Document, Finding
from ..patterns import compile_alternation, compile_pattern
from .base import RuleKind, at_least

SIGNALS = ("author", "reviewer", "review-date")
DEFAULT_CREDENTIALS = [
    r"M\.?D\.?", r"D\.?O\.?", r"Ph\.?D\.?", r"R\.?N\.?", r"B\.?S\.?N\.?", r"M\.?S\.?N\.?", r"N\.?P\.?", r"R\.?D\.?N?\.?",
    r"M\.?P\.?H\.?", r"P\.?T\.?", r"DPT", r"PA-C", r"PharmD", r"D\.?C\.?", r"DDS", r"DMD", r"LCSW", r"CNM",
    r"FAAP", r"FACP", r"FACS", r"MBBS", r"MS", r"MSc", r"OTR/?L", r"ATC", r"CSCS", r"IBCLC", r"APRN", r"CRNP",
]
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%B %Y", "%b %Y", "%Y-%m")


class TrustSignalKind(RuleKind):
    reads_citations = True
    OPTIONS = {
        "signal": (str, "author", "which signal: 'author' (with a credential), 'reviewer', or 'review-date'"),
        "keys": (list, [], "front-matter keys to read (default depends on the signal)"),
        "credentials": (list, DEFAULT_CREDENTIALS, "regular expressions of accepted credentials (author signal)"),
        "text_patterns": (list, [r"(?:medically|clinically|expert|fact[- ]checked and) reviewed by\s+\S+"],
                          "regular expressions that show the signal in the text (reviewer signal)"),
        "max_age_months": (int, 24, "oldest acceptable last-reviewed date, in months (review-date signal)", at_least(1)),
        "as_of": (str, "", "the date to measure age from (YYYY-MM-DD); empty: today"),
    }
    DEFAULT_KEYS = {
        "author": ["author", "authors", "byline", "written_by"],
        "reviewer": ["medically_reviewed_by", "medical_reviewer", "reviewed_by", "reviewer", "fact_checked_by"],
        "review-date": ["last_reviewed", "reviewed", "date_reviewed", "reviewed_on", "last_updated", "updated"],
    }

    def prepare(self) -> None:
        sid, src = self.spec.id, self.spec.source
        if self.options["signal"] not in SIGNALS:
            raise PackError(f"rule '{sid}': option 'signal' must be one of {', '.join(SIGNALS)}", src)
        self.keys = self.options["keys"] or self.DEFAULT_KEYS[self.options["signal"]]
        creds = "|".join(f"(?:{c})" for c in self.options["credentials"])
        self.credential = compile_pattern(self.spec.id, rf"(?<![\p{{L}}.])(?:{creds})(?![\p{{L}}])", ignore_case=False,
                                          where=self.spec.source) if creds else None
        self.text_patterns = compile_alternation(sid, self.options["text_patterns"], where=src, word_bounded=False)
        self.as_of = _parse_date(self.options["as_of"]) if self.options["as_of"] else None
        if self.options["as_of"] and self.as_of is None:
            raise PackError(f"rule '{sid}': option 'as_of' is not a date (YYYY-MM-DD)", src)

    def _first_value(self, doc: Document) -> tuple[str, Any] | None:
        for key in self.keys:
            value = doc.metadata.get(key)
            if value not in (None, "", [], {}):
                return key, value
        return None

    def check(self, doc: Document) -> Iterable[Finding]:
        problem = getattr(self, "_check_" + self.options["signal"].replace("-", "_"))(doc)
        if problem:
            yield Finding(0, 0, self.message(problem=problem))

    def _check_author(self, doc: Document) -> str | None:
        found = self._first_value(doc)
        if found is None:
            return "No author is named"
        key, value = found
        texts = _texts(value)
        texts += _texts(doc.metadata.get("author_credentials")) + _texts(doc.metadata.get("credentials"))
        if self.credential is not None and any(self.credential.search(t) for t in texts):
            return None
        return f"The author ({key}: {', '.join(_texts(value))[:60]}) has no credential"

    def _check_reviewer(self, doc: Document) -> str | None:
        if self._first_value(doc) is not None:
            return None
        if self.text_patterns is not None and any(self.text_patterns.search(b.text) for b in doc.blocks):
            return None
        return "No medical reviewer is named"

    def _check_review_date(self, doc: Document) -> str | None:
        found = self._first_value(doc)
        if found is None:
            return "No last-reviewed date"
        key, value = found
        date = _parse_date(value)
        if date is None:
            return f"The last-reviewed date ({key}: {value}) is not a date"
        today = self.as_of or dt.date.today()
        months = (today.year - date.year) * 12 + today.month - date.month - (today.day < date.day)
        if months > self.options["max_age_months"]:
            return (f"The article was last reviewed on {date.isoformat()}, {months} months ago "
                    f"(the limit is {self.options['max_age_months']})")
        return None


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [str(v) for v in value.values() if v is not None]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [str(value)]


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
