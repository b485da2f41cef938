from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("benachrichtigungen/", views.notification_list, name="list"),
    path("benachrichtigungen/alle-gelesen/", views.mark_all_read, name="mark_all_read"),
    path("benachrichtigungen/<int:pk>/", views.open_notification, name="open"),
    path("benachrichtigungen/<int:pk>/status/", views.set_read_state, name="mark"),
    path("konto/benachrichtigungen/", views.preferences, name="preferences"),
    path("abmelden/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
