from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("kanaele/", views.channel_list, name="list"),
    path("kanaele/<slug:slug>/", views.channel_detail, name="channel"),
    path("kanaele/<slug:slug>/senden/", views.post_message, name="post"),
    path("kanaele/<slug:slug>/beitreten/", views.join_channel, name="join"),
    path("kanaele/<slug:slug>/verlassen/", views.leave_channel, name="leave"),
    path("kanaele/<slug:slug>/aeltere/", views.older_messages, name="older"),
    path("kanaele/<slug:slug>/aenderungen/", views.changes, name="changes"),
    path("kanaele/<slug:slug>/moderation/", views.moderation_page, name="moderation"),
    path("kanaele/<slug:slug>/nachrichten/<int:seq>/bearbeiten/", views.edit, name="edit"),
    path("kanaele/<slug:slug>/nachrichten/<int:seq>/loeschen/", views.delete, name="delete"),
    path("kanaele/<slug:slug>/nachrichten/<int:seq>/reaktion/", views.react, name="react"),
    path("kanaele/<slug:slug>/nachrichten/<int:seq>/anheften/", views.pin, name="pin"),
    path("kanaele/<slug:slug>/nachrichten/<int:seq>/verlauf/", views.revisions, name="revisions"),
    path("kanaele/<slug:slug>/nachrichten/<int:seq>/melden/", views.report, name="report"),
]
