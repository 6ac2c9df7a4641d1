"""`boilerplate` kind: text pasted from a website's chrome (policies, badges, navigation,
comment sections, author bios, ads) instead of the article.

A scored classifier whose knowledge is all in the pack: each category lists phrases with
weights (its vocabulary) and weights for named signals. A signal is either a set of patterns
defined in the pack (`signals:`) or one of the built-in measures below, each a number from 0
to 1. A block's score in a category is the sum of its matched phrase weights (each phrase
counted once) plus each signal's value times its weight; the block is flagged with the best
category whose score reaches the threshold, and only when it matched some of that category's
vocabulary, so generic signals alone (a paragraph that says "you") never flag anything.
Categories marked `inline` flag just the matched words (e.g. "BACK TO TEXT" glued to the end
of a paragraph)."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable

import regex

from ..errors import PackError
from ..model import Block, Document, Finding
from ..patterns import ChunkedAlternation, LiteralScanner, compile_alternation, compile_pattern, required_literals
from ..pages import is_site_page as _is_site_page
from ..pages import page_title as _title
from ..words import words
from .base import PROSE_KINDS, RuleKind, at_least, between, list_of, mapping_of
from ..patterns import compile_cached as _compile  # remembered between runs (memo.py)

_SECOND = frozenset("you your yours yourself yourselves you're you've you'll you'd".split())
_FIRST_SINGULAR = frozenset("i me my mine myself i'm i've i'll i'd im ive".split())
_THIRD_SINGULAR = frozenset("he she his her him hers himself herself he's she's".split())
_FIRST_PLURAL = frozenset("we us our ours ourselves we're we've we'll".split())
_FIRST_PERSON = _FIRST_SINGULAR | _FIRST_PLURAL
_FUNCTION = frozenset("a an the of to in on for and or with by at from your our my you we is are be as it this that".split())
# Verbs that open a button, a link or a call to action: "Book Online Now", "Call Us", "See More Reviews".
_CTA_VERBS = frozenset("""book call schedule contact request claim join subscribe download shop order buy chat email
sign register log reserve enquire inquire whatsapp follow share""".split())
_CONTACT = _compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail address
    r"|(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]\d{3,4}[\s.-]\d{3,4}\b"  # phone number
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s?\s*[:\-–]\s*\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)"  # opening hours
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"  # UK postcode
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canadian postcode
    r"|,\s*(?:[A-Z]{2})\s+\d{5}(?:-\d{4})?\b"  # US state and ZIP
    r"|\b(?:unit|suite|ste\.?|floor|building)\s+[A-Z]?-?\d+"  # unit, suite
    r"|\b\d{1,5}\s+(?:[A-Z][\w.]*\s+){1,4}(?:st|street|rd|road|ave|avenue|blvd|boulevard|dr|drive|way|lane|ln|ct|court|pl|place|hwy|highway|pkwy|parkway)\b\.?",
    regex.I)
# Contractions typed without the apostrophe, as in hurried comment posts.
_BARE_CONTRACTIONS = frozenset("im ive dont cant couldnt wouldnt shouldnt doesnt didnt isnt wasnt wont thats whats".split())


def _rate(tokens: list[str], vocabulary: frozenset, full_at: float) -> float:
    if not tokens:
        return 0.0
    hits = sum(1 for t in tokens if t in vocabulary)
    return min(1.0, hits / len(tokens) / full_at)


class _BlockFeatures:
    """Built-in signals of one block, computed on first use."""

    def __init__(self, block: Block, index: int, count: int, topic: Callable[[], frozenset] | None = None,
                 voice: Callable[..., tuple[int, int] | None] | None = None,
                 prose_length: Callable[[], float] | None = None,
                 body_words: Callable[[], frozenset] | None = None):
        self.block = block
        self.index = index
        self.count = count
        self.topic = topic
        self.voice = voice
        self.prose_length = prose_length
        self.body_words = body_words
        self._tokens: list[str] | None = None
        self._raw: list[str] | None = None

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._raw = [w for _, _, w in words(self.block.text)]
            self._tokens = [w.casefold().replace("’", "'") for w in self._raw]
        return self._tokens

    def second_person(self) -> float:
        return _rate(self.tokens, _SECOND, 0.06)

    def first_person(self) -> float:
        return _rate(self.tokens, _FIRST_SINGULAR, 0.05)

    def first_person_plural(self) -> float:
        return _rate(self.tokens, _FIRST_PLURAL, 0.04)

    def third_person(self) -> float:
        return _rate(self.tokens, _THIRD_SINGULAR, 0.05)

    def site_voice(self) -> float:
        """The site speaking to its visitor: "we" and "you" in the same block."""
        return min(self.first_person_plural(), self.second_person())

    def informal(self) -> float:
        """Lower-case "i" and contractions without apostrophes: typed comments, not edited copy."""
        self.tokens
        hits = sum(1 for w in self._raw if w == "i") + sum(1 for t in self.tokens if t in _BARE_CONTRACTIONS)
        return min(1.0, hits / 3)

    def questions(self) -> float:
        return min(1.0, self.block.text.count("?") / 2)

    def link_density(self) -> float:
        text = self.block.text
        if not text:
            return 0.0
        return min(1.0, sum(link.end - link.start for link in self.block.links) / len(text))

    def short(self) -> float:
        return 1.0 if len(self.tokens) <= 12 else 0.0

    def edge(self) -> float:
        """First or last two prose blocks of the draft, where page chrome is pasted."""
        return 1.0 if self.index < 2 or self.index >= self.count - 2 else 0.0

    def ui_string(self) -> float:
        """A button, a link or a label: a few words, mostly capitalized, no full stop ("Book
        Online Now", "See More Reviews", "Hours of Operation")."""
        if self.block.kind in ("heading", "list_item", "table_cell"):
            return 0.0  # headings, list steps and table cells are short and capitalized by nature
        raw = [w for _, _, w in words(self.block.text)]
        text = self.block.text.rstrip()
        if not raw or len(raw) > 8 or text.endswith((".", ";", ",", ":")):
            return 0.0  # (a label ending in a colon introduces the article's own list)
        content = [w for w in raw if w.casefold() not in _FUNCTION] or raw
        capitalized = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
        if capitalized >= 0.6 * len(content):
            return 1.0
        # a sentence-case button or label standing alone as a paragraph ("Call my office")
        return 0.7 if self.block.kind == "paragraph" and len(raw) <= 6 and not text.endswith(("?", "!")) else 0.0

    def imperative(self) -> float:
        """Opens with a call-to-action verb ("Book", "Call", "Schedule", "See")."""
        tokens = self.tokens
        return 1.0 if tokens and tokens[0] in _CTA_VERBS and self.block.kind != "heading" else 0.0

    def closing(self) -> float:
        """One of the draft's last three prose blocks, written as sentences: where an article ends with its own
        call to action ("Book your assessment today..."), not a pasted button."""
        return 1.0 if self.index >= self.count - 3 and self.ui_string() == 0 and self.block.kind != "heading" else 0.0

    def contact(self) -> float:
        """Contact details: e-mail addresses, phone numbers, opening hours, postcodes, streets."""
        return min(1.0, sum(1 for _ in _CONTACT.finditer(self.block.text)) / 1.0)

    def sentence(self) -> float:
        """Written as a full sentence (eight words or more, ending in a full stop): the site's
        own words more often than a pasted button."""
        text = self.block.text.rstrip(" *_")
        return 1.0 if len(self.tokens) >= 8 and text.endswith((".", "!")) else 0.0

    def on_topic(self) -> float:
        """Names the draft's own subject: an uncommon word of its title that the body keeps
        using ("Book your knee assessment today" in an article on knee pain). A booking button
        pasted from a clinic's templates is the same on every page and names no condition."""
        topic = self.topic() if self.topic is not None else frozenset()
        return 1.0 if topic and any(_stem(t) in topic for t in self.tokens) else 0.0

    def about_article(self) -> float:
        """A paragraph (30 words or more) that speaks of the article itself ("if what you've read
        here sounds familiar", "if this post has you thinking"): the writer's own closing, not
        a widget pasted from the site."""
        return 1.0 if len(self.tokens) >= 30 and _SELF_REFERENCE.search(self.block.text) else 0.0

    def foreign_voice(self) -> float:
        """Speaks as a person or a site ("we", "our", "I", "my") in a draft that otherwise does
        not (no other paragraph does): the agency article's third-person prose with
        a clinic's "Book with us" or a blogger's "I started this blog" pasted into it. Not for a
        quotation, a paragraph of more than 30 words, or one that speaks of the article itself."""
        return self._foreign(30)

    def foreign_story(self) -> float:
        """foreign_voice for a first-person story of up to 80 words: a patient's review, a
        reader's comment, a practitioner's "I'm ... I started ..." bio. Those are told in the
        first person at any length; a policy or a booking line that long is running prose."""
        return self._foreign(80)

    def _foreign(self, limit: int) -> float:
        tokens = self.tokens
        if self.block.kind == "quote" or len(tokens) > limit:
            return 0.0  # a quotation speaks in its own voice; a paragraph of running prose is the article's
        if _SELF_REFERENCE.search(self.block.text):
            return 0.0  # "why we wrote this explainer": the writers speaking of their own article
        first_line = self.block.text.strip().split("\n", 1)[0]
        if "?" in first_line[:200]:
            return 0.0  # an FAQ question, asked in the reader's voice ("Should I stop running?")
        if _FIRST_PERSON.isdisjoint(tokens):
            return 0.0
        found = self.voice(self.block) if self.voice is not None else None
        if found is None:
            return 0.0  # a disclaimer ("I am not a doctor"), which any article may carry
        speaking, paragraphs = found
        # the share of the draft's other paragraphs that speak so (this one does)
        share = (speaking - 1) / (paragraphs - 1) if paragraphs > 1 else 1.0
        return 1.0 if paragraphs >= 3 and share == 0 else 0.0

    def own_voice(self) -> float:
        """The rest of the draft speaks as its writer (two or more of its other paragraphs, and at
        least a sixth of them, say "I", "we" or "our"): a clinic's or a blogger's own article,
        whose closing call to action or contact line is the writer's own, not pasted chrome. The
        third-person article of an agency, where such a line is foreign, never scores."""
        found = self.voice(self.block, True) if self.voice is not None else None
        if found is None:
            return 0.0
        speaking, paragraphs = found
        others = speaking - (0 if _FIRST_PERSON.isdisjoint(self.tokens) else 1)
        return 1.0 if others >= 2 and others * 6 >= paragraphs - 1 else 0.0

    def stray_label(self) -> float:
        """A label standing alone among paragraphs of prose: a paragraph of six words or fewer
        with no full stop ("View all results", "Have a question?", "Call or text:") in a draft
        whose paragraphs run to 15 words or more (the median). A draft of short lines (a
        checklist, a card) is not prose, and a heading or a list item is the article's structure."""
        if self.block.kind != "paragraph" or self.prose_length is None:
            return 0.0
        text = self.block.text.strip()
        if not text or len(self.tokens) > 6 or text.endswith((".", ";", ",")) or "\n" in text:
            return 0.0
        return 1.0 if self.prose_length() >= 15 else 0.0

    def orphan_heading(self) -> float:
        """A heading that names nothing the draft's paragraphs discuss: none of its words of four
        letters or more (but the most general) appears in the body. An article's own headings
        share their words with the text under them ("Symptoms of asthma"); a heading pasted
        from a policy or an account page ("Changes to This Notice") does not."""
        if self.block.kind != "heading" or self.body_words is None:
            return 0.0
        mine = {_stem(t) for t in self.tokens if len(t) >= 4 and t not in _FUNCTION and t not in _GENERIC_TITLE}
        if not mine:
            return 0.0
        return 0.0 if mine & self.body_words() else 1.0

    def long_prose(self) -> float:
        """A paragraph of running prose (more than 40 words): a keyword in it is no evidence."""
        n = len(self.tokens)
        return 0.0 if n <= 40 else min(1.0, (n - 40) / 40)


_SELF_REFERENCE = _compile(
    r"\b(?:this|the above|today.s) (?:article|post|blog post|guide|piece|explainer|overview|series)\b|what you(?:.ve| have) (?:just )?read"
    r"|you(?:.ve| have) (?:just )?read|(?:nodding along|recogni[sz]e yourself) (?:to|in) this", regex.I)
# Title words too general to name a draft's subject: they are in every page's chrome too.
_GENERIC_TITLE = frozenset("""about after before best better between body care causes clinic common complete cure
does doing down during every explained facts from guide happening health healthy help helps home into know life
living long more most much need needs options over really relief recovery signs should simple start symptoms
telling than that their them then there these they thing things this those tips treatment treatments treat
understanding what when where which while why will with without work works your yours really ways""".split())


def _stem(word: str) -> str:
    """A word without its plural or possessive ending: knees, knee's and knee are one."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _topic_words(doc: Document, prose: list[Block]) -> frozenset:
    """The draft's subject: the uncommon words of its title (written less than about fifty times
    in a million words of the web) that its body uses at least twice."""
    title = _title(doc)
    if not title:
        return frozenset()
    from ..dictionary import web_frequencies

    web = web_frequencies()
    candidates = set()
    for _, _, w in words(title):
        lower = w.casefold()
        stem = _stem(lower)
        if len(stem) < 3 or lower in _GENERIC_TITLE or stem in _GENERIC_TITLE or not w.isalpha():
            continue
        if web and web.zipf(lower) >= 4.7:
            continue
        candidates.add(stem)
    if not candidates:
        return frozenset()
    counts = dict.fromkeys(candidates, 0)
    for block in prose:
        for t in {_stem(w.casefold()) for _, _, w in words(block.text)} & candidates:
            counts[t] += 1
    return frozenset(t for t, n in counts.items() if n >= 2)


def _lonely_items(prose: list[Block], reaches: list[bool], share: float) -> set[int]:
    """Indexes of list items and table cells that look like website text while most of their
    list or table (a run of three or more such blocks in a row) does not: a label, a step or a
    heading cell the article wrote, not a pasted menu or footer."""
    lonely: set[int] = set()
    i = 0
    while i < len(prose):
        kind = prose[i].kind
        j = i + 1
        if kind in ("list_item", "table_cell"):
            while j < len(prose) and prose[j].kind == kind:
                j += 1
            run = range(i, j)
            if len(run) >= 3:
                flagged = [k for k in run if reaches[k]]
                if flagged and len(flagged) < share * len(run):
                    lonely.update(flagged)
        i = j
    return lonely


def _top_level_alternation(pattern: str) -> bool:
    """True when `pattern` has a `|` outside every group and character class."""
    return _top_level_alternatives(pattern) is not None


def _top_level_alternatives(pattern: str) -> list[str] | None:
    """`pattern` cut at each `|` outside every group and character class; None without one."""
    depth, in_class, i, cuts = 0, False, 0, []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            cuts.append(i)
        i += 1
    if not cuts:
        return None
    bounds = [-1] + cuts + [len(pattern)]
    return [pattern[a + 1:b] for a, b in zip(bounds, bounds[1:])]


BUILTIN_SIGNALS: dict[str, Callable[[_BlockFeatures], float]] = {
    name: getattr(_BlockFeatures, name)
    for name in ("second_person", "first_person", "first_person_plural", "third_person", "site_voice", "informal", "questions",
                 "link_density", "short", "edge", "ui_string", "imperative", "contact", "long_prose", "closing", "sentence", "on_topic", "about_article",
                 "foreign_voice", "foreign_story", "own_voice", "stray_label", "orphan_heading")
}


def _signal_definition(value) -> str | None:
    """A publisher's signal: {patterns: [regex, ...], full_at: N}, N > 0 (the score is hits / N)."""
    if not isinstance(value, dict) or not isinstance(value.get("patterns"), list):
        return "needs a 'patterns' list"
    full_at = value.get("full_at", 1)
    if isinstance(full_at, bool) or not isinstance(full_at, (int, float)) or full_at <= 0:
        return f"has full_at {full_at!r}; it must be a number above 0"
    return None


