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


@pytest.mark.parametrize(
    ("module", "added", "reported"),
    [
        # clips must never reach up to the community app
        ("clips/queries.py", "import contributions.models", "clips.queries -> contributions"),
        # a cycle inside an app: the captions parser importing the views that use it
        ("clips/captions.py", "from clips import views", "No cycles are allowed in clips"),
        # people, the concern the others build on, reaching up to learner activity
        (
            "contributions/people/ladder.py",
            "import contributions.activity.services",
            "contributions.people is not allowed to import contributions.activity",
        ),
        # the community's core importing one of its own apps (they register with it instead)
        (
            "contributions/me.py",
            "import contributions.notifications.models",
            "contributions.me is not allowed to import contributions.notifications",
        ),
        # one concern importing another's pages
        (
            "contributions/moderation/queries.py",
            "import contributions.activity.views",
            "contributions.moderation is not allowed to import contributions.activity.views",
        ),
    ],
)
def test_an_import_against_the_contracts_is_reported(tmp_path, module, added, reported):
    """The check is real: a back-import or a cycle makes lint-imports fail and name it."""
    copy = tmp_path / "hubbub"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "media*", "*.sqlite3"),
    )
    target = copy / module
    target.write_text(target.read_text() + f"\n{added}  # noqa\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert reported in result.stdout
