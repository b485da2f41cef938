"""/ws/diskussionen/<thread_id>/: one discussion, live.

Client -> server frames (JSON objects with a "type"):
    {"type": "post", "client_id": "<8-64 of A-Za-z0-9_->", "body": "…", "reply_to": post id?}
    {"type": "react", "post": id, "reaction": "hilfreich"|"danke"|"gute-idee"}
    {"type": "seen", "number": n}          the member has seen the discussion up to post number n
    {"type": "sync", "after": change}      {"type": "ping"}
Server -> client frames:
    {"type": "ready", "thread", "user", "last_change", "can_post", "can_moderate", "locked", "refusal",
     "refusal_message"}                                                   on connect and when rights change
    {"type": "post", "id", "number", "parent", "change", "author", "deleted", "hidden", "client_id", "html"}
    {"type": "state", "change", "locked", "lock_reason"}                 a moderator locked or unlocked
    {"type": "ack", "client_id", "id", "change", "url", "duplicate"}     to the sender of a stored post
    {"type": "reacted", "post", "reaction", "active"}                    to the member who reacted
    {"type": "sync", "posts": [post frames], "cursor", "complete", "locked", "lock_reason"}
    {"type": "pong", "last_change"}      {"type": "error", "code", "message", …}

Anonymous readers of a public discussion connect too (read only); members post and react. Rights are read
at connect and again for every action (the page may have been unpublished, the thread locked).

Delivery: every frame that changes something carries the thread's change number. The page applies changes in
order; when it sees a jump, reconnects, or learns a higher number from "pong", it asks for
{"type": "sync", "after": <last applied>} and gets the current state of everything it missed.

Closing codes: 4403 may not read this discussion (or not any more), 4404 no such discussion. The page does
not reconnect after these.
"""

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation

from community.members.visibility import MEMBERS, PUBLIC
from home.live_groups import StickyGroups
from home.ratelimit import RateLimit

from . import reading, rendering, services
from .broadcast import publish, thread_group
from .errors import ThreadError
from .models import Thread

logger = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404

# A post may have 10,000 characters; JSON escaping can make a frame up to six times longer than its text.
MAX_FRAME_CHARS = 64_000
# Every frame counts (per member, or per connection for anonymous readers), so a runaway client is slowed down.
FRAME_LIMIT = RateLimit("threads-ws-frames", limit=120, period=60)

HANDLED = frozenset({"post", "react", "seen", "sync", "ping"})


