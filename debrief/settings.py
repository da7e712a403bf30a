"""One env-driven settings module.

Development runs with no environment at all (SQLite beside the code, DEBUG on).
Production is declared with DEBRIEF_PRODUCTION=1 and then refuses to start
unless it has a real secret key and DEBUG off.
"""

import datetime
import ipaddress
import math
import os
from collections import Counter
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEVELOPMENT_SECRET_KEY = "debrief-development-only-not-for-production"

PRODUCTION = env_bool("DEBRIEF_PRODUCTION", False)
SECRET_KEY = os.environ.get("DEBRIEF_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DEBRIEF_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DEBRIEF_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DEBRIEF_CSRF_TRUSTED_ORIGINS", [])


def key_entropy_bits(key: str) -> float:
    """An estimate of a key's randomness: its length times the Shannon entropy of its characters.
    A random 50-character key from Django's get_random_secret_key scores about 250."""
    counts = Counter(key)
    return -len(key) * sum(n / len(key) * math.log2(n / len(key)) for n in counts.values()) if key else 0.0


# Secret keys below this estimate are refused in production (a word, a repeated pattern, a date).
MIN_SECRET_KEY_BITS = 160

if PRODUCTION:
    if (
        SECRET_KEY == DEVELOPMENT_SECRET_KEY
        or len(SECRET_KEY) < 50
        or key_entropy_bits(SECRET_KEY) < MIN_SECRET_KEY_BITS
    ):
        raise ImproperlyConfigured(
            "DEBRIEF_PRODUCTION is set: DEBRIEF_SECRET_KEY must be a random value of at least "
            "50 characters, not the development key nor a word or pattern; make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBRIEF_PRODUCTION is set: DEBRIEF_DEBUG must be off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DEBRIEF_PRODUCTION is set: DEBRIEF_ALLOWED_HOSTS must name the site's hosts."
        )
    # HTTPS only: cookies, a redirect from plain HTTP and HSTS. DEBRIEF_SECURE_COOKIES=0 and
    # DEBRIEF_SSL_REDIRECT=0 serve plain HTTP, for a benchmark on one machine only.
    SESSION_COOKIE_SECURE = env_bool("DEBRIEF_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DEBRIEF_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DEBRIEF_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DEBRIEF_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DEBRIEF_HSTS_PRELOAD", True)
    # Behind a proxy that ends TLS, it tells Django the request came over HTTPS.
    if env_bool("DEBRIEF_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "debrief.accounts",
    "debrief.orgs",
    "debrief.audit",
    "debrief.campaigns",
    "debrief.reports",
    "debrief.evaluation",
    "debrief.meetings",
    "debrief.rectification",
    "debrief.publication",
    "debrief.plans",
    "debrief.filings",
    "debrief.conveyance",
    "debrief.home",
    "debrief.directory",
    "debrief.oversight",
    "debrief.backups",
    "debrief.demo",
    "debrief.ops",
]

