"""The strict security headers on every page type: each concrete Wagtail page model (a live demo instance of
each, so a new page type cannot be forgotten), the app views (channels, members, search, notifications, account
pages, calls, topics, feeds), the 404 page and the JSON APIs."""

import pytest
from django.test import Client
from wagtail.models import Page, get_page_models

from tests.home.test_security import _directives as directives  # the same CSP parsing as the page-level test

pytestmark = pytest.mark.django_db

# Addresses beside the page tree, as a member sees them ({member}, {channel} filled in from the demo).
APP_PATHS = [
    "/kanaele/",
    "/kanaele/{channel}/",
    "/mitglieder/",
    "/mitglieder/{member}/",
    "/suche/?q=Schule",
    "/suche/vorschlaege/?q=Sch",
    "/benachrichtigungen/",
    "/konto/",
    "/konto/profil/",
    "/konto/daten/",
    "/konto/benachrichtigungen/",
    "/konto/abos/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
    "/community-calls/meine/",
    "/community-calls/kalender.ics",
    "/beitraege/",
    "/beitraege/neu/",
    "/themen/",
    "/feeds/wissen/rss/",
    "/api/v2/pages/",
    "/api/tags/?q=MINT",
    "/api/mitglieder/",
    "/healthz",
    "/seite-gibt-es-nicht/",
]
ANONYMOUS_PATHS = ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/seite-gibt-es-nicht/", "/"]


def header_problems(response) -> list[str]:
    problems = []
    csp = directives(response.get("Content-Security-Policy", ""))
    script_src = csp.get("script-src", csp.get("default-src", []))
    expected = {
        "default-src": lambda v: v == ["'self'"],
        "object-src": lambda v: v == ["'none'"],
        "base-uri": lambda v: v == ["'self'"],
        "frame-ancestors": lambda v: v == ["'none'"],
        "form-action": lambda v: v and "*" not in v,
    }
    for name, check in expected.items():
        if name not in csp or not check(csp[name]):
            problems.append(f"CSP {name} = {csp.get(name)}")
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src or "*" in script_src:
        problems.append(f"CSP script-src = {script_src}")
    if "'unsafe-inline'" in csp.get("style-src", []):
        problems.append("CSP style-src allows 'unsafe-inline'")
    fixed = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for name, value in fixed.items():
        if response.get(name) != value:
            problems.append(f"{name} = {response.get(name)!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy = {response.get('Permissions-Policy')!r}")
    return problems


def project_page_models():
    return [model for model in get_page_models() if model is not Page and not model._meta.abstract]


def test_every_page_type_and_view_sends_the_strict_headers(demo_site, record_property):
    from community.chat.models import Channel
    from community.members.models import Profile, User

    member = User.objects.filter(is_staff=False, is_active=True, profile__isnull=False).first()
    client = Client()
    client.force_login(member)

    checked, failures, missing = [], [], []
    for model in project_page_models():
        instance = model.objects.live().public().first() or model.objects.live().first()
        if instance is None:
            missing.append(model._meta.label)
            continue
        checked.append((model._meta.label, instance.url))
    assert missing == [], f"page types without a live demo page (add one to the demo): {missing}"

    profile = Profile.objects.exclude(user=member).filter(visibility__display_name="public").first()
    profile = profile or Profile.objects.exclude(user=member).first()
    channel = Channel.objects.filter(is_archived=False).first() if hasattr(Channel, "is_archived") else None
    channel = channel or Channel.objects.first()
    fill = {"member": profile.user_id, "channel": channel.slug}
    checked += [("view", path.format(**fill)) for path in APP_PATHS]

    for kind, url in checked:
        response = client.get(url)
        if response.status_code >= 500 or (kind != "view" and response.status_code >= 400):
            failures.append(f"{kind} {url}: status {response.status_code}")
            continue
        failures += [f"{kind} {url}: {problem}" for problem in header_problems(response)]
    anonymous = Client()
    for url in ANONYMOUS_PATHS:
        failures += [f"anonymous {url}: {problem}" for problem in header_problems(anonymous.get(url))]
    assert failures == [], "\n".join(failures)
    assert len(checked) >= len(project_page_models()) + len(APP_PATHS)
    record_property("urls", len(checked) + len(ANONYMOUS_PATHS))
    record_property("page_types", len(project_page_models()))
