"""`healthlint server`: a Language Server Protocol server over stdio, on pygls and lsprotocol.

An editor sends the draft as the writer types; the server lints it through the same pipeline as
`healthlint check` (api.lint_document_fully) and publishes the findings:
- on open and save at once, and on change after a short pause (debounced);
- config discovered per document (the nearest .healthlint.yaml or pyproject.toml), reloaded when
  the file changes;
- library-wide duplicates answered from the library index (the outcome cache under
  .healthlint_cache/), so a paragraph pasted from another draft is flagged while typing;
- hover on a finding shows the rule's docs (the text of `healthlint explain`);
- code actions: the fix of a fixable finding, "disable for this line", and for a typo "add to
  the vocabulary" (an edit of the project config that keeps its comments).
Documents in every format `check` reads are linted; others are left alone."""
from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import __version__
from .errors import HealthlintError

DEBOUNCE_SECONDS = 0.15
SOURCE = "healthlint"
SEVERITIES = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
              "info": types.DiagnosticSeverity.Information}


@dataclass
class _Project:
    """A config and the rules built from it, rebuilt when the config file changes."""

    config: object
    rules: object
    stamp: tuple | None  # (path, mtime_ns, size) of the config file, or None without one


class HealthlintServer(LanguageServer):
    def __init__(self):
        super().__init__("healthlint", __version__)
        self.projects: dict[str, _Project] = {}  # config path ("" for none) -> project
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.findings: dict[str, list] = {}  # uri -> the healthlint Diagnostics last published

    # --- config ------------------------------------------------------------------------------

    def project_for(self, path: str) -> _Project:
        from .api import build_rules
        from .config import Config, find_config, load_config

        found = find_config(os.path.dirname(path) or ".")
        key = str(found) if found else ""
        stamp = _stamp(found)
        project = self.projects.get(key)
        if project is None or project.stamp != stamp:
            config = load_config(found) if found else Config()
            project = self.projects[key] = _Project(config, build_rules(config), stamp)
        return project

    # --- linting -----------------------------------------------------------------------------

    def lint(self, uri: str) -> None:
        from .api import lint_document_fully, open_cache
        from .readers import FORMATS_BY_SUFFIX, format_for_path, is_binary_format, parse_document

        document = self.workspace.get_text_document(uri)
        path = uri_to_path(uri)
        try:
            project = self.project_for(path)
        except HealthlintError as exc:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"healthlint: {exc}"))
            self.publish(uri, [], document.source)
            return
        config, rules = project.config, project.rules
        suffix = os.path.splitext(path)[1].lower()
        fmt = format_for_path(path, extra=config.formats)
        if (suffix not in FORMATS_BY_SUFFIX and suffix not in config.formats) or is_binary_format(fmt):
            return  # not a draft healthlint reads, or a Word file (its text is not the editor's)
        if config.is_excluded(path):
            self.publish(uri, [], document.source)
            return
        doc = parse_document(document.source, fmt, path)
        use_cache = bool(rules.cross_file and config.library)
        try:
            with open_cache(use_cache, rules, config) as index:
                linted = lint_document_fully(doc, rules, config, cache=index)
        except HealthlintError as exc:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"healthlint: {exc}"))
            return
        self.publish(uri, linted.diagnostics, document.source)

    def publish(self, uri: str, diagnostics: list, text: str) -> None:
        from .model import LineIndex

        self.findings[uri] = diagnostics
        index = LineIndex(text)
        out = [_to_lsp(d, index, text) for d in diagnostics]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=out))

    def schedule(self, uri: str) -> None:
        """Lint after DEBOUNCE_SECONDS without a further change."""
        loop = asyncio.get_event_loop()
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self._lint_now, uri)

    def _lint_now(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.lint(uri)


def _stamp(path) -> tuple | None:
    if path is None:
        return None
    try:
        st = os.stat(path)
        return (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(path), None, None)


def uri_to_path(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return unquote(parsed.path) or uri
    return unquote(parsed.path)


def _position(index, text: str, offset: int) -> types.Position:
    """An LSP position (0-based line, UTF-16 column) of a character offset."""
    line, column = index.position(offset)
    start = index.starts[line - 1]
    units = len(text[start:start + column - 1].encode("utf-16-le")) // 2
    return types.Position(line=line - 1, character=units)


def _line_col(text: str, index, line: int, column: int) -> types.Position:
    start = index.starts[min(line, len(index.starts)) - 1] if line >= 1 else 0
    return _position(index, text, start + max(column, 1) - 1)


def _to_lsp(d, index, text: str) -> types.Diagnostic:
    start = _line_col(text, index, d.line, d.column)
    end = _line_col(text, index, d.end_line, d.end_column)
    data = {"rule": d.rule}
    if d.fix is not None:
        data["fix"] = [d.fix.start, d.fix.end, d.fix.replacement]
    return types.Diagnostic(
        range=types.Range(start=start, end=end), message=d.message, severity=SEVERITIES.get(d.severity),
        code=d.code, source=SOURCE, data=data,
        code_description=None)


server = HealthlintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: HealthlintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.findings.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
    """The docs of the rule behind a finding under the cursor: the text of `healthlint explain`."""
    from .ruledocs import as_text, rule_doc

    document = ls.workspace.get_text_document(params.text_document.uri)
    from .model import LineIndex

    index = LineIndex(document.source)
    here = (params.position.line, params.position.character)
    project = ls.project_for(uri_to_path(params.text_document.uri))
    specs = {s.id: s for s in project.rules.all_specs}
    for d in ls.findings.get(params.text_document.uri, []):
        lsp = _to_lsp(d, index, document.source)
        start, end = (lsp.range.start.line, lsp.range.start.character), (lsp.range.end.line, lsp.range.end.character)
        if start <= here <= end and d.rule in specs:
            text = as_text(rule_doc(specs[d.rule]))
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.PlainText, value=text), range=lsp.range)
    return None


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION)
def code_action(ls: HealthlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    from .model import LineIndex

    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    text = document.source
    index = LineIndex(text)
    actions: list[types.CodeAction] = []
    for diag in params.context.diagnostics:
        if diag.source != SOURCE or not isinstance(diag.data, dict):
            continue
        rule = diag.data.get("rule", "")
        fix = diag.data.get("fix")
        if fix:
            start, end, replacement = fix
            edit = types.TextEdit(range=types.Range(start=_position(index, text, start), end=_position(index, text, end)),
                                  new_text=replacement)
            actions.append(types.CodeAction(
                title=f"Fix: replace with \u201c{replacement}\u201d", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag], is_preferred=True, edit=types.WorkspaceEdit(changes={uri: [edit]})))
        line = diag.range.start.line
        line_text = document.lines[line] if line < len(document.lines) else ""
        stripped = line_text.rstrip("\r\n")
        end_pos = types.Position(line=line, character=len(stripped.encode("utf-16-le")) // 2)
        actions.append(types.CodeAction(
            title=f"Disable {rule} for this line", kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(start=end_pos, end=end_pos),
                                                                   new_text=f" <!-- healthlint-disable-line {rule} -->")]})))
        if rule == "typo":
            word = _word_at(text, index, diag)
            config_path = _config_for(uri_to_path(uri))
            if word and config_path is not None:
                edit = vocabulary_edit(config_path, word)
                if edit is not None:
                    actions.append(types.CodeAction(
                        title=f"Add \u201c{word}\u201d to the vocabulary ({os.path.basename(config_path)})",
                        kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                        edit=types.WorkspaceEdit(changes={Path(config_path).resolve().as_uri(): [edit]})))
    return actions


