import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from thekiz_portal.utils.env import envbool, envchoice, envint, envlist, envstr

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


class TestEnvHelpers:
    def test_values_are_read_with_the_prefix(self, monkeypatch):
        monkeypatch.setenv("THEKIZ_X_STR", "hallo")
        monkeypatch.setenv("THEKIZ_X_INT", "42")
        monkeypatch.setenv("THEKIZ_X_BOOL", "Yes")
        monkeypatch.setenv("THEKIZ_X_LIST", "a.example, b.example,,")
        assert envstr("X_STR") == "hallo"
        assert envint("X_INT", 1) == 42
        assert envbool("X_BOOL", False) is True
        assert envlist("X_LIST") == ["a.example", "b.example"]

    def test_defaults_apply_when_unset(self):
        assert envstr("NOT_SET", "d") == "d"
        assert envint("NOT_SET", 7) == 7
        assert envbool("NOT_SET", True) is True
        assert envlist("NOT_SET", ["x"]) == ["x"]

    @pytest.mark.parametrize(
        ("name", "value", "call"),
        [
            ("X_INT", "zehn", lambda: envint("X_INT", 1)),
            ("X_INT", "0", lambda: envint("X_INT", 1, minimum=1)),
            ("X_BOOL", "vielleicht", lambda: envbool("X_BOOL", False)),
            ("X_CHOICE", "staging", lambda: envchoice("X_CHOICE", ("a", "b"), "a")),
        ],
    )
    def test_bad_values_are_refused(self, monkeypatch, name, value, call):
        monkeypatch.setenv(f"THEKIZ_{name}", value)
        with pytest.raises(ImproperlyConfigured):
            call()
