"""Security headers, the content security policy and the German-first language choice."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

# The Wagtail admin's editor injects inline styles and a few inline scripts; it gets its own policy, still
# limited to this origin. Public pages keep the strict policy from settings.CONTENT_SECURITY_POLICY.
ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            parts.config = ADMIN_POLICY
            # The admin's own previews are framed by the admin itself.
            parts.nonce = None
        return parts


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            # Wagtail previews its pages in an iframe of its own origin.
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
            response.xframe_options_exempt = True
        return response


class GermanFirstLocaleMiddleware:
    """German for everyone, English only for those who chose it with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; the community works in German, so
    the browser's preference is deliberately not consulted.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language depends on the cookie: caches must keep the variants apart (added to any Vary present).
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
