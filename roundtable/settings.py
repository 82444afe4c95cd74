"""Roundtable settings, read from the environment.

Defaults give one machine: SQLite and files in the data folder, in-memory channel layer and cache,
one database-backed task queue. DATABASE_URL, REDIS_URL and the ROUNDTABLE_* variables switch to
PostgreSQL, Redis and production hardening.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from roundtable.env import (
    caches_for,
    channel_layers_for,
    env_bool,
    env_int,
    env_list,
    env_str,
    redis_url_for_worker,
    s3_storage,
    secret_key_from,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ROUNDTABLE_DATA_DIR") or BASE_DIR / "data").resolve()

DEBUG = env_bool("ROUNDTABLE_DEBUG", False)
PRODUCTION = env_bool("ROUNDTABLE_PRODUCTION", False)
# bench/pages.py's floor: a signed-in bare page (/bench/floor/), served only when set.
BENCH = env_bool("ROUNDTABLE_BENCH", False)
SECRET_KEY = secret_key_from(env_value=env_str("ROUNDTABLE_SECRET_KEY"), data_dir=DATA_DIR)
ALLOWED_HOSTS = env_list("ROUNDTABLE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ROUNDTABLE_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("ROUNDTABLE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "roundtable",
    "accounts",
    "ops",
    "codev",
    "meetings",
    "library",
    "vocabulary",
    "practice",
    "coaching",
    "recognition",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "roundtable.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "roundtable.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PersonalSettingsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "roundtable.urls"
ASGI_APPLICATION = "roundtable.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "roundtable" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "recognition.context_processors.unread",
            ],
        },
    },
]

# The web server and the worker write to one SQLite file: wait for the lock, use WAL, and take
# the write lock when a transaction begins (SQLite has no SELECT ... FOR UPDATE).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL")
# PostgreSQL connections come from a pool per process (web server or worker), returned after
# each request or task: under ASGI every request runs on its own thread, and persistent
# connections would keep one open per thread until the server's limit is reached.
DB_POOL_SIZE = env_int("ROUNDTABLE_DB_POOL_SIZE", 10)
if DB_POOL_SIZE < 3:
    # The worker alone uses three at once: its queue, its heartbeat and its periodic jobs.
    raise ImproperlyConfigured(
        f"ROUNDTABLE_DB_POOL_SIZE={DB_POOL_SIZE}: a process needs at least 3 connections."
    )
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    else:
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"min_size": 1, "max_size": DB_POOL_SIZE, "timeout": 30}
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "roundtable.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            # A file, not memory: browser tests run real server processes against it.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each pytest-xdist worker gets a Redis database of its own (env.redis_url_for_worker).
REDIS_URL = redis_url_for_worker(env_str("REDIS_URL"), os.environ.get("PYTEST_XDIST_WORKER", ""))
CHANNEL_LAYERS = channel_layers_for(REDIS_URL)
CACHES = caches_for(REDIS_URL, key_prefix=env_str("ROUNDTABLE_CACHE_PREFIX", "roundtable"))
# Figures kept until their tables change (roundtable/generations.py), in each process's memory;
# without Redis, the tables' generations are files here, shared by the web server and worker.
GENERATIONS_DIR = DATA_DIR / "generations"
CACHES["figures"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "figures",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

TASKS = {
    "default": {"BACKEND": env_str("ROUNDTABLE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
WORKER_HEARTBEAT_SECONDS = env_int("ROUNDTABLE_WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("ROUNDTABLE_WORKER_STALE_SECONDS", 45)
# Each worker's temporary files (copies of clips being processed), one folder per process;
# a worker removes those of dead workers when it starts.
WORKER_TMP_DIR = DATA_DIR / "tmp"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_DAYS = env_int("ROUNDTABLE_INVITATION_DAYS", 14)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only for deployments that collect static files; the app serves them from app folders.
STATIC_ROOT = env_str("ROUNDTABLE_STATIC_ROOT") or None
# Static files are served from the app folders directly: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("ROUNDTABLE_MEDIA_ROOT") or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
S3_BUCKET = env_str("ROUNDTABLE_S3_BUCKET")
if S3_BUCKET:
    # Media in S3-compatible object storage (AWS, MinIO, Ceph...); served through the app's
    # access checks, never by public URLs.
    STORAGES["default"] = s3_storage(
        bucket=S3_BUCKET,
        endpoint_url=env_str("ROUNDTABLE_S3_ENDPOINT_URL"),
        access_key=env_str("ROUNDTABLE_S3_ACCESS_KEY"),
        secret_key=env_str("ROUNDTABLE_S3_SECRET_KEY"),
        region=env_str("ROUNDTABLE_S3_REGION", "us-east-1"),
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024
CLIP_MAX_BYTES = env_int("ROUNDTABLE_CLIP_MAX_MB", 500) * 1024 * 1024
UPLOAD_CHUNK_BYTES = 2 * 1024 * 1024
UPLOAD_PARTS_DIR = DATA_DIR / "upload-parts"
# "base" (Whisper base, joined once into the data folder), "tiny.en" (the fast setting), or a
# faster-whisper model folder: bench/speech.py compares them.
TRANSCRIBE_MODEL = env_str("ROUNDTABLE_TRANSCRIBE_MODEL", "base")
TRANSCRIBE_LANGUAGE = env_str("ROUNDTABLE_TRANSCRIBE_LANGUAGE", "en")

EMAIL_HOST = env_str("ROUNDTABLE_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("ROUNDTABLE_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("ROUNDTABLE_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("ROUNDTABLE_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("ROUNDTABLE_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("ROUNDTABLE_FROM_EMAIL", "Roundtable <roundtable@localhost>")

X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("ROUNDTABLE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("ROUNDTABLE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("ROUNDTABLE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ROUNDTABLE_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
