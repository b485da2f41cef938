from django.urls import path

from . import views

app_name = "threads"

urlpatterns = [
    path("diskussionen/schreiben/", views.post_create, name="post_create"),
    path("diskussionen/folgen/", views.follow_thread, name="follow"),
    path("diskussionen/sperren/", views.lock, name="lock"),
    path("diskussionen/<int:thread_id>/aenderungen/", views.changes, name="changes"),
    path("diskussionen/beitraege/<int:post_id>/", views.post_permalink, name="post"),
    path("diskussionen/beitraege/<int:post_id>/bearbeiten/", views.edit, name="edit"),
    path("diskussionen/beitraege/<int:post_id>/loeschen/", views.delete, name="delete"),
    path("diskussionen/beitraege/<int:post_id>/reaktion/", views.react, name="react"),
    path("diskussionen/beitraege/<int:post_id>/melden/", views.flag, name="flag"),
    path("diskussionen/beitraege/<int:post_id>/ausblenden/", views.hide, name="hide"),
    path("diskussionen/beitraege/<int:post_id>/einblenden/", views.unhide, name="unhide"),
    path("diskussionen/beitraege/<int:post_id>/versionen/", views.revisions, name="revisions"),
]
