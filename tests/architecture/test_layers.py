"""The layers of the apps hold: lint-imports passes, fails on a forbidden import, and no new import
placed inside a function crosses apps."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.architecture.scan import SOURCE, function_level_cross_app_imports

ROOT = SOURCE.parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Imports inside functions that cross apps, with why each is still there. The list may only
# shrink: a new one fails the test below; a line here that no longer matches fails it as well,
# so that removing an import also removes its excuse.
ALLOWED_FUNCTION_LEVEL_IMPORTS: dict[str, str] = {
    # "<app>/<module>.py: <function> -> <imported module>": "why it cannot be at the top",
}


def _lint_imports(source_root: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=source_root.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_hold():
    result = _lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        ("core/floor_probe.py", "cwg.meetings.models", "core is the floor"),
        ("groups/layer_probe.py", "cwg.documents.queries", "Apps depend only on the apps below"),
        ("documents/services/probe.py", "cwg.documents.api", "never import views or APIs"),
    ],
)
def test_a_forbidden_import_breaks_the_contracts(tmp_path, importer, imported, contract):
    """The same contracts on a copy of the code with one forbidden import added."""
    copy = tmp_path / "src" / "cwg"
    shutil.copytree(
        SOURCE,
        copy,
        ignore=shutil.ignore_patterns("locale", "static", "data", "*.pyc", "__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint_imports(tmp_path / "src", tmp_path / "pyproject.toml").returncode == 0

    (copy / importer).write_text(f'"""A probe."""\n\nimport {imported}  # noqa: F401\n')
    result = _lint_imports(tmp_path / "src", tmp_path / "pyproject.toml")
    assert result.returncode != 0, result.stdout
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
    assert imported in result.stdout


def test_no_new_import_inside_a_function_crosses_apps():
    found = set(function_level_cross_app_imports())
    new = sorted(found - ALLOWED_FUNCTION_LEVEL_IMPORTS.keys())
    gone = sorted(ALLOWED_FUNCTION_LEVEL_IMPORTS.keys() - found)
    assert not new, (
        "Imports inside functions that reach another app (import at the top from a lower app, "
        "or let the higher app register itself through cwg.core.sections or a signal):\n"
        + "\n".join(new)
    )
    assert not gone, "No longer found; remove from ALLOWED_FUNCTION_LEVEL_IMPORTS:\n" + "\n".join(
        gone
    )


def test_the_scan_sees_an_import_inside_a_function(tmp_path):
    app = tmp_path / "meetings"
    app.mkdir()
    (tmp_path / "documents").mkdir()
    for package in (app, tmp_path / "documents"):
        (package / "__init__.py").write_text("")
    (app / "queries.py").write_text(
        "def rows():\n    from cwg.documents.models import Document\n    return Document\n"
    )
    assert function_level_cross_app_imports(tmp_path) == [
        "meetings/queries.py: rows -> cwg.documents.models"
    ]


def test_every_app_runs_its_own_app_config():
    """An app whose apps.py Django cannot pick (two AppConfig classes in it) silently falls back to
    the plain AppConfig, and the page parts it adds would be missing."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("cwg.") and (SOURCE / config.label / "apps.py").exists():
            assert type(config).__module__ == f"{config.name}.apps", config.name
