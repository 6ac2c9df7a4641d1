"""The one registry style of healthlint's three plug points: rule kinds (kinds/__init__.py),
readers (readers/__init__.py) and reporters (reporters/__init__.py). Each entry names its
implementation as "module:attribute", imported the first time it is used, so a run imports
only the kinds, readers and reporters it needs; `meta` carries what the plug point needs to
know without importing (a reader's suffixes, whether it reads bytes)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping


@dataclass(frozen=True)
class Entry:
    name: str
    target: str  # "package.module:attribute"
    meta: Mapping[str, Any] = field(default_factory=dict)


class Registry:
    def __init__(self, what: str):
        self.what = what  # "rule kind", "reader", "output format": for error messages
        self._entries: dict[str, Entry] = {}
        self._aliases: dict[str, str] = {}  # old spellings still accepted, never listed
        self._loaded: dict[str, Any] = {}  # module name -> module

    def register(self, name: str, target: str, *, aliases: tuple[str, ...] = (), **meta) -> None:
        if ":" not in target:
            raise ValueError(f"{self.what} {name!r}: target must be 'module:attribute', not {target!r}")
        self._entries[name] = Entry(name, target, dict(meta))
        for alias in aliases:
            self._aliases[alias] = name

    def canonical(self, name: str) -> str:
        return self._aliases.get(name, name)

    def entry(self, name: str) -> Entry:
        try:
            return self._entries[self.canonical(name)]
        except KeyError:
            raise KeyError(f"unknown {self.what} {name!r}; expected one of {', '.join(self.names())}") from None

    def load(self, name: str) -> Any:
        """The registered implementation, imported on first use."""
        entry = self.entry(name)
        module_name, _, attribute = entry.target.partition(":")
        module = self._loaded.get(module_name)
        if module is None:
            module = self._loaded[module_name] = importlib.import_module(module_name)
        return getattr(module, attribute)  # read at each use: a replaced attribute takes effect

    def names(self) -> list[str]:
        return sorted(self._entries)

    def entries(self) -> list[Entry]:
        return [self._entries[n] for n in self.names()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.canonical(name) in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
