"""Addresses of the calls that are views rather than pages: the calendar feeds and "Meine Calls".

They sit below the index page's address (/community-calls/), which no call can take (RESERVED_SLUGS); a call's
own sub-addresses (register, cancel, calendar file) are routes of its page (models.py).
"""

from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("community-calls/kalender.ics", views.calls_feed, name="feed"),
    path("community-calls/kalender/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("community-calls/meine/", views.my_calls, name="mine"),
    path("community-calls/meine/kalender-adresse/", views.renew_calendar_token, name="renew_token"),
]
