"""/ws/kanaele/<slug>/: one channel, live.

Client -> server frames (JSON objects with a "type"):
    {"type": "send", "client_id": "<8-64 of A-Za-z0-9_->", "body": "…", "reply_to": seq?}
    {"type": "edit", "seq": n, "body": "…"}      {"type": "delete", "seq": n}
    {"type": "react", "seq": n, "emoji": "👍"}    {"type": "pin", "seq": n, "pinned": true|false}
    {"type": "read", "seq": n}                   {"type": "typing"}
    {"type": "sync", "after": change, "until": change?}   {"type": "ping"}
Server -> client frames:
    {"type": "ready"|"access", "last_seq", "last_change", "can_post", "can_react", "can_moderate", "refusal",
     "refusal_message", "slow_mode", "locked", "archived", "user"}      on connect / when rights change
    {"type": "message", "seq", "change", "author", "mentions", "deleted", "pinned", "client_id", "html"}
    {"type": "ack", "client_id", "seq", "change", "duplicate"}          to the sender of a stored message
    {"type": "sync", "messages": [message frames], "cursor", "complete", "last_seq"}
    {"type": "typing", "user", "name"}   {"type": "presence", "count", "members": [{"id", "name"}]}
    {"type": "pong", "last_change"}      {"type": "error", "code", "message", ...}

Delivery: every message frame carries the channel's change number. The page applies changes in order, and
when it sees a jump (a frame lost in the layer), reconnects, or learns a higher number from "pong", it asks
for {"type": "sync", "after": <last applied>} and gets the current state of everything it missed.

Closing codes: 4401 not logged in (or logged out), 4403 may not read this channel (or not any more),
4404 no such channel. The page does not reconnect after these.

The consumer is thin: every action goes through access/posting/history/moderation, which the views use too.
Nothing a client sends can crash it: malformed and unknown frames get an error event, so does any failure.
"""

import asyncio
import json
import logging
import time
import uuid

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from home.live_groups import StickyGroups
from home.ratelimit import RateLimit

from . import fanout, history, posting, presence, rendering
from .access import access_for
from .broadcast import Outbox, channel_group, member_group, publish, session_group
from .errors import ChatError
from .models import Channel

logger = logging.getLogger(__name__)

CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404

# A message may have 4,000 characters; JSON escaping can make a frame up to six times longer than its text.
MAX_FRAME_CHARS = 32_000
TYPING_INTERVAL = 2.5  # seconds: at most one typing frame per socket in this time

# Every frame counts, so a runaway client is slowed down before it can load the server.
FRAME_LIMIT = RateLimit("chat-ws-frames", limit=300, period=60)

# Per worker process: channel id -> the task that will announce presence soon.
_presence_tasks: dict[int, asyncio.Task] = {}


class _RecentSyncs:
    """Answers to sync requests of the last second, per worker process. After a hiccup (a frame dropped for
    a whole worker, a worker restart) hundreds of pages ask for the same missed changes at once; the database
    is asked once. Safe: an answer's cursor only claims the changes it contains."""

    TTL = 1.0
    MAX = 256

    def __init__(self):
        self._answers: dict[tuple, tuple[float, str]] = {}

    def get(self, key) -> str | None:
        entry = self._answers.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def clear(self) -> None:
        self._answers.clear()

    def put(self, key, text: str) -> None:
        # Expired answers go at once, not only when the table is full: a sync answer can be tens of KB, and
        # 256 stale ones would stay in the worker's memory for good after a single burst.
        now = time.monotonic()
        self._answers = {k: v for k, v in self._answers.items() if v[0] >= now}
        if len(self._answers) < self.MAX:
            self._answers[key] = (now + self.TTL, text)

    def __len__(self) -> int:
        return len(self._answers)


_recent_syncs = _RecentSyncs()

# Tasks started for a single socket (re-reading its rights), kept referenced until they are done.
_background: set[asyncio.Task] = set()


def _int(value, minimum=0) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        return None
    return value


