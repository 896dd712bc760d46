"""In CI (THEKIZ_CI=1) a missing browser fails the browser tests; locally it
skips them. Checked by running one browser test in a separate pytest process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ONE_BROWSER_TEST = "tests/browser/test_journeys.py::test_the_home_search_shows_the_nearest_centres"


def run_without_browser(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "THEKIZ_CI"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_BROWSER_TEST],
        cwd=ROOT,
        env={**clean, "THEKIZ_CHROMIUM": "/nonexistent/chromium", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("require", "returncode", "outcome"), [("1", 1, "1 error"), ("", 0, "1 skipped")]
)
def test_a_missing_browser_fails_in_ci_and_skips_locally(require, returncode, outcome):
    result = run_without_browser(THEKIZ_CI=require)
    assert result.returncode == returncode, result.stdout
    assert outcome in result.stdout
    assert "chromium is missing" in result.stdout
