"""Archive channels nobody has written in for a long time: they stay readable, nobody can write any more, and
they move to the "Archiv" section of the channel list. Run it from the scheduler, e.g. monthly; idempotent."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from community.chat.broadcast import Outbox, publish_sync
from community.chat.models import Channel, ChannelKind


class Command(BaseCommand):
    help = "Archive discussion channels without a message for --days days (announcement channels excepted)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365, help="days without a message (default 365)")
        parser.add_argument("--dry-run", action="store_true", help="only list what would be archived")

    def handle(self, *args, days, dry_run, **options):
        if days < 30:
            self.stderr.write("--days must be at least 30.")
            return
        cutoff = timezone.now() - timedelta(days=days)
        stale = (
            Channel.objects.filter(archived=False)
            .exclude(kind=ChannelKind.ANNOUNCEMENTS)
            .filter(Q(last_message_at__lt=cutoff) | Q(last_message_at__isnull=True, created_at__lt=cutoff))
            .order_by("name")
        )
        channels = list(stale)
        for channel in channels:
            self.stdout.write(f"  {channel.name} (/kanaele/{channel.slug}/)")
        if dry_run:
            self.stdout.write(f"{len(channels)} Kanäle würden archiviert.")
            return
        Channel.objects.filter(pk__in=[c.pk for c in channels]).update(archived=True)
        outbox = Outbox()
        for channel in channels:
            outbox.channel_changed(channel.pk)  # open pages learn it at once
        publish_sync(outbox)
        self.stdout.write(self.style.SUCCESS(f"{len(channels)} Kanäle archiviert."))
