"""Settings shared by every environment, read from the process environment."""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO as _LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from gazette.articles import embeds as _embeds

BASE_DIR = Path(__file__).resolve().parent.parent
# Where an installation keeps its database, media and collected static files.
VAR_DIR = Path(os.environ.get("GAZETTE_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use 1/0 or true/false."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


DEBUG = False
SECRET_KEY = os.environ.get("GAZETTE_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("GAZETTE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("GAZETTE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "gazette.core",
    "gazette.articles",
    "gazette.stories",
    "gazette.fronts",
    "gazette.feeds",
    "gazette.seo",
    "gazette.search",
    "gazette.links",
    "gazette.accounts",
    "gazette.discussion",
    "gazette.audio",
    "gazette.radio",
    "gazette.api",
    "gazette.demo",
    "gazette.imports",
    "gazette.readership",
    # Before wagtail.admin: its templates rebrand the admin with the newsroom's name.
    "gazette.desk",
    # Editions (docs/editions.md): Settings > Locales, and the page menu's
    # "Translate" (Wagtail's copy for translation).
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.contrib.table_block",
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
    "django_htmx",
    # The API's browsable docs take their scripts from here, not from a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so that pages leave compressed whether rendered or cached; nginx
    # keeps the compressed copy in its micro-cache.
    "django.middleware.gzip.GZipMiddleware",
    # Outside the page cache: cached article pages are counted as read too.
    "gazette.readership.middleware.ReadCountingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache: it also answers conditional GETs of cached API
    # responses (docs/api.md).
    "gazette.api.middleware.ApiCacheHeadersMiddleware",
    # Before the page cache: "/?p=123" of an imported WordPress site is the
    # home page to the cache, a permanent redirect to the import (docs/import.md).
    "gazette.imports.middleware.LegacyQueryRedirectMiddleware",
    # The edition (and language) from the address alone; before the page
    # cache, whose keys follow the editions' addressing (docs/editions.md).
    "gazette.core.middleware.EditionMiddleware",
    "gazette.core.middleware.AnonymousPageCacheMiddleware",
    # After the page cache, which keeps serving what it holds without the
    # database: the rest gets a 503 page while the database is down.
    "gazette.core.middleware.DatabaseOutageMiddleware",
    "gazette.core.middleware.OutOfRangeIdMiddleware",
    # Inside the page cache, so a cached page keeps the header (and the hashes
    # of its inline styles) it was rendered with (docs/security.md).
    "gazette.core.csp.GazetteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gazette.core.middleware.CompleteFormBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, next to the views: a sign-in form shown again because of a limit
    # (Wagtail's, Django admin's) leaves as 429 with Retry-After.
    "gazette.core.http.RateLimitMiddleware",
]

ROOT_URLCONF = "gazette.urls"
WSGI_APPLICATION = "gazette.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "gazette.core.context_processors.newsroom",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gazette.sqlite3'}"),
        conn_max_age=env_int("GAZETTE_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder: a fresh checkout has no var/.
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name != ":memory:":
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)
    # One writer at a time: wait for the lock instead of failing at once, and
    # let readers go on while a write is under way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# "off" swaps in Django's dummy cache: every page rendered from the database,
# as the benchmark's "caches off" case measures.
if os.environ.get("GAZETTE_CACHE", "on") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("GAZETTE_CACHE_PREFIX", "gazette"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gazette",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Tasks run in-process by default; production sets GAZETTE_TASK_BACKEND=database
# and runs `gazette db_worker` processes.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_task_backend = os.environ.get("GAZETTE_TASK_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"GAZETTE_TASK_BACKEND={_task_backend!r} is unknown: "
        f"use one of {', '.join(sorted(_TASK_BACKENDS))}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("GAZETTE_LANGUAGE", "en-gb")
TIME_ZONE = "UTC"
USE_I18N = True
# The interface's own catalogues (make messages / make translations; docs/editions.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GAZETTE_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GAZETTE_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get(
    "GAZETTE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GAZETTE_FROM_EMAIL", "newsroom@localhost")
# The SMTP server that sends confirmation and password-reset emails
# (docs/accounts.md).
EMAIL_HOST = os.environ.get("GAZETTE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("GAZETTE_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("GAZETTE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GAZETTE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GAZETTE_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("GAZETTE_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "GAZETTE_EMAIL_USE_TLS and GAZETTE_EMAIL_USE_SSL are both on: choose one "
        "(TLS for port 587, SSL for port 465)."
    )
EMAIL_TIMEOUT = env_int("GAZETTE_EMAIL_TIMEOUT", 10)

# Reader accounts (docs/accounts.md): sign in by email; staff still sign in to
# the admin by username. The backend replaces Django's ModelBackend.
AUTHENTICATION_BACKENDS = ["gazette.accounts.backends.EmailBackend"]
# Editors sign in to the admin under the readers' failure limits (docs/accounts.md).
WAGTAILADMIN_USER_LOGIN_FORM = "gazette.accounts.forms.EditorLoginForm"
# One password reset door, limited and sent through the task queue: editors
# use /accounts/password/reset/ (Wagtail's own mails inside the request).
WAGTAIL_PASSWORD_RESET_ENABLED = False
# By name: the sign-in page of the reader's own edition (docs/editions.md).
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
GAZETTE_ACCOUNT_CONFIRM_DAYS = env_int("GAZETTE_ACCOUNT_CONFIRM_DAYS", 3)
# Per client address (GAZETTE_CLIENT_IP_HEADER behind a proxy), counted in the
# cache over a window that starts at the first attempt; 0 turns a limit off.
GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = env_int(
    "GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP", 50
)
GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP = env_int(
    "GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP", 10
)
GAZETTE_ACCOUNTS_SIGNUPS_PER_IP = env_int("GAZETTE_ACCOUNTS_SIGNUPS_PER_IP", 10)
GAZETTE_ACCOUNTS_IP_WINDOW_MINUTES = env_int("GAZETTE_ACCOUNTS_IP_WINDOW_MINUTES", 15)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (docs/security.md), written by
# gazette.core.csp.GazetteCSPMiddleware on django-csp. Reader pages: scripts
# and styles from this site only, no inline script at all, the brand colour's
# inline <style> allowed by its hash. Outside hosts a newsroom turns on are
# added from their settings (the radio stream, GAZETTE_CSP_MEDIA_HOSTS and the
# like), each by its exact origin.
GAZETTE_CSP_REPORT_URL = "/csp-report/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the short link's QR code and the browsers' own SVG icons.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "report-uri": [GAZETTE_CSP_REPORT_URL],
        "report-to": "csp",
    }
}
# Wagtail's admin (8.0) is not yet CSP-clean (wagtail/wagtail#1288): its
# date and time widgets and its inline panels (an article's authors) write
# inline <script> calls whose text changes with every field, rendered by form
# widgets that never see the request, so neither a hash nor a nonce can name
# them; its widgets also write style="" attributes (focal point, progress
# bars, toolbar positions), and the image chooser previews uploads from
# blob: URLs. The admin therefore takes 'unsafe-inline' for scripts and
# styles (a nonce would switch 'unsafe-inline' off in browsers). It is never
# cached, answers editors only, and keeps the rest: no plugins, no outside
# script host, forms and frames to this site only, no framing by others.
GAZETTE_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "frame-src": ["'self'"],
    }
}
# Outside origins a newsroom's pages use, comma-separated full origins
# (https://player.example.org): audio or video, pictures, embedded frames,
# and fetch()/XHR. Empty by default: nothing outside the site is trusted.
GAZETTE_CSP_MEDIA_HOSTS = env_list("GAZETTE_CSP_MEDIA_HOSTS")
GAZETTE_CSP_IMAGE_HOSTS = env_list("GAZETTE_CSP_IMAGE_HOSTS")
GAZETTE_CSP_FRAME_HOSTS = env_list("GAZETTE_CSP_FRAME_HOSTS")
# Embeds in article bodies (docs/reading.md): only these oEmbed providers are
# asked (by the server, when an editor adds one); readers' browsers load a
# player only when they choose to, from the origins allowed here.
GAZETTE_EMBED_PROVIDERS = env_list(
    "GAZETTE_EMBED_PROVIDERS", "youtube,vimeo,soundcloud,spotify,twitter,flourish"
)
try:
    WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": _embeds.oembed_providers(GAZETTE_EMBED_PROVIDERS),
        }
    ]
