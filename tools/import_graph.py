"""Print cxnlp's module tree with line counts and its internal import graph; exit 1 on an import
cycle (top-level imports) or an import of a private name from another module.

    python tools/import_graph.py            # tree, graph, checks
    python tools/import_graph.py --check    # checks only
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cxnlp"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(current: str, is_package: bool, level: int, target: str | None) -> str:
    base = current.split(".")
    base = base if is_package else base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports(path: Path, modules: set[str]):
    """(imported module, names, top_level) for each cxnlp import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name, is_package = module_name(path), path.name == "__init__.py"
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = resolve(name, is_package, node.level, node.module) if node.level else node.module or ""
            if not target.startswith("cxnlp"):
                continue
            in_type_check = False
            for names in (alias.name for alias in node.names):
                sub = f"{target}.{names}"
                yield (sub if sub in modules else target), names, id(node) in top and not in_type_check


def main() -> int:
    files = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    modules = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    problems = []
    for path in files:
        current = module_name(path)
        for target, name, top_level in imports(path, modules):
            owner = target if target in modules else target.rsplit(".", 1)[0]
            if top_level and owner != current and owner in modules:
                graph[current].add(owner)
            private = name.startswith("_") and not name.startswith("__")
            same_package = owner.rsplit(".", 1)[0] == current.rsplit(".", 1)[0] or owner.startswith(current + ".")
            if private and owner != current and not same_package:
                problems.append(f"{current} imports private {owner}.{name}")
    # cycles among top-level imports (a package importing its own submodules is not a cycle)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                problems.append("cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    if "--check" not in sys.argv:
        for path in files:
            rel = path.relative_to(PACKAGE.parent)
            print(f"{len(path.read_text(encoding='utf-8').splitlines()):5d}  {rel}")
        print()
        for node in sorted(graph):
            print(f"{node} -> {', '.join(sorted(graph[node])) or '-'}")
        print()
    for problem in problems:
        print(problem)
    print(f"{len(files)} modules, {sum(map(len, graph.values()))} import edges, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
