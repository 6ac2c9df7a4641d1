"""What `healthlint init` finds out about a project: the site builder (Jekyll, Hugo, Astro,
Eleventy, Gatsby, Next or none), where the drafts are, what build output to skip, and which
layout partials or components carry a disclaimer every page gets. The starter config it writes
sets only what matches the project; every other setting is there but commented out."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

_DISCLAIMER_CUE = re.compile(
    r"medical advice|substitute for (?:professional|medical)|not intended to (?:diagnose|replace)|"
    r"informational purposes|educational purposes|food and drug administration", re.I)
_TEMPLATE_SUFFIXES = (".html", ".htm", ".liquid", ".njk", ".astro", ".jsx", ".tsx", ".vue", ".svelte", ".hbs", ".md", ".mdx")


@dataclass
class Project:
    builder: str = "none"
    evidence: str = ""
    content: list[str] = field(default_factory=list)  # library globs
    exclude: list[str] = field(default_factory=list)  # build output
    provided: list[tuple[str, list[str]]] = field(default_factory=list)  # (file, paths)
    follows_includes: bool = False  # Jekyll/Eleventy includes and layouts are followed anyway


def _exists(root: str, *names: str) -> str | None:
    for name in names:
        if os.path.exists(os.path.join(root, name)):
            return name
    return None


def _has_drafts(root: str, folder: str) -> bool:
    from .readers import FORMATS_BY_SUFFIX

    base = os.path.join(root, folder)
    if not os.path.isdir(base):
        return False
    for _, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        if any(os.path.splitext(f)[1].lower() in FORMATS_BY_SUFFIX for f in files):
            return True
    return False


def _disclaimer_files(root: str, folders: list[str], limit: int = 400) -> list[str]:
    """Template files under `folders` that hold disclaimer wording (a footer partial, say)."""
    out, seen = [], 0
    for folder in folders:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            continue
        for here, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
            for name in sorted(files):
                if not name.lower().endswith(_TEMPLATE_SUFFIXES):
                    continue
                seen += 1
                if seen > limit:
                    return out
                path = os.path.join(here, name)
                try:
                    with open(path, "rb") as handle:
                        text = handle.read(200_000).decode("utf-8", "replace")
                except OSError:
                    continue
                if _DISCLAIMER_CUE.search(text):
                    out.append(os.path.relpath(path, root).replace(os.sep, "/"))
    return out


# Where sites keep the chrome every page gets: layouts, partials, components. Not Jekyll's and
# Eleventy's _includes and _layouts: site.py follows those exactly, from the draft's own include
# tags and layout, so a disclaimer include only some posts use covers only those.
CHROME_FOLDERS = ("layouts/partials", "layouts/_default", "layouts", "src/layouts", "src/components", "components",
                  "src/partials", "partials")


def site_disclaimer_files(root: str = ".") -> list[str]:
    """The site's layout, include, partial and component files that hold disclaimer wording,
    relative to `root` (a theme's partials too): what a site adds to its pages around a draft.
    Used when no config says what the site provides."""
    folders = list(CHROME_FOLDERS) + [f"themes/{t}/layouts" for t in _subfolders(root, "themes")]
    found: list[str] = []
    for f in _disclaimer_files(root, folders):
        if f not in found:
            found.append(f)
    return found


def detect(root: str = ".") -> Project:
    p = Project()
    if _exists(root, "_config.yml", "_config.yaml") and _exists(root, "_posts", "_layouts", "_includes", "Gemfile"):
        p.builder, p.evidence = "jekyll", "_config.yml"
        p.content = [f"{d}/**" for d in ("_posts", "_drafts", "pages", "_pages", "docs") if _has_drafts(root, d)] or ["**/*.md"]
        p.exclude = ["_site/**", "vendor/**", ".jekyll-cache/**"]
        p.follows_includes = True
    elif (found := _exists(root, "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml")) and os.path.isdir(os.path.join(root, "content")):
        p.builder, p.evidence = "hugo", found
        p.content = ["content/**"]
        p.exclude = ["public/**", "resources/**"]
        partials = ["layouts/partials", "layouts/_default"] + [f"themes/{t}/layouts/partials"
                                                               for t in _subfolders(root, "themes")]
        p.provided = [(f, ["content/**"]) for f in _disclaimer_files(root, partials)]
    elif found := _exists(root, "astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.cjs"):
        p.builder, p.evidence = "astro", found
        p.content = [f"{d}/**" for d in ("src/content", "src/pages") if _has_drafts(root, d)] or ["src/**"]
        p.exclude = ["dist/**", ".astro/**"]
        p.provided = [(f, [p.content[0]]) for f in _disclaimer_files(root, ["src/components", "src/layouts"])]
    elif found := _exists(root, ".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"):
        p.builder, p.evidence = "eleventy", found
        p.content = ["**/*.md"]
        p.exclude = ["_site/**"]
        p.follows_includes = True
    elif found := _exists(root, "gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"):
        p.builder, p.evidence = "gatsby", found
        p.content = [f"{d}/**" for d in ("content", "src/content", "src/pages", "blog", "posts") if _has_drafts(root, d)]
        p.exclude = ["public/**", ".cache/**"]
        p.provided = [(f, p.content[:1] or ["**"]) for f in _disclaimer_files(root, ["src/components"])]
    elif found := _exists(root, "next.config.js", "next.config.mjs", "next.config.ts"):
        p.builder, p.evidence = "next", found
        p.content = [f"{d}/**" for d in ("content", "posts", "src/content", "data/blog", "pages") if _has_drafts(root, d)]
        p.exclude = [".next/**", "out/**"]
        p.provided = [(f, p.content[:1] or ["**"]) for f in _disclaimer_files(root, ["components", "src/components"])]
    else:
        p.content = [f"{d}/**" for d in ("content", "drafts", "articles", "posts", "docs") if _has_drafts(root, d)]
    p.exclude = [g for g in p.exclude if os.path.isdir(os.path.join(root, g.split("/")[0]))]
    return p


def _subfolders(root: str, folder: str) -> list[str]:
    base = os.path.join(root, folder)
    try:
        return sorted(d for d in os.listdir(base) if os.path.isdir(os.path.join(base, d)))
    except OSError:
        return []


def starter_config(project: Project) -> str:
    """The config `healthlint init` writes: live settings only where they match the project."""
    def yaml_list(items: list[str], indent: str = "  ") -> str:
        return "\n".join(f'{indent}- "{item}"' for item in items)

    out = ["# healthlint configuration. Every key is optional; delete what you do not need.",
           "# Docs: `healthlint rules` lists every rule, `healthlint explain RULE` explains one.", ""]
    if project.builder != "none":
        out.append(f"# Detected: a {project.builder.capitalize()} site ({project.evidence}).")
        out.append("")
    out += ["# Extra rule packs (folders or files of YAML rules), relative to this file.",
            "# packs:", "#   - style/house-rules.yaml", "",
            "# Turn rules or whole families on or off (ids, codes like HL201, prefixes like HL2, families).",
            "# select: [duplicate-paragraph, unsourced-claim, missing-disclaimer, boilerplate, typo]",
            "# ignore: [HL502]", "",
            "# Per-rule settings: off, on, a severity, or severity/options.",
            "# rules:", "#   typo: warning", "#   author-credentials: on        # opt-in trust-signal rules are off until enabled",
            "#   missing-disclaimer:", "#     options:", "#       position: end             # the disclaimer must close the article",
            ""]
    out.append("# Paths never linted (globs: * stays within one folder, ** is any number of folders).")
    out.append("# What .gitignore ignores is skipped too (respect_gitignore: false to lint it).")
    if project.exclude:
        out.append("exclude:")
        out.append(yaml_list(project.exclude))
    else:
        out += ["# exclude:", '#   - "drafts/archive/**"']
    out.append("")
    out.append("# Drafts the cross-file rules (duplicates, template text) compare against, even when not linted.")
    if project.content:
        out.append("library:")
        out.append(yaml_list(project.content))
    else:
        out += ["# library:", '#   - "content/**/*.md"']
    out.append("")
    out.append("# Texts the site adds to every page (a layout's footer, a partial): they count for the")
    out.append("# required disclaimers, so pages are not reported for lacking what the layout gives them.")
    if project.follows_includes:
        out.append("# Jekyll and Eleventy includes ({% include x.html %}) and layouts (layout: post) are followed")
        out.append("# without this setting.")
    if project.provided:
        out.append("provided:")
        for path, globs in project.provided:
            out.append(f'  - file: "{path}"')
            out.append("    paths: [" + ", ".join(f'"{g}"' for g in globs) + "]")
    else:
        out += ["# provided:", '#   - file: "layouts/partials/disclaimer.html"', '#     paths: ["content/**"]',
                '#   - text: "This article is not a substitute for professional medical advice."',
                '#     paths: ["content/blog/**"]']
    out += ["", "# Other file suffixes to read, and as what: markdown, mdx, text, html, rst, asciidoc, docx.",
            "# formats:", '#   ".qmd": markdown', "",
            "# Words the spelling rule accepts or always rejects; word-list files, one word a line.",
            "# vocabulary:", "#   accept: [Healthlint]", "#   reject: []", "#   files: [vocabulary/medical-extra.txt]", "",
            "# Per-path settings.", "# overrides:", '#   - files: ["news/**"]', "#     ignore: [missing-disclaimer]",
            "#     severity: {typo: info}", "",
            "# The lowest severity that makes `healthlint check` exit 1: error, warning or info.",
            "# fail_on: warning", ""]
    return "\n".join(out)