except _embeds.UnknownProvider as error:
    raise ImproperlyConfigured(str(error)) from None
GAZETTE_CSP_FRAME_HOSTS += [
    origin
    for origin in _embeds.frame_origins(GAZETTE_EMBED_PROVIDERS)
    if origin not in GAZETTE_CSP_FRAME_HOSTS
]
GAZETTE_CSP_CONNECT_HOSTS = env_list("GAZETTE_CSP_CONNECT_HOSTS")
# The report view (/csp-report/) logs at most this many reports a minute per
# client address and refuses bodies over GAZETTE_CSP_REPORT_MAX_BYTES.
GAZETTE_CSP_REPORTS_PER_MINUTE = env_int("GAZETTE_CSP_REPORTS_PER_MINUTE", 30)
GAZETTE_CSP_REPORT_MAX_BYTES = env_int("GAZETTE_CSP_REPORT_MAX_BYTES", 16384)

WAGTAIL_SITE_NAME = os.environ.get("GAZETTE_SITE_NAME", "Gazette")
WAGTAILADMIN_BASE_URL = os.environ.get("GAZETTE_BASE_URL", "http://127.0.0.1:8000")
# The admin calls no outside host: no Gravatar (it would send hashes of staff
# emails to a third party), no update check, no "what's new" banner.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILIMAGES_IMAGE_MODEL = "core.GazetteImage"
# Uploads are decoded whole: a truncated or fake picture is a form error, not a
# 500 when a page asks for its renditions (gazette/core/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "gazette.core.forms.GazetteImageForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Editions are Wagtail locales in these languages (docs/editions.md): the
# interface catalogues ship for them; the site's own language is always one.
WAGTAIL_I18N_ENABLED = True
_edition_languages = env_list("GAZETTE_EDITION_LANGUAGES", "en,es,ar")
if LANGUAGE_CODE.split("-")[0] not in _edition_languages:
    _edition_languages.insert(0, LANGUAGE_CODE.split("-")[0])
