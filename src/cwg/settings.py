"""Settings, read from the environment only, with strict parsing of every variable."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent

# Every mistake in the environment is collected here and reported at the end of this module,
# one line each and all at once, so an operator fixes them in one go.
PROBLEMS: list[str] = []

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    PROBLEMS.append(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")
    return default


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        PROBLEMS.append(f"{name} must be a whole number; got {raw!r}")
        return default
    if value < minimum:
        PROBLEMS.append(f"{name} must be at least {minimum}; got {value}")
        return default
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


PRODUCTION = env_bool("CWG_PRODUCTION", False)
# Off unless asked for: a deployment that forgets the variable must not show tracebacks.
DEBUG = env_bool("DJANGO_DEBUG", False)

_INSECURE_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _INSECURE_KEY)
# The keys that sign the audit chain ("id:base64secret,...", newest first; docs/audit.md).
# Parsed here so that a malformed value stops the start-up with a one-line message.
from cwg.core.audit_keys import parse_keys  # noqa: E402

try:
    AUDIT_KEYS = parse_keys(os.environ.get("CWG_AUDIT_KEYS", ""))
except ImproperlyConfigured as exc:
    PROBLEMS.append(str(exc))  # reported with the others at the end of this module
    AUDIT_KEYS = ()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

if PRODUCTION:
    problems = []
    # The same bar as Django's own deployment check (security.W009).
    if SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters")
    if DEBUG:
        problems.append("DJANGO_DEBUG must be off")
    if not os.environ.get("DJANGO_ALLOWED_HOSTS") or not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS must list the served host names (no '*')")
    PROBLEMS.extend(f"CWG_PRODUCTION=1 refuses an insecure setting: {p}" for p in problems)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "cwg.core",
    "cwg.registry",
    "cwg.groups",
    "cwg.meetings",
    "cwg.documents",
    "cwg.consultations",
    "cwg.decisions",
    "cwg.drafting",
    "cwg.analysis",
    "cwg.reports",
    "cwg.search",
    "cwg.shell",
    "cwg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cwg.core.middleware.PermissionsPolicyMiddleware",
    "cwg.core.middleware.NulCharacterMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cwg.core.language_urls.LanguageUrlMiddleware",
    "cwg.core.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cwg.registry.middleware.SecondFactorMiddleware",
    "cwg.core.middleware.ReaderTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cwg.core.middleware.FullDiskMiddleware",
    # Last, so that it sees the sign-in view's answer and turns a lock-out into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cwg.urls"
WSGI_APPLICATION = "cwg.wsgi.application"

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
                "cwg.core.context_processors.platform",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'cwg.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CWG_DB_CONN_MAX_AGE", 0))
except Exception as exc:  # dj_database_url raises several types for a bad URL
    PROBLEMS.append(
        f"DATABASE_URL is not a valid database URL ({exc}); expected e.g. "
        "sqlite:////srv/cwg/cwg.sqlite3 or postgres://user@host:5432/cwg"
    )
    _db = dj_database_url.parse("sqlite://:memory:")  # only so the other checks run
else:
    # A URL without a database name would silently run on a throw-away in-memory database
    # (sqlite://) or on whatever the server picks.
    if _db.get("NAME") in (None, "") or (
        _db.get("NAME") == ":memory:" and ":memory:" not in DATABASE_URL
    ):
        PROBLEMS.append(
            # The URL itself is not repeated: it may hold a password.
            "DATABASE_URL names no database; expected e.g. "
            "sqlite:////srv/cwg/cwg.sqlite3 or postgres://user@host:5432/cwg"
        )
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue on busy_timeout instead of failing mid-transaction.
    _db.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    )
    _db.setdefault("TEST", {})["NAME"] = os.environ.get("CWG_TEST_SQLITE_NAME") or None
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "registry.Person"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The lock-out backend comes first: it refuses a locked-out user+address before any password check.
AUTHENTICATION_BACKENDS = [
    "cwg.registry.signin.LockOutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# The six official languages of the United Nations, French and English first.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
    ("ar", "العربية"),
]
UN_LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("CWG_STATIC_ROOT", Path.cwd() / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files (uploads, attachments, generated reports, exports) on S3-compatible object storage:
# CWG_STORAGE_URL=s3://bucket/prefix. Unset, they stay on local disk under CWG_MEDIA_ROOT.
# Objects are private: the access-checked download views stream them, no bucket URL is shown.
STORAGE_URL = os.environ.get("CWG_STORAGE_URL", "").strip()
if STORAGE_URL:
    from urllib.parse import urlsplit

    _storage = urlsplit(STORAGE_URL)
    if _storage.scheme != "s3" or not _storage.netloc:
        PROBLEMS.append(f"CWG_STORAGE_URL must look like s3://bucket/prefix; got {STORAGE_URL!r}")
    else:
        STORAGES["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _storage.netloc,
                "location": _storage.path.strip("/"),
                "endpoint_url": os.environ.get("CWG_S3_ENDPOINT_URL", "").strip() or None,
                "access_key": os.environ.get("CWG_S3_ACCESS_KEY_ID", "").strip() or None,
                "secret_key": os.environ.get("CWG_S3_SECRET_ACCESS_KEY", "").strip() or None,
                "region_name": os.environ.get("CWG_S3_REGION", "").strip() or None,
                # The bucket's own policy (private) applies; no ACL header, which many refuse.
                "default_acl": None,
                # Never replace an object: a second upload of the same name gets a new name.
                "file_overwrite": False,
                "querystring_auth": True,
            },
        }
# The committed assets (CSS, htmx) are served even where collectstatic has not been run.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("CWG_MEDIA_ROOT", Path.cwd() / "media"))
MEDIA_URL = "/media/"

# Uploads: anything larger is refused with a clear message before it is stored.
CWG_MAX_UPLOAD_BYTES = env_int("CWG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = CWG_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Archives inside uploads (DOCX, ODT) are read within these bounds, so that a small "zip bomb"
# cannot expand into gigabytes: members, declared and actual size, compression ratio, nesting.
CWG_ZIP_MAX_MEMBERS = env_int("CWG_ZIP_MAX_MEMBERS", 2000, minimum=1)
CWG_ZIP_MAX_MEMBER_BYTES = env_int("CWG_ZIP_MAX_MEMBER_BYTES", 64 * 1024 * 1024, minimum=1024)
CWG_ZIP_MAX_TOTAL_BYTES = env_int("CWG_ZIP_MAX_TOTAL_BYTES", 256 * 1024 * 1024, minimum=1024)
CWG_ZIP_MAX_RATIO = env_int("CWG_ZIP_MAX_RATIO", 100, minimum=1)
CWG_ZIP_MAX_DEPTH = env_int("CWG_ZIP_MAX_DEPTH", 1, minimum=0)
# Text extraction (for search) reads each uploaded file in a child process held to a time and
# memory limit, keeping at most this many characters and reading at most this many PDF pages.
CWG_TEXT_MAX_CHARS = env_int("CWG_TEXT_MAX_CHARS", 2_000_000, minimum=1000)
CWG_TEXT_MAX_PDF_PAGES = env_int("CWG_TEXT_MAX_PDF_PAGES", 500, minimum=1)
CWG_TEXT_TIMEOUT_SECONDS = env_int("CWG_TEXT_TIMEOUT_SECONDS", 60, minimum=1)
CWG_TEXT_MAX_MEMORY_BYTES = env_int(
    "CWG_TEXT_MAX_MEMORY_BYTES", 1024 * 1024 * 1024, minimum=64 * 1024 * 1024
)

# Public forms are rate-limited per client: counted in each process, or in Redis (below).
CWG_RATE_LIMIT_PER_MINUTE = env_int("CWG_RATE_LIMIT_PER_MINUTE", 30, minimum=1)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cwg",
    }
}
# With several server processes the counters must be shared: Redis.
CWG_REDIS_URL = os.environ.get("CWG_REDIS_URL", "").strip()
if CWG_REDIS_URL:
    if CWG_REDIS_URL.split("://", 1)[0] not in ("redis", "rediss", "unix"):
        PROBLEMS.append(
            f"CWG_REDIS_URL must be a redis://, rediss:// or unix:// address; got {CWG_REDIS_URL!r}"
        )
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CWG_REDIS_URL,
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "CWG_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

EMAIL_BACKEND = os.environ.get(
    "CWG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CWG_FROM_EMAIL", "secretariat@cwg.invalid")

# The platform's own name and domain: calendar UIDs must not change with the Host header a client
# used, and feeds name their author.
CWG_SITE_DOMAIN = os.environ.get("CWG_SITE_DOMAIN", "").strip().lower() or "cwg.invalid"
if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", CWG_SITE_DOMAIN):
    PROBLEMS.append(f"CWG_SITE_DOMAIN must be a domain name; got {CWG_SITE_DOMAIN!r}")
CWG_SITE_NAME = os.environ.get("CWG_SITE_NAME", "").strip()

# Sign-in protection: after CWG_SIGNIN_FAILURE_LIMIT wrong passwords for one user name from one
# client address, that pair is refused for CWG_SIGNIN_LOCKOUT_SECONDS (django-axes, in the database
# so every server process sees the same count).
AXES_FAILURE_LIMIT = env_int("CWG_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(seconds=env_int("CWG_SIGNIN_LOCKOUT_SECONDS", 900, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cwg.core.clients.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "cwg.registry.views.account.locked_out"
AXES_VERBOSE = False  # its log lines name the user; ours do not
# Kept out of the stored record of a failed attempt (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# Proxies whose X-Forwarded-For is believed (addresses or CIDR blocks); nobody's by default.
CWG_TRUSTED_PROXIES = tuple(env_list("CWG_TRUSTED_PROXIES", []))
for _proxy in CWG_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        PROBLEMS.append(f"CWG_TRUSTED_PROXIES must list addresses or CIDR blocks; got {_proxy!r}")

# Password reset links sent by e-mail stay valid this long.
PASSWORD_RESET_TIMEOUT = env_int("CWG_PASSWORD_RESET_SECONDS", 3600, minimum=60)
# A one-time code from an authenticator app after the password, for the secretariat, the
# chairs and vice-chairs, and the admin site's staff.
CWG_REQUIRE_2FA = env_bool("CWG_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "CWG"

# A session ends after this long without a request; requests start the period again
# (cwg.core.middleware.SessionIdleMiddleware, to the minute).
SESSION_COOKIE_AGE = env_int("CWG_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CWG_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CWG_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CWG_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("CWG_HSTS_PRELOAD", True)
    # An operator who turns these off for a host with plain-HTTP subdomains has decided; the
    # deployment check then has nothing to warn about.
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, on in (
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        )
        if not on
    ]

# Content-Security-Policy: scripts, styles, images, fonts and fetches from this site only; no
# inline script or style (the templates keep theirs in static files; htmx's own indicator style
# is switched off in base.html and lives in site.css).
CONTENT_SECURITY_POLICY = {
    # The API's browsable documentation page is Swagger UI, which needs inline code of its own.
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CWG_LOG_LEVEL", "WARNING")},
}
if LOGGING["root"]["level"] not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    PROBLEMS.append(
        "CWG_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL; "
        f"got {LOGGING['root']['level']!r}"
    )
    LOGGING["root"]["level"] = "WARNING"

# Keep this last: every setting above reports its mistakes into PROBLEMS.
if PROBLEMS:
    raise ImproperlyConfigured("\n".join(PROBLEMS))
