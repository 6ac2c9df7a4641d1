"""Command line: `healthlint check|rules|explain|init`. A thin layer over the API (api.py): it parses
options, prints, and turns user errors into one clear line and exit code 2."""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import HealthlintError
from .reporters import FORMATS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _fail(message: str) -> None:
    click.echo(f"healthlint: error: {_clean(message)}", err=True)
    sys.exit(2)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="healthlint", message="%(prog)s %(version)s")
def main() -> None:
    """healthlint: a content-compliance linter for health publishers.

    It reads article drafts (Markdown, plain text, HTML) and reports duplicated paragraphs,
    unsourced claims, missing disclaimers, stray website boilerplate and typos.

    \b
    Examples:
      healthlint check drafts/
      healthlint check --format json article.md
      healthlint rules
      healthlint explain unsourced-claim
    """


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format: text for people, html for an editor's report (with -o), json or "
                   "json-lines for tools, github for GitHub Actions annotations, sarif for code "
                   "scanning, gitlab for GitLab Code Quality.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: nearest .healthlint.yaml or pyproject.toml [tool.healthlint]).")
@click.option("--select", multiple=True, help="Only these rules (ids, codes, code prefixes or families; comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rules (comma-separated, repeatable).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning, or the config's fail_on).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.option("--statistics", is_flag=True, help="Print a count of findings per rule.")
@click.option("--no-color", is_flag=True, help="Never color the output (it is colored only on a terminal anyway).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to a file instead of standard output.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings that are not in this baseline file (see --write-baseline).")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Record every current finding in this file as known, and exit 0.")
@click.option("--fix", is_flag=True, help="Apply unambiguous fixes of fixable rules in place, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes --fix would make as a unified diff; write nothing.")
@click.option("--max-file-size", metavar="SIZE", callback=lambda _c, _p, v: _parse_size(v),
              help="Skip drafts larger than this (bytes, or with K/M/G: 20M). Default: the config's max_file_size, 10M.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default="0: all cores",
              help="Worker processes for reading and checking files; the report is the same for any number.")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the library index in .healthlint_cache/ (every file is checked afresh).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files the project's .gitignore files ignore (default: on, or the config's respect_gitignore).")
@click.option("--show-all", is_flag=True,
              help="Also report the findings inside a paragraph that another finding asks to remove (a typo in "
                   "pasted boilerplate); by default they are only counted in --statistics.")
@click.option("--stdin-filename", metavar="PATH",
              help="With '-': the name of the draft read from standard input, for its format, the config's "
                   "overrides and the report (default: stdin.md).")
@click.option("--output-format", "text_style", type=click.Choice(["full", "concise"]), default=None,
              help="How --format text shows findings: full (grouped by file, the source line with the span "
                   "underlined; the default on a terminal) or concise (one line a finding; the default when piped).")
