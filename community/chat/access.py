"""Who may read, write, react in and moderate a channel: the one place that decides it.

The HTTP views and the WebSocket consumer both ask `access_for(user, channel)` before every action, with the
channel and the membership read fresh from the database, so a lock, a mute or a removal takes effect at once.

- Reading: every active member reads open, announcement and call channels; private channels only their
  members (by invitation). Editors and site moderators are moderators everywhere and read everything.
- Writing: not in archived channels; in locked channels, announcement channels and call channels outside the
  call's time only moderators; muted members not until the mute ends.
- Moderating: editors, site moderators and the channel's own moderators.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.members.roles import EDITORS, MODERATORS, is_moderator, roles_known

from .models import Channel, ChannelKind, Membership, MembershipRole

_UNSET = object()

# Why someone cannot write, as error codes (the same in HTTP and WebSocket answers) and sentences.
WRITE_REFUSALS = {
    "forbidden": _("You cannot read this channel."),
    "archived": _("This channel is archived: it can be read, but nobody can write in it."),
    "locked": _("The moderators have made this channel read-only for now."),
    "muted": _("You are muted in this channel until %(until)s."),
    "announcements_only": _("Only the moderators write in this announcement channel."),
    "call_not_open": _("This call channel is open for messages only while the call runs."),
}


@dataclass(frozen=True)
class ChannelAccess:
    channel: Channel
    membership: Membership | None
    can_read: bool
    can_moderate: bool
    write_refusal: str  # "" when the member may write
    react_refusal: str

    @property
    def can_post(self) -> bool:
        return self.can_read and not self.write_refusal

    @property
    def can_react(self) -> bool:
        return self.can_read and not self.react_refusal

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.joined

    @property
    def can_join(self) -> bool:
        return (
            self.can_read
            and not self.is_member
            and not self.channel.archived
            and self.channel.kind != ChannelKind.PRIVATE
        )

    @property
    def muted_until(self):
        membership = self.membership
        return membership.muted_until if membership is not None and membership.is_muted() else None

    def refusal_message(self, code: str | None = None) -> str:
        code = code or self.write_refusal
        message = WRITE_REFUSALS.get(code, WRITE_REFUSALS["forbidden"])
        if code == "muted" and self.muted_until:
            local = timezone.localtime(self.muted_until)
            return str(message) % {"until": local.strftime("%d.%m.%Y %H:%M")}
        return str(message)


def is_active_member(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def membership_of(user, channel) -> Membership | None:
    if not is_active_member(user):
        return None
    return Membership.objects.filter(channel=channel, user=user).first()


def access_for(user, channel: Channel, membership=_UNSET, now=None) -> ChannelAccess:
    """What `user` may do in `channel`. Pass `membership` when it is already loaded (None for none)."""
    if not is_active_member(user):
        return ChannelAccess(channel, None, False, False, "forbidden", "forbidden")
    if membership is _UNSET:
        membership = membership_of(user, channel)
    now = now or timezone.now()
    joined = membership is not None and membership.joined
    site_moderator = is_moderator(user)
    channel_moderator = joined and membership.role == MembershipRole.MODERATOR
    can_read = site_moderator or channel.kind != ChannelKind.PRIVATE or joined
    can_moderate = can_read and (site_moderator or channel_moderator)
    muted = membership is not None and membership.is_muted(now)

    def refusal(for_reactions: bool) -> str:
        if not can_read:
            return "forbidden"
        if channel.archived:
            return "archived"
        if can_moderate:
            return ""
        if channel.locked:
            return "locked"
        if muted:
            return "muted"
        if for_reactions:
            return ""  # members react to announcements and to closed calls' messages, too
        if channel.kind == ChannelKind.ANNOUNCEMENTS:
            return "announcements_only"
        if channel.kind == ChannelKind.CALL and not channel.call_is_open(now):
            return "call_not_open"
        return ""

    return ChannelAccess(
        channel=channel,
        membership=membership,
        can_read=can_read,
        can_moderate=can_moderate,
        write_refusal=refusal(False),
        react_refusal=refusal(True),
    )


def readable_channels(user):
    """The channels `user` may read (a queryset; archived ones included)."""
    if not is_active_member(user):
        return Channel.objects.none()
    if user.is_superuser or (roles_known(user) and is_moderator(user)):
        return Channel.objects.all()
    joined = Membership.objects.filter(channel=OuterRef("pk"), user=user, joined=True)
    # Moderators (editors, the group Moderation) read every channel. Asked inside the query, so that listings
    # (topic pages) cost no extra query for the member's roles when nothing else has asked for them yet.
    moderator = user.groups.through.objects.filter(user_id=user.pk, group__name__in=(EDITORS, MODERATORS))
    return Channel.objects.filter(~Q(kind=ChannelKind.PRIVATE) | Exists(joined) | Exists(moderator))


def can_follow_channel(user, channel) -> bool:
    """For the follow registry: only channels the member can read can be followed."""
    return access_for(user, channel).can_read
