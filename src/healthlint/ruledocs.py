"""A rule's documentation, gathered once from its pack entry (docs: summary, rationale, bad,
good, options, references) and its kind's options, and rendered for every place that shows it:
`healthlint explain` (text), SARIF rule descriptors (plain text and Markdown) and the HTML
report ("why this matters"). A rule's docs are written in its pack; no renderer reads
`spec.docs` itself."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionDoc:
    name: str
    description: str  # the pack's docs.options entry, else the kind's own description
    value: object  # the rule's value in its pack, else the kind's default


@dataclass(frozen=True)
class RuleDoc:
    code: str
    id: str
    family: str
    kind: str
    severity: str
    enabled: bool
    fixable: bool
    message: str
    summary: str
    rationale: str
    bad: str
    good: str
    references: tuple[str, ...]
    options: tuple[OptionDoc, ...]
    options_note: str = ""  # docs.options when it is one note on the options rather than a mapping

    @property
    def short(self) -> str:
        """One sentence: the summary, else the rule's message."""
        return self.summary or self.message.strip()

    @property
    def why(self) -> str:
        return self.rationale or self.summary

    @property
    def suppression(self) -> str:
        return f"<!-- healthlint-disable-line {self.id} -->"


def rule_doc(spec, with_options: bool = True) -> RuleDoc:
    docs = spec.docs or {}
    options: list[OptionDoc] = []
    if with_options:
        from .kinds import kind_class

        described = docs.get("options") if isinstance(docs.get("options"), dict) else {}
        for name, option in kind_class(spec.kind).OPTIONS.items():
            options.append(OptionDoc(name, str(described.get(name) or option.description),
                                     spec.options.get(name, option.default)))
    return RuleDoc(
        code=spec.code, id=spec.id, family=spec.family, kind=spec.kind, severity=spec.severity,
        enabled=bool(spec.enabled), fixable=bool(spec.fixable), message=str(spec.message),
        summary=str(docs.get("summary") or "").strip(), rationale=str(docs.get("rationale") or "").strip(),
        bad=str(docs.get("bad") or ""), good=str(docs.get("good") or ""),
        references=tuple(str(r) for r in docs.get("references") or ()), options=tuple(options),
        options_note=str(docs.get("options")).strip() if isinstance(docs.get("options"), str) else "",
    )


def as_text(doc: RuleDoc) -> str:
    """What `healthlint explain` prints."""
    out = [f"{doc.code} {doc.id}", "", f"Family: {doc.family}    Default severity: {doc.severity}"
           + ("    Opt-in (off unless enabled)" if not doc.enabled else "") + ("    Fixable" if doc.fixable else "")]
    for title, text in (("What it flags", doc.summary), ("Why it matters", doc.rationale)):
        if text:
            out += ["", title, "  " + text.replace("\n", "\n  ")]
    for title, text in (("Flagged", doc.bad), ("Passes", doc.good)):
        if text:
            out += ["", f"{title}:", "  " + text.rstrip().replace("\n", "\n  ")]
    if doc.options:
        out += ["", f"Options (kind '{doc.kind}'; set under rules.{doc.id}.options in the config):"]
        if doc.options_note:
            out.append("  " + doc.options_note.replace("\n", "\n  "))
        for option in doc.options:
            value = option.value
            shown = value if not isinstance(value, (list, dict)) else f"{len(value)} entries in the pack"
            out.append(f"  {option.name}: {option.description} (now: {shown})")
    if doc.references:
        out += ["", "References:"] + [f"  - {r}" for r in doc.references]
    return "\n".join(out)


def as_help(doc: RuleDoc) -> tuple[str, str]:
    """(plain text, Markdown): a SARIF descriptor's help, what a code-scanning dashboard shows."""
    text, markdown = [doc.short], [doc.short]
    if doc.rationale:
        text.append(f"Why it matters: {doc.rationale}")
        markdown.append(f"**Why it matters.** {doc.rationale}")
    for title, example in (("Flagged", doc.bad), ("Passes", doc.good)):
        example = example.strip()
        if example:
            text.append(f"{title}: {example}")
            markdown.append(f"**{title}:**\n\n> " + example.replace("\n", "\n> "))
    if doc.references:
        text.append("References: " + "; ".join(doc.references))
        markdown.append("**References:**\n\n" + "\n".join(f"- {r}" for r in doc.references))
    text.append(f"Turn it off for one line with {doc.suppression}.")
    markdown.append(f"Turn it off for one line with `{doc.suppression}`.")
    return "\n\n".join(text), "\n\n".join(markdown)
