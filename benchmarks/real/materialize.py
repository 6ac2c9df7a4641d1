"""Copy the real-world corpus out of the fetched mirrors into benchmarks/real/corpus/ (git-ignored).

For every site of MANIFEST.yaml: its articles (a seeded choice of at most `max_articles` among
the files its globs name, at its pinned commit, with enough English prose) go to
corpus/<half>/<owner+name>/<path>, and its templates to corpus/_templates/<half>/<owner+name>/.
corpus/index.json lists what was written. The same manifest and mirrors give the same files on
every machine; nothing is downloaded.

Usage:  python benchmarks/real/materialize.py [--mirrors DIR] [--check] [--manifest FILE] [--corpus DIR]
  --check      only report which mirrors or commits are missing
  --manifest   another manifest (default MANIFEST.yaml beside this script)
  --corpus     another output folder (default corpus/ beside this script); it is replaced
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realcorpus import (CORPUS, MANIFEST, Source, git_dir, has_commit, load_manifest, looks_english,  # noqa: E402
                        matches, mirrors_dir, prose_words, read_blob, stable_rank, tree_files)

TEMPLATE_SUFFIXES = (".html", ".htm", ".njk", ".liquid", ".astro", ".jsx", ".tsx", ".js", ".ts", ".vue",
                     ".md", ".mdx", ".yml", ".yaml", ".json", ".hbs", ".mustache", ".svelte", ".txt")
MAX_TEMPLATE_BYTES = 300_000


def missing_sources(sources: list[Source], mirrors: Path) -> list[str]:
    problems = []
    for s in sources:
        gd = git_dir(s, mirrors)
        if gd is None:
            problems.append(f"{s.repo}: no mirror at {mirrors / s.slug / 'repo'} (fetch github:{s.repo})")
        elif not has_commit(gd, s.commit):
            problems.append(f"{s.repo}: the mirror lacks commit {s.commit} (fetch github:{s.repo} again)")
    return problems


def choose_articles(s: Source, gd: Path) -> list[tuple[str, bytes, int]]:
    """(path, bytes, words) of the articles kept for a site, in a seeded order."""
    candidates = []
    for path in tree_files(gd, s.commit):
        if not matches(path, s.articles) or matches(path, s.exclude):
            continue
        data = read_blob(gd, s.commit, path)
        text = data.decode("utf-8", "replace")
        words = prose_words(text)
        if not s.min_words <= len(words) <= s.max_words or not looks_english(words):
            continue
        if s.require_words:
            lower = {w.lower() for w in words}
            if sum(1 for w in s.require_words if w in lower) < 3:
                continue
        candidates.append((path, data, len(words)))
    candidates.sort(key=lambda c: stable_rank(s.repo, c[0]))
    return sorted(candidates[: s.max_articles])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirrors", type=Path, default=None)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    mirrors = args.mirrors or mirrors_dir()
    corpus = args.corpus
    sources = load_manifest(args.manifest)
    problems = missing_sources(sources, mirrors)
    if problems:
        print(f"{len(problems)} of {len(sources)} sources cannot be read from {mirrors}:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        if args.check or len(problems) == len(sources):
            return 1
        print("materializing the others", file=sys.stderr)
    elif args.check:
        print(f"all {len(sources)} sources present in {mirrors}")
        return 0
    missing = {p.split(":", 1)[0] for p in problems}
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    index = {"sites": [], "articles": [], "templates": []}
    for s in sources:
        if s.repo in missing:
            continue
        gd = git_dir(s, mirrors)
        kept = [] if s.chrome_only else choose_articles(s, gd)
        for path, data, words in kept:
            local = Path(s.half) / s.slug / path
            (corpus / local).parent.mkdir(parents=True, exist_ok=True)
            (corpus / local).write_bytes(data)
            index["articles"].append({"site": s.repo, "half": s.half, "path": path, "local": str(local),
                                      "words": words, "sha1": hashlib.sha1(data).hexdigest()})
        n_templates = 0
        for path in tree_files(gd, s.commit):
            if not s.templates or not matches(path, s.templates) or "node_modules/" in path:
                continue
            if not path.lower().endswith(TEMPLATE_SUFFIXES):
                continue
            data = read_blob(gd, s.commit, path)
            if len(data) > MAX_TEMPLATE_BYTES or b"\0" in data[:4096]:
                continue
            local = Path("_templates") / s.half / s.slug / path
            (corpus / local).parent.mkdir(parents=True, exist_ok=True)
            (corpus / local).write_bytes(data)
            if not s.chrome_only:  # also where the site keeps it: includes and layouts a page pulls in
                beside = corpus / s.half / s.slug / path
                if not beside.exists():
                    beside.parent.mkdir(parents=True, exist_ok=True)
                    beside.write_bytes(data)
            index["templates"].append({"site": s.repo, "half": s.half, "path": path, "local": str(local)})
            n_templates += 1
        index["sites"].append({"repo": s.repo, "half": s.half, "kind": s.kind, "builder": s.builder,
                               "spelling": s.spelling, "chrome_only": s.chrome_only,
                               "articles": len(kept), "words": sum(w for _, _, w in kept),
                               "templates": n_templates})
        if not s.chrome_only:
            print(f"  {s.half:8} {s.repo:58} {len(kept):4d} articles {sum(w for _, _, w in kept):7d} words "
                  f"{n_templates:4d} templates")
    (corpus / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False), encoding="utf-8")
    article_sites = [x for x in index["sites"] if not x["chrome_only"]]
    for half in ("tune", "heldout"):
        arts = [a for a in index["articles"] if a["half"] == half]
        sites = {a["site"] for a in arts}
        print(f"{half}: {len(sites)} sites, {len(arts)} articles, {sum(a['words'] for a in arts)} words")
    print(f"{len(article_sites)} article sites, {len(index['sites'])} sources in all, "
          f"{len(index['articles'])} articles, {len(index['templates'])} template files -> {corpus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
