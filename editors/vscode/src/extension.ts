// Starts `healthlint server` (the Language Server Protocol over stdio) for the drafts a writer
// opens: findings appear as they type, with quick fixes, "disable for this line" and "add to the
// vocabulary". The command is a setting, so a project's virtual environment can be used.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("healthlint").get<string[]>("command", ["healthlint", "server"]);
  const serverOptions: ServerOptions = { command: command[0], args: command.slice(1) };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "mdx" },
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "html" },
      { scheme: "file", language: "restructuredtext" },
      { scheme: "file", language: "asciidoc" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{.healthlint.yaml,pyproject.toml}"),
    },
  };
  client = new LanguageClient("healthlint", "healthlint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
