"""The test suite. Services come from the environment exactly as in production (DATABASE_URL, REDIS_URL)."""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, env, env_bool

DEBUG = False
SECRET_KEY = "django-insecure-test-only"  # noqa: S105  # nosec B105: test settings only; production requires its own SECRET_KEY
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# Index updates right after the commit, so a test sees them at once (the benchmarks switch the production
# behaviour on through the environment) (tests/search/test_background_indexing.py
# checks the background thread itself).
SEARCH_INDEX_IN_BACKGROUND = env_bool("SEARCH_INDEX_IN_BACKGROUND", False)
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests serve the site from another thread and must see the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Close connections after every request, so the browser tests' server thread leaves none open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
# pytest-django creates and drops the test database; a pool would keep connections to it open across that.
# The pool is a matter of the production settings (tests/home/test_settings_pool.py checks it is there).
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)

# Consumers tested in this process (WebsocketCommunicator, one event loop per test) use the in-memory layer:
# channels-redis keeps locks and connections per layer object across the tests' event loops, and a test's
# loop could then hang at teardown waiting for a receive that belongs to an earlier loop. What needs the Redis
# layer is tested where it runs in production, in real uvicorn workers that these settings also serve
# (tests/community/*/test_redis_layer.py set CHANNEL_LAYER_PREFIX for them, as bench/ does), and
# tests/home/test_live_groups.py configures it explicitly.
if not env("CHANNEL_LAYER_PREFIX"):
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
