"""Errors a user can cause. Caught once at the CLI and printed as one line; a bug still shows
its traceback."""
from __future__ import annotations


class HealthlintError(Exception):
    """A problem with the user's input: config, rule pack, path or file."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(HealthlintError):
    """The project config is invalid."""


class PackError(HealthlintError):
    """A rule pack is invalid (bad YAML, unknown kind, bad regex, duplicate id)."""


class InputError(HealthlintError):
    """A draft could not be read or decoded."""


class FileTooLarge(InputError):
    """A draft above max_file_size: skipped on purpose, reported as a notice, not an error."""


class PatternTimeout(HealthlintError):
    """A rule's regular expression ran past its time limit."""


class BaselineError(HealthlintError):
    """A baseline file is missing, unreadable or not a healthlint baseline."""
