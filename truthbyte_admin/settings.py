"""Django settings, all from the environment (see README "Configuration")."""

from __future__ import annotations

import math
import os
from pathlib import Path

import dj_database_url

from truthbyte_admin import SettingProblem

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_number(name: str, default: str, kind: type[int] | type[float] = int) -> int | float:
    raw = os.environ.get(name) or default
    try:
        value = kind(raw)
    except ValueError:
        value = -1
    if not 0 <= value < math.inf:  # nan and inf too
        what = "a whole number" if kind is int else "a number"
        raise SettingProblem(f"{name} must be {what} of 0 or more, not {raw!r}.")
    return value


DEBUG = _env_bool("DJANGO_DEBUG", False)
# In debug, our own 404/500 pages (tracebacks in the log) unless set to "django".
DEBUG_OWN_ERROR_PAGES = (
    os.environ.get("DJANGO_DEBUG_ERROR_PAGES", "app").strip().lower() != "django"
)

_INSECURE_KEY = "insecure-local-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Refuse to run in production with a guessable key: sessions and cursors are signed with it.
        raise SettingProblem(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (
    SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    # What `check --deploy` asks of a key (security.W009): 50 characters, 5 different ones.
    raise SettingProblem(
        "DJANGO_SECRET_KEY is too short or a known development key: it needs at least 50 "
        'characters, 5 of them different (python -c "import secrets; '
        'print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

# --- the game's DynamoDB tables -------------------------------------------------------------
TRUTHBYTE_ENV = os.environ.get("TRUTHBYTE_ENV", "dev")
AWS_REGION = os.environ.get("AWS_REGION", "us-east-1")
DYNAMODB_ENDPOINT_URL = os.environ.get("DYNAMODB_ENDPOINT_URL") or None
# Interactive pages: a few quick retries rather than botocore's legacy 10.
DYNAMODB_MAX_ATTEMPTS = _env_number("DYNAMODB_MAX_ATTEMPTS", "3")
# Commands that write in bulk (load_questions, import_tables): botocore's own 10 for DynamoDB,
# so that throttling during an import is waited out rather than stopping the run.
DYNAMODB_BULK_MAX_ATTEMPTS = _env_number("DYNAMODB_BULK_MAX_ATTEMPTS", "10")
DYNAMODB_TIMEOUT_SECONDS = _env_number("DYNAMODB_TIMEOUT_SECONDS", "5", float)

INSTALLED_APPS = [
    # Before django.contrib.auth: its createsuperuser and changepassword are refused (they would
    # change staff accounts with no audit entry; create_staff does it recorded).
    "truthbyte_admin.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # `runserver` (make run) serves static files through WhiteNoise as production does, not
    # Django's handler, which answered /static/%2E%2E with a bare 500.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # intcomma: counts read "3,028", not "3028"
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "truthbyte_admin.core",
    "truthbyte_admin.moderation",  # staff-side moderation settings (saved reasons, shortcuts)
    "truthbyte_admin.staffindex",
    "truthbyte_admin.auditlog",  # staff copy of the audit table (the global audit log page)
]

MIDDLEWARE = [
    "truthbyte_admin.core.middleware.HealthCheckMiddleware",
    "truthbyte_admin.core.middleware.DebugBadHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "truthbyte_admin.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "truthbyte_admin.core.middleware.OversizedFormMiddleware",
    "truthbyte_admin.core.middleware.StaffRequiredMiddleware",
    "truthbyte_admin.accounts.middleware.SecondFactorMiddleware",
    "truthbyte_admin.core.middleware.SignedInNoStoreMiddleware",
    "truthbyte_admin.core.middleware.MethodNotAllowedPageMiddleware",
    "truthbyte_admin.core.middleware.DebugErrorPagesMiddleware",
    "truthbyte_admin.core.middleware.ErrorPagesMiddleware",
    # Last, so that it sees the request flagged by a refused sign-in (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "truthbyte_admin.urls"
WSGI_APPLICATION = "truthbyte_admin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "truthbyte_admin.core.context_processors.staff_role",
            ],
            "builtins": ["django.contrib.humanize.templatetags.humanize"],
        },
    },
]

# Staff accounts, sessions, sign-in lockouts and second factors; game data never touches the
# ORM. SQLite for one process (`make run`); PostgreSQL (psycopg 3) for several containers.
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'staff.sqlite3'}",
            conn_max_age=60,
            conn_health_checks=True,
        )
    }
