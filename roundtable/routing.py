from ops.routing import websocket_urlpatterns as ops_websockets

websocket_urlpatterns = [*ops_websockets]
