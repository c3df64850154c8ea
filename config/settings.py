"""Saphan settings: everything that differs between machines comes from the environment.

SAPHAN_DATA_DIR   where the embedded database, uploads and generated secrets live (./var)
DATABASE_URL      use this PostgreSQL server instead of the embedded one
SAPHAN_DEBUG      1 to show debug pages (never in production)
SAPHAN_SECRET_KEY the signing key; generated and kept under the data dir when unset
SAPHAN_ALLOWED_HOSTS  comma-separated host names (default: localhost,127.0.0.1)
SAPHAN_SECURE_COOKIES 1 when served over HTTPS: secure cookies, HSTS, HTTP → HTTPS redirect
                  (behind a proxy, set SAPHAN_TRUSTED_PROXIES and have the proxy send
                  X-Forwarded-Proto: https)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SAPHAN_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# pythainlp keeps its own small data folder; keep it with ours rather than in $HOME.
os.environ.setdefault("PYTHAINLP_DATA_DIR", str(DATA_DIR / "pythainlp"))


def _secret(name: str) -> str:
    """A secret from the environment, or one generated once and kept under the data dir."""
    path = DATA_DIR / f".{name.lower()}"
    if os.environ.get(name):
        return os.environ[name]
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


SECRET_KEY = _secret("SAPHAN_SECRET_KEY")
DEBUG = os.environ.get("SAPHAN_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SAPHAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SAPHAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "pgtrigger",
    "pghistory",
    "procrastinate.contrib.django",
    "django_htmx",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "saphan.core",
    "saphan.geo",
    "saphan.orgs",
    "saphan.audit",
    "saphan.people",
    "saphan.cases",
    "saphan.knowledge",
    "saphan.capacity",
    "saphan.plans",
    "saphan.insight",
    "saphan.network",
    "saphan.api",
    "saphan.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "saphan.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "saphan.orgs.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "saphan.orgs.middleware.SecondFactorMiddleware",
    "saphan.orgs.middleware.UserLanguageMiddleware",
    "saphan.audit.middleware.RefusalLogMiddleware",
    "saphan.audit.middleware.ReadLogBatchMiddleware",
    "saphan.core.middleware.NulInQueryMiddleware",
    "saphan.orgs.middleware.AccessMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "saphan.api.middleware.IdempotencyMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saphan.core.context_processors.saphan",
                "saphan.site.context_processors.navigation",
            ],
            "builtins": ["saphan.core.templatetags.thai"],
        },
    }
]


# --- database -------------------------------------------------------------------------------
def _database_from_url(url: str) -> dict:
    u = urlparse(url)
    query = parse_qs(u.query)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(u.path.lstrip("/")) or "postgres",
        "USER": unquote(u.username or ""),
        "PASSWORD": unquote(u.password or ""),
        "HOST": query.get("host", [u.hostname or ""])[0],
        "PORT": str(u.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": _database_from_url(os.environ["DATABASE_URL"])}
    EMBEDDED_DATABASE = False
else:
    from saphan.core.embedded_db import database_settings

    DATABASES = {
        "default": database_settings(
            DATA_DIR,
            stop_at_exit=os.environ.get("SAPHAN_OWNS_DB") != "0",
            delete_at_exit=os.environ.get("SAPHAN_THROWAWAY_DB") == "1",
        )
    }
    EMBEDDED_DATABASE = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and security --------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "saphan.orgs.auth.LockoutModelBackend",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SAPHAN_LOCKOUT_ATTEMPTS = 5
SAPHAN_LOCKOUT_MINUTES = int(os.environ.get("SAPHAN_LOCKOUT_MINUTES", "15"))
SESSION_COOKIE_AGE = 30 * 60  # 30 minutes idle ends the session
# ...counted from the last request, not the login: saphan.orgs.middleware.SessionIdleMiddleware
# writes the session again when a minute has passed since it last did (not on every request).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none, the header is
# ignored). The public tip form's rate limit counts by the client address this yields.
SAPHAN_TRUSTED_PROXIES = int(os.environ.get("SAPHAN_TRUSTED_PROXIES", "0"))
# The read log of a page that only reads commits without waiting for the disk flush (rows are
# chained and in the database before the page is sent; a crash of the database host could lose
# the last fraction of a second of them). 1: every read log waits for the disk, as writes do.
SAPHAN_READ_LOG_SYNCHRONOUS = os.environ.get("SAPHAN_READ_LOG_SYNCHRONOUS", "") == "1"
# How long the one-time link on which an imported volunteer sets their own password works.
SAPHAN_SET_PASSWORD_DAYS = int(os.environ.get("SAPHAN_SET_PASSWORD_DAYS", "7"))
# Mail (password-reset and welcome links, "your password was changed"): SMTP when
# SAPHAN_EMAIL_HOST is set; otherwise each message is written as a file under DATA_DIR/mail, so
# the demo needs no mail server and an operator can read what was sent.
if os.environ.get("SAPHAN_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["SAPHAN_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("SAPHAN_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("SAPHAN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SAPHAN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("SAPHAN_EMAIL_TLS", "") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("SAPHAN_EMAIL_FROM", "saphan@localhost")
EMAIL_TIMEOUT = 20  # a mail server that does not answer fails the attempt; the worker retries
# Messages that reach people (alerts, the daily digest): the links in them start with this
# address, the one people open Saphan at.
SAPHAN_SITE_URL = os.environ.get("SAPHAN_SITE_URL", "http://localhost:8000").rstrip("/")
# LINE Messaging API: the channel's access token and secret (LINE Developers console). Without a
# token LINE is not offered; SAPHAN_LINE_API is the API's address (tests use a local stand-in).
SAPHAN_LINE_CHANNEL_TOKEN = os.environ.get("SAPHAN_LINE_CHANNEL_TOKEN", "")
SAPHAN_LINE_CHANNEL_SECRET = os.environ.get("SAPHAN_LINE_CHANNEL_SECRET", "")
SAPHAN_LINE_API = os.environ.get("SAPHAN_LINE_API", "https://api.line.me").rstrip("/")
SAPHAN_LINE_BOT_ID = os.environ.get("SAPHAN_LINE_BOT_ID", "")  # e.g. @saphan, shown to people
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = os.environ.get("SAPHAN_SECURE_COOKIES", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    # Served over HTTPS only: browsers remember it (HSTS) and plain HTTP is redirected.
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]  # health checks may use plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SAPHAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other services may share the parent domain
    if SAPHAN_TRUSTED_PROXIES:
        # The proxy ends TLS and says so in X-Forwarded-Proto; it must set (never pass on) it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No script but the app's own files: no inline <script>, no on…= attributes, no eval (htmx's
# allowEval is off in base.html). Styles may be inline (style="…" and the charts' own styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's form icons are data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"upgrade-insecure-requests": True} if SECURE_COOKIES else {}),
    }
}
# Sent with every response (saphan.core.middleware.PrivacyHeadersMiddleware). Geolocation stays
# open to our own pages (a visit may record where it was made); camera and microphone are off.
SAPHAN_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
# The second factor (saphan/orgs/otp.py): TOTP in an authenticator app, recovery codes.
OTP_TOTP_ISSUER = "Saphan"
OTP_TOTP_SYNC = False  # accept one step either side, never move the window for later codes
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- language, time --------------------------------------------------------------------------
LANGUAGE_CODE = "th"
# The staff's languages: the whole app is in Thai and English (the top bar's switch), and the
# translation-completeness test demands both.
STAFF_LANGUAGES = ["th", "en"]
# Migrants' languages: only the public tip form, its status page, the volunteer's report form
# and the rights notice (page and PDF) are translated (machine-drafted, to be reviewed by native
# speakers: locale/my, locale/km, locale/lo); any other page asked for in one of them shows the
# English text where the catalogue has none.
MIGRANT_LANGUAGES = ["my", "km", "lo"]
LANGUAGES = [
    ("th", _("Thai")),
    ("en", _("English")),
    ("my", _("Burmese")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's table of languages has no Lao, and names Khmer in Latin letters.
LANG_INFO.setdefault("lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"})
LANG_INFO["km"] = {**LANG_INFO["km"], "name_local": "ខ្មែរ"}
LANGUAGE_COOKIE_NAME = "saphan_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- static, media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = (
    DATA_DIR / "static"
)  # for `collectstatic` in production; whitenoise serves finders here
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve straight from the checkout: no collectstatic step to forget
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"  # never served as /media: documents go through a checked view
# Case documents: PDF, PNG or JPEG up to this size (saphan/cases/services/documents.py).
CASE_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# A photo on a public tip: up to this size as sent; kept re-encoded without metadata.
TIP_PHOTO_MAX_BYTES = 10 * 1024 * 1024

# --- history, background work ----------------------------------------------------------------
PGHISTORY_DEFAULT_TRACKERS = None  # each model names its trackers explicitly
# The request (user, url) is attached to the history of what a request writes. Reading pages
# write no tracked row, so a GET does not send it before each of its statements; writes keep it.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Triggers on auto-created link tables (a user's groups and permissions) have no migration of
# their own; pgtrigger installs them after every migrate.
PGTRIGGER_INSTALL_ON_MIGRATE = True
PROCRASTINATE_ON_APP_READY = "saphan.core.tasks.on_app_ready"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAPHAN_LOG_LEVEL", "WARNING")},
    "loggers": {"saphan": {"level": os.environ.get("SAPHAN_LOG_LEVEL", "INFO")}},
}

SAPHAN_DEMO = os.environ.get("SAPHAN_DEMO", "1") == "1"

# Partner API webhooks go to https:// addresses only; "1" also allows http:// (a receiver on the
# same host or in a closed network).
SAPHAN_WEBHOOK_ALLOW_HTTP = os.environ.get("SAPHAN_WEBHOOK_ALLOW_HTTP", "") == "1"
