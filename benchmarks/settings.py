"""The product's settings plus a minimal view, for the web benchmarks only (see web.py)."""

from typing import cast

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, CACHES, DATABASES, MIDDLEWARE, STORAGES

ROOT_URLCONF = "benchmarks.urls"

# With debug off pages render {% static %} through the manifest, so collectstatic runs first,
# into the git-ignored output folder rather than the product's staticfiles/.
STATIC_ROOT = BASE_DIR / "benchmarks" / "output" / "static"
# The same manifest lookups as WhiteNoise's storage, without its compression of every file
# (about 20 s here), which only matters when static files are served, and none are measured.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Debug off makes these cookies Secure; the benchmark client speaks plain http on loopback
# and would never send them back, so every signed-in request would go to the sign-in page.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The first-view measure: a request with the X-Bench-Cold header renders every page fragment
# anew (benchmarks/cold.py). Other requests pay one dictionary lookup, the minimal view too.
MIDDLEWARE = ["benchmarks.cold.cold_fragments", *MIDDLEWARE]
_fragments = {
    **cast(dict[str, object], CACHES["template_fragments"]),
    "KEY_FUNCTION": "benchmarks.cold.fragment_key",
}
CACHES = {**CACHES, "template_fragments": _fragments}

# Concurrent autosaves on SQLite's default deferred transactions fail with "database is
# locked" (a 500): two writers each hold a read lock and neither can take the write lock.
# Immediate transactions take the write lock first and queue behind the busy timeout.
# setdefault: once the product's settings choose a mode, the benchmark follows them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
