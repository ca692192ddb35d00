"""Taiga's live events, what taiga-events serves the web client, on a websocket of Planyard's own (the
`eventsUrl` of the client's conf.json; settings.live_events_path).

The protocol: the client sends `{"cmd": "auth", "data": {"token", "sessionId"}}`, then
`{"cmd": "subscribe", "routing_key": ..., "options": {"selfNotification": bool}}` and `unsubscribe`;
`{"cmd": "ping"}` is answered `{"cmd": "pong"}`. A change reaches the subscribers of its routing key
`changes.project.<id>.<app>` as `{"session_id", "data": {"type", "matches", "pk"}, "routing_key"}`,
except the client session that made it (unless it asked for `selfNotification`). Unlike taiga-events,
a project's keys are only granted to a user who may see the project; `live_notifications.*` and
`web_notifications.*` only for the user's own id. Commands the client may not give are ignored, as
taiga-events ignores them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
from collections.abc import Iterator
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from planyard.core import live_followers
from planyard.core.context import Environment
from planyard.kit.errors import NotAuthenticated
from planyard.kit.live_bus import Message
from planyard.web.sockets import call_core

logger = logging.getLogger(__name__)

# The changes taiga-back announces (the types its apps watch): target type -> (app, content type).
TAIGA_TYPES: dict[str, tuple[str, str]] = {
    "story": ("userstories", "userstories.userstory"),
    "task": ("tasks", "tasks.task"),
    "issue": ("issues", "issues.issue"),
    "milestone": ("milestones", "milestones.milestone"),
    "wiki_page": ("wiki", "wiki.wiki_page"),
    "userstory_status": ("projects", "projects.userstorystatus"),
    "swimlane": ("projects", "projects.swimlane"),
    "swimlane_status": ("projects", "projects.swimlaneuserstorystatus"),
}
PROJECT_KEY = re.compile(r"changes\.project\.(\d+)\.")
USER_KEYS = ("live_notifications", "web_notifications")


def taiga_events(message: Message) -> Iterator[tuple[str, dict[str, Any]]]:
    """(routing key, body) of each change of a bus message that Taiga announces, and of each user's new
    web notifications (the client reloads its bell on any message of that key)."""
    for user_id in message["users"]:
        key = f"web_notifications.{user_id}"
        yield key, {"session_id": message["session"], "data": {}, "routing_key": key}
    for project_id, target_type, action, ids in message["changes"]:
        if target_type not in TAIGA_TYPES:
            continue
        app, matches = TAIGA_TYPES[target_type]
        key = f"changes.project.{project_id}.{app}"
        data = {"type": action, "matches": matches, "pk": ids[0] if len(ids) == 1 else ids}
        yield key, {"session_id": message["session"], "data": data, "routing_key": key}


class Follower:
    """One open socket: who it is, what it follows, and the messages waiting to go out."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.outbox: asyncio.Queue[str] = asyncio.Queue()
        self.user_id: int | None = None
        self.session_id: str | None = None
        self.keys: dict[str, bool] = {}  # routing key -> selfNotification

    def offer(self, key: str, body: dict[str, Any]) -> None:
        """From the bus thread: queue the body if this socket follows the key."""
        if key in self.keys and (self.keys[key] or body["session_id"] != self.session_id):
            self.loop.call_soon_threadsafe(self.outbox.put_nowait, orjson.dumps(body).decode())


class Hub:
    """The sockets of one process, fed from the live bus while any is open."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.followers: set[Follower] = set()
        self._lock = threading.Lock()
        self._stop_listening: Any = None

    def join(self, follower: Follower) -> None:
        with self._lock:
            self.followers.add(follower)
            if self._stop_listening is None:
                self._stop_listening = self.env.live.listen(self._dispatch)

    def leave(self, follower: Follower) -> None:
        with self._lock:
            self.followers.discard(follower)
            if not self.followers and self._stop_listening is not None:
                self._stop_listening()
                self._stop_listening = None

    def _dispatch(self, message: Message) -> None:
        with self._lock:
            followers = list(self.followers)
        for key, body in taiga_events(message):
            for follower in followers:
                follower.offer(key, body)


class EventsSocket:
    """The websocket endpoint."""

    def __init__(self, env: Environment, session_factory: Any) -> None:
        self.env, self.session_factory = env, session_factory
        self.hub = Hub(env)

    async def serve(self, websocket: WebSocket) -> None:
        await websocket.accept()
        follower = Follower()
        self.hub.join(follower)
        sending = asyncio.create_task(self._send(websocket, follower))
        try:
            while True:
                await self._obey(websocket, follower, await websocket.receive_text())
        except WebSocketDisconnect:
            pass
        finally:
            self.hub.leave(follower)
            sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sending

    async def _send(self, websocket: WebSocket, follower: Follower) -> None:
        while True:
            await websocket.send_text(await follower.outbox.get())

    async def _obey(self, websocket: WebSocket, follower: Follower, text: str) -> None:
        try:
            command = orjson.loads(text)
        except orjson.JSONDecodeError:
            return
        if not isinstance(command, dict):
            return
        cmd = command.get("cmd")
        if cmd == "ping":
            await follower.outbox.put('{"cmd":"pong"}')
        elif cmd == "auth" and isinstance(command.get("data"), dict):
            await self._authenticate(follower, command["data"])
        elif cmd == "subscribe" and isinstance(command.get("routing_key"), str) and follower.user_id is not None:
            options = command.get("options")
            self_too = isinstance(options, dict) and options.get("selfNotification") is True
            key = await self._granted_key(follower.user_id, command["routing_key"])
            if key is not None:
                follower.keys[key] = self_too
        elif cmd == "unsubscribe" and isinstance(command.get("routing_key"), str):
            follower.keys.pop(command["routing_key"], None)

    async def _authenticate(self, follower: Follower, data: dict[str, Any]) -> None:
        token, session_id = data.get("token"), data.get("sessionId")
        if not isinstance(token, str) or not isinstance(session_id, str) or not token or not session_id:
            return
        try:
            follower.user_id = await self._core(lambda ctx: live_followers.follower_of_token(ctx, token))
        except NotAuthenticated:
            return
        follower.session_id = session_id

    async def _granted_key(self, user_id: int, key: str) -> str | None:
        """The key the user may follow for the one asked (its own notifications), or None."""
        if key.startswith(USER_KEYS):
            return f"{key.split('.', 1)[0]}.{user_id}"
        if key == "notifications":
            return key
        found = PROJECT_KEY.match(key)
        if found is None:
            return None
        project_id = int(found.group(1))
        may = await self._core(lambda ctx: live_followers.may_follow(ctx, user_id, project_id))
        return key if may else None

    async def _core(self, work: Any) -> Any:
        return await call_core(self.env, self.session_factory, work)
