"""The interface every rule kind implements, and option validation shared by all kinds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..errors import PackError
from ..model import Document, Finding
from ..packs import RuleSpec, did_you_mean

PROSE_KINDS = ("paragraph", "list_item", "quote", "table_cell", "footnote")


@dataclass(frozen=True)
class RunContext:
    """What rules may know about the run besides the document: the publisher's vocabulary."""

    accepted_words: frozenset[str] = frozenset()
    rejected_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LocatedFinding:
    """A cross-file rule's finding, already located (the document is no longer in memory)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    snippet: str = ""
    suggestion: str | None = None
    related: tuple[tuple[str, int], ...] = field(default=())


class _FormatDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class RuleKind:
    """A kind checks one document at a time. Subclasses declare OPTIONS as
    {name: (type or tuple of types, default, one-line description)}."""

    OPTIONS: Mapping[str, tuple[Any, Any, str]] = {}
    cross_file = False

    def __init__(self, spec: RuleSpec, options: Mapping[str, Any], context: RunContext):
        self.spec = spec
        self.context = context
        self.options = self.validate_options(spec, options)
        self.prepare()

    @classmethod
    def validate_options(cls, spec: RuleSpec, options: Mapping[str, Any]) -> dict[str, Any]:
        merged = {name: default for name, (_, default, _) in cls.OPTIONS.items()}
        for key, value in options.items():
            if key not in cls.OPTIONS:
                raise PackError(f"rule '{spec.id}': unknown option '{key}' for kind '{spec.kind}'"
                                f"{did_you_mean(key, cls.OPTIONS)}", spec.source)
            types = cls.OPTIONS[key][0]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
                raise PackError(f"rule '{spec.id}': option '{key}' has the wrong type ({type(value).__name__})", spec.source)
            merged[key] = value
        return merged

    def prepare(self) -> None:
        """Compile patterns once per run."""

    def message(self, template: str | None = None, **values: Any) -> str:
        """The rule's message (or `template`) with its {fields} filled in; a field the kind does
        not provide is left as written rather than failing."""
        return (template or self.spec.message).format_map(_FormatDict(values))

    def check(self, doc: Document) -> Iterable[Finding]:
        return ()


class CrossFileKind(RuleKind):
    """A kind that compares documents. `collect` runs per document (in worker processes) and
    returns a small picklable summary; `check_library` sees all summaries at once."""

    cross_file = True

    def collect(self, doc: Document) -> Any:
        raise NotImplementedError

    def check_library(self, entries: list[tuple[str, bool, Any]]) -> Iterable[LocatedFinding]:
        """entries: (path, is_linted_in_this_run, summary) for every draft, sorted by path."""
        raise NotImplementedError


def _as_tuple(t):
    return t if isinstance(t, tuple) else (t,)
