"""The interface every rule kind implements, and option validation shared by all kinds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from ..errors import PackError
from ..model import Document, Finding
from ..packs import RuleSpec, did_you_mean

PROSE_KINDS = ("paragraph", "list_item", "quote", "table_cell", "footnote")


@dataclass(frozen=True)
class RunContext:
    """What rules may know about the run besides the document: the publisher's vocabulary."""

    accepted_words: frozenset[str] = frozenset()
    rejected_words: frozenset[str] = frozenset()
    language: str = "en"  # the config's `language`: en, en-US, en-GB, en-CA or en-AU
    region: str = ""  # the config's `region` (US, UK, CA, AU, ...): which regulators' rules apply


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
    severity: str | None = None  # overrides the rule's severity when set
    removes: bool = False  # the finding asks for the whole paragraph to go
    # A short paragraph shared with one other draft (related[0]) with different text around it:
    # the lines of its neighbouring compared paragraphs. pipeline.crossfile.settle_parallel keeps
    # it as a copy when a duplicate finding on a neighbour names the same draft (a copied
    # passage), and otherwise reports `parallel_message` (info) or nothing.
    lone: tuple[int, ...] = ()
    parallel_message: str | None = None


class Option(NamedTuple):
    """One option a kind accepts: the type (or tuple of types) a value must have, its default, a
    one-line description for `explain` and the docs, and `check(value)`, which says what is
    wrong with a value of the right type (its contents, its range) or returns None."""

    types: Any
    default: Any
    description: str
    check: Callable[[Any], str | None] | None = None


class _FormatDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class RuleKind:
    """A kind checks one document at a time. Subclasses declare OPTIONS as {name: Option(...)}
    (a plain tuple in Option's field order is turned into one when the class is defined). A list
    option without a check must list text (words, phrases, patterns, file names)."""

    OPTIONS: Mapping[str, Option] = {}
    cross_file = False
    # Whether the kind reads the citation zone (reference lists, footnotes; zones.py). Kinds
    # that do not are given the document without it: a reference entry is not prose to spell-
    # check, a duplicate or pasted template text.
    reads_citations = False
    # Whether the kind reads the required texts (disclaimers, the FDA statement, the site's
    # declared footer). Duplicate, template and boilerplate kinds do not: telling an editor to
    # delete a disclaimer is the worst finding a linter can make.
    reads_required = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "OPTIONS" in cls.__dict__:
            cls.OPTIONS = {name: entry if isinstance(entry, Option) else Option(*entry)
                           for name, entry in cls.__dict__["OPTIONS"].items()}

    def __init__(self, spec: RuleSpec, options: Mapping[str, Any], context: RunContext):
        self.spec = spec
        self.context = context
        self.options = self.validate_options(spec, options)
        self.prepare()

    @classmethod
    def validate_options(cls, spec: RuleSpec, options: Mapping[str, Any]) -> dict[str, Any]:
        described = (spec.docs or {}).get("options")
        if described is not None and not isinstance(described, (dict, str)):
            raise PackError(f"rule '{spec.id}': docs.options must be a note on the options or a mapping of "
                            "option names to descriptions", spec.source)
        for key in described if isinstance(described, dict) else ():
            if key not in cls.OPTIONS:
                raise PackError(f"rule '{spec.id}': docs.options describes '{key}', which kind '{spec.kind}' "
                                f"does not have{did_you_mean(str(key), cls.OPTIONS)}", spec.source)
        merged = {name: entry.default for name, entry in cls.OPTIONS.items()}
        for key, value in options.items():
            if key not in cls.OPTIONS:
                raise PackError(f"rule '{spec.id}': unknown option '{key}' for kind '{spec.kind}'"
                                f"{did_you_mean(key, cls.OPTIONS)}", spec.source)
            option = cls.OPTIONS[key]
            types = option.types
            if not _is(value, types):
                wanted = " or ".join(dict.fromkeys(_kind_name(t()) for t in _as_tuple(types)))
                raise PackError(f"rule '{spec.id}': option '{key}' has the wrong type: {_kind_name(value)} "
                                f"({value!r:.40}) where {wanted} is expected", spec.source)
            check = option.check if option.check is not None else (STRINGS if types is list else None)
            problem = check(value) if check is not None else None
            if problem:
                raise PackError(f"rule '{spec.id}': option '{key}' {problem}", spec.source)
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


def _is(value: Any, types) -> bool:
    """isinstance, except that YAML's true/false is not a number and a whole number is a number
    where a fraction is expected (threshold: 1)."""
    types = _as_tuple(types)
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types) or (float in types and isinstance(value, int))


def _kind_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "empty"}.get(type(value), type(value).__name__)


# --- checks of option contents (Option.check) -----------------------------

def list_of(*types):
    """Every item of the list is one of `types` (str: a word, a phrase or a pattern)."""
    def check(value: list) -> str | None:
        for n, item in enumerate(value, 1):
            if isinstance(item, bool) and str in types:
                return f"item {n} is read as {str(item).lower()} by YAML: quote yes, no, on and off"
            if not _is(item, types):
                return f"item {n} is {_kind_name(item)} ({item!r}); expected {_kind_name(types[0]())}"
        return None
    return check


def mapping_of(key_types, value_types):
    """Every key is one of `key_types` and every value one of `value_types` (a type or a check)."""
    def check(value: dict) -> str | None:
        for k, v in value.items():
            if isinstance(k, bool):
                return f"has a key YAML reads as {str(k).lower()}: quote yes, no, on and off"
            if not _is(k, key_types):
                return f"has the key {k!r}, which is {_kind_name(k)}; write it in quotes"
            if callable(value_types) and not isinstance(value_types, type) and not isinstance(value_types, tuple):
                problem = value_types(v)
                if problem:
                    return f"entry '{k}' {problem}"
            elif not _is(v, value_types):
                return f"entry '{k}' is {_kind_name(v)} ({v!r}); expected {_kind_name(_as_tuple(value_types)[0]())}"
        return None
    return check


def at_least(low: float):
    def check(value: float) -> str | None:
        return None if value >= low else f"must be at least {low} (it is {value})"
    return check


def between(low: float, high: float):
    def check(value: float) -> str | None:
        return None if low <= value <= high else f"must be between {low} and {high} (it is {value})"
    return check


def one_of(*choices: str):
    def check(value: str) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)} (it is '{value}')"
    return check


STRINGS = list_of(str)
