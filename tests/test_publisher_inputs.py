"""Drafts as publishers keep them: Word files, MDX, reStructuredText, AsciiDoc, site templates,
reference lists, double-encoded text, .gitignore and standard input. Every input is written
here; each case has a draft that must be flagged and a near miss that must not."""
from __future__ import annotations

import io
import subprocess

import pytest

from healthlint.config import Config, validate_config
from healthlint.api import lint_paths, lint_text
from healthlint.readers import parse_document

from .conftest import DISCLAIMER, clean_draft


def _codes(diags, code):
    return [(d.line, d.column, d.snippet) for d in diags if d.code == code]


def _typos(text, fmt, path="draft"):
    return [d.snippet for d in lint_text(text, format=fmt, path=path, select=["HL501"])]


# --- MDX ----------------------------------------------------------------------------------------

MDX = """---
title: Knee pain
---
import { Callout } from '../components/Callout'
import KneeChart from "../charts/KneeChart.jsx"

export const meta = {
  author: 'jdoe',
  slug: 'knee-pain-guide',
}

# Knee pain

Knee pain is common {/* a reminder for the editor */} and {props.count} readers asked about it.

<Callout type="warning" className="mt-4">
  See a doctor if the knee swells or locks. Rest it for a few dayz.
</Callout>

<KneeChart data={[{x: 1, y: 2}]} height={300} />

{/* healthlint-disable-next-line typo */}
Ice it for twenty minuts at a time.
"""


def test_mdx_reads_jsx_text_and_leaves_esm_and_expressions_alone():
    typos = _typos(MDX, "mdx", "knee.mdx")
    assert typos == ["dayz"]  # inside <Callout>; "Callout", "jdoe", "props", "className" are not prose
    doc = parse_document(MDX, "mdx", "knee.mdx")
    texts = [b.text for b in doc.blocks]
    assert any(t.startswith("See a doctor if the knee swells") for t in texts)
    assert not any("import" in t or "KneeChart" in t or "author" in t for t in texts)


def test_mdx_offsets_point_into_the_file():
    diags = lint_text(MDX, format="mdx", path="knee.mdx", select=["HL501"])
    (d,) = diags
    line = MDX.splitlines()[d.line - 1]
    assert line[d.column - 1:d.end_column - 1] == "dayz"


def test_mdx_files_are_found_by_the_folder_walk(cli, write):
    write("content/knee.mdx", MDX)
    write("content/notes.tex", "teh")  # not a draft format
    run = cli("check", "content", "--select", "HL501", "--format", "json")
    found = {(d["path"], d["line"]) for d in run.json()}
    assert found == {("content/knee.mdx", 17)}


# --- reStructuredText -----------------------------------------------------------------------------

RST = """:author: Jane Doe

==========
Knee pain
==========

.. contents::

Knee pain is common [#f1]_ and often treatable. See `the NIH page <https://www.nih.gov>`_ and
:ref:`the rest guide <rest-guide>`.

.. code-block:: python

   import knee  # this code is not prose: no typo in knee_pane

.. note::

   Rest the knee for a few dayz.

.. [#f1] A footnote about knees.
"""


def test_rst_directives_are_not_prose():
    diags = lint_text(RST, format="rst", path="knee.rst", select=["HL501", "HL404", "HL203"])
    assert [(d.code, d.snippet) for d in diags] == [("HL501", "dayz")]
    (d,) = diags
    assert RST.splitlines()[d.line - 1][d.column - 1:d.end_column - 1] == "dayz"


def test_rst_footnotes_links_and_roles():
    doc = parse_document(RST, "rst", "knee.rst")
    para = next(b for b in doc.blocks if b.text.startswith("Knee pain is common"))
    assert para.markers and para.markers[0].label == "1"
    assert [link.target for link in para.links] == ["https://www.nih.gov"]
    assert "the rest guide" in para.text and ":ref:" not in para.text
    assert doc.metadata["author"] == "Jane Doe"
    assert "1" in doc.footnote_labels


def test_rst_comment_suppresses():
    text = "Title\n=====\n\n.. healthlint-disable typo\n\nRest for a few dayz.\n"
    assert _typos(text, "rst") == []
    assert _typos(text.replace(".. healthlint-disable typo\n\n", ""), "rst") == ["dayz"]


# --- AsciiDoc -------------------------------------------------------------------------------------