class ChannelConsumer(StickyGroups, AsyncWebsocketConsumer):
    user = None
    channel = None

    # --- Connecting ---------------------------------------------------------------------------------------------

    async def connect(self):
        self.socket_id = uuid.uuid4().hex[:12]
        self.language = self._language()
        self.last_typing = 0.0
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.accept()
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        slug = self.scope["url_route"]["kwargs"]["slug"]
        channel, access, display_name = await database_sync_to_async(self._load)(user, slug)
        if channel is None:
            await self.accept()
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if not access.can_read:
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user, self.channel, self.access, self.display_name = user, channel, access, display_name
        # The channel's group once per worker, fanned out here (fanout.py); this socket's own groups directly.
        self.fanout = fanout.for_layer(self.channel_layer)
        await self.fanout.join(channel_group(channel.pk), self)
        groups = [member_group(channel.pk, user.pk)]
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if session_key:
            groups.append(session_group(session_key))
        for group in groups:
            await self.join_group(group)
        await self.accept()
        await self._send_json(self._rights_frame("ready", access))
        await self._presence_touch()
        await self._schedule_presence()

    def _language(self) -> str:
        cookies = self.scope.get("cookies") or {}
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @staticmethod
    def _load(user, slug):
        channel = Channel.objects.filter(slug=slug).first()
        if channel is None:
            return None, None, ""
        return channel, access_for(user, channel), rendering.author_name(user)

    def _rights_frame(self, kind: str, access) -> dict:
        channel = access.channel
        with translation.override(self.language):
            refusal_message = access.refusal_message() if access.write_refusal else ""
        return {
            "type": kind,
            "user": self.user.pk,
            "last_seq": channel.last_seq,
            "last_change": channel.last_change,
            "can_post": access.can_post,
            "can_react": access.can_react,
            "can_moderate": access.can_moderate,
            "refusal": access.write_refusal,
            "refusal_message": refusal_message,
            "slow_mode": channel.slow_mode_seconds,
            "locked": channel.locked,
            "archived": channel.archived,
        }

    async def disconnect(self, code):
        await self.leave_groups()
        if self.channel is not None:
            await self.fanout.leave(channel_group(self.channel.pk), self)
            try:
                await sync_to_async(presence.store().leave, thread_sensitive=False)(
                    self.channel.pk, self.user.pk, self.socket_id
                )
                await self._schedule_presence()
            except Exception:  # presence is a courtesy; entries expire on their own
                logger.warning("Could not remove a presence entry", exc_info=True)

    # --- Receiving ----------------------------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.channel is None:
            return
        frame = None
        try:
            frame = self._parse(text_data, bytes_data)
            allowed = await sync_to_async(FRAME_LIMIT.hit, thread_sensitive=False)(self.user.pk)
            if not allowed.allowed:
                raise ChatError("rate_limited", retry_after=allowed.retry_after)
            handler = getattr(self, f"on_{frame['type']}", None) if frame["type"] in HANDLED else None
            if handler is None:
                raise _FrameError("unknown_type")
            await handler(frame)
        except _FrameError as error:
            await self._send_json(
                {"type": "error", "code": error.code, "message": self._frame_error_message(error.code)}
            )
        except ChatError as error:
            with translation.override(self.language):
                await self._send_json(error.frame(**_echo(frame)))
        except OSError:
            # The client went away while we answered (uvicorn's ClientDisconnected): nobody to tell.
            logger.debug("Socket closed during a chat frame", exc_info=True)
        except Exception:
            logger.exception("Chat frame failed in channel %s", getattr(self.channel, "pk", None))
            with translation.override(self.language):
                message = gettext("Something went wrong on our side. Please try again.")
            await self._send_json(
                {"type": "error", "code": "server_error", "message": message, **_echo(frame)}
            )

    def _parse(self, text_data, bytes_data) -> dict:
        if text_data is None:
            raise _FrameError("invalid_frame")
        if len(text_data) > MAX_FRAME_CHARS:
            raise _FrameError("frame_too_large")
        try:
            frame = json.loads(text_data)
        except ValueError as error:
            raise _FrameError("invalid_json") from error
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            raise _FrameError("invalid_frame")
        return frame

    def _frame_error_message(self, code: str) -> str:
        with translation.override(self.language):
            if code == "unknown_type":
                return gettext("The server does not know this kind of request.")
            if code == "frame_too_large":
                return gettext("The request is too large.")
            return gettext("The server could not read the request.")

    # --- Actions ----------------------------------------------------------------------------------------------

    async def on_ping(self, frame):
        await self._presence_touch()
        # channels-redis forgets group members after group_expiry, and all of them when Redis restarts.
        await self.keep_groups()
        last_change = await database_sync_to_async(self._last_change)()
        await self._send_json({"type": "pong", "last_change": last_change})

    def _last_change(self) -> int:
        return Channel.objects.filter(pk=self.channel.pk).values_list("last_change", flat=True).first() or 0

    async def on_sync(self, frame):
        after = _int(frame.get("after"))
        until = frame.get("until")
        if after is None or (until is not None and (_int(until) is None or until <= after)):
            raise _FrameError("invalid_frame")
        if not self.access.can_read:  # kept current by chat.access events; the answer may come from the cache
            raise ChatError("forbidden")
        key = (self.channel.pk, after, until, self.language)
        text = _recent_syncs.get(key)
        if text is None:
            text = await database_sync_to_async(self._changes_since)(after, until)
            _recent_syncs.put(key, text)
        await self.send(text_data=text)

    def _changes_since(self, after: int, until: int | None) -> str:
        access = access_for(self.user, self._fresh_channel())
        if not access.can_read:
            raise ChatError("forbidden")
        batch = history.changes_after(access.channel, after, until=until)
        slug = access.channel.slug
        with translation.override(self.language):
            messages = [rendering.live_frame(message, slug) for message in batch.messages]
        frame = {
            "type": "sync",
            "messages": messages,
            "cursor": batch.cursor,
            "complete": batch.complete,
            "last_seq": batch.last_seq,
        }
        return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))

    def _fresh_channel(self) -> Channel:
        channel = Channel.objects.filter(pk=self.channel.pk).first()
        if channel is None:
            raise ChatError("forbidden")
        return channel

    async def on_send(self, frame):
        client_id = frame.get("client_id")
        reply_to = frame.get("reply_to")
        result = await database_sync_to_async(self._post)(frame.get("body"), client_id, reply_to)
        message = result.message
        if result.created:
            await publish(result.outbox)
        else:
            # A retried send: stored before, perhaps never broadcast to this socket. Send it here, too.
            await self._send_json(await database_sync_to_async(self._message_frame)(message))
        await self._send_json(
            {
                "type": "ack",
                "client_id": client_id,
                "seq": message.seq,
                "change": message.change,
                "duplicate": not result.created,
            }
        )

    def _post(self, body, client_id, reply_to):
        return posting.post_message(self.user, self._fresh_channel(), body, client_id, reply_to)

    def _message_frame(self, message) -> dict:
        with translation.override(self.language):
            return rendering.live_frame(message, self.channel.slug)

    async def _run(self, function, *args):
        # The services lock and re-read the channel row themselves; they only need its id and slug.
        result = await database_sync_to_async(function)(self.user, self.channel, *args)
        if result.outbox.events:
            await publish(result.outbox)
        return result

    async def on_edit(self, frame):
        await self._run(posting.edit_message, frame.get("seq"), frame.get("body"))

    async def on_delete(self, frame):
        await self._run(posting.delete_message, frame.get("seq"))

    async def on_react(self, frame):
        await self._run(posting.toggle_reaction, frame.get("seq"), frame.get("emoji"))

    async def on_pin(self, frame):
        pinned = frame.get("pinned", True)
        if not isinstance(pinned, bool):
            raise _FrameError("invalid_frame")
        await self._run(posting.set_pinned, frame.get("seq"), pinned)

    async def on_read(self, frame):
        seq = _int(frame.get("seq"))
        if seq is None:
            raise _FrameError("invalid_frame")
        await database_sync_to_async(posting.mark_read)(self.user, self.channel, seq)

    async def on_typing(self, frame):
        now = time.monotonic()
        # Throttled per socket, and only from members who may write: a valid frame, quietly coalesced.
        if now - self.last_typing < TYPING_INTERVAL or not self.access.can_post:
            return
        self.last_typing = now
        payload = json.dumps(
            {"type": "typing", "user": self.user.pk, "name": self.display_name}, ensure_ascii=False
        )
        outbox = Outbox()
        outbox.frame(
            channel_group(self.channel.pk), {language: payload for language, _n in settings.LANGUAGES}
        )
        await publish(outbox)

    # --- Group events -------------------------------------------------------------------------------------------

    async def deliver(self, event):
        """An event of the channel's group, handed over by the worker's fan-out."""
        if event.get("type") == "chat.frame":
            await self.chat_frame(event)
        elif event.get("type") == "chat.access":
            # Re-reading rights asks the database: not on the fan-out's way to all the other sockets.
            task = asyncio.ensure_future(self._access_changed_safely(event))
            _background.add(task)
            task.add_done_callback(_background.discard)

    async def _access_changed_safely(self, event):
        try:
            await self.chat_access(event)
        except Exception:
            logger.warning("Could not re-read chat rights", exc_info=True)

    async def chat_frame(self, event):
        texts = event["texts"]
        await self.send(text_data=texts.get(self.language) or next(iter(texts.values())))

    async def chat_access(self, event):
        """The member's rights in this channel (or the channel's state) changed: re-read them."""
        if self.channel is None:
            return
        access = await database_sync_to_async(self._reload_access)()
        if access is None or not access.can_read:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.access, self.channel = access, access.channel
        await self._send_json(self._rights_frame("access", access))

    def _reload_access(self):
        channel = Channel.objects.filter(pk=self.channel.pk).first()
        if channel is None:
            return None
        return access_for(self.user, channel)

    async def chat_logout(self, event):
        await self.close(code=CLOSE_NOT_AUTHENTICATED)

    # --- Presence -----------------------------------------------------------------------------------------------

    async def _presence_touch(self):
        try:
            await sync_to_async(presence.store().touch, thread_sensitive=False)(
                self.channel.pk, self.user.pk, self.socket_id
            )
        except Exception:
            logger.warning("Could not record presence", exc_info=True)

    async def _schedule_presence(self):
        channel_id = self.channel.pk
        if presence.PRESENCE_INTERVAL <= 0:
            await announce_presence(self.channel_layer, channel_id, delay=0)
            return
        pending = _presence_tasks.get(channel_id)
        if pending is not None and not pending.done():
            return  # an announcement is already on its way and will include this change
        _presence_tasks[channel_id] = asyncio.ensure_future(
            announce_presence(self.channel_layer, channel_id, delay=presence.PRESENCE_INTERVAL)
        )

    async def _send_json(self, frame: dict):
        await self.send(text_data=json.dumps(frame, ensure_ascii=False, separators=(",", ":")))