class BoilerplateKind(RuleKind):
    OPTIONS = {
        "categories": (list, [], "list of {name, label, phrases: [{pattern, weight}], signals: {name: weight}, "
                                 "threshold, inline}", list_of(dict)),
        "signals": (dict, {}, "named signals defined by patterns: {name: {patterns: [...], full_at: N}}; built in: "
                              + ", ".join(BUILTIN_SIGNALS), mapping_of(str, _signal_definition)),
        "threshold": ((float, int), 1.0, "score at which a block is flagged", at_least(0)),
        "min_vocabulary": ((float, int), 0.25, "a category fires only when its phrases alone score at least this", between(0, 1)),
        "blocks": (list, list(PROSE_KINDS) + ["heading"], "block kinds to check"),
        "required_margin": ((float, int), 0.4, "how much more a required text (a disclaimer, an affiliate "
                                                "disclosure) must score to be reported", at_least(0)),
        "topic_share": ((float, int), 0.4, "a category that this share of a draft's paragraphs reach is the draft's "
                                           "topic (a privacy page), not pasted chrome", between(0, 1)),
        "site_pages": (str, "", "a pattern that a draft's file name or title matching makes it one of the site's own "
                                "pages (privacy, terms, about, contact): its text is the site's, not pasted; only "
                                "inline categories are checked there"),
        "listing_count": (int, 4, "a site element (an address, a booking line) that this many different paragraphs "
                                  "of one draft show is what the draft lists, not pasted chrome", at_least(2)),
        "sibling_share": ((float, int), 0.5, "a list item or table cell is flagged only when at least this share of "
                                             "its list's or table's items (three or more) look like website text too: "
                                             "one label in an authored list or table is the article's", between(0, 1)),
    }

    def prepare(self) -> None:
        rid, where = self.spec.id, self.spec.source
        self.pattern_signals = {}
        for name, spec in self.options["signals"].items():
            if name in BUILTIN_SIGNALS:
                raise PackError(f"rule '{rid}': signal '{name}' is built in; give yours another name", where)
            if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), list):
                raise PackError(f"rule '{rid}': signal '{name}' needs a 'patterns' list", where)
            pats = [self._compile(p) for p in spec["patterns"]]
            self.pattern_signals[name] = (pats, float(spec.get("full_at", 1)))
        self.categories = []
        for i, cat in enumerate(self.options["categories"]):
            if not isinstance(cat, dict) or "name" not in cat or not isinstance(cat.get("phrases"), list):
                raise PackError(f"rule '{rid}': category #{i + 1} needs 'name' and a 'phrases' list", where)
            phrases = []
            for p in cat["phrases"]:
                pattern, weight = (p, 1.0) if isinstance(p, str) else (p.get("pattern"), p.get("weight", 1.0))
                if not isinstance(pattern, str) or not isinstance(weight, (int, float)):
                    raise PackError(f"rule '{rid}': category '{cat['name']}': each phrase needs a 'pattern' "
                                    "and a numeric 'weight'", where)
                case = isinstance(p, dict) and bool(p.get("case_sensitive", False))
                phrases.append((self._compile(pattern, ignore_case=not case), float(weight), required_literals(pattern)))
            signals = cat.get("signals") or {}
            if not isinstance(signals, dict):
                raise PackError(f"rule '{rid}': category '{cat['name']}': 'signals' must map signal names to weights", where)
            for name, weight in signals.items():
                if name not in BUILTIN_SIGNALS and name not in self.pattern_signals:
                    from ..packs import did_you_mean

                    known = list(BUILTIN_SIGNALS) + list(self.pattern_signals)
                    raise PackError(f"rule '{rid}': category '{cat['name']}' uses unknown signal '{name}'"
                                    f"{did_you_mean(name, known)}", where)
                if not isinstance(weight, (int, float)):
                    raise PackError(f"rule '{rid}': signal weight for '{name}' must be a number", where)
            self.categories.append({
                "name": cat["name"], "label": cat.get("label", cat["name"]), "phrases": phrases,
                "signals": {k: float(v) for k, v in signals.items()}, "inline": bool(cat.get("inline", False)),
                "threshold": float(cat.get("threshold", self.options["threshold"])),
                "min_vocabulary": float(cat.get("min_vocabulary", self.options["min_vocabulary"])),
                "headings": bool(cat.get("headings", False)),
                "topic": self._compile(cat["topic"]) if isinstance(cat.get("topic"), str) else None,
                "site_element": bool(cat.get("site_element", False)),
            })
        self.block_kinds = frozenset(self.options["blocks"])
        pages = self.options["site_pages"]
        self.site_pages = compile_pattern(rid, rf"(?:{pages})\Z", where=where) if pages else None
        # All the phrases' required words, found in a block in one pass, and which phrases
        # (category index, phrase index) need each: a phrase none of whose words a block has
        # cannot match there and is not even looked at.
        self.literals = LiteralScanner(lit for cat in self.categories for _, _, lits in cat["phrases"] if lits for lit in lits)
        self.phrases_needing: dict[str, list[tuple[int, int]]] = {}
        self.unconditional: list[tuple[int, int]] = []
        for ci, cat in enumerate(self.categories):
            for pi, (_, _, lits) in enumerate(cat["phrases"]):
                if lits is None:
                    self.unconditional.append((ci, pi))
                for lit in lits or ():
                    self.phrases_needing.setdefault(lit, []).append((ci, pi))

    def _compile(self, pattern: str, ignore_case: bool = True):
        # A phrase anchored at the block's start needs no look-behind, and without one in front
        # the regex engine tries the start only instead of every position.
        wrapped = (rf"(?:{pattern})(?!\w)" if pattern.startswith("^") and not _top_level_alternation(pattern)
                   else rf"(?<!\w)(?:{pattern})(?!\w)")
        whole = compile_pattern(self.spec.id, wrapped, ignore_case=ignore_case, where=self.spec.source)
        # "a|b|c" searched as three patterns, merged to the same first match: the regex module
        # loses its fast paths (a literal prefix) on an alternation. See patterns._merged.
        parts = _top_level_alternatives(pattern) if not wrapped.startswith("(?:^") else None
        if parts is None:
            return whole
        split = compile_alternation(self.spec.id, parts, ignore_case=ignore_case, where=self.spec.source)
        if not isinstance(split, ChunkedAlternation):
            return whole
        # Named as the phrase is in a timeout message, whatever the chunks.
        chunks = tuple((lits, replace(chunk, source=whole.source)) for lits, chunk in split.chunks)
        return replace(split, source=whole.source, compiled=whole.compiled, chunks=chunks)

    def _signal(self, name: str, features: _BlockFeatures, cache: dict) -> float:
        if name not in cache:
            if name in BUILTIN_SIGNALS:
                cache[name] = BUILTIN_SIGNALS[name](features)
            else:
                pats, full_at = self.pattern_signals[name]
                hits = sum(1 for p in pats for _ in p.finditer(features.block.text))
                cache[name] = min(1.0, hits / full_at)
        return cache[name]

    def score(self, block: Block, index: int = 0, count: int = 1, topic: Callable[[], frozenset] | None = None,
              voice: Callable[..., tuple[int, int] | None] | None = None,
              prose_length: Callable[[], float] | None = None, body_words: Callable[[], frozenset] | None = None):
        """(category, score, first match) for every category with any vocabulary match."""
        features = _BlockFeatures(block, index, count, topic, voice, prose_length, body_words)
        cache: dict[str, float] = {}
        text = block.text
        # Which of the phrases' required words the block contains, in one pass over all of them:
        # a phrase none of whose words is present cannot match, and its regex is not run. The
        # casefolded text, as IGNORECASE matching sees it ("ﬁnancial" holds "financial").
        candidates = set(self.unconditional)
        for lit in self.literals.present(text.casefold()):
            candidates.update(self.phrases_needing[lit])
        by_category: dict[int, list[int]] = {}
        for ci, pi in sorted(candidates):  # categories and phrases in pack order
            by_category.setdefault(ci, []).append(pi)
        out = []
        for ci, phrase_indexes in by_category.items():
            cat = self.categories[ci]
            phrases = cat["phrases"]
            vocab, first = 0.0, None
            for pi in phrase_indexes:
                pattern, weight, _ = phrases[pi]
                m = pattern.search(text)
                if m:
                    vocab += weight
                    if first is None or m.start() < first.start():
                        first = m
            if first is None:
                continue
            total = vocab + sum(w * self._signal(n, features, cache) for n, w in cat["signals"].items())
            out.append((cat, vocab, total, first))
        return out

    @staticmethod
    def _reaches(found) -> bool:
        """Whether any category reaches its threshold on a block (before the draft's context)."""
        return any(vocab >= c["min_vocabulary"] and total >= c["threshold"] for c, vocab, total, _ in found)

    def across_drafts(self, diagnostics: list) -> list:
        """A site element (a category marked `site_element`: a review stamp, a booking line, the
        clinic's address) that the rule flags in three or more drafts of the run is the site's own
        convention, not text pasted by accident; recurring text is the template-text rule's."""
        from ..words import normalize_for_comparison

        own = {c["label"] for c in self.categories if c["site_element"]}
        mine = [d for d in diagnostics if any(f"({label})" in d.message for label in own)]
        drafts: dict[str, set[str]] = {}
        for d in mine:
            drafts.setdefault(normalize_for_comparison(d.snippet), set()).add(d.path)
        recurring = {text for text, paths in drafts.items() if len(paths) >= 3}
        if not recurring:
            return diagnostics
        return [d for d in diagnostics
                if not (d in mine and normalize_for_comparison(d.snippet) in recurring)]

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = [b for b in doc.blocks if b.kind in self.block_kinds]
        found_topic: list[frozenset] = []

        def topic() -> frozenset:  # worked out the first time a block asks (few blocks match a call to action)
            if not found_topic:
                found_topic.append(_topic_words(doc, prose))
            return found_topic[0]

        found_voice: list[tuple[int, int]] = []

        from ..zones import required_blocks

        required = required_blocks(doc)  # disclaimers: flagged only on strong evidence of other chrome
        detectors = doc.derived.get("required-detectors", ())

        def voice(block: Block, any_block: bool = False) -> tuple[int, int] | None:
            """(paragraphs that speak in the first person, paragraphs), asked only by a short
            first-person block; None when the block holds a disclaimer, even one that is not most
            of the paragraph (a pasted disclaimer may carry a contact line), unless `any_block`."""
            if not any_block and (id(block) in required or any(d.is_present([block]) for d in detectors)):
                return None
            if not found_voice:
                body = [b for b in prose if b.kind != "heading"]
                speaking = sum(1 for b in body
                               if not _FIRST_PERSON.isdisjoint(w.casefold().replace("\u2019", "'") for _, _, w in words(b.text)))
                found_voice.append((speaking, len(body)))
            return found_voice[0]

        found_length: list[float] = []

        def prose_length() -> float:
            """The median length in words of the draft's paragraphs, asked only by a short block."""
            if not found_length:
                sizes = sorted(len(b.text.split()) for b in prose if b.kind == "paragraph")
                found_length.append(float(sizes[len(sizes) // 2]) if sizes else 0.0)
            return found_length[0]

        found_body: list[frozenset] = []

        def body_words() -> frozenset:
            """The stems of the words of the draft's paragraphs, asked only by a heading."""
            if not found_body:
                found_body.append(frozenset(_stem(w.casefold().replace("\u2019", "'"))
                                            for b in prose if b.kind != "heading" for _, _, w in words(b.text)))
            return found_body[0]

        scored = [self.score(block, index, len(prose), topic, voice, prose_length, body_words)
                  for index, block in enumerate(prose)]
        # A draft that is about a category (a clinic's privacy page, an article on newsletters)
        # is not pasted chrome of it: a category most of the draft's paragraphs reach is left alone.
        reached: dict[str, int] = {}
        distinct: dict[str, set[str]] = {}
        for block, found in zip(prose, scored):
            for cat in {c["name"] for c, vocab, total, _ in found if vocab >= c["min_vocabulary"] and total >= c["threshold"]}:
                reached[cat] = reached.get(cat, 0) + 1
                distinct.setdefault(cat, set()).add(" ".join(block.text.split()).casefold())
        topics = {c for c, n in reached.items() if n >= 3 and n >= self.options["topic_share"] * len(prose)}
        # A site's chrome is pasted once: four different addresses or booking lines in one draft
        # are what the draft lists (a directory of support groups, a clinic's locations).
        topics |= {c["name"] for c in self.categories
                   if c["site_element"] and len(distinct.get(c["name"], ())) >= self.options["listing_count"]}
        title = _title(doc)
        if title:  # a page titled "Privacy Policy" is the privacy policy, not a paste of it
            topics |= {c["name"] for c in self.categories if c["topic"] is not None and c["topic"].search(title)}
        if self.site_pages is not None and _is_site_page(doc, title, self.site_pages):
            topics |= {c["name"] for c in self.categories}  # the site's own page: its chrome is its content
        lonely = _lonely_items(prose, [self._reaches(found) for found in scored], self.options["sibling_share"])
        for index, (block, found) in enumerate(zip(prose, scored)):
            best = None
            inline = []
            if index in lonely:
                found = [f for f in found if f[0]["inline"]]
            extra = self.options["required_margin"] if id(block) in required else 0.0
            for cat, vocab, total, first in found:
                if cat["name"] in topics and not cat["inline"]:
                    continue
                if block.kind == "heading" and not cat["inline"] and not cat["headings"]:
                    continue  # a heading is the article's structure, unless the category says otherwise
                if vocab < cat["min_vocabulary"] or total < cat["threshold"] + extra:
                    continue
                if cat["inline"]:
                    inline.append(Finding(*block.source_span(first.start(), first.end()),
                                          self.message(kind=cat["label"], match=first.group(0))))
                elif best is None or total - cat["threshold"] > best[0]:
                    best = (total - cat["threshold"], cat, first)
            if best is not None:  # the whole paragraph goes: one finding, not one more per leftover in it
                _, cat, first = best
                yield Finding(block.start, block.source_span(0, len(block.text))[1],
                              self.message(kind=cat["label"], match=first.group(0)), removes=True)
            else:
                yield from inline

