"""`make security`: the attack-surface proof, with its report in var/reports/security.md.

1. pytest tests/security with the full corpus (SECURITY_CORPUS=full: the curated hostile strings plus the whole
   Big List of Naughty Strings) — hostile input in every member-writable field rendered in Chromium, CSRF on
   every route, foreign-origin WebSockets, open redirects, security headers on every page type, the bandit test;
   the figures come from pytest's JUnit XML.
2. bandit over the project's code ([tool.bandit] in pyproject.toml), counted by severity.
3. manage.py check --deploy --fail-level WARNING with the production settings.

Exits non-zero when any of them fails. Uses the same environment as `make test` (DATABASE_URL, REDIS_URL …).
"""

import json
import os
import platform
import secrets
import shlex
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "var" / "reports" / "security.md"


@dataclass
class Check:
    name: str
    command: str
    passed: bool
    seconds: float
    figures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def run(
    command: list[str], env: dict | None = None, timeout: int = 3600
) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


def _properties(case) -> dict[str, str]:
    return {p.get("name"): p.get("value") for p in case.iter("property")}


def pytest_check(extra_args: list[str]) -> Check:
    with tempfile.TemporaryDirectory() as scratch:
        junit = Path(scratch) / "security.xml"
        command = [sys.executable, "-m", "pytest", "tests/security", "-q", "-p", "no:cacheprovider",
                   f"--junitxml={junit}", "-o", "junit_family=xunit1", *extra_args]  # fmt: skip
        env = {**os.environ, "SECURITY_CORPUS": "full", "CI": os.environ.get("CI", "true")}
        result, seconds = run(command, env=env)
        check = Check("pytest tests/security (full corpus)", "SECURITY_CORPUS=full " + shlex.join(command[1:]),
                      result.returncode == 0, seconds)  # fmt: skip
        if not junit.exists():
            check.passed = False
            check.details = result.stdout.splitlines()[-30:] + result.stderr.splitlines()[-30:]
            return check
        root = ET.parse(junit).getroot()  # noqa: S314 - the XML pytest just wrote
        cases = list(root.iter("testcase"))
        outcome = {"passed": 0, "failed": 0, "skipped": 0, "xfailed": 0}
        strings = fields = urls = submissions = 0
        for case in cases:
            name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
            failure = case.find("failure") if case.find("failure") is not None else case.find("error")
            skipped = case.find("skipped")
            if failure is not None:
                outcome["failed"] += 1
                message = (failure.get("message") or "").splitlines()[:3]
                check.details.append(f"FAIL {name}: {' '.join(message)[:400]}")
            elif skipped is not None:
                kind = "xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"
                outcome[kind] += 1
                check.details.append(f"{kind.upper()} {name}: {(skipped.get('message') or '')[:300]}")
            else:
                outcome["passed"] += 1
            props = _properties(case)
            if "strings" in props and "fields" in props:
                strings = max(strings, int(props["strings"]))
                fields += int(props["fields"])
                submissions += int(props["strings"]) * int(props["fields"])
            urls += int(props.get("urls", 0))
        check.figures = [
            f"{len(cases)} tests: {outcome['passed']} passed, {outcome['failed']} failed, "
            f"{outcome['skipped']} skipped, {outcome['xfailed']} expected failures (xfail, strict)",
            f"hostile input: up to {strings} strings into {fields} fields/surfaces, {submissions} submissions in all",
            f"URLs and routes checked (CSRF, WebSocket origins, headers): {urls}",
        ]
        for case in cases:
            props = _properties(case)
            if props:
                name = case.get("name")
                check.figures.append(f"{name}: " + ", ".join(f"{k}={v}" for k, v in props.items()))
        if outcome["skipped"]:
            check.passed = False  # make security must not pass with a part that did not run
        return check


def bandit_check() -> Check:
    command = [sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", ".", "-f", "json", "-q"]
    result, seconds = run(command)
    check = Check("bandit (static scan)", shlex.join(["bandit", *command[3:]]), False, seconds)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        check.details = result.stderr.splitlines()[-20:]
        return check
    totals = report["metrics"]["_totals"]
    findings = report["results"]
    check.passed = not findings and not report["errors"]
    check.figures = [
        f"{totals['loc']} lines scanned, {len(findings)} findings "
        f"(high {totals['SEVERITY.HIGH']}, medium {totals['SEVERITY.MEDIUM']}, low {totals['SEVERITY.LOW']})",
        f"{totals.get('skipped_tests', 0)} findings justified in place with `# nosec BXXX: reason`",
    ]
    check.details = [
        f"{item['filename'].removeprefix('./')}:{item['line_number']} {item['test_id']} {item['issue_text']}"
        for item in findings
    ]
    return check


def check_deploy() -> Check:
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),  # a throwaway key of production strength
            NETZWERKSTATT_VAR_DIR=scratch,
            ALLOWED_HOSTS=env.get("ALLOWED_HOSTS", "netzwerkstatt.example.org"),
        )
        command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
        result, seconds = run(command, env=env, timeout=300)
    output = (result.stdout + result.stderr).strip().splitlines()
    check = Check("manage.py check --deploy (production settings)",
                  "DJANGO_SETTINGS_MODULE=config.settings.production " + shlex.join(command[1:]),
                  result.returncode == 0, seconds)  # fmt: skip
    check.figures = [output[-1] if output else "(no output)"]
    if not check.passed:
        check.details = output[-30:]
    return check


def write_report(checks: list[Check], started: datetime) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Security proof (`make security`)",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC, {sum(c.seconds for c in checks):.0f} s in total",
        f"- Machine: {platform.node()}, {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        f"- Database: {'PostgreSQL' if os.environ.get('DATABASE_URL', '').startswith('postgres') else 'SQLite'}, "
        f"channel layer: {'Redis' if os.environ.get('REDIS_URL') else 'in-memory'}",
        "- Command: `make security` (`.venv/bin/python proof/security.py`)",
        f"- Result: **{'PASS' if all(c.passed for c in checks) else 'FAIL'}**",
        "",
    ]
    for check in checks:
        lines += [
            f"## {'PASS' if check.passed else 'FAIL'}: {check.name}",
            "",
            f"`{check.command}` ({check.seconds:.0f} s)",
            "",
        ]
        lines += [f"- {figure}" for figure in check.figures]
        if check.details:
            lines += ["", "```", *check.details[:80], "```"]
        lines.append("")
    REPORT.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    started = datetime.now(UTC)
    checks = [pytest_check(sys.argv[1:]), bandit_check(), check_deploy()]
    write_report(checks, started)
    for check in checks:
        print(f"{'PASS' if check.passed else 'FAIL'}  {check.name} ({check.seconds:.0f} s)")
        for figure in check.figures[:3]:
            print(f"      {figure}")
    print(f"Report: {REPORT.relative_to(ROOT)}")
    return 0 if all(check.passed for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
