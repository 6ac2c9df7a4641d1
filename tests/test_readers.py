"""The document model: each reader's blocks, and spans that point into the original file."""
from __future__ import annotations

import pytest

from healthlint.readers import parse_document


def located(doc, block):
    """Every ASCII letter of the block maps back to the same letter in the source (decoded
    entities map to the entity, so they are not compared)."""
    return all(doc.source[block.to_source(i)] == ch for i, ch in enumerate(block.text) if ch.isascii() and ch.isalnum())


MARKDOWN = """---
title: Knee pain
disclaimer: medical
tags: [knees, pain]
---

# Knee pain *after* running

A paragraph with a [link](https://example.org/study) and `inline_code_word` and **bold** text,
wrapped over two lines &amp; an entity.

- first item
- second item
  continued here

1. numbered item

> A quoted line
> over two lines.

```python
misspeled_code = 1
```

    indented code blok

| Drug | Dose |
|------|------|
| ibuprofen | 200 mg |

Text with a footnote[^1].

<!-- healthlint-disable typo -->

[^1]: The footnote text.
"""


def test_markdown_blocks_kinds_and_text():
    doc = parse_document(MARKDOWN, "markdown")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Knee pain after running") in kinds
    assert ("list_item", "first item") in kinds
    assert ("list_item", "second item continued here") in kinds
    assert ("quote", "A quoted line over two lines.") in kinds
    assert ("table_cell", "ibuprofen") in kinds
    assert ("footnote", "The footnote text.") in kinds
    numbered = next(b for b in doc.blocks if b.text == "numbered item")
    assert numbered.label == "1"
    para = next(b for b in doc.blocks if b.text.startswith("A paragraph"))
    assert "& an entity" in para.text
    assert para.links[0].target == "https://example.org/study"
    assert para.text[para.links[0].start:para.links[0].end] == "link"


def test_markdown_code_and_front_matter_are_not_prose():
    doc = parse_document(MARKDOWN, "markdown")
    all_text = " ".join(b.text for b in doc.blocks)
    assert "misspeled_code" not in all_text
    assert "indented code blok" not in all_text
    assert "inline_code_word" not in all_text
    assert "title:" not in all_text
    assert doc.metadata == {"title": "Knee pain", "disclaimer": "medical", "tags": ["knees", "pain"]}


def test_markdown_spans_point_into_the_original_file():
    doc = parse_document(MARKDOWN, "markdown")
    for block in doc.blocks:
        assert located(doc, block), block
    heading = doc.blocks[0]
    assert doc.position(heading.start) == (7, 3)
    second = next(b for b in doc.blocks if b.text.startswith("second item"))
    cont = second.text.index("continued")
    assert doc.position(second.to_source(cont)) == (14, 3)


def test_markdown_footnotes_and_comments():
    doc = parse_document(MARKDOWN, "markdown")
    assert doc.footnote_labels == frozenset({"1"})
    para = next(b for b in doc.blocks if b.text.startswith("Text with a footnote"))
    assert [(m.label, m.kind) for m in para.markers] == [("1", "footnote")]
    assert [c.text for c in doc.comments] == ["healthlint-disable typo"]


def test_markdown_broken_front_matter_is_reported_not_fatal():
    doc = parse_document("---\ntitle: [unclosed\n---\n\nSome text here.\n", "markdown")
    assert doc.metadata == {}
    assert doc.problems and "front matter is not valid YAML" in doc.problems[0][1]
    assert [b.text for b in doc.blocks] == ["Some text here."]


def test_markdown_crlf_positions():
    src = "# Title\r\n\r\nFirst line\r\nsecond line\r\n"
    doc = parse_document(src, "markdown")
    para = doc.blocks[1]
    assert doc.position(para.to_source(para.text.index("second"))) == (4, 1)


HTML = """<!DOCTYPE html>
<html><head><title>Not prose</title>
<style>p { color: red }</style>
<script>var misspeled = "x";</script>
</head>
<body>
<h2>Heart &amp; lungs</h2>
<p>Caf&eacute; text with a <a href="https://example.org">link</a> and a
citation<sup>3</sup>.</p>
<!-- a comment, not prose -->
<ul><li>one item</li><li>two item</li></ul>
<table><tr><td>cell text</td></tr></table>
<blockquote>quoted words</blockquote>
<pre>preformatted code</pre>
</body></html>
"""


def test_html_blocks_and_exclusions():
    doc = parse_document(HTML, "html")
    texts = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Heart & lungs") in texts
    assert ("list_item", "one item") in texts
    assert ("table_cell", "cell text") in texts
    assert ("quote", "quoted words") in texts
    joined = " ".join(t for _, t in texts)
    for hidden in ("Not prose", "color: red", "misspeled", "a comment", "preformatted"):
        assert hidden not in joined
    para = next(b for b in doc.blocks if b.text.startswith("Café"))
    assert para.links[0].target == "https://example.org"
    assert [(m.label, m.kind) for m in para.markers] == [("3", "superscript")]
    assert [c.text for c in doc.comments] == ["a comment, not prose"]


