"""Settings shared by every environment. Everything that differs between machines comes from the
environment: DATABASE_URL, SECRET_KEY, CHENGGUAN_DATA_DIR, CHENGGUAN_OFFICE_HOURS, CHENGGUAN_TILE_URL."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("CHENGGUAN_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Reverse proxies in front of the application that append to X-Forwarded-For (nginx: 1). 0 trusts no header:
# the client is REMOTE_ADDR. Every rate limit, the audit log, the lockout and the API throttles read the
# address through chengguan.core.net.client_ip, which applies this.
CHENGGUAN_NUM_PROXIES = int(os.environ.get("CHENGGUAN_NUM_PROXIES", "0"))
# DJANGO_DEBUG=true shows Django's debug pages: only ever on a developer's machine (chengguan.core.safety
# refuses to serve other machines with it).
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "chengguan.core",
    "chengguan.org",
    "chengguan.accounts",
    "chengguan.grid",
    "chengguan.taxonomy",
    "chengguan.cases",
    "chengguan.notices",
    "chengguan.assessment",
    "chengguan.evaluation",
    "chengguan.conduct",
    "chengguan.campaigns",
    "chengguan.forums",
    "chengguan.frontage",
    "chengguan.adverts",
    "chengguan.insight",
    "chengguan.open311",
    "chengguan.ops",
    "chengguan.web",
    "chengguan.portal",
    "chengguan.field",
    "chengguan.demo",
]

MIDDLEWARE = [
    "chengguan.ops.metrics.MetricsMiddleware",
    "chengguan.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chengguan.core.input_guard.RefuseControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chengguan.core.middleware.CurrentRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chengguan.accounts.middleware.SessionPolicyMiddleware",
    "chengguan.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "chengguan.core.headers.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chengguan.urls"
WSGI_APPLICATION = "chengguan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chengguan.web.context_processors.console",
            ],
        },
    },
]


def database_from_env() -> dict:
    """PostgreSQL (or anything dj-database-url knows) from DATABASE_URL; SQLite in WAL mode otherwise.

    SQLite takes the write lock when a transaction begins (IMMEDIATE), so two writers queue on the busy
    timeout instead of failing half-way through with "database is locked"."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url and not url.startswith("sqlite:"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # sqlite:///relative/path or sqlite:////absolute/path: the same project backend as the default file.
    name = dj_database_url.parse(url)["NAME"] if url else ""
    if name and name != ":memory:":
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "chengguan.core.sqlite",  # Django's, with writers queued by the OS (see there)
        "NAME": name or DATA_DIR / "db.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": database_from_env()}