def _word_at(text: str, index, diag: types.Diagnostic) -> str:
    start = index.starts[diag.range.start.line] if diag.range.start.line < len(index.starts) else 0
    line = text[start:].split("\n", 1)[0]
    units = line.encode("utf-16-le")
    a, b = diag.range.start.character, diag.range.end.character
    if diag.range.end.line != diag.range.start.line:
        return ""
    return units[2 * a:2 * b].decode("utf-16-le", "replace").strip()


def _config_for(path: str) -> str | None:
    from .config import find_config

    found = find_config(os.path.dirname(path) or ".")
    if found is None or found.suffix not in (".yaml", ".yml"):
        return None  # a pyproject.toml table is left to the writer
    return str(found)


_ACCEPT_BLOCK = re.compile(r"^(?P<indent>[ \t]*)accept:[ \t]*(?:#.*)?$")
_ACCEPT_FLOW = re.compile(r"^(?P<indent>[ \t]*)accept:[ \t]*\[(?P<items>[^\]]*)\]")


def vocabulary_edit(config_path: str, word: str) -> types.TextEdit | None:
    """A text edit that adds `word` to vocabulary.accept in the config, touching nothing else
    (comments and layout stay as they are). None when the word is already there."""
    try:
        text = Path(config_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    quoted = _yaml_word(word)
    in_vocabulary = False
    for n, line in enumerate(lines):
        if re.match(r"^vocabulary:[ \t]*(?:#.*)?$", line):
            in_vocabulary = True
            continue
        if in_vocabulary and line and not line[0].isspace() and not line.startswith("#"):
            break  # the next top-level key: vocabulary has no accept list
        if not in_vocabulary:
            continue
        flow = _ACCEPT_FLOW.match(line)
        if flow:
            items = [i.strip().strip("'\"") for i in flow.group("items").split(",") if i.strip()]
            if word in items:
                return None
            at = flow.end() - 1  # the closing bracket
            insert = (", " if items else "") + quoted
            return types.TextEdit(range=types.Range(start=types.Position(line=n, character=at),
                                                    end=types.Position(line=n, character=at)), new_text=insert)
        block = _ACCEPT_BLOCK.match(line)
        if block:
            item_indent = block.group("indent") + "  "
            last = n
            for m in range(n + 1, len(lines)):
                item = re.match(r"^([ \t]*)- (.*)$", lines[m])
                if item:
                    item_indent = item.group(1)
                    if item.group(2).split("#")[0].strip().strip("'\"") == word:
                        return None
                    last = m
                elif lines[m].strip() and not lines[m].lstrip().startswith("#"):
                    break
            pos = types.Position(line=last, character=len(lines[last]))
            return types.TextEdit(range=types.Range(start=pos, end=pos), new_text=f"\n{item_indent}- {quoted}")
    # no accept list: add one (under an existing vocabulary key, or a new one at the end)
    for n, line in enumerate(lines):
        if re.match(r"^vocabulary:[ \t]*(?:#.*)?$", line):
            pos = types.Position(line=n, character=len(line))
            return types.TextEdit(range=types.Range(start=pos, end=pos), new_text=f"\n  accept:\n    - {quoted}")
    last = len(lines) - 1
    pos = types.Position(line=last, character=len(lines[last]))
    prefix = "" if text.endswith("\n") or not text else "\n"
    return types.TextEdit(range=types.Range(start=pos, end=pos), new_text=f"{prefix}vocabulary:\n  accept:\n    - {quoted}\n")


def _yaml_word(word: str) -> str:
    import json

    return word if re.fullmatch(r"[A-Za-z][\w'-]*", word) and word.lower() not in (
        "yes", "no", "on", "off", "true", "false", "null", "y", "n") else json.dumps(word)


def main() -> None:
    server.start_io()


if __name__ == "__main__":  # pragma: no cover
    main()
