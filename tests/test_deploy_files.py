"""The deployment files name only things that exist.

Docker cannot run on the development machines, so these tests read the Dockerfile,
docker-compose.yml, .dockerignore, .ci/run and the README and check every file, module,
setting, management command and URL they rely on against the code.
"""

import ast
import fnmatch
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

from hub.health import healthz

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERIGNORE = [
    line.strip()
    for line in (ROOT / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
# Process-level variables that are not Django settings.
RUNTIME_VARS = {"PATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PORT", "WEB_CONCURRENCY"}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    rows = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def final_stage() -> list[tuple[str, str]]:
    rows = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(rows) if keyword == "FROM")
    return rows[last_from:]


def copied_sources() -> list[str]:
    sources = []
    for keyword, args in final_stage():
        if keyword == "COPY" and "--from=" not in args:
            parts = [p for p in shlex.split(args) if not p.startswith("--")]
            sources.extend(parts[:-1])
    return sources


def ignored_by_docker(path: str) -> bool:
    return any(fnmatch.fnmatch(path, pattern.lstrip("/")) for pattern in DOCKERIGNORE)


def settings_read_from_environment() -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / "hub" / "settings").glob("*.py"))
    return set(re.findall(r"""(?:env_\w+|os\.environ\.get)\(\s*["']([A-Z0-9_]+)["']""", text))


def manage_py_commands(text: str) -> set[str]:
    return set(re.findall(r"manage\.py[\"',\s]+([a-z_]+)", text))


def compose_text() -> str:
    return (ROOT / "docker-compose.yml").read_text()


def test_every_file_the_image_copies_exists_and_is_in_the_build_context():
    sources = copied_sources()
    assert sources, "the final stage copies the code"
    for source in sources:
        assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"
        assert not ignored_by_docker(source), f".dockerignore hides {source} from the build"
    builder_copies = re.findall(r"^COPY (\S+) /tmp/", DOCKERFILE, flags=re.MULTILINE)
    assert builder_copies == ["requirements.txt"]
    assert (ROOT / "requirements.txt").exists()


def test_the_image_holds_the_project_package_and_every_local_app():
    local_apps = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert {"home", "clips", "contributions", "search"} <= local_apps
    copied = {Path(source).parts[0] for source in copied_sources()}
    assert local_apps | {"hub", "manage.py"} <= copied


def test_the_image_is_multi_stage_slim_python_311_and_runs_as_a_non_root_user():
    stages = [args for keyword, args in dockerfile_instructions() if keyword == "FROM"]
    assert len(stages) >= 2
    assert re.search(r"ARG PYTHON_IMAGE=python:3\.11-slim", DOCKERFILE)
    assert "COPY --from=builder /venv /venv" in DOCKERFILE
    users = [args for keyword, args in final_stage() if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}


def test_static_files_are_collected_at_build_time_with_production_settings_and_a_dummy_key():
    env = " ".join(args for keyword, args in final_stage() if keyword == "ENV")
    assert "DJANGO_SETTINGS_MODULE=hub.settings.production" in env
    assert (ROOT / "hub" / "settings" / "production.py").exists()
    collect = [
        args for keyword, args in final_stage() if keyword == "RUN" and "collectstatic" in args
    ]
    assert len(collect) == 1
    assert "SECRET_KEY=build-only" in collect[0]
    assert "collectstatic" in get_commands()


def test_the_image_serves_the_wsgi_application_with_gunicorn():
    (cmd,) = [args for keyword, args in final_stage() if keyword == "CMD"]
    assert "gunicorn hub.wsgi:application" in cmd
    wsgi = ast.parse((ROOT / "hub" / "wsgi.py").read_text())
    assigned = {t.id for node in wsgi.body if isinstance(node, ast.Assign) for t in node.targets}
    assert "application" in assigned
    assert re.search(r"^gunicorn==\S+$", (ROOT / "requirements.txt").read_text(), re.MULTILINE)


def test_the_healthcheck_asks_healthz_which_the_app_answers():
    (check,) = [args for keyword, args in final_stage() if keyword == "HEALTHCHECK"]
    assert "/healthz" in check
    assert resolve("/healthz").func is healthz
    assert r"^healthz$" in " ".join(
        (ROOT / "hub" / "settings" / "production.py").read_text().splitlines()
    ), "the health check must not be redirected to HTTPS"


def test_no_container_migrates_on_start_and_migrating_is_a_separate_release_step():
    start = [args for keyword, args in final_stage() if keyword in {"CMD", "ENTRYPOINT"}]
    assert not any("migrate" in args for args in start)
    services = COMPOSE["services"]
    for name in ("app", "worker"):
        assert "migrate" not in " ".join(services[name].get("command", []))
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"


def test_compose_runs_the_app_a_task_worker_postgresql_and_a_one_off_migrate():
    services = COMPOSE["services"]
    assert set(services) == {"db", "migrate", "app", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    for name in ("migrate", "app", "worker"):
        assert services[name]["build"] == "."
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert "8000:8000" in services["app"]["ports"]


def test_every_management_command_the_deploy_files_name_exists():
    named = manage_py_commands(DOCKERFILE) | manage_py_commands(compose_text())
    assert {"migrate", "collectstatic", "db_worker"} <= named
    missing = named - set(get_commands())
    assert not missing, f"deploy files name missing commands: {missing}"


def test_every_variable_the_deploy_files_set_is_read_by_the_settings():
    known = settings_read_from_environment() | {"DJANGO_SETTINGS_MODULE"}
    compose_vars = set()
    for service in COMPOSE["services"].values():
        if service.get("build"):
            compose_vars |= set(service["environment"])
    final = " ".join(args for keyword, args in final_stage() if keyword in {"ENV", "RUN"})
    dockerfile_vars = set(re.findall(r"\b([A-Z][A-Z0-9_]+)=", final))
    unknown = (compose_vars | dockerfile_vars) - known - RUNTIME_VARS
    assert not unknown, f"deploy files set variables no setting reads: {unknown}"


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image():
    for path in (".git", ".venv", "db.sqlite3", "media", "media_private", "static_collected"):
        assert ignored_by_docker(path), f"{path} would be sent to the Docker build"


def test_the_ci_script_is_strict_bash_and_covers_every_stage():
    script = ROOT / ".ci" / "run"
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert os.access(script, os.X_OK)
    for step in ("make --no-print-directory test", "postgres://", "check_deploy", "chromium"):
        assert step in text


def test_every_make_target_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    named = set(re.findall(r"`make ([a-z][\w-]*)", readme))
    assert {"run", "test"} <= named
    assert named <= targets, f"README names missing make targets: {named - targets}"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hub.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": "x7Qp-2vLr9_KmT4sWzN8bYc1HdFgJ3aE6uRoPiVnXe5tSl0qMwBjCkDyAhZfUG",
    "ALLOWED_HOSTS": "hub.example.org",
    "SECURE_HSTS_PRELOAD": "true",
}


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_manage(
        "check",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        SECRET_KEY="",
        ALLOWED_HOSTS="hub.example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_readme_documents_every_environment_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()
    undocumented = {name for name in settings_read_from_environment() if f"`{name}`" not in readme}
    assert not undocumented, f"README's Configuration table lacks: {sorted(undocumented)}"
