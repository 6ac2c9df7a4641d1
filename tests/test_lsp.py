"""`healthlint server` end to end: pytest-lsp starts the real server process and drives it as an
editor would (initialize, open, change, code actions, hover, shutdown)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import DISCLAIMER

SERVER = [sys.executable, "-c", "from healthlint.cli import main; main(['server'])"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    lsp_client.root = root
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="site")]))
    yield
    await lsp_client.shutdown_session()


async def open_draft(client, name: str, text: str) -> str:
    path = Path(client.root) / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def codes(client, uri):
    return sorted(str(d.code) for d in client.diagnostics.get(uri, []))


@pytest.mark.asyncio
async def test_a_fix_is_applied_and_the_diagnostic_clears(client: LanguageClient):
    text = f"# Knee pain\n\nMost people recieve relief from walking.\n\n{DISCLAIMER}\n"
    uri = await open_draft(client, "knee.md", text)
    [typo] = [d for d in client.diagnostics[uri] if d.code == "HL501"]
    assert typo.source == "healthlint" and typo.severity == types.DiagnosticSeverity.Warning
    assert (typo.range.start.line, typo.range.start.character, typo.range.end.character) == (2, 12, 19)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=typo.range,
        context=types.CodeActionContext(diagnostics=[typo])))
    titles = [a.title for a in actions]
    assert "Fix: replace with \u201creceive\u201d" in titles and "Disable typo for this line" in titles
    [fix] = [a for a in actions if a.title.startswith("Fix:")]
    [edit] = fix.edit.changes[uri]
    assert edit.new_text == "receive"
    fixed = text.replace("recieve", "receive")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "HL501" not in codes(client, uri)


@pytest.mark.asyncio
async def test_hover_shows_the_rules_docs_and_a_clean_draft_has_no_diagnostics(client: LanguageClient):
    uri = await open_draft(client, "clean.md", f"# Walking\n\nWalking is good for the knees.\n\n{DISCLAIMER}\n")
    assert codes(client, uri) == []  # near-miss: nothing to say about a clean draft
    uri = await open_draft(client, "claim.md", f"# Sleep\n\nStudies show 40% of adults sleep badly.\n\n{DISCLAIMER}\n")
    [claim] = [d for d in client.diagnostics[uri] if d.code == "HL201"]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=claim.range.start))
    assert hover is not None and hover.contents.value.startswith("HL201 unsourced-claim")
    assert "Why it matters" in hover.contents.value


@pytest.mark.asyncio
async def test_add_to_vocabulary_edits_the_config_and_keeps_its_comments(client: LanguageClient):
    config = Path(client.root) / ".healthlint.yaml"
    config.write_text("# our house style\nvocabulary:\n  accept:\n    - physio  # UK usage\n", encoding="utf-8")
    uri = await open_draft(client, "vocab.md", f"# Knee\n\nThe stretchng helps.\n\n{DISCLAIMER}\n")
    [typo] = [d for d in client.diagnostics[uri] if d.code == "HL501"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=typo.range,
        context=types.CodeActionContext(diagnostics=[typo])))
    [add] = [a for a in actions if a.title.startswith("Add")]
    [(target, [edit])] = add.edit.changes.items()
    assert target == config.resolve().as_uri()
    lines = config.read_text(encoding="utf-8").split("\n")
    line = lines[edit.range.start.line]
    lines[edit.range.start.line] = line[:edit.range.start.character] + edit.new_text + line[edit.range.start.character:]
    updated = "\n".join(lines)
    assert updated == "# our house style\nvocabulary:\n  accept:\n    - physio  # UK usage\n    - stretchng\n"
    config.write_text(updated, encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "HL501" not in codes(client, uri)  # the config was reloaded


@pytest.mark.asyncio
async def test_a_paragraph_pasted_from_another_draft_of_the_library_is_flagged(client: LanguageClient):
    root = Path(client.root)
    (root / "lib").mkdir()
    shared = ("Gentle stretching of the hamstrings after a long day at the desk loosens the back of the thighs "
              "and often eases the ache in the lower back that sitting for hours brings on.")
    (root / "lib" / "older.md").write_text(f"# Older\n\n{shared}\n\n{DISCLAIMER}\n", encoding="utf-8")
    (root / ".healthlint.yaml").write_text("library: ['lib/**/*.md']\n", encoding="utf-8")
    uri = await open_draft(client, "new.md", f"# New\n\n{shared}\n\n{DISCLAIMER}\n")
    assert "HL101" in codes(client, uri)
    (root / ".healthlint.yaml").unlink()
