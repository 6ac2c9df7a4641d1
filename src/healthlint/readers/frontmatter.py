"""Front matter, the metadata block at the top of a draft (YAML between `---` lines, or TOML
between `+++` lines): parsed into a dict, or an empty dict and the reason it was ignored.
Shared by the Markdown, MDX and HTML readers."""
from __future__ import annotations

import re


def parse_toml_front_matter(content: str):
    refused = _too_large(content)
    if refused is not None:
        return refused
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    try:
        return tomllib.loads(content), None
    except tomllib.TOMLDecodeError as exc:
        return {}, f"front matter is not valid TOML, so it was ignored ({exc})"
    except RecursionError:
        return {}, "front matter is nested too deeply to read, so it was ignored"


# Front matter made only of `key: "text"` lines, the common case, read without the YAML parser
# (a tenth of a millisecond per draft): the same dict of strings yaml.safe_load gives. Only
# what certainly means that in YAML qualifies: a short key (YAML limits a key to 1,024
# characters) starting with a letter or "_" that YAML does not read as a boolean or null, one space after the colon, and a double-quoted value
# of printable characters other than quotes, backslashes (escapes) and line separators.
# Anything else, errors included, goes through the parser.
_SIMPLE_FRONT_MATTER = re.compile(
    r'(?:[A-Za-z_][A-Za-z0-9_-]{0,99}: "[\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd'
    r'\U00010000-\U0010ffff]*"\n)+')
_SIMPLE_LINE = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*): "(.*)"')
_YAML_SPECIAL_KEYS = frozenset("y Y n N yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
                               "null Null NULL".split())


def _simple_front_matter(content: str) -> dict | None:
    text = content if content.endswith("\n") else content + "\n"
    if _SIMPLE_FRONT_MATTER.fullmatch(text) is None:
        return None
    data = {}
    for line in text[:-1].split("\n"):
        key, value = _SIMPLE_LINE.fullmatch(line).groups()
        if key in _YAML_SPECIAL_KEYS:
            return None
        data[key] = value
    return data


# Front matter is metadata: a title, dates, tags. Above this size it is not parsed (the YAML
# parser is pure Python, about 5 s a megabyte of flow sequence) and HL001 says why.
MAX_FRONT_MATTER = 1 << 20


def _too_large(content: str):
    if len(content) > MAX_FRONT_MATTER:
        return {}, (f"front matter is {len(content) / 1048576:.1f} MB, over the {MAX_FRONT_MATTER >> 20} MB "
                    "healthlint reads, so it was ignored")
    return None


def parse_front_matter(content: str):
    refused = _too_large(content)
    if refused is not None:
        return refused
    simple = _simple_front_matter(content)
    if simple is not None:
        return simple, None
    from ..yaml_loading import YamlProblem, parse_yaml

    try:
        data = parse_yaml(content, line_offset=1) if content.strip() else {}
    except YamlProblem as exc:
        return {}, f"front matter is not valid YAML, so it was ignored ({exc})"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, "front matter is not a mapping of keys to values; it was ignored"
    return data, None
