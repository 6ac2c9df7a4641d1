"""Rule packs: folders (or single files) of YAML rules. A rule names its kind; the kind's Python
class is in `healthlint.kinds`. Loading validates everything a publisher can get wrong and names
the file and rule in the error."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import PackError
from .model import SEVERITIES
from .yaml_loading import YamlProblem, parse_yaml

FAMILIES = ("duplicate-paragraph", "unsourced-claim", "missing-disclaimer", "boilerplate", "typo")
RULE_KEYS = {"id", "code", "family", "kind", "severity", "message", "options", "docs", "enabled", "fixable"}
DOC_KEYS = {"summary", "rationale", "bad", "good", "options", "references"}


@dataclass(frozen=True)
class RuleSpec:
    id: str
    code: str
    family: str
    kind: str
    severity: str
    message: str
    options: Mapping[str, Any]
    docs: Mapping[str, Any]
    enabled: bool = True  # False: opt-in rule, on only when the config selects it
    fixable: bool = False
    source: str = ""  # the pack file it came from

    def matches(self, selector: str) -> bool:
        """True when a --select/--ignore entry names this rule: its id, code, code prefix or family."""
        return selector_matches(selector, self.id, self.code, self.family)


def selector_matches(selector: str, rule_id: str, code: str, family: str) -> bool:
    """The one definition of how a selector (in --select, config, or a suppression comment)
    names a rule: by id, family, code, or code prefix such as HL2."""
    s = selector.strip()
    return s in (rule_id, family) or (s.upper().startswith("HL") and code.startswith(s.upper()))


def default_pack_path() -> Path:
    """The default pack: inside the installed package, or the repository's rules/ folder when
    running from a source checkout (editable install)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules" / "default", here.parents[1] / "rules" / "default"):
        if candidate.is_dir():
            return candidate
    raise PackError("the default rule pack is missing from this installation (reinstall healthlint)")


def yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    raise PackError("rule pack not found (no such file or folder)", str(path))


def _parse_pack_yaml(text: str):
    """parse_yaml, remembered between runs by the text itself (memo.py): the default packs'
    YAML took 0.06 s of every one-draft run. A text that fails to parse is never stored."""
    import yaml

    from . import memo

    key = ("pack-yaml", getattr(yaml, "__version__", "?"), text)
    found = memo.get(key, default=memo)
    if found is not memo:
        return found
    data = parse_yaml(text)
    memo.put(key, data)
    return data


def load_pack(path: Path) -> list[RuleSpec]:
    from .decode import PACK_MAX_BYTES, read_guarded_text
    from .errors import InputError
    from .kinds import KINDS

    rules: list[RuleSpec] = []
    for file in yaml_files(path):
        where = str(file)
        try:
            data = _parse_pack_yaml(read_guarded_text(where, PACK_MAX_BYTES))
        except YamlProblem as exc:
            raise PackError(str(exc), where) from None
        except InputError as exc:
            raise PackError(f"cannot read rule pack: {exc.message}", where) from None
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise PackError("a rule pack file must be a mapping with a 'rules:' list", where)
        extra = set(data) - {"rules", "pack"}
        if extra:
            raise PackError(f"unknown top-level key '{sorted(extra)[0]}' (expected 'rules' or 'pack')", where)
        for i, raw in enumerate(data["rules"]):
            rules.append(_parse_rule(raw, i, where, KINDS))
    return rules


