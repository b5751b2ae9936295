"""Finds imports placed inside functions that reach another app of cwg (tests and AppConfig.ready aside)."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cwg"


def _apps(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def _target(module: str, apps: set[str]) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "cwg" and parts[1] in apps else None


def _imported_modules(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package[: len(package) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    return [module]


def _scan_file(path: Path, rel: Path, apps: set[str]) -> list[str]:
    own_app = rel.parts[0]
    package = ["cwg", *rel.parts[:-1]]
    found = []

    def visit(node, function: str | None):
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name if function is None else f"{function}.{child.name}"
                # Django's hook where an app plugs itself into the lower layers' registries.
                if rel.name == "apps.py" and child.name == "ready":
                    continue
            if function is not None and isinstance(child, ast.Import | ast.ImportFrom):
                for module in _imported_modules(child, package):
                    target = _target(module, apps)
                    if target is not None and target != own_app:
                        found.append(f"{rel.as_posix()}: {function} -> {module}")
            visit(child, name)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def function_level_cross_app_imports(root: Path = SOURCE) -> list[str]:
    """Lines `app/module.py: function -> cwg.other.module`, one per import, sorted."""
    apps = _apps(root)
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] not in apps or "tests" in rel.parts or "migrations" in rel.parts:
            continue
        found += _scan_file(path, rel, apps)
    return sorted(found)


if __name__ == "__main__":
    print("\n".join(function_level_cross_app_imports()))