ADOC = """= Knee Pain Guide
Jane Doe <jane@example.org>
:imagesdir: images/knees
:toc: left
:product-nme: KneeEase

Knee pain is common and {product-nme} can help.footnote:[A note about knees.]
See https://www.nih.gov[the NIH page].

== Causes

image::knee-xray.png[Knee x-ray]

include::partials/disclaimer-txt.adoc[]

[source,python]
----
knee_pane = 1
----

* Rest the knee for a few dayz.
* Ice it.

// a comment line with a tpyo
"""


def test_asciidoc_attributes_macros_and_blocks_are_not_prose():
    assert _typos(ADOC, "asciidoc", "knee.adoc") == ["dayz"]


def test_asciidoc_blocks_and_links():
    doc = parse_document(ADOC, "asciidoc", "knee.adoc")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Causes") in kinds
    assert ("list_item", "Ice it.") in kinds
    para = next(b for b in doc.blocks if b.text.startswith("Knee pain is common"))
    assert "{product-nme}" not in para.text and para.markers[0].kind == "footnote"
    link = next(b for b in doc.blocks if b.links)
    assert link.links[0].target == "https://www.nih.gov"
    assert doc.metadata["imagesdir"] == "images/knees"
    assert any(b.kind == "footnote" and b.text == "A note about knees." for b in doc.blocks)


# --- Word files -----------------------------------------------------------------------------------

def _docx(paragraphs, comment_on=None):
    import docx

    d = docx.Document()
    made = []
    for style, text in paragraphs:
        made.append(d.add_heading(text, 1) if style == "heading" else d.add_paragraph(text, style=style))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell with a tpyo"
    table.cell(0, 1).text = "Clean cell"
    if comment_on is not None:
        d.add_comment(made[comment_on].runs, text="healthlint-disable typo", author="Editor")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_is_read_with_paragraph_numbers_as_lines(cli, write):
    data = _docx([("heading", "Knee pain"), (None, "Knee pain is commmon in runners."),
                  ("List Bullet", "Rest the knee."), (None, DISCLAIMER)])
    write("drafts/knee.docx", data)
    run = cli("check", "drafts", "--format", "json", "--select", "HL501")
    found = [(d["path"], d["line"], d["column"], d["fixable"]) for d in run.json()]
    # paragraph 2, character 14; the table cell is paragraph 5; Word files are never --fix'ed
    assert found == [("drafts/knee.docx", 2, 14, False), ("drafts/knee.docx", 5, 13, False)]
    doc = parse_document(data, "docx", "knee.docx")
    assert [b.kind for b in doc.blocks][:3] == ["heading", "paragraph", "list_item"]


def test_docx_comment_is_a_suppression_for_its_paragraph():
    data = _docx([(None, "Knee pain is commmon."), (None, "Runners get it ofen.")], comment_on=0)
    diags = lint_text(data, format="docx", path="k.docx", select=["HL501"])
    assert sorted(d.snippet for d in diags) == ["ofen", "tpyo"]  # "commmon" is under the comment


def test_docx_fix_leaves_the_file_alone(cli, write):
    data = _docx([(None, "Knee pain is commmon.")])
    path = write("knee.docx", data)
    run = cli("check", "--fix", "knee.docx", "--select", "HL501")
    assert run.code == 1
    assert path.read_bytes() == data


def test_damaged_docx_is_one_clear_error(cli, write):
    write("bad.docx", b"PK\x03\x04 not really a zip")
    write("ok.md", clean_draft())
    run = cli("check", ".")
    assert run.code == 2
    assert "bad.docx: is not a readable Word file" in run.err
    assert "Traceback" not in run.err + run.out


# --- site templates -------------------------------------------------------------------------------

HUGO = """+++
title = "Knee pain"
draft = false
tags = ["knees", "kneepane"]
+++

# Knee pain

{{< figure src="images/knee-xray.jpg" alt="kneee" caption="An x-ray" >}}

{{< note >}}Rest the knee for a few dayz.{{< /note >}}

{{% highlight python %}}
knee_pane = 1
{{% /highlight %}}

Ice it {{< ref "ice.md" >}} for twenty minutes.
"""


def test_hugo_shortcodes_and_toml_front_matter_are_not_prose():
    assert _typos(HUGO, "markdown") == ["dayz"]  # shortcode content is prose; attributes are not
    doc = parse_document(HUGO, "markdown")
    assert doc.metadata["title"] == "Knee pain"


