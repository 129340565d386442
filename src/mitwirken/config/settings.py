"""Settings for mitwirken, read from the environment (django-environ).

Without any environment the embedded defaults apply: SQLite, local-memory cache, e-mails
written to files under ``var/mails``. Production sets DATABASE_URL, REDIS_URL, EMAIL_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=false (see docs/operators.md).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent  # src/mitwirken
BASE_DIR = SRC_DIR.parent.parent  # repository root
VAR_DIR = Path(environ.Env().str("MITWIRKEN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    DEVELOPMENT=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    TASKS_IMMEDIATE=(bool, False),
    SECURE_SSL=(bool, False),
)

DEBUG = env("DEBUG")
# `make run`: static files straight from the apps' folders, picked up when they change, while
# visitors still see the portal's own (German) error pages. DEBUG=true adds Django's debug
# pages (`make run DEBUG_PAGES=true`); both stay off in production.
DEVELOPMENT = env("DEVELOPMENT") or DEBUG
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Django itself
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.forms",
    # Libraries
    "allauth",
    "allauth.account",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # mitwirken, bottom layer first: later apps may import earlier ones, never the reverse
    "mitwirken.core",  # layout, tenancy helpers, platform pages, health check
    "mitwirken.accounts",  # people, sign-up, "Meine Daten"
    "mitwirken.organisations",  # tenants, staff roles, legal pages, audit log
    "mitwirken.questionnaires",  # questions, options and answers (registration, surveys, polls)
    "mitwirken.comments",  # comments on any content, reports and their moderation
    "mitwirken.events",  # events: registration, waiting list, materials, certificates
    "mitwirken.networks",  # networks and working groups: members, exchange, meetings, results
    "mitwirken.participation",  # projects with citizens: concept, phases, surveys, ideas
    "mitwirken.portal",  # portal-wide pages that aggregate all apps (start page)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "mitwirken.core.tenancy.ScopesDisabledForAdminMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mitwirken.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mitwirken.accounts.middleware.PrivacyAcceptanceMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
if DEVELOPMENT:
    # `make run` serves the static files from the app folders, uncompressed: compress them
    # (and the pages) on the fly, as production serves its collected, compressed copies.
    # Only here: compressing pages that carry secrets (CSRF tokens) is left out in production.
    MIDDLEWARE.insert(0, "django.middleware.gzip.GZipMiddleware")

FORM_RENDERER = "mitwirken.core.forms.KernFormRenderer"
ROOT_URLCONF = "mitwirken.config.urls"
WSGI_APPLICATION = "mitwirken.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of third-party templates (allauth, Django's form widgets) in KERN markup.
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mitwirken.core.context_processors.portal",
                "mitwirken.organisations.context_processors.legal_pages",
            ],
        },
    }
]

# --- Database: SQLite embedded, PostgreSQL in production and CI ---------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mitwirken.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on during a write; IMMEDIATE takes the write lock at the start of
    # every transaction so that concurrent writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Keep connections open between requests (a new one per request costs more than the
    # request itself); checked before reuse so that a restarted database is survived.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)
    else:
        # Behind a pooler in transaction mode (PgBouncer) a connection keeps neither prepared
        # statements nor the cursor of a streamed export across transactions.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory embedded, Redis in production --------------------------------------
# One cache. What it holds is keyed by the versions it depends on (a saved version of an
# event, ``organisation.version``, a language, ...), so that nothing ever needs to be dropped
# in another process; the few values that are dropped (the organisation of a URL) are shared
# through Redis. redis-py uses hiredis as its parser when it is installed.
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="mitwirken"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Background tasks ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "mitwirken.core.task_backends.OnCommitImmediateBackend"
            if env("TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- E-mail ------------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    # e.g. smtp+tls://user:password@mail.example.org:587 (see docs/operators.md)
    globals().update(env.email_url("EMAIL_URL"))
    if globals().get("EMAIL_FILE_PATH"):  # filemail:///path: environ drops the leading slash
        EMAIL_FILE_PATH = "/" + globals()["EMAIL_FILE_PATH"].lstrip("/")
else:
    # Embedded default: every e-mail is written as a file a newcomer can open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mails"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="mitwirken <noreply@mitwirken.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
# Behind a reverse proxy the client's address is in X-Forwarded-For; rate limits need it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_FORMS = {"signup": "mitwirken.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "mitwirken.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "mitwirken: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env("SECURE_SSL") else "http"

# Forms: (requests, seconds) per client address or account (core.ratelimit, django-ratelimit).
# Spam protection without third parties.
RATELIMIT_IP_META_KEY = "mitwirken.core.ratelimit.client_ip"
RATE_LIMITS = {
    "event_registration": (env.int("RATE_LIMIT_REGISTRATIONS", default=20), 600),
    "barrier_report": (env.int("RATE_LIMIT_BARRIER_REPORTS", default=10), 3600),
    "comment": (env.int("RATE_LIMIT_COMMENTS", default=10), 600),
    "comment_report": (env.int("RATE_LIMIT_COMMENT_REPORTS", default=20), 3600),
    "network_post": (env.int("RATE_LIMIT_NETWORK_POSTS", default=20), 600),
    "survey_resume_mail": (env.int("RATE_LIMIT_SURVEY_RESUME_MAILS", default=10), 3600),
    # Guessing access codes of a project: a few typos are fine, a script is not.
    "access_code": (env.int("RATE_LIMIT_ACCESS_CODES", default=10), 600),
}
# Comments: how long their author may still edit them, and how long they may be.
COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)
COMMENT_MAX_LENGTH = 5000

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# Our catalogue first; then formal ("Sie") versions of allauth's German strings, which
# address people informally.
LOCALE_PATHS = [SRC_DIR / "locale", SRC_DIR / "locale_allauth"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["mitwirken.formats"]

# --- Static and uploaded files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads (core/uploads.py). MEDIA_ROOT holds what anybody may fetch under /medien/ (logos);
# PRIVATE_MEDIA_ROOT, outside of it, the event materials: only a view that checks the person
# serves them, by itself or with X-Accel-Redirect to nginx's internal location.
# MEDIA_URL may name a host of its own (https://medien.example.org/), see docs/operators.md.
MEDIA_URL = env.str("MEDIA_URL", default="/medien/").rstrip("/") + "/"
_MEDIA_URL = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = f"{_MEDIA_URL.scheme}://{_MEDIA_URL.netloc}" if _MEDIA_URL.netloc else ""
MEDIA_PATH = _MEDIA_URL.path  # where the application itself answers for public media
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not lie inside MEDIA_ROOT.")
MEDIA_ACCEL_REDIRECT = env.bool("MEDIA_ACCEL_REDIRECT", default=False)
MEDIA_ACCEL_PREFIX = env.str("MEDIA_ACCEL_PREFIX", default="/_geschuetzt/")
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/_nicht-oeffentlich/"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MB = 1024 * 1024
LOGO_MAX_BYTES = env.int("LOGO_MAX_BYTES", default=1 * MB)
LOGO_MAX_PIXELS = 16_000_000  # e.g. 4000 × 4000
MATERIAL_MAX_BYTES = env.int("MATERIAL_MAX_BYTES", default=10 * MB)  # documents, images, text
MATERIAL_MAX_PIXELS = 50_000_000  # photos of a pinboard from a good camera
RECORDING_MAX_BYTES = env.int("RECORDING_MAX_BYTES", default=500 * MB)  # audio and video

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "mitwirken.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env("SECURE_SSL"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# A strict policy: nothing from another host, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Tenancy ------------------------------------------------------------------------------------
# Path segments that can never be an organisation's slug because the portal uses them.
RESERVED_SLUGS = {
    "admin",
    "konto",
    "static",
    "medien",
    "healthz",
    "organisationen",
    "veranstaltungen",
    "beteiligung",
    "netzwerke",
    "wissen",
    "rechtliches",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "barriere-melden",
    "leichte-sprache",
    "gebaerdensprache",
    "plattform",
    "einladung",
    "api",
    "suche",
    "sprache",
    "bescheinigung",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
