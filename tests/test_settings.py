"""Settings come from the environment, are documented, and fail safe."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_settings(module: str, **env) -> subprocess.CompletedProcess:
    """Import a settings module in a fresh interpreter with ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    clean.update(env)
    code = f"import {module} as s; print('DEBUG', s.DEBUG); print('CACHE', s.CACHES)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_every_environment_setting_is_documented():
    read = set()
    for path in [
        *(ROOT / "gazette" / "settings").glob("*.py"),
        ROOT / "deploy" / "gunicorn.conf.py",
    ]:
        read |= set(
            re.findall(
                r"\b(GAZETTE_[A-Z_]+|DATABASE_URL|REDIS_URL)\b", path.read_text()
            )
        )
    documented = (ROOT / "docs" / "settings.md").read_text()
    missing = sorted(name for name in read if f"`{name}`" not in documented)
    assert not missing, f"add these to docs/settings.md: {missing}"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("gazette.settings.production")
    assert result.returncode != 0
    assert "GAZETTE_SECRET_KEY is not set" in result.stderr


def test_production_never_debugs():
    result = run_settings(
        "gazette.settings.production", GAZETTE_SECRET_KEY="x" * 50, GAZETTE_DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def test_demo_shows_the_sites_own_error_pages_and_redis_url_selects_redis():
    """The demo's 404 is the site's page, not Django's debug list of URLs."""
    result = run_settings("gazette.settings.demo", REDIS_URL="redis://127.0.0.1:6379/3")
    assert "DEBUG False" in result.stdout
    assert "RedisCache" in result.stdout
    debugging = run_settings("gazette.settings.demo", GAZETTE_DEBUG="1")
    assert "DEBUG True" in debugging.stdout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("GAZETTE_TASK_BACKEND", "celery", "GAZETTE_TASK_BACKEND='celery' is unknown"),
        ("GAZETTE_SECURE_COOKIES", "maybe", "is not a boolean"),
        ("GAZETTE_PAGE_CACHE_SECONDS", "soon", "is not a whole number"),
    ],
)
def test_bad_values_are_named_in_the_error(name, value, message):
    result = run_settings(
        "gazette.settings.production", GAZETTE_SECRET_KEY="k" * 50, **{name: value}
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_gazette_command_explains_a_missing_secret_key():
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("GAZETTE_", "DJANGO_"))
    }
    gazette = Path(sys.executable).parent / "gazette"
    result = subprocess.run(
        [str(gazette), "check"], env=clean, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert (
        "gazette: configuration error: GAZETTE_SECRET_KEY is not set" in result.stderr
    )
    assert "make demo" in result.stderr


def test_the_default_sqlite_database_works_in_a_fresh_checkout(tmp_path):
    """`make demo` on a new clone: no var/ folder yet, migrate must still work."""
    var = tmp_path / "fresh" / "var"
    result = run_settings("gazette.settings.demo", GAZETTE_VAR_DIR=str(var))
    assert result.returncode == 0, result.stderr
    assert var.is_dir()