def _parse_rule(raw: Any, index: int, where: str, kind_names) -> RuleSpec:
    if not isinstance(raw, dict):
        raise PackError(f"rule #{index + 1} is not a mapping", where)
    rid = raw.get("id")
    label = f"rule '{rid}'" if rid else f"rule #{index + 1}"
    for key in raw:
        if key not in RULE_KEYS:
            raise PackError(f"{label}: unknown key '{key}'{_did_you_mean(key, RULE_KEYS)}", where)
    for key in ("id", "code", "family", "kind", "severity", "message"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            raise PackError(f"{label}: '{key}' is required and must be text", where)
    _check_message_template(raw["message"], label, where)
    docs_raw = raw.get("docs")
    if isinstance(docs_raw, dict):
        for key in docs_raw:
            if key not in DOC_KEYS:
                raise PackError(f"{label}: unknown docs key '{key}'{_did_you_mean(str(key), DOC_KEYS)}", where)
    if raw["kind"] not in kind_names:
        raise PackError(f"{label}: unknown kind '{raw['kind']}'{_did_you_mean(raw['kind'], kind_names)}", where)
    if raw["severity"] not in SEVERITIES:
        raise PackError(f"{label}: severity must be one of {', '.join(SEVERITIES)}, not '{raw['severity']}'", where)
    code = raw["code"].upper()
    if not (code.startswith("HL") and code[2:].isdigit()):
        raise PackError(f"{label}: code must look like HL123, not '{raw['code']}'", where)
    options = raw.get("options") or {}
    docs = raw.get("docs") or {}
    if not isinstance(options, dict):
        raise PackError(f"{label}: 'options' must be a mapping", where)
    if not isinstance(docs, dict):
        raise PackError(f"{label}: 'docs' must be a mapping", where)
    for flag in ("enabled", "fixable"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise PackError(f"{label}: '{flag}' must be true or false", where)
    return RuleSpec(id=rid, code=code, family=raw["family"], kind=kind_names.canonical(raw["kind"]), severity=raw["severity"],
                    message=raw["message"], options=options, docs=docs, enabled=raw.get("enabled", True),
                    fixable=raw.get("fixable", False), source=where)


def _check_message_template(message: str, label: str, where: str) -> None:
    """A message's placeholders must be {name} fields: a positional {0} or a stray brace would
    otherwise fail only when the rule first fires, looking like a healthlint bug."""
    import string

    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    except ValueError as exc:
        raise PackError(f"{label}: message has a stray brace ({exc}); write {{{{ and }}}} for literal braces", where) from None
    for name in fields:
        if not name.isidentifier():
            raise PackError(f"{label}: message placeholder {{{name}}} must be a name such as {{match}}", where)


def check_unique(rules: list[RuleSpec]) -> None:
    seen_id: dict[str, RuleSpec] = {}
    seen_code: dict[str, RuleSpec] = {}
    for r in rules:
        if r.id in seen_id:
            raise PackError(f"duplicate rule id '{r.id}' (also defined in {seen_id[r.id].source})", r.source)
        if r.code in seen_code:
            raise PackError(f"duplicate rule code '{r.code}' for '{r.id}' (already used by '{seen_code[r.code].id}' in {seen_code[r.code].source})", r.source)
        seen_id[r.id] = r
        seen_code[r.code] = r


def builtin_rules() -> list[RuleSpec]:
    """Rules of the engine itself, on whatever packs are loaded (like a parser's syntax errors),
    but listed, explained, selected and ignored like any other rule."""
    return [RuleSpec(
        id="invalid-front-matter", code="HL001", family="document", kind="front-matter", severity="warning",
        message="{problem}", options={},
        docs={
            "summary": "The draft's front matter (the block between --- lines at the top) is not valid YAML.",
            "rationale": "healthlint ignores front matter it cannot read, so what it says is lost: a title, "
                         "a reviewer, or a key that waives or satisfies a disclaimer. The draft is still "
                         "checked; fix the YAML so the metadata counts.",
            "bad": "---\ntitle: [Knee pain, unclosed\n---\n\nGentle exercise helps.\n",
            "good": "---\ntitle: \"Knee pain: what helps\"\n---\n\nGentle exercise helps.\n",
        })]


def load_packs(extra: list[Path] = (), include_default: bool = True) -> list[RuleSpec]:
    rules: list[RuleSpec] = builtin_rules()
    if include_default:
        rules.extend(load_pack(default_pack_path()))
    for p in extra:
        rules.extend(load_pack(Path(p)))
    check_unique(rules)
    return rules


def _did_you_mean(word: str, choices) -> str:
    import difflib  # only on an error path; keeps start-up light

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


did_you_mean = _did_you_mean
__all__ = ["RuleSpec", "FAMILIES", "load_packs", "load_pack", "default_pack_path", "did_you_mean", "check_unique"]
