"""Project configuration: `.healthlint.yaml` found by walking up from the current folder,
`[tool.healthlint]` in pyproject.toml, or an explicit --config path. Validated strictly: an
unknown key or a wrong type is an error naming the key and the file, with the nearest valid key."""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import SEVERITIES
from .packs import did_you_mean
from .yaml_loading import YamlProblem, parse_yaml

CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml")

# key -> (accepted types, description) ; nested sections validated below
TOP_KEYS = {
    "packs": (list, "extra rule packs (paths, relative to this file)"),
    "default_pack": (bool, "load the built-in pack (default true)"),
    "select": (list, "rules to enable (ids, codes, code prefixes or family names)"),
    "ignore": (list, "rules to disable"),
    "rules": (dict, "per-rule settings: severity, options, or off/on"),
    "exclude": (list, "glob patterns of paths not to lint"),
    "library": (list, "glob patterns of drafts that cross-file rules compare against"),
    "vocabulary": (dict, "accept / reject / files for the spelling rule"),
    "overrides": (list, "per-path settings: files, ignore, severity"),
    "fail_on": (str, "lowest severity that makes the run fail"),
    "max_file_size": (int, "largest draft to read, in bytes"),
    "formats": (dict, "file suffixes to read and their format: {'.qmd': markdown}"),
    "provided": (list, "texts a layout or the site adds to pages: [{file: or text:, paths: [globs]}]"),
    "respect_gitignore": (bool, "skip files the project's .gitignore files ignore (default true)"),
    "language": (str, "spelling variant: en (any), en-US, en-GB, en-CA or en-AU"),
    "region": (str, "where the publisher is (US, UK, CA, AU, IE, NZ, IN, EU...): e.g. the US FDA statement applies in US only"),
}
LANGUAGES = ("en", "en-US", "en-GB", "en-CA", "en-AU")
PROVIDED_KEYS = {"file", "text", "paths"}
RULE_KEYS = {"severity", "options", "enabled"}
VOCAB_KEYS = {"accept", "reject", "files"}
OVERRIDE_KEYS = {"files", "ignore", "select", "severity"}


# The largest draft healthlint reads, whatever max_file_size says: a draft of this size takes
# about half a minute; larger files are site dumps, not drafts (docs/robustness.md).
MAX_FILE_SIZE_CEILING = 25 << 20


@dataclass
class Config:
    path: str | None = None  # the file it came from
    root: str = "."  # folder that relative paths in the config are resolved against
    packs: list[str] = field(default_factory=list)
    default_pack: bool = True
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    library: list[str] = field(default_factory=list)
    vocabulary: dict[str, Any] = field(default_factory=dict)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    fail_on: str = "warning"
    max_file_size: int = 10 * 1024 * 1024
    formats: dict[str, str] = field(default_factory=dict)
    provided: list[dict[str, Any]] = field(default_factory=list)
    respect_gitignore: bool = True
    language: str = "en"
    region: str = ""

    def pack_paths(self) -> list[Path]:
        return [Path(self.root, p) for p in self.packs]

    def accepted_words(self) -> set[str]:
        words = set(self.vocabulary.get("accept", []))
        for f in self.vocabulary.get("files", []):
            # one word a line, gzip, or a Hunspell .dic (e.g. /usr/share/hunspell/en_med_glut.dic)
            from .dictionary import read_word_list
            from .errors import HealthlintError

            try:
                listed = read_word_list(str(Path(self.root, f)))
            except HealthlintError as exc:
                raise ConfigError(f"vocabulary file '{f}' cannot be read: {exc.message.split('cannot be read: ', 1)[-1]}", self.path) from None
            words.update(listed.any_case | listed.exact)
        return words

    def rejected_words(self) -> set[str]:
        return set(self.vocabulary.get("reject", []))

    def overrides_for(self, path: str) -> list[dict[str, Any]]:
        rel = root_relative(path, self.root)
        return [o for o in self.overrides if any(_glob_match(rel, g) for g in o.get("files", []))]

    def is_excluded(self, path: str) -> bool:
        if not self.exclude:  # the common case: no path arithmetic for each of thousands of files
            return False
        rel = root_relative(path, self.root)
        return any(_glob_match(rel, g) for g in self.exclude)


def root_relative(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/")


def _glob_match(rel: str, pattern: str) -> bool:
    """The one glob matcher (exclude, overrides, library). `*` and `?` stay within one folder
    name, `**` as a whole path segment matches any number of folders (zero included); a
    pattern that matches a folder matches everything below it (so the walk can prune it);
    a pattern without a slash matches a file or folder name at any depth."""
    pattern = pattern.rstrip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in rel.split("/"))
    return compiled_glob(pattern).match(rel) is not None


def glob_full_match(rel: str, pattern: str) -> bool:
    """Like _glob_match but anchored at the root even without a slash (`*.md` is the top
    folder's drafts only, as with a shell glob): for the `library` globs."""
    return compiled_glob(pattern.rstrip("/")).match(rel) is not None