WAGTAIL_CONTENT_LANGUAGES = [
    (code, _LANG_INFO.get(code, {}).get("name_local", code))
    for code in _edition_languages
]
# Reader addresses carry the edition (/es/...) when the site has more than one
# (auto), always, or never.
GAZETTE_EDITION_PREFIXES = os.environ.get("GAZETTE_EDITION_PREFIXES", "auto")
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_WORKFLOW_REQUIRE_APPROVAL_TO_PUBLISH = False
# Wagtail's editor autosave is off by default: an autosave that started
# before a publish of a never-published page committed can save the page row
# it loaded (not live) over the published one, leaving "has been published"
# on screen and a draft in the database (seen once in QA; docs/newsroom.md).
WAGTAIL_AUTOSAVE_INTERVAL = env_int("GAZETTE_ADMIN_AUTOSAVE_MS", 0)
# The dashboard's check for a newer Wagtail asks an outside host from every
# editor's browser; a self-hosted newsroom opts in rather than out.
WAGTAIL_ENABLE_UPDATE_CHECK = env_bool("GAZETTE_ADMIN_UPDATE_CHECK", False)

# Gazette's own settings (docs/settings.md).
GAZETTE_PAGE_CACHE_SECONDS = env_int("GAZETTE_PAGE_CACHE_SECONDS", 30)
GAZETTE_ARTICLES_PER_PAGE = env_int("GAZETTE_ARTICLES_PER_PAGE", 20)
GAZETTE_RELATED_ARTICLES = env_int("GAZETTE_RELATED_ARTICLES", 6)
# The JSON API (docs/api.md): how long clients and shared caches may keep a
# response before revalidating it with its ETag.
GAZETTE_API_MAX_AGE = env_int("GAZETTE_API_MAX_AGE", 60)
# The publisher logo in articles' JSON-LD (docs/seo.md): a URL or a path on
# the site, with its size in pixels; empty: the drawn default, 512 x 512.
GAZETTE_PUBLISHER_LOGO_URL = os.environ.get("GAZETTE_PUBLISHER_LOGO_URL", "")
GAZETTE_PUBLISHER_LOGO_WIDTH = env_int("GAZETTE_PUBLISHER_LOGO_WIDTH", 0)
GAZETTE_PUBLISHER_LOGO_HEIGHT = env_int("GAZETTE_PUBLISHER_LOGO_HEIGHT", 0)
# Article audio (docs/audio.md): "Listen to this article" and the podcast feeds.
# The engine is a class path (gazette.audio.speech.EspeakEngine by default).
GAZETTE_SPEECH_ENGINE = os.environ.get(
    "GAZETTE_SPEECH_ENGINE", "gazette.audio.speech.EspeakEngine"
)
GAZETTE_SPEECH_VOICE = os.environ.get("GAZETTE_SPEECH_VOICE", "en-gb")
# Voice per language for article audio and each edition's newscast
# (docs/audio.md): "es=es-419, ar=ar, fa=none"; none = no audio in it.
GAZETTE_SPEECH_VOICES = os.environ.get("GAZETTE_SPEECH_VOICES", "")
GAZETTE_SPEECH_WORDS_PER_MINUTE = env_int("GAZETTE_SPEECH_WORDS_PER_MINUTE", 165)
# Make (or remake) an article's audio in the background when it is published.
GAZETTE_AUDIO_ON_PUBLISH = env_bool("GAZETTE_AUDIO_ON_PUBLISH", True)
GAZETTE_AUDIO_BITRATE = os.environ.get("GAZETTE_AUDIO_BITRATE", "64k")
# Behind deploy/nginx/gazette.conf: /audio/<id>.mp3 answers with
# X-Accel-Redirect and nginx sends the file from /media/ (ranges included).
GAZETTE_AUDIO_ACCEL_REDIRECT = env_bool("GAZETTE_AUDIO_ACCEL_REDIRECT", False)
GAZETTE_AUDIO_PODCAST_IMAGE = os.environ.get("GAZETTE_AUDIO_PODCAST_IMAGE", "")
GAZETTE_AUDIO_PODCAST_CATEGORY = os.environ.get(
    "GAZETTE_AUDIO_PODCAST_CATEGORY", "News"
)
GAZETTE_AUDIO_PODCAST_EXPLICIT = env_bool("GAZETTE_AUDIO_PODCAST_EXPLICIT", False)
# Short links (docs/links.md).
GAZETTE_SHORT_HOST = os.environ.get("GAZETTE_SHORT_HOST", "").strip().lower()
GAZETTE_SHORT_URL_BASE = os.environ.get("GAZETTE_SHORT_URL_BASE", "")
GAZETTE_LINK_CODE_LENGTH = env_int("GAZETTE_LINK_CODE_LENGTH", 6)
GAZETTE_LINK_FLUSH_SECONDS = env_int("GAZETTE_LINK_FLUSH_SECONDS", 10)
# Most read (docs/readership.md): who counts article reads ("app": each
# process, in memory; "log": `gazette ingest-article-reads` from nginx's log,
# cached pages included; "off"); each process writes its article read counts
# this often; the lists cover this many days (1: today, UTC) and this many articles.
GAZETTE_READS_COUNTING = os.environ.get("GAZETTE_READS_COUNTING", "app").strip().lower()
if GAZETTE_READS_COUNTING not in {"app", "log", "off"}:
    raise ImproperlyConfigured(
        f"GAZETTE_READS_COUNTING={GAZETTE_READS_COUNTING!r} is unknown: "
        "use app, log or off."
    )
