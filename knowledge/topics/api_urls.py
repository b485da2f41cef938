"""The API's URLs, included at /api/v2/ by config/urls.py (Wagtail reverses them as "wagtailapi:pages:…", so they
live outside the "topics" namespace)."""

from .api import api_router

app_name = api_router.url_namespace
urlpatterns = api_router.get_urlpatterns()