except ValueError as exc:  # an unknown scheme, a port that is no number
    raise SettingProblem(
        f"DATABASE_URL can't be used ({str(exc).split('. ')[0]}): it must look like "
        "postgres://user:password@host:5432/name (or be unset for the SQLite file under var/)."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Under `make run` the web server's threads and `sync_index --follow` write the staff index
    # and the audit copy at once: WAL lets readers go on during a write, IMMEDIATE takes the
    # write lock when a transaction starts (a read lock upgraded later fails at once, whatever
    # the timeout), and the timeout waits for a busy writer instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out attempt before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- sign-in lockout (django-axes, counters in the staff database: shared by every container) --
# Failed sign-ins per username *and* address before that pair is locked out, and for how long.
LOGIN_FAILURE_LIMIT = _env_number("LOGIN_FAILURE_LIMIT", "5")
LOGIN_LOCKOUT_SECONDS = _env_number("LOGIN_LOCKOUT_SECONDS", "900")
# One address guessing many usernames, and the slower throttle on one username from anywhere
# (addresses this user has signed in from before are exempt, so it can't lock them out).
LOGIN_ADDRESS_FAILURE_LIMIT = _env_number(
    "LOGIN_ADDRESS_FAILURE_LIMIT", str(LOGIN_FAILURE_LIMIT * 4)
)
LOGIN_USERNAME_FAILURE_LIMIT = _env_number(
    "LOGIN_USERNAME_FAILURE_LIMIT", str(LOGIN_FAILURE_LIMIT * 10)
)
# How many proxies (load balancers) append to X-Forwarded-For in front of the app. 0: the
# address is REMOTE_ADDR and the header is ignored (anyone can send it).
TRUSTED_PROXY_COUNT = _env_number("DJANGO_TRUSTED_PROXY_COUNT", "0")
AXES_HANDLER = "truthbyte_admin.accounts.lockout.StaffLockoutHandler"
AXES_FAILURE_LIMIT = "truthbyte_admin.accounts.lockout.failure_limit"  # LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "truthbyte_admin.accounts.lockout.lockout_duration"  # LOGIN_LOCKOUT_SECONDS
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries don't extend the lockout
AXES_USERNAME_CALLABLE = "truthbyte_admin.accounts.lockout.normalised_username"
AXES_CLIENT_IP_CALLABLE = "truthbyte_admin.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "truthbyte_admin.accounts.views.locked_out"
AXES_VERBOSE = False

# --- second factor (django-otp: TOTP authenticator apps, static backup codes) ---------------
# Who must use one: "admin" (admins, the default with debug off), "all" staff, or "none".
TRUTHBYTE_REQUIRE_2FA = os.environ.get("TRUTHBYTE_REQUIRE_2FA", "none" if DEBUG else "admin")
if TRUTHBYTE_REQUIRE_2FA not in {"admin", "all", "none"}:
    raise SettingProblem("TRUTHBYTE_REQUIRE_2FA must be admin, all or none.")
OTP_TOTP_ISSUER = "TruthByte Admin"

# /healthz gives the details (which tables, which error) only to a caller presenting this token
# in an "Authorization: Bearer ..." header; everyone else gets {"status": ...} alone.
HEALTHZ_TOKEN = os.environ.get("DJANGO_HEALTHZ_TOKEN", "")

CACHES = {
    # Per-process: table schemas, the daily-set pool and /healthz's answer, all short-lived and
    # safe to recompute. Nothing that several containers must agree on lives in a cache: sign-in
    # counters, sessions and second factors are in the staff database.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# --- moderation -----------------------------------------------------------------------------
# A submission this similar (0..1) to an existing question needs an explicit "approve anyway".
MODERATION_DUPLICATE_THRESHOLD = _env_number("MODERATION_DUPLICATE_THRESHOLD", "0.9", float)
# How long after an approve or reject its moderator (or an admin) can undo it.
MODERATION_UNDO_MINUTES = _env_number("MODERATION_UNDO_MINUTES", "10")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # htmx comes from the npm package, installed by `make setup`, never copied into the repo.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: htmx sends the token from the body's hx-headers, forms from
# their hidden field.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = 60 * 60 * 10
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_number("DJANGO_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if TRUSTED_PROXY_COUNT > 0:
        # Only a trusted proxy's word says the request came over HTTPS: without one, a client
        # could send X-Forwarded-Proto itself over plain HTTP and skip the redirect.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by the container's HEALTHCHECK and load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_FAILURE_VIEW = "truthbyte_admin.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forbidden_in_one_line": {"()": "truthbyte_admin.core.logs.ForbiddenInOneLine"},
        "without_traceback": {"()": "truthbyte_admin.core.logs.WithoutTraceback"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["forbidden_in_one_line"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" its own console handler under DEBUG: with
        # the root's, every request warning was written twice.
        "django": {"handlers": [], "propagate": True},
        # A request for a host not in ALLOWED_HOSTS (scanners, a misrouted name): one line,
        # not the traceback Django attaches to it.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        "botocore": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
}