MIDDLEWARE = [
    # First: /healthz answers before the HTTPS redirect, the host check and sessions, so a load
    # balancer can probe each app server by its address over plain HTTP (`ops.health`).
    "debrief.ops.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "debrief.lib.bad_input.RefuseNulMiddleware",  # after auth: its 400 page shows the user's menu
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

# Every page runs only the site's own script files: no inline <script>, no on*= attributes, no
# eval, so markup that slips into a page (a name from an import) cannot run. Styles come from
# the site's files as well; scripts may still set element.style, which the policy allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # the API docs' stylesheet draws its icons as data: images
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

ROOT_URLCONF = "debrief.urls"
WSGI_APPLICATION = "debrief.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "debrief" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["debrief.lib.punctuation_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Production keeps each thread's database connection for a minute instead of opening one per
# request (a connection costs a few milliseconds, a ballot little more); Django checks it before
# reusing it, so a restarted database costs one failed check, not an error page.
DB_CONN_MAX_AGE = int(os.environ.get("DEBRIEF_DB_CONN_MAX_AGE", "60" if PRODUCTION else "0"))
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=DB_CONN_MAX_AGE > 0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a command writes; a busy timeout
    # turns brief lock contention into a wait instead of an error.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        # Writers take the lock when their transaction starts, so two voters never deadlock
        # on a read-then-write upgrade; they queue within the busy timeout instead.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A session ends when the browser closes, unless the user ticks "remember me" (then two weeks).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 14 * 24 * 3600

# Login throttling (django-axes): after this many failed logins for one user name from one
# address, that pair is refused for the cool-off time; a successful login resets the count.
# Per pair, so a mistyping colleague on the same network does not lock anyone else out.
AXES_FAILURE_LIMIT = int(os.environ.get("DEBRIEF_LOGIN_MAX_FAILURES", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DEBRIEF_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "debrief.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "debrief.lib.clients.client_address"
AXES_VERBOSE = False

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DEBRIEF_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "debrief" / "static"]
# Production serves the collected files under hashed names (cached for ever by browsers) and
# pre-compressed (gzip, and Brotli when installed) through WhiteNoise; `collectstatic` writes
# them. Development and tests read the source files and need no collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DEBRIEF_MEDIA_ROOT", BASE_DIR / "media"))
# Where `manage.py backup`/`restore` find pg_dump and pg_restore; empty: the version matching the
# server in /usr/lib/postgresql/<major>/bin, else PATH.
DEBRIEF_PG_BINDIR = os.environ.get("DEBRIEF_PG_BINDIR", "")
MEDIA_URL = "media/"

# Uploaded import files are read in memory; cap them so a stray upload cannot
# exhaust the server (a 100,000-row sheet is far below this).
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DEBRIEF_IMPORT_MAX_BYTES = int(os.environ.get("DEBRIEF_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
# Data rows of one import sheet (organizations, attendees, routine scores); a larger one is refused.
DEBRIEF_IMPORT_MAX_ROWS = int(os.environ.get("DEBRIEF_IMPORT_MAX_ROWS", "20000"))
DEBRIEF_ATTACHMENT_MAX_BYTES = int(os.environ.get("DEBRIEF_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))

# Rectification reminders: items due within this many days are listed with the overdue ones.
DEBRIEF_REMINDER_DAYS = int(os.environ.get("DEBRIEF_REMINDER_DAYS", "7"))

# Background work (django-tasks). "database": tasks are stored in the database and run by
# `manage.py db_worker` (production's default: no broker beyond PostgreSQL). "immediate": each task
# runs inside the request that asks for it, so development and the demo need no worker.
DEBRIEF_TASKS = os.environ.get("DEBRIEF_TASKS", "database" if PRODUCTION else "immediate")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if DEBRIEF_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DEBRIEF_TASKS must be one of {', '.join(TASK_BACKENDS)}, not “{DEBRIEF_TASKS}”."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[DEBRIEF_TASKS]}}
# Organization sheets with more data rows than this are imported by the worker, not in the request.
DEBRIEF_IMPORT_BACKGROUND_ROWS = int(os.environ.get("DEBRIEF_IMPORT_BACKGROUND_ROWS", "2000"))
# A campaign with more submitted reports than this has its DOCX volume built by the worker.
DEBRIEF_VOLUME_BACKGROUND_REPORTS = int(os.environ.get("DEBRIEF_VOLUME_BACKGROUND_REPORTS", "30"))

# E-mail is sent only when DEBRIEF_EMAIL_HOST names an SMTP server; otherwise reminders are shown
# on the home page alone.
EMAIL_HOST = os.environ.get("DEBRIEF_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DEBRIEF_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DEBRIEF_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DEBRIEF_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DEBRIEF_EMAIL_TLS", False)
EMAIL_USE_SSL = env_bool("DEBRIEF_EMAIL_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEBRIEF_EMAIL_FROM", "debrief@localhost")
DEBRIEF_EMAIL_ENABLED = bool(EMAIL_HOST)
# Links in e-mails point here: the address users open the site at.
DEBRIEF_SITE_URL = os.environ.get("DEBRIEF_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# One cache for every server process when DEBRIEF_CACHE_URL names a Redis server
# (redis://host:6379/0): wrong-code limits and cached figures are then shared.
CACHE_URL = os.environ.get("DEBRIEF_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Ballot codes are stored as HMAC-SHA256 hashes under this key (derived from the secret key
# when unset). Changing either after codes are issued makes those codes unknown.
DEBRIEF_BALLOT_CODE_KEY = os.environ.get("DEBRIEF_BALLOT_CODE_KEY", "")
# Unknown codes a client may type in ten minutes before the voting page answers them with a refusal
# (a correct code is always accepted); see docs/operations.md.
DEBRIEF_VOTE_MAX_WRONG_CODES = int(os.environ.get("DEBRIEF_VOTE_MAX_WRONG_CODES", "10"))
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; from anyone else
# the header is ignored, since a client could send any address in it.
DEBRIEF_TRUSTED_PROXIES = env_list("DEBRIEF_TRUSTED_PROXIES", [])
for _proxy in DEBRIEF_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DEBRIEF_TRUSTED_PROXIES: “{_proxy}” is not an address or network (e.g. 10.0.0.5 or 10.0.0.0/24)."
        ) from None
if os.environ.get("DEBRIEF_CLIENT_IP_HEADER"):
    raise ImproperlyConfigured(
        "DEBRIEF_CLIENT_IP_HEADER is no longer read, because any client could set that header: "
        "remove it and list the reverse proxies in DEBRIEF_TRUSTED_PROXIES instead."
    )

# API lists come a page at a time: ?limit= (default 100, at most 1000) and ?offset=, with the
# total as "count" beside the "items".
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000

# The API's OpenAPI schema and docs page answer anonymous visitors only when this is set.
DEBRIEF_API_SCHEMA_PUBLIC = env_bool("DEBRIEF_API_SCHEMA_PUBLIC", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DEBRIEF_LOG_LEVEL", "INFO")},
    # Failed logins are in the audit trail; axes need not log each one again.
    "loggers": {"axes": {"level": "WARNING"}},
}