HANDLED = frozenset({"ping", "sync", "send", "edit", "delete", "react", "pin", "read", "typing"})


class _FrameError(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def _echo(frame) -> dict:
    """Fields of the request the client needs to match an error to what it did."""
    if not isinstance(frame, dict):
        return {}
    echoed = {"request": frame.get("type")} if isinstance(frame.get("type"), str) else {}
    for key in ("client_id", "seq"):
        value = frame.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            echoed[key] = value
    return echoed


async def announce_presence(layer, channel_id: int, delay: float) -> None:
    try:
        if delay:
            await asyncio.sleep(delay)
        user_ids = await sync_to_async(presence.store().online, thread_sensitive=False)(channel_id)
        members = await database_sync_to_async(presence.names)(user_ids)
        payload = json.dumps(
            {"type": "presence", "count": len(user_ids), "members": members}, ensure_ascii=False
        )
        outbox = Outbox()
        outbox.frame(channel_group(channel_id), {language: payload for language, _n in settings.LANGUAGES})
        await publish(outbox)
    except Exception:
        logger.warning("Could not announce presence in channel %s", channel_id, exc_info=True)
    finally:
        task = _presence_tasks.get(channel_id)
        if task is not None and task is asyncio.current_task():
            del _presence_tasks[channel_id]
