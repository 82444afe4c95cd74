import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import SESSION_KEY
from django.http import Http404

from accounts.models import User
from meetings import services
from meetings.access import access_meeting
from meetings.models import Meeting
from meetings.selectors import meeting_state


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    """One screen in a live session.

    On connect (and so on every reconnect) it gets the whole state; afterwards every change
    arrives as a whole new state. Pings keep presence fresh and measure the clock offset.
    """

    async def connect(self):
        user = self.scope.get("user")
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        try:
            await database_sync_to_async(access_meeting)(user=user, meeting_id=self.meeting_id)
        except Http404:
            await self.close(code=4404)
            return
        self.group = services.group_name(self.meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        # Sign-out, removal from the team or deactivation reach this screen through its person.
        self.person_group = services.person_group_name(user.id)
        await self.channel_layer.group_add(self.person_group, self.channel_name)
        await self.accept()
        came_online = await self._touch(online=True)
        await self.send_json({"type": "state", "state": await self._state()})
        if came_online:
            await self._announce()

    async def disconnect(self, code):
        if hasattr(self, "person_group"):
            await self.channel_layer.group_discard(self.person_group, self.channel_name)
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self._touch(online=False)
            await self._announce()

    async def receive_json(self, content, **kwargs):
        if not await self._still_allowed():
            await self.close(code=4403)
            return
        if content.get("type") == "ping":
            came_online = await self._touch(online=True)
            # The current version: a screen that missed a change asks for the whole state.
            await self.send_json(
                {
                    "type": "pong",
                    "t0": content.get("t0"),
                    "server_ms": time.time() * 1000,
                    "version": await self._version(),
                }
            )
            if came_online:
                await self._announce()
        elif content.get("type") == "sync":
            await self.send_json({"type": "state", "state": await self._state()})

    async def meeting_state(self, event):
        await self.send_json({"type": "state", "state": event["state"]})

    async def access_changed(self, event):
        """This person signed out, left the team or was deactivated: check before the next
        word reaches the screen, and close it if they may no longer be here."""
        session = self.scope.get("session")
        signed_out = event.get("signed_out_session")
        if signed_out and session is not None and session.session_key == signed_out:
            await self.close(code=4401)
        elif not await self._still_allowed():
            await self.close(code=4403)

    @database_sync_to_async
    def _still_allowed(self) -> bool:
        """The browser's session is still signed in as this person, who is active and may still
        see the meeting."""

        user = self.scope["user"]
        session = self.scope.get("session")
        if session is not None and session.session_key is not None:
            stored = session.__class__(session.session_key).load()
            if str(stored.get(SESSION_KEY)) != str(user.pk):
                return False
        fresh = User.objects.filter(pk=user.pk, is_active=True).first()
        if fresh is None:
            return False
        try:
            access_meeting(user=fresh, meeting_id=self.meeting_id)
        except Http404:
            return False
        return True

    @database_sync_to_async
    def _touch(self, online: bool) -> bool:
        return services.presence_touch(
            meeting_id=self.meeting_id, user=self.scope["user"], online=online
        )

    @database_sync_to_async
    def _version(self) -> int:

        return Meeting.objects.filter(id=self.meeting_id).values_list("version", flat=True)[0]

    @database_sync_to_async
    def _state(self) -> dict:

        return meeting_state(meeting=Meeting.objects.get(id=self.meeting_id))

    async def _announce(self):
        state = await self._state()
        await self.channel_layer.group_send(self.group, {"type": "meeting.state", "state": state})