def test_html_spans_map_to_source_lines():
    doc = parse_document(HTML, "html")
    for block in doc.blocks:
        assert located(doc, block)
    para = next(b for b in doc.blocks if b.text.startswith("Café"))
    assert doc.position(para.start) == (8, 4)
    assert doc.position(para.to_source(para.text.index("citation"))) == (9, 1)
    # the decoded entity maps onto the entity in the source
    assert HTML[para.to_source(3):].startswith("&eacute;")


def test_plaintext_one_long_line_per_paragraph():
    lines = [("Sentence number %d of a long web-extracted paragraph that goes on. " % i) * 3 for i in range(3)]
    doc = parse_document("\n".join(lines) + "\n", "text")
    assert len(doc.blocks) == 3
    assert [doc.position(b.start)[0] for b in doc.blocks] == [1, 2, 3]


def test_plaintext_hard_wrapped_paragraphs():
    text = (
        "Hip pain has many causes. Some come from the joint itself and some\n"
        "from the lower back, which can refer pain into the hip and the\n"
        "buttock.\n"
        "\n"
        "A second paragraph starts after the blank line and also wraps\n"
        "onto a second line.\n"
    )
    doc = parse_document(text, "text")
    assert [b.text for b in doc.blocks] == [
        "Hip pain has many causes. Some come from the joint itself and some from the lower back, which can refer pain into the hip and the buttock.",
        "A second paragraph starts after the blank line and also wraps onto a second line.",
    ]
    second = doc.blocks[0]
    assert doc.position(second.to_source(second.text.index("from the lower"))) == (2, 1)


def test_plaintext_comments_are_not_prose():
    doc = parse_document("Some words here. <!-- healthlint-disable-line typo -->\n", "text")
    assert [b.text for b in doc.blocks] == ["Some words here."]
    assert [c.text for c in doc.comments] == ["healthlint-disable-line typo"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_empty_input(fmt):
    assert parse_document("", fmt).blocks == []
    assert parse_document("  \n\n \n", fmt).blocks == []


def test_source_span_ends_before_closing_markup():
    """A span that ends where emphasis, a link or a code span closes must not take the markup in."""
    src = "My *lefy* hip and **the the** and [the link](http://x.org) too.\n"
    doc = parse_document(src, "markdown")
    block = doc.blocks[0]
    for word in ("lefy", "the the", "the link"):
        i = block.text.index(word)
        start, end = block.source_span(i, i + len(word))
        assert src[start:end] == word


def test_simple_front_matter_reads_exactly_what_yaml_reads():
    """The front-matter shortcut for `key: "text"` lines gives yaml.safe_load's dict, and
    declines (None) whatever it is not certain about; the whole reader then gives the same
    metadata and the same problem texts as the YAML parser alone."""
    import random

    import yaml

    from healthlint.readers import frontmatter as fm
    from healthlint.readers import markdown as md

    rng = random.Random(2)
    keys = ["title", "author", "_x", "last-reviewed", "a1", "yes", "No", "null", "on", "y", "k" * 1100, "Title"]
    values = ['"plain"', '"a: b # c"', '"x\\"y"', '"tab\there"', '"caf\u00e9 \U0001F600"', '"\u2028"', '"\x85"',
              '"\ufeff"', "bare", '"\x7f"', "'single'", '""', '" spaced "', '"a\\\\n"', '"\u00a0"', '"[1, 2]"']
    shortcuts = 0
    for _ in range(400):
        simple_only = rng.random() < 0.5  # half the samples are made to qualify, mostly
        lines = [f"{rng.choice(keys[:5] if simple_only else keys)}{': ' if simple_only else rng.choice([': ', ':  ', ':'])}"
                 f"{rng.choice(values[:5] if simple_only else values)}" for _ in range(rng.randint(1, 4))]
        content = "\n".join(lines) + rng.choice(["", "\n"])
        simple = fm._simple_front_matter(content)
        if simple is not None:
            shortcuts += 1
            assert simple == yaml.safe_load(content), content
            assert all(type(k) is str and type(v) is str for k, v in simple.items())
        doc = md.read_markdown(f"---\n{content}\n---\n\nText.\n")
        original = fm._simple_front_matter
        fm._simple_front_matter = lambda content: None
        try:
            slow = md.read_markdown(f"---\n{content}\n---\n\nText.\n")
        finally:
            fm._simple_front_matter = original
        assert (doc.metadata, doc.problems) == (slow.metadata, slow.problems), content
    assert shortcuts > 30