GAZETTE_READS_ACCESS_LOG = os.environ.get(
    "GAZETTE_READS_ACCESS_LOG", "/var/log/nginx/gazette-reads.log"
)
GAZETTE_READS_FLUSH_SECONDS = env_int("GAZETTE_READS_FLUSH_SECONDS", 10)
GAZETTE_MOST_READ_DAYS = env_int("GAZETTE_MOST_READ_DAYS", 1)
GAZETTE_MOST_READ_LIMIT = env_int("GAZETTE_MOST_READ_LIMIT", 5)
# Who counts short link visits: "app" (each process, in memory; redirects are
# private) or "log" (nginx's micro-cache serves redirects and
# `gazette ingest-link-visits` counts them from nginx's access log).
GAZETTE_LINK_COUNTING = os.environ.get("GAZETTE_LINK_COUNTING", "app").strip().lower()
if GAZETTE_LINK_COUNTING not in {"app", "log"}:
    raise ImproperlyConfigured(
        f"GAZETTE_LINK_COUNTING={GAZETTE_LINK_COUNTING!r} is unknown: use app or log."
    )
# Log counting: how long nginx keeps a redirect, and where to reach nginx to
# refresh one whose target changed (docs/links.md).
GAZETTE_LINK_SHARED_CACHE_SECONDS = env_int("GAZETTE_LINK_SHARED_CACHE_SECONDS", 86400)
GAZETTE_LINK_REFRESH_URL = os.environ.get("GAZETTE_LINK_REFRESH_URL", "")
GAZETTE_LINK_ACCESS_LOG = os.environ.get(
    "GAZETTE_LINK_ACCESS_LOG", "/var/log/nginx/gazette-shortlinks.log"
)
if GAZETTE_SHORT_HOST:
    # The short domain answers codes only, before any other middleware.
    ALLOWED_HOSTS.append(GAZETTE_SHORT_HOST)
    MIDDLEWARE.insert(0, "gazette.links.middleware.ShortHostMiddleware")
