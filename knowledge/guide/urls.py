from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("leitfaden/kapitel/<int:chapter_id>/checkliste/", views.checklist, name="checklist"),
    path("leitfaden/kapitel/<int:chapter_id>/gelesen/", views.mark_read, name="mark_read"),
]
