"""The shape of the code: each app imports alone, and dependencies point one way."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["hub", "home", "clips", "contributions", "search", "demo"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
import django
django.setup()
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    # Settings modules are chosen by DJANGO_SETTINGS_MODULE, not imported by code.
    if ".migrations" not in module.name and not module.name.startswith("hub.settings."):
        importlib.import_module(module.name)
"""


@pytest.mark.parametrize("app", APPS)
def test_every_module_of_an_app_imports_alone_in_a_fresh_interpreter(app):
    """No module relies on another having been imported first (what a cycle hides)."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE, app],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "hub.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_dependency_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_an_import_against_the_layers_breaks_the_contract(tmp_path):
    """The check is real: clips importing the community app is reported."""
    copy = tmp_path / "hubbub"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "media*", "*.sqlite3"),
    )
    queries = copy / "clips" / "queries.py"
    queries.write_text(queries.read_text() + "\nimport contributions.models  # noqa\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "clips.queries -> contributions.models" in result.stdout
