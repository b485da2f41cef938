"""Helpers shared by the benchmarks under bench/: a database of their own, percentiles, JSON reports.

A benchmark never touches the developer's database, cache or search index. It runs against
var/bench/bench<suffix>.sqlite3, or against the PostgreSQL database named by BENCH_DATABASE_URL, with
Django's test settings (DEBUG off). REDIS_URL and ELASTICSEARCH_URL of the shell are ignored: clearing the
cache must not flush a developer's Redis. Set BENCH_REDIS_URL / BENCH_ELASTICSEARCH_URL to benchmark
against those services on purpose.

Usage in a bench script (Django is imported only after `setup_django`):

    database = common.bench_database(suffix="")
    common.reset_database(database, reuse=args.reuse)
    common.setup_django(database)
"""

import json
import logging
import math
import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_ROOT / "var" / "bench"
SETTINGS_MODULE = "config.settings.test"

# Environment variables of the shell that would point a benchmark at a developer's services, and the
# BENCH_* variables that may point it at services meant for benchmarking.
_SERVICE_VARIABLES = {"REDIS_URL": "BENCH_REDIS_URL", "ELASTICSEARCH_URL": "BENCH_ELASTICSEARCH_URL"}


class BenchError(Exception):
    """A benchmark can not run or produced a wrong answer; the message says why, for humans."""


@dataclass(frozen=True)
class BenchDatabase:
    url: str
    vendor: str  # "sqlite" or "postgresql", as in connection.vendor
    name: str  # the SQLite file or the PostgreSQL database name
    path: Path | None = None  # SQLite only

    @property
    def display(self) -> str:
        """Where the data lives, without credentials."""
        if self.path is not None:
            return display_path(self.path)
        parts = urlsplit(self.url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}/{self.name}"


def bench_database(suffix: str = "") -> BenchDatabase:
    """BENCH_DATABASE_URL (its database name plus `suffix`), else var/bench/bench<suffix>.sqlite3."""
    configured = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if not configured:
        path = BENCH_DIR / f"bench{suffix}.sqlite3"
        return BenchDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=path.name, path=path)
    parts = urlsplit(configured)
    if parts.scheme.startswith("sqlite"):
        # As dj-database-url reads it: sqlite:///relative/file or sqlite:////absolute/file.
        path = Path(parts.path[1:]).resolve()
        if suffix:
            path = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        _require_bench_name(path.name)
        return BenchDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=path.name, path=path)
    if not parts.scheme.startswith("postgres"):
        raise BenchError(
            f"BENCH_DATABASE_URL: only sqlite:// and postgres:// are supported, not {parts.scheme}://"
        )
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(
            "BENCH_DATABASE_URL names no database, e.g. postgres://postgres@127.0.0.1:5432/nws_bench"
        )
    name += suffix.replace("-", "_")
    _require_bench_name(name)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    return BenchDatabase(url=url, vendor="postgresql", name=name)


def _require_bench_name(name: str) -> None:
    """A safety net: a benchmark deletes and fills its database, so it must not be one with real data."""
    if "bench" not in name.lower():
        raise BenchError(
            f"BENCH_DATABASE_URL names the database {name!r}; a benchmark drops and refills its database, so "
            "its name must contain 'bench' (e.g. postgres://postgres@127.0.0.1:5432/netzwerkstatt_bench)."
        )


def reset_database(database: BenchDatabase, reuse: bool = False) -> None:
    """Start from an empty database, or keep the existing one with `reuse`. Creates what is missing."""
    if database.path is not None:
        database.path.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for end in ("", "-wal", "-shm", "-journal"):
                Path(f"{database.path}{end}").unlink(missing_ok=True)
        return
    _reset_postgres(database, reuse)


