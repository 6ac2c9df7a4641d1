"""The layering of src/healthlint, checked from the source: no module imports another module's
private names, and no import cycle ties modules together (including imports deferred into
functions, which still make one module need the other to work)."""
from __future__ import annotations

import ast
import sys
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent.parent / "src" / "healthlint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: set[str]) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import inside the package,
    type-checking-only imports left out (they do not run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    type_only.add(id(sub))
    out = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    out.append((alias.name, None, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            if target not in known:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:  # `from . import kinds`: the module itself
                    out.append((sub, None, node.lineno))
                else:
                    out.append((target, alias.name, node.lineno))
    return out


def _graph():
    mods = _modules()
    known = set(mods)
    return mods, {m: imports_of(m, p, known) for m, p in mods.items()}


def private_imports() -> list[str]:
    mods, graph = _graph()
    bad = []
    for module, imports in graph.items():
        for target, name, line in imports:
            if name and name.startswith("_") and not name.startswith("__") and target != module:
                bad.append(f"{mods[module].relative_to(PACKAGE.parent)}:{line}: imports {target}.{name}")
    return bad


def import_cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    _, graph = _graph()
    edges = {m: sorted({t for t, _, _ in imps if t != m and not _is_parent(t, m)}) for m, imps in graph.items()}
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    import sys

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def _is_parent(target: str, module: str) -> bool:
    """`from . import x` in a package's module runs the package's __init__: not a dependency
    of the module on its siblings' package in the sense of a layering cycle."""
    return module.startswith(target + ".")


def test_no_module_imports_another_modules_private_names():
    assert private_imports() == []


def test_no_import_cycle_between_modules():
    assert import_cycles() == []


def test_the_checks_catch_what_they_promise(tmp_path, monkeypatch):
    """A near-miss pair: the checker itself flags a planted cycle and a planted private import."""
    pkg = tmp_path / "healthlint"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import public\n\ndef f():\n    from .c import _hidden\n")
    (pkg / "b.py").write_text("def public():\n    from . import a\n")
    (pkg / "c.py").write_text("_hidden = 1\n")
    (pkg / "d.py").write_text("from .c import __doc__\n")  # dunder: not private
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", pkg)
    assert private_imports() == ["healthlint/a.py:4: imports healthlint.c._hidden"]
    assert import_cycles() == [["healthlint.a", "healthlint.b"]]


if __name__ == "__main__":  # pragma: no cover
    for line in private_imports():
        print(line)
    for cycle in import_cycles():
        print("cycle:", " -> ".join(cycle))
