"""Settings come from the environment so that one build runs in demo, test and production.

DATABASE_URL       default: SQLite in $SERVICELADDER_HOME
SERVICELADDER_HOME default: ./var
SECRET_KEY         required unless DEBUG or demo; the demo generates one under $SERVICELADDER_HOME
DEBUG              off unless set to 1 (the demo sets it only for its own process)
EMAIL_BACKEND      default: files in $SERVICELADDER_HOME/mail (EMAIL_FILE_PATH); EMAIL_HOST, EMAIL_PORT,
                   EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL for SMTP;
                   DEFAULT_FROM_EMAIL the sender
SERVICELADDER_BASE_URL  the site's public address, for absolute links in e-mails
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from serviceladder.core.limits import limits_from_environment
from serviceladder.paths import PACKAGE_DIR, home

HOME = home()
DEBUG = os.environ.get("DEBUG", "0") in {"1", "true", "True", "yes"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    # A per-installation key kept beside the data, so a fresh install works without setup
    # and sessions survive restarts; production sets SECRET_KEY explicitly.
    key_file = HOME / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    HOME.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # only for its bundled Swagger UI assets (served locally, no CDN)
    "serviceladder.core",
    "serviceladder.accounts",
    "serviceladder.todos",
    "serviceladder.daily",
    "serviceladder.audit",
    "serviceladder.ladder",
    "serviceladder.org",
    "serviceladder.metrics",
    "serviceladder.workcalendar",
    "serviceladder.policy",
    "serviceladder.development",
    "serviceladder.recognition",
    "serviceladder.wellbeing",
    "serviceladder.learning",
    "serviceladder.notifications",
    "serviceladder.api",
    "serviceladder.promotions",
    "serviceladder.insights",
    "serviceladder.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "serviceladder.web.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "serviceladder.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "serviceladder.web.middleware.LoginRequiredMiddleware",
    "serviceladder.web.middleware.PasswordChangeRequiredMiddleware",
    "serviceladder.web.middleware.DomainErrorMiddleware",
    "serviceladder.web.busy.DatabaseBusyMiddleware",  # a write lock not got in time: 503, not 500
]

ROOT_URLCONF = "serviceladder.urls"
WSGI_APPLICATION = "serviceladder.wsgi.application"

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
                "serviceladder.web.context_processors.navigation",
                "serviceladder.web.context_processors.notifications_bell",
                "serviceladder.web.context_processors.todos_badge",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'serviceladder.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 5, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["serviceladder.accounts.backends.LoginBackend"]
# One-time links and password-reset e-mails (README "Users, logins and passwords").
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("SERVICELADDER_TIME_ZONE", "Asia/Shanghai")
LANGUAGE_COOKIE_NAME = "serviceladder_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = HOME / "media"
WHITENOISE_USE_FINDERS = DEBUG

# Without a configured backend, e-mails are files under the home (the console shows requests, not mails;
# `serve --show-mail` prints them instead).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(HOME / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "serviceladder@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") in {"1", "true", "True", "yes"}
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") in {"1", "true", "True", "yes"}
# Upload limits (rows per import kind, uncompressed MB): SERVICELADDER_MAX_ROWS_<KIND>,
# SERVICELADDER_MAX_SHEET_MB, SERVICELADDER_MAX_INTERACTIONS_MB (README "Upload limits").
IMPORT_LIMITS = limits_from_environment()
# The site's address as people reach it, e.g. https://ladder.example.com — makes links in e-mails absolute.
SERVICELADDER_BASE_URL = os.environ.get("SERVICELADDER_BASE_URL", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS in production; a plain-HTTP intranet demo sets SERVICELADDER_INSECURE_HTTP=1.
_https = not DEBUG and os.environ.get("SERVICELADDER_INSECURE_HTTP", "0") != "1"
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if _https else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
# No SECURE_PROXY_SSL_HEADER: behind an HTTPS proxy `serve --trusted-proxy ADDR` lets waitress set the scheme,
# host and client address from that proxy's X-Forwarded-* headers only (cli/commands/serve.py).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Browser uploads are imported by a background worker reading this database (`serve` starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SERVICELADDER_PAGE_SIZE = 25


def _int_env(name: str, default: int, minimum: int = 1) -> int:
    try:
        return max(minimum, int(os.environ.get(name, default)))
    except ValueError:
        return default


# Sign-in throttling (accounts.signin): failures per account and per client address within a window;
# reaching a limit refuses further attempts until the window has passed since the last counted failure.
SERVICELADDER_SIGNIN_WINDOW_MINUTES = _int_env("SERVICELADDER_SIGNIN_WINDOW_MINUTES", 15)
SERVICELADDER_SIGNIN_ACCOUNT_FAILURES = _int_env("SERVICELADDER_SIGNIN_ACCOUNT_FAILURES", 5)
SERVICELADDER_SIGNIN_ADDRESS_FAILURES = _int_env("SERVICELADDER_SIGNIN_ADDRESS_FAILURES", 20)
# Unknown or wrong API keys presented from one address within the same window.
SERVICELADDER_API_ADDRESS_FAILURES = _int_env("SERVICELADDER_API_ADDRESS_FAILURES", 20)
# API token lifetimes in days: the default for a new token, and the most anyone may choose.
SERVICELADDER_TOKEN_MAX_DAYS = _int_env("SERVICELADDER_TOKEN_MAX_DAYS", 365)
SERVICELADDER_TOKEN_DEFAULT_DAYS = min(
    _int_env("SERVICELADDER_TOKEN_DEFAULT_DAYS", 90), SERVICELADDER_TOKEN_MAX_DAYS
)
APP_TITLE = _("serviceladder")
Path(HOME).mkdir(parents=True, exist_ok=True)