class _FrameError(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def _echo(frame) -> dict:
    """Fields of the request the client needs to match an error to what it did."""
    if not isinstance(frame, dict):
        return {}
    echoed = {"request": frame.get("type")} if isinstance(frame.get("type"), str) else {}
    for key in ("client_id", "post"):
        value = frame.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            echoed[key] = value
    return echoed


class ThreadConsumer(StickyGroups, AsyncWebsocketConsumer):
    thread = None
    user = None
    joined = False

    # --- Connecting ---------------------------------------------------------------------------------------------

    async def connect(self):
        self.language = self._language()
        user = self.scope.get("user")
        self.user = user if services.is_active_member(user) else None
        self.audience = str(MEMBERS if self.user is not None else PUBLIC)
        thread_id = self.scope["url_route"]["kwargs"]["thread_id"]
        thread, access = await database_sync_to_async(self._load)(thread_id)
        if thread is None:
            await self.accept()
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if not access.can_read:
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.thread, self.access = thread, access
        await self.join_group(thread_group(thread.pk))
        self.joined = True
        await self.accept()
        await self._send_json(self._rights_frame("ready", thread, access))

    async def disconnect(self, code):
        if self.joined:
            await self.leave_groups()
            self.joined = False

    def _language(self) -> str:
        cookies = self.scope.get("cookies") or {}
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def _session(self):
        return self.scope.get("session")

    def _load(self, thread_id):
        """The thread and what this socket's user may do in it, read fresh."""
        thread = Thread.objects.filter(pk=thread_id).first()
        if thread is None:
            return None, None
        target = services.target_of(thread)
        if target is None:
            return None, None
        return thread, services.access_for(self.user, target, thread, self._session())

    def _rights_frame(self, kind: str, thread, access) -> dict:
        with translation.override(self.language):
            from .errors import MESSAGES

            refusal_message = str(MESSAGES.get(access.refusal, "")) if access.refusal else ""
        return {
            "type": kind,
            "thread": thread.pk,
            "user": self.user.pk if self.user else None,
            "last_change": thread.last_change,
            "can_post": access.can_post,
            "can_moderate": access.can_moderate,
            "locked": thread.locked,
            "refusal": access.refusal,
            "refusal_message": refusal_message,
        }

    async def _send_json(self, frame: dict):
        await self.send(text_data=json.dumps(frame, ensure_ascii=False, separators=(",", ":")))

    # --- Receiving ----------------------------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.thread is None:
            return
        frame = None
        try:
            if text_data is None:
                raise _FrameError("invalid_frame")
            if len(text_data) > MAX_FRAME_CHARS:
                raise _FrameError("frame_too_large")
            limited = await database_sync_to_async(FRAME_LIMIT.hit)(self._limit_key())
            if not limited.allowed:
                raise ThreadError("rate_limited", retry_after=limited.retry_after)
            try:
                frame = json.loads(text_data)
            except ValueError as error:
                raise _FrameError("invalid_frame") from error
            if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
                raise _FrameError("invalid_frame")
            kind = frame["type"]
            if kind not in HANDLED:
                raise _FrameError("unknown_type")
            await getattr(self, f"on_{kind}")(frame)
        except _FrameError as error:
            await self._send_error(ThreadError(error.code), frame)
        except ThreadError as error:
            await self._send_error(error, frame)
        except Exception:
            logger.exception("A discussion frame failed")
            await self._send_error(ThreadError("server_error"), frame)

    def _limit_key(self) -> str:
        return f"user:{self.user.pk}" if self.user else f"socket:{self.channel_name}"

    async def _send_error(self, error: ThreadError, frame):
        with translation.override(self.language):
            payload = error.frame(**_echo(frame))
        await self._send_json(payload)

    async def _fresh_rights(self):
        """Read thread and rights again before an action; close the socket if the reader lost access."""
        thread, access = await database_sync_to_async(self._load)(self.thread.pk)
        if thread is None or not access.can_read:
            await self.close(code=CLOSE_FORBIDDEN if thread is not None else CLOSE_NOT_FOUND)
            raise ThreadError("forbidden")
        self.thread, self.access = thread, access
        return thread, access

    async def on_ping(self, frame):
        # channels-redis forgets group members after group_expiry, and all of them when Redis restarts.
        await self.keep_groups()
        last_change = await database_sync_to_async(
            lambda: Thread.objects.filter(pk=self.thread.pk).values_list("last_change", flat=True).first()
        )()
        await self._send_json({"type": "pong", "last_change": last_change or 0})

    async def on_sync(self, frame):
        after = frame.get("after")
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise _FrameError("invalid_frame")
        await self._fresh_rights()
        payload = await database_sync_to_async(self._sync_answer)(after)
        await self.send(text_data=payload)

    def _sync_answer(self, after: int) -> str:
        batch = reading.changes_after(self.thread, after)
        with translation.override(self.language):
            posts = [rendering.live_frame(post, self.audience) for post in batch.posts]
        return json.dumps(
            {
                "type": "sync",
                "posts": posts,
                "cursor": batch.cursor,
                "complete": batch.complete,
                "locked": batch.locked,
                "lock_reason": batch.lock_reason,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    async def on_post(self, frame):
        if self.user is None:
            raise ThreadError("login_required")
        _thread, access = await self._fresh_rights()
        if access.refusal:
            raise ThreadError(access.refusal)
        result = await database_sync_to_async(self._post)(
            frame.get("body"), frame.get("client_id"), frame.get("reply_to")
        )
        if result.outbox.events:
            await publish(result.outbox)
        post = result.post
        url = await database_sync_to_async(services.post_url)(post)
        await self._send_json(
            {
                "type": "ack",
                "client_id": post.client_id,
                "id": post.pk,
                "change": post.change,
                "url": url,
                "duplicate": not result.created,
            }
        )

    def _post(self, body, client_id, reply_to):
        target = services.target_of(self.thread)
        return services.post(self.user, target, body, client_id, reply_to, session=self._session())

    async def on_react(self, frame):
        if self.user is None:
            raise ThreadError("login_required")
        _thread, access = await self._fresh_rights()
        if access.refusal:
            raise ThreadError(access.refusal)
        post_id = services._id(frame.get("post"))
        if post_id is None:
            raise _FrameError("invalid_frame")
        result = await database_sync_to_async(services.toggle_reaction)(
            self.user, post_id, frame.get("reaction"), session=self._session()
        )
        if result.outbox.events:
            await publish(result.outbox)
        await self._send_json(
            {"type": "reacted", "post": post_id, "reaction": frame.get("reaction"), "active": result.active}
        )

    async def on_seen(self, frame):
        if self.user is None:
            return  # anonymous readers have no last visit to remember
        number = frame.get("number")
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise _FrameError("invalid_frame")
        await database_sync_to_async(services.mark_seen)(self.user, self.thread, number)

    # --- Group events -------------------------------------------------------------------------------------------

    async def threads_frame(self, event):
        texts = event["texts"]
        text = texts.get(f"{self.language}:{self.audience}") or texts.get(
            f"{settings.LANGUAGE_CODE}:{self.audience}"
        )
        if text is not None:
            await self.send(text_data=text)

    async def threads_rights(self, event):
        """Locked, unlocked, unpublished: tell the page what this reader may do now (or close)."""
        if self.thread is None:
            return
        thread, access = await database_sync_to_async(self._load)(self.thread.pk)
        if thread is None or not access.can_read:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.thread, self.access = thread, access
        await self._send_json(self._rights_frame("rights", thread, access))
