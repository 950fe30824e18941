"""Settings for the news archive, all taken from environment variables.

DATABASE_URL   database to use (default: SQLite file ``db.sqlite3`` in the project folder)
SECRET_KEY     secret key (default: a random key kept in ``.secret_key``)
DEBUG          "1"/"true" to enable debug mode (default off)
ALLOWED_HOSTS  comma-separated host names (default: localhost names)
HTTPS          "1" when served over HTTPS (behind a proxy setting X-Forwarded-Proto):
               secure cookies, redirect to HTTPS, HSTS (SECURE_HSTS_SECONDS, default a year)
"""
from pathlib import Path
import os
import tempfile

from django.core.management.utils import get_random_secret_key

from archive.cacheconfig import cache_config
from archive.dbconfig import database_config, replica_configs

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in ``.secret_key``.

    The file is created once (mode 0600) so a plain checkout runs safely without
    configuration and sessions survive restarts; deployments set SECRET_KEY.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = get_random_secret_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


DEBUG = env_bool("DEBUG")
SECRET_KEY = load_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    # Failed logins counted in the database (shared by every process), lockout after too many.
    "axes",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.web.middleware.ContentSecurityPolicyMiddleware",
    # one check per request that the query parser's name expansions are current
    "archive.web.middleware.SearchNamesCheckedOnceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after authentication: staff read from the primary (archive/web/replica_routing.py)
    "archive.web.replica_routing.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns its lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # archive.web is a package of the one app, not an app itself: name its tag library.
            "libraries": {"archive_web": "archive.web.templatetags.archive_web"},
        },
    },
]