@pytest.mark.parametrize("markup", [
    "{% if page.author %}{{ page.author | capitalize }}{% endif %}",  # Liquid / Jekyll
    "{{#if author}}{{author}}{{/if}} {{!-- a handlebars comment --}}",  # Handlebars / Mustache
    "{# a nunjucks comment #}{% set x = kneepane %}{{ x | safe }}",  # Nunjucks / Jinja
    "<%= article.authr %>",  # ERB / EJS
])
def test_template_tags_are_not_prose(markup):
    text = f"# Knee\n\n{markup} Rest the knee for a few dayz.\n"
    assert _typos(text, "markdown") == ["dayz"]
    assert _typos(f"<p>{markup} Rest the knee for a few dayz.</p>", "html") == ["dayz"]


def test_raw_and_comment_blocks_are_masked_whole():
    text = "# Knee\n\n{% raw %}{{ kneepane }}{% endraw %}\n\n{% comment %}a tpyo here{% endcomment %}\n\nA dayz.\n"
    assert _typos(text, "markdown") == ["dayz"]


def test_jekyll_include_with_a_disclaimer_satisfies_it(cli, write):
    write("_includes/medical-disclaimer.html",
          "<div class='note'><p>This article is not a substitute for professional medical advice, "
          "diagnosis, or treatment.</p></div>\n")
    write("_includes/newsletter.html", "<p>Sign up for our newsletter.</p>\n")
    write("_posts/2024-01-01-knee.md", "---\ntitle: Knee\n---\n# Knee\n\nRest the knee.\n\n"
          "{% include medical-disclaimer.html %}\n")
    write("_posts/2024-01-02-hip.md", "---\ntitle: Hip\n---\n# Hip\n\nRest the hip.\n\n{% include newsletter.html %}\n")
    run = cli("check", "_posts", "--select", "HL301", "--format", "json")
    assert [d["path"] for d in run.json()] == ["_posts/2024-01-02-hip.md"]


def test_jekyll_layout_with_a_disclaimer_satisfies_it(cli, write):
    write("_includes/footer.html", "<footer><p>Nothing on this site is medical advice.</p></footer>\n")
    write("_layouts/default.html", "<html><body>{{ content }}{% include footer.html %}</body></html>\n")
    write("_layouts/post.html", "---\nlayout: default\n---\n<article>{{ content }}</article>\n")
    write("_layouts/page.html", "<main>{{ content }}</main>\n")
    write("_posts/a.md", "---\nlayout: post\n---\n# Knee\n\nRest the knee.\n")
    write("_posts/b.md", "---\nlayout: page\n---\n# Hip\n\nRest the hip.\n")
    run = cli("check", "_posts", "--select", "HL301", "--format", "json")
    assert [d["path"] for d in run.json()] == ["_posts/b.md"]


def test_config_provided_text_covers_its_globs_only(cli, write):
    write(".healthlint.yaml", "provided:\n  - file: layouts/partials/disclaimer.html\n    paths: ['content/blog/**']\n")
    write("layouts/partials/disclaimer.html", "<p>This site does not provide medical advice.</p>\n")
    write("content/blog/knee.md", "# Knee\n\nRest the knee.\n")
    write("content/news/clinic.md", "# News\n\nThe clinic opens on Monday.\n")
    run = cli("check", "content", "--select", "HL301", "--format", "json")
    assert [d["path"] for d in run.json()] == ["content/news/clinic.md"]


def test_config_provided_is_validated():
    with pytest.raises(Exception, match=r"provided\[0\] must be a mapping with 'file' or 'text'"):
        validate_config({"provided": [{"paths": ["x"]}]})
    with pytest.raises(Exception, match="unknown format 'markdwn'"):
        validate_config({"formats": {".qmd": "markdwn"}})
    assert validate_config({"formats": {"qmd": "markdown"}}).formats == {".qmd": "markdown"}


@pytest.mark.parametrize("files, builder, provided", [
    ({"_config.yml": "title: x\n", "_posts/a.md": "# A\n", "_site/a.html": ""}, "jekyll", []),
    ({"hugo.toml": "", "content/a.md": "# A\n", "public/x.html": "",
      "layouts/partials/footer.html": "<p>Not medical advice.</p>"}, "hugo", ["layouts/partials/footer.html"]),
    ({"astro.config.mjs": "", "src/content/blog/a.mdx": "# A\n",
      "src/components/Disclaimer.astro": "<p>For informational purposes only.</p>",
      "src/components/Nav.astro": "<nav>Home</nav>"}, "astro", ["src/components/Disclaimer.astro"]),
])
def test_init_detects_the_site_and_writes_only_matching_settings(cli, write, tmp_path, files, builder, provided):
    for rel, text in files.items():
        write(rel, text)
    run = cli("init")
    assert run.code == 0 and builder.capitalize() in run.out
    from healthlint.config import load_config

    config = load_config(str(tmp_path / ".healthlint.yaml"))
    assert [e["file"] for e in config.provided] == provided
    assert config.library and all(not g.startswith("drafts") for g in config.library)
    assert config.vocabulary == {}  # a placeholder word list is commented out, not live


