import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "THEKIZ_ENVIRONMENT": "production",
    "THEKIZ_SECRET_KEY": "x7!kq2-" * 10,
    "THEKIZ_ALLOWED_HOSTS": "thekiz.example",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("THEKIZ_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_do_not_pass_the_checklist():
    # Proves the check above is not vacuous.
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("THEKIZ_SECRET_KEY", "THEKIZ_SECRET_KEY is required in production"),
        ("THEKIZ_ALLOWED_HOSTS", "THEKIZ_ALLOWED_HOSTS is required in production"),
    ],
)
def test_production_refuses_to_start_without_required_values(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_debug():
    result = manage("check", THEKIZ_DEBUG="true", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "must not be switched on in production" in result.stderr


def test_a_typo_in_a_setting_stops_the_start():
    result = manage("check", THEKIZ_DEBUG="ja")
    assert result.returncode != 0
    assert "THEKIZ_DEBUG must be a boolean" in result.stderr


def test_production_serves_compressed_cache_busted_static_files():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); print(settings.WHITENOISE_MAX_AGE)",
        **PRODUCTION_ENV,
    )
    assert "CompressedManifestStaticFilesStorage" in result.stdout
    assert "31536000" in result.stdout


def test_production_needs_no_demo_dependency(tmp_path):
    # Production passes the checklist, and the demo data is not there to load. (fpdf2, which
    # the demo uses, is a production dependency since the events' certificates need it.)
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    result = manage("demo_data", **PRODUCTION_ENV)
    assert "Unknown command: 'demo_data'" in result.stderr


def test_development_has_the_demo_data():
    result = manage("help", "demo_data")
    assert result.returncode == 0, result.stderr
    assert "--if-empty" in result.stdout
