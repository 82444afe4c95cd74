from meetings.routing import websocket_urlpatterns as meeting_websockets
from ops.routing import websocket_urlpatterns as ops_websockets

websocket_urlpatterns = [*ops_websockets, *meeting_websockets]