def test_init_in_a_plain_folder_leaves_globs_commented(cli, tmp_path):
    run = cli("init")
    assert run.code == 0
    from healthlint.config import load_config

    config = load_config(str(tmp_path / ".healthlint.yaml"))
    assert config.library == [] and config.exclude == [] and config.provided == []


# --- the citation zone ----------------------------------------------------------------------------

REFS = """# Knee pain

Exercise therapy eases knee pain in most adults.[1] Bracing helps some runners.[2]

## References

1. Kowalczyk T, Brandtner Q. Exerzise thrapy in knee osteoarthritis. Osteoarthr Cartil Rev. 2019;27(3):445-52.
2. Ndiaye F, et al. Bracing for patellofemoral pain. Knee Surg Sports Traumatol Arthrosc. 2020;28:100-9. doi:10.1007/s00167-019-05642-y
"""


def test_reference_entries_are_not_spell_checked_or_spliced():
    diags = lint_text(REFS + "\n" + DISCLAIMER + "\n", format="markdown", select=["HL501", "HL403", "HL203", "HL204"])
    assert diags == []
    # the same misspelling in prose is still a typo
    prose = REFS.replace("Bracing helps some runners.", "Exerzise helps some runners.")
    assert "Exerzise" in _typos(prose, "markdown")


def test_an_entry_shape_without_a_heading_is_in_the_zone():
    text = ("# Knee\n\nRest helps.\n\n- Kowalczyk T, Brandtner Q. Knee thrapy. Osteoarthr Cartil Rev. 2019;27(3):445-52.\n"
            "- Ndiaye F, Osei K. Bracing thrapy. Knee Surg Rev. 2020;28(1):100-9.\n")
    assert _typos(text, "markdown") == []
    # a sentence of prose that cites inline keeps its words checked
    assert _typos("# Knee\n\nOne trial found that thrapy helps (doi:10.1001/jama.2019.1).\n", "markdown") == ["thrapy"]


def test_spliced_reference_still_found_in_prose():
    text = ("# Knee\n\nWalking briskly lowers blood pressure Lee, K., Park, S.H., et al. Journal of "
            "Hypertension Care, 2019 Mar; 12 (3): 45-52.. in most adults.\n")
    assert [d.code for d in lint_text(text, select=["HL403"])] == ["HL403"]