# A streaming replica for dashboards, rankings, reports and exports (chengguan/core/replica.py).
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(), conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["chengguan.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "chengguan.accounts.lockout.LockoutBackend",  # django-axes: refuses locked accounts and addresses first
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The password policy (docs/security.md): 12 characters, or 8 with three of four classes (等保 2.0); not the
# username, phone or a common password (ASVS 2.1).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "chengguan.accounts.validators.ComplexityValidator"},
    {"NAME": "chengguan.accounts.validators.NotIdentityValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("CHENGGUAN_MEDIA_DIR", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "chengguan.accounts.auth.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "NUM_PROXIES": CHENGGUAN_NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("CHENGGUAN_ANON_RATE", "120/min"),
        "user": os.environ.get("CHENGGUAN_USER_RATE", "1200/min"),
    },
    "EXCEPTION_HANDLER": "chengguan.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "chengguan.core.input_guard.GuardedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chengguan API",
    "DESCRIPTION": "数字城管 REST API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The interactive docs load Swagger UI from this installation, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}


def cache_from_env() -> dict:
    """CACHE_URL=redis://host:6379/0 gives every process one shared cache, so that rate limits count across
    processes and hosts; unset, each process counts in its own memory (enough for one process: the demo)."""
    url = os.environ.get("CACHE_URL", "").strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be a redis://, rediss:// or unix:// URL, not {url!r}.")


CACHES = {"default": cache_from_env()}


def tile_origin(url: str) -> list[str]:
    """The map tile server's origin for the CSP ("{s}" sub-domain placeholders become a wildcard)."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return []
    host = re.sub(r"\{[a-z]\}", "*", parts.netloc)
    return [f"{parts.scheme}://{host}"]


# --- Staff identity (chengguan/accounts, docs/security.md) ---------------------------------------
# Sessions end after CHENGGUAN_SESSION_IDLE_MINUTES without a request, and CHENGGUAN_SESSION_MAX_HOURS after
# the log-in whatever happens; the cookie never outlives the browser.
CHENGGUAN_SESSION_IDLE_MINUTES = int(os.environ.get("CHENGGUAN_SESSION_IDLE_MINUTES", "30"))
CHENGGUAN_SESSION_MAX_HOURS = int(os.environ.get("CHENGGUAN_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = CHENGGUAN_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Passwords: CHENGGUAN_PASSWORD_SHORT_COMPLEX=false drops the 等保 "8 characters with three classes" path and
# asks 12 characters of everyone (ASVS 2.1.1 strictly). CHENGGUAN_PASSWORD_MAX_AGE_DAYS (0: never) asks for a
# new password after that many days, where an assessor requires periodic change (等保 8.1.4.1 a).
CHENGGUAN_PASSWORD_SHORT_COMPLEX = env_bool("CHENGGUAN_PASSWORD_SHORT_COMPLEX", True)
CHENGGUAN_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("CHENGGUAN_PASSWORD_MAX_AGE_DAYS", "0"))
# API tokens expire after this many days unless issued for fewer; a use is stamped and audited at most once
# per CHENGGUAN_API_TOKEN_USE_RECORD_SECONDS for each token.
CHENGGUAN_API_TOKEN_DAYS = int(os.environ.get("CHENGGUAN_API_TOKEN_DAYS", "90"))
CHENGGUAN_API_TOKEN_USE_RECORD_SECONDS = int(os.environ.get("CHENGGUAN_API_TOKEN_USE_RECORD_SECONDS", "900"))
# Log-in lockout (django-axes): CHENGGUAN_LOGIN_FAILURE_LIMIT failures of an account (or
# CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT from an address) lock it for CHENGGUAN_LOCKOUT_MINUTES, doubled for
# each further lockout within a day (at most 24 hours). Wrong second-factor codes count as failures.
# Counted in the database, so every process sees the same lock.
CHENGGUAN_LOGIN_FAILURE_LIMIT = int(os.environ.get("CHENGGUAN_LOGIN_FAILURE_LIMIT", "5"))
# An address (all accounts together: an office behind one NAT address) locks after this many failures.
CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
CHENGGUAN_LOCKOUT_MINUTES = int(os.environ.get("CHENGGUAN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = CHENGGUAN_LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: the account, and the address
AXES_HANDLER = "chengguan.accounts.lockout.LockoutHandler"
AXES_COOLOFF_TIME = "chengguan.accounts.lockout.cool_off"
AXES_CLIENT_IP_CALLABLE = "chengguan.core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "chengguan.accounts.lockout.locked_out_response"
AXES_RESET_ON_SUCCESS = False  # a right password does not wipe the failures of wrong second-factor codes
AXES_VERBOSE = False
# Wrong codes are counted by the lockout above; django-otp's own per-device delay would only add confusion.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = os.environ.get("CHENGGUAN_OTP_ISSUER", "chengguan")
# Browser security headers (chengguan.core.headers and django-csp): scripts and styles only from this site.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # style attributes in templates; no script
        "img-src": ["'self'", "data:", "blob:", *tile_origin(os.environ.get("CHENGGUAN_TILE_URL", ""))],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CHENGGUAN_PERMISSIONS_POLICY = "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()"

# --- chengguan's own settings -------------------------------------------------------------------
# Office hours for limits counted in working hours, as "HH:MM-HH:MM" spans separated by commas.
CHENGGUAN_OFFICE_HOURS = os.environ.get("CHENGGUAN_OFFICE_HOURS", "08:30-12:00,14:30-17:30")
# Map tiles are fetched by the browser from this URL (or a named provider's, grid/tiles.py); pages draw the
# city from chengguan's own layers when both are empty. The CRS names the tiles' coordinate system (wgs84 =
# CGCS2000/Tianditu, gcj02 = AMap/Tencent, bd09 = Baidu datum): markers and picks are converted to it.
CHENGGUAN_TILE_URL = os.environ.get("CHENGGUAN_TILE_URL", "")
CHENGGUAN_TILE_PROVIDER = os.environ.get("CHENGGUAN_TILE_PROVIDER", "")
CHENGGUAN_TILE_CRS = os.environ.get("CHENGGUAN_TILE_CRS", "")
CHENGGUAN_TILE_KEY = os.environ.get("CHENGGUAN_TILE_KEY", "")
CHENGGUAN_TILE_SUBDOMAINS = os.environ.get("CHENGGUAN_TILE_SUBDOMAINS", "")
CHENGGUAN_TILE_ATTRIBUTION = os.environ.get("CHENGGUAN_TILE_ATTRIBUTION", "")
# How often a process checks whether cached reference data (grid cells, calendar) changed elsewhere.
CHENGGUAN_CACHE_CHECK_SECONDS = float(os.environ.get("CHENGGUAN_CACHE_CHECK_SECONDS", "5"))

# Periodic jobs' intervals in seconds by job name (chengguan/ops/jobs.py), e.g. "supervise=120,prune=43200".
CHENGGUAN_JOB_INTERVALS = {
    name.strip(): int(seconds)
    for name, _, seconds in (item.partition("=") for item in env_list("CHENGGUAN_JOB_INTERVALS", ""))
}
# 舆情: a day's reports of a category in a community (or street) are a spike when at least
# CHENGGUAN_SPIKE_MIN_COUNT and a Poisson test against the mean of the CHENGGUAN_SPIKE_BASELINE_DAYS before
# gives less than CHENGGUAN_SPIKE_P_VALUE; a repeat location is CHENGGUAN_REPEAT_MIN_REPORTS reports within
# CHENGGUAN_REPEAT_METRES of one another.
CHENGGUAN_SPIKE_BASELINE_DAYS = int(os.environ.get("CHENGGUAN_SPIKE_BASELINE_DAYS", "28"))
CHENGGUAN_SPIKE_P_VALUE = float(os.environ.get("CHENGGUAN_SPIKE_P_VALUE", "0.001"))
CHENGGUAN_SPIKE_MIN_COUNT = int(os.environ.get("CHENGGUAN_SPIKE_MIN_COUNT", "5"))
CHENGGUAN_REPEAT_METRES = float(os.environ.get("CHENGGUAN_REPEAT_METRES", "30"))
CHENGGUAN_REPEAT_MIN_REPORTS = int(os.environ.get("CHENGGUAN_REPEAT_MIN_REPORTS", "3"))
CHENGGUAN_OUTBOX_GRACE_SECONDS = float(os.environ.get("CHENGGUAN_OUTBOX_GRACE_SECONDS", "120"))

# Keys outside the database (audit chain MAC, personal-data fields): see chengguan/core/crypto.py. "sm"
# selects the commercial-cryptography algorithms (SM3 MACs) for a bureau assessed under 商用密码.
CHENGGUAN_KEYS_DIR = Path(os.environ.get("CHENGGUAN_KEYS_DIR", DATA_DIR / "keys"))
CHENGGUAN_CRYPTO_SUITE = os.environ.get("CHENGGUAN_CRYPTO_SUITE", "international").strip().lower()
# The audit chain's head is also appended to this file after every entry (outside the database, so a rewrite
# or truncation of the whole chain is detected), and sent to syslog at host:port when set.
CHENGGUAN_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("CHENGGUAN_AUDIT_CHECKPOINT_FILE", DATA_DIR / "audit" / "checkpoints.log")
)
CHENGGUAN_AUDIT_SYSLOG = os.environ.get("CHENGGUAN_AUDIT_SYSLOG", "")
CHENGGUAN_AUDIT_RETENTION_DAYS = int(os.environ.get("CHENGGUAN_AUDIT_RETENTION_DAYS", "180"))
# Contact data of closed cases is purged (the purge_contacts job) this many days after closure; the
# portal's privacy notice states these periods.
CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS = int(os.environ.get("CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS", "180"))
CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS = int(os.environ.get("CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS", "30"))
# Open311 requests allowed per API key (or per client address without a key); a key's own rate wins.
CHENGGUAN_OPEN311_RATE = os.environ.get("CHENGGUAN_OPEN311_RATE", "60/min")
# The keyed-hash secret for audit chains and personal-data hashes defaults to SECRET_KEY.
# The citizen portal's guard on anonymous reports and supports: accepted submissions allowed per device and
# per client address in a fixed window (count, seconds), and the least time (seconds) between showing the
# form and sending it. Counters live in CACHES["default"]: set CACHE_URL (Redis) with several processes.
CHENGGUAN_PORTAL_RATE = {
    "device": (int(os.environ.get("CHENGGUAN_PORTAL_DEVICE_LIMIT", "5")), 600),
    "ip": (int(os.environ.get("CHENGGUAN_PORTAL_IP_LIMIT", "20")), 3600),
    "min_fill_seconds": float(os.environ.get("CHENGGUAN_PORTAL_MIN_FILL_SECONDS", "3")),
}

# CHENGGUAN_LOG_FORMAT=json: a JSON object a line (time, level, logger, message, request_id) for a collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "chengguan.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "chengguan.core.logs.Formatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if os.environ.get("CHENGGUAN_LOG_FORMAT", "text") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Background tasks and notifications ----------------------------------------------------------
# Tasks are stored in the database and run by `chengguan db_worker`. For a demo without a worker,
# CHENGGUAN_TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them in the web process.
TASKS = {
    "default": {"BACKEND": os.environ.get("CHENGGUAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend")},
}
# Where notify_users() delivers: "inbox" (in-app), "console" (the chengguan.notify log), "email", or the
# dotted path of a channel class. Each channel fails on its own without stopping the others.
CHENGGUAN_NOTIFY_CHANNELS = env_list("CHENGGUAN_NOTIFY_CHANNELS", "inbox,console,email")
# Put before relative links in e-mails and texts (notify.absolute_link), e.g. https://cg.example.gov.cn.
CHENGGUAN_NOTIFY_BASE_URL = os.environ.get("CHENGGUAN_NOTIFY_BASE_URL", "").rstrip("/")
# The SMS gateway class (see chengguan.core.notify.sms.SmsGateway); the default only logs.
CHENGGUAN_SMS_GATEWAY = os.environ.get("CHENGGUAN_SMS_GATEWAY", "chengguan.core.notify.sms.ConsoleSmsGateway")
# The console channel and the console SMS gateway log at INFO, below the root logger's default level.
LOGGING.setdefault("loggers", {})["chengguan.notify"] = {
    "level": os.environ.get("CHENGGUAN_NOTIFY_LOG_LEVEL", "INFO")
}
