"""Dateline's one settings module.

Every setting comes from the environment, with an embedded default that runs
on one machine with no server: SQLite and a file cache under var/, and
e-mail printed to the console. DATABASE_URL and REDIS_URL switch to
PostgreSQL and Redis. The README lists every variable.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from dateline.env import env_bool, env_float, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DATELINE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    # Development only: a throwaway key and local hosts, so `DEBUG=1 manage.py runserver` works.
    SECRET_KEY = SECRET_KEY or "dateline-insecure-development-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    _examples = {
        "SECRET_KEY": "SECRET_KEY=<50 random characters> (or SECRET_KEY_FILE=<path>)",
        "ALLOWED_HOSTS": "ALLOWED_HOSTS=news.example.com",
    }
    _missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so Dateline needs {' and '.join(_missing)} set in the environment: "
            + "; ".join(_examples[name] for name in _missing)
            + ". For local development only, set DEBUG=1 instead."
        )
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY is too short: use at least 32 random characters.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dateline.topics",
    "dateline.authors",
    "dateline.articles",
    "dateline.comments",
    "dateline.related",
    "dateline.images",
    "dateline.search",
    "dateline.feeds",
    "dateline.api",
    "dateline.newsletters",
    "dateline.live",
    "dateline.frontpage",
    "dateline.banners",
    "dateline.mostread",
    "dateline.pages",
    "dateline.pagecache",
    "dateline.ops",
    "dateline.mailbox",
    "dateline.wordpress",
    "dateline.privacy",
    "axes",
    "csp",
    "django_tasks_db",
    "django.contrib.sitemaps",
    "django_tasks",
    "reversion",
    "reversion_compare",
    "django_prose_editor",
    # django-ninja's templates and Swagger UI files for the API docs page; without it the
    # API serves no docs page (django-ninja would load Swagger UI from a CDN).
    "ninja",
    # Last: after each migrate it gives the roles the permissions of every app above.
    "dateline.newsroom",
    "dateline.demo",
]

MIDDLEWARE = [
    # Outermost: a cached page is answered before anything else runs, and stored with
    # every header the others add (dateline/pagecache/middleware.py).
    "dateline.pagecache.middleware.PageCacheMiddleware",
    # First: everything after it sees the reader's address, not the front server's.
    "dateline.ops.middleware.TrustedProxyMiddleware",
    "dateline.ops.middleware.DatabaseUnavailableMiddleware",
    # Anonymous GETs may read a replica (DATABASE_REPLICA_URL); a no-op without one.
    "dateline.ops.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dateline.ops.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware, which counts the page's length after it: puts the
    # breaking-news banner into every reader page (dateline/banners/middleware.py).
    "dateline.banners.middleware.BannerMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress addresses (permalinks, ?p=ID) -> 301 to the imported article.
    "dateline.wordpress.middleware.WordPressRedirectMiddleware",
    # Last: throttles repeated failed log-ins (django-axes).
    "axes.middleware.AxesMiddleware",
]

# Front servers whose X-Forwarded-For / X-Real-IP name the reader (addresses or networks).
# The default trusts a front server on the same box (docs/nginx.conf); requests from
# anywhere else keep their own address whatever headers they send.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
for _entry in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_entry, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_entry!r} is not an IP address or network"
        ) from None

LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed log-ins for one username from one address lock it out for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dateline" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dateline.topics.context_processors.navigation",
                "dateline.context_processors.site",
            ],
        },
    },
]

# Database. Embedded default: one SQLite file, no server. Production: DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'dateline.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# A PostgreSQL read replica (optional): see dateline/ops/replica.py for what reads it.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["dateline.ops.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Kept open between requests (DATABASE_CONN_MAX_AGE, as for PostgreSQL): opening the
    # file and running the PRAGMAs below cost every uncached page a few percent.
    # Tests use a file, not shared memory: the real-browser tests' live server thread and
    # the test thread then wait for each other's locks (busy timeout) instead of failing
    # with "database table is locked", which the in-memory shared cache can't wait on.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-dateline.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        # Concurrent writers wait up to this many seconds for the lock instead of failing
        # with "database is locked".
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write lock
        # at BEGIN so two writers queue on the busy timeout instead of deadlocking.
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "dateline"),
            # A Redis that stops answering must cost a request a moment, not a worker:
            # after this many seconds the page is served uncached (a warning is logged).
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT", 0.5),
                "socket_timeout": env_float("REDIS_TIMEOUT", 0.5),
            },
        }
    }
else:
    # Files, not each process's local memory: every server worker and the task worker
    # on the box must see the same page-cache versions, or a publish handled by one
    # worker leaves the others serving the old page.
    CACHES = {
        "default": {
            "BACKEND": "dateline.pagecache.filecache.FileCache",
            "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "dateline" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "dateline" / "ops" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed file names so browsers may cache them for a year.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A comment form sent without a valid token (say from a cached page, without JavaScript)
# comes back with the reader's text and a button to send it again.
CSRF_FAILURE_VIEW = "dateline.pages.views.csrf_failure"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For django.core.mail.backends.smtp.EmailBackend (newsletters, moderation notices).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# For dateline.mailbox.backend.EmailBackend (the demo's): one file per message, read by staff
# at /mailbox/.
MAILBOX_DIR = Path(env_str("MAILBOX_DIR", str(VAR_DIR / "mailbox")))
# The site's own address, for links in e-mails sent with no request at hand.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Newsletters: a confirmation link lasts a week; one sign-up a minute per IP address and per
# email address (against subscription bombing); a form sent back in under 2 seconds is a robot's.
NEWSLETTERS_CONFIRM_DAYS = env_int("NEWSLETTERS_CONFIRM_DAYS", 7)
NEWSLETTERS_SIGNUP_SECONDS = env_int("NEWSLETTERS_SIGNUP_SECONDS", 60)
NEWSLETTERS_MIN_FILL_SECONDS = env_int("NEWSLETTERS_MIN_FILL_SECONDS", 2)
# Sending: at most this many messages a second (0: no limit); a deferred address (SMTP 4xx)
# is tried again after NEWSLETTERS_RETRY_SECONDS, doubled each time, NEWSLETTERS_MAX_ATTEMPTS
# tries in all.
NEWSLETTERS_SEND_RATE = env_float("NEWSLETTERS_SEND_RATE", 0)
NEWSLETTERS_RETRY_SECONDS = env_int("NEWSLETTERS_RETRY_SECONDS", 300)
NEWSLETTERS_MAX_ATTEMPTS = env_int("NEWSLETTERS_MAX_ATTEMPTS", 5)
# A sign-up's IP address is replaced by a keyed hash after this many days (the rest of the
# consent record stays while the subscriber does); by default as long as commenters' are kept.
NEWSLETTERS_IP_RETENTION_DAYS = env_int(
    "NEWSLETTERS_IP_RETENTION_DAYS", env_int("COMMENTS_IP_RETENTION_DAYS", 30)
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dateline <newsroom@localhost>")
# A provider's API instead of SMTP (django-anymail): EMAIL_BACKEND names its back-end (e.g.
# anymail.backends.mailgun.EmailBackend) and every ANYMAIL_<NAME> variable becomes anymail's
# <NAME> setting (ANYMAIL_MAILGUN_API_KEY, ANYMAIL_WEBHOOK_SECRET, ...).
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): env_secret(name)
    for name in {key.removesuffix("_FILE") for key in os.environ if key.startswith("ANYMAIL_")}
}
# The providers whose bounce and complaint webhooks are on, at
# /newsletters/webhooks/<provider>/ (e.g. "mailgun"); they also need ANYMAIL_WEBHOOK_SECRET.
NEWSLETTERS_WEBHOOKS = env_list("NEWSLETTERS_WEBHOOKS")
# Soft bounces in a row (reported by a webhook) after which an address is suppressed.
NEWSLETTERS_SOFT_BOUNCES = env_int("NEWSLETTERS_SOFT_BOUNCES", 5)

SITE_NAME = env_str("SITE_NAME", "Dateline")
SITE_TAGLINE = env_str("SITE_TAGLINE", "International affairs, explained")
# Articles per page on the home, topic and author listings.
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 12)

# Comments. Which fields a commenter must fill in: any of comment, name, email, website
# (the reference page requires all four).
COMMENTS_REQUIRED_FIELDS = env_list(
    "COMMENTS_REQUIRED_FIELDS", ["comment", "name", "email", "website"]
)
if set(COMMENTS_REQUIRED_FIELDS) - {"comment", "name", "email", "website"}:
    raise ImproperlyConfigured(
        f"COMMENTS_REQUIRED_FIELDS={','.join(COMMENTS_REQUIRED_FIELDS)!r}: "
        "use only comment, name, email and website."
    )
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 3000)
# Replies nest this deep; deeper "Reply" links are not offered.
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 3)
# Top-level comments (with their replies) per page of comments.
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
# Comments close this many days after publication; 0 keeps them open.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 30)
# A comment with this many links or more is held for a moderator (WordPress: 2).
COMMENTS_HOLD_LINKS = env_int("COMMENTS_HOLD_LINKS", 2)
# Flood control: one comment per this many seconds per IP address and per email.
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
# A comment shows on its article at once; the lists showing the article's comment count
# (home, topic, author pages, related blocks) follow at most this many seconds later, so a
# flood of comments does not keep them out of every cache. Needs a queue that can run a
# task later (TASKS_BACKEND database queue); 0, or without one, every comment refreshes them.
COMMENTS_LIST_COUNT_SECONDS = env_int("COMMENTS_LIST_COUNT_SECONDS", 30)
# A form sent back sooner than this after it was served was filled in by a bot.
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
# The same comment sent again from the same address within this many seconds gets the
# first one's answer (a double press, or nginx retrying a POST whose worker died).
COMMENTS_RESEND_SECONDS = env_int("COMMENTS_RESEND_SECONDS", 600)
# The spam classifier's score runs from 0 to 1. From COMMENTS_HOLD_SCORE on a comment is
# held; from COMMENTS_SPAM_SCORE on it is spam. 0.5, below the threshold the classifier
# chose on YouTube (0.61): a new site's community is not YouTube's, and a held comment
# waits where a spam comment shown does harm (bench/spam_first_days.py measures it).
COMMENTS_HOLD_SCORE = env_float("COMMENTS_HOLD_SCORE", 0.5)
COMMENTS_SPAM_SCORE = env_float("COMMENTS_SPAM_SCORE", 0.99)
# The IP address and user agent are replaced by a keyed hash after this many days.
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 30)
# Extra addresses told about every held comment (moderators with an e-mail always are).
COMMENTS_MODERATION_EMAILS = env_list("COMMENTS_MODERATION_EMAILS")

# Feeds: how many items, and whether they carry the full text (else the summary).
FEEDS_ITEMS = env_int("FEEDS_ITEMS", 30)
FEEDS_FULL_TEXT = env_bool("FEEDS_FULL_TEXT", False)

# "You May Also Like": how many related stories each article shows.
RELATED_ARTICLES_COUNT = env_int("RELATED_ARTICLES_COUNT", 3)

# Search ranks at most this many of the newest matches (after the filters), on SQLite and
# PostgreSQL alike, and says "More than N results" past it: the bound on the work a word
# found in most articles can cause. bench/search_speed.py measured the default (issue 22).
SEARCH_CANDIDATES = env_int("SEARCH_CANDIDATES", 1000)
if SEARCH_CANDIDATES < 1:
    raise ImproperlyConfigured(f"SEARCH_CANDIDATES={SEARCH_CANDIDATES} must be 1 or more.")

# Lead images. An upload over this many bytes is refused.
IMAGES_MAX_UPLOAD_BYTES = env_int("IMAGES_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# An upload with more pixels is refused: a small file can decode to gigabytes (a
# decompression bomb). Pillow's own Image.MAX_IMAGE_PIXELS (about 89 million) caps it.
IMAGES_MAX_PIXELS = env_int("IMAGES_MAX_PIXELS", 40_000_000)
# Narrower uploads are refused: they would look soft in the article column.
IMAGES_MIN_WIDTH = env_int("IMAGES_MIN_WIDTH", 600)
# Widths, in pixels, of the WebP copies readers get (never wider than the original).
try:
    IMAGES_RENDITION_WIDTHS = [
        int(width) for width in env_list("IMAGES_RENDITION_WIDTHS", ["480", "800", "1200", "1600"])
    ]
except ValueError:
    raise ImproperlyConfigured(
        "IMAGES_RENDITION_WIDTHS: use whole numbers separated by commas, e.g. 480,800,1200,1600."
    ) from None
# Serve uploaded media from Django itself (the one-box default). Behind a front server
# that serves MEDIA_ROOT, turn it off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# One line per request on standard output, written by the WSGI entry point
# (dateline/ops/accesslog.py). Off when the front server keeps the access log.
ACCESS_LOG = env_bool("ACCESS_LOG", True)

# The page cache for anonymous readers (0 turns it off). Pages are dropped the moment
# what they show changes, so this is only an upper bound.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# How long a front server (nginx, a CDN) may reuse a page or a content API answer:
# Cache-Control s-maxage. Nothing purges them, so it is also how long a takedown takes.
PAGE_CACHE_SHARED_SECONDS = env_int("PAGE_CACHE_SHARED_SECONDS", 1)
# How long an article page's stored parts (its story, first page of comments and related
# block as HTML, in the database: pages/parts.py) may serve; like cached pages they are
# thrown away the moment what they show changes. 0: every view renders them.
ARTICLE_PARTS_SECONDS = env_int("ARTICLE_PARTS_SECONDS", 3600)

# Live coverage: entries on a page of updates, and how often readers' pages ask for news.
LIVE_ENTRIES_PER_PAGE = env_int("LIVE_ENTRIES_PER_PAGE", 20)
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 15)

# Background work (related lists after a publish, moderator e-mails). The default runs it
# in the same process, at once; production may point it at a queue (docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Logs go to standard output (the README and docs/deploy.md say so).
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per background task is noise; failures are still logged.
    "loggers": {"django_tasks": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Security headers on every response; HTTPS=1 when the site is served over TLS (the
# front server terminates it and sets X-Forwarded-Proto).
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere, no framing.
# The one inline script is the body editor's import map, allowed by this response's own
# nonce (NONCE: only a page that renders one, the newsroom's change forms, has it in its
# header; reader pages keep the same nonce-free policy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