def test_shared_reference_entries_are_not_duplicates(tmp_path):
    entry = "Kowalczyk T, Brandtner Q. Exercise therapy in knee osteoarthritis. Osteoarthr Cartil Rev. 2019;27(3):445-52."
    for name, topic in (("a.md", "Knee pain"), ("b.md", "Hip pain")):
        (tmp_path / name).write_text(f"# {topic}\n\nExercise helps {topic.lower()}.[1]\n\n## References\n\n1. {entry}\n\n"
                                     f"{DISCLAIMER}\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], config=Config(root=str(tmp_path)), select=["duplicate-paragraph", "HL402"])
    assert result.diagnostics == []


def test_sources_list_backs_claims_attributed_to_its_entries():
    base = ("# Flu\n\nAccording to the Example Health Agency, flu shots cut hospital stays by 40%.\n\n"
            "## Sources\n\n- {entry}\n\n" + DISCLAIMER + "\n")
    named = lint_text(base.format(entry="Example Health Agency. Flu vaccines. 2023."), select=["HL202"])
    other = lint_text(base.format(entry="Another Office. Colds. 2023."), select=["HL202"])
    assert named == [] and [d.code for d in other] == ["HL202"]


# --- double-encoded text --------------------------------------------------------------------------

def test_mojibake_is_found_and_fixed(cli, write):
    path = write("a.md", clean_draft("It\u00e2\u20ac\u2122s best to rest (caf\u00c3\u00a9 breaks too). Caf&amp;eacute; sounds good."))
    run = cli("check", "a.md", "--select", "HL504", "--format", "json")
    found = run.json()
    assert [d["line"] for d in found] == [3, 3, 3] and all(d["fixable"] for d in found)
    assert "\u201cCaf&eacute;\u201d (an HTML entity shown as text)" in found[2]["message"]
    cli("check", "a.md", "--select", "HL504", "--fix")
    assert "It\u2019s best to rest (caf\u00e9 breaks too). Caf\u00e9 sounds good." in path.read_text(encoding="utf-8")


def test_correct_accents_are_not_mojibake():
    text = clean_draft("S\u00e3o Paulo has a na\u00efve caf\u00e9 and \u201cquoted\u201d words \u2014 fine.")
    assert lint_text(text, select=["HL504"]) == []


# --- repository hygiene and plumbing --------------------------------------------------------------

def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_gitignore_is_honoured_and_can_be_turned_off(cli, write, tmp_path):
    _git(tmp_path, "init", "-q")
    write(".gitignore", "_site/\n*.draft.md\n!keep.draft.md\n")
    write("content/.gitignore", "build/\n")
    write("content/a.md", clean_draft("A tpyo here."))
    write("content/build/b.md", clean_draft("A tpyo here."))
    write("_site/c.md", clean_draft("A tpyo here."))
    write("d.draft.md", clean_draft("A tpyo here."))
    write("keep.draft.md", clean_draft("A tpyo here."))
    run = cli("check", ".", "--select", "HL501", "--format", "json")
    assert sorted({d["path"] for d in run.json()}) == ["content/a.md", "keep.draft.md"]
    # a walk from below the repository's root still honours the root's .gitignore
    run = cli("check", "content", "--select", "HL501", "--format", "json")
    assert sorted({d["path"] for d in run.json()}) == ["content/a.md"]
    run = cli("check", ".", "--no-respect-gitignore", "--select", "HL501", "--format", "json")
    assert len({d["path"] for d in run.json()}) == 5
    # a file named explicitly is linted even when ignored
    run = cli("check", "_site/c.md", "--select", "HL501", "--format", "json")
    assert [d["path"] for d in run.json()] == ["_site/c.md"]


def test_stdin_with_a_filename(cli, write):
    write(".healthlint.yaml", "overrides:\n  - files: ['news/**']\n    ignore: [typo]\n")
    draft = clean_draft("Rest for a few dayz.")
    run = cli("check", "-", "--stdin-filename", "blog/knee.md", "--format", "json", input=draft)
    assert [(d["path"], d["rule"]) for d in run.json()] == [("blog/knee.md", "typo")]
    run = cli("check", "-", "--stdin-filename", "news/knee.md", input=draft)
    assert run.code == 0 and "No problems found in 1 file." in run.out
    # the suffix chooses the reader: as rST, the directive is not prose
    rst = "Knee\n====\n\n.. code-block:: python\n\n   kneepane = 1\n\nRest for a few dayz.\n\n" + DISCLAIMER + "\n"
    run = cli("check", "-", "--stdin-filename", "knee.rst", "--select", "HL501", "--format", "json", input=rst)
    assert [d["line"] for d in run.json()] == [8]


def test_stdin_fix_writes_the_fixed_draft_to_stdout(cli):
    run = cli("check", "-", "--fix", "--select", "HL502", input=clean_draft("Rest the the knee."))
    assert "Rest the knee." in run.out and "the the" not in run.out
    assert "fixed 1 problem in stdin.md" in run.err


def test_summary_never_contradicts_an_error(cli, write):
    run = cli("check", "missing.md")
    assert run.code == 2
    assert "No problems found" not in run.out
    assert "Nothing was checked" in run.out and "missing.md: no such file or folder" in run.err
    write("a.md", clean_draft())
    run = cli("check", "a.md", "missing.md")
    assert run.code == 2 and "No problems found in 1 file, but 1 path could not be checked" in run.out


def test_config_formats_add_suffixes_to_the_walk(cli, write):
    write(".healthlint.yaml", "formats:\n  .qmd: markdown\n")
    write("notes/a.qmd", "# A\n\nRest for a few dayz.\n\n" + DISCLAIMER + "\n")
    write("notes/b.tex", "dayz")
    run = cli("check", "notes", "--select", "HL501", "--format", "json")
    assert [d["path"] for d in run.json()] == ["notes/a.qmd"]


def test_folder_without_drafts_is_a_warning(cli, write):
    write("notes/a.tex", "text")
    run = cli("check", "notes")
    assert run.code == 0 and "warning: notes: no drafts found" in run.err and ".docx" in run.err