@click.option("--show-fixes", is_flag=True, help="Show the fix of each fixable finding.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means an input or config error).")
def check(paths, fmt, config_path, select, ignore, fail_on, quiet, statistics, no_color, output,
          baseline_path, write_baseline_path, fix, show_diff, max_file_size, jobs, no_cache, respect_gitignore,
          show_all, stdin_filename, text_style, show_fixes, exit_zero):
    """Lint drafts: files and folders (default: the current folder), or '-' for standard input.

    Folders are searched recursively for drafts: Markdown (.md, .markdown), MDX (.mdx), plain
    text (.txt), HTML (.html, .htm), reStructuredText (.rst), AsciiDoc (.adoc) and Word (.docx),
    and the suffixes the config's `formats` adds. Hidden folders, .git, node_modules, the
    config's `exclude` globs and what .gitignore ignores are skipped. A file named on the
    command line is always linted.

    \b
    Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 a usage, config or input error.

    \b
    Examples:
      healthlint check                       # the current folder
      healthlint check drafts/ --statistics
      healthlint check --select unsourced-claim,HL3 article.md
      healthlint check --ignore typo --fail-on error drafts/
      healthlint check --format json drafts/ > findings.json
      healthlint check --format html -o report.html drafts/
      healthlint check --write-baseline .healthlint-baseline.json drafts/
      healthlint check --baseline .healthlint-baseline.json drafts/
      healthlint check --diff drafts/        # show the fixes --fix would make
      healthlint check --fix drafts/         # apply them (atomically, encoding and line endings kept)
      cat draft.md | healthlint check - --stdin-filename content/draft.md
    """
    from .config import load_config
    from .api import build_rules, exit_code, lint_paths
    from .progress import ProgressBar
    from .reporters import HUMAN_FORMATS, render

    if baseline_path and write_baseline_path:
        _fail("use either --baseline (report new findings) or --write-baseline (record them), not both")
    # A bar only where a person watches a human report: never in pipes, CI logs or machine formats.
    bar = ProgressBar() if (fmt in HUMAN_FORMATS and not quiet and _stderr_is_terminal()) else None
    baseline = None
    if "-" in paths:
        if len(paths) > 1:
            _fail("'-' reads one draft from standard input: do not name other paths with it")
        if write_baseline_path or baseline_path:
            _fail("--baseline and --write-baseline work on files, not on standard input")
    elif stdin_filename:
        _fail("--stdin-filename names the draft read from standard input: give '-' as the path too")
    try:
        config = load_config(config_path)
        if max_file_size is not None:
            config.max_file_size = max_file_size
        if respect_gitignore is not None:
            config.respect_gitignore = respect_gitignore
        rules = build_rules(config, _split(select), _split(ignore))
        if "-" in paths:
            _check_stdin(stdin_filename or "stdin.md", config, rules, fmt=fmt, fix=fix, show_diff=show_diff,
                         quiet=quiet, statistics=statistics, no_color=no_color, output=output, fail_on=fail_on,
                         show_all=show_all)
        try:
            result = lint_paths(list(paths) or ["."], config, rules=rules, progress=bar,
                                jobs=jobs, cache=not no_cache)
        finally:
            if bar is not None:
                bar.close()
        if fix or show_diff:
            result = _fix(result, rules, config, list(paths) or ["."], write=not show_diff,
                          jobs=jobs, cache=not no_cache)
        if show_all and result.hidden:
            result.diagnostics = sorted(result.diagnostics + result.hidden, key=lambda d: d.sort_key())
            result.hidden = []
        if write_baseline_path:
            from .baseline import write_baseline  # only here: fingerprints cost start-up time

            count = write_baseline(write_baseline_path, result.diagnostics)
        elif baseline_path:
            from .baseline import apply_baseline

            baseline = apply_baseline(baseline_path, result.diagnostics, result.files)
            result.diagnostics = baseline.new
    except HealthlintError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # before any write (writes hold SIGINT until the file is replaced)
        click.echo("healthlint: interrupted", err=True)
        sys.exit(130)
    for problem in result.problems:
        _report_problem(problem)
    for folder in result.empty_folders:
        click.echo(f"healthlint: warning: {_clean(folder)}: no drafts found ({_suffix_list(config)})", err=True)
    if write_baseline_path:
        click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to {write_baseline_path}; "
                   f"`healthlint check --baseline {write_baseline_path}` now reports only new ones.")
        sys.exit(2 if any(p.fatal for p in result.problems) else 0)
    if baseline is not None and statistics and fmt != "text":
        # machine formats have no place for it; say it on stderr so the report stays parseable
        from .reporters.text import baseline_lines

        for line in baseline_lines(baseline):
            click.echo(f"healthlint: baseline: {line.strip()}", err=True)
    stream_is_tty = output is None and _stdout_is_terminal()
    color = stream_is_tty and not no_color and "NO_COLOR" not in os.environ
    style = text_style or ("full" if stream_is_tty else "concise")
    text = render(fmt, result, color=color, quiet=quiet, statistics=statistics, rules=rules, baseline=baseline,
                  output_format=style, show_fixes=show_fixes)
    if output:
        try:
            from .atomic import replace_file

            replace_file(output, text.encode("utf-8", "surrogateescape"))  # a CI step reading it never sees half a report
        except OSError as exc:
            _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False, color=color)
    code = exit_code(result, fail_on or config.fail_on)
    sys.exit(0 if exit_zero and code == 1 else code)


def _suffix_list(config) -> str:
    from .discover import draft_suffixes

    return ", ".join(sorted(draft_suffixes(config)))


