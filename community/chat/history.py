"""Reading: pages of a channel's history, what a client missed (by change number), the channel list with unread
counts and mention badges, pinned messages. Every function costs a fixed number of queries, however long the
history or the list."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .access import readable_channels
from .models import Channel, ChannelKind, Membership, Mention, Message

PAGE_SIZE = 50
SYNC_BATCH = 200
PINNED_SHOWN = 5


def messages_of(channel: Channel):
    return Message.objects.filter(channel=channel).select_related(
        "author__profile", "reply_to__author__profile"
    )


@dataclass
class HistoryWindow:
    """A contiguous stretch of the history: `messages` in order, and whether there is more before/after."""

    messages: list
    has_older: bool
    has_newer: bool

    @property
    def first_seq(self) -> int | None:
        return self.messages[0].seq if self.messages else None

    @property
    def last_seq(self) -> int | None:
        return self.messages[-1].seq if self.messages else None

    @property
    def is_latest(self) -> bool:
        return not self.has_newer


def latest(channel: Channel, size: int = PAGE_SIZE) -> HistoryWindow:
    rows = list(messages_of(channel).order_by("-seq")[: size + 1])
    return HistoryWindow(messages=rows[:size][::-1], has_older=len(rows) > size, has_newer=False)


def before(channel: Channel, seq: int, size: int = PAGE_SIZE) -> HistoryWindow:
    """The `size` messages before `seq` ("load older")."""
    rows = list(messages_of(channel).filter(seq__lt=seq).order_by("-seq")[: size + 1])
    return HistoryWindow(
        messages=rows[:size][::-1], has_older=len(rows) > size, has_newer=seq <= channel.last_seq
    )


def starting_at(channel: Channel, seq: int, size: int = PAGE_SIZE, context: int = 3) -> HistoryWindow:
    """A page that starts a few messages before `seq` (jump to the first unread message, or to a linked one)."""
    start = max(1, seq - context)
    rows = list(messages_of(channel).filter(seq__gte=start).order_by("seq")[: size + 1])
    window = rows[:size]
    return HistoryWindow(messages=window, has_older=start > 1, has_newer=len(rows) > size)


@dataclass
class SyncBatch:
    messages: list  # in seq order
    cursor: int  # every change up to here is in this batch or was before
    complete: bool
    last_seq: int


def changes_after(
    channel: Channel, after: int, limit: int = SYNC_BATCH, until: int | None = None
) -> SyncBatch:
    """The current state of every message changed after change number `after` (and, with `until`, whose latest
    change is at most `until`: a client that noticed a gap before a frame it holds asks only for the gap).

    The channel's counter is read first: every change up to it is committed (numbers are handed out under the
    channel lock and committed with the change), so a complete batch covers everything up to it. Messages
    changed meanwhile may come along with newer state; applying a message's state is idempotent on the client.
    A change in the asked range that a later change of the same message superseded is covered by that later
    change, which the client gets live or with its next sync.
    """
    counters = Channel.objects.filter(pk=channel.pk).values_list("last_change", "last_seq").first() or (0, 0)
    last_change, last_seq = counters
    rows = messages_of(channel).filter(change__gt=after)
    if until is not None:
        rows = rows.filter(change__lte=until)
    rows = list(rows.order_by("change")[: limit + 1])
    complete = len(rows) <= limit
    rows = rows[:limit]
    if not complete:
        cursor = rows[-1].change
    elif until is not None:
        cursor = max(after, min(until, last_change))
    else:
        cursor = max(last_change, after)
    return SyncBatch(
        messages=sorted(rows, key=lambda message: message.seq),
        cursor=cursor,
        complete=complete,
        last_seq=last_seq,
    )


def pinned(channel: Channel, limit: int = PINNED_SHOWN) -> list:
    return list(
        messages_of(channel)
        .filter(pinned_at__isnull=False, deleted_at__isnull=True)
        .order_by("-pinned_at", "-seq")[:limit]
    )


def channel_list(user):
    """The channels `user` may read, each annotated with `is_joined`, `read_seq`, `unread` and `mentions`
    (mentions of the member after their read position). One query, plus one for the tags."""
    membership = Membership.objects.filter(channel=OuterRef("pk"), user=user)
    unread_mentions = (
        Mention.objects.filter(channel=OuterRef("pk"), user=user, seq__gt=OuterRef("read_seq"))
        .order_by()
        .values("channel")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        readable_channels(user)
        .annotate(
            is_joined=Exists(membership.filter(joined=True)),
            read_seq=Coalesce(
                Subquery(membership.values("last_read_seq")[:1], output_field=IntegerField()), Value(0)
            ),
        )
        .annotate(mentions=Coalesce(Subquery(unread_mentions, output_field=IntegerField()), Value(0)))
        .prefetch_related("tags")
        .order_by("archived", "name")
    )


@dataclass
class ChannelRow:
    channel: Channel
    unread: int
    mentions: int
    joined: bool


def grouped_channel_list(user) -> dict[str, list[ChannelRow]]:
    """The channel list page: the member's channels, further channels to join, and archived ones."""
    groups = {"mine": [], "more": [], "archived": []}
    for channel in channel_list(user):
        unread = max(0, channel.last_seq - channel.read_seq) if channel.is_joined else 0
        row = ChannelRow(channel, unread, channel.mentions if channel.is_joined else 0, channel.is_joined)
        if channel.archived:
            groups["archived"].append(row)
        elif channel.is_joined:
            groups["mine"].append(row)
        else:
            groups["more"].append(row)
    return groups


def public_channels():
    """Channels every member can read (for the home page and region pages): not private, not archived."""
    return Channel.objects.filter(~Q(kind=ChannelKind.PRIVATE), archived=False)
