"""Settings shared by every environment.

This package is the only place that reads environment variables. With none set, the site runs on the embedded
default: SQLite under var/, in-memory channel layer, local-memory cache, database search, console email.
DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL switch on the real services (see .env.example).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NETZWERKSTATT_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    # Project apps first so that their templates and translations win.
    "home",
    "community.members",
    "community.regions",
    # Knowledge after the regions and members so that its demo content can link to them; knowledge code
    # itself never imports community (see README, architecture).
    "knowledge.guide",
    "knowledge.practice",
    "knowledge.topics",
    "knowledge.submissions",
    "community.notifications",
    "community.chat",
    # Calls before threads: the thread demo content discusses the demo calls.
    "community.calls",
    "community.threads",
    "community.integrations",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.middleware.SecurityHeadersMiddleware",
    "home.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.GermanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.members.mfa.RequireTwoFactorForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Services -----------------------------------------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL")


def database_pool() -> dict:
    """psycopg's pool per worker process (PostgreSQL; see below)."""
    return {
        "min_size": int(env("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(env("DATABASE_POOL_MAX_SIZE", "20")),
        "timeout": float(env("DATABASE_POOL_TIMEOUT", "10")),
    }


if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Under ASGI, every request runs its database work in a thread of its own: persistent connections
        # (CONN_MAX_AGE) would stay behind with those threads, one per request, until PostgreSQL refuses new
        # ones. Django's advice for ASGI: no persistent connections, the driver's pool instead. A worker process
        # keeps between min_size and max_size connections and waits up to `timeout` seconds for a free one.
        DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "pool": database_pool()}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "netzwerkstatt.sqlite3",
            # WAL lets the ASGI server read while a write is under way; the timeout waits out short locks.
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# A Redis restart or failover (a second or so) must not turn page views into 500s: every cache command
# reconnects and retries up to six times, waiting 20 ms doubling to 0.5 s (about 1.5 s in all). Connecting and
# reading time out after 2 s, so a Redis that hangs slows a request down instead of holding it forever.
# (proof/faults.py restarts Redis under load; tests/proof/test_cache_resilience.py checks this.)
REDIS_CACHE_OPTIONS = {
    "retry": Retry(ExponentialBackoff(cap=0.5, base=0.02), 6),
    "retry_on_error": [RedisConnectionError, RedisTimeoutError],
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nws",
            "TIMEOUT": 300,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    # channels-redis keeps one Redis queue per ASGI worker process and one bounded in-memory queue per channel
    # name. The live channels join each chat group once per worker and fan out locally (community/chat/
    # fanout.py), so a message to 500 sockets on two workers is two entries in Redis.
    # - capacity 1000: undelivered events per worker queue and per channel name. At 20 chat messages a second
    #   plus typing and presence frames, a worker can stall for well over ten seconds before anything is
    #   dropped. Dropping is safe: the layer is at-most-once anyway, every chat frame carries its change
    #   number, and clients fetch what they missed from the database (community/chat/models.py).
    # - expiry 30: seconds an event waits for a worker that does not read it (e.g. one that crashed); the
    #   queue of a dead worker is gone after that. A late event is harmless (clients apply changes in order).
    # - group_expiry 86400: a member of a group is forgotten a day after it joined; the chat re-joins its
    #   groups every ten minutes, so pages that stay open for days stay subscribed.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5-second socket timeout by default, exactly as long as channels-redis
                # blocks in BZPOPMIN waiting for events: an idle worker's receive loop then fails with
                # "Timeout reading from" Redis and drops its sockets. A longer read timeout avoids the race.
                # redis-py 8 caps a pool at 100 connections and fails at once beyond that (MaxConnectionsError):
                # 250 sockets of one worker closing together (a deploy, a network blip) each leave their groups
                # at the same moment. Redis itself accepts 10,000 clients.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 2000}],
                "prefix": env("CHANNEL_LAYER_PREFIX", "nws-asgi"),
                "capacity": 1000,
                "expiry": 30,
                "group_expiry": 86400,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "netzwerkstatt",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "netzwerkstatt")
# Index updates after a commit are written by a background thread per process, not by the request (or the chat
# message) that caused them; see search/indexing.py.
SEARCH_INDEX_IN_BACKGROUND = env_bool("SEARCH_INDEX_IN_BACKGROUND", True)

# Wagtail's own admin search stays on the database: it must work even when Elasticsearch is down.
# The site search (search/) chooses its engine from ELASTICSEARCH_URL.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Email --------------------------------------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Netzwerkstatt <noreply@netzwerkstatt.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Tasks (django-tasks, which Wagtail brings) ---------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Authentication -----------------------------------------------------------------------------------------
# Accounts are django-allauth: login by email (no visible username), sign-up with mandatory email verification,
# password reset by link, optional login by emailed code, TOTP two-factor with recovery codes (required for
# everyone who can reach the admin, see community/members/mfa.py). Forms, adapter and templates are ours.

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend with permission sets cached between requests (community/members/backends.py).
    "community.members.backends.CachedPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "community.members.adapters.AccountAdapter"
MFA_ADAPTER = "community.members.adapters.MFAAdapter"
ACCOUNT_FORMS = {
    "login": "community.members.account_forms.LoginForm",
    "signup": "community.members.account_forms.SignupForm",
    "reset_password": "community.members.account_forms.ResetPasswordForm",  # nosec B105: the name of an allauth form or rate limit, not a password
    "reset_password_from_key": "community.members.account_forms.ResetPasswordKeyForm",  # nosec B105: the name of an allauth form or rate limit, not a password
    "change_password": "community.members.account_forms.ChangePasswordForm",  # nosec B105: the name of an allauth form or rate limit, not a password
    "set_password": "community.members.account_forms.SetPasswordForm",  # nosec B105: the name of an allauth form or rate limit, not a password
    "add_email": "community.members.account_forms.AddEmailForm",
    "request_login_code": "community.members.account_forms.RequestLoginCodeForm",
    "confirm_login_code": "community.members.account_forms.ConfirmLoginCodeForm",
    "reauthenticate": "community.members.account_forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "community.members.account_forms.AuthenticateForm",
    "reauthenticate": "community.members.account_forms.MFAReauthenticateForm",
    "activate_totp": "community.members.account_forms.ActivateTOTPForm",
}
ACCOUNT_USER_DISPLAY = "community.members.adapters.user_display"

# Login by email only; the username is generated (adapters.py) and never shown.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # password reset and login by code do not reveal who has an account
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False  # confirmation by link ...
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # ... that opens a page with a confirm button (mail scanners open links)
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # only in the browser session that signed up
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "/konto/"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = True  # one address per member; a change takes effect once the new one is confirmed
ACCOUNT_EMAIL_NOTIFICATIONS = True  # mail on password, email and two-factor changes
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # changing the email address asks for the password again
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # this session stays; every other session ends with the old hash
ACCOUNT_SIGNUP_REDIRECT_URL = "/konto/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Netzwerkstatt] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"

# Rate limits (allauth counts in the Django cache: Redis in production, shared by all workers).
# Format "amount/period/key": key "ip" = client address, "key" = the email address concerned, "user" = account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # five wrong passwords for one address lock it for five minutes
    "signup": "5/m/ip,50/h/ip",  # a workshop on one Wi-Fi can still sign up together
    "confirm_email": "1/3m/key",  # resending the confirmation mail
    "reset_password": "10/m/ip,3/15m/key",  # nosec B105: the name of an allauth form or rate limit, not a password
    "reset_password_from_key": "20/m/ip",  # nosec B105: the name of an allauth form or rate limit, not a password
    "request_login_code": "10/m/ip,3/15m/key",
    "change_password": "5/m/user",  # nosec B105: the name of an allauth form or rate limit, not a password
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_RATE_LIMITS = {"webauthn_login": "10/m/ip"}

# Sessions: "remember me" keeps a member logged in for two weeks, otherwise until the browser closes.
ACCOUNT_SESSION_REMEMBER = None  # ask on the login form
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Two-factor authentication: authenticator apps (TOTP) with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Netzwerkstatt"
MFA_TOTP_TOLERANCE = 1  # accept the neighbouring 30-second window: phone clocks drift
MFA_RECOVERY_CODE_COUNT = 10
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TRUST_ENABLED = False

# The Wagtail admin logs in through allauth, so its own password and email forms (which know nothing of
# two-factor authentication or email confirmation) stay out of the way; community/members/mfa.py redirects
# its login view.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False  # the address changes under /konto/email/, confirmed by link
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars from gravatar.com in the admin: nothing from other origins

# --- Internationalisation -----------------------------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Wagtail ------------------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Netzwerkstatt"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "odp", "txt", "xlsx", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_FINDERS = []  # embeds would contact third parties; we offer links instead
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_CASE_INSENSITIVE = True

# --- Security (tightened further in production.py) ----------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Public pages: no inline script, no eval, nothing from another origin. The Wagtail admin gets its own,
# looser policy (see home/middleware.py), because its editor relies on inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
    }
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Notifications ------------------------------------------------------------------------------------------

# Summaries go out from this local hour on (Europe/Berlin); weekly ones on this weekday (0 = Monday).
# `manage.py send_notification_digests` runs every hour and sends each summary once, when it is due.
NOTIFICATION_DIGEST_HOUR = 7
NOTIFICATION_DIGEST_WEEKDAY = 0
# Immediate emails that could not be sent (mail server down) are retried by the digest command after this.
NOTIFICATION_EMAIL_RETRY_AFTER = 10 * 60
# A digest lists at most this many notifications; the rest are a click away in the site.
NOTIFICATION_DIGEST_MAX_ITEMS = 30
# Unsubscribe links in emails stay valid this long (seconds).
NOTIFICATION_UNSUBSCRIBE_MAX_AGE = 180 * 24 * 60 * 60
# The unread count in the header is cached per member and dropped whenever it changes.
NOTIFICATION_UNREAD_CACHE_TIMEOUT = 15 * 60
# `manage.py prune_notifications` deletes read notifications older than this (unread ones after twice as long).
NOTIFICATION_RETENTION_DAYS = 365
