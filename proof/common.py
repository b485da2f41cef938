"""The production-like stack on one machine, shared by proof/stack.py, proof/load.py and proof/faults.py.

What `Stack.start()` runs, all on loopback and all stopped again by `Stack.stop()` (also on Ctrl+C, SIGTERM
and exceptions: every child runs in its own process group and is remembered until it is gone):

- PostgreSQL: the machine's server, in a database of the stack's own (STACK_DATABASE_URL, default
  postgres://postgres@127.0.0.1:5432/nw_stack), migrated and filled with the demo content once;
- a TCP forwarder in front of it (proof/dbproxy.py), which the fault run uses to cut the database off;
- a redis-server of its own on a free port (no persistence), for the cache and the channel layer;
- two uvicorn workers with `config.settings.production` (DEBUG off, HTTPS-only cookies, HSTS, SSL redirect);
- nginx from Debian with a generated configuration: TLS with a self-signed certificate, /static/ from
  STATIC_ROOT with far-future caching and gzip, /media/ without documents, the rest to the workers.

The run directory (var/stack/, or $NETZWERKSTATT_VAR_DIR/stack/) holds the configuration, certificate, logs,
sockets and the stack's own var directory (static and media files); reports go to var/reports/.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import platform
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_VAR = Path(os.environ.get("NETZWERKSTATT_VAR_DIR", PROJECT_ROOT / "var"))
RUN_DIR = PROJECT_VAR / "stack"
REPORT_DIR = PROJECT_VAR / "reports"
PYTHON = sys.executable
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
REDIS_SERVER = os.environ.get("REDIS_SERVER", "redis-server")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/nw_stack"
WORKER_COUNT = 2
LOAD_MEMBER_PREFIX = "last-"
LOAD_CHANNEL_PREFIX = "last-kanal-"


class StackError(Exception):
    """The stack could not start; the message says why, for humans."""


def log(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` (0..1) percentile with linear interpolation between neighbours (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def slope_per_minute(samples: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) samples, in value units per minute (0 for fewer than 2)."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    denominator = sum((t - mean_t) ** 2 for t, _ in samples)
    if denominator == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in samples) / denominator * 60


def rss_kb(pid: int) -> int:
    """Resident memory of one process from /proc (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def child_pids(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(item) for item in text.split()]


def machine_description() -> str:
    memory_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.1f} GB RAM, {platform.system()} {platform.release()}"


def display_url(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def write_report(name: str, markdown: str, data: dict | None = None) -> list[Path]:
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    paths = [REPORT_DIR / f"{name}.md"]
    paths[0].write_text(markdown)
    if data is not None:
        paths.append(REPORT_DIR / f"{name}.json")
        paths[1].write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    return paths


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def report_header(title: str, command: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"# {title}\n\n- Date: {now}\n- Machine: {machine_description()}\n"
        f"- Load average (1, 5, 15 min) as the report was written: {load} (the machine is shared)\n"
        f"- Command: `{command}`\n"
    )


# --- Processes -------------------------------------------------------------------------------------------------


@dataclass
class Service:
    name: str
    command: list[str]
    env: dict
    log_path: Path
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self) -> None:
        log_file = self.log_path.open("ab")
        # A process group of its own: stopping it reaches whatever it forked (nginx workers), and a Ctrl+C
        # in the terminal reaches only the harness, which then stops everything in order.
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log_file.close()

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def pids(self) -> list[int]:
        """The process and its direct children (nginx: master and workers)."""
        if not self.alive():
            return []
        return [self.pid, *child_pids(self.pid)]

    def signal(self, number: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, number)

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.process.wait(timeout=5)
        # Whatever the group left behind (a forked child outliving its parent) goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)


