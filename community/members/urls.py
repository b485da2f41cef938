"""Member pages (mounted at the site root): profiles, the directory, following, and their JSON API."""

from django.urls import path

from . import api, views

app_name = "members"

urlpatterns = [
    path("mitglieder/", views.directory, name="directory"),
    path("mitglieder/<int:user_id>/", views.profile_detail, name="profile"),
    path("konto/profil/", views.profile_edit, name="profile_edit"),
    path("konto/profil/vorschau/", views.profile_preview, name="profile_preview"),
    path("konto/abos/", views.subscriptions, name="subscriptions"),
    path("folgen/", views.follow_toggle, name="follow"),
    path("api/mitglieder/", api.directory, name="api_directory"),
    path("api/mitglieder/<int:user_id>/", api.profile, name="api_profile"),
]
