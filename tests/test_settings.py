import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from conftest import clean_env
from roundtable.env import caches_for, channel_layers_for, env_bool, env_int, secret_key_from

ROOT = Path(__file__).resolve().parents[1]


def test_a_bad_boolean_stops_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("ROUNDTABLE_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="ROUNDTABLE_DEBUG='maybe'"):
        env_bool("ROUNDTABLE_DEBUG")


def test_a_bad_number_stops_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("ROUNDTABLE_PORT", "80a")
    with pytest.raises(ImproperlyConfigured, match="ROUNDTABLE_PORT"):
        env_int("ROUNDTABLE_PORT", 8000)


def test_secret_key_is_generated_once_private_and_reused(tmp_path):
    first = secret_key_from(env_value="", data_dir=tmp_path / "data")
    again = secret_key_from(env_value="", data_dir=tmp_path / "data")
    assert first == again and len(first) > 40
    mode = stat.S_IMODE(os.stat(tmp_path / "data" / "secret_key").st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) == 0o700
    assert secret_key_from(env_value="from-env", data_dir=tmp_path / "data") == "from-env"


def test_redis_url_switches_channel_layer_and_cache():
    assert channel_layers_for("")["default"]["BACKEND"].endswith("InMemoryChannelLayer")
    assert caches_for("", key_prefix="x")["default"]["BACKEND"].endswith("LocMemCache")
    layer = channel_layers_for("redis://h:6379/0")["default"]
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert layer["CONFIG"]["hosts"] == ["redis://h:6379/0"]
    assert caches_for("redis://h:6379/0", key_prefix="x")["default"]["BACKEND"].endswith(
        "RedisCache"
    )


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ROUNDTABLE_PRODUCTION="true",
        ROUNDTABLE_DATA_DIR=str(tmp_path),
        ROUNDTABLE_SECRET_KEY="k" * 20 + "-production-secret-key-with-enough-entropy-7Hq",
    )
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql(tmp_path):
    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.db import connection as c; print(c.vendor, c.settings_dict['NAME'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
        ROUNDTABLE_DATA_DIR=str(tmp_path),
    )
    assert result.stdout.split() == ["postgresql", "somewhere"], result.stderr


def test_an_sqlite_database_url_gets_the_same_locking_as_the_default(tmp_path):
    # Browser tests run their server with DATABASE_URL=sqlite:///...: it must lock like the app.
    code = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
        "print(o['transaction_mode'], o['timeout'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean_env(
            DJANGO_SETTINGS_MODULE="roundtable.settings",
            DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
            ROUNDTABLE_DATA_DIR=str(tmp_path),
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["IMMEDIATE", "20"], result.stderr
