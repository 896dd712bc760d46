"""docker-compose.yml and the Dockerfile refer only to things that exist.

No Docker engine runs on the CI machines, so this checks the files themselves."""

import re
import shlex
from pathlib import Path

import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = (ROOT / "thekiz_portal" / "settings.py").read_text()


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile_lines() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_compose_builds_the_portal_from_this_directory():
    services = compose()["services"]
    assert services["web"]["build"] == "."
    assert (ROOT / "Dockerfile").is_file()
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["db"]["image"].startswith("postgres:")


def test_every_named_volume_is_declared_and_used():
    data = compose()
    declared = set(data["volumes"])
    used = {
        mount.split(":")[0]
        for service in data["services"].values()
        for mount in service.get("volumes", [])
    }
    assert used == declared == {"db-data", "media", "private"}


def test_the_portal_variables_are_ones_the_settings_read():
    environment = compose()["services"]["web"]["environment"]
    for name in environment:
        if name.startswith("THEKIZ_"):
            assert f'"{name.removeprefix("THEKIZ_")}"' in SETTINGS, name
    assert environment["THEKIZ_ENVIRONMENT"] == "production"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["THEKIZ_MEDIA_ROOT"] == "/data/media"
    # Handbook downloads live apart from the media the portal serves to anyone.
    assert environment["THEKIZ_PRIVATE_ROOT"] == "/data/private"


def test_the_dockerfile_copies_files_that_exist_and_runs_the_wsgi_app():
    lines = dockerfile_lines()
    for line in lines:
        if line.startswith("COPY "):
            source = shlex.split(line)[1]
            assert (ROOT / source).exists(), source
    cmd = next(line for line in lines if line.startswith("CMD "))
    assert "migrate --no-input" in cmd
    module = re.search(r"gunicorn (\S+):application", cmd).group(1)
    assert (ROOT / (module.replace(".", "/") + ".py")).is_file()
    assert any("collectstatic" in line for line in lines)
    assert any("--require-hashes -r requirements.txt" in line for line in lines)


def test_the_health_check_calls_the_health_endpoint():
    check = next(line for line in dockerfile_lines() if line.startswith("HEALTHCHECK"))
    path = re.search(r"http://127\.0\.0\.1:8000(/[^'\"]*)", check).group(1)
    assert resolve(path).url_name == "health"


def test_the_media_volume_is_writable_by_the_portal_user():
    lines = dockerfile_lines()
    assert any("chown thekiz /data/media" in line for line in lines)
    assert "USER thekiz" in lines


def test_the_worker_sends_the_mails_with_the_portals_settings():
    services = compose()["services"]
    worker = services["worker"]
    assert worker["build"] == services["web"]["build"]
    assert worker["environment"] == services["web"]["environment"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert "ports" not in worker
    # The command exists and takes the options given.
    from django.core.management import get_commands, load_command_class

    command = load_command_class(get_commands()["db_worker"], "db_worker")
    command.create_parser("manage.py", "db_worker").parse_args(worker["command"][3:])


def test_make_run_starts_the_worker_beside_the_server():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\nrun:") : makefile.index("\ntest:")]
    assert "manage.py run_with_worker $(HOST):$(PORT)" in recipe
