"""Worker processes of the benchmarks (bench/): the test settings (DEBUG off, no e-mail, fast hashing), but with
the database as production connects to it: psycopg's pool on PostgreSQL. The benchmark's own process, which
only prepares data, uses the test settings."""

from .base import database_pool
from .test import *  # noqa: F403
from .test import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = database_pool()
