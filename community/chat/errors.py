"""The errors a chat action can end in: one code for machines (WebSocket error events, tests), one German
sentence for people (the same in the no-JavaScript form and in the live page)."""

from django.utils.translation import gettext_lazy as _

from .access import WRITE_REFUSALS

MESSAGES = {
    **WRITE_REFUSALS,
    "empty": _("Please write a message."),
    "too_long": _("A message may have at most %(limit)s characters; this one has %(length)s."),
    "rate_limited": _("You are writing very fast. Please wait %(seconds)s seconds."),
    "slow_mode": _("Slow mode is on in this channel: you can write again in %(seconds)s seconds."),
    "invalid_client_id": _("The message could not be sent. Please reload the page."),
    "client_id_reused": _("The message could not be sent. Please reload the page."),
    "not_found": _("This message does not exist (any more)."),
    "reply_not_found": _("The message you are replying to does not exist (any more)."),
    "not_author": _("You can only edit your own messages."),
    "deleted": _("This message was deleted."),
    "not_moderator": _("Only the channel's moderators can do that."),
    "invalid_emoji": _("Please choose one of the offered reactions."),
    "unchanged": _("The text is unchanged."),
}


class ChatError(Exception):
    """An action was refused. `code` for machines, `message` (translated when read) for people."""

    def __init__(self, code: str, *, retry_after: int | None = None, **params):
        self.code = code
        self.retry_after = retry_after
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, MESSAGES["forbidden"])
        params = dict(self.params)
        if self.retry_after is not None:
            params.setdefault("seconds", self.retry_after)
        text = str(template)
        return text % params if params and "%(" in text else text

    def frame(self, **extra) -> dict:
        """The WebSocket error event (the message in the language active when called)."""
        frame = {"type": "error", "code": self.code, "message": self.message, **extra}
        if self.retry_after is not None:
            frame["retry_after"] = self.retry_after
        return frame
