"""Settings for the Open Model Registry.

One file, driven by environment variables with safe local defaults: a fresh clone runs
against a SQLite file in the project root with no variable set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


DEBUG = env_bool("DJANGO_DEBUG", False)

# Required when DEBUG is off: left empty, Django refuses to sign sessions, CSRF tokens or
# anything else with "The SECRET_KEY setting must not be empty", while commands that need no
# key (migrate, check) still run straight after a clone.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-key-for-the-open-model-registry"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- HTTPS, cookies and headers (docs/operations.md lists the variables) ------------------
# One switch, on whenever DEBUG is off: HTTPS redirect, secure cookies and HSTS. Turn it off
# only to try the production server over plain HTTP on your own machine.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# The probe of a load balancer speaks plain HTTP to the app; it must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# Nothing reads the CSRF cookie from JavaScript: admin and DRF forms carry the token.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy, e.g. "HTTP_X_FORWARDED_PROTO,https". Trust it only when the
# proxy overwrites that header on every request; otherwise a client could claim HTTPS.
_proxy_ssl_header = env_list("DJANGO_SECURE_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if len(_proxy_ssl_header) == 2 else None
# How many proxies in front of the app append to X-Forwarded-For. The client address used by
# login lockout and API throttling is the one the outermost trusted proxy saw; with 0 it is
# REMOTE_ADDR and X-Forwarded-For is ignored, so a client cannot choose its own identity.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)

SILENCED_SYSTEM_CHECKS = [
    # HSTS preloading is a submission to browser vendors that is hard to undo: the operator of
    # the domain opts in with DJANGO_SECURE_HSTS_PRELOAD=1, it is not a default.
    "security.W021",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "registry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "registry.middleware.RequestSizeLimitMiddleware",
    "registry.middleware.DatabaseUnavailableMiddleware",
    "registry.middleware.AdminInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "registry.middleware.CommonMiddleware",  # redirects a missing slash for reads only
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# The registry uses no camera, microphone, location or other powerful browser feature: none
# is allowed to it or to anything it could embed (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ]
}

# --- Content Security Policy (django-csp 4) -------------------------------------------------
# No 'unsafe-inline' and no 'unsafe-eval' anywhere: every script and stylesheet is a file
# served from our own origin. The one inline <style> element Django's admin can emit
# (change_list.html, shown only when a ModelAdmin turns both action bars off) is allowed by
# its hash; tests/test_csp.py recomputes it from the installed template so an upgrade that
# changes it fails the suite instead of silently breaking the page. The one inline style
# *attribute* (django-simple-history's history paginator, style="border-top: 0") needs
# 'unsafe-hashes', which only lets attributes whose exact text has a listed hash through:
# that single declaration, harmless whoever writes it. No script attribute is allowed.
ADMIN_CHANGELIST_STYLE_HASH = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
HISTORY_PAGINATOR_STYLE_HASH = "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": [
            "'self'",
            ADMIN_CHANGELIST_STYLE_HASH,
            "'unsafe-hashes'",
            HISTORY_PAGINATOR_STYLE_HASH,
        ],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Admin login brute-force protection (django-axes) ---------------------------------------
AUTHENTICATION_BACKENDS = [
    "registry.auth.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locks the pair (username, address), and the address across usernames: an address cannot
# try a few passwords on every username in turn. Only the address the failures came from is
# locked, so an attacker elsewhere cannot lock an editor out, and a lock lifts by itself
# after the cool-off (`manage.py axes_reset` lifts it at once). The attempts are rows in the
# database (axes' database handler), so every worker and server counts the same failures.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "registry.client_ip.client_ip"
# Editors sign in through the admin: a login whose `next` is refused (another host, say)
# lands on the admin's index, not on Django's default /accounts/profile/, which is a 404.
LOGIN_REDIRECT_URL = "admin:index"

ROOT_URLCONF = "registry.urls"

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
                "registry.context_processors.site_links",
            ],
        },
    },
]

WSGI_APPLICATION = "registry.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, keeping the planner's statistics current (registry/sqlite_stats.py).
    DATABASES["default"]["ENGINE"] = "registry.sqlite"
    # Persistent connections buy nothing on SQLite; WAL and a busy timeout let readers and
    # a writer share the file without "database is locked" errors.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
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

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Form URL fields assume https:// for scheme-less input (the Django 6.0 default).
FORMS_URLFIELD_ASSUME_HTTPS = True


# Django's cache holds the front page's summary (registry/summary.py), the API's throttle
# counts and failed-token counts. Every worker must see the same counts, or each one allows
# the whole rate on its own (five workers let five times the limit through): production
# shares one cache, Redis when REDIS_URL is set (redis://host:6379/0), otherwise a table in
# the registry's own database (made by `migrate`, registry/apps.py). Only DEBUG (`make run`,
# one process) keeps a cache in memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_TABLE = "registry_cache"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
# How long the front page's figures may be served from the cache; a save drops them sooner.
REGISTRY_SUMMARY_SECONDS = env_int("REGISTRY_SUMMARY_SECONDS", 300)
# The authority of the feed's tag: URIs (RFC 4151: a domain you hold, and a date you held it).
# Entry ids must never change, whatever Host a reader used: set it once, never edit it.
REGISTRY_TAG_AUTHORITY = os.environ.get("REGISTRY_TAG_AUTHORITY", "registry.example,2026")


def env_rate(name: str, default: str) -> str | None:
    rate = os.environ.get(name, default).strip()
    return None if rate.lower() in {"", "off", "none"} else rate


# The REST API (docs/api.md). Rates look like "120/min"; "off" disables a throttle.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write is told 401 with `WWW-Authenticate: Token`.
        "registry.api.throttling.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_FILTER_BACKENDS": ["registry.api.filtering.FilterBackend"],
    # Throttling identifies clients like the login lockout does (see NUM_PROXIES above).
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.KeysetPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_RENDERER_CLASSES": [
        "registry.api.renderers.JSONRenderer",
        "registry.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "registry.api.renderers.ContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "registry.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "registry.api.throttling.AnonThrottle",
        "registry.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "120/min"),
        "user": env_rate("API_THROTTLE_USER", "1200/min"),
        # Readers' suggestions, from the page form and POST /api/suggestions/ together.
        "suggestions_anon": env_rate("SUGGESTION_THROTTLE_ANON", "10/hour"),
        "suggestions_user": env_rate("SUGGESTION_THROTTLE_USER", "30/hour"),
    },
    "EXCEPTION_HANDLER": "registry.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.RegistryAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Open Model Registry API",
    "DESCRIPTION": (
        "AI models, the companies that make them, their licenses and release history. "
        "Reads are public; writes need a token of a user with the matching permission. "
        "Lists use cursor pagination: follow `next` / `previous` (or the `Link` header)."
    ),
    "VERSION": "1.0.0",
    # 3.1 is JSON Schema: a nullable reference is `oneOf: [{$ref}, {type: null}]`, which strict
    # validators and generated clients read as intended (3.0's `allOf` + `nullable` without a
    # type is ambiguous, and some reject it).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    # Request bodies take slugs where responses show nested objects.
    "COMPONENT_SPLIT_REQUEST": True,
    # Document JSON bodies; forms are still parsed for the browsable API.
    "PARSER_WHITELIST": ["registry.api.parsers.JSONParser"],
    "ENUM_NAME_OVERRIDES": {
        "ModelKindEnum": "registry.models.ModelKind",
        "EventKindEnum": "registry.models.EventKind",
        "LicenseCategoryEnum": "registry.models.LicenseCategory",
        "DatePrecisionEnum": "registry.models.DatePrecision",
        "CountryEnum": "django_countries.countries",
    },
    "PREPROCESSING_HOOKS": ["registry.api.schema.drop_slashless_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.trim_choice_lists",
        "registry.api.schema.link_items",
        "registry.api.schema.blank_alternatives_overlap",
    ],
    "TAGS": [
        {"name": "models", "description": "AI models, their license, lineage and openness."},
        {"name": "companies", "description": "Companies that make AI models."},
        {"name": "licenses", "description": "Licenses and the terms that matter."},
        {"name": "releases", "description": "Dated release, open-sourcing and license events."},
        {"name": "exports", "description": "Bulk data: the data licence and every export."},
        {
            "name": "suggestions",
            "description": "Corrections readers suggest, with their source; editors answer them.",
        },
    ],
    # Swagger UI's assets come from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Django answers a larger form body with 400; registry.middleware.RequestSizeLimitMiddleware
# applies the same cap to every body (JSON included) before anything reads it, with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
