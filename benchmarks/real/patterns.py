"""The largest false-alarm patterns of the real set, with counts.

Every false verdict in judgments.jsonl is put in one pattern by the words of its reason (the
table below; a reason no pattern matches is "other"). A pattern's count is estimated for all
findings, not only the judged ones: per half and rule, the share of the rule's sample judged
false for that pattern times the rule's number of findings (the sample is a seeded random draw
per rule and half, so the share is an unbiased estimate). The judged count is printed beside it.

Usage:  python benchmarks/real/patterns.py [--top N]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# (pattern, what it is in an editor's words, regex over the verdict's reason, rules it may
# apply to or None for any). The first match wins, so specific patterns come first.
PATTERNS: list[tuple[str, str, str, tuple[str, ...] | None]] = [
    ("reference-entries", "reference-list entries read as prose: names, journals and titles as typos, "
     "entries as spliced references, the same paper in two articles as duplicates",
     r"reference|the same (?:study|paper|source)|cited by|sources page|reference title", None),
    ("unrecognized-citation-style", "citations healthlint does not recognize ([Source: srcN] markers, "
     "markers that are links) reported as missing or dangling",
     r"\[source|srcN|marker is itself a link|cites its sources", ("HL203", "HL204")),
    ("marker-lookalike", "a bracketed or superscript number that is not a citation (a marker quoted "
     "from a linked paper, a unit exponent) reported as a dangling citation",
     r"quotation of a linked paper|exponent|square", ("HL203",)),
    ("front-matter-as-text", "front-matter metadata (FAQ entries, keywords, slugs, keys) read as body text",
     r"front-matter|front matter|metadata", None),
    ("markup-as-prose", "markup read as prose: HTML attributes, link targets, URLs, MDX comments, commands",
     r"attribute|link target|url slug|mdx comment|domain name|username in a link|command name|file extension",
     None),
    ("drug-not-supplement", "prescription drugs, telehealth offers and drug-cost notes taken for "
     "dietary supplements (HL303)", r"prescription|drug|telehealth|monograph", ("HL303",)),
    ("site-wide-disclaimer", "a disclaimer the site's layout or footer adds to every page, unseen in the "
     "article (HL301 on every page)", r"layout|footer|every (?:test )?page", ("HL301",)),
    ("own-required-text", "the site's own required text (medical disclaimer, affiliate disclosure, "
     "permission notes) reported as template text or boilerplate to remove",
     r"own medical disclaimer|required|must carry|affiliate disclosure|permission", ("HL401", "HL402")),
    ("shared-by-design", "content sibling pages share on purpose (overview bullets, coping tips, "
     "templated comparison pages, cross-links) reported as duplicates or template text",
     r"shared?|sibling|overview|parallel|template|monographs|cross-link|card|summari[sz]es|footnote|repeated|"
     r"each page|stamp|expandable|affiliate button", ("HL101", "HL102", "HL402")),
    ("disclaimer-present-unrecognized", "a disclaimer or safety line the article does carry, worded or placed in "
     "a way the rule does not recognize (HL301/HL302 fire anyway)",
     r"ends with|own 'medical disclaimer'|already tells|stop (?:and|the)|consult a (?:professional|specialist)|"
     r"check with their doctor|only a doctor|exercise-safety line|raw html", ("HL301", "HL302")),
    ("out-of-scope-page", "pages and products a disclaimer rule does not concern: device reviews, news, "
     "how-tos and privacy pages (HL301); devices, foods and servings (HL303); movements that are not exercise (HL302)",
     r"not (?:a |an )?(?:dietary )?(?:supplement|exercise)|no health advice|nothing medical|how-to|privacy page|"
     r"logistics|media|serving|water|not supplement|news|symptom|first-aid|breath|button|cultures|walk|bed|timer",
     ("HL301", "HL302", "HL303")),
    ("statement-not-claim", "sentences that are not claims needing a source: goals and criteria in a plan, "
     "quoted abstracts, negations and idioms, product specifications, captions, the writer's own experience",
     r"goal|criteri|quoted|abstract|negation|idiom|writer's own|table|product|dimension|tax|tip|rule of thumb|"
     r"keyword|privacy|caption|heading|organi[sz]ation|regulation|sarcastic|milestone", ("HL201", "HL202")),
    ("authored-as-chrome", "authored content taken for pasted chrome: section labels, closing calls to "
     "action, the site's legal and about pages, links in the article's own prose",
     r"label|call to action|legal page|policy page|about or policy|link in|keyword|accreditation board|"
     r"article content", ("HL401",)),
    ("names-not-in-dictionary", "proper names flagged as typos: people, brands and companies, software, "
     "places, plants and foods", r"name|brand|surname|city|title of", ("HL501",)),
    ("terms-not-in-dictionary", "correct words missing from the dictionary: medical, scientific and technical "
     "terms, abbreviations, regional spellings, transliterations, foreign words",
     r"term|spelling|pinyin|transliterat|japanese|latin|word|genus|abbreviation|prefix|protocol|software|"
     r"technical|medical|anatomical|chemical|yoga|verb", ("HL501",)),
    ("weak-exercise-trigger", "HL302 on text that mentions a routine or posture but instructs no exercise",
     r"routine|posture|no exercise", ("HL302",)),
    ("correct-phrase", "correct phrases taken for slips: plant names with a repeated word, possessive "
     "'its', headings run into the next sentence, generic then product names",
     r"possessive|camu|heading|generic|log in|is correct", ("HL502", "HL503")),
]


def pattern_of(rule: str, reason: str) -> str:
    for name, _, regex, rules in PATTERNS:
        if (rules is None or rule in rules) and re.search(regex, reason, re.I):
            return name
    return "other"


def estimate(findings, judgments, per_rule: int | None = None):
    """{pattern: {"estimated": float, "judged": int, "by_rule": Counter}} over both halves."""
    from realset import PER_RULE, sample

    counts = Counter((f.half, f.code) for f in findings)
    drawn = sample(findings, per_rule or PER_RULE)
    size = Counter((f.half, f.code) for f in drawn)
    out: dict[str, dict] = defaultdict(lambda: {"estimated": 0.0, "judged": 0, "by_rule": Counter()})
    for f in drawn:
        rec = judgments.get(f.key)
        if not rec or rec["verdict"] != "false":
            continue
        cell = out[pattern_of(f.code, rec.get("reason", ""))]
        weight = counts[(f.half, f.code)] / size[(f.half, f.code)]
        cell["estimated"] += weight
        cell["judged"] += 1
        cell["by_rule"][f.code] += 1
    return dict(out)


def render(found: dict, top: int = 10, out=print) -> None:
    what = {name: text for name, text, _, _ in PATTERNS}
    what["other"] = "false verdicts whose reason fits no pattern above"
    ranked = sorted(found.items(), key=lambda kv: (-kv[1]["estimated"], kv[0]))[:top]
    out(f"{'#':>2}  {'pattern':32} {'est. findings':>13} {'judged':>6}  rules")
    for n, (name, cell) in enumerate(ranked, 1):
        rules = ", ".join(f"{code} {k}" for code, k in cell["by_rule"].most_common())
        out(f"{n:2d}. {name:32} {cell['estimated']:13.0f} {cell['judged']:6d}  {rules}")
        out(f"      {what.get(name, '')}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    from report import missing_message
    from realset import cached_findings, load_judgments

    problem = missing_message()
    if problem:
        print(f"real set: {problem}", file=sys.stderr)
        return 1
    render(estimate(cached_findings(), load_judgments()), args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
