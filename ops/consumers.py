import time

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class ClockConsumer(AsyncJsonWebsocketConsumer):
    """Answers {"t0": client_ms} with the server's clock so pages can compute their offset.

    Live sessions draw countdowns from the server's time; this is how a browser learns it.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.accept()

    async def receive_json(self, content, **kwargs):
        await self.send_json({"t0": content.get("t0"), "server_ms": time.time() * 1000})
