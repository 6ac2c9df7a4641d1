"""Rule kinds: each kind is implemented once in Python; rules are YAML data that name a kind.
This registry maps kind names to classes, imported only when a rule of that kind is used."""
from __future__ import annotations

import importlib

KIND_NAMES = {
    "pattern": "healthlint.kinds.pattern:PatternKind",
    "claim": "healthlint.kinds.claim:ClaimKind",
    "citation": "healthlint.kinds.claim:CitationKind",
    "references-section": "healthlint.kinds.claim:ReferencesSectionKind",
    "trust-signal": "healthlint.kinds.trust:TrustSignalKind",
    "disclaimer": "healthlint.kinds.disclaimer:DisclaimerKind",
    "duplicate": "healthlint.kinds.duplicate:DuplicateKind",
    "near-duplicate": "healthlint.kinds.duplicate:NearDuplicateKind",
    "template": "healthlint.kinds.duplicate:TemplateTextKind",
    "boilerplate": "healthlint.kinds.boilerplate:BoilerplateKind",
    "spliced-reference": "healthlint.kinds.spliced:SplicedReferenceKind",
    "spelling": "healthlint.kinds.spelling:SpellingKind",
    "repeated_word": "healthlint.kinds.repeated:RepeatedWordKind",
    "front-matter": "healthlint.kinds.frontmatter:FrontMatterKind",
    "mojibake": "healthlint.kinds.mojibake:MojibakeKind",
}


# Kinds whose accepted texts are required texts (kinds.disclaimer): checked by name, so that
# building the rules imports no module of a rule that does not run.
REQUIRED_TEXT_KINDS = frozenset({"disclaimer"})


def kind_class(name: str):
    module, _, cls = KIND_NAMES[name].partition(":")
    return getattr(importlib.import_module(module), cls)
