"""Settings, driven by the environment; see README "Configuration"."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# The set-up writes a git-ignored .env for local use (debug on, a generated secret key);
# variables set in the real environment always win, and production needs no such file.
# DJANGO_ENV_FILE names another file; empty, none is read.
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    load_dotenv(ENV_FILE, override=False)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many reverse proxies in front of the app append to X-Forwarded-For: the client's
# address is read that far from the right of the header (config/client.py), for the
# workshop join limits and sign-in throttling alike. 0: no proxy, REMOTE_ADDR.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks_db",
    "ninja",  # serves the API docs' scripts itself (no CDN)
    "maturity",
    "assessments",
    "reports",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "assessments.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts (no "database is locked" when two
    # autosaves meet), and WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Only immutable data is cached (published framework definitions), so a per-process
# cache is safe; with REDIS_URL several servers share one.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered template fragments ({% cache %}): every input of a fragment is in its key, so
    # a copy in each process cannot go stale, and a hit costs no network round trip. Not
    # in debug: the development server reloads edited templates but would keep old copies.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
        if DEBUG
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# "shared": what every server must see alike, the workshops' change counters and join
# limits. Redis when REDIS_URL is set (needed for more than one machine); otherwise a file
# cache that every worker on this machine shares.
CACHES["shared"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("DJANGO_SHARED_CACHE_DIR", str(BASE_DIR / ".cache" / "shared")),
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    CACHES["shared"] = CACHES["default"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions live in the database, behind a cache that every server shares, never a cache
# in one process's memory: a sign-out on one worker must end the session on all of them.
# - REDIS_URL set: the shared Redis cache.
# - SQLite: one machine by construction, so a file cache (Django's own) is shared by every
#   worker on it; it reads a session in a third of a database read's time here (README
#   "Benchmarks").
# - PostgreSQL without Redis (perhaps several servers): the database alone.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if os.environ.get("REDIS_URL"):
    SESSION_CACHE_ALIAS = "default"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "DJANGO_SESSION_CACHE_DIR", str(BASE_DIR / ".cache" / "sessions")
        ),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
    SESSION_CACHE_ALIAS = "sessions"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins as one user from
# one client address, that pair is refused for AXES_COOLOFF_TIME by the first backend, before
# the model backend hashes the password, so guessing cannot keep the CPU busy. The pair, not
# the user alone: a guesser elsewhere cannot lock a colleague out. Attempts are rows in the
# database, which every server shares; a successful sign-in clears the pair's count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during the pause are refused without being counted, so the wait the page names holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The sign-in page again (status 429), naming the wait, rather than a bare text.
AXES_LOCKOUT_TEMPLATE = "registration/login.html"
# The client's address by the same rule as the workshop join limits (config/client.py).
AXES_CLIENT_IP_CALLABLE = "config.client.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The reader's language, in LocaleMiddleware's order: the language cookie (set by the switcher
# in the navigation, and at sign-in from the user's stored choice: assessments/views/
# language.py), else the browser's Accept-Language, else LANGUAGE_CODE. An assessment's own
# language (Assessment.language) decides its report and e-mails, whoever reads them.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from their registries at set-up (`make` runs npm and pip);
# the app serves them itself, with no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/plotly", BASE_DIR / "build" / "vendor" / "plotly"),
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django 6.1's MAILERS; the console backend prints mail unless SMTP is configured.
if os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["DJANGO_EMAIL_HOST"],
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
                # A mail server that never answers must not hold a request for minutes.
                "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10")),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    # Without SMTP, mail (invitations, password-reset links) is written to the server's log,
    # where an operator can pass a link on: a supported set-up for a small site, so the deploy
    # check does not call it an error (README "Configuration").
    SILENCED_SYSTEM_CHECKS = ["mail.E001"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "maturity@localhost")
# How long an invitation link works after it is sent (or sent again).
INVITATION_DAYS = int(os.environ.get("DJANGO_INVITATION_DAYS", "14"))

# Background work (reports, exports, e-mail) on Django's tasks framework. By default the
# database backend: `make run` starts one worker (`manage.py db_worker`) beside the server,
# and any number of workers may share a PostgreSQL database. DJANGO_TASKS_BACKEND=immediate
# runs each task inside the request that asks for it (the tests do), without a worker.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}

# The site's own address ("https://maturity.example.com"), for links that leave it: the
# API URLs in webhook payloads. Unset: those links are paths from the site's root.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
# Webhook deliveries go to public HTTPS addresses only. For tests and a closed network an
# admin may allow loopback and private addresses (and plain http) with this switch.
WEBHOOKS_ALLOW_PRIVATE = env_bool("DJANGO_WEBHOOKS_ALLOW_PRIVATE")
# Requests per minute that one API token may make (429 beyond).
API_RATE_PER_MINUTE = int(os.environ.get("DJANGO_API_RATE_PER_MINUTE", "120"))

# A strict policy is possible because no template has inline script or style.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # plotly.js adds <style> elements as it draws.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs a banner at every start and each step of a sign-in at INFO; failed
        # sign-ins and lockouts, the part worth keeping, are WARNINGs.
        "axes": {"level": "WARNING"},
    },
}
