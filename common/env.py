"""Typed readers for environment variables.

Each helper returns a safe default when the variable is unset and raises
``ImproperlyConfigured`` when it is set to something it cannot understand, so a
typo in a deployment fails at start-up instead of silently falling back.
"""

import os

from django.core.exceptions import ImproperlyConfigured

PREFIX = "THEKIZ_"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    return os.environ.get(PREFIX + name)


def envstr(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def envbool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name} must be a boolean (true/false), got {value!r}.")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be an integer, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be at least {minimum}, got {number}.")
    return number


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def envchoice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = envstr(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{PREFIX}{name} must be one of {', '.join(choices)}, got {value!r}."
        )
    return value
