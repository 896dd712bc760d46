"""common.env: the typed readers of THEKIZ_* variables."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from common.env import envbool, envchoice, envint, envlist, envstr


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