def wait_for_port(port: int, timeout: float, service: Service | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service is not None and not service.alive():
            raise StackError(
                f"{service.name} exited with {service.process.returncode}; see {service.log_path}"
            )
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise StackError(f"nothing answers on port {port} after {timeout:.0f} s")


# --- The stack --------------------------------------------------------------------------------------------------


@dataclass
class Stack:
    database_url: str = field(
        default_factory=lambda: os.environ.get("STACK_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    workers: int = WORKER_COUNT
    elasticsearch_url: str = ""
    run_dir: Path = RUN_DIR
    services: dict[str, Service] = field(default_factory=dict)
    https_port: int = 0
    http_port: int = 0
    redis_port: int = 0
    proxy_port: int = 0
    worker_ports: list[int] = field(default_factory=list)

    # -- paths and environment

    @property
    def var_dir(self) -> Path:
        return self.run_dir / "var"

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def database_name(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")

    def proxied_database_url(self) -> str:
        parts = urlsplit(self.database_url)
        netloc = parts.netloc.rsplit("@", 1)
        credentials = netloc[0] + "@" if len(netloc) == 2 else ""
        return urlunsplit(
            (parts.scheme, f"{credentials}127.0.0.1:{self.proxy_port}", parts.path, parts.query, "")
        )

    def secret_key(self) -> str:
        path = self.run_dir / "secret-key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(64))
            path.chmod(0o600)
        return path.read_text().strip()

    def django_env(self, *, via_proxy: bool = True) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": self.secret_key(),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": self.base_url,
                "DATABASE_URL": self.proxied_database_url() if via_proxy else self.database_url,
                "NETZWERKSTATT_VAR_DIR": str(self.var_dir),
                "CHANNEL_LAYER_PREFIX": "nws-stack",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
                "PROOF_RUN_DIR": str(self.run_dir),
            }
        )
        if self.redis_port:
            env["REDIS_URL"] = self.redis_url
        if self.elasticsearch_url:
            env["ELASTICSEARCH_URL"] = self.elasticsearch_url
        return env

    def manage(self, *args: str, via_proxy: bool = False) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=PROJECT_ROOT,
            env=self.django_env(via_proxy=via_proxy),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    # -- preparation

    def prepare_database(self, fresh: bool = False) -> None:
        import psycopg
        from psycopg import sql

        parts = urlsplit(self.database_url)
        admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
        marker = self.run_dir / "database-ready"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.database_name]
            ).fetchone()
            if exists and fresh:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [self.database_name],
                )
                admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(self.database_name)))
                exists = None
            if not exists:
                marker.unlink(missing_ok=True)
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database_name)))
        log(f"database {display_url(self.database_url)}: migrate …")
        self.manage("migrate", "--noinput")
        if marker.exists() and marker.read_text().strip() == self.database_name:
            return
        log("loading the demo content (first start only) …")
        self.manage("load_demo_content", "--quiet-credentials")
        marker.write_text(self.database_name)

    def collect_static(self) -> None:
        log("collectstatic …")
        self.manage("collectstatic", "--noinput")

    def ensure_certificate(self) -> tuple[Path, Path]:
        certificate, key = self.run_dir / "tls" / "cert.pem", self.run_dir / "tls" / "key.pem"
        if not certificate.exists():
            certificate.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "365",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout",
                    str(key),
                    "-out",
                    str(certificate),
                ],
                check=True,
                capture_output=True,
            )
            key.chmod(0o600)
        return certificate, key

    # -- services

    def _service(self, name: str, command: list[str], env: dict | None = None, port: int = 0) -> Service:
        service = Service(name, command, env or dict(os.environ), self.run_dir / "logs" / f"{name}.log", port)
        self.services[name] = service
        return service

    def start_redis(self) -> None:
        redis_dir = self.run_dir / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        self.redis_port = self.redis_port or free_port()
        service = self._service(
            "redis",
            [
                REDIS_SERVER,
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(redis_dir),
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
            ],
            port=self.redis_port,
        )
        service.start()
        wait_for_port(self.redis_port, 10, service)

    def restart_redis(self) -> None:
        self.services["redis"].stop()
        self.start_redis()

    def start_proxy(self) -> None:
        parts = urlsplit(self.database_url)
        self.proxy_port = self.proxy_port or free_port()
        control = self.run_dir / "dbproxy.state"
        service = self._service(
            "dbproxy",
            [
                PYTHON,
                str(PROJECT_ROOT / "proof" / "dbproxy.py"),
                "--listen",
                str(self.proxy_port),
                "--target",
                f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}",
                "--state-file",
                str(control),
            ],
            port=self.proxy_port,
        )
        service.start()
        wait_for_port(self.proxy_port, 10, service)

    def cut_database(self) -> None:
        """Drop every connection through the proxy and refuse new ones (the database is 'unreachable')."""
        self.services["dbproxy"].signal(signal.SIGUSR1)

    def restore_database(self) -> None:
        self.services["dbproxy"].signal(signal.SIGUSR2)

    def worker_command(self, port: int) -> list[str]:
        # PROOF_TRACEMALLOC=<seconds>: the workers trace their allocations (proof/traced_worker.py).
        if os.environ.get("PROOF_TRACEMALLOC"):
            start = [PYTHON, str(PROJECT_ROOT / "proof" / "traced_worker.py")]
        else:
            start = [PYTHON, "-m", "uvicorn"]
        return [
            *start,
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--ws",
            "websockets-sansio",
            "--ws-per-message-deflate",
            "false",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "5",
            # As the README's production command: the client address from nginx's X-Forwarded-For, so that
            # allauth's per-address limits (login, sign-up) see visitors, not the proxy.
            "--proxy-headers",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]

    def start_worker(self, index: int) -> Service:
        if len(self.worker_ports) <= index:
            self.worker_ports.append(free_port())
        port = self.worker_ports[index]
        service = self._service(f"worker-{index + 1}", self.worker_command(port), self.django_env(), port)
        service.start()
        return service

    def wait_for_worker(self, index: int, timeout: float = 90) -> None:
        import urllib.request

        service = self.services[f"worker-{index + 1}"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not service.alive():
                raise StackError(f"{service.name} exited; see {service.log_path}")
            try:
                # Plain HTTP to the worker: /healthz is exempt from the SSL redirect for load balancers.
                with urllib.request.urlopen(f"http://127.0.0.1:{service.port}/healthz", timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers (503 while a dependency is down is still an answer)
            except OSError:
                time.sleep(0.2)
        raise StackError(f"{service.name} does not answer after {timeout:.0f} s; see {service.log_path}")

    def restart_workers(self, elasticsearch_url: str | None = None) -> None:
        if elasticsearch_url is not None:
            self.elasticsearch_url = elasticsearch_url
        for index in range(self.workers):
            self.services[f"worker-{index + 1}"].stop()
            self.start_worker(index)
            self.wait_for_worker(index)

    def write_nginx_config(self) -> Path:
        certificate, key = self.ensure_certificate()
        template = (PROJECT_ROOT / "proof" / "nginx.conf.template").read_text()
        values = {
            "RUN_DIR": str(self.run_dir),
            "HTTPS_PORT": str(self.https_port),
            "HTTP_PORT": str(self.http_port),
            "UPSTREAMS": "\n".join(
                f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in self.worker_ports
            ),
            "CERTIFICATE": str(certificate),
            "CERTIFICATE_KEY": str(key),
            "STATIC_ROOT": str(self.var_dir / "static") + "/",
            "MEDIA_ROOT": str(self.var_dir / "media") + "/",
            "WORKER_PROCESSES": "2",
        }
        for name, value in values.items():
            template = template.replace("{{" + name + "}}", value)
        path = self.run_dir / "nginx.conf"
        path.write_text(template)
        return path

    def start_nginx(self) -> None:
        for sub in ("nginx-temp", "logs"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        self.https_port = self.https_port or free_port()
        self.http_port = self.http_port or free_port()
        config = self.write_nginx_config()
        check = subprocess.run(
            [
                NGINX,
                "-t",
                "-q",
                "-e",
                str(self.run_dir / "logs" / "nginx-error.log"),
                "-p",
                str(self.run_dir),
                "-c",
                str(config),
            ],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise StackError(f"nginx rejects {config}:\n{check.stderr}")
        service = self._service(
            "nginx",
            [
                NGINX,
                "-e",
                str(self.run_dir / "logs" / "nginx-error.log"),
                "-p",
                str(self.run_dir),
                "-c",
                str(config),
            ],
            port=self.https_port,
        )
        service.start()
        wait_for_port(self.https_port, 10, service)

    # -- whole stack

    def start(self, fresh: bool = False, prepare=None) -> None:
        """Start everything; `prepare(stack)` runs after migrate and demo content, before the workers."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / "logs").mkdir(exist_ok=True)
        _register_cleanup(self)
        self.https_port = free_port()
        self.http_port = free_port()
        self.prepare_database(fresh=fresh)
        self.start_redis()
        if prepare is not None:
            prepare(self)
        self.collect_static()
        self.start_proxy()
        for index in range(self.workers):
            self.start_worker(index)
        for index in range(self.workers):
            self.wait_for_worker(index)
        self.start_nginx()
        log(
            f"stack up: {self.base_url}/ (nginx), workers on {', '.join(map(str, self.worker_ports))}, "
            f"redis {self.redis_port}, database proxy {self.proxy_port}"
        )

    def stop(self) -> None:
        # Front to back, so that nothing new arrives at a service that is already gone.
        order = ["nginx", *[f"worker-{i + 1}" for i in range(len(self.worker_ports))], "dbproxy", "redis"]
        for name in order + [name for name in self.services if name not in order]:
            service = self.services.get(name)
            if service is not None:
                service.stop()
        self.services.clear()

    def process_table(self) -> list[tuple[str, int, int]]:
        """(name, pid, RSS in KB) of every running process of the stack, nginx master and workers apart."""
        rows = []
        for name, service in self.services.items():
            pids = service.pids()
            for number, pid in enumerate(pids):
                label = name if number == 0 else f"{name} child {number}"
                if name == "nginx":
                    label = "nginx master" if number == 0 else f"nginx worker {number}"
                rows.append((label, pid, rss_kb(pid)))
        return rows

    def describe(self) -> dict:
        return {
            "url": self.base_url,
            "http_port": self.http_port,
            "worker_ports": self.worker_ports,
            "redis_url": self.redis_url,
            "database": display_url(self.database_url),
            "database_via_proxy": display_url(self.proxied_database_url()),
            "run_dir": str(self.run_dir),
        }


_active: list[Stack] = []


def _register_cleanup(stack: Stack) -> None:
    if not _active:
        atexit.register(_stop_all)

        def on_term(signum, frame):
            _stop_all()
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, on_term)
        # Started in the background by a shell, a process inherits an ignored SIGINT; Ctrl+C must still work.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGHUP, on_term)
    _active.append(stack)


def _stop_all() -> None:
    while _active:
        _active.pop().stop()


def shell_command() -> str:
    """The command line that produced a report, as one would type it in the project directory."""
    python = sys.executable
    with contextlib.suppress(ValueError):
        python = str(Path(python).relative_to(PROJECT_ROOT))
    script = sys.argv[0]
    with contextlib.suppress(ValueError):
        script = str(Path(script).resolve().relative_to(PROJECT_ROOT))
    return " ".join(shlex.quote(part) for part in [python, script, *sys.argv[1:]])


# --- What the site holds ----------------------------------------------------------------------------------------

_DISCOVER = r"""
import json
from wagtail.models import Page, Site
from django.contrib.auth import get_user_model
site = Site.objects.get(is_default_site=True)
root = site.root_page.url_path
pages = {}
for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
    if not page.url_path.startswith(root):
        continue
    path = "/" + page.url_path[len(root):]
    pages.setdefault(type(page).__name__, []).append(path)
calls = []
from community.calls.models import CommunityCallPage
from django.utils import timezone
for call in CommunityCallPage.objects.live().public().filter(start_at__gt=timezone.now()).order_by("start_at"):
    calls.append("/" + call.url_path[len(root):])
members = list(get_user_model().objects.filter(is_active=True).exclude(username__startswith="last-").order_by("pk").values_list("pk", flat=True)[:40])
print("DISCOVERED " + json.dumps({"pages": pages, "upcoming_calls": calls, "members": members}))
"""


def discover(stack: Stack) -> dict:
    """Paths of every live page per page type, upcoming calls and member ids, from the stack's database."""
    output = stack.manage("shell", "-c", _DISCOVER)
    for line in output.splitlines():
        if line.startswith("DISCOVERED "):
            return json.loads(line[len("DISCOVERED ") :])
    raise StackError(f"page discovery printed nothing useful:\n{output}")


# --- Members, sessions and channels for the load ------------------------------------------------------------------

_PREPARE_LOAD = r"""
import json, sys
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from allauth.account.models import EmailAddress
from community.chat.models import Channel
from community.members.models import Profile

MEMBERS, CHANNELS, OUT = {members}, {channels}, {out!r}
User = get_user_model()
existing = set(User.objects.filter(username__startswith="last-").values_list("username", flat=True))
# One unusable password hash for all: hashing hundreds of passwords would take minutes and none is ever used.
password = make_password(None)
new = [User(username=f"last-{{n}}", email=f"last-{{n}}@last.example", password=password)
       for n in range(MEMBERS) if f"last-{{n}}" not in existing]
User.objects.bulk_create(new)
users = list(User.objects.filter(username__startswith="last-").order_by("pk"))[:MEMBERS]
have_profile = set(Profile.objects.filter(user__in=users).values_list("user_id", flat=True))
Profile.objects.bulk_create(Profile(user=u, display_name=f"Lastprofil {{u.username[5:]}}") for u in users if u.pk not in have_profile)
have_email = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users if u.pk not in have_email)
slugs = []
for n in range(1, CHANNELS + 1):
    channel, _ = Channel.objects.get_or_create(
        slug=f"last-kanal-{{n}}", defaults={{"name": f"Lastkanal {{n}}", "description": "Kanal des Lasttests."}})
    slugs.append(channel.slug)
engine = import_module(settings.SESSION_ENGINE)
backend = settings.AUTHENTICATION_BACKENDS[0]
sessions = []
for user in users:
    session = engine.SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = backend
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    sessions.append({{"user": user.pk, "cookie": f"{{settings.SESSION_COOKIE_NAME}}={{session.session_key}}"}})
with open(OUT, "w") as f:
    json.dump({{"members": sessions, "channels": slugs, "cookie_name": settings.SESSION_COOKIE_NAME}}, f)
print("PREPARED", len(sessions), len(slugs))
"""


def prepare_load(stack: Stack, members: int, channels: int) -> dict:
    """Load members with a login session each (created directly, as a login would) and open channels."""
    out = stack.run_dir / "load-members.json"
    stack.manage("shell", "-c", _PREPARE_LOAD.format(members=members, channels=channels, out=str(out)))
    return json.loads(out.read_text())


_STORED_MESSAGES = r"""
import json
from django.db.models import Count
from community.chat.models import Channel, Message
out = {{}}
for channel in Channel.objects.filter(slug__in={slugs!r}):
    rows = Message.objects.filter(channel=channel)
    out[channel.slug] = {{
        "seqs": sorted(rows.values_list("seq", flat=True)),
        "duplicate_client_ids": rows.exclude(client_id="").values("author_id", "client_id").annotate(n=Count("id")).filter(n__gt=1).count(),
    }}
print("STORED " + json.dumps(out))
"""


def stored_messages(stack: Stack, slugs: list[str]) -> dict:
    """Per channel: the sequence numbers of every stored message and how many (author, client id) repeat."""
    output = stack.manage("shell", "-c", _STORED_MESSAGES.format(slugs=slugs))
    for line in output.splitlines():
        if line.startswith("STORED "):
            return json.loads(line[len("STORED ") :])
    raise StackError(f"could not read the stored messages:\n{output}")