# SQLite tuned for several writers, PostgreSQL with a connection pool: see archive/dbconfig.py.
DATABASES = {"default": database_config(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Read replicas (PostgreSQL streaming replicas of the primary): readers' page views read
# from them, everything else from the primary; the rule is in archive/db_router.py.
DATABASES.update(replica_configs(os.environ.get("DATABASE_REPLICA_URLS", "")))
if len(DATABASES) > 1 and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ValueError("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL (replicas of that primary)")
DATABASE_ROUTERS = ["archive.db_router.ReplicaRouter"]
# Seconds after a write (any POST) during which that browser reads from the primary:
# longer than the replicas ever lag, so nobody misses their own change.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", 30))
# Seconds an unreachable replica is left out before it is tried again.
DATABASE_REPLICA_RETRY_SECONDS = int(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", 30))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# `loaddata demo` finds fixtures/demo.json (the five seeds, fully analyzed).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Readers log in with their email (archive/accounts/backends.py), staff also with their
# user name; django-axes comes first so a locked-out client is refused before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "archive.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:saved-searches"
LOGOUT_REDIRECT_URL = "web:home"
# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one email (or user
# name) from one address, that pair is refused for ACCOUNT_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("ACCOUNT_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("ACCOUNT_LOCKOUT_MINUTES", 15)) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Sign-up forms one client address may submit per hour (archive/accounts/throttle.py).
ACCOUNT_SIGNUP_LIMIT = int(os.environ.get("ACCOUNT_SIGNUP_LIMIT", 10))

# How long a sign-up confirmation or password-reset link works.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("ACCOUNT_LINK_HOURS", 72)) * 3600

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "archive" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The loader's limits (archive.ingest): one place, read by the CLI and the admin upload.
ARCHIVE_MAX_FILE_BYTES = int(os.environ.get("ARCHIVE_MAX_FILE_BYTES", 5 * 1024 * 1024))
# The most articles one search download (CSV, JSON Lines) holds.
ARCHIVE_EXPORT_MAX_ROWS = int(os.environ.get("ARCHIVE_EXPORT_MAX_ROWS", 100_000))
ARCHIVE_MAX_ZIP_TOTAL_BYTES = int(os.environ.get("ARCHIVE_MAX_ZIP_TOTAL_BYTES", 100 * 1024 * 1024))
ARCHIVE_MAX_ZIP_ENTRIES = int(os.environ.get("ARCHIVE_MAX_ZIP_ENTRIES", 2000))

# The admin upload (archive/admin/upload.py), derived from the loader's limits above.
# A .txt may be as large as the loader accepts; a .zip as large as its unpacked total
# (its compressed size can only be smaller); the whole request no more than one zip.
ARCHIVE_UPLOAD_MAX_FILES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_FILES", 200))
ARCHIVE_UPLOAD_MAX_TOTAL_BYTES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_TOTAL_BYTES", ARCHIVE_MAX_ZIP_TOTAL_BYTES))
# Uploads waiting between preview and confirmation live in a private folder (mode 0700,
# outside STATIC_ROOT and MEDIA_ROOT) and are deleted on confirmation, cancel or expiry.
ARCHIVE_UPLOAD_STAGING_DIR = Path(
    # one folder per system user, so two installations never share one
    os.environ.get("ARCHIVE_UPLOAD_STAGING_DIR", Path(tempfile.gettempdir()) / f"news-archive-uploads-{os.getuid()}")
)
ARCHIVE_UPLOAD_STAGING_HOURS = int(os.environ.get("ARCHIVE_UPLOAD_STAGING_HOURS", 6))
# A batch still "running" with no new record for this long was cut off (server restart).
ARCHIVE_IMPORT_STALE_MINUTES = int(os.environ.get("ARCHIVE_IMPORT_STALE_MINUTES", 15))
# How many more times a file's transaction is tried while SQLite is locked by another writer.
ARCHIVE_IMPORT_LOCK_RETRIES = int(os.environ.get("ARCHIVE_IMPORT_LOCK_RETRIES", 5))
# Django's own request limits, set to match: more files than allowed is refused by the
# parser (the upload view turns that into a form error); form fields stay small.
DATA_UPLOAD_MAX_NUMBER_FILES = ARCHIVE_UPLOAD_MAX_FILES
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# One article file stays in memory; anything larger (zips) spools to FILE_UPLOAD_TEMP_DIR,
# the system's private temporary folder unless set (never under STATIC_ROOT or MEDIA_ROOT).
FILE_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_FILE_BYTES
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None

# The task queue (archive/jobs): django-tasks with its database backend, so the queue
# needs no server beyond the database; any number of `manage.py db_worker` processes,
# on this machine or others sharing the PostgreSQL database, take jobs from it.
# ARCHIVE_TASKS_BACKEND=immediate runs every job inside the request that enqueues it.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(os.environ.get("ARCHIVE_TASKS_BACKEND", ""), "django_tasks_db.DatabaseBackend"),
    }
}
# Files an import job hands to one task: the unit several workers share a batch by.
ARCHIVE_IMPORT_CHUNK_FILES = int(os.environ.get("ARCHIVE_IMPORT_CHUNK_FILES", 50))
# Files the loader writes in one transaction (archive/ingest/bulk.py); a batch is also
# written once its first file has waited a second, so progress shows on slow streams.
ARCHIVE_IMPORT_WRITE_BATCH = int(os.environ.get("ARCHIVE_IMPORT_WRITE_BATCH", 100))

# Email (sign-up confirmation, password reset, readers' alerts). Printed on the process's
# standard output until a mail server is configured: EMAIL_HOST alone means SMTP, or
# EMAIL_BACKEND names one (console, smtp, filebased with EMAIL_FILE_PATH, locmem, or a dotted path).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "filebased": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = os.environ.get("EMAIL_BACKEND") or ("smtp" if EMAIL_HOST else "console")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True) and not EMAIL_USE_SSL  # Django allows one of the two
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None  # the folder of the file-based backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "News archive <archive@localhost>")
# The archive's public address: emails are read away from any request, so their links
# (articles, the search, unsubscribe) are made absolute with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Searches with more matches than this count their facets on a sample of about this many
# matches, shown as approximate ("≈ 41,000"): see archive/search/facets.py.
SEARCH_FACET_SAMPLE_THRESHOLD = int(os.environ.get("SEARCH_FACET_SAMPLE_THRESHOLD", 10_000))
# Searches count their matches exactly up to this many; above, the count is estimated from
# the same sample and shown as approximate ("≈ 41,000", "count_approximate" in the API):
# see archive/search/results.py. The pages served (at most MAX_PAGE) end within it.
SEARCH_COUNT_THRESHOLD = int(os.environ.get("SEARCH_COUNT_THRESHOLD", 10_000))

# The search engine (archive/search/engine): "database" (the default) answers searches with
# the database's own full-text index (FTS5 or tsvector); "tantivy" answers them with an
# embedded Tantivy index kept in SEARCH_ENGINE_PATH (a folder; default: "search-index" beside
# the SQLite file, or in the project folder on PostgreSQL). Every machine running web
# processes reads that folder, so they share it (one host, or a shared volume); the task
# queue's workers write it, and `manage.py rebuild_search_index` rebuilds it.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "database").strip().lower() or "database"
if SEARCH_ENGINE not in ("database", "tantivy"):  # a typo must not quietly leave the engine off
    raise ValueError(f"SEARCH_ENGINE must be database or tantivy, not {SEARCH_ENGINE!r}")
_sqlite_file = DATABASES["default"].get("NAME") if DATABASES["default"]["ENGINE"].endswith("sqlite3") else None
SEARCH_ENGINE_PATH = Path(os.environ.get("SEARCH_ENGINE_PATH") or (
    Path(str(_sqlite_file)).parent / "search-index" if _sqlite_file and str(_sqlite_file) != ":memory:"
    else BASE_DIR / "search-index"))

# The cache all processes share (CACHE_URL: a folder by default, see archive/cacheconfig.py).
# Searches' counts, page ids and facets are kept there for SEARCH_CACHE_SECONDS, keyed by the
# archive generation that every change moves on (archive/web/search_cache.py); 0: no caching.
CACHES = {"default": cache_config(os.environ.get("CACHE_URL", ""))}
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", 300))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "News archive API",
    "DESCRIPTION": "Read-only access to the multilingual news archive.",
    "VERSION": "1.0.0",
    # Outlet.Kind and PersonName.Kind are different choices that share the field name.
    "ENUM_NAME_OVERRIDES": {"OutletKindEnum": "archive.models.outlet.Outlet.Kind"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pymorphy3 announces every dictionary it loads, in every worker; django-axes every login
    "loggers": {"pymorphy3": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("HTTPS"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    # The archive is served over HTTPS only, subdomains included; "preload" only allows the
    # domain's owner to submit it to the browsers' preload list (nothing happens until then).
    # Turn either off for a domain whose other hosts are not all on HTTPS.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