@lru_cache(maxsize=1024)
def compiled_glob(pattern: str) -> re.Pattern:
    if pattern.startswith("./"):
        pattern = pattern[2:]
    parts = pattern.split("/")
    while len(parts) > 1 and parts[-1] == "**":  # `folder/**` is the folder and all below it
        parts.pop()
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
        else:
            out.append(_segment(part) + ("" if last else "/"))
    return re.compile("".join(out) + "(?:/.*)?\\Z", re.DOTALL)


def _segment(part: str) -> str:
    """One path segment of a glob as a regex: `*` and `?` never match `/`."""
    out, i, n = [], 0, len(part)
    while i < n:
        ch = part[i]
        i += 1
        if ch == "*":
            while i < n and part[i] == "*":  # `a**b` inside a segment is just `*`
                i += 1
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            j = i + 1 if i < n and part[i] in "!^" else i
            j = j + 1 if j < n and part[j] == "]" else j
            while j < n and part[j] != "]":
                j += 1
            if j >= n:
                out.append("\\[")
                continue
            body = part[i:j].replace("\\", "\\\\")
            if body[:1] in "!^" and body:
                body = "^" + body[1:]
            out.append(f"(?!/)[{body}]")
            i = j + 1
        else:
            out.append(re.escape(ch))
    return "".join(out)




def find_config(start: str | None = None) -> Path | None:
    """Walk up from `start` (default: the current folder) to the first .healthlint.yaml or
    pyproject.toml with a [tool.healthlint] table."""
    folder = Path(start or os.getcwd()).resolve()
    for parent in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = parent / name
            # is_file() would pass over a FIFO or a link to a device: found, and then refused by
            # the guarded reader with an error, never silently replaced by the defaults
            if os.path.lexists(candidate) and not candidate.is_dir():
                return candidate
        pyproject = parent / "pyproject.toml"
        if pyproject.is_file() and _pyproject_has_table(pyproject):
            return pyproject
    return None


def _pyproject_has_table(path: Path) -> bool:
    try:
        return "healthlint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    text = _read_config_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"TOML syntax error: {exc}", str(path)) from None
    except (ValueError, RecursionError) as exc:  # a huge integer, nesting too deep
        raise ConfigError(f"TOML could not be read: {str(exc)[:120]}", str(path)) from None


def _read_config_text(path: Path) -> str:
    from .decode import CONFIG_MAX_BYTES, read_guarded_text
    from .errors import InputError

    try:
        return read_guarded_text(str(path), CONFIG_MAX_BYTES)
    except InputError as exc:
        raise ConfigError(f"cannot read config: {exc.message}", str(path)) from None


def load_config(path: str | Path | None = None, *, search_from: str | None = None) -> Config:
    """Load and validate a config. With no path, search for one; none found gives defaults."""
    if path is None:
        found = find_config(search_from)
        if found is None:
            return _zero_config()
        path = found
    path = Path(path)
    where = str(path)
    if not path.exists() and not path.is_symlink():
        raise ConfigError("config file not found", where)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        data = _read_toml(path).get("tool", {}).get("healthlint", {}) if path.name == "pyproject.toml" else _read_toml(path)
    else:
        text = _read_config_text(path)
        try:
            data = parse_yaml(text)
        except YamlProblem as exc:
            raise ConfigError(str(exc), where) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of settings (key: value)", where)
    return validate_config(data, where, root=str(path.resolve().parent))


def _zero_config() -> Config:
    """The defaults, plus what the site in the current folder adds to every page: with no
    config, a disclaimer in the site's layouts or components (what `healthlint init` would
    write under `provided:`) counts for every draft, as a publisher's build puts it there."""
    from .project import site_disclaimer_files

    cfg = Config()
    try:
        files = site_disclaimer_files(cfg.root)
    except OSError:
        files = []
    cfg.provided = [{"file": f, "paths": ["**"]} for f in files]
    return cfg