def _check_stdin(name: str, config, rules, *, fmt, fix, show_diff, quiet, statistics, no_color, output, fail_on,
                 show_all=False):
    """`healthlint check -`: one draft from standard input, named `name`. With --fix the fixed
    draft goes to standard output (as ruff and prettier do) and the findings left to stderr;
    with --diff the diff goes to standard output."""
    from .api import FileProblem, LintResult, exit_code, lint_document_fully
    from .errors import InputError
    from .readers import format_for_path, is_binary_format, parse_document
    from .decode import decode_bytes
    from .reporters import render

    data = sys.stdin.buffer.read()
    if len(data) > config.max_file_size:
        _fail(f"{name} (standard input): is {len(data)} bytes, above the {config.max_file_size}-byte limit")
    fmt_of_draft = format_for_path(name, default="markdown", extra=config.formats)
    result = LintResult(files=[name])
    try:
        if is_binary_format(fmt_of_draft):
            doc = parse_document(data, fmt_of_draft, name)
            decoded = None
        else:
            decoded = decode_bytes(data, name)
            doc = parse_document(decoded.text, fmt_of_draft, name)
            if decoded.notice:
                result.problems.append(FileProblem(name, decoded.notice, fatal=False))
    except InputError as exc:
        _fail(f"{name} (standard input): {exc.message}")
    linted = lint_document_fully(doc, rules, config)
    if linted.outcome.problem is not None:
        result.problems.append(linted.outcome.problem)
    result.diagnostics, result.hidden = linted.diagnostics, linted.hidden
    if show_all:
        result.diagnostics, result.hidden = sorted(result.diagnostics + result.hidden, key=lambda d: d.sort_key()), []
    if (fix or show_diff) and decoded is not None:
        from . import fix as fixing

        fixed, count = fixing.fix_text(decoded.text, name, result.diagnostics, rules, config)
        if show_diff:
            import difflib

            click.echo("".join(difflib.unified_diff(decoded.text.splitlines(True), fixed.splitlines(True),
                                                    f"a/{name}", f"b/{name}")), nl=False)
            click.echo(f"healthlint: would fix {count} problem{'s' if count != 1 else ''} in {_clean(name)}", err=True)
            sys.exit(1 if count else 0)
        sys.stdout.write(fixed)
        sys.stdout.flush()
        if count:
            click.echo(f"healthlint: fixed {count} problem{'s' if count != 1 else ''} in {_clean(name)}", err=True)
        result.diagnostics = lint_document_fully(parse_document(fixed, fmt_of_draft, name), rules, config,
                                                 cross_file=False).diagnostics
        for problem in result.problems:
            _report_problem(problem)
        left = render("text", result, color=False, quiet=quiet, statistics=statistics, rules=rules)
        click.echo(left, nl=False, err=True)
        sys.exit(exit_code(result, fail_on or config.fail_on))
    for problem in result.problems:
        _report_problem(problem)
    color = output is None and _stdout_is_terminal() and not no_color and "NO_COLOR" not in os.environ
    text = render(fmt, result, color=color, quiet=quiet, statistics=statistics, rules=rules)
    if output:
        from .atomic import replace_file

        try:
            replace_file(output, text.encode("utf-8", "surrogateescape"))
        except OSError as exc:
            _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False, color=color)
    sys.exit(exit_code(result, fail_on or config.fail_on))


def _clean(text: str) -> str:
    """Paths and messages can hold draft text or odd file names: no terminal control characters."""
    from .reporters.text import clean

    return clean(str(text))


def _report_problem(problem) -> None:
    label = "error" if problem.fatal else "notice"
    click.echo(f"healthlint: {label}: {_clean(problem.path)}: {_clean(problem.message)}", err=True)


def _parse_size(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().upper().removesuffix("B")
    scale = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}.get(text[-1:], 1)
    number = text[:-1] if scale != 1 else text
    try:
        size = int(float(number) * scale)
    except (ValueError, OverflowError):
        size = -1
    if size <= 0:
        raise click.BadParameter(f"'{value}' is not a size (bytes, or a number with K, M or G, e.g. 20M)")
    from .config import MAX_FILE_SIZE_CEILING

    if size > MAX_FILE_SIZE_CEILING:
        _fail(f"--max-file-size {value}: above the largest draft healthlint reads, "
              f"{MAX_FILE_SIZE_CEILING >> 20}M (linting takes about a second a megabyte)")
    return size


def _fix(result, rules, config, paths, *, write: bool, jobs: int = 1, cache: bool = False):
    """--fix / --diff. With --diff the unified diff goes to standard output and the exit code
    says whether anything would change (1) or not (0); with --fix the files are written, each
    change is reported on standard error, and the drafts are linted again so that only the
    findings that remain are reported (with the run's jobs and cache: only the written drafts
    are checked afresh, the rest come from the index the first pass just filled)."""
    from . import fix as fixing
    from .api import exit_code, lint_paths

    run = fixing.plan(result, rules, config)
    if not write:
        for file_fix in run.files:
            click.echo(fixing.unified_diff(file_fix), nl=False)
        for problem in result.problems + run.problems:
            _report_problem(problem)
        n = run.count
        click.echo(f"healthlint: would fix {n} problem{'s' if n != 1 else ''} in {len(run.files)} "
                   f"file{'s' if len(run.files) != 1 else ''}", err=True)
        sys.exit(2 if exit_code(result, "error") == 2 else 1 if run.files else 0)
    fixing.write(run)
    for file_fix in run.written:
        n = file_fix.count
        click.echo(f"healthlint: fixed {n} problem{'s' if n != 1 else ''} in {_clean(file_fix.path)}", err=True)
    if run.interrupted is not None:
        left = len(run.files) - len(run.written)
        click.echo(f"healthlint: interrupted; {len(run.written)} file(s) fixed, {left} left untouched", err=True)
        sys.exit(128 + run.interrupted)
    if run.written:
        result = lint_paths(paths, config, rules=rules, jobs=jobs, cache=cache)
    result.problems.extend(run.problems)
    return result


