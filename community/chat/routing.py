from django.urls import path

from .consumers import ChannelConsumer

websocket_urlpatterns = [path("ws/kanaele/<slug:slug>/", ChannelConsumer.as_asgi())]