def validate_config(data: dict, where: str | None = None, root: str = ".") -> Config:
    cfg = Config(path=where, root=root)
    for key, value in data.items():
        if key not in TOP_KEYS:
            raise ConfigError(f"unknown key '{key}'{did_you_mean(str(key), TOP_KEYS)}", where)
        expected, _ = TOP_KEYS[key]
        if value is None and expected in (list, dict):
            continue  # a key left empty (e.g. everything under it commented out) keeps its default
        if expected is list and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"'{key}' must be {_type_name(expected)}, not {_type_name(type(value))}", where)
        if expected is list and key not in ("overrides", "provided") and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{key}' must be a list of text entries", where)
        setattr(cfg, key, value)
    if cfg.max_file_size <= 0:
        raise ConfigError(f"'max_file_size' must be a positive number of bytes, not {cfg.max_file_size}", where)
    if cfg.max_file_size > MAX_FILE_SIZE_CEILING:
        raise ConfigError(f"'max_file_size' is at most {MAX_FILE_SIZE_CEILING} bytes ({MAX_FILE_SIZE_CEILING >> 20} MB: "
                          f"linting takes about a second a megabyte), not {cfg.max_file_size}", where)
    if cfg.fail_on not in SEVERITIES:
        raise ConfigError(f"'fail_on' must be one of {', '.join(SEVERITIES)}, not '{cfg.fail_on}'", where)
    for rule_id, setting in cfg.rules.items():
        if isinstance(setting, bool) or setting in ("off", "on"):
            cfg.rules[rule_id] = {"enabled": setting in (True, "on")}
            continue
        if isinstance(setting, str) and setting in SEVERITIES:
            cfg.rules[rule_id] = {"severity": setting}
            continue
        if not isinstance(setting, dict):
            raise ConfigError(f"rules.{rule_id} must be off, on, a severity, or a mapping with severity/options", where)
        for k, v in setting.items():
            if k not in RULE_KEYS:
                raise ConfigError(f"unknown key 'rules.{rule_id}.{k}'{did_you_mean(k, RULE_KEYS)}", where)
        if "severity" in setting and setting["severity"] not in SEVERITIES:
            raise ConfigError(f"rules.{rule_id}.severity must be one of {', '.join(SEVERITIES)}", where)
        if "options" in setting and not isinstance(setting["options"], dict):
            raise ConfigError(f"rules.{rule_id}.options must be a mapping", where)
        if "enabled" in setting and not isinstance(setting["enabled"], bool):
            raise ConfigError(f"rules.{rule_id}.enabled must be true or false", where)
    for k, v in cfg.vocabulary.items():
        if k not in VOCAB_KEYS:
            raise ConfigError(f"unknown key 'vocabulary.{k}'{did_you_mean(k, VOCAB_KEYS)}", where)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"vocabulary.{k} must be a list of text entries", where)
    cfg.formats = _validate_formats(cfg.formats, where)
    if cfg.language not in LANGUAGES:
        raise ConfigError(f"'language' must be one of {', '.join(LANGUAGES)}, not '{cfg.language}'"
                          f"{did_you_mean(cfg.language, LANGUAGES)}", where)
    cfg.region = cfg.region.strip().upper()
    if cfg.region and not re.fullmatch(r"[A-Z]{2,3}", cfg.region):
        raise ConfigError(f"'region' must be a country or region code such as US, UK, CA or AU, not '{cfg.region}'", where)
    for i, entry in enumerate(cfg.provided):
        if not isinstance(entry, dict) or not ({"file", "text"} & set(entry)):
            raise ConfigError(f"provided[{i}] must be a mapping with 'file' or 'text' (and optional 'paths')", where)
        for k in entry:
            if k not in PROVIDED_KEYS:
                raise ConfigError(f"unknown key 'provided[{i}].{k}'{did_you_mean(k, PROVIDED_KEYS)}", where)
        if "file" in entry and "text" in entry:
            raise ConfigError(f"provided[{i}] has both 'file' and 'text': give one", where)
        for k in ("file", "text"):
            if k in entry and not isinstance(entry[k], str):
                raise ConfigError(f"provided[{i}].{k} must be text", where)
        paths = entry.get("paths", [])
        if isinstance(paths, str):
            entry["paths"] = paths = [paths]
        if not isinstance(paths, list) or not all(isinstance(x, str) for x in paths):
            raise ConfigError(f"provided[{i}].paths must be a list of globs", where)
    for i, ov in enumerate(cfg.overrides):
        if not isinstance(ov, dict):
            raise ConfigError(f"overrides[{i}] must be a mapping with 'files'", where)
        for k in ov:
            if k not in OVERRIDE_KEYS:
                raise ConfigError(f"unknown key 'overrides[{i}].{k}'{did_you_mean(k, OVERRIDE_KEYS)}", where)
        if not isinstance(ov.get("files"), list) or not ov["files"]:
            raise ConfigError(f"overrides[{i}].files must be a non-empty list of globs", where)
        for k in ("ignore", "select"):
            if k in ov and (not isinstance(ov[k], list) or not all(isinstance(x, str) for x in ov[k])):
                raise ConfigError(f"overrides[{i}].{k} must be a list of rule ids", where)
        if "severity" in ov:
            sev = ov["severity"]
            if not isinstance(sev, dict) or not all(s in SEVERITIES for s in sev.values()):
                raise ConfigError(f"overrides[{i}].severity must map rule ids to {'/'.join(SEVERITIES)}", where)
    return cfg


def _validate_formats(formats: dict, where: str | None) -> dict[str, str]:
    from .readers import READERS

    out = {}
    for suffix, fmt in formats.items():
        if not isinstance(suffix, str) or not suffix.strip("."):
            raise ConfigError(f"formats: {suffix!r} is not a file suffix (write '.qmd')", where)
        if fmt not in READERS:
            raise ConfigError(f"formats.{suffix}: unknown format '{fmt}'{did_you_mean(str(fmt), READERS)} "
                              f"(one of {', '.join(sorted(READERS))})", where)
        out["." + suffix.lower().lstrip(".")] = fmt
    return out


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _type_name(t) -> str:
    return {list: "a list", dict: "a mapping", str: "text", int: "a whole number", bool: "true or false",
            float: "a number", type(None): "empty"}.get(t, t.__name__)
