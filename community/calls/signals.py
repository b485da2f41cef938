"""What happens when editors publish, unpublish or delete a call.

On every publication: the call's live channel is created or brought up to date (chat_channel.py) and free places
go to the waiting list (editors may have added places). On the first publication of a call that has not ended,
the followers of its topics hear of it. When minutes appear for the first time, the call's followers and its
participants hear of that. Announcements are remembered on the call's state (not in the page's revisions), so
each goes out once, whatever is published again later.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from home.text import plain_text

from .models import CallState, CommunityCallPage, Registration, RegistrationStatus

logger = logging.getLogger(__name__)
FOLLOW_KIND = "followed_content"


def _claim(call_id: int, field: str) -> bool:
    """Mark an announcement as made; True only for the one caller that marked it."""
    CallState.objects.get_or_create(call_id=call_id)
    return bool(
        CallState.objects.filter(call_id=call_id, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def announce_call(call: CommunityCallPage, revision=None) -> int:
    """Tell the followers of the call's topics about a new call (once, and only while it lies ahead)."""
    from community.notifications.api import notify_followers

    from .timefmt import when_text

    if call.is_past() or not _claim(call.pk, "announced_at"):
        return 0
    tags = list(call.tags.all())
    if not tags:
        return 0
    editor = getattr(revision, "user", None) if revision is not None else None
    with translation.override(settings.LANGUAGE_CODE):
        title = _("New community call: %(title)s, %(when)s") % {
            "title": call.title,
            "when": when_text(call.start_at, call.end_at),
        }
    return notify_followers(
        tags,
        FOLLOW_KIND,
        title,
        body=plain_text(call.summary),
        url=call.get_url() or "",
        exclude=[editor] if editor is not None else (),
    )


def announce_minutes(call: CommunityCallPage, revision=None) -> int:
    """The minutes are online: tell the call's followers and the members who were registered."""
    from community.notifications.api import notify, notify_followers

    if not call.has_minutes or not _claim(call.pk, "minutes_announced_at"):
        return 0
    editor = getattr(revision, "user", None) if revision is not None else None
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The minutes of “%(title)s” are online") % {"title": call.title}
    url = call.get_url() or ""
    url = f"{url}#protokoll" if url else ""
    excluded = {editor.pk} if editor is not None else set()
    participants = list(
        Registration.objects.filter(
            call_id=call.pk, status=RegistrationStatus.REGISTERED, user__is_active=True
        )
        .exclude(user_id__in=excluded)
        .select_related("user")
    )
    count = notify_followers(
        [call], FOLLOW_KIND, title, url=url, exclude=[*excluded, *(r.user_id for r in participants)]
    )
    for registration in participants:
        if notify(registration.user, FOLLOW_KIND, title, url=url, target=call):
            count += 1
    return count


def on_call_published(sender, instance, revision=None, **kwargs) -> None:
    from .chat_channel import sync_channel
    from .registration import fill_free_places

    call = instance
    if not call.live:
        return
    sync_channel(call)
    fill_free_places(call)
    announce_call(call, revision)
    announce_minutes(call, revision)


def on_call_deleted(sender, instance, **kwargs) -> None:
    from .chat_channel import archive_channel_of

    archive_channel_of(instance.pk)


def on_registration_deleted(sender, instance, **kwargs) -> None:
    """Registrations deleted with their member (outside privacy.py) leave the numbers right."""
    from .registration import recount

    call_id = instance.call_id
    transaction.on_commit(lambda: recount(call_id))


def connect() -> None:
    page_published.connect(on_call_published, sender=CommunityCallPage, dispatch_uid="calls-published")
    post_delete.connect(on_call_deleted, sender=CommunityCallPage, dispatch_uid="calls-deleted")
    post_delete.connect(
        on_registration_deleted, sender=Registration, dispatch_uid="calls-registration-deleted"
    )
