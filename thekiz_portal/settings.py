"""Settings of the ThEKiZ-Portal: one module, configured through the environment.

Every value that differs between a developer's laptop and the production server is read
from a ``THEKIZ_*`` variable (or the conventional ``DATABASE_URL``) by the typed helpers in
``common.env``. Development defaults are safe to run; production
(``THEKIZ_ENVIRONMENT=production``) refuses to start without a secret key and allowed
hosts. docs/configuration.md lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from common.env import envbool, envchoice, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = envchoice("ENVIRONMENT", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = envbool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("THEKIZ_DEBUG must not be switched on in production.")

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("THEKIZ_SECRET_KEY is required in production.")
    SECRET_KEY = "development-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("THEKIZ_ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# A refused form (expired or missing token) in the portal's look, with the way back.
CSRF_FAILURE_VIEW = "thekiz_portal.views.csrf_failure"

INSTALLED_APPS = [
    # Our apps first so their templates (admin overrides, 404/500) win.
    "thekiz_portal",
    "staff",
    "handbook",
    "events",
    "offers",
    "registrations",
    "centers",
    "network",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "parler",
    "csp",
    "reversion",
    # The task queue: mails wait in a database table until the worker sends them.
    "django_tasks",
    "django_tasks_db",
    # After django_tasks_db: common's admin replaces the task list's (common/admin.py).
    "common",
]
if not PRODUCTION:
    # The demo data stays off the server.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("network") + 1, "demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML and JSON (static files come compressed from whitenoise). Django
    # pads the output against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "thekiz_portal.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "thekiz_portal.middleware.PrivatePagesNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # English for browsers that prefer it (or chose it), from the first page on.
    "thekiz_portal.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Answers 413 before any view (or the CSRF check) reads the body.
    "thekiz_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 304 for public pages that have not changed, short caching by proxies.
    "thekiz_portal.middleware.PublicPagesConditionalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "thekiz_portal.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "thekiz_portal.urls"
WSGI_APPLICATION = "thekiz_portal.wsgi.application"

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
                "thekiz_portal.context_processors.portal",
            ],
        },
    },
]

# The smallest widget templates (options, attributes, inputs) are built in Python: the same
# HTML, without about 370 template renders on each search page (common/form_renderer.py).
FORM_RENDERER = "common.form_renderer.DirectRenderer"

# --- Database -------------------------------------------------------------------------
# SQLite under var/ is the zero-setup default; production uses PostgreSQL through
# DATABASE_URL, e.g. postgres://thekiz:secret@db:5432/thekiz.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the dev server read while a management command writes;
        # IMMEDIATE avoids "database is locked" on concurrent writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # The choice lists of the filter forms are read with .iterator(): on PostgreSQL that
    # would open a named server-side cursor (three extra round trips) for a few dozen rows.
    # Without them the portal also works behind a transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# A cache shared by every process and server: allauth counts failed logins in it, so a
# per-process memory cache would multiply the allowed attempts by the number of workers.
# The database cache needs nothing else (its table comes with `migrate`); a larger
# installation sets THEKIZ_REDIS_URL=redis://host:6379/0.
if envstr("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": envstr("REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "thekiz_cache",
        }
    }

# --- Accounts (django-allauth; invitation only, no public sign-up) ---------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "staff.accounts.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # the changer stays; every other session ends
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
# Failed sign-ins: ten a minute per client; per account *and* client, five in five minutes
# and ten in an hour (staff.accounts): a stranger locks out only themselves.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key,10/1h/key"}
# The client's address behind the reverse proxy: the n-th address from the right of
# X-Forwarded-For (each trusted proxy appends one), or a header the proxy sets. Without
# either the header is ignored: a client could write anything into it.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = envstr("TRUSTED_CLIENT_IP_HEADER") or None
# Invitation and password-reset links are single-use and expire after three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "pages:home"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ThEKiZ-Portal"
# Accept the code of the neighbouring 30-second step too: phone clocks drift (RFC 6238).
MFA_TOTP_TOLERANCE = 1
# Sessions end after 30 minutes without a request (each request extends them).
SESSION_COOKIE_AGE = envint("SESSION_MINUTES", 30, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time, formats -------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# locale/formal: formal German ("Sie") for allauth's informal messages (see its README).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "formal"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# English dates as in Britain ("Thursday 3 December 2026"), see thekiz_portal/formats/.
FORMAT_MODULE_PATH = ["thekiz_portal.formats"]
# Content in further languages (common/translations.py): lists prefetch the translations,
# so parler's per-object cache would only add cache round trips.
PARLER_ENABLE_CACHING = False
# The cookie that holds the family's content language (separate from the interface's).
CONTENT_LANGUAGE_COOKIE_NAME = "thekiz_content_language"

# --- Static files and uploads -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Serving uploads from Django is fine for a small installation (they are re-encoded images
# only); a larger one lets the reverse proxy or object storage serve MEDIA_ROOT.
SERVE_MEDIA = envbool("SERVE_MEDIA", not PRODUCTION)
# Files only a view hands out after checking the reader (handbook downloads): never
# inside MEDIA_ROOT, never served by the web server directly.
THEKIZ_PRIVATE_ROOT = Path(envstr("PRIVATE_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production: compressed (gzip + brotli) and cache-busted file names.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000 if PRODUCTION else 0
# Development and tests serve straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Photos: refused above this size before Pillow ever decodes them.
THEKIZ_MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_MB", 10, minimum=1) * 1024 * 1024
THEKIZ_MAX_IMAGE_PIXELS = 40_000_000
# Handbook downloads (PDF and office documents).
THEKIZ_MAX_ATTACHMENT_BYTES = envint("MAX_ATTACHMENT_MB", 20, minimum=1) * 1024 * 1024
# Sign-language videos of the Leichte-Sprache pages (with captions and a poster, they must
# fit into one request: keep below THEKIZ_MAX_REQUEST_BYTES).
THEKIZ_MAX_VIDEO_BYTES = envint("MAX_VIDEO_MB", 40, minimum=1) * 1024 * 1024
THEKIZ_MAX_CAPTIONS_BYTES = 1024 * 1024
# A whole request body (a handbook document saved with two large downloads and a photo):
# larger ones get 413 before their body is read. Keep the proxy's client_max_body_size equal.
THEKIZ_MAX_REQUEST_BYTES = envint("MAX_REQUEST_MB", 50, minimum=1) * 1024 * 1024
# Seconds a shared cache (a reverse proxy) may keep a public page for anonymous visitors;
# 0 switches public caching and the 304 answers off.
THEKIZ_PUBLIC_MAX_AGE = envint("PUBLIC_MAX_AGE", 60, minimum=0)
# Public pages each app process keeps for that time itself (unless public content changes):
# a busy search is rendered once a minute, not once a request. 0 switches it off.
THEKIZ_PAGE_CACHE_ENTRIES = envint("PAGE_CACHE_ENTRIES", 300, minimum=0)

# --- Security ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if envbool("BEHIND_PROXY", PRODUCTION):
    # The reverse proxy terminates TLS and tells us so.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SSL_REDIRECT", True)
    # The container's health check calls /health/ over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Map tiles come from a server the operator chooses (ideally their own). Without one
# the map is simply not shown: the list of centers is complete on its own.
MAP_TILE_URL = envstr("MAP_TILE_URL")
MAP_ATTRIBUTION = envstr("MAP_ATTRIBUTION", "© OpenStreetMap-Mitwirkende")
_tile_origin = ""
if MAP_TILE_URL:
    _tile_parts = urlsplit(MAP_TILE_URL)
    if _tile_parts.scheme not in ("https", "http") or not _tile_parts.netloc:
        raise ImproperlyConfigured("THEKIZ_MAP_TILE_URL must be an http(s) URL.")
    # Leaflet's {s} subdomain placeholder becomes a CSP wildcard.
    _tile_origin = f"{_tile_parts.scheme}://{_tile_parts.netloc.replace('{s}', '*')}"

# Content-Security-Policy: nothing unless named below, and no 'unsafe-inline': every
# script and style is a file served by the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the authenticator's QR code (allauth), KERN's icons in the CSS, Leaflet.
        "img-src": [SELF, "data:", *([_tile_origin] if _tile_origin else [])],
        "font-src": [SELF],
        # The sign-language videos and their captions (Leichte Sprache).
        "media-src": [SELF],
        # The map's markers and the schedule editor's preview.
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

# --- E-mail ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "ThEKiZ-Portal <portal@thekiz.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if envstr("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = envstr("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
elif PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # Development: the worker writes each mail as a file into var/mail/.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

# Mails go out through the task queue (common/mail.py): written to the database in the
# transaction that causes them, sent by the worker (`manage.py db_worker`) after the commit.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A mail the mail server refused is tried again after these many minutes, one after the
# other (eight attempts over about 22 hours); then it stays in the task list as failed.
THEKIZ_MAIL_RETRY_MINUTES = (1, 5, 15, 60, 180, 360, 720)

# --- Logging: everything to stdout, the container collects it ---------------------------
LOG_LEVEL = envchoice("LOG_LEVEL", ("debug", "info", "warning", "error"), "info").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Paths only: no query strings (search terms), one-time tokens masked (logs.py).
    "filters": {"redact_urls": {"()": "thekiz_portal.logs.RedactUrlsFilter"}},
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["redact_urls"],
            "level": LOG_LEVEL,
        },
        # The development server's request lines (runserver), redacted as well.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_urls"],
            "level": "INFO",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Through the redacting stdout handler only, not Django's own console handler.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# --- The portal itself ------------------------------------------------------------------------
THEKIZ_SITE_NAME = "ThEKiZ-Portal"
# The portal's address for links in mails (sent without a request), without a slash at the end.
THEKIZ_BASE_URL = envstr("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Default radius (km) for "near me" searches when a postcode is given without one.
THEKIZ_DEFAULT_RADIUS_KM = 25
THEKIZ_PAGE_SIZE = 20
# GeoNames admin1 code of the home state: place names there win over namesakes elsewhere.
THEKIZ_HOME_STATE = envstr("HOME_STATE", "15")
# Who runs this installation: shown in the legal notice, privacy and accessibility pages.
# The defaults describe the demo; a real deployment sets all of them.
THEKIZ_OPERATOR = {
    "name": envstr("OPERATOR_NAME", "Landeskoordinations- und Fachstelle ThEKiZ (Demo)"),
    "address": envstr("OPERATOR_ADDRESS", "Musterstraße 1, 99084 Erfurt"),
    "email": envstr("OPERATOR_EMAIL", "kontakt@thekiz.example"),
    "phone": envstr("OPERATOR_PHONE", "0361 000000"),
    "representative": envstr("OPERATOR_REPRESENTATIVE", ""),
}
# Web addresses typed without a scheme become https:// (Django 6's default already).
FORMS_URLFIELD_ASSUME_HTTPS = True
# Public and school holidays come from the `holidays` package for this state (ISO 3166-2:DE).
THEKIZ_HOLIDAY_SUBDIVISION = envstr("HOLIDAY_SUBDIVISION", "TH")
# Dates are materialised this many days ahead; `manage.py occurrences_extend` (daily cron)
# rolls the horizon forward.
THEKIZ_CALENDAR_HORIZON_DAYS = 365
# The offer search counts at most this many dates ("more than 1,000 dates").
THEKIZ_SEARCH_COUNT_CAP = 1000
# Names and contacts of sign-ups are deleted this many days after the last date
# (`manage.py registrations_purge`, nightly); a system check keeps it between 1 and 90.
THEKIZ_REGISTRATION_RETENTION_DAYS = envint("REGISTRATION_RETENTION_DAYS", 30, minimum=1)
# Sign-ups per client: "number/seconds" (the load benchmark raises it).
THEKIZ_REGISTRATION_RATE = envstr("REGISTRATION_RATE", "10/600")
# Requests to the HSDS API (/api/hsds/) per client: "number/seconds".
THEKIZ_API_RATE = envstr("API_RATE", "120/60")
# The licence of the open data (HSDS API, downloads), as its name.
THEKIZ_OPEN_DATA_LICENCE = envstr(
    "OPEN_DATA_LICENCE", "Datenlizenz Deutschland – Namensnennung 2.0"
)
