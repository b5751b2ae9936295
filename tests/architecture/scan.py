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


def _is_private(name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in name.split("."))


def _test_files(root: Path) -> list[Path]:
    files = [p for p in (root / "src" / "cwg").rglob("*.py") if "tests" in p.parts]
    files += list((root / "tests").rglob("*.py"))
    files += [p for p in root.glob("conftest.py")]
    return sorted(files)


def private_names_used_by_tests(root: Path = SOURCE.parents[1]) -> list[str]:
    """Lines `path:line name` for each private name of cwg a test imports or reads off a cwg module
    (`from cwg.x import _y`, `import cwg.x._y`, `x._y` where x was imported from cwg)."""
    found = []
    for path in _test_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(root).as_posix()
        modules: set[str] = set()  # local names bound to a cwg module or object
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "cwg":
                        if _is_private(alias.name):
                            found.append(f"{rel}:{node.lineno} {alias.name}")
                        modules.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "cwg":
                if _is_private(node.module):
                    found.append(f"{rel}:{node.lineno} {node.module}")
                for alias in node.names:
                    if _is_private(alias.name):
                        found.append(f"{rel}:{node.lineno} {node.module}.{alias.name}")
                    modules.add(alias.asname or alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and _is_private(node.attr)
                and node.attr != "_meta"  # Django's documented model API
            ):
                found.append(f"{rel}:{node.lineno} {node.value.id}.{node.attr}")
    return sorted(set(found))


BUILDERS = {"create", "get_or_create", "update_or_create", "bulk_create"}


def models_built_by_tests(root: Path = SOURCE.parents[1]) -> dict[tuple[str, str], list[str]]:
    """{(class name, module it was imported from or ""): ["path:line", ...]} for each
    `Name.objects.create(...)` (or get_or_create, update_or_create, bulk_create) in the tests and
    the shared test helpers."""
    files = _test_files(root) + sorted((root / "src" / "cwg" / "testing").glob("*.py"))
    found: dict[tuple[str, str], list[str]] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        origins = {
            alias.asname or alias.name: (alias.name, node.module or "")
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in BUILDERS
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "objects"
                and isinstance(node.func.value.value, ast.Name)
            ):
                local = node.func.value.value.id
                key = origins.get(local, (local, ""))
                where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                found.setdefault(key, []).append(where)
    return found
