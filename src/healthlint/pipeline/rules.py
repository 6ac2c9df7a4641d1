"""Which rules run: the packs loaded, the config's and the command line's selection applied,
each enabled rule's kind built with its options. Also the required-text detectors (the
disclaimers), which run whether or not their own rule is on."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..config import Config
from ..errors import ConfigError, HealthlintError, PackError
from ..kinds import REQUIRED_TEXT_KINDS, kind_class
from ..kinds.base import RunContext
from ..packs import RuleSpec, did_you_mean, load_packs


@dataclass
class ActiveRule:
    spec: RuleSpec
    severity: str
    kind: Any  # the RuleKind instance

    @property
    def names(self) -> tuple[str, str, str]:
        return (self.spec.id, self.spec.code, self.spec.family)


@dataclass
class RuleSet:
    all_specs: list[RuleSpec]
    active: list[ActiveRule]
    # Kinds that recognize a required text (the disclaimers), whether or not their rule runs:
    # such a paragraph is never duplicate, template text or boilerplate (zones.required_view).
    required_texts: list = field(default_factory=list)

    @property
    def per_file(self) -> list[ActiveRule]:
        return [r for r in self.active if not r.kind.cross_file]

    @property
    def cross_file(self) -> list[ActiveRule]:
        return [r for r in self.active if r.kind.cross_file]


def selected(spec: RuleSpec, selectors: list[str]) -> bool:
    return any(spec.matches(s) for s in selectors)


def validate_selectors(selectors: Iterable[str], specs: list[RuleSpec], where: str = "--select") -> None:
    names = {n for s in specs for n in (s.id, s.code, s.family)}
    for sel in selectors:
        if not any(s.matches(sel) for s in specs):
            raise HealthlintError(f"{where}: no rule matches '{sel}'{did_you_mean(sel, names)}")


def build_rules(config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> RuleSet:
    """Load packs, apply the config's and the command line's selection, and instantiate kinds."""
    specs = load_packs(config.pack_paths(), include_default=config.default_pack)
    select = list(select or []) or list(config.select)
    ignore = list(config.ignore) + list(ignore or [])
    validate_selectors(select, specs, "select")
    validate_selectors(ignore, specs, "ignore")
    known = {s.id for s in specs} | {s.code for s in specs}
    for rule_id in config.rules:
        if rule_id not in known:
            raise ConfigError(f"rules.{rule_id}: no such rule{did_you_mean(rule_id, known)}", config.path)
    context = RunContext(frozenset(config.accepted_words()), frozenset(config.rejected_words()),
                         language=config.language, region=config.region)
    active = []
    for spec in specs:
        setting = config.rules.get(spec.id) or config.rules.get(spec.code) or {}
        enabled = setting.get("enabled", spec.enabled)
        if select:
            enabled = selected(spec, select) and (spec.enabled or setting.get("enabled", False) or _named_explicitly(spec, select))
        if selected(spec, ignore):
            enabled = False
        if not enabled:
            continue
        kind_cls = kind_class(spec.kind)
        if setting.get("options"):
            _validate_config_options(kind_cls, spec, setting["options"], config)
        options = dict(spec.options)
        options.update(setting.get("options", {}))
        kind = kind_cls(spec, options, context)
        active.append(ActiveRule(spec, setting.get("severity", spec.severity), kind))
    required = [r.kind for r in active if getattr(r.kind, "recognizes_required_text", False)
                and r.kind.options.get("required_text", True)]
    have = {r.spec.id for r in active}
    for spec in specs:
        if spec.id in have or spec.kind not in REQUIRED_TEXT_KINDS:
            continue
        cls = kind_class(spec.kind)
        setting = config.rules.get(spec.id) or config.rules.get(spec.code) or {}
        options = {**spec.options, **setting.get("options", {})}
        if getattr(cls, "recognizes_required_text", False) and options.get("required_text", True):
            required.append(cls(spec, options, context))
    return RuleSet(specs, active, required)


def _validate_config_options(kind_cls, spec: RuleSpec, options: dict, config: Config) -> None:
    try:
        kind_cls.validate_options(spec, options)
    except PackError as exc:
        raise ConfigError(f"rules.{spec.id}.options: {exc.message.split(': ', 1)[-1]}", config.path) from None


def _named_explicitly(spec: RuleSpec, selectors: list[str]) -> bool:
    """Opt-in rules are turned on by naming them (id or code), not by a family or prefix."""
    return any(s in (spec.id, spec.code) for s in selectors)
