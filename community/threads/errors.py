"""The errors a discussion action can end in: a code for machines (WebSocket error events, tests) and one German
sentence for people, the same in the plain form and on the live page."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "forbidden": _("You cannot read this discussion."),
    "login_required": _("Please log in to take part in the discussion."),
    "not_found": _("This post does not exist (any more)."),
    "locked": _("The moderators have closed this discussion: nobody can write in it for now."),
    "empty": _("Please write a post."),
    "too_long": _("A post may have at most %(limit)s characters; this one has %(length)s."),
    "rate_limited": _("You are writing very fast. Please wait %(seconds)s seconds and send it again."),
    "invalid_client_id": _("The post could not be sent. Please copy your text and reload the page."),
    "client_id_reused": _("The post could not be sent. Please copy your text and reload the page."),
    "reply_not_found": _("The post you are replying to does not exist (any more)."),
    "not_author": _("You can only edit and delete your own posts."),
    "deleted": _("This post was deleted."),
    "hidden": _("The moderators have hidden this post."),
    "not_moderator": _("Only the moderators can do that."),
    "invalid_reaction": _("Please choose one of the offered reactions."),
    "unchanged": _("The text is unchanged."),
    "reason_required": _("Please give a reason; the author and the other moderators see it."),
    "reason_too_long": _("The reason may have at most %(limit)s characters."),
    "own_post": _("You cannot flag your own post; you can edit or delete it."),
    "already_flagged": _("You have already flagged this post. The moderators will look at it."),
    "flag_decided": _("Someone else has already decided on this flag."),
    "invalid_frame": _("The request could not be understood. Please reload the page."),
    "frame_too_large": _("The request is too large."),
    "unknown_type": _("The request could not be understood. Please reload the page."),
    "server_error": _("Something went wrong on our side. Please try again."),
}


class ThreadError(Exception):
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
