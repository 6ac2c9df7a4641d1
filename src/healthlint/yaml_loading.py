"""YAML for configs, rule packs and front matter, always loaded safely: no tag can construct a
Python object (so a config or pack cannot run code), and a document that is nested too deeply
or is a web of aliases (recursive, or a "billion laughs" bomb) is refused instead of crashing
or exhausting memory later in a rule that walks it. Errors name the line and column."""
from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64
MAX_NODES = 100_000


class YamlProblem(Exception):
    """Why a YAML text was refused: one line, with its position when known."""


class _Loader(yaml.SafeLoader):
    """yaml.SafeLoader whose constructors cannot raise anything but a ConstructorError with its
    position: an impossible date (2020-13-45) is read as the text it is, and an integer too long
    for Python to convert is refused at its line."""


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)  # not a real date: the text, for validation to judge


def _integer(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"an integer of {len(str(node.value))} digits is too long", node.start_mark) from None


def _float(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_float(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(None, None, "a number too long to read", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _integer)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


def parse_yaml(text: str, *, line_offset: int = 0) -> Any:
    """`yaml.safe_load` with clear errors. `line_offset` is added to reported lines (front
    matter starts below its `---` line)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1 + line_offset}, column {mark.column + 1}" if mark else ""
        if "could not determine a constructor" not in (exc.problem or ""):
            context = f"{exc.context} " if exc.context else ""
            raise YamlProblem(f"YAML cannot be read{where}: {context}{exc.problem}") from None
        tag = _tag_from(exc)
        raise YamlProblem(f"YAML tag {tag} is not allowed{where} (YAML is loaded safely: tags that build "
                          "program objects are refused)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1 + line_offset}, column {mark.column + 1}" if mark else ""
        raise YamlProblem(f"YAML syntax error{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem("YAML is nested too deeply") from None
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:  # a loader bug must not escape
        raise YamlProblem(f"YAML cannot be read: {type(exc).__name__}: {str(exc)[:120]}") from None
    check_tree(data)
    return data


def check_tree(data: Any) -> None:
    """Refuse values with cycles (`a: &a [*a]`), more than MAX_DEPTH levels, or more than
    MAX_NODES nodes once aliases are expanded."""
    budget = [MAX_NODES]
    stack: list[int] = []

    def walk(value: Any, depth: int) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise YamlProblem(f"YAML is too large once its aliases are expanded (over {MAX_NODES} values)")
        if depth > MAX_DEPTH:
            raise YamlProblem(f"YAML is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, (dict, list)):
            if id(value) in stack:
                raise YamlProblem("YAML refers to itself (a recursive alias)")
            stack.append(id(value))
            children = list(value.keys()) + list(value.values()) if isinstance(value, dict) else value
            for child in children:
                walk(child, depth + 1)
            stack.pop()

    walk(data, 0)


def _tag_from(exc: yaml.constructor.ConstructorError) -> str:
    problem = exc.problem or ""
    if "'" in problem:
        tag = problem.split("'")[1]
        return "'" + tag.replace("tag:yaml.org,2002:", "!!") + "'"
    return "(unknown)"
