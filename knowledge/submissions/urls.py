from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("beitraege/", views.submission_list, name="list"),
    path("beitraege/neu/", views.choose_kind, name="choose_kind"),
    path("beitraege/neu/<slug:kind_slug>/", views.create, name="create"),
    path("beitraege/<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("beitraege/<int:pk>/vorschau/", views.preview, name="preview"),
    path("beitraege/<int:pk>/einreichen/", views.submit, name="submit"),
    path("beitraege/<int:pk>/zurueckziehen/", views.withdraw, name="withdraw"),
    path("beitraege/<int:pk>/wieder-aufnehmen/", views.reopen, name="reopen"),
    path("beitraege/<int:pk>/loeschen/", views.delete, name="delete"),
]