@main.command(context_settings=CONTEXT)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file with extra packs.")
def rules(config_path):
    """List every rule: code, id, family, default severity and summary. Opt-in rules, off
    until the config enables them, are marked.

    \b
    Example:
      healthlint rules
    """
    from .config import load_config
    from .packs import load_packs

    try:
        config = load_config(config_path)
        specs = load_packs(config.pack_paths(), include_default=config.default_pack)
    except HealthlintError as exc:
        _fail(str(exc))
    rows = [(s.code, s.id, s.family, s.severity + ("" if s.enabled else " (opt-in)"),
             str(s.docs.get("summary", "")).strip()) for s in sorted(specs, key=lambda s: s.code)]
    widths = [max(len(r[i]) for r in rows + [("CODE", "RULE", "FAMILY", "SEVERITY", "")]) for i in range(4)]
    header = ("CODE", "RULE", "FAMILY", "SEVERITY", "SUMMARY")
    for row in [header] + rows:
        click.echo("  ".join(col.ljust(widths[i]) if i < 4 else col for i, col in enumerate(row)).rstrip())


@main.command(context_settings=CONTEXT)
@click.argument("rule")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file with extra packs.")
def explain(rule, config_path):
    """Explain a rule: what it flags, why it matters, a failing and a passing example, options.

    \b
    Examples:
      healthlint explain unsourced-claim
      healthlint explain HL101
    """
    from .config import load_config
    from .packs import did_you_mean, load_packs

    try:
        config = load_config(config_path)
        specs = load_packs(config.pack_paths(), include_default=config.default_pack)
    except HealthlintError as exc:
        _fail(str(exc))
    match = [s for s in specs if rule in (s.id, s.code, s.code.lower())]
    if not match:
        names = [s.id for s in specs] + [s.code for s in specs]
        _fail(f"no rule named '{rule}'{did_you_mean(rule, names)}; see `healthlint rules`")
    from .ruledocs import as_text, rule_doc

    click.echo(as_text(rule_doc(match[0])))


@main.group(context_settings=CONTEXT)
def cache():
    """Manage the library index cache (.healthlint_cache/ next to the config file, or in the
    current folder). It keeps each draft's findings and cross-file summaries so that unchanged drafts are
    not checked again; it is rebuilt by itself when it is damaged or out of date.

    \b
    Example:
      healthlint cache clear
    """


@cache.command("clear", context_settings=CONTEXT)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file whose cache to clear.")
def cache_clear(config_path):
    """Delete the library index cache."""
    from .store.outcomes import cache_folder_for, clear_cache
    from .config import load_config

    try:
        config = load_config(config_path)
    except HealthlintError as exc:
        _fail(str(exc))
    folder = cache_folder_for(config)
    if clear_cache(folder):
        click.echo(f"Cleared {folder}")
    else:
        click.echo(f"No cache at {folder}")


@main.command(context_settings=CONTEXT)
def server():
    """Run the language server (LSP over standard input and output) for editors.

    \b
    Editors start it themselves; see docs/editors.md for Neovim, Helix, Emacs,
    Sublime Text, Zed and VS Code (editors/vscode/)."""
    from .lsp import main as run

    run()


@main.command(context_settings=CONTEXT)
@click.option("--path", "target", default=".healthlint.yaml", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the starter config.")
def init(target):
    """Write a starter .healthlint.yaml for this project (never overwrites an existing file).

    It detects Jekyll, Hugo, Astro, Eleventy, Gatsby and Next sites, and sets only what matches
    the project: where the drafts are (library), the build output to skip (exclude), and the
    layout partials or components that carry a disclaimer (provided). Everything else is written
    commented out.

    \b
    Example:
      healthlint init
    """
    from .project import detect, starter_config

    if os.path.exists(target):
        _fail(f"{target}: already exists; not overwritten")
    project = detect(os.path.dirname(os.path.abspath(target)))
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(starter_config(project))
    except OSError as exc:
        _fail(f"{target}: cannot write: {exc.strerror}")
    found = f" for a {project.builder.capitalize()} site" if project.builder != "none" else ""
    click.echo(f"Wrote {target}{found}. Edit it, then run `healthlint check`.")


if __name__ == "__main__":  # pragma: no cover
    main()
