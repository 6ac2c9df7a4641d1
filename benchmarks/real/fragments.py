"""Chrome and disclaimer fragments of the real sites, for measuring recall by planting them.

Text blocks are extracted by script from each site's layouts, includes, partials, components and
data files (the text a writer copies by accident from the rendered page), and, for disclaimers,
also from the sites' own articles. Each fragment is identified by a hash of its normalized text:
its text stays in the git-ignored corpus, and only the hash and the label an editor gave it are
committed, in fragment_labels.jsonl.

  python benchmarks/real/fragments.py extract      write corpus/_fragments.jsonl (text, site, path)
  python benchmarks/real/fragments.py review KIND  print proposed fragments of KIND without a label
  python benchmarks/real/fragments.py label < F    record labels, one a line: <id prefix> <kind>
  python benchmarks/real/fragments.py stats        labeled fragments per kind and site

The proposal a script makes (from the file name and a few words) is only a starting point:
a fragment enters the recall measurement once an editor has confirmed or corrected its kind.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realcorpus import CORPUS, HERE, load_index  # noqa: E402

FRAGMENTS = CORPUS / "_fragments.jsonl"
LABELS = HERE / "fragment_labels.jsonl"

CHROME_KINDS = ("footer-copyright", "footer-contact", "cookie-banner", "newsletter-cta", "booking-cta",
                "author-bio", "comment-widget", "share-bar", "badge-accreditation", "last-reviewed",
                "navigation", "privacy-terms", "login-app", "related-posts", "promo-offer")
DISCLAIMER_KINDS = ("disclaimer-medical", "disclaimer-exercise", "disclaimer-supplement")
OTHER_KINDS = ("affiliate-disclosure", "skip")
KINDS = CHROME_KINDS + DISCLAIMER_KINDS + OTHER_KINDS

_BLOCK_TAGS = r"(?:p|div|section|article|aside|footer|header|nav|li|ul|ol|h[1-6]|td|th|tr|table|blockquote|form|button|label|summary|details|figcaption|small|dd|dt|main|option|select|textarea)"
_BLOCK = re.compile(rf"</?{_BLOCK_TAGS}\b[^>]*>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<%.*?%>|\{/\*.*?\*/\}", re.S)
_JSX_EXPR = re.compile(r"\{[^{}]*\}")
_SCRIPT = re.compile(r"<(script|style|svg|code|pre)\b.*?</\1\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_STRING = re.compile(r"(['\"`])((?:(?!\1)[^\\\n]|\\.){12,600})\1")
_ASTRO_FENCE = re.compile(r"\A---\n.*?\n---\n", re.S)
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")
CODE_HINT = re.compile(r"(?:=>|\bconst\b|\bfunction\b|className|\bimport\b|\breturn\b|[{};]\s*$|\w\(|\)\s*\{|\bvar\(|px\b|rem\b|#[0-9a-f]{3,6}\b|https?://\S+$)", re.I)


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fragment_id(text: str) -> str:
    return hashlib.sha1(normalize(text).casefold().encode("utf-8")).hexdigest()[:12]


_UTILITY_CLASS = re.compile(r"^[a-z0-9:/\[\]._%#-]*[-:][a-z0-9:/\[\]._%#-]*$")


def _prose(text: str) -> bool:
    words = _WORDS.findall(text)
    if not 3 <= len(words) <= 160:
        return False
    tokens = text.split()
    if sum(1 for tok in tokens if _UTILITY_CLASS.match(tok)) >= 0.4 * len(tokens):
        return False  # a class list ("mt-4 text-sm text-gray-500"), not text
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    return not CODE_HINT.search(text)


def blocks_of_markup(source: str) -> list[str]:
    """Block-level text of an HTML-like template (HTML, Liquid, Nunjucks, Astro, JSX)."""
    source = _ASTRO_FENCE.sub("", source)
    source = _SCRIPT.sub(" ", _COMMENT.sub(" ", source))
    source = _TEMPLATE.sub(" ", source)
    out = []
    for piece in _BLOCK.split(source):
        piece = _JSX_EXPR.sub(" ", _TAG.sub(" ", piece))
        piece = normalize(html.unescape(piece))
        if _prose(piece):
            out.append(piece)
    return out


def strings_of_code(source: str) -> list[str]:
    """String literals that read as prose (chrome text kept in component props and data)."""
    out = []
    for m in _STRING.finditer(source):
        text = normalize(html.unescape(_TAG.sub(" ", m.group(2).replace("\\n", " "))))
        if " " in text and _prose(text) and not re.search(r"^[\w/.-]+$|\.(?:png|jpe?g|svg|webp|css|js)\b", text):
            out.append(text)
    return out


def extract_template(path: str, source: str) -> list[str]:
    lower = path.lower()
    if lower.endswith((".md", ".mdx", ".txt")):
        body = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)
        return [normalize(p) for p in re.split(r"\n\s*\n", _TAG.sub(" ", body)) if _prose(normalize(p))]
    texts = []
    if lower.endswith((".html", ".htm", ".njk", ".liquid", ".astro", ".jsx", ".tsx", ".vue", ".hbs", ".mustache", ".svelte")):
        texts.extend(blocks_of_markup(source))
    if lower.endswith((".astro", ".jsx", ".tsx", ".js", ".ts", ".vue", ".svelte", ".json", ".yml", ".yaml")):
        texts.extend(strings_of_code(source))
    if lower.endswith((".yml", ".yaml")):
        texts.extend(normalize(v) for v in re.findall(r":\s+([^'\"\n{[][^\n]{12,})$", source, re.M) if _prose(normalize(v)))
    return texts


# --- proposals: where a fragment probably belongs (an editor confirms or corrects) ----------------

PROPOSE = [
    ("disclaimer-supplement", r"food and drug administration|not intended to diagnose, treat, cure|fda has not evaluated"),
    ("disclaimer-exercise", r"(?:before (?:starting|beginning) (?:any|a|this|these|an?) (?:new )?(?:exercise|workout|training|fitness|program))|stop (?:exercising|the exercise|immediately) if"),
    ("disclaimer-medical", r"medical advice|substitute for|not a replacement for|(?:informational|educational|general information) (?:purposes|only)|consult (?:your|a|with)|not intended to (?:diagnose|replace|provide)|talk (?:to|with) your (?:doctor|healthcare)|does not (?:replace|constitute)"),
    ("affiliate-disclosure", r"commission|affiliate"),
    ("cookie-banner", r"cookie"),
    ("newsletter-cta", r"newsletter|subscribe|inbox|sign up for (?:our|updates)|mailing list"),
    ("booking-cta", r"book (?:an? |your )?(?:appointment|consult|session|online|now)|schedule (?:an? |your )?(?:appointment|consult|visit)|call (?:us|today|now)|request an appointment|free consultation"),
    ("comment-widget", r"leave a (?:comment|reply)|comments?\b|reply\b|disqus"),
    ("share-bar", r"\bshare\b|tweet|facebook|pinterest|linkedin|print this|email this"),
    ("author-bio", r"\babout the author\b|\bwritten by\b|\bi am a\b|\bi'm a\b|\bmy name is\b|years of experience|is a (?:registered|licensed|certified)"),
    ("last-reviewed", r"last (?:updated|reviewed|modified)|medically reviewed|reviewed by|updated on"),
    ("badge-accreditation", r"accredit|certified by|member of|registered with|verified|award|trusted by|hipaa|legitscript|honcode"),
    ("footer-copyright", r"©|copyright|all rights reserved"),
    ("footer-contact", r"\bphone\b|\bemail\b|\baddress\b|opening hours|\bmon(?:day)?\b.*\bfri|suite \d|\bst(?:reet)?\b.*\d{4,5}"),
    ("privacy-terms", r"privacy|terms (?:of|and)|personal (?:data|information)|gdpr"),
    ("login-app", r"log ?in|sign in|download (?:the|our) app|app store|google play|create an account"),
    ("related-posts", r"related (?:posts|articles)|you (?:may|might) also|read more|recommended reading|more from"),
    ("promo-offer", r"discount|promo code|% off|free shipping|save \d|limited time|offer"),
    ("navigation", r"skip to|back to (?:top|home)|\bhome\b|\bmenu\b|breadcrumb|previous|next|go to"),
]
PATH_HINTS = [
    ("cookie-banner", r"cookie|consent"), ("newsletter-cta", r"newsletter|subscribe|signup"),
    ("booking-cta", r"book|appointment|cta|contact-?form"), ("author-bio", r"author|bio|byline|about-?me"),
    ("comment-widget", r"comment|disqus"), ("share-bar", r"share|social"), ("last-reviewed", r"review|updated|meta"),
    ("footer-copyright", r"footer"), ("navigation", r"nav|header|menu|breadcrumb"),
    ("badge-accreditation", r"badge|trust|accredit|certif"), ("disclaimer-medical", r"disclaimer"),
    ("related-posts", r"related"), ("privacy-terms", r"privacy|terms|legal"), ("promo-offer", r"offer|promo|deal"),
]


def propose(path: str, text: str) -> str | None:
    lower = text.lower()
    for kind, pat in PROPOSE[:4]:  # the required texts first: they decide for themselves
        if re.search(pat, lower):
            return kind
    for kind, pat in PATH_HINTS:
        if re.search(pat, path.lower()):
            return kind
    for kind, pat in PROPOSE[4:]:
        if re.search(pat, lower):
            return kind
    return None


DISCLAIMER_CUE = re.compile(PROPOSE[2][1] + "|" + PROPOSE[0][1] + "|" + PROPOSE[1][1], re.I)


def extract() -> int:
    index = load_index()
    rows: dict[str, dict] = {}
    for t in index["templates"]:
        source = (CORPUS / t["local"]).read_text(encoding="utf-8", errors="replace")
        for text in extract_template(t["path"], source):
            fid = fragment_id(text)
            if fid not in rows:
                rows[fid] = {"id": fid, "site": t["site"], "half": t["half"], "path": t["path"], "origin": "template",
                             "proposed": propose(t["path"], text), "text": text}
    # Disclaimers the sites put in their articles (a closing paragraph, a notice box).
    for a in index["articles"]:
        source = (CORPUS / a["local"]).read_text(encoding="utf-8", errors="replace")
        for para in re.split(r"\n\s*\n", source):
            text = _JSX_EXPR.sub(" ", _TAG.sub(" ", _COMMENT.sub(" ", para)))
            text = normalize(html.unescape(re.sub(r"^\s*(?:[-*+>#]+|\d+\.)\s*|[*_]{1,3}", " ", text, flags=re.M)))
            if not _prose(text) or not DISCLAIMER_CUE.search(text) or len(_WORDS.findall(text)) > 90:
                continue
            kind = propose(a["path"], text)
            if kind not in DISCLAIMER_KINDS:
                continue
            fid = fragment_id(text)
            if fid not in rows:
                rows[fid] = {"id": fid, "site": a["site"], "half": a["half"], "path": a["path"], "origin": "article",
                             "proposed": kind, "text": text}
    with FRAGMENTS.open("w", encoding="utf-8") as out:
        for r in sorted(rows.values(), key=lambda r: (r["site"], r["path"], r["id"])):
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = Counter(r["proposed"] for r in rows.values())
    print(f"{len(rows)} fragments from {len({r['site'] for r in rows.values()})} sites -> {FRAGMENTS}")
    for kind, n in counts.most_common():
        print(f"  {kind or '(none)':22} {n}")
    return 0


_EN_STOP = frozenset("the and of to a in is you for that with are your it be on or as can this by from at an if not "
                     "we our us may will".split())


def english(text: str) -> bool:
    words = [w.lower() for w in _WORDS.findall(text)]
    if len(words) < 6:
        return all(ord(c) < 0x250 for c in text)
    return sum(1 for w in words if w in _EN_STOP) >= 0.15 * len(words) and all(ord(c) < 0x250 or not c.isalpha() for c in text)


def load_fragments() -> list[dict]:
    if not FRAGMENTS.is_file():
        raise SystemExit(f"{FRAGMENTS} is missing: run `python benchmarks/real/fragments.py extract`")
    return [json.loads(line) for line in FRAGMENTS.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_labels(path: Path = LABELS) -> dict[str, dict]:
    out = {}
    if path.is_file():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                if rec.get("kind") not in KINDS or not rec.get("id"):
                    raise SystemExit(f"{path}:{n}: a label needs an id and a kind of {', '.join(KINDS)}")
                out[rec["id"]] = rec
    return out


def labeled_fragments() -> list[dict]:
    """Fragments an editor has labeled, with their kind (skipped ones left out)."""
    labels = load_labels()
    out = []
    for f in load_fragments():
        rec = labels.get(f["id"])
        if rec and rec["kind"] != "skip":
            out.append({**f, "kind": rec["kind"]})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract")
    review = sub.add_parser("review")
    review.add_argument("kind")
    review.add_argument("--n", type=int, default=60)
    review.add_argument("--width", type=int, default=170)
    review.add_argument("--per-site", type=int, default=1000, help="at most this many of one site")
    sub.add_parser("label")
    sub.add_parser("stats")
    args = parser.parse_args(argv)
    if args.cmd == "extract":
        return extract()
    labels = load_labels()
    if args.cmd == "review":
        todo = [f for f in load_fragments() if f["id"] not in labels and (f["proposed"] or "none") == args.kind
                and english(f["text"])]
        # round-robin over sites, so that one site's thirty footers do not fill the page
        by_site = defaultdict(list)
        for f in todo:
            by_site[f["site"]].append(f)
        ordered = []
        while any(by_site.values()):
            for site in sorted(by_site):
                if by_site[site]:
                    f = by_site[site].pop(0)
                    if sum(1 for g in ordered if g["site"] == site) < args.per_site:
                        ordered.append(f)
        for f in ordered[: args.n]:
            print(f"{f['id'][:8]} {f['site'].split('/')[0][:14]:14} {Path(f['path']).name[:22]:22} {f['text'][:args.width]}")
        print(f"({len(todo)} unlabeled)")
        return 0
    if args.cmd == "label":
        by_prefix = {f["id"][:8]: f for f in load_fragments()}
        n = 0
        with LABELS.open("a", encoding="utf-8") as out:
            for line in sys.stdin:
                parts = line.split()
                if not parts or line.startswith("#"):
                    continue
                f = by_prefix.get(parts[0][:8])
                kind = parts[1] if len(parts) > 1 else ""
                if f is None or kind not in KINDS:
                    print(f"skipped: {line.strip()}", file=sys.stderr)
                    continue
                out.write(json.dumps({"id": f["id"], "site": f["site"], "kind": kind}) + "\n")
                n += 1
        print(f"{n} labels recorded in {LABELS}")
        return 0
    frags = labeled_fragments()
    by_kind = defaultdict(set)
    for f in frags:
        by_kind[f["kind"]].add(f["site"])
    chrome = [f for f in frags if f["kind"] in CHROME_KINDS]
    disc = [f for f in frags if f["kind"] in DISCLAIMER_KINDS]
    for kind in KINDS:
        n = sum(1 for f in frags if f["kind"] == kind)
        if n:
            print(f"  {kind:22} {n:4d} fragments from {len(by_kind[kind]):2d} sites")
    print(f"chrome: {len(chrome)} fragments, {len({f['kind'] for f in chrome})} kinds, {len({f['site'] for f in chrome})} sites")
    print(f"disclaimers: {len(disc)} fragments from {len({f['site'] for f in disc})} sites")
    return 0


if __name__ == "__main__":
    sys.exit(main())