# Story threading (docs/threading.md): automatic | suggest | off, per section
# overridable in the admin.
GAZETTE_THREADING_MODE = os.environ.get("GAZETTE_THREADING_MODE", "automatic")
if GAZETTE_THREADING_MODE not in {"automatic", "suggest", "off"}:
    raise ImproperlyConfigured(
        f"GAZETTE_THREADING_MODE={GAZETTE_THREADING_MODE!r} is unknown: "
        "use automatic, suggest or off."
    )
# How broad a story is: "running" (a newsroom's running stories: follow-ups on
# one situation join it) or "event" (each distinct event is its own story, as
# in the ECB+ corpus); per section overridable in the admin.
GAZETTE_THREADING_GRANULARITY = os.environ.get(
    "GAZETTE_THREADING_GRANULARITY", "running"
)
if GAZETTE_THREADING_GRANULARITY not in {"running", "event"}:
    raise ImproperlyConfigured(
        f"GAZETTE_THREADING_GRANULARITY={GAZETTE_THREADING_GRANULARITY!r} is "
        "unknown: use running or event."
    )
GAZETTE_THREADING_MIN_CONFIDENCE = float(
    os.environ.get("GAZETTE_THREADING_MIN_CONFIDENCE", "0")
)
GAZETTE_THREADING_SNAPSHOT_EVERY = env_int("GAZETTE_THREADING_SNAPSHOT_EVERY", 500)

# Discussion (docs/discussion.md). Sections and articles choose open,
# pre-moderated or closed in the admin; these are the site-wide limits.
GAZETTE_DISCUSSION_CLOSE_AFTER_DAYS = env_int("GAZETTE_DISCUSSION_CLOSE_AFTER_DAYS", 0)
GAZETTE_DISCUSSION_EDIT_MINUTES = env_int("GAZETTE_DISCUSSION_EDIT_MINUTES", 5)
GAZETTE_DISCUSSION_MAX_LENGTH = env_int("GAZETTE_DISCUSSION_MAX_LENGTH", 3000)
GAZETTE_DISCUSSION_PAGE_SIZE = env_int("GAZETTE_DISCUSSION_PAGE_SIZE", 20)
GAZETTE_DISCUSSION_REPORTS_TO_HIDE = env_int("GAZETTE_DISCUSSION_REPORTS_TO_HIDE", 3)
GAZETTE_DISCUSSION_POSTS_PER_MINUTE = env_int("GAZETTE_DISCUSSION_POSTS_PER_MINUTE", 5)
GAZETTE_DISCUSSION_POSTS_PER_MINUTE_PER_IP = env_int(
    "GAZETTE_DISCUSSION_POSTS_PER_MINUTE_PER_IP", 30
)
# The request header holding the reader's address when a proxy (nginx) sits in
# front, e.g. HTTP_X_REAL_IP; empty: the connection's own address.
GAZETTE_CLIENT_IP_HEADER = os.environ.get("GAZETTE_CLIENT_IP_HEADER", "")
GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS = os.environ.get(
    "GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS", "keep"
)
if GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS not in {"keep", "remove"}:
    raise ImproperlyConfigured(
        "GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS="
        f"{GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS!r} is unknown: "
        "use keep or remove."
    )

