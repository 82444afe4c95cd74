"""Typed readers for environment settings; a bad value stops start-up with a clear message."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_from(*, env_value: str, data_dir: Path) -> str:
    """The key from the environment, else one generated into the data folder on first run."""
    if env_value:
        return env_value
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Created with 0600 so other local users cannot read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def redis_url_for_worker(redis_url: str, worker: str) -> str:
    """The Redis URL for one pytest-xdist worker ("gw0", "gw1", ...): database 15, 14, ... when
    the URL names 15, so one worker's cache.clear() (a FLUSHDB) never empties another's. Outside
    a test worker the URL is unchanged."""
    if not redis_url or not worker.startswith("gw"):
        return redis_url
    base, _, db = redis_url.rpartition("/")
    if not db.isdigit() or not worker[2:].isdigit():
        return redis_url
    return f"{base}/{max(0, int(db) - int(worker[2:]))}"


def channel_layers_for(redis_url: str) -> dict:
    if redis_url:
        return {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [redis_url]},
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def caches_for(redis_url: str, *, key_prefix: str) -> dict:
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": key_prefix,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def s3_storage(
    *, bucket: str, endpoint_url: str, access_key: str, secret_key: str, region: str
) -> dict:
    options = {
        "bucket_name": bucket,
        "region_name": region,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
