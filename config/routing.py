"""All WebSocket routes, collected from the apps that own them."""

from community.calls.routing import websocket_urlpatterns as call_ws
from community.chat.routing import websocket_urlpatterns as chat_ws
from community.notifications.routing import websocket_urlpatterns as notification_ws
from community.threads.routing import websocket_urlpatterns as thread_ws
from home.routing import websocket_urlpatterns as home_ws

websocket_urlpatterns = [*home_ws, *notification_ws, *chat_ws, *thread_ws, *call_ws]