# Discussion moderation (docs/moderation.md): the classifier's toxicity score,
# 0 to 1, at or above which a comment is held or rejected under rule 3, the
# links a comment may carry, and the newsroom's off-limits words (rule 7).
# gazette.discussion.policy checks them and builds the standards' Policy.
GAZETTE_MODERATION_HOLD_THRESHOLD = os.environ.get(
    "GAZETTE_MODERATION_HOLD_THRESHOLD", "0.5"
)
GAZETTE_MODERATION_REJECT_THRESHOLD = os.environ.get(
    "GAZETTE_MODERATION_REJECT_THRESHOLD", "0.95"
)
GAZETTE_MODERATION_MAX_LINKS = env_int("GAZETTE_MODERATION_MAX_LINKS", 2)
GAZETTE_MODERATION_OFF_LIMITS_WORDS = env_list("GAZETTE_MODERATION_OFF_LIMITS_WORDS")
# The grammar's findings rejected outright (the rest are held), and the score
# from which a comment aimed at nobody in particular is held (docs/moderation.md).
GAZETTE_MODERATION_REJECT_KINDS = os.environ.get(
    "GAZETTE_MODERATION_REJECT_KINDS", "threat,incitement"
)
GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD = os.environ.get(
    "GAZETTE_MODERATION_UNTARGETED_HOLD_THRESHOLD", "0.8"
)
# The score from which a comment about a person (not addressed to a reader) is held.
GAZETTE_MODERATION_ABOUT_HOLD_THRESHOLD = os.environ.get(
    "GAZETTE_MODERATION_ABOUT_HOLD_THRESHOLD", "0.7"
)
# The learned second signal for threats, wishes of harm and incitement (on/off).
GAZETTE_MODERATION_LEARNED = os.environ.get("GAZETTE_MODERATION_LEARNED", "on")

# Radio (docs/radio.md): `gazette radio-broadcast` loops the newscast as one
# live MP3 stream, served to listeners on GAZETTE_RADIO_LISTEN and/or sent to
# Icecast (GAZETTE_RADIO_ICECAST_URL); pages play GAZETTE_RADIO_STREAM_URL.
GAZETTE_RADIO_STREAM_URL = os.environ.get(
    "GAZETTE_RADIO_STREAM_URL", "http://127.0.0.1:8001/newscast.mp3"
)
GAZETTE_RADIO_LISTEN = os.environ.get("GAZETTE_RADIO_LISTEN", "127.0.0.1:8001")
GAZETTE_RADIO_MOUNT = os.environ.get("GAZETTE_RADIO_MOUNT", "/newscast.mp3")
GAZETTE_RADIO_ICECAST_URL = os.environ.get("GAZETTE_RADIO_ICECAST_URL", "")
GAZETTE_RADIO_BITRATE = os.environ.get("GAZETTE_RADIO_BITRATE", "64k")
GAZETTE_RADIO_BULLETIN_ITEMS = env_int("GAZETTE_RADIO_BULLETIN_ITEMS", 5)
GAZETTE_RADIO_CHECK_SECONDS = env_int("GAZETTE_RADIO_CHECK_SECONDS", 30)
GAZETTE_RADIO_BURST_SECONDS = env_int("GAZETTE_RADIO_BURST_SECONDS", 2)
GAZETTE_RADIO_MAX_LISTENERS = env_int("GAZETTE_RADIO_MAX_LISTENERS", 1000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("GAZETTE_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}
