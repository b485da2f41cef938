from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import tag_views as home_tag_views
from home import views as home_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/", include("community.members.account_urls")),
    path("konto/", include("allauth.urls")),
    path("", include("community.members.urls")),
    path("", include("community.regions.urls")),
    path("", include("community.notifications.urls")),
    path("", include("community.chat.urls")),
    path("", include("community.threads.urls")),
    path("", include("community.calls.urls")),
    path("", include("knowledge.guide.urls")),
    path("", include("knowledge.practice.urls")),
    path("", include("knowledge.topics.urls")),
    path("", include("knowledge.submissions.urls")),
    path("", include("search.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/tags/", home_tag_views.autocomplete, name="tag_autocomplete"),
    path("api/v2/", include("knowledge.topics.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The page tree comes last: it answers every path the routes above do not. Wagtail's own front-end login
# (/_util/login/) is a password-only form that would open a session without the second factor, so it leads
# to the site's login instead.
urlpatterns += [
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="frontend_login",
    ),
    path("", include(wagtail_urls)),
]

handler404 = "home.views.page_not_found"
handler500 = "home.outage.server_error"
