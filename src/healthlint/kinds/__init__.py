"""Rule kinds: each kind is implemented once in Python; rules are YAML data that name a kind.
KINDS maps kind names to classes (one kind a module), imported only when a rule of that kind is used."""
from __future__ import annotations

from ..registry import Registry

KINDS = Registry("rule kind")
for _name, _target, _aliases in (
    ("pattern", "healthlint.kinds.pattern:PatternKind", ()),
    ("claim", "healthlint.kinds.claim:ClaimKind", ()),
    ("citation", "healthlint.kinds.citation:CitationKind", ()),
    ("references-section", "healthlint.kinds.references_section:ReferencesSectionKind", ()),
    ("trust-signal", "healthlint.kinds.trust:TrustSignalKind", ()),
    ("disclaimer", "healthlint.kinds.disclaimer:DisclaimerKind", ()),
    ("duplicate", "healthlint.kinds.duplicate:DuplicateKind", ()),
    ("near-duplicate", "healthlint.kinds.near_duplicate:NearDuplicateKind", ()),
    ("template", "healthlint.kinds.template:TemplateTextKind", ()),
    ("boilerplate", "healthlint.kinds.boilerplate:BoilerplateKind", ()),
    ("spliced-reference", "healthlint.kinds.spliced:SplicedReferenceKind", ()),
    ("spelling", "healthlint.kinds.spelling:SpellingKind", ()),
    ("repeated-word", "healthlint.kinds.repeated:RepeatedWordKind", ("repeated_word",)),
    ("front-matter", "healthlint.kinds.frontmatter:FrontMatterKind", ()),
    ("mojibake", "healthlint.kinds.mojibake:MojibakeKind", ()),
):
    KINDS.register(_name, _target, aliases=_aliases)


# Kinds whose accepted texts are required texts (kinds.disclaimer): checked by name, so that
# building the rules imports no module of a rule that does not run.
REQUIRED_TEXT_KINDS = frozenset({"disclaimer"})


def kind_class(name: str):
    return KINDS.load(name)
