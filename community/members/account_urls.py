"""The member's own account pages, mounted at /konto/ before django-allauth's URLs (see config/urls.py)."""

from django.urls import path

from . import account_views

app_name = "accounts"

urlpatterns = [
    path("", account_views.overview, name="overview"),
    path("daten/", account_views.privacy_overview, name="privacy"),
    path("daten/export/", account_views.privacy_export, name="export"),
    path("daten/loeschen/", account_views.delete_account, name="delete"),
    path("geloescht/", account_views.account_deleted, name="deleted"),
]