def _reset_postgres(database: BenchDatabase, reuse: bool) -> None:
    import psycopg
    from psycopg import sql

    maintenance_url = urlunsplit(urlsplit(database.url)._replace(path="/postgres"))
    try:
        connection = psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        raise BenchError(f"Cannot connect to PostgreSQL for {database.display}: {error}".strip()) from error
    with connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
        ).fetchone()
        if exists and not reuse:
            force = sql.SQL(" WITH (FORCE)") if connection.info.server_version >= 130000 else sql.SQL("")
            connection.execute(sql.SQL("DROP DATABASE {}{}").format(sql.Identifier(database.name), force))
            exists = None
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database.name)))


def setup_django(database: BenchDatabase) -> None:
    """Configure Django (test settings, DEBUG off) against the benchmark database and call django.setup()."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = database.url
    # Demo credentials and uploaded media of the benchmark stay under var/bench/ as well.
    os.environ["NETZWERKSTATT_VAR_DIR"] = str(BENCH_DIR)
    for variable, bench_variable in _SERVICE_VARIABLES.items():
        value = os.environ.get(bench_variable, "").strip()
        if value:
            os.environ[variable] = value
        else:
            os.environ.pop(variable, None)
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))

    import django

    django.setup()
    # The project logs at INFO to the console (e.g. every page created); a report needs warnings only.
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("wagtail").setLevel(logging.WARNING)

    from django.conf import settings
    from django.db import connection

    if settings.DEBUG:
        raise BenchError(f"{SETTINGS_MODULE} runs with DEBUG on; benchmark figures would be meaningless.")
    configured_name = str(connection.settings_dict["NAME"])
    if database.path is not None:
        elsewhere = Path(configured_name).resolve() != database.path.resolve()
    else:
        elsewhere = configured_name != database.name
    if elsewhere:
        raise BenchError(
            f"Django would use {configured_name!r}, not the benchmark database {database.name!r}."
        )


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` percentile (0..1) with linear interpolation between neighbours, like numpy's default."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def summarize_ms(values_ms: Sequence[float]) -> dict:
    return {
        "median_ms": round(percentile(values_ms, 0.5), 2),
        "p95_ms": round(percentile(values_ms, 0.95), 2),
        "min_ms": round(min(values_ms), 2),
        "max_ms": round(max(values_ms), 2),
    }


def machine_info() -> dict:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        # Other work on the machine makes timings noisy; the load at report time helps to judge them.
        "load_average": [round(value, 2) for value in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def software_info() -> dict:
    """Versions of the main libraries and the checked-out commit (call after setup_django)."""
    import django
    import wagtail

    return {"django": django.get_version(), "wagtail": wagtail.__version__, "git_commit": _git_commit()}


def database_info(database: BenchDatabase) -> dict:
    from django.db import connection

    try:
        version = ".".join(str(part) for part in connection.get_database_version())
    except Exception:  # the version is a nice-to-have in the report
        version = None
    return {"vendor": connection.vendor, "version": version, "name": database.display}


def _git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def command_line() -> str:
    """The exact command this process was started with."""
    return shlex.join(getattr(sys, "orig_argv", [sys.executable, *sys.argv]))


def report_header(database: BenchDatabase, **extra) -> dict:
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command_line(),
        "cwd": str(Path.cwd()),
        "machine": machine_info(),
        "software": software_info(),
        "database": database_info(database),
        **extra,
    }


def write_json(path: Path, payload: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_report(benchmark: str, scale: int, payload: dict) -> list[Path]:
    """Write var/bench/<benchmark>-<scale>.json and var/bench/<benchmark>-latest.json."""
    return [
        write_json(BENCH_DIR / f"{benchmark}-{scale}.json", payload),
        write_json(BENCH_DIR / f"{benchmark}-latest.json", payload),
    ]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A plain-text table; `align` holds one of "<" or ">" per column (default: left)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    align = align.ljust(len(headers), "<")

    def line(cells):
        return " | ".join(f"{cell!s:{align[i]}{widths[i]}}" for i, cell in enumerate(cells)).rstrip()

    separator = "-+-".join("-" * width for width in widths)
    return "\n".join([line(headers), separator, *(line(row) for row in rows)])


def display_path(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)
